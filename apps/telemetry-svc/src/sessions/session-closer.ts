import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { userId } from '@trafficshare/identity';
import type { OutboxEntry } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import { durationS, missingReports, type SessionRow } from '../common/session-row';
import { earningsMicroUsd, milliToMb, toleranceMilliMb, utcDay } from '../common/units';
import type { AppConfig } from '../config';
import { EarningsRepository } from '../earnings/earnings.repository';
import { LivePublisher } from '../live/live-publisher';
import { OutboxWriter } from '../common/outbox-writer';
import { reportMetrics } from '../reports/reports.metrics';
import { ReportsRepository } from '../reports/reports.repository';
import { SessionsRepository } from './sessions.repository';
import { IpRelease } from './ip-release';

/**
 * Closing a session (STOP or timeout): final reconciliation (client total vs server count
 * beyond max(1 %, 5 MB) → recorded + ReconciliationMismatch), duration, estimated earnings,
 * SessionStopped — all in the caller's transaction; then, after commit, the IP is released at
 * filter-svc and the user's live stream gets the final `session_status`.
 */
@Injectable()
export class SessionCloser {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly reports: ReportsRepository,
    private readonly earnings: EarningsRepository,
    private readonly outbox: OutboxWriter,
    private readonly live: LivePublisher,
    private readonly ip: IpRelease,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The price per GB for an estimate of sessions ending now (undefined: no price seen yet). */
  priceNow(now: Date): Promise<number | undefined> {
    return this.earnings.priceOn(utcDay(now)).catch(() => undefined);
  }

  async close(
    m: EntityManager,
    row: SessionRow,
    how: {
      status: 'completed' | 'failed';
      reason: 'user' | 'timeout';
      now: Date;
      clientFinal?: number;
      price?: number;
    },
  ): Promise<SessionRow> {
    const server = Number(row.server_counted_milli_mb);
    const client = how.clientFinal ?? Number(row.local_counted_milli_mb);
    const diff = client - server;
    const missing = missingReports(row);
    const tol = toleranceMilliMb(
      client,
      this.config.RECONCILE_TOLERANCE_PCT,
      this.config.RECONCILE_TOLERANCE_MB,
    );
    const mismatch = Math.abs(diff) > tol;
    const endedAt = how.now;
    const closed = await this.sessions.close(m, row.id, {
      status: how.status,
      endedAt,
      stopReason: how.reason,
      localCounted: client,
      durationS: durationS({ ...row, ended_at: endedAt }),
      // The final comparison decides: a live flag whose counts agree at the end is resolved.
      reconciliationStatus: mismatch ? 'mismatch' : 'ok',
      mismatchMilliMb: mismatch ? diff : 0,
      earnedMicroUsd: how.price === undefined ? null : earningsMicroUsd(server, how.price),
    });
    const telegramId = userId(Number(row.telegram_id));
    const events: OutboxEntry[] = [
      {
        type: 'SessionStopped',
        message: {
          sessionId: row.id,
          telegramId,
          deviceId: row.device_id,
          status: how.status,
          serverCountedMilliMb: server,
          durationS: closed.duration_s ?? 0,
          stoppedAt: endedAt.toISOString(),
        },
        occurredAt: endedAt,
      },
    ];
    if (mismatch) {
      await this.reports.recordMismatch(m, {
        sessionId: row.id,
        phase: 'final',
        telegramId,
        client,
        server,
        missing,
        at: endedAt,
      });
      events.push({
        type: 'ReconciliationMismatch',
        message: {
          sessionId: row.id,
          telegramId,
          deviceId: row.device_id,
          phase: 'final',
          clientMilliMb: client,
          serverMilliMb: server,
          differenceMilliMb: diff,
          missingReports: missing,
          detectedAt: endedAt.toISOString(),
        },
      });
      reportMetrics.mismatches.inc({ phase: 'final' });
      this.logger.warn(
        { sessionId: row.id, differenceMilliMb: diff, missing },
        'reconciliation mismatch (final)',
      );
    }
    await this.outbox.addMany(m, events);
    reportMetrics.sessions.inc({ event: how.status });
    return closed;
  }

  /** After the commit: free the IP claim and end the user's live stream for the session. */
  async afterClose(row: SessionRow): Promise<void> {
    const telegramId = userId(Number(row.telegram_id));
    await Promise.all([
      this.ip.release({ deviceId: row.device_id, telegramId, sessionId: row.id }, 'session_end'),
      this.live.publish(telegramId, {
        type: 'session_status',
        data: {
          session_id: row.id,
          status: row.status,
          used_mb: milliToMb(Number(row.server_counted_milli_mb)),
          duration_s: row.duration_s,
          stop_reason: row.stop_reason,
          final: true,
        },
      }),
    ]);
  }
}
