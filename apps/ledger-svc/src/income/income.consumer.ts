import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import { userId } from '@trafficshare/identity';
import { ensureConsumer, EventConsumer, type ConsumedEvent } from '@trafficshare/messaging';
import { SERVICE_CONTEXT, type ServiceContext } from '@trafficshare/service-kit';

import { TRAFFIC_EXPENSE_SHARDS } from '../accounts/traffic-expense';
import { LedgerTransactions } from '../common/ledger-transactions';
import type { AppConfig } from '../config';
import { IncomeCrediterService } from './income-crediter.service';

export const INCOME_CONSUMER = 'ledger-income';

/**
 * ReportsIngested → income, in batches (a batch closes at INCOME_BATCH_MAX events — each one
 * telemetry commit of up to REPORT_BATCH_MAX reports — or after INCOME_BATCH_WAIT_MS): the inbox rows and the credits commit in one transaction, then the
 * batch is acked. A crash before the commit redelivers the batch; after it, the inbox (and
 * credited_reports) make the redelivery a no-op.
 */
@Injectable()
export class IncomeConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly consumers: Array<EventConsumer<'ReportsIngested'>> = [];

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext<AppConfig>,
    private readonly crediter: IncomeCrediterService,
    private readonly tx: LedgerTransactions,
  ) {}

  async onModuleInit(): Promise<void> {
    const {
      INCOME_CONSUMERS: workers,
      INCOME_BATCH_MAX: max,
      INCOME_BATCH_WAIT_MS: wait,
    } = this.ctx.config;
    // Every worker must be able to hold a full batch while the others hold theirs (the server
    // stops delivering at max_ack_pending), with room for the next pulls.
    await ensureConsumer(await this.ctx.nats.jetstreamManager(), {
      prefix: this.ctx.natsPrefix,
      durable: INCOME_CONSUMER,
      eventTypes: ['ReportsIngested'],
      ackWaitMs: Math.max(30_000, wait + 5_000),
      maxAckPending: Math.max(1_000, workers * max * 2),
    });
    // Several workers share the durable consumer (like replicas do); each debits its own
    // traffic expense shard, so their batches commit in parallel.
    for (let worker = 0; worker < workers; worker += 1) {
      const consumer = new EventConsumer<'ReportsIngested'>({
        nats: this.ctx.nats,
        dataSource: this.ctx.dataSource,
        schema: this.ctx.schema,
        prefix: this.ctx.natsPrefix,
        durable: INCOME_CONSUMER,
        eventTypes: ['ReportsIngested'],
        batch: { maxMessages: max, maxWaitMs: wait },
        logger: this.ctx.logger,
        ensure: false,
        // The batch's inbox rows and its credits commit in the consumer's transaction.
        handleBatch: (events, manager) =>
          this.tx
            .join(manager, (t) =>
              this.crediter.credit(
                t,
                events.flatMap(toReports),
                'event',
                worker % TRAFFIC_EXPENSE_SHARDS,
              ),
            )
            .then(() => undefined),
      });
      await consumer.start();
      this.consumers.push(consumer);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}

function toReports(e: ConsumedEvent<'ReportsIngested'>) {
  return e.message.reports.map((r) => ({
    sessionId: r.sessionId,
    seq: r.seq,
    telegramId: userId(r.telegramId),
    milliMb: r.deltaMilliMb,
    countedAt: new Date(r.countedAt),
  }));
}
