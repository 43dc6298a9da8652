import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE, SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { tablesOf, type Tables } from '../common/tables';

export interface CreditRow {
  readonly telegramId: number;
  readonly day: string;
  readonly microUsd: number;
  readonly milliMb: number;
  readonly pricePerGbMicroUsd: number;
  readonly at: Date;
}

/** What the ledger credited (IncomesCredited) per user and day, and the day's price. */
@Injectable()
export class EarningsRepository {
  private readonly t: Tables;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
  ) {
    this.t = tablesOf(ctx.schema);
  }

  async addCredits(m: EntityManager, credits: readonly CreditRow[]): Promise<void> {
    if (credits.length === 0) return;
    const byKey = new Map<string, CreditRow>();
    for (const c of credits) {
      const k = `${c.telegramId}:${c.day}`;
      const prev = byKey.get(k);
      byKey.set(
        k,
        prev
          ? { ...c, microUsd: prev.microUsd + c.microUsd, milliMb: prev.milliMb + c.milliMb }
          : c,
      );
    }
    const rows = [...byKey.values()].sort(
      (a, b) => a.telegramId - b.telegramId || a.day.localeCompare(b.day),
    );
    await m.query(
      `INSERT INTO ${this.t.dailyEarnings} (telegram_id, day, earned_micro_usd, credited_milli_mb, price_per_gb_micro_usd)
       SELECT * FROM unnest($1::int8[], $2::date[], $3::int8[], $4::int8[], $5::int8[])
       ON CONFLICT ON CONSTRAINT "PK_user_daily_earnings" DO UPDATE SET
         earned_micro_usd = ${this.t.dailyEarnings}.earned_micro_usd + excluded.earned_micro_usd,
         credited_milli_mb = ${this.t.dailyEarnings}.credited_milli_mb + excluded.credited_milli_mb,
         price_per_gb_micro_usd = excluded.price_per_gb_micro_usd`,
      [
        rows.map((r) => r.telegramId),
        rows.map((r) => r.day),
        rows.map((r) => r.microUsd),
        rows.map((r) => r.milliMb),
        rows.map((r) => r.pricePerGbMicroUsd),
      ],
    );
    const prices = new Map<string, CreditRow>();
    for (const c of credits) if (c.pricePerGbMicroUsd > 0) prices.set(c.day, c);
    const p = [...prices.values()].sort((a, b) => a.day.localeCompare(b.day));
    if (p.length === 0) return;
    await m.query(
      `INSERT INTO ${this.t.dailyPrices} (day, price_per_gb_micro_usd, seen_at)
       SELECT * FROM unnest($1::date[], $2::int8[], $3::timestamptz[])
       ON CONFLICT ON CONSTRAINT "PK_daily_prices" DO UPDATE SET price_per_gb_micro_usd = excluded.price_per_gb_micro_usd, seen_at = excluded.seen_at`,
      [p.map((r) => r.day), p.map((r) => r.pricePerGbMicroUsd), p.map((r) => r.at)],
    );
  }

  /** The price in force on `day` (the latest seen on or before it), undefined when none. */
  async priceOn(day: string): Promise<number | undefined> {
    const rows: Array<{ price: string }> = await this.dataSource.query(
      `SELECT price_per_gb_micro_usd AS price FROM ${this.t.dailyPrices} WHERE day <= $1 ORDER BY day DESC LIMIT 1`,
      [day],
    );
    return rows[0] ? Number(rows[0].price) : undefined;
  }

  async rates(days: number): Promise<Array<{ day: string; price: string }>> {
    return this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, price_per_gb_micro_usd AS price FROM ${this.t.dailyPrices}
       ORDER BY day DESC LIMIT $1`,
      [days],
    );
  }
}
