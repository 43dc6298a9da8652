import { Injectable } from '@nestjs/common';

import { userId } from '@trafficshare/identity';
import { ServiceConsumers } from '@trafficshare/service-kit';

import { ReferralsService } from './referrals.service';

export const REFERRAL_DEVICES_CONSUMER = 'auth-referral-devices';

/**
 * Fraud rules on START (filter-svc's FilterDecided, one per START): a referral and its referrer
 * STARTing on one device → the relationship is voided (same_device); a referral whose START is
 * denied as VPN, proxy or datacenter → voided (filter_failed). Each event commits with its inbox
 * row, so a redelivery changes nothing.
 */
@Injectable()
export class ReferralDevicesConsumer {
  constructor(consumers: ServiceConsumers, referrals: ReferralsService) {
    consumers.on('FilterDecided', { durable: REFERRAL_DEVICES_CONSUMER }, (event, manager) => {
      const e = event.message;
      if (!e.telegramId) return Promise.resolve();
      return referrals.onStart(manager, {
        telegramId: userId(e.telegramId),
        deviceId: e.deviceId,
        decision: e.decision,
        reasons: e.reasons,
      });
    });
  }
}
