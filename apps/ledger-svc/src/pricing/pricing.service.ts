import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { ledger } from '@trafficshare/contracts';
import { requireRole, type CallerInfo } from '@trafficshare/identity';
import { CONFIG } from '@trafficshare/service-kit';

import { addDays, isValidDay, utcDay } from '../common/dates';
import { LedgerTransactions } from '../common/ledger-transactions';
import { formatChange, parseMicro } from '../common/money';
import type { AppConfig } from '../config';
import { LedgerAuditRepository } from '../ledger-admin/ledger-audit.repository';
import { PriceBook } from './price-book';
import { PricingErrorCode, PricingException } from './pricing.exception';
import { PricingRepository, type DailyPriceRow } from './pricing.repository';

// 1,000 USD per GB: far above any real price, low enough to catch a unit mistake (USD vs micro).
const MAX_PRICE = 1_000 * 1_000_000;
/** The audit entry keeps the start of the price message: enough to recognise it, never a page. */
const AUDIT_MESSAGE_CHARS = 200;

@Injectable()
export class PricingService {
  private readonly defaultPrice: number;

  constructor(
    @Inject(CONFIG) config: AppConfig,
    private readonly tx: LedgerTransactions,
    private readonly prices: PricingRepository,
    private readonly audit: LedgerAuditRepository,
  ) {
    this.defaultPrice = parseMicro(config.DEFAULT_PRICE_PER_GB_USD);
  }

  /** The price book for pricing MB counted up to `upToDay` (in a movement: its manager). */
  async book(upToDay: string, m?: EntityManager): Promise<PriceBook> {
    return new PriceBook(await this.prices.revisions(upToDay, m), this.defaultPrice);
  }

  async getDailyPrice(date: string, now = new Date()): Promise<ledger.DailyPrice> {
    const today = utcDay(now);
    const day = date || today;
    if (!isValidDay(day))
      throw new PricingException(PricingErrorCode.InvalidDate, 'date must be YYYY-MM-DD');
    const book = await this.book(day);
    const rows = await this.prices.dailyPrices(day, day);
    return this.present(book, rows, day, day === today ? now : undefined);
  }

  async history(days: number, now = new Date()): Promise<ledger.DailyPrice[]> {
    if (!Number.isInteger(days) || days < 1 || days > 90)
      throw new PricingException(PricingErrorCode.InvalidDays, 'days must be 1..90');
    const today = utcDay(now);
    const from = addDays(today, -(days - 1));
    const book = await this.book(today);
    const rows = await this.prices.dailyPrices(from, today);
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
        PricingErrorCode.InvalidDate,
        'date must be YYYY-MM-DD within a year of today',
      );
    }
    if (
      !Number.isSafeInteger(r.pricePerGbMicroUsd) ||
      r.pricePerGbMicroUsd <= 0 ||
      r.pricePerGbMicroUsd > MAX_PRICE
    ) {
      throw new PricingException(
        PricingErrorCode.InvalidPrice,
        'price_per_gb must be above 0 and at most 1000 USD',
      );
    }
    const message = r.message.trim().slice(0, 1000);
    return this.tx.run(async (t) => {
      const m = t.manager;
      const previous = (await this.book(date, m)).endOfDay(addDays(date, -1));
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
        target: `price:${date}`,
        action: 'price.set',
        // The numbers and a clipped message: the full announcement lives in daily_prices.
        details: {
          date,
          price_per_gb_micro_usd: row.pricePerGb,
          previous_micro_usd: previous.pricePerGb,
          push: r.push,
          message: message.slice(0, AUDIT_MESSAGE_CHARS),
        },
        ip: caller.ip,
      });
      await t.emit('PriceUpdated', {
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
