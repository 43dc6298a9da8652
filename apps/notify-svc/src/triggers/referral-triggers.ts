import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import { isUserId } from '@trafficshare/identity';
import type { ConsumedEvent } from '@trafficshare/messaging';
import { ServiceConsumers } from '@trafficshare/service-kit';

import { CATALOGUE } from '../common/catalogue';
import { validDate } from './event-triggers';
import { Notifier } from './notifier';
import { TriggerStore } from './trigger-store';

/**
 * Referrals: "your friend joined" to the referrer of a counted referral, and "you earned $X from
 * referrals today" — one notification per user per UTC day, its amount the day's running total
 * (pushed once, when the day's first credit arrives; the in-app text follows the total).
 */
@Injectable()
export class ReferralTriggers {
  constructor(
    consumers: ServiceConsumers,
    private readonly notifier: Notifier,
    private readonly store: TriggerStore,
  ) {
    consumers.on('ReferralAttributed', { durable: 'notify-referral-attributed' }, (e, tx) =>
      e.message.counted
        ? notifier.one(tx, e.message.referrerId, 'account', (p) => ({
            type: 'referral',
            ...CATALOGUE.referralJoined(p.language, e.message.referralNameMasked || '***'),
            data: { type: 'referral', kind: 'joined' },
            sourceKey: `referral:joined:${e.message.referralId}`,
            eventAt: e.occurredAt,
          }))
        : Promise.resolve(false),
    );
    consumers.on('ReferralRewarded', { durable: 'notify-referral-rewarded' }, (e, tx) =>
      this.rewarded(tx, e),
    );
  }

  private async rewarded(tx: EntityManager, e: ConsumedEvent<'ReferralRewarded'>): Promise<void> {
    const days = new Map<string, { owner: number; day: string; amount: number }>();
    for (const r of e.message.rewards) {
      if (!isUserId(r.telegramId) || r.amountMicroUsd <= 0) continue;
      const day = (validDate(r.rewardedAt) ?? e.occurredAt).toISOString().slice(0, 10);
      const key = `${r.telegramId}:${day}`;
      const sum = days.get(key) ?? { owner: r.telegramId, day, amount: 0 };
      days.set(key, { ...sum, amount: sum.amount + r.amountMicroUsd });
    }
    for (const { owner, day, amount } of days.values()) {
      const total = await this.store.addReferral(tx, owner as never, day, amount);
      await this.notifier.coalesced(tx, owner, 'account', (p) => ({
        type: 'referral',
        ...CATALOGUE.referralEarned(p.language, total),
        data: { type: 'referral', kind: 'earned', day, amount_micro_usd: String(total) },
        sourceKey: `referral:earned:${owner}:${day}`,
        eventAt: e.occurredAt,
      }));
    }
  }
}
