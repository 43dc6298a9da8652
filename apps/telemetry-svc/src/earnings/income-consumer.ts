import { Injectable } from '@nestjs/common';

import type { ConsumedEvent } from '@trafficshare/messaging';
import { ServiceConsumers } from '@trafficshare/service-kit';

import { utcDay } from '../common/units';
import { EarningsRepository, type CreditRow } from './earnings.repository';

/** Durable consumer of the ledger's credits (its filter follows the event type on every start). */
export const INCOME_CONSUMER = 'telemetry-income';

/**
 * Consumes the ledger's IncomesCredited events (one per ledger income batch, one IncomeCredited
 * item per credited user) into per-user daily earnings and the day's price (statistics: profit,
 * sold MB, average price, rates; session earnings estimates). The inbox makes redeliveries
 * harmless.
 *
 * The durable consumer is created or updated on start, so a durable left by a version that
 * consumed one IncomeCredited per user gets its filter moved to IncomesCredited.
 */
@Injectable()
export class IncomeConsumer {
  constructor(consumers: ServiceConsumers, repo: EarningsRepository) {
    consumers.onBatch(
      'IncomesCredited',
      { durable: INCOME_CONSUMER, batch: { maxMessages: 500, maxWaitMs: 1_000 } },
      (events, tx) => repo.addCredits(tx, events.flatMap(creditRowsOf)),
    );
  }
}

/**
 * One row per credited user of the event; a credit without a valid `creditedAt` counts on the
 * day the event occurred.
 */
export function creditRowsOf(e: ConsumedEvent<'IncomesCredited'>): CreditRow[] {
  return e.message.credits.map((c) => {
    const at = new Date(c.creditedAt || e.occurredAt);
    return {
      telegramId: c.telegramId,
      day: utcDay(Number.isNaN(at.getTime()) ? e.occurredAt : at),
      microUsd: c.amountMicroUsd,
      milliMb: c.milliMb,
      pricePerGbMicroUsd: c.pricePerGbMicroUsd,
      at: Number.isNaN(at.getTime()) ? e.occurredAt : at,
    };
  });
}
