import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';

import type { ledger } from '@trafficshare/contracts';
import type { UserId } from '@trafficshare/identity';

import { AccountsRepository } from '../accounts/accounts.repository';
import { addDays, isValidDay, utcDay } from '../common/dates';
import type { LedgerTx } from '../common/ledger-transactions';
import { LedgerAuditRepository } from '../ledger-admin/ledger-audit.repository';
import { TransfersRepository } from '../transfers/transfers.repository';
import { maskUserId } from './referral-calculator';
import { ReferralPayerService } from './referral-payer.service';
import { ReferralsException, ReferralsErrorCode } from './referrals.exception';
import { ReferralsRepository } from './referrals.repository';

/** The longest per-day series one request may ask for. */
const MAX_DAYS = 366;

@Injectable()
export class ReferralsService {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly payer: ReferralPayerService,
    private readonly accounts: AccountsRepository,
    private readonly transfers: TransfersRepository,
    private readonly audit: LedgerAuditRepository,
  ) {}

  async attributed(
    t: LedgerTx,
    a: { referralId: UserId; referrerId: UserId; counted: boolean; reason: string; at: Date },
  ): Promise<void> {
    if (a.referralId === a.referrerId) return; // auth never sends it; a bad event pays nobody
    await this.referrals.attribute(
      t.manager,
      a.referralId,
      a.referrerId,
      a.counted ? 'active' : 'not_counted',
      a.counted ? '' : a.reason.slice(0, 32),
      a.at,
    );
  }

  async banned(t: LedgerTx, user: UserId, banned: boolean): Promise<void> {
    await this.referrals.setBanned(t.manager, user, banned);
  }

  /**
   * Stops the link's future commissions. With `clawBack`, what the referrer earned from this
   * referral (commissions at tier 1 and the milestone bonus) goes back to the referral expense
   * as an audited adjustment — at most the referrer's available balance (never below zero).
   */
  async voided(
    t: LedgerTx,
    v: {
      referralId: UserId;
      referrerId: UserId;
      reason: string;
      adminId: number;
      clawBack: boolean;
      note: string;
    },
  ): Promise<void> {
    const m = t.manager;
    const referrer = await this.referrals.void(
      m,
      v.referralId,
      v.referrerId,
      v.reason.slice(0, 32),
    );
    if (!referrer || !v.clawBack) return;
    const owed = await this.referrals.clawBackable(m, referrer, v.referralId);
    const { available } = await this.accounts.balance(referrer, m);
    const amount = Math.min(owed, available);
    if (amount > 0) {
      const accounts = await this.accounts.userAccount(m, referrer);
      const id = `referral-clawback:${v.referralId}:${randomUUID()}`;
      await this.transfers.insert(m, [
        {
          id,
          kind: 'adjustment',
          status: 'posted',
          telegramId: referrer,
          debitAccountId: accounts.available,
          creditAccountId: await this.accounts.platformAccount(m, 'referral_expense'),
          amount,
          reference: `referral:${v.referralId}:clawback`,
          note: `Referral voided (${v.reason}): earnings from user ${maskUserId(v.referralId)} taken back`,
        },
      ]);
      await this.referrals.markClawedBack(m, referrer, v.referralId, amount);
    }
    await this.audit.add(m, {
      actorId: v.adminId,
      targetId: referrer,
      action: 'referral_clawback',
      details: { referral_id: v.referralId, owed, taken: amount, reason: v.reason, note: v.note },
    });
  }

  async earnings(
    owner: UserId,
    from: string,
    to: string,
    totalsOnly = false,
  ): Promise<ledger.GetReferralEarningsResponse> {
    const today = utcDay(new Date());
    const end = to || today;
    const start = from || addDays(end, -29);
    if (!isValidDay(start) || !isValidDay(end))
      throw new ReferralsException(
        ReferralsErrorCode.InvalidRange,
        'from and to must be YYYY-MM-DD days',
      );
    if (start > end || addDays(start, MAX_DAYS - 1) < end)
      throw new ReferralsException(
        ReferralsErrorCode.InvalidRange,
        `from must not be after to, and the range is at most ${MAX_DAYS} days`,
      );
    const [tiers, sources, days] = await Promise.all([
      this.referrals.totalsByTier(owner),
      totalsOnly ? Promise.resolve([]) : this.referrals.sourceTotals(owner),
      this.referrals.daily(owner, start, end),
    ]);
    return {
      totalMicroUsd: tiers.reduce((a, r) => a + r.earned, 0),
      tiers: tiers.map((r) => ({
        tier: r.tier,
        earnedMicroUsd: r.earned,
        incomeMicroUsd: r.income,
      })),
      sources: sources.map((s) => ({
        sourceTelegramId: s.sourceId,
        tier: s.tier,
        earnedMicroUsd: s.earned,
        sharedMilliMb: s.sharedMilliMb,
        bonusPaid: s.bonusPaid,
        status: s.banned ? 'banned' : s.status,
      })),
      days: days.map((d) => ({
        day: d.day,
        tier: d.tier,
        earnedMicroUsd: d.earned,
        incomeMicroUsd: d.income,
      })),
      from: start,
      to: end,
      ratesBp: this.payer.ratesBp,
      bonusMicroUsd: this.payer.bonusMicro,
      bonusMilliMb: this.payer.bonusMilliMb,
    };
  }
}
