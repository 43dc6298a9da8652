import type { ServiceDescriptor } from '@trafficshare/config';
import type { Outbox } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import type { DataSource } from 'typeorm';

/** Everything a running service shares with its feature modules. */
export interface ServiceContext<C = Record<string, unknown>> {
  readonly service: ServiceDescriptor;
  readonly schema: string;
  readonly natsPrefix: string;
  readonly config: C;
  readonly logger: Logger;
  readonly dataSource: DataSource;
  readonly nats: NatsConnection;
  readonly outbox: Outbox;
  readonly redis: Redis;
  /** Unpublished outbox rows (ops). */
  outboxBacklog(): Promise<number>;
  /** Newest applied migration. */
  schemaHead(): Promise<string | null>;
}
