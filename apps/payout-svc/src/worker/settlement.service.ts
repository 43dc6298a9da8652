import { Inject, Injectable } from '@nestjs/common';

import type { Outbox } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { LOGGER, OUTBOX } from '@trafficshare/service-kit';

import { LedgerClient } from '../common/clients.module';
import { formatMicro } from '../common/money';
import { PayoutMetrics } from '../common/payout.metrics';
import type { ProviderPayout } from '../provider/payout-provider';
import { uuidFor } from '../withdraw/withdraw.service';
import {
  WithdrawRepository,
  type WithdrawRow,
  type WithdrawStatus,
} from '../withdraw/withdraw.repository';

const OPEN: readonly WithdrawStatus[] = ['pending', 'processing'];

/**
 * The end of a payout, shared by the worker, the webhook and admins. The ledger call comes first
 * (PostPending / VoidPending: idempotent by transfer id, at most once per hold) and the row moves
 * after it: a crash in between is repaired by doing both again. Status only moves forward.
 */
@Injectable()
export class SettlementService {
  constructor(
    private readonly repo: WithdrawRepository,
    private readonly ledger: LedgerClient,
    private readonly metrics: PayoutMetrics,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The provider accepted: pending → processing with its ids (and the event). */
  async accepted(
    row: WithdrawRow,
    p: ProviderPayout,
    nextPollS: number,
  ): Promise<WithdrawRow | undefined> {
    return this.repo.tx(async (m) => {
      const moved = await this.repo.transition(m, row.id, ['pending'], 'processing', {
        payoutId: p.payoutId,
        batchId: p.batchId,
        providerResponse: p.raw,
        nextAttemptInS: nextPollS,
      });
      if (!moved) return undefined;
      await this.outbox.add(
        m,
        'PayoutProcessing',
        {
          withdrawId: moved.id,
          telegramId: moved.telegramId,
          amountMicroUsd: moved.amountMicroUsd,
          amountUsdt: formatMicro(moved.netMicroUsdt),
          network: moved.network,
          provider: moved.provider,
          payoutId: p.payoutId,
        },
        { eventId: uuidFor(moved.id, 'processing') },
      );
      return moved;
    });
  }

  /** Paid: the hold is posted (held → payout clearing), the row completed with its tx hash. */
  async complete(
    row: WithdrawRow,
    txHash: string,
    from: readonly WithdrawStatus[] = OPEN,
    payout?: ProviderPayout,
  ): Promise<WithdrawRow | undefined> {
    await this.ledger.rpc.postPending({
      transferId: `${row.holdId}:post`,
      pendingId: row.holdId,
      reference: row.id,
    });
    return this.repo.tx(async (m) => {
      const done = await this.repo.transition(m, row.id, from, 'completed', {
        txHash,
        processed: true,
        payoutId: payout?.payoutId,
        batchId: payout?.batchId,
        providerResponse: payout?.raw,
      });
      if (!done) return undefined;
      await this.outbox.add(
        m,
        'PayoutCompleted',
        {
          withdrawId: done.id,
          telegramId: done.telegramId,
          amountMicroUsd: done.amountMicroUsd,
          amountUsdt: formatMicro(done.netMicroUsdt),
          network: done.network,
          walletAddress: done.walletAddress,
          txHash,
          completedAt: (done.processedAt ?? new Date()).toISOString(),
        },
        { eventId: uuidFor(done.id, 'completed') },
      );
      this.metrics.completed.inc();
      this.metrics.processingSeconds.observe((Date.now() - done.createdAt.getTime()) / 1000);
      this.logger.info({ withdrawId: done.id, txHash }, 'payout completed');
      return done;
    });
  }

  /** Not paid: the hold is voided (the amount returns to available), the row failed/canceled. */
  async fail(
    row: WithdrawRow,
    reason: string,
    to: 'failed' | 'canceled' = 'failed',
    from: readonly WithdrawStatus[] = OPEN,
    note?: string,
  ): Promise<WithdrawRow | undefined> {
    await this.ledger.rpc.voidPending({
      transferId: `${row.holdId}:void`,
      pendingId: row.holdId,
      reference: row.id,
    });
    return this.repo.tx(async (m) => {
      const done = await this.repo.transition(m, row.id, from, to, {
        failureReason: reason.slice(0, 500),
        processed: true,
        note,
      });
      if (!done) return undefined;
      await this.outbox.add(
        m,
        'PayoutFailed',
        {
          withdrawId: done.id,
          telegramId: done.telegramId,
          amountMicroUsd: done.amountMicroUsd,
          amountUsdt: formatMicro(done.netMicroUsdt),
          reason: done.failureReason,
          refunded: true,
          status: to,
          failedAt: (done.processedAt ?? new Date()).toISOString(),
        },
        { eventId: uuidFor(done.id, `failed:${done.updatedAt.getTime()}`) },
      );
      this.metrics.failed.inc({ status: to });
      this.logger.warn({ withdrawId: done.id, reason }, 'payout failed; hold voided');
      return done;
    });
  }
}
