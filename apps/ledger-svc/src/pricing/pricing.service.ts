import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import type { ledger } from '@trafficshare/contracts';
import type { Outbox } from '@trafficshare/messaging';
import { CONFIG, DATA_SOURCE, OUTBOX } from '@trafficshare/service-kit';

import { requireRole, type CallerInfo } from '../common/caller';
import { addDays, isValidDay, utcDay } from '../common/dates';
import { formatChange, parseMicro } from '../common/money';
import type { AppConfig } from '../config';
import { LedgerAuditRepository } from '../ledger-admin/ledger-audit.repository';
import { PriceBook } from './price-book';
import { PricingCode, PricingException } from './pricing.exception';
import { PricingRepository, type DailyPriceRow } from './pricing.repository';

// 1,000 USD per GB: far above any real price, low enough to catch a unit mistake (USD vs micro).
const MAX_PRICE = 1_000 * 1_000_000;

@Injectable()
export class PricingService {
  private readonly defaultPrice: number;

  constructor(
    @Inject(DATA_SOURCE) private readonly ds: DataSource,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(CONFIG) config: AppConfig,
    private readonly prices: PricingRepository,
    private readonly audit: LedgerAuditRepository,
  ) {
    this.defaultPrice = parseMicro(config.DEFAULT_PRICE_PER_GB_USD);
  }

  /** The price book for pricing MB counted up to `upToDay`. */
  async book(m: EntityManager, upToDay: string): Promise<PriceBook> {
    return new PriceBook(await this.prices.revisions(m, upToDay), this.defaultPrice);
  }

  async getDailyPrice(date: string, now = new Date()): Promise<ledger.DailyPrice> {
    const today = utcDay(now);
    const day = date || today;
    if (!isValidDay(day))
      throw new PricingException(PricingCode.InvalidDate, 'date must be YYYY-MM-DD');
    const m = this.ds.manager;
    const book = await this.book(m, day);
    const rows = await this.prices.dailyPrices(m, day, day);
    return this.present(book, rows, day, day === today ? now : undefined);
  }

  async history(days: number, now = new Date()): Promise<ledger.DailyPrice[]> {
    if (!Number.isInteger(days) || days < 1 || days > 90)
      throw new PricingException(PricingCode.InvalidDays, 'days must be 1..90');
    const today = utcDay(now);
    const from = addDays(today, -(days - 1));
    const m = this.ds.manager;
    const book = await this.book(m, today);
    const rows = await this.prices.dailyPrices(m, from, today);
    const out: ledger.DailyPrice[] = [];
    for (let d = from; d <= today; d = addDays(d, 1))
      out.push(this.present(book, rows, d, d === today ? now : undefined));
    return out;
  }

  async setDailyPrice(
    caller: CallerInfo,
    r: ledger.SetDailyPriceRequest,
    now = new Date(),
  ): Promise<ledger.DailyPrice> {
    requireRole(caller, 'superadmin');
    const today = utcDay(now);
    const date = r.date || today;
    if (!isValidDay(date) || date < addDays(today, -365) || date > addDays(today, 365)) {
      throw new PricingException(
        PricingCode.InvalidDate,
        'date must be YYYY-MM-DD within a year of today',
      );
    }
    if (
      !Number.isSafeInteger(r.pricePerGbMicroUsd) ||
      r.pricePerGbMicroUsd <= 0 ||
      r.pricePerGbMicroUsd > MAX_PRICE
    ) {
      throw new PricingException(
        PricingCode.InvalidPrice,
        'price_per_gb must be above 0 and at most 1000 USD',
      );
    }
    const message = r.message.trim().slice(0, 1000);
    return this.ds.transaction(async (m) => {
      const previous = (await this.book(m, date)).endOfDay(addDays(date, -1));
      const row = await this.prices.setPrice(m, {
        date,
        pricePerGb: r.pricePerGbMicroUsd,
        message,
        push: r.push,
        by: caller.telegramId,
      });
      await this.audit.add(m, {
        actorId: caller.telegramId,
        targetId: 0,
        action: 'price.set',
        details: {
          date,
          price_per_gb_micro_usd: row.pricePerGb,
          previous_micro_usd: previous.pricePerGb,
          push: r.push,
          message,
        },
        ip: caller.ip,
      });
      await this.outbox.add(m, 'PriceUpdated', {
        date,
        pricePerGbMicroUsd: row.pricePerGb,
        previousPricePerGbMicroUsd: previous.pricePerGb,
        change: formatChange(row.pricePerGb - previous.pricePerGb),
        message,
        push: r.push,
        adminId: caller.telegramId,
        updatedAt: row.updatedAt.toISOString(),
      });
      return {
        date,
        pricePerGbMicroUsd: row.pricePerGb,
        message,
        previousPricePerGbMicroUsd: previous.pricePerGb,
        setForDate: true,
        updatedAt: row.updatedAt.toISOString(),
      };
    });
  }

  /** A day as shown: today's price is the one in force now, a past day's the one at its end. */
  private present(
    book: PriceBook,
    rows: Map<string, DailyPriceRow>,
    day: string,
    now: Date | undefined,
  ): ledger.DailyPrice {
    const current = now ? book.at(now) : book.endOfDay(day);
    const previous = book.endOfDay(addDays(day, -1));
    const row = rows.get(day);
    return {
      date: day,
      pricePerGbMicroUsd: current.pricePerGb,
      message: current.date === day && row ? row.message : '',
      previousPricePerGbMicroUsd: previous.pricePerGb,
      setForDate: current.date === day,
      updatedAt: row ? row.updatedAt.toISOString() : '',
    };
  }
}
