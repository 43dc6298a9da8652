import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { OutboxWriter } from '../common/outbox-writer';
import { DeviceRateLimiter } from './device-rate-limiter';
import { GroupCommitter } from './group-commit';
import { reconcileLive, type ReconcileTolerance } from './live-reconciler';
import { ReportBatchWriter } from './report-batch-writer';
import { countReports, type CountingOptions } from './report-counter';
import { freshReports, storedLookups } from './report-dedup';
import { reportResults } from './report-results';
import {
  applyRateLimits,
  applySessionChecks,
  invalidReport,
  openSessionIds,
  type Verdicts,
} from './report-verdicts';
import { reportMetrics } from './reports.metrics';
import { ReportsRepository } from './reports.repository';
import type { IncomingReport, ReportVerdict } from './incoming-report';

type Result = ReportVerdict;

/**
 * Report ingestion with group commit: reports arriving together (several gateway batches,
 * several replicas' worth) are validated, rate-limited, de-duplicated and written in ONE
 * transaction — report rows, session counters, daily rollup and one ReportsIngested outbox
 * event carrying every accepted report — and only then answered. A 2xx therefore means committed.
 *
 * A batch goes through five stages, each in its own file: verdicts (report-verdicts.ts) →
 * de-duplication (report-dedup.ts) → counting (report-counter.ts, by the rules of counting.ts)
 * → live reconciliation (live-reconciler.ts) → write (report-batch-writer.ts); then every
 * report gets its answer (report-results.ts). This is the hottest path: the stages work on
 * index arrays over the batch and add no query or await per report.
 */
@Injectable()
export class ReportsService implements OnModuleDestroy {
  private readonly committer: GroupCommitter<IncomingReport, Result>;
  private readonly counting: CountingOptions;
  private readonly tolerance: ReconcileTolerance;
  private readonly writer: ReportBatchWriter;
  private readonly rateLimitMessage: string;

  constructor(
    private readonly repo: ReportsRepository,
    private readonly limiter: DeviceRateLimiter,
    outbox: OutboxWriter,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.counting = {
      maxSpeedMbS: config.MAX_SPEED_MB_S,
      burstMb: config.COUNT_BURST_MB,
      maxReportMb: config.MAX_REPORT_MB,
      interruptionGapMs: config.INTERRUPTION_GAP_S * 1000,
    };
    this.tolerance = { pct: config.RECONCILE_TOLERANCE_PCT, mb: config.RECONCILE_TOLERANCE_MB };
    this.rateLimitMessage = `At most ${config.REPORTS_PER_MIN_PER_DEVICE} reports a minute per device and ${config.REPORTS_PER_MIN_PER_USER} per account`;
    this.writer = new ReportBatchWriter(repo, outbox, logger);
    this.committer = new GroupCommitter({
      maxBatch: config.REPORT_BATCH_MAX,
      waitMs: config.REPORT_BATCH_WAIT_MS,
      concurrency: config.REPORT_BATCH_CONCURRENCY,
      flush: (items) => this.flush(items),
    });
  }

  ingest(reports: readonly IncomingReport[]): Promise<Result[]> {
    return this.committer.submitAll(reports);
  }

  async onModuleDestroy(): Promise<void> {
    await this.committer.drain();
  }

  private async flush(items: readonly IncomingReport[]): Promise<Result[]> {
    const started = performance.now();
    const verdicts: Verdicts = items.map((r) => invalidReport(r, this.config.MAX_REPORT_MB));
    // The rate-limit round trip to Redis overlaps the transaction's first round trips.
    const limits = this.limiter.check(items.filter((_, i) => !verdicts[i]));
    for (let attempt = 1; ; attempt++) {
      try {
        const final = await this.repo.transaction((m) =>
          this.apply(m, items, [...verdicts], limits),
        );
        reportMetrics.batchSize.observe(items.length);
        reportMetrics.batchSeconds.observe((performance.now() - started) / 1000);
        for (const r of final)
          reportMetrics.reports.inc({
            outcome: r.outcome === 'rejected' ? r.errorCode : r.outcome,
          });
        return final;
      } catch (err) {
        // Deadlock or serialization failure: the whole batch rolled back; run it again once.
        const code = (err as { code?: string }).code;
        if (attempt < 3 && (code === '40P01' || code === '40001')) continue;
        this.logger.error({ err, reports: items.length }, 'report batch failed');
        reportMetrics.batchFailures.inc({ code: code ?? 'unknown' });
        throw err;
      }
    }
  }

  /** One attempt at the batch inside its transaction (`verdicts` is this attempt's copy). */
  private async apply(
    m: EntityManager,
    items: readonly IncomingReport[],
    verdicts: Verdicts,
    limits: Promise<Array<number | undefined>>,
  ): Promise<Result[]> {
    const now = new Date();
    // 1. Verdicts: rate limits (counted once, even when this transaction reruns), then the
    //    session checks against the locked rows.
    const rows = await this.repo.lockSessions(m, openSessionIds(items, verdicts));
    applyRateLimits(verdicts, await limits, this.rateLimitMessage);
    const sessions = new Map(rows.map((row) => [row.id, row]));
    applySessionChecks(items, verdicts, sessions);
    // 2. De-duplication: only sessions with gaps need the stored rows.
    const lookups = storedLookups(items, verdicts, sessions);
    const stored = await this.repo.existing(m, lookups.sessionIds, lookups.seqs);
    const fresh = freshReports(items, verdicts, sessions, stored);
    // 3. Counting.
    const batch = countReports(items, fresh, sessions, this.counting, now);
    // Clocks differ: a client ahead of the server counts as no delay.
    for (const { clientTimestamp: sent } of batch.rows)
      if (sent)
        reportMetrics.reportDelay.observe(Math.max(0, now.getTime() - sent.getTime()) / 1000);
    // 4. Live reconciliation.
    const mismatches = reconcileLive(batch.tallies.values(), this.tolerance);
    // 5. Write.
    await this.writer.write(m, batch, mismatches, now);
    return reportResults(items, verdicts, sessions, batch);
  }
}
