import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { DATA_SOURCE } from '@trafficshare/service-kit';

import { LedgerSql } from '../common/ledger-sql';
import type { Revision } from './price-book';

export interface DailyPriceRow {
  readonly date: string;
  readonly pricePerGb: number;
  readonly message: string;
  readonly push: boolean;
  readonly updatedAt: Date;
}

@Injectable()
export class PricingRepository {
  constructor(
    private readonly sql: LedgerSql,
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
  ) {}

  /** Every revision of dates up to `day` (a small table: a few per day at most). */
  async revisions(upToDay: string, m: EntityManager = this.ds.manager): Promise<Revision[]> {
    const rows: Array<{ id: string; date: string; price_per_gb: string; effective_at: Date }> =
      await m.query(
        `SELECT id, to_char(date, 'YYYY-MM-DD') AS date, price_per_gb, effective_at
       FROM ${this.sql.t('price_revisions')} WHERE date <= $1::date ORDER BY date, effective_at, id`,
        [upToDay],
      );
    return rows.map((r) => ({
      id: Number(r.id),
      date: r.date,
      pricePerGb: Number(r.price_per_gb),
      effectiveAt: r.effective_at,
    }));
  }

  async dailyPrices(
    fromDay: string,
    toDay: string,
    m: EntityManager = this.ds.manager,
  ): Promise<Map<string, DailyPriceRow>> {
    const rows: Array<{
      date: string;
      price_per_gb: string;
      message: string;
      push: boolean;
      updated_at: Date;
    }> = await m.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, price_per_gb, message, push, updated_at
       FROM ${this.sql.t('daily_prices')} WHERE date BETWEEN $1::date AND $2::date`,
      [fromDay, toDay],
    );
    return new Map(
      rows.map((r) => [
        r.date,
        {
          date: r.date,
          pricePerGb: Number(r.price_per_gb),
          message: r.message,
          push: r.push,
          updatedAt: r.updated_at,
        },
      ]),
    );
  }

  /** One row per date (insert or update) plus an append-only revision taking effect at max(midnight, now). */
  async setPrice(
    m: EntityManager,
    input: { date: string; pricePerGb: number; message: string; push: boolean; by: number },
  ): Promise<DailyPriceRow> {
    const rows: Array<{ updated_at: Date }> = await m.query(
      `INSERT INTO ${this.sql.t('daily_prices')} (date, price_per_gb, message, push, updated_by)
       VALUES ($1::date, $2, $3, $4, $5)
       ON CONFLICT (date) DO UPDATE SET price_per_gb = EXCLUDED.price_per_gb, message = EXCLUDED.message,
         push = EXCLUDED.push, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING updated_at`,
      [input.date, input.pricePerGb, input.message, input.push, input.by],
    );
    await m.query(
      `INSERT INTO ${this.sql.t('price_revisions')} (date, price_per_gb, effective_at, created_by)
       VALUES ($1::date, $2, greatest(($1::date)::timestamp AT TIME ZONE 'UTC', now()), $3)`,
      [input.date, input.pricePerGb, input.by],
    );
    return {
      date: input.date,
      pricePerGb: input.pricePerGb,
      message: input.message,
      push: input.push,
      updatedAt: rows[0].updated_at,
    };
  }
}
