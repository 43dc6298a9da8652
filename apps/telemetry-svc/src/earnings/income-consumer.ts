import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { EventConsumer } from '@trafficshare/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { utcDay } from '../common/units';
import { EarningsRepository } from './earnings.repository';

/**
 * Consumes the ledger's IncomeCredited events into per-user daily earnings and the day's price
 * (statistics: profit, sold MB, average price, rates; session earnings estimates). The inbox
 * makes redeliveries harmless.
 */
@Injectable()
export class IncomeConsumer implements OnModuleInit, OnModuleDestroy {
  private consumer: EventConsumer<'IncomeCredited'> | undefined;

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
      durable: 'telemetry-income',
      eventTypes: ['IncomeCredited'],
      batch: { maxMessages: 500, maxWaitMs: 1_000 },
      logger: this.ctx.logger,
      handleBatch: async (events, manager) => {
        await this.repo.addCredits(
          manager,
          events.map((e) => {
            const at = new Date(e.message.creditedAt || e.occurredAt);
            return {
              telegramId: e.message.telegramId,
              day: utcDay(Number.isNaN(at.getTime()) ? e.occurredAt : at),
              microUsd: e.message.amountMicroUsd,
              milliMb: e.message.milliMb,
              pricePerGbMicroUsd: e.message.pricePerGbMicroUsd,
              at: Number.isNaN(at.getTime()) ? e.occurredAt : at,
            };
          }),
        );
      },
    });
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }
}
