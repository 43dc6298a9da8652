import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import type { Pool } from 'pg';

import type { Logger } from '@trafficshare/observability';

import type { AppConfig } from '../config';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_NATS, GATEWAY_PG, GATEWAY_REDIS } from './tokens';

export interface GatewayInfra {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly redis: Redis;
  readonly nats: NatsConnection;
  /** Used only to tell readiness whether Postgres answers; the gateway owns no tables. */
  readonly pg: Pool;
}

@Global()
@Module({})
export class InfraModule {
  static forInfra(infra: GatewayInfra): DynamicModule {
    const providers = [
      { provide: GATEWAY_CONFIG, useValue: infra.config },
      { provide: GATEWAY_LOGGER, useValue: infra.logger },
      { provide: GATEWAY_REDIS, useValue: infra.redis },
      { provide: GATEWAY_NATS, useValue: infra.nats },
      { provide: GATEWAY_PG, useValue: infra.pg },
    ];
    return { module: InfraModule, providers, exports: providers.map((p) => p.provide) };
  }
}
