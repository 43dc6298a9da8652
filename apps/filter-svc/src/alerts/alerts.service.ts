import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { Transactions } from '@trafficshare/database';
import type { UserId } from '@trafficshare/identity';
import type { Outbox } from '@trafficshare/messaging';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, OUTBOX, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

/**
 * Alert events for ops and admins (provider down, user locked). Sent through the outbox in a
 * transaction of their own, throttled across instances with a Redis key, never on the START
 * path's critical section (callers do not await them).
 */
@Injectable()
export class AlertsService {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly tx: Transactions,
    @Inject(OUTBOX) private readonly outbox: Outbox,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** A provider failed; at most one alert per provider per ALERT_THROTTLE_S. */
  providerDown(provider: string, error: string, fallback: string): void {
    this.logger.error({ provider, error, fallback }, 'reputation provider down');
    this.fire(`filter:alert:provider:${provider}`, async () => {
      await this.tx.run((m) =>
        this.outbox.add(m, 'FilterProviderDown', {
          provider,
          error: error.slice(0, 500),
          fallback,
          detectedAt: new Date().toISOString(),
        }),
      );
    });
  }

  /** A user reached the daily attempt limit. */
  userLocked(telegramId: UserId, attempts: number, day: string): void {
    this.logger.warn(
      { telegram_id: telegramId, attempts, day },
      'user locked after repeated denied STARTs',
    );
    this.fire(`filter:alert:locked:${telegramId}:${day}`, async () => {
      await this.tx.run((m) =>
        this.outbox.add(m, 'FilterUserLocked', {
          telegramId,
          attempts,
          day,
          lockedAt: new Date().toISOString(),
        }),
      );
    });
  }

  private fire(throttleKey: string, send: () => Promise<void>): void {
    void (async () => {
      const first = await this.redis.set(
        throttleKey,
        '1',
        'EX',
        this.config.ALERT_THROTTLE_S,
        'NX',
      );
      if (first !== 'OK') return;
      await send();
    })().catch((err: unknown) => this.logger.error({ err }, 'alert event could not be written'));
  }
}
