import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Redis } from 'ioredis';

import { monitorValues } from './service-info.service';
import type { ServiceContext } from './service-context';
import { SERVICE_CONTEXT } from './tokens';

/** Redis hash (under the platform's key prefix) of cluster-wide monitor counters. */
export const MONITOR_TOTALS_KEY = 'monitor:totals';
/** The cumulative counters the live monitor turns into rates, and the service that counts each
 *  (only its processes push it: several services may share one process in tests). */
export const MONITOR_TOTALS = [
  'filter_allowed_total',
  'filter_denied_total',
  'reports_accepted_total',
] as const;
export type MonitorTotal = (typeof MONITOR_TOTALS)[number];
export const MONITOR_TOTAL_OWNERS: Readonly<Record<MonitorTotal, string>> = {
  filter_allowed_total: 'filter-svc',
  filter_denied_total: 'filter-svc',
  reports_accepted_total: 'telemetry-svc',
};

const PUSH_MS = 1_000;

type TotalsRedis = Pick<Redis, 'hincrby' | 'hmget' | 'multi'>;

/**
 * Adds this process's growth of the monitor counters to cluster-wide totals in Redis (HINCRBY
 * of the delta once a second, and a last time on shutdown). A Prometheus counter belongs to one
 * process and a gRPC call reaches one replica, so the admin monitor reads these totals — the
 * sum over every replica — instead of one replica's counter.
 */
export class MonitorTotalsPusher {
  private readonly pushed = new Map<MonitorTotal, number>();

  constructor(
    private readonly redis: TotalsRedis,
    private readonly names: readonly MonitorTotal[],
    private readonly read: () => Promise<Record<string, number>> = monitorValues,
  ) {}

  /** Resolves with the deltas written (empty when nothing grew). */
  async push(): Promise<Partial<Record<MonitorTotal, number>>> {
    const values = await this.read();
    const deltas: Partial<Record<MonitorTotal, number>> = {};
    for (const name of this.names) {
      const value = values[name];
      if (value === undefined || !Number.isFinite(value)) continue;
      const before = this.pushed.get(name) ?? 0;
      // A counter below what was pushed was reset (a registry cleared in tests): from 0 again.
      const delta = Math.round(value >= before ? value - before : value);
      if (delta > 0) deltas[name] = delta;
    }
    const names = Object.keys(deltas) as MonitorTotal[];
    if (names.length === 0) return deltas;
    const tx = this.redis.multi();
    for (const name of names) tx.hincrby(MONITOR_TOTALS_KEY, name, deltas[name]!);
    await tx.exec();
    for (const name of names) this.pushed.set(name, Math.round(values[name]));
    return deltas;
  }
}

/** The cluster-wide totals (0 for a counter no replica has pushed yet). */
export async function readMonitorTotals(
  redis: Pick<Redis, 'hmget'>,
): Promise<Record<MonitorTotal, number>> {
  const values = await redis.hmget(MONITOR_TOTALS_KEY, ...MONITOR_TOTALS);
  return Object.fromEntries(MONITOR_TOTALS.map((n, i) => [n, Number(values[i] ?? 0)])) as Record<
    MonitorTotal,
    number
  >;
}

/** Runs the pusher in every service (a service without those counters pushes nothing). */
@Injectable()
export class MonitorTotalsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pusher: MonitorTotalsPusher | null;
  private timer: NodeJS.Timeout | undefined;
  private pushing: Promise<unknown> | null = null;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    const mine = MONITOR_TOTALS.filter((n) => MONITOR_TOTAL_OWNERS[n] === ctx.service.name);
    this.pusher = mine.length > 0 ? new MonitorTotalsPusher(ctx.redis, mine) : null;
  }

  onApplicationBootstrap(): void {
    if (!this.pusher) return;
    this.timer = setInterval(() => void this.push(), PUSH_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.pushing;
    await this.push();
  }

  private push(): Promise<unknown> {
    if (!this.pusher) return Promise.resolve();
    if (this.pushing) return this.pushing;
    this.pushing = this.pusher
      .push()
      .catch((err: unknown) => this.ctx.logger.debug({ err }, 'monitor totals push failed'))
      .finally(() => (this.pushing = null));
    return this.pushing;
  }
}
