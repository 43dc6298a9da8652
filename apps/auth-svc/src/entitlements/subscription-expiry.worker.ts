import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, JobSchedules, LOGGER, Periodic } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { EntitlementsService } from './entitlements.service';

const PAGE = 200;

/**
 * Every SUBSCRIPTION_EXPIRY_SWEEP_MS, switches off the subscriptions whose expiry has passed
 * (a page at a time until none is left): the user's version moves, the history says "expired",
 * and their open WebSocket gets `subscription_update` with action `expire`.
 */
@Injectable()
export class SubscriptionExpiryWorker implements OnModuleInit, OnModuleDestroy {
  private readonly periodic: Periodic;
  private stopped = false;

  constructor(
    private readonly entitlements: EntitlementsService,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    schedules: JobSchedules,
  ) {
    this.periodic = new Periodic(
      () => this.sweep(),
      config.SUBSCRIPTION_EXPIRY_SWEEP_MS,
      (err) => logger.error({ err }, 'subscription expiry sweep failed'),
    );
    // The `cron` system setting may change the interval at run time.
    schedules.register('subscription_expiry_sweep', this.periodic);
  }

  onModuleInit(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.periodic.stop();
  }

  /** Expires everything due now; resolves with how many subscriptions it switched off. */
  async sweep(): Promise<number> {
    let total = 0;
    while (!this.stopped) {
      const now = new Date();
      const due = await this.entitlements.due(now, PAGE);
      let expired = 0;
      for (const row of due) {
        if (this.stopped) break;
        try {
          if (await this.entitlements.expire(row, now)) expired += 1;
        } catch (err) {
          // One bad row must not stop the others; it is tried again next sweep.
          this.logger.error(
            { err, subscriptionId: row.id, telegramId: row.telegramId },
            'could not expire a subscription',
          );
        }
      }
      total += expired;
      if (expired > 0) this.logger.info({ expired }, 'expired subscriptions switched off');
      // A short page is the last; a page where nothing could expire would only repeat itself.
      if (due.length < PAGE || expired === 0) break;
    }
    return total;
  }
}
