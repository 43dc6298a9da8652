import type { events } from '@trafficshare/contracts';

import { utcDay } from '../common/units';
import { countReport, sessionBudgetMilliMb, type CountingRules } from './counting';
import type {
  DailyIncrement,
  NewReportRow,
  ReportSessionRow,
  SessionCounters,
} from './reports.repository';
import type { IncomingReport } from './incoming-report';

type Report = IncomingReport;
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A session's counters while a batch is applied (absolute values, written back as they end). */
export interface SessionTally extends Mutable<SessionCounters> {
  readonly row: ReportSessionRow;
  /** What the counting rules let the session be credited in total, as of this batch. */
  readonly budgetMilliMb: number;
}

export interface CountingOptions extends CountingRules {
  /** A silence longer than this before the batch counts as an interruption (quality score). */
  readonly interruptionGapMs: number;
}

/** What a batch's fresh reports add up to. */
export interface CountedBatch {
  /** The new report rows, in counting order. */
  readonly rows: NewReportRow[];
  /** The counted milli-MB of each accepted report, by its index in the batch (else undefined). */
  readonly counted: Array<number | undefined>;
  /** The sessions with at least one fresh report, by id. */
  readonly tallies: Map<string, SessionTally>;
  /** Per user, the day's traffic added. */
  readonly daily: DailyIncrement[];
  /** The items of the batch's ReportsIngested event (the ledger credits each once). */
  readonly ingested: events.ReportIngested[];
}

/** The tally of a session as its locked row stands before the batch. */
export function tallyOf(row: ReportSessionRow, options: CountingOptions, now: Date): SessionTally {
  // A long silence before this batch is an interruption (quality score).
  const last = row.last_report_at ?? row.started_at;
  const interrupted = now.getTime() - last.getTime() > options.interruptionGapMs;
  return {
    row,
    id: row.id,
    budgetMilliMb: sessionBudgetMilliMb(options, row.started_at, now),
    serverCounted: Number(row.server_counted_milli_mb),
    reported: Number(row.reported_milli_mb),
    localCounted: Number(row.local_counted_milli_mb),
    reportCount: row.report_count,
    maxSeq: Number(row.max_seq),
    lastSpeed: Number(row.last_speed_milli_mb_s),
    speedSum: row.speed_sum,
    speedSqSum: row.speed_sq_sum,
    interruptions: row.interruptions + (interrupted ? 1 : 0),
    reconciliationStatus: row.reconciliation_status,
    mismatchMilliMb: Number(row.mismatch_milli_mb),
  };
}

/**
 * Stage 3 of a report batch — counting. Counts each fresh report (indexes into `items`, in
 * counting order) against its session's budget and adds it to the session's counters, the
 * user's day and the ReportsIngested event. The latest seq sets the client's own count and speed.
 */
export function countReports(
  items: readonly Report[],
  fresh: readonly number[],
  sessions: ReadonlyMap<string, ReportSessionRow>,
  options: CountingOptions,
  now: Date,
): CountedBatch {
  const rows: NewReportRow[] = [];
  const counted: Array<number | undefined> = new Array<number | undefined>(items.length);
  const tallies = new Map<string, SessionTally>();
  const daily = new Map<number, Mutable<DailyIncrement>>();
  const ingested: events.ReportIngested[] = [];
  const day = utcDay(now);
  const countedAt = now.toISOString();
  for (const i of fresh) {
    const r = items[i];
    let t = tallies.get(r.sessionId);
    if (!t) {
      t = tallyOf(sessions.get(r.sessionId)!, options, now);
      tallies.set(r.sessionId, t);
    }
    // A session the relay counts is paid on the relay's bytes: the client's report adds nothing
    // (it is still stored, and reconciled against the relay's count).
    const milliMb = t.row.relay_counted
      ? 0
      : countReport(options, r.deltaMilliMb, t.budgetMilliMb, t.serverCounted);
    counted[i] = milliMb;
    t.serverCounted += milliMb;
    t.reported += r.deltaMilliMb;
    t.reportCount += 1;
    if (r.seq > t.maxSeq) {
      t.maxSeq = r.seq;
      t.localCounted = r.cumulativeMilliMb;
      t.lastSpeed = r.speedMilliMbS;
    }
    const speed = r.speedMilliMbS / 1000;
    t.speedSum += speed;
    t.speedSqSum += speed * speed;
    rows.push({
      sessionId: r.sessionId,
      seq: r.seq,
      telegramId: r.telegramId,
      deltaMilliMb: r.deltaMilliMb,
      countedMilliMb: milliMb,
      cumulativeMilliMb: r.cumulativeMilliMb,
      speedMilliMbS: r.speedMilliMbS,
      batteryLevel: r.batteryLevel >= 0 && r.batteryLevel <= 100 ? r.batteryLevel : null,
      networkType: r.networkType.slice(0, 16),
      clientTimestamp: parseTime(r.clientTimestamp),
    });
    const d = daily.get(r.telegramId);
    if (d) {
      d.milliMb += milliMb;
      d.reports += 1;
    } else {
      daily.set(r.telegramId, { telegramId: r.telegramId, day, milliMb, reports: 1 });
    }
    ingested.push({
      sessionId: r.sessionId,
      telegramId: r.telegramId,
      deviceId: r.deviceId,
      seq: r.seq,
      deltaMilliMb: milliMb,
      countedAt,
    });
  }
  return { rows, counted, tallies, daily: [...daily.values()], ingested };
}

/** A client timestamp, or null when it is missing or not a time. */
export function parseTime(value: string): Date | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
