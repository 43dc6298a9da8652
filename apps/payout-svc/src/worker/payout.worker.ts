import { randomUUID } from 'node:crypto';

import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, Periodic } from '@trafficshare/service-kit';

import { LedgerClient } from '../common/clients.module';
import { PayoutMetrics } from '../common/payout.metrics';
import type { AppConfig } from '../config';
import {
  PAYOUT_PROVIDER,
  ProviderError,
  type PayoutProvider,
  type ProviderPayout,
} from '../provider/payout-provider';
import { remoteCodeOf } from '../withdraw/withdraw.exception';
import { WithdrawRepository, type WithdrawRow } from '../withdraw/withdraw.repository';
import { WithdrawService } from '../withdraw/withdraw.service';
import { SettlementService } from './settlement.service';
import { WorkerRepository } from './worker.repository';

const STATS_EVERY_MS = 15_000;

/**
 * The durable payout worker: due rows are leased from Postgres (FOR UPDATE SKIP LOCKED, so any
 * number of replicas share the queue and none takes another's row); nothing lives only in memory.
 *  - reserving (a request whose hold outcome is unknown): hold again with the same id;
 *  - pending: ask the provider first when a payout was ever attempted for this row, else create
 *    it with the row id as unique_external_id; transient errors back off exponentially;
 *  - processing: poll at PAYOUT_POLL_SCHEDULE_S (1, 5, 15, 60 min); finished → post, failed → void.
 */
@Injectable()
export class PayoutWorker implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;
  private readonly owner = `worker-${randomUUID()}`;
  private lastStats = 0;
  private stopping = false;

  constructor(
    private readonly jobs: WorkerRepository,
    private readonly repo: WithdrawRepository,
    private readonly withdraws: WithdrawService,
    private readonly settlement: SettlementService,
    private readonly ledger: LedgerClient,
    private readonly metrics: PayoutMetrics,
    @Inject(PAYOUT_PROVIDER) private readonly provider: PayoutProvider,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.periodic = new Periodic(
      () => this.tick(),
      config.PAYOUT_WORKER_INTERVAL_MS,
      (err) => logger.error({ err }, 'payout worker tick failed'),
    );
  }

  onModuleInit(): void {
    if (this.config.PAYOUT_WORKER_ENABLED) this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true; // the pass in hand finishes its batch and claims no more
    await this.periodic.stop();
  }

  /**
   * One pass: claims due rows until none is left; resolves with how many it handled. A row
   * handled once is not claimed again in the same pass, so a row that keeps failing with no
   * back-off (or a provider that is down) cannot keep a pass — and a shutdown — going forever.
   */
  async tick(): Promise<number> {
    const handled: string[] = [];
    while (!this.stopping) {
      const rows = await this.jobs.claim(
        this.owner,
        this.config.PAYOUT_WORKER_BATCH,
        this.config.PAYOUT_LEASE_S,
        handled,
      );
      if (rows.length === 0) break;
      await Promise.all(rows.map((r) => this.handle(r)));
      handled.push(...rows.map((r) => r.id));
    }
    if (Date.now() - this.lastStats > STATS_EVERY_MS) {
      this.lastStats = Date.now();
      const stats = await this.jobs.queueStats();
      for (const s of ['reserving', 'pending', 'pending_manual_review', 'processing'])
        this.metrics.queue.set({ status: s }, stats.byStatus[s] ?? 0);
      this.metrics.stuck.set(stats.stuck);
      this.metrics.oldest.set({ status: 'pending' }, stats.oldestPendingS);
      this.metrics.oldest.set({ status: 'processing' }, stats.oldestProcessingS);
    }
    return handled.length;
  }

  private async handle(row: WithdrawRow): Promise<void> {
    try {
      if (row.status === 'reserving') await this.resolveReservation(row);
      else if (row.status === 'pending') await this.submit(row);
      else if (row.status === 'processing') await this.poll(row);
    } catch (err) {
      await this.retryLater(row, err);
    }
  }

  private async resolveReservation(row: WithdrawRow): Promise<void> {
    try {
      await this.ledger.rpc.hold({
        transferId: row.holdId,
        telegramId: row.telegramId,
        amountMicroUsd: row.amountMicroUsd,
        reference: row.id,
        note: `Withdraw to ${row.walletAddress}`,
      });
    } catch (err) {
      if (remoteCodeOf(err) === 'insufficient_balance') {
        await this.repo.tx((m) => this.repo.deleteReserving(m, row.id));
        return;
      }
      throw err;
    }
    await this.withdraws.completeReservation(row.id);
  }

  private async submit(row: WithdrawRow): Promise<void> {
    let payout: ProviderPayout | undefined;
    // A payout was attempted before (crash, timeout, lost answer): never create before asking.
    if (row.providerAttemptedAt) payout = await this.provider.findPayout(row.id);
    if (!payout) {
      await this.jobs.markAttempted(row.id);
      try {
        payout = await this.provider.createPayout({
          externalId: row.id,
          address: row.walletAddress,
          amountMicroUsdt: row.netMicroUsdt,
        });
        if (this.config.PAYOUT_FAULT_PAUSE_AFTER_CREATE) await this.pauseForever(row.id);
      } catch (err) {
        if (err instanceof ProviderError && !err.transient) {
          this.metrics.providerErrors.inc({ operation: 'create', kind: 'permanent' });
          await this.settlement.fail(row, `provider_error: ${err.message}`, 'failed', ['pending']);
          return;
        }
        throw err;
      }
    }
    await this.apply(row, payout);
  }

  /** Fault injection: the provider holds the payout, the row does not know it (a test kills us here). */
  private pauseForever(withdrawId: string): Promise<never> {
    this.logger.warn({ withdrawId }, 'fault injection: paused after createPayout');
    return new Promise<never>(() => undefined);
  }

  private async poll(row: WithdrawRow): Promise<void> {
    const payout = await this.provider.getPayoutStatus({
      payoutId: row.payoutId ?? '',
      batchId: row.batchId ?? '',
      externalId: row.id,
    });
    await this.apply(row, payout);
  }

  /** The provider's answer applied to the row. */
  private async apply(row: WithdrawRow, p: ProviderPayout): Promise<void> {
    if (p.status === 'finished') {
      await this.settlement.complete(row, p.txHash ?? '', ['pending', 'processing'], p);
      return;
    }
    if (p.status === 'failed') {
      await this.settlement.fail(
        row,
        p.error || 'The provider reported the payout failed',
        'failed',
        ['pending', 'processing'],
      );
      return;
    }
    const schedule = this.config.PAYOUT_POLL_SCHEDULE_S;
    if (row.status === 'pending') {
      await this.settlement.accepted(row, p, schedule[0]);
      return;
    }
    await this.jobs.reschedule(
      row.id,
      schedule[Math.min(row.pollCount + 1, schedule.length - 1)],
      'poll_count',
    );
  }

  private async retryLater(row: WithdrawRow, err: unknown): Promise<void> {
    const transient = !(err instanceof ProviderError) || err.transient;
    this.metrics.providerErrors.inc({
      operation: row.status,
      kind: transient ? 'transient' : 'permanent',
    });
    const attempts = row.attempts + 1;
    const delay = Math.min(
      3_600,
      this.config.PAYOUT_RETRY_BACKOFF_S * 2 ** Math.min(row.attempts, 10),
    );
    this.logger.warn(
      { err, withdrawId: row.id, status: row.status, attempts },
      'payout step failed; retrying later',
    );
    if (row.status === 'pending' && attempts > this.config.PAYOUT_RETRY_MAX) {
      // Out of retries: fail (and refund) only when the provider holds no payout for this row.
      try {
        const found = row.providerAttemptedAt ? await this.provider.findPayout(row.id) : undefined;
        if (!found) {
          await this.settlement.fail(row, `provider_error: ${(err as Error).message}`, 'failed', [
            'pending',
          ]);
          return;
        }
        await this.apply(row, found);
        return;
      } catch (inner) {
        this.logger.error(
          { err: inner, withdrawId: row.id },
          'could not settle a payout out of retries',
        );
      }
    }
    await this.jobs.reschedule(row.id, delay, 'attempts');
  }
}
