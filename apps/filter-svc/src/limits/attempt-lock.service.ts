import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { UserId } from '@trafficshare/identity';
import { REDIS } from '@trafficshare/service-kit';

import { AlertsService } from '../alerts/alerts.service';

export const utcDay = (now = new Date()): string => now.toISOString().slice(0, 10);
const key = (telegramId: UserId, day: string) => `filter:attempts:${telegramId}:${day}`;

/**
 * MAX_START_ATTEMPTS_BEFORE_LOCK: denied STARTs are counted per user per UTC day; at the limit
 * further STARTs that day are refused with too_many_attempts and admins are alerted.
 * Only denials count, so a user who stops and starts many times a day is never locked.
 */
@Injectable()
export class AttemptLockService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly alerts: AlertsService,
  ) {}

  async count(telegramId: UserId, now = new Date()): Promise<number> {
    return Number((await this.redis.get(key(telegramId, utcDay(now)))) ?? 0);
  }

  /** Counts one denied START; alerts once when the count reaches `max`. */
  async recordDenied(telegramId: UserId, max: number, now = new Date()): Promise<number> {
    const day = utcDay(now);
    const [[, count]] = (await this.redis
      .multi()
      .incr(key(telegramId, day))
      .expire(key(telegramId, day), 2 * 86_400)
      .exec()) as [[Error | null, number], [Error | null, number]];
    if (count === max) this.alerts.userLocked(telegramId, count, day);
    return count;
  }

  async reset(telegramId: UserId, now = new Date()): Promise<void> {
    await this.redis.del(key(telegramId, utcDay(now)));
  }
}
