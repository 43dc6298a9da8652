import type { EntityManager } from 'typeorm';

import type { OutboxEntry } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';

import type { OutboxWriter } from '../common/outbox-writer';
import type { CountedBatch, SessionTally } from './report-counter';
import { reportMetrics } from './reports.metrics';
import type { ReportsRepository } from './reports.repository';

/**
 * Stage 5 of a report batch — the write, inside the batch's transaction: the report rows, the
 * sessions' counters and the daily rollup in one statement, each new live mismatch, and the
 * outbox events — one ReportsIngested for the whole commit (the ledger credits each item once,
 * keyed (session, seq)), then one ReconciliationMismatch per session that turned `mismatch`.
 */
export class ReportBatchWriter {
  constructor(
    private readonly repo: ReportsRepository,
    private readonly outbox: OutboxWriter,
    private readonly logger: Logger,
  ) {}

  async write(
    m: EntityManager,
    batch: CountedBatch,
    mismatches: readonly SessionTally[],
    now: Date,
  ): Promise<void> {
    const events: OutboxEntry[] = [];
    if (batch.ingested.length > 0)
      events.push({
        type: 'ReportsIngested',
        message: { reports: batch.ingested },
        occurredAt: now,
      });
    await this.repo.writeBatch(m, batch.rows, [...batch.tallies.values()], batch.daily, now);
    for (const t of mismatches) {
      const telegramId = Number(t.row.telegram_id);
      const missing = Math.max(0, t.maxSeq - t.reportCount);
      // A session flagged, cleared and flagged again is reported once (its first row stands).
      const first = await this.repo.recordMismatch(m, {
        sessionId: t.id,
        phase: 'live',
        telegramId,
        client: t.localCounted,
        server: t.serverCounted,
        missing,
        at: now,
      });
      if (!first) continue;
      events.push({
        type: 'ReconciliationMismatch',
        message: {
          sessionId: t.id,
          telegramId,
          deviceId: t.row.device_id,
          phase: 'live',
          clientMilliMb: t.localCounted,
          serverMilliMb: t.serverCounted,
          differenceMilliMb: t.mismatchMilliMb,
          missingReports: missing,
          detectedAt: now.toISOString(),
        },
      });
      this.logger.warn(
        { sessionId: t.id, differenceMilliMb: t.mismatchMilliMb },
        'reconciliation mismatch (live)',
      );
      reportMetrics.mismatches.inc({ phase: 'live' });
    }
    await this.outbox.addMany(m, events);
  }
}
