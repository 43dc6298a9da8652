import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import type { SessionRow } from '../common/session-row';
import { tablesOf, type Tables } from '../common/tables';

const REPORT_SESSION_COLUMNS = [
  'id',
  'telegram_id',
  'device_id',
  'status',
  'started_at',
  'last_report_at',
  'server_counted_milli_mb',
  'reported_milli_mb',
  'local_counted_milli_mb',
  'report_count',
  'max_seq',
  'last_speed_milli_mb_s',
  'speed_sum',
  'speed_sq_sum',
  'interruptions',
  'reconciliation_status',
  'mismatch_milli_mb',
  'relay_counted',
] as const satisfies ReadonlyArray<keyof SessionRow>;

/** The session columns a report batch reads and updates. */
export type ReportSessionRow = Pick<SessionRow, (typeof REPORT_SESSION_COLUMNS)[number]>;

export interface NewReportRow {
  readonly sessionId: string;
  readonly seq: number;
  readonly telegramId: UserId;
  readonly deltaMilliMb: number;
  readonly countedMilliMb: number;
  readonly cumulativeMilliMb: number;
  readonly speedMilliMbS: number;
  readonly batteryLevel: number | null;
  readonly networkType: string;
  readonly clientTimestamp: Date | null;
}

/** The new counters of one session after a batch (absolute values). */
export interface SessionCounters {
  readonly id: string;
  readonly serverCounted: number;
  readonly reported: number;
  readonly localCounted: number;
  readonly reportCount: number;
  readonly maxSeq: number;
  readonly lastSpeed: number;
  readonly speedSum: number;
  readonly speedSqSum: number;
  readonly interruptions: number;
  readonly reconciliationStatus: string;
  readonly mismatchMilliMb: number;
}

export interface DailyIncrement {
  readonly telegramId: UserId;
  readonly day: string;
  readonly milliMb: number;
  readonly reports: number;
}

/** Batch statements of the report transaction (multi-row, unnest-based). */
@Injectable()
export class ReportsRepository {
  private readonly t: Tables;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.t = tablesOf(ctx.schema);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Locks the sessions of a batch in id order (no deadlocks between concurrent batches) and
   * reads the columns a report batch needs (not the whole row: this runs for every batch).
   */
  lockSessions(m: EntityManager, ids: readonly string[]): Promise<ReportSessionRow[]> {
    return m.query(
      `SELECT ${REPORT_SESSION_COLUMNS.join(', ')} FROM ${this.t.sessions} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  /**
   * Which of these (session, seq) pairs are already stored (exact: the session rows are locked).
   * Callers ask only about sessions with gaps: without gaps, seq ≤ max_seq is the answer.
   */
  async existing(
    m: EntityManager,
    sessionIds: readonly string[],
    seqs: readonly number[],
  ): Promise<Set<string>> {
    if (sessionIds.length === 0) return new Set();
    const rows: Array<{ session_id: string; seq: string }> = await m.query(
      `SELECT r.session_id, r.seq FROM ${this.t.reports} r
       JOIN unnest($1::uuid[], $2::int8[]) AS k(session_id, seq) ON r.session_id = k.session_id AND r.seq = k.seq`,
      [sessionIds, seqs],
    );
    return new Set(rows.map((r) => `${r.session_id}:${r.seq}`));
  }

  /**
   * Writes a batch in ONE statement (one round trip): the new report rows, the sessions' new
   * counters and the per-user daily rollup. Daily rows are sorted so concurrent batches lock
   * them in one order; the session rows are already locked by {@link lockSessions}.
   */
  async writeBatch(
    m: EntityManager,
    rows: readonly NewReportRow[],
    counters: readonly SessionCounters[],
    increments: readonly DailyIncrement[],
    now: Date,
  ): Promise<void> {
    if (rows.length === 0) return;
    const c = counters;
    const daily = [...increments].sort(
      (a, b) => a.telegramId - b.telegramId || a.day.localeCompare(b.day),
    );
    await m.query(
      `WITH reports AS (
         INSERT INTO ${this.t.reports} (session_id, seq, telegram_id, delta_milli_mb, counted_milli_mb,
           cumulative_milli_mb, speed_milli_mb_s, battery_level, network_type, client_timestamp, counted_at)
         SELECT s, q, u, d, c, cu, sp, b, n, ct, $11
         FROM unnest($1::uuid[], $2::int8[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::int8[],
                     $8::int2[], $9::text[], $10::timestamptz[]) AS x(s, q, u, d, c, cu, sp, b, n, ct)
         ON CONFLICT ON CONSTRAINT "PK_session_reports" DO NOTHING
       ), sessions AS (
         UPDATE ${this.t.sessions} s SET server_counted_milli_mb = x.sc, reported_milli_mb = x.rp,
           local_counted_milli_mb = x.lc, report_count = x.rc, max_seq = x.ms, last_speed_milli_mb_s = x.ls,
           speed_sum = x.ss, speed_sq_sum = x.sq, interruptions = x.it, reconciliation_status = x.rs,
           mismatch_milli_mb = x.mm, last_seen_at = $11, last_report_at = $11
         FROM unnest($12::uuid[], $13::int8[], $14::int8[], $15::int8[], $16::int4[], $17::int8[], $18::int8[],
                     $19::float8[], $20::float8[], $21::int4[], $22::text[], $23::int8[])
           AS x(id, sc, rp, lc, rc, ms, ls, ss, sq, it, rs, mm)
         WHERE s.id = x.id
       )
       INSERT INTO ${this.t.dailyTraffic} (telegram_id, day, sent_milli_mb, report_count)
       SELECT u, d, mb, n FROM unnest($24::int8[], $25::date[], $26::int8[], $27::int4[]) AS x(u, d, mb, n)
       ON CONFLICT ON CONSTRAINT "PK_user_daily_traffic" DO UPDATE
         SET sent_milli_mb = ${this.t.dailyTraffic}.sent_milli_mb + excluded.sent_milli_mb,
             report_count = ${this.t.dailyTraffic}.report_count + excluded.report_count`,
      [
        rows.map((r) => r.sessionId),
        rows.map((r) => r.seq),
        rows.map((r) => r.telegramId),
        rows.map((r) => r.deltaMilliMb),
        rows.map((r) => r.countedMilliMb),
        rows.map((r) => r.cumulativeMilliMb),
        rows.map((r) => r.speedMilliMbS),
        rows.map((r) => r.batteryLevel),
        rows.map((r) => r.networkType),
        rows.map((r) => r.clientTimestamp),
        now,
        c.map((r) => r.id),
        c.map((r) => r.serverCounted),
        c.map((r) => r.reported),
        c.map((r) => r.localCounted),
        c.map((r) => r.reportCount),
        c.map((r) => r.maxSeq),
        c.map((r) => r.lastSpeed),
        c.map((r) => r.speedSum),
        c.map((r) => r.speedSqSum),
        c.map((r) => r.interruptions),
        c.map((r) => r.reconciliationStatus),
        c.map((r) => r.mismatchMilliMb),
        daily.map((r) => r.telegramId),
        daily.map((r) => r.day),
        daily.map((r) => r.milliMb),
        daily.map((r) => r.reports),
      ],
    );
  }

  async recordMismatch(
    m: EntityManager,
    row: {
      sessionId: string;
      phase: 'live' | 'final';
      telegramId: number;
      client: number;
      server: number;
      missing: number;
      at: Date;
    },
  ): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO ${this.t.mismatches} (session_id, phase, telegram_id, client_milli_mb, server_milli_mb, missing_reports, detected_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ON CONSTRAINT "PK_reconciliation_mismatches" DO NOTHING RETURNING session_id`,
      [row.sessionId, row.phase, row.telegramId, row.client, row.server, row.missing, row.at],
    );
    return inserted.length > 0;
  }

  /** Every report of a session, oldest seq first (ledger reconciliation). */
  reportsOf(
    sessionId: string,
  ): Promise<Array<{ seq: string; counted_milli_mb: string; counted_at: Date }>> {
    return this.dataSource.query(
      `SELECT seq, counted_milli_mb, counted_at FROM ${this.t.reports} WHERE session_id = $1 ORDER BY seq`,
      [sessionId],
    );
  }
}
