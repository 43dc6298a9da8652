import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { EventConsumer, type ConsumedEvent } from '@trafficshare/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { utcDay } from '../common/units';
import { EarningsRepository, type CreditRow } from './earnings.repository';

/** Durable consumer of the ledger's credits (its filter follows `eventTypes` on every start). */
export const INCOME_CONSUMER = 'telemetry-income';

/**
 * Consumes the ledger's IncomesCredited events (one per ledger income batch, one IncomeCredited
 * item per credited user) into per-user daily earnings and the day's price (statistics: profit,
 * sold MB, average price, rates; session earnings estimates). The inbox makes redeliveries
 * harmless.
 *
 * The durable consumer is created or updated on start (EventConsumer's `ensure`), so a durable
 * left by a version that consumed one IncomeCredited per user gets its filter moved to
 * IncomesCredited.
 */
@Injectable()
export class IncomeConsumer implements OnModuleInit, OnModuleDestroy {
  private consumer: EventConsumer<'IncomesCredited'> | undefined;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly repo: EarningsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    this.consumer = new EventConsumer({
      nats: this.ctx.nats,
      dataSource: this.ctx.dataSource,
      schema: this.ctx.schema,
      prefix: this.ctx.natsPrefix,
      durable: INCOME_CONSUMER,
      eventTypes: ['IncomesCredited'],
      batch: { maxMessages: 500, maxWaitMs: 1_000 },
      logger: this.ctx.logger,
      handleBatch: async (events, manager) => {
        await this.repo.addCredits(manager, events.flatMap(creditRowsOf));
      },
    });
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
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
