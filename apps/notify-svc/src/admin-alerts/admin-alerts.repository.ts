import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

export interface StuckPayout {
  readonly withdrawId: string;
  readonly telegramId: number;
  readonly amountUsdt: string;
  readonly processingSince: Date;
}

/** What the admin alerts remember from events: payouts in flight and filter decisions per
 *  minute (never another service's tables). */
@Injectable()
export class AdminAlertsRepository {
  private readonly payouts: string;
  private readonly minutes: string;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.payouts = `"${ctx.schema}"."payout_watch"`;
    this.minutes = `"${ctx.schema}"."filter_minutes"`;
  }

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async payoutProcessing(
    m: EntityManager,
    p: { withdrawId: string; telegramId: number; amountUsdt: string },
    at: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.payouts} (withdraw_id, telegram_id, amount_usdt, processing_since) VALUES ($1, $2, $3, $4)
       ON CONFLICT (withdraw_id) DO UPDATE SET processing_since = COALESCE(${this.payouts}.processing_since, EXCLUDED.processing_since)`,
      [p.withdrawId, p.telegramId, p.amountUsdt, at],
    );
  }

  /** Completed or failed (whichever event arrives first, even before "processing"). */
  async payoutFinished(
    m: EntityManager,
    p: { withdrawId: string; telegramId: number; amountUsdt: string },
    at: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO ${this.payouts} (withdraw_id, telegram_id, amount_usdt, finished_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (withdraw_id) DO UPDATE SET finished_at = COALESCE(${this.payouts}.finished_at, EXCLUDED.finished_at)`,
      [p.withdrawId, p.telegramId, p.amountUsdt, at],
    );
  }

  /** Payouts processing since before `before`, not finished, not yet reported; locked and
   *  marked reported in the caller's transaction. */
  async claimStuck(m: EntityManager, before: Date, now: Date, limit = 100): Promise<StuckPayout[]> {
    const [rows] = await m.query<
      [
        { withdraw_id: string; telegram_id: string; amount_usdt: string; processing_since: Date }[],
        number,
      ]
    >(
      `UPDATE ${this.payouts} SET alerted_at = $2 WHERE withdraw_id IN (
         SELECT withdraw_id FROM ${this.payouts}
         WHERE finished_at IS NULL AND alerted_at IS NULL AND processing_since < $1
         ORDER BY processing_since LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING withdraw_id, telegram_id, amount_usdt, processing_since`,
      [before, now, limit],
    );
    return rows.map((r) => ({
      withdrawId: r.withdraw_id,
      telegramId: Number(r.telegram_id),
      amountUsdt: r.amount_usdt,
      processingSince: r.processing_since,
    }));
  }

  async countDecisions(
    m: EntityManager,
    perMinute: ReadonlyMap<number, { decisions: number; denied: number }>,
  ): Promise<void> {
    for (const [minute, c] of perMinute)
      await m.query(
        `INSERT INTO ${this.minutes} (minute, decisions, denied) VALUES ($1, $2, $3)
         ON CONFLICT (minute) DO UPDATE SET decisions = ${this.minutes}.decisions + EXCLUDED.decisions,
           denied = ${this.minutes}.denied + EXCLUDED.denied`,
        [new Date(minute), c.decisions, c.denied],
      );
  }

  async window(from: Date, to: Date): Promise<{ decisions: number; denied: number }> {
    const [row] = await this.ds.query<{ decisions: number; denied: number }[]>(
      `SELECT COALESCE(sum(decisions), 0)::int AS decisions, COALESCE(sum(denied), 0)::int AS denied
       FROM ${this.minutes} WHERE minute >= $1 AND minute < $2`,
      [from, to],
    );
    return row ?? { decisions: 0, denied: 0 };
  }

  /** Drops per-minute counts older than `before` (the window never looks back that far). */
  async prune(before: Date): Promise<void> {
    await this.ds.query(`DELETE FROM ${this.minutes} WHERE minute < $1`, [before]);
  }
}
