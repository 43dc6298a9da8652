import { hostname } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { register } from 'prom-client';

import { appVersion } from '@trafficshare/config';
import { dlqStreamName, dlqSubject, dlqSubjectWildcard } from '@trafficshare/messaging';

import type { ServiceContext } from './service-context';
import { ServiceConsumers } from './service-consumers';
import { SERVICE_CONTEXT } from './tokens';

export interface ServiceInfo {
  service: string;
  version: string;
  schemaHead: string;
  outboxBacklog: number;
  uptimeS: number;
  eventLoopLagMs: number;
  dlqSize: number;
  schemaBytes: number;
  ready: boolean;
  instance: string;
  monitor: Record<string, number>;
}

/**
 * What the admin live monitor reads from each service's Describe: a name, the Prometheus metric
 * of this process and the label values summed. A service reports only the metrics it has.
 */
export const MONITOR_METRICS: Readonly<
  Record<string, { readonly metric: string; readonly labels?: Record<string, readonly string[]> }>
> = {
  filter_allowed_total: { metric: 'filter_requests_total', labels: { decision: ['allow'] } },
  filter_denied_total: { metric: 'filter_requests_total', labels: { decision: ['deny'] } },
  reports_accepted_total: { metric: 'telemetry_reports_total', labels: { outcome: ['accepted'] } },
  withdrawals_pending: {
    metric: 'payout_withdraws_by_status',
    labels: { status: ['reserving', 'pending', 'pending_manual_review'] },
  },
};

const PROBE_MS = 1_000;

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

/** This process's monitor metrics (counters and gauges), summed over the named label values. */
export async function monitorValues(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(MONITOR_METRICS)) {
    const metric = register.getSingleMetric(spec.metric);
    if (!metric) continue;
    const { values } = await metric.get();
    let sum = 0;
    for (const v of values) {
      const labels = v.labels as Record<string, string | number | undefined>;
      const match = Object.entries(spec.labels ?? {}).every(([k, allowed]) =>
        allowed.includes(String(labels[k] ?? '')),
      );
      if (match && Number.isFinite(v.value)) sum += v.value;
    }
    out[name] = sum;
  }
  return out;
}

/** Backs every service's Describe RPC (and the admin console's status page). */
@Injectable()
export class ServiceInfoService implements OnModuleDestroy {
  private readonly loop: IntervalHistogram;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly consumers: ServiceConsumers,
  ) {
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
  }

  onModuleDestroy(): void {
    this.loop.disable();
  }

  async describe(): Promise<ServiceInfo> {
    const [head, backlog, dlqSize, schemaBytes, ready, monitor] = await Promise.all([
      this.ctx.schemaHead(),
      this.ctx.outboxBacklog(),
      this.dlqSize().catch(() => -1),
      this.schemaBytes().catch(() => -1),
      this.ready(),
      monitorValues(),
    ]);
    // p99 since the previous Describe (reset after each read), nanoseconds → ms.
    const lag = this.loop.count > 0 ? this.loop.percentile(99) / 1e6 : 0;
    this.loop.reset();
    return {
      service: this.ctx.service.name,
      version: appVersion(),
      schemaHead: head ?? '',
      outboxBacklog: backlog,
      uptimeS: Math.floor(process.uptime()),
      eventLoopLagMs: Math.round(lag * 100) / 100,
      dlqSize,
      schemaBytes,
      ready,
      instance: `${hostname()}:${process.pid}`,
      monitor,
    };
  }

  /** Dead letters of this service's durables (one subject each in the DLQ stream). */
  private async dlqSize(): Promise<number> {
    const durables = this.consumers.durables;
    if (durables.length === 0) return 0;
    const jsm = await this.ctx.nats.jetstreamManager();
    const info = await within(
      jsm.streams.info(dlqStreamName(this.ctx.natsPrefix), {
        subjects_filter: dlqSubjectWildcard(this.ctx.natsPrefix),
      }),
      PROBE_MS,
    );
    const subjects = info.state.subjects ?? {};
    return durables.reduce((n, d) => n + (subjects[dlqSubject(this.ctx.natsPrefix, d)] ?? 0), 0);
  }

  /** Tables and indexes of the service's own schema. */
  private async schemaBytes(): Promise<number> {
    const rows: { bytes: string | null }[] = await within(
      this.ctx.dataSource.query(
        `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
        [this.ctx.schema],
      ),
      PROBE_MS,
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  private async ready(): Promise<boolean> {
    const probes = await Promise.allSettled([
      within(this.ctx.dataSource.query('SELECT 1'), PROBE_MS),
      within(this.ctx.nats.flush(), PROBE_MS),
      within(this.ctx.redis.ping(), PROBE_MS),
    ]);
    return probes.every((p) => p.status === 'fulfilled');
  }
}
