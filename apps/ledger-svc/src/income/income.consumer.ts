import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { EventConsumer, type ConsumedEvent } from '@trafficshare/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { installAfterCommit } from '../common/after-commit';
import type { AppConfig } from '../config';
import { IncomeCrediterService } from './income-crediter.service';

export const INCOME_CONSUMER = 'ledger-income';

/**
 * ReportIngested → income, in batches (a batch closes at INCOME_BATCH_MAX reports or after
 * INCOME_BATCH_WAIT_MS): the inbox rows and the credits commit in one transaction, then the
 * batch is acked. A crash before the commit redelivers the batch; after it, the inbox (and
 * credited_reports) make the redelivery a no-op.
 */
@Injectable()
export class IncomeConsumer implements OnModuleInit, OnModuleDestroy {
  private consumer: EventConsumer<'ReportIngested'> | undefined;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<AppConfig>,
    private readonly crediter: IncomeCrediterService,
  ) {}

  async onModuleInit(): Promise<void> {
    installAfterCommit(this.ctx.dataSource);
    this.consumer = new EventConsumer<'ReportIngested'>({
      nats: this.ctx.nats,
      dataSource: this.ctx.dataSource,
      schema: this.ctx.schema,
      prefix: this.ctx.natsPrefix,
      durable: INCOME_CONSUMER,
      eventTypes: ['ReportIngested'],
      batch: { maxMessages: this.ctx.config.INCOME_BATCH_MAX, maxWaitMs: this.ctx.config.INCOME_BATCH_WAIT_MS },
      logger: this.ctx.logger,
      handleBatch: (events, manager) => this.crediter.credit(manager, events.map(toReport), 'event').then(() => undefined),
    });
    await this.consumer.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }
}

function toReport(e: ConsumedEvent<'ReportIngested'>) {
  return {
    sessionId: e.message.sessionId,
    seq: e.message.seq,
    telegramId: e.message.telegramId,
    milliMb: e.message.deltaMilliMb,
    countedAt: new Date(e.message.countedAt),
  };
}
