import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { internalContract } from '@trafficshare/config';
import type { telemetryInternal } from '@trafficshare/contracts';
import { createGrpcClient, type GrpcClientHandle } from '@trafficshare/grpc';
import { userId } from '@trafficshare/identity';
import {
  JobSchedules,
  Periodic,
  SERVICE_CONTEXT,
  type ServiceContext,
} from '@trafficshare/service-kit';

import { LedgerTransactions } from '../common/ledger-transactions';
import type { AppConfig } from '../config';
import { IncomeCrediterService } from './income-crediter.service';
import { IncomeRepository } from './income.repository';
import { ReconciliationRepository } from './reconciliation.repository';

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
  private readonly periodic: Periodic;
  private running: Promise<ReconcileResult> | undefined;
  private telemetryHandle:
    GrpcClientHandle<telemetryInternal.TelemetryInternalServiceClient> | undefined;
  private readonly config: AppConfig;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<AppConfig>,
    private readonly tx: LedgerTransactions,
    private readonly income: IncomeRepository,
    private readonly state: ReconciliationRepository,
    private readonly crediter: IncomeCrediterService,
    schedules: JobSchedules,
  ) {
    this.config = ctx.config;
    this.periodic = new Periodic(
      () => this.runOnce(),
      this.config.RECONCILE_INTERVAL_MS,
      () => undefined,
    );
    // The `cron` system setting may change the interval at run time.
    schedules.register('ledger_reconciliation', this.periodic);
  }

  onModuleInit(): void {
    if (!this.config.RECONCILE_ENABLED) return;
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
    await this.running?.catch(() => undefined);
    this.telemetryHandle?.close();
  }

  /** One pass (also what the timer runs); skipped when another replica holds the lock. */
  runOnce(now = new Date()): Promise<ReconcileResult> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private client() {
    // TelemetryInternalService: reads across every user's sessions, for services only.
    this.telemetryHandle ??= createGrpcClient<telemetryInternal.TelemetryInternalServiceClient>(
      internalContract('telemetry-svc'),
      {
        address: this.config.TELEMETRY_GRPC_URL,
        deadlineMs: 10_000,
      },
    );
    return this.telemetryHandle.client;
  }

  private async pass(now: Date): Promise<ReconcileResult> {
    try {
      const result = await this.state.withLock('reconcile', () => this.reconcile(now));
      return result ?? { ran: false, sessions: 0, repairedSessions: 0, repairedReports: 0 };
    } catch (err) {
      this.ctx.logger.warn({ err: String(err) }, 'reconciliation pass failed; next pass retries');
      throw err;
    }
  }

  private async reconcile(now: Date): Promise<ReconcileResult> {
    const checked = await this.state.checkedUntil(CURSOR);
    const until = new Date(now.getTime() - this.config.RECONCILE_GRACE_MS);
    const from = checked
      ? new Date(checked.getTime() - OVERLAP_MS)
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
      const credited = await this.income.creditedBySession(page.sessions.map((s) => s.sessionId));
      for (const s of page.sessions) {
        const c = credited.get(s.sessionId) ?? { milliMb: 0, count: 0 };
        if (c.count >= s.reportCount && c.milliMb >= s.serverCountedMilliMb) continue;
        const detail = await this.client().getSessionReports({ sessionId: s.sessionId });
        const owner = userId(detail.telegramId || s.telegramId);
        const summary = await this.tx.run((t) =>
          this.crediter.credit(
            t,
            detail.reports.map((r) => ({
              sessionId: s.sessionId,
              seq: r.seq,
              telegramId: owner,
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
    await this.state.advance(CURSOR, until);
    return { ran: true, sessions, repairedSessions, repairedReports };
  }
}
