import { Inject, Injectable } from '@nestjs/common';

import { userId } from '@trafficshare/identity';
import type { ConsumedEvent } from '@trafficshare/messaging';
import { SERVICE_CONTEXT, ServiceConsumers, type ServiceContext } from '@trafficshare/service-kit';

import { TRAFFIC_EXPENSE_SHARDS } from '../accounts/traffic-expense';
import { LedgerTransactions } from '../common/ledger-transactions';
import type { AppConfig } from '../config';
import { IncomeCrediterService } from './income-crediter.service';

export const INCOME_CONSUMER = 'ledger-income';

/**
 * ReportsIngested → income, in batches (a batch closes at INCOME_BATCH_MAX events — each one
 * telemetry commit of up to REPORT_BATCH_MAX reports — or after INCOME_BATCH_WAIT_MS): the inbox
 * rows and the credits commit in one transaction, then the batch is acked. A crash before the
 * commit redelivers the batch; after it, the inbox (and credited_reports) make the redelivery a
 * no-op.
 *
 * INCOME_CONSUMERS workers share the durable consumer (like replicas do); each debits its own
 * traffic expense shard, so their batches commit in parallel.
 */
@Injectable()
export class IncomeConsumer {
  constructor(
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext<AppConfig>,
    consumers: ServiceConsumers,
    crediter: IncomeCrediterService,
    tx: LedgerTransactions,
  ) {
    const {
      INCOME_CONSUMERS: workers,
      INCOME_BATCH_MAX: max,
      INCOME_BATCH_WAIT_MS: wait,
    } = ctx.config;
    // The batch's inbox rows and its credits commit in the consumer's transaction.
    consumers.onBatch(
      'ReportsIngested',
      { durable: INCOME_CONSUMER, workers, batch: { maxMessages: max, maxWaitMs: wait } },
      (events, manager, { worker }) =>
        tx
          .join(manager, (t) =>
            crediter.credit(t, events.flatMap(toReports), 'event', worker % TRAFFIC_EXPENSE_SHARDS),
          )
          .then(() => undefined),
    );
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
