import { hostname } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { Pool } from 'pg';

import { appVersion } from '@trafficshare/config';
import type { CallOptions } from '@trafficshare/grpc';
import { dlqStreamName, eventsStreamName } from '@trafficshare/messaging';

import type { AppConfig } from '../../config';
import { GATEWAY_CONFIG, GATEWAY_NATS, GATEWAY_PG } from '../../infra/tokens';
import {
  SettingsAuth,
  StatusFilter,
  StatusLedger,
  StatusNotify,
  StatusPayout,
  StatusTelemetry,
  type Described,
} from './admin-settings.clients';

const PART_DEADLINE_MS = 2_000;

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);

export interface AppDescribed {
  readonly app: string;
  readonly described: Described | null;
}

/**
 * Asks every service its Describe (version, uptime, readiness, lag, outbox, DLQ, schema size)
 * in parallel, each with its own deadline: a service that is down is reported, not fatal.
 * Shared by the status page and the live monitor.
 */
@Injectable()
export class PlatformStatus implements OnModuleDestroy {
  private readonly loop: IntervalHistogram;

  constructor(
    @Inject(SettingsAuth.token) private readonly auth: typeof SettingsAuth.type,
    @Inject(StatusLedger.token) private readonly ledger: typeof StatusLedger.type,
    @Inject(StatusTelemetry.token) private readonly telemetry: typeof StatusTelemetry.type,
    @Inject(StatusFilter.token) private readonly filter: typeof StatusFilter.type,
    @Inject(StatusPayout.token) private readonly payout: typeof StatusPayout.type,
    @Inject(StatusNotify.token) private readonly notify: typeof StatusNotify.type,
    @Inject(GATEWAY_CONFIG) private readonly config: AppConfig,
    @Inject(GATEWAY_NATS) private readonly nats: NatsConnection,
    @Inject(GATEWAY_PG) private readonly pg: Pool,
  ) {
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
  }

  onModuleDestroy(): void {
    this.loop.disable();
  }

  async describeAll(opts: CallOptions = { deadlineMs: PART_DEADLINE_MS }): Promise<AppDescribed[]> {
    const o = { ...opts, deadlineMs: opts.deadlineMs ?? PART_DEADLINE_MS };
    const calls: Array<[string, Promise<Described>]> = [
      ['auth-svc', this.auth.describe({}, o)],
      ['telemetry-svc', this.telemetry.describe({}, o)],
      ['filter-svc', this.filter.describe({}, o)],
      ['ledger-svc', this.ledger.describe({}, o)],
      ['payout-svc', this.payout.describe({}, o)],
      ['notify-svc', this.notify.describe({}, o)],
    ];
    const settled = await Promise.allSettled(calls.map(([, p]) => p));
    return settled.map((r, i) => ({
      app: calls[i][0],
      described: r.status === 'fulfilled' ? r.value : null,
    }));
  }

  gateway(): { version: string; instance: string; uptime_s: number; event_loop_lag_ms: number } {
    const lag = this.loop.count > 0 ? this.loop.percentile(99) / 1e6 : 0;
    this.loop.reset();
    return {
      version: appVersion(),
      instance: `${hostname()}:${process.pid}`,
      uptime_s: Math.floor(process.uptime()),
      event_loop_lag_ms: Math.round(lag * 100) / 100,
    };
  }

  async natsStatus(): Promise<{ ok: boolean; events: number | null; dlq: number | null }> {
    try {
      const jsm = await within(this.nats.jetstreamManager(), PART_DEADLINE_MS);
      const [events, dlq] = await Promise.all([
        within(jsm.streams.info(eventsStreamName(this.config.NATS_PREFIX)), PART_DEADLINE_MS),
        within(jsm.streams.info(dlqStreamName(this.config.NATS_PREFIX)), PART_DEADLINE_MS),
      ]);
      return { ok: true, events: events.state.messages, dlq: dlq.state.messages };
    } catch {
      return { ok: false, events: null, dlq: null };
    }
  }

  async postgresStatus(): Promise<{ ok: boolean; database_bytes: number | null }> {
    try {
      const r = await within(
        this.pg.query<{ bytes: string }>(
          'SELECT pg_database_size(current_database())::text AS bytes',
        ),
        PART_DEADLINE_MS,
      );
      return { ok: true, database_bytes: Number(r.rows[0]?.bytes ?? 0) };
    } catch {
      return { ok: false, database_bytes: null };
    }
  }
}
