import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserId } from '@trafficshare/identity';
import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { tablesOf, type Tables } from '../common/tables';

export interface RelayedRow {
  readonly sessionId: string;
  readonly telegramId: UserId;
  readonly bytesUp: number;
  readonly bytesDown: number;
}

/** A session's relayed totals after a batch was added. */
export interface RelayedTotals {
  readonly totalBytes: number;
  readonly creditedMilliMb: number;
  readonly credits: number;
}

/** One credit of relayed traffic to its session (a report row with a relay seq). */
export interface RelayCreditRow {
  readonly sessionId: string;
  readonly telegramId: UserId;
  readonly seq: number;
  readonly milliMb: number;
  /** The session's relayed milli-MB credited in total, this credit included. */
  readonly creditedMilliMb: number;
  readonly credits: number;
  readonly day: string;
}

/** Relayed traffic per session, the batches already applied and the credits they made. */
@Injectable()
export class RelayRepository {
  private readonly traffic: string;
  private readonly batches: string;
  private readonly t: Tables;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.traffic = `"${ctx.schema}"."relayed_traffic"`;
    this.batches = `"${ctx.schema}"."relay_batches"`;
    this.t = tablesOf(ctx.schema);
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async claimBatch(m: EntityManager, batchId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO ${this.batches} (batch_id, applied_at) VALUES ($1, $2)
       ON CONFLICT (batch_id) DO NOTHING RETURNING batch_id`,
      [batchId, now],
    );
    return rows.length > 0;
  }

  /** Locks the sessions of a batch in id order (as report batches do): id → owner. */
  async lockSessions(m: EntityManager, ids: readonly string[]): Promise<Map<string, number>> {
    const rows: Array<{ id: string; telegram_id: string }> = await m.query(
      `SELECT id, telegram_id FROM ${this.t.sessions} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, Number(r.telegram_id)]));
  }

  /** Adds bytes to a session's relayed totals (only for the session's owner). */
  async add(m: EntityManager, row: RelayedRow, now: Date): Promise<RelayedTotals | undefined> {
    const rows: Array<{ total: string; credited_milli_mb: string; credits: number }> =
      await m.query(
        `INSERT INTO ${this.traffic} (session_id, telegram_id, bytes_up, bytes_down, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (session_id) DO UPDATE SET bytes_up = ${this.traffic}.bytes_up + EXCLUDED.bytes_up,
         bytes_down = ${this.traffic}.bytes_down + EXCLUDED.bytes_down, updated_at = EXCLUDED.updated_at
       WHERE ${this.traffic}.telegram_id = EXCLUDED.telegram_id
       RETURNING bytes_up + bytes_down AS total, credited_milli_mb, credits`,
        [row.sessionId, row.telegramId, row.bytesUp, row.bytesDown, now],
      );
    const r = rows[0];
    return r
      ? {
          totalBytes: Number(r.total),
          creditedMilliMb: Number(r.credited_milli_mb),
          credits: r.credits,
        }
      : undefined;
  }

  /**
   * Writes one credit in one statement: the relayed totals' credited part, the report row (the
   * ledger pays it keyed (session, seq)), the session's server count (now the relay's), and the
   * user's daily traffic.
   */
  async credit(m: EntityManager, c: RelayCreditRow, now: Date): Promise<void> {
    await m.query(
      `WITH totals AS (
         UPDATE ${this.traffic} SET credited_milli_mb = $5, credits = $6 WHERE session_id = $1
       ), report AS (
         INSERT INTO ${this.t.reports} (session_id, seq, telegram_id, delta_milli_mb, counted_milli_mb,
           cumulative_milli_mb, speed_milli_mb_s, battery_level, network_type, client_timestamp, counted_at)
         VALUES ($1, $3, $2, $4, $4, $5, 0, NULL, 'relay', NULL, $7)
       ), session AS (
         UPDATE ${this.t.sessions} SET server_counted_milli_mb = server_counted_milli_mb + $4,
           relay_counted = true WHERE id = $1
       )
       INSERT INTO ${this.t.dailyTraffic} (telegram_id, day, sent_milli_mb, report_count)
       VALUES ($2, $8::date, $4, 0)
       ON CONFLICT ON CONSTRAINT "PK_user_daily_traffic" DO UPDATE
         SET sent_milli_mb = ${this.t.dailyTraffic}.sent_milli_mb + excluded.sent_milli_mb`,
      [c.sessionId, c.telegramId, c.seq, c.milliMb, c.creditedMilliMb, c.credits, now, c.day],
    );
  }

  /** The relay counts this session from now on (even before its first whole milli-MB). */
  async markRelayCounted(m: EntityManager, sessionId: string): Promise<void> {
    await m.query(
      `UPDATE ${this.t.sessions} SET relay_counted = true WHERE id = $1 AND NOT relay_counted`,
      [sessionId],
    );
  }

  async ofSession(owner: UserId, sessionId: string): Promise<RelayedRow | undefined> {
    const rows: {
      session_id: string;
      telegram_id: string;
      bytes_up: string;
      bytes_down: string;
    }[] = await this.dataSource.query(
      `SELECT session_id, telegram_id, bytes_up, bytes_down FROM ${this.traffic}
         WHERE session_id = $1 AND telegram_id = $2`,
      [sessionId, owner],
    );
    const row = rows[0];
    return row
      ? {
          sessionId: row.session_id,
          telegramId: Number(row.telegram_id) as UserId,
          bytesUp: Number(row.bytes_up),
          bytesDown: Number(row.bytes_down),
        }
      : undefined;
  }
}
