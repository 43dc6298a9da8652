import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { events } from '@trafficshare/contracts';
import type { OutboxEntry } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER } from '@trafficshare/service-kit';

import { missingReports } from '../common/session-row';
import { kindOf, TelemetryErrorCode } from '../common/telemetry.exception';
import { toleranceMilliMb, utcDay } from '../common/units';
import type { AppConfig } from '../config';
import { OutboxWriter } from '../common/outbox-writer';
import { countReport, sessionBudgetMilliMb, type CountingRules } from './counting';
import { DeviceRateLimiter } from './device-rate-limiter';
import { GroupCommitter } from './group-commit';
import type { IncomingReport, ReportVerdict } from './incoming-report';
import { reportMetrics } from './reports.metrics';
import {
  ReportsRepository,
  type DailyIncrement,
  type NewReportRow,
  type ReportSessionRow,
  type SessionCounters,
} from './reports.repository';

type Result = ReportVerdict;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function rejected(code: TelemetryErrorCode, message: string, retryAfterS = 0): Result {
  return {
    outcome: 'rejected',
    errorCode: code,
    errorKind: kindOf(code),
    errorMessage: message,
    countedMilliMb: 0,
    sessionCountedMilliMb: 0,
    reportCount: 0,
    missingReports: 0,
    mismatch: false,
    retryAfterS,
  };
}

/** Mutable per-session state while a batch is applied. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
interface Working extends Mutable<Omit<SessionCounters, 'id'>> {
  readonly row: ReportSessionRow;
  touched: boolean;
  newMismatch: boolean;
}

/**
 * Report ingestion with group commit: reports arriving together (several gateway batches,
 * several replicas' worth) are validated, rate-limited, de-duplicated and written in ONE
 * transaction — report rows, session counters, daily rollup and one ReportsIngested outbox
 * event carrying every accepted report — and only then answered. A 2xx therefore means committed.
 */
@Injectable()
export class ReportsService implements OnModuleDestroy {
  private readonly committer: GroupCommitter<IncomingReport, Result>;
  private readonly rules: CountingRules;

  constructor(
    private readonly repo: ReportsRepository,
    private readonly limiter: DeviceRateLimiter,
    private readonly outbox: OutboxWriter,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.rules = {
      maxSpeedMbS: config.MAX_SPEED_MB_S,
      burstMb: config.COUNT_BURST_MB,
      maxReportMb: config.MAX_REPORT_MB,
    };
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
    const results: Array<Result | undefined> = items.map((r) => this.invalid(r));
    // The rate-limit round trip to Redis overlaps the transaction's first round trips.
    const limits = this.limiter.check(items.filter((_, i) => !results[i]));
    for (let attempt = 1; ; attempt++) {
      try {
        const final = await this.repo.transaction((m) =>
          this.apply(m, items, [...results], limits),
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

  private invalid(r: IncomingReport): Result | undefined {
    const bad = (why: string) => rejected(TelemetryErrorCode.InvalidReport, why);
    if (!UUID.test(r.sessionId))
      return rejected(TelemetryErrorCode.SessionNotFound, 'No such session for this user');
    if (!Number.isSafeInteger(r.seq) || r.seq < 1) return bad('seq must be a positive integer');
    if (r.deltaMilliMb < 0 || r.cumulativeMilliMb < 0 || r.speedMilliMbS < 0)
      return bad('MB and speed cannot be negative');
    if (r.deltaMilliMb > this.config.MAX_REPORT_MB * 1000)
      return bad(`delta_mb above ${this.config.MAX_REPORT_MB} MB`);
    if (!r.deviceId) return bad('device_id is required');
    return undefined;
  }

  private async apply(
    m: EntityManager,
    items: readonly IncomingReport[],
    results: Array<Result | undefined>,
    limits: Promise<Array<number | undefined>>,
  ): Promise<Result[]> {
    const now = new Date();
    const live = items.filter((_, i) => !results[i]);
    const rows = await this.repo.lockSessions(m, [...new Set(live.map((r) => r.sessionId))]);
    // One verdict per valid report, in order (counted once, even when this transaction reruns).
    const waits = await limits;
    let k = 0;
    items.forEach((_, i) => {
      if (results[i]) return;
      const wait = waits[k++];
      if (wait !== undefined)
        results[i] = rejected(
          TelemetryErrorCode.RateLimited,
          `At most ${this.config.REPORTS_PER_MIN_PER_DEVICE} reports a minute per device and ${this.config.REPORTS_PER_MIN_PER_USER} per account`,
          wait,
        );
    });
    const sessions = new Map(rows.map((row) => [row.id, row]));
    // Session checks: owner (someone else's session answers as missing), device, still open.
    items.forEach((r, i) => {
      if (results[i]) return;
      const s = sessions.get(r.sessionId);
      if (!s || Number(s.telegram_id) !== r.telegramId)
        results[i] = rejected(TelemetryErrorCode.SessionNotFound, 'No such session for this user');
      else if (s.device_id !== r.deviceId)
        results[i] = rejected(
          TelemetryErrorCode.DeviceMismatch,
          'The session belongs to another device',
        );
      else if (s.status !== 'active')
        results[i] = {
          ...rejected(TelemetryErrorCode.SessionClosed, `The session is already ${s.status}`),
        };
    });
    const candidates = items.map((r, i) => (results[i] ? undefined : r));
    const keyOf = (r: IncomingReport) => `${r.sessionId}:${r.seq}`;
    // A session without gaps (report_count = max_seq) holds exactly seqs 1..max_seq, and max_seq
    // is always stored: only reports below max_seq of sessions with gaps need the stored rows.
    const needsLookup = (r: IncomingReport): boolean => {
      const s = sessions.get(r.sessionId)!;
      return r.seq < Number(s.max_seq) && s.report_count < Number(s.max_seq);
    };
    const ambiguous = candidates.filter(
      (r): r is IncomingReport => r !== undefined && needsLookup(r),
    );
    const stored = await this.repo.existing(
      m,
      ambiguous.map((r) => r.sessionId),
      ambiguous.map((r) => r.seq),
    );
    const isStored = (r: IncomingReport): boolean =>
      needsLookup(r) ? stored.has(keyOf(r)) : r.seq <= Number(sessions.get(r.sessionId)!.max_seq);

    const working = new Map<string, Working>();
    const work = (row: ReportSessionRow): Working => {
      let w = working.get(row.id);
      if (!w) {
        w = {
          row,
          serverCounted: Number(row.server_counted_milli_mb),
          reported: Number(row.reported_milli_mb),
          localCounted: Number(row.local_counted_milli_mb),
          reportCount: row.report_count,
          maxSeq: Number(row.max_seq),
          lastSpeed: Number(row.last_speed_milli_mb_s),
          speedSum: row.speed_sum,
          speedSqSum: row.speed_sq_sum,
          interruptions: row.interruptions,
          reconciliationStatus: row.reconciliation_status,
          mismatchMilliMb: Number(row.mismatch_milli_mb),
          touched: false,
          newMismatch: false,
        };
        // A long silence before this batch is an interruption (quality score).
        const last = row.last_report_at ?? row.started_at;
        if (now.getTime() - last.getTime() > this.config.INTERRUPTION_GAP_S * 1000)
          w.interruptions += 1;
        working.set(row.id, w);
      }
      return w;
    };

    const fresh: NewReportRow[] = [];
    const firstOfKey = new Map<string, number>();
    const daily = new Map<string, DailyIncrement>();
    const ingested: events.ReportIngested[] = [];
    const outboxEvents: OutboxEntry[] = [];
    const day = utcDay(now);
    const countedAt = now.toISOString();
    // Oldest seq first inside a session, so the budget is spent in the client's order.
    const order = candidates
      .map((r, i) => ({ r, i }))
      .filter((x): x is { r: IncomingReport; i: number } => x.r !== undefined)
      .sort((a, b) => a.r.sessionId.localeCompare(b.r.sessionId) || a.r.seq - b.r.seq);
    for (const { r, i } of order) {
      const key = keyOf(r);
      if (firstOfKey.has(key) || isStored(r)) continue; // duplicate: answered below
      firstOfKey.set(key, i);
      const w = work(sessions.get(r.sessionId)!);
      const budget = sessionBudgetMilliMb(this.rules, w.row.started_at, now);
      const counted = countReport(this.rules, r.deltaMilliMb, budget, w.serverCounted);
      w.touched = true;
      w.serverCounted += counted;
      w.reported += r.deltaMilliMb;
      w.reportCount += 1;
      if (r.seq > w.maxSeq) {
        w.maxSeq = r.seq;
        w.localCounted = r.cumulativeMilliMb;
        w.lastSpeed = r.speedMilliMbS;
      }
      const speed = r.speedMilliMbS / 1000;
      const clientTimestamp = parseTime(r.clientTimestamp);
      w.speedSum += speed;
      w.speedSqSum += speed * speed;
      fresh.push({
        sessionId: r.sessionId,
        seq: r.seq,
        telegramId: r.telegramId,
        deltaMilliMb: r.deltaMilliMb,
        countedMilliMb: counted,
        cumulativeMilliMb: r.cumulativeMilliMb,
        speedMilliMbS: r.speedMilliMbS,
        batteryLevel: r.batteryLevel >= 0 && r.batteryLevel <= 100 ? r.batteryLevel : null,
        networkType: r.networkType.slice(0, 16),
        clientTimestamp,
      });
      // Clocks differ: a client ahead of the server counts as no delay.
      if (clientTimestamp)
        reportMetrics.reportDelay.observe(
          Math.max(0, now.getTime() - clientTimestamp.getTime()) / 1000,
        );
      const d = daily.get(`${r.telegramId}`) ?? {
        telegramId: r.telegramId,
        day,
        milliMb: 0,
        reports: 0,
      };
      daily.set(`${r.telegramId}`, { ...d, milliMb: d.milliMb + counted, reports: d.reports + 1 });
      ingested.push({
        sessionId: r.sessionId,
        telegramId: r.telegramId,
        deviceId: r.deviceId,
        seq: r.seq,
        deltaMilliMb: counted,
        countedAt,
      });
    }
    // One event for the whole commit: the ledger credits each item once, keyed (session, seq).
    if (ingested.length > 0)
      outboxEvents.push({
        type: 'ReportsIngested',
        message: { reports: ingested },
        occurredAt: now,
      });

    // Live reconciliation: only a gap-free session can be compared (a late report is not a loss).
    for (const w of working.values()) {
      if (w.reconciliationStatus !== 'ok' || w.reportCount !== w.maxSeq) continue;
      const diff = w.localCounted - w.serverCounted;
      if (
        Math.abs(diff) <=
        toleranceMilliMb(
          w.localCounted,
          this.config.RECONCILE_TOLERANCE_PCT,
          this.config.RECONCILE_TOLERANCE_MB,
        )
      )
        continue;
      w.reconciliationStatus = 'mismatch';
      w.mismatchMilliMb = diff;
      w.newMismatch = true;
    }

    const touched = [...working.values()].filter((w) => w.touched);
    await this.repo.writeBatch(
      m,
      fresh,
      touched.map((w) => ({ ...w, id: w.row.id })),
      [...daily.values()],
      now,
    );
    for (const w of touched.filter((x) => x.newMismatch)) {
      const telegramId = Number(w.row.telegram_id);
      const missing = Math.max(0, w.maxSeq - w.reportCount);
      await this.repo.recordMismatch(m, {
        sessionId: w.row.id,
        phase: 'live',
        telegramId,
        client: w.localCounted,
        server: w.serverCounted,
        missing,
        at: now,
      });
      outboxEvents.push({
        type: 'ReconciliationMismatch',
        message: {
          sessionId: w.row.id,
          telegramId,
          deviceId: w.row.device_id,
          phase: 'live',
          clientMilliMb: w.localCounted,
          serverMilliMb: w.serverCounted,
          differenceMilliMb: w.mismatchMilliMb,
          missingReports: missing,
          detectedAt: now.toISOString(),
        },
      });
      this.logger.warn(
        { sessionId: w.row.id, differenceMilliMb: w.mismatchMilliMb },
        'reconciliation mismatch (live)',
      );
      reportMetrics.mismatches.inc({ phase: 'live' });
    }
    await this.outbox.addMany(m, outboxEvents);

    const countedByIndex = new Map(fresh.map((f) => [`${f.sessionId}:${f.seq}`, f.countedMilliMb]));
    return items.map((r, i) => {
      const done = results[i];
      if (done) return done;
      const s = sessions.get(r.sessionId)!;
      const w = working.get(r.sessionId);
      const first = firstOfKey.get(keyOf(r)) === i;
      return {
        outcome: first ? 'accepted' : 'duplicate',
        errorCode: '',
        errorKind: '',
        errorMessage: '',
        countedMilliMb: first ? (countedByIndex.get(keyOf(r)) ?? 0) : 0,
        sessionCountedMilliMb: w ? w.serverCounted : Number(s.server_counted_milli_mb),
        reportCount: w ? w.reportCount : s.report_count,
        missingReports: w ? Math.max(0, w.maxSeq - w.reportCount) : missingReports(s),
        mismatch: (w?.reconciliationStatus ?? s.reconciliation_status) === 'mismatch',
        retryAfterS: 0,
      };
    });
  }
}

function parseTime(value: string): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
