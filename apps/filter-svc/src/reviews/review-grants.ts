import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { UserId } from '@trafficshare/identity';
import { CONFIG, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

const key = (telegramId: UserId, ip: string) => `filter:grant:${telegramId}:${ip}`;

/** An approved review lets that user START from that IP for REVIEW_GRANT_TTL_S (admin override). */
@Injectable()
export class ReviewGrants {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async grant(telegramId: UserId, ip: string, ticketId: string): Promise<void> {
    await this.redis.set(key(telegramId, ip), ticketId, 'EX', this.config.REVIEW_GRANT_TTL_S);
  }

  /** The approving ticket id, if any. */
  granted(telegramId: UserId, ip: string): Promise<string | null> {
    return this.redis.get(key(telegramId, ip));
  }
}
