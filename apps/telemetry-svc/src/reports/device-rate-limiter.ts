import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

/**
 * ≤ REPORTS_PER_MIN_PER_DEVICE reports per device per minute (fixed one-minute windows in
 * Redis, shared by every replica), checked for a whole batch in one pipeline. When Redis is
 * unreachable the limit is skipped (fail open): it protects capacity, not money.
 */
@Injectable()
export class DeviceRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** For each device (in order, repeats allowed): undefined = allowed, else seconds to wait. */
  async check(deviceIds: readonly string[], now = Date.now()): Promise<Array<number | undefined>> {
    if (deviceIds.length === 0) return [];
    const window = Math.floor(now / 60_000);
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000));
    const pipeline = this.redis.pipeline();
    for (const id of deviceIds) {
      const key = `tl:rl:report:${id}:${window}`;
      pipeline.incr(key).expire(key, 120);
    }
    try {
      const replies = (await pipeline.exec()) ?? [];
      return deviceIds.map((_, i) => {
        const [err, count] = replies[i * 2] ?? [null, 0];
        if (err) return undefined;
        return Number(count) > this.config.REPORTS_PER_MIN_PER_DEVICE ? retryAfter : undefined;
      });
    } catch (err) {
      this.logger.warn({ err }, 'report rate limit unavailable; allowing');
      return deviceIds.map(() => undefined);
    }
  }
}
