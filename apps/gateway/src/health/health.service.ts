import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { NatsConnection } from 'nats';
import type { Pool } from 'pg';

import { SERVICE_NAMES } from '@trafficshare/config';
import {
  probe,
  summarize,
  type ComponentStatus,
  type ReadinessReport,
} from '@trafficshare/observability';

import type { AppConfig } from '../config';
import { ServiceClients } from '../grpc-clients/grpc-clients.module';
import { GATEWAY_CONFIG, GATEWAY_NATS, GATEWAY_PG, GATEWAY_REDIS } from '../infra/tokens';

@Injectable()
export class HealthService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(GATEWAY_REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_NATS) private readonly nats: NatsConnection,
    @Inject(GATEWAY_PG) private readonly pg: Pool,
    private readonly clients: ServiceClients,
  ) {}

  private inflight: Promise<ReadinessReport> | undefined;
  private last: { at: number; report: ReadinessReport } | undefined;

  /**
   * Every service (grpc.health.v1) and Postgres, Redis, NATS, probed in parallel. Concurrent
   * callers share one probe round and its answer stays valid for READY_CACHE_MS, so a burst of
   * probes (several kubelets, load balancers, a scraper) never multiplies load on dependencies.
   */
  readiness(): Promise<ReadinessReport> {
    const fresh = this.last && Date.now() - this.last.at < this.config.READY_CACHE_MS;
    if (fresh) return Promise.resolve(this.last!.report);
    this.inflight ??= this.probeAll()
      .then((report) => {
        this.last = { at: Date.now(), report };
        return report;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  private async probeAll(): Promise<ReadinessReport> {
    const timeout = this.config.READY_CHECK_TIMEOUT_MS;
    const checks: Array<[string, () => Promise<unknown>]> = [
      ['postgres', () => this.pg.query('SELECT 1')],
      ['redis', () => this.redis.ping()],
      [
        'nats',
        () =>
          this.nats.isClosed() ? Promise.reject(new Error('connection closed')) : this.nats.flush(),
      ],
      ...SERVICE_NAMES.map((name): [string, () => Promise<unknown>] => [
        name,
        () => this.clients.health.get(name)!.check(timeout),
      ]),
    ];
    const results = await Promise.all(
      checks.map(async ([name, check]) => [name, await probe(check, timeout)] as const),
    );
    const components: Record<string, ComponentStatus> = Object.fromEntries(results);
    return summarize(components);
  }
}
