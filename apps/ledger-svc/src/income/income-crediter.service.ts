import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { isUserId, type UserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { publishLive } from '@trafficshare/realtime';
import { CONFIG, LOGGER, REDIS } from '@trafficshare/service-kit';

import { AccountsRepository } from '../accounts/accounts.repository';
import { utcDay } from '../common/dates';
import type { LedgerTx } from '../common/ledger-transactions';
import { microToNumber } from '../common/money';
import type { AppConfig } from '../config';
import { PricingService } from '../pricing/pricing.service';
import { ReferralPayerService } from '../referrals/referral-payer.service';
import { TransfersRepository, type NewTransfer } from '../transfers/transfers.repository';
import {
  computeCredits,
  priceReports,
  type ReportToCredit,
  type UserCredit,
} from './income-calculator';
import { IncomeRepository } from './income.repository';
import { incomeMetrics } from './income.metrics';

export interface CreditSummary {
  /** Reports credited now (not credited before). */
  readonly reports: number;
  readonly duplicates: number;
  readonly credits: readonly UserCredit[];
}

/**
 * Credits traffic reports exactly once, in the caller's movement (LedgerTx): claims them in
 * credited_reports (keyed (session_id, seq), so a report credited by any path is never credited
 * again), prices each by the day it was counted, and moves one income transfer per user from
 * the traffic expense account. One IncomesCredited per batch goes to the outbox (one
 * IncomeCredited item per paid user); `balance_update` is pushed to each user after commit.
 */
@Injectable()
export class IncomeCrediterService {
  constructor(
    private readonly income: IncomeRepository,
    private readonly pricing: PricingService,
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersRepository,
    private readonly referrals: ReferralPayerService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `shard`: the traffic expense shard this worker debits (concurrent workers never share one). */
  async credit(
    t: LedgerTx,
    input: readonly ReportToCredit[],
    source: 'event' | 'reconciliation',
    shard = 0,
  ): Promise<CreditSummary> {
    const timer = incomeMetrics.batchSeconds.startTimer({ source });
    const summary = await this.creditBatch(t, input, source, shard);
    timer();
    incomeMetrics.batchReports.observe({ source }, input.length);
    incomeMetrics.reports.inc({ source, result: 'credited' }, summary.reports);
    incomeMetrics.reports.inc({ source, result: 'duplicate' }, summary.duplicates);
    return summary;
  }

  private async creditBatch(
    t: LedgerTx,
    input: readonly ReportToCredit[],
    source: 'event' | 'reconciliation',
    shard: number,
  ): Promise<CreditSummary> {
    const m = t.manager;
    const reports = dedupe(input.map(validate));
    if (reports.length === 0) return { reports: 0, duplicates: input.length, credits: [] };
    const maxDay = utcDay(new Date(Math.max(...reports.map((r) => r.countedAt.getTime()))));
    const priced = priceReports(reports, await this.pricing.book(maxDay, m));

    const transferOf = new Map<UserId, string>();
    for (const r of priced)
      if (!transferOf.has(r.telegramId)) transferOf.set(r.telegramId, `income:${randomUUID()}`);
    const fresh = await this.income.claim(m, priced, transferOf, source);
    const claimed = priced.filter((r) => fresh.has(IncomeRepository.key(r.sessionId, r.seq)));
    if (claimed.length === 0) return { reports: 0, duplicates: input.length, credits: [] };

    const remainders = await this.income.lockRemainders(
      m,
      claimed.map((r) => r.telegramId),
    );
    const credits = computeCredits(claimed, remainders);
    const paying = credits.filter((c) => c.amount > 0);
    const accounts = await this.accounts.userAccounts(
      m,
      paying.map((c) => c.telegramId),
    );
    const expense = await this.accounts.platformAccount(m, 'traffic_expense', shard);
    const rows: NewTransfer[] = paying.map((c) => ({
      id: transferOf.get(c.telegramId)!,
      kind: 'income',
      status: 'posted',
      telegramId: c.telegramId,
      debitAccountId: expense,
      creditAccountId: accounts.get(c.telegramId)!.available,
      amount: c.amount,
      reference: source,
      note: `Traffic income: ${formatMb(c.milliMb)} MB, ${c.reportCount} report(s)`,
      milliMb: c.milliMb,
    }));
    await this.income.detachTransfers(
      m,
      credits.filter((c) => c.amount === 0).map((c) => transferOf.get(c.telegramId)!),
    );
    await this.income.saveRemainders(m, credits);
    await this.income.addDailyEarnings(m, credits);
    // Referral commissions on this batch's traffic income, in this transaction (exactly once per
    // income transfer and ancestor).
    const referral = await this.referrals.pay(
      t,
      credits.map((c) => ({
        transferId: transferOf.get(c.telegramId)!,
        source: c.telegramId,
        amount: c.amount,
        milliMb: c.milliMb,
      })),
      shard,
    );
    // Last writes of the batch: the expense accounts' row locks are held until commit.
    await this.transfers.insert(m, [...rows, ...referral.transfers]);
    if (referral.rewards.length > 0) {
      const rewardedAt = new Date().toISOString();
      await t.emit('ReferralRewarded', {
        rewards: referral.rewards.map((r) => ({ ...r, rewardedAt })),
      });
    }

    const balances = await this.accounts.availableOf(
      m,
      paying.map((c) => c.telegramId),
    );
    if (paying.length > 0) {
      // One event per batch (not per user): one outbox row, stream message and inbox row each.
      const creditedAt = new Date().toISOString();
      await t.emit('IncomesCredited', {
        credits: paying.map((c) => ({
          telegramId: c.telegramId,
          transferId: transferOf.get(c.telegramId)!,
          amountMicroUsd: c.amount,
          milliMb: c.milliMb,
          reportCount: c.reportCount,
          pricePerGbMicroUsd: c.lastPricePerGb,
          balanceMicroUsd: balances.get(c.telegramId) ?? 0,
          creditedAt,
        })),
      });
    }
    t.afterCommit(() => {
      const now = Date.now();
      for (const r of claimed)
        incomeMetrics.creditLagSeconds.observe(
          { source },
          Math.max(0, now - r.countedAt.getTime()) / 1000,
        );
      this.pushLive(paying, balances, transferOf);
    });
    return { reports: claimed.length, duplicates: input.length - claimed.length, credits };
  }

  private pushLive(
    paying: readonly UserCredit[],
    balances: ReadonlyMap<UserId, number>,
    transferOf: ReadonlyMap<UserId, string>,
  ): void {
    for (const c of paying) {
      publishLive(this.redis, this.config.REDIS_KEY_PREFIX, c.telegramId, {
        type: 'balance_update',
        data: {
          balance_usd: microToNumber(balances.get(c.telegramId) ?? 0),
          delta_usd: microToNumber(c.amount),
          mb: c.milliMb / 1000,
          reason: 'income',
          transfer_id: transferOf.get(c.telegramId),
        },
      }).catch((err: unknown) =>
        this.logger.warn({ err: String(err) }, 'balance_update publish failed'),
      );
    }
  }
}

function validate(r: ReportToCredit): ReportToCredit {
  if (!r.sessionId || r.sessionId.length > 64) throw new Error(`report has a bad session_id`);
  if (!Number.isSafeInteger(r.seq) || r.seq < 0)
    throw new Error(`report ${r.sessionId} has a bad seq`);
  if (!isUserId(r.telegramId)) throw new Error(`report ${r.sessionId}/${r.seq} has no user`);
  // 1 TB per report is far beyond any device's 10-second report; larger is a unit bug upstream.
  if (!Number.isSafeInteger(r.milliMb) || r.milliMb < 0 || r.milliMb > 1024 * 1024 * 1000) {
    throw new Error(`report ${r.sessionId}/${r.seq} has a bad delta_milli_mb`);
  }
  if (Number.isNaN(r.countedAt.getTime()))
    throw new Error(`report ${r.sessionId}/${r.seq} has a bad counted_at`);
  return r;
}

function dedupe(reports: readonly ReportToCredit[]): ReportToCredit[] {
  const seen = new Set<string>();
  return reports.filter((r) => {
    const k = IncomeRepository.key(r.sessionId, r.seq);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const formatMb = (milliMb: number): string => (milliMb / 1000).toFixed(3);
