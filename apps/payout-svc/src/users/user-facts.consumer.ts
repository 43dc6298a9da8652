import { Inject, Injectable } from '@nestjs/common';

import { CONFIG, ServiceConsumers } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { UserFactsRepository } from './user-facts.repository';

export const USER_FACTS_CONSUMER = 'payout-user-facts';

/**
 * auth-svc owns users and subscriptions; payout-svc keeps the two facts its risk score and review
 * queue need from auth's events: when the account was registered (account age) and whether it
 * holds a premium model (premium reviews are queued first). Each event commits with its inbox
 * row, so a redelivery changes nothing.
 */
@Injectable()
export class UserFactsConsumer {
  constructor(
    consumers: ServiceConsumers,
    facts: UserFactsRepository,
    @Inject(CONFIG) config: AppConfig,
  ) {
    consumers.on(
      ['UserRegistered', 'SubscriptionChanged'],
      { durable: USER_FACTS_CONSUMER },
      async (event, m) => {
        switch (event.type) {
          case 'UserRegistered': {
            const e = event.message;
            const at = new Date(e.registeredAt);
            await facts.registered(m, e.telegramId, Number.isNaN(at.getTime()) ? new Date() : at);
            return;
          }
          case 'SubscriptionChanged': {
            const e = event.message;
            const premium = e.modelIds.some((id) => config.PREMIUM_MODEL_IDS.includes(id));
            await facts.subscription(m, e.telegramId, e.version, premium);
            return;
          }
        }
      },
    );
  }
}
