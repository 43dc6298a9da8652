import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { SERVICES } from '@trafficshare/config';
import type { telemetry } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import type { AppConfig } from '../config';
import { IncomeCrediterService } from './income-crediter.service';
import { IncomeRepository } from './income.repository';

export interface ReconcileResult {
  readonly ran: boolean;
  readonly sessions: number;
  readonly repairedSessions: number;
  readonly repairedReports: number;
}

const CURSOR = 'closed_sessions';
// Sessions closing around a run's boundary are looked at twice rather than missed.
const OVERLAP_MS = 10 * 60_000;

/**
 * Compares telemetry's closed sessions (authoritative server counts) with what was credited and
 * credits any report missing from credited_reports (JetStream is transport, not the record).
 * One replica at a time: a Postgres advisory lock on a dedicated connection; a dead replica's
 * lock goes with its connection.
 */
@Injectable()
export class ReconciliationService implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ReconcileResult> | undefined;
  private telemetryHandle: GrpcClientHandle<telemetry.TelemetryServiceClient> | undefined;
  private readonly ds: DataSource;
  private readonly config: AppConfig;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<AppConfig>,
    private readonly sql: LedgerSql,
    private readonly income: IncomeRepository,
    private readonly crediter: IncomeCrediterService,
  ) {
    this.ds = ctx.dataSource;
    this.config = ctx.config;
  }

  onModuleInit(): void {
    if (!this.config.RECONCILE_ENABLED) return;
    this.timer = setInterval(
      () => void this.runOnce().catch(() => undefined),
      this.config.RECONCILE_INTERVAL_MS,
    );
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.telemetryHandle?.close();
  }

  /** One pass (also what the timer runs); skipped when another replica holds the lock. */
  runOnce(now = new Date()): Promise<ReconcileResult> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private client() {
    this.telemetryHandle ??= createGrpcClient<telemetry.TelemetryServiceClient>(
      SERVICES['telemetry-svc'],
      {
        address: this.config.TELEMETRY_GRPC_URL,
        deadlineMs: 10_000,
      },
    );
    return this.telemetryHandle.client;
  }

  private async pass(now: Date): Promise<ReconcileResult> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    const lockKey = `${this.sql.schema}:reconcile`;
    try {
      const [{ locked }] = (await runner.query(
        'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
        [lockKey],
      )) as Array<{ locked: boolean }>;
      if (!locked) return { ran: false, sessions: 0, repairedSessions: 0, repairedReports: 0 };
      try {
        return await this.reconcile(now);
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
      }
    } catch (err) {
      this.ctx.logger.warn({ err: String(err) }, 'reconciliation pass failed; next pass retries');
      throw err;
    } finally {
      await runner.release();
    }
  }

  private async reconcile(now: Date): Promise<ReconcileResult> {
    const rows: Array<{ checked_until: Date }> = await this.ds.query(
      `SELECT checked_until FROM ${this.sql.t('reconciliation_cursors')} WHERE name = $1`,
      [CURSOR],
    );
    const until = new Date(now.getTime() - this.config.RECONCILE_GRACE_MS);
    const from = rows[0]
      ? new Date(rows[0].checked_until.getTime() - OVERLAP_MS)
      : new Date(now.getTime() - this.config.RECONCILE_LOOKBACK_MS);
    let after = '';
    let sessions = 0;
    let repairedSessions = 0;
    let repairedReports = 0;
    do {
      const page = await this.client().listClosedSessions({
        closedFrom: from.toISOString(),
        closedTo: until.toISOString(),
        limit: 500,
        afterSessionId: after,
      });
      sessions += page.sessions.length;
      const credited = await this.income.creditedBySession(
        this.ds.manager,
        page.sessions.map((s) => s.sessionId),
      );
      for (const s of page.sessions) {
        const c = credited.get(s.sessionId) ?? { milliMb: 0, count: 0 };
        if (c.count >= s.reportCount && c.milliMb >= s.serverCountedMilliMb) continue;
        const detail = await this.client().getSessionReports({ sessionId: s.sessionId });
        const summary = await this.ds.transaction((m) =>
          this.crediter.credit(
            m,
            detail.reports.map((r) => ({
              sessionId: s.sessionId,
              seq: r.seq,
              telegramId: detail.telegramId || s.telegramId,
              milliMb: r.deltaMilliMb,
              countedAt: new Date(r.countedAt),
            })),
            'reconciliation',
          ),
        );
        if (summary.reports > 0) {
          repairedSessions += 1;
          repairedReports += summary.reports;
          this.ctx.logger.warn(
            { sessionId: s.sessionId, telegramId: s.telegramId, reports: summary.reports },
            'reconciliation credited reports the event path missed',
          );
        }
      }
      after = page.nextAfterSessionId;
    } while (after);
    await this.ds.query(
      `INSERT INTO ${this.sql.t('reconciliation_cursors')} (name, checked_until, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET checked_until = greatest(reconciliation_cursors.checked_until, EXCLUDED.checked_until), updated_at = now()`,
      [CURSOR, until],
    );
    return { ran: true, sessions, repairedSessions, repairedReports };
  }
}
