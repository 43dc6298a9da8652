import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { UserId } from '@trafficshare/identity';
import { CONFIG } from '@trafficshare/service-kit';

import { AccountsRepository } from '../accounts/accounts.repository';
import { utcDay } from '../common/dates';
import { parseMicro } from '../common/money';
import type { LedgerTx } from '../common/ledger-transactions';
import type { AppConfig } from '../config';
import type { NewTransfer } from '../transfers/transfers.repository';
import {
  commissionsOf,
  maskUserId,
  parseRates,
  payBeneficiaries,
  type BeneficiaryPayment,
  type IncomeItem,
} from './referral-calculator';
import { ReferralsRepository, type DailyReferralRow } from './referrals.repository';

/** One traffic income credit of the batch (amount may be 0 when it stayed in the remainder). */
export interface CreditedIncome extends IncomeItem {
  readonly milliMb: number;
}

export interface ReferralPayout {
  /** Transfers to insert with the batch's income transfers (one statement). */
  readonly transfers: NewTransfer[];
  /** Items of the batch's ReferralRewarded event. */
  readonly rewards: Array<{
    telegramId: UserId;
    /** The referral (0 when the credit sums several). */
    sourceTelegramId: number;
    tier: number;
    kind: 'commission' | 'milestone_bonus';
    transferId: string;
    amountMicroUsd: number;
  }>;
}

/**
 * Referral commissions of one income batch, inside the batch's transaction: every traffic income
 * item pays each active ancestor its tier's rate once (referral_rewards is keyed (income transfer,
 * beneficiary)), rounded per (beneficiary, source) pair with the remainder carried; a referral's
 * traffic crossing REFERRAL_BONUS_MB pays its referrer the one-time bonus. Money comes from the
 * worker's referral expense shard. Only traffic income goes in — never referral credits or
 * bonuses — so nothing compounds.
 */
@Injectable()
export class ReferralPayerService {
  readonly ratesBp: number[];
  readonly bonusMicro: number;
  readonly bonusMilliMb: number;

  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly accounts: AccountsRepository,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.ratesBp = parseRates(config.REFERRAL_RATES_BP);
    this.bonusMicro = parseMicro(config.REFERRAL_BONUS_USD);
    this.bonusMilliMb = config.REFERRAL_BONUS_MB * 1000;
  }

  async pay(
    t: LedgerTx,
    income: readonly CreditedIncome[],
    shard: number,
  ): Promise<ReferralPayout> {
    const m = t.manager;
    const none: ReferralPayout = { transfers: [], rewards: [] };
    if (income.length === 0 || !this.enabled()) return none;
    const sources = [...new Set(income.map((i) => i.source))];
    const ancestors = await this.referrals.ancestors(m, sources, this.ratesBp.length);
    // Milestone traffic counts for paying links only (an active, unbanned tier-1 link is exactly
    // what `ancestors` found): a batch without referrals costs this one query.
    const shared = new Map<UserId, number>();
    for (const i of income)
      if (ancestors.has(i.source)) shared.set(i.source, (shared.get(i.source) ?? 0) + i.milliMb);

    const fresh = await this.referrals.claim(m, commissionsOf(income, ancestors, this.ratesBp));
    const remainders = await this.referrals.lockRemainders(
      m,
      fresh.map((c) => c.beneficiary),
    );
    const paid = payBeneficiaries(fresh, remainders);
    await this.referrals.saveRemainders(m, paid);
    await this.referrals.addToPairs(m, paid);
    // Traffic is always counted; with the bonus off (0) nobody ever crosses the threshold.
    const threshold = this.bonusMicro > 0 ? this.bonusMilliMb : Number.MAX_SAFE_INTEGER;
    const milestones = await this.referrals.addShared(m, shared, threshold);

    const paying = paid.filter((p) => p.amount > 0);
    const beneficiaries = [
      ...paying.map((p) => p.beneficiary),
      ...milestones.map((x) => x.referrerId),
    ];
    if (beneficiaries.length === 0) return none;
    const accounts = await this.accounts.userAccounts(m, beneficiaries);
    const expense = await this.accounts.platformAccount(m, 'referral_expense', shard);
    const out: ReferralPayout = { transfers: [], rewards: [] };
    for (const p of paying) {
      const id = `referral:${randomUUID()}`;
      out.transfers.push({
        id,
        kind: 'referral',
        status: 'posted',
        telegramId: p.beneficiary,
        debitAccountId: expense,
        creditAccountId: accounts.get(p.beneficiary)!.available,
        amount: p.amount,
        reference: `referral:${p.sources.length === 1 ? p.sources[0].source : 'many'}`,
        note: this.commissionNote(p),
      });
      out.rewards.push({
        telegramId: p.beneficiary,
        sourceTelegramId: p.sources.length === 1 ? p.sources[0].source : 0,
        tier: Math.min(...p.sources.map((x) => x.tier)),
        kind: 'commission',
        transferId: id,
        amountMicroUsd: p.amount,
      });
    }
    for (const x of milestones) {
      out.transfers.push({
        id: x.bonusTransferId,
        kind: 'referral',
        status: 'posted',
        telegramId: x.referrerId,
        debitAccountId: expense,
        creditAccountId: accounts.get(x.referrerId)!.available,
        amount: this.bonusMicro,
        reference: `referral:${x.referralId}:bonus`,
        note: `Referral bonus: user ${maskUserId(x.referralId)} has shared ${this.bonusMilliMb / 1000 / 1024} GB`,
      });
      out.rewards.push({
        telegramId: x.referrerId,
        sourceTelegramId: x.referralId,
        tier: 0,
        kind: 'milestone_bonus',
        transferId: x.bonusTransferId,
        amountMicroUsd: this.bonusMicro,
      });
    }
    const daily: DailyReferralRow[] = [
      ...paid.flatMap((p) =>
        [...p.byTier].map(([tier, v]) => ({
          beneficiary: p.beneficiary,
          tier,
          earned: v.earned,
          income: v.income,
        })),
      ),
      ...milestones.map((x) => ({
        beneficiary: x.referrerId,
        tier: 0,
        earned: this.bonusMicro,
        income: 0,
      })),
    ];
    await this.referrals.addDaily(m, utcDay(new Date()), daily);
    return out;
  }

  private enabled(): boolean {
    return this.ratesBp.some((r) => r > 0) || this.bonusMicro > 0;
  }

  /** "Referral commission: tier 1 (10%) from •••2114; tier 2 (5%) from •••7781 (+3 more)". */
  private commissionNote(p: BeneficiaryPayment): string {
    const shown = p.sources.slice(0, 3).map((s) => {
      const pct = this.ratesBp[s.tier - 1] / 100;
      return `tier ${s.tier} (${pct}%) from ${maskUserId(s.source)}`;
    });
    const more = p.sources.length > 3 ? ` (+${p.sources.length - 3} more)` : '';
    return `Referral commission on traffic income: ${shown.join('; ')}${more}`;
  }
}
