import { Injectable } from '@nestjs/common';

import { userId } from '@trafficshare/identity';
import { ServiceConsumers } from '@trafficshare/service-kit';

import { LedgerTransactions } from '../common/ledger-transactions';
import { ReferralsService } from './referrals.service';

export const REFERRAL_GRAPH_CONSUMER = 'ledger-referral-graph';

/**
 * auth-svc owns attribution; the ledger keeps its own copy of the graph from auth's events
 * (never reading auth's tables): ReferralAttributed adds a link, ReferralVoided stops it (with
 * an optional claw-back), UserBanned pauses a banned referral's commissions. Each event commits
 * with its inbox row, so a redelivery changes nothing. Income credited before the attribution
 * reached the ledger pays no commission (attribution happens at first login, before any traffic).
 */
@Injectable()
export class ReferralGraphConsumer {
  constructor(consumers: ServiceConsumers, service: ReferralsService, tx: LedgerTransactions) {
    consumers.on(
      ['ReferralAttributed', 'ReferralVoided', 'UserBanned'],
      { durable: REFERRAL_GRAPH_CONSUMER },
      (event, manager) =>
        tx.join(manager, async (t) => {
          switch (event.type) {
            case 'ReferralAttributed': {
              const e = event.message;
              return service.attributed(t, {
                referralId: userId(e.referralId),
                referrerId: userId(e.referrerId),
                counted: e.counted,
                reason: e.reason,
                at: new Date(e.attributedAt || Date.now()),
              });
            }
            case 'ReferralVoided': {
              const e = event.message;
              return service.voided(t, {
                referralId: userId(e.referralId),
                referrerId: userId(e.referrerId),
                reason: e.reason || 'admin_void',
                adminId: e.adminId,
                clawBack: e.clawBack,
                note: e.note,
              });
            }
            case 'UserBanned':
              return service.banned(t, userId(event.message.telegramId), event.message.banned);
          }
        }),
    );
  }
}
