import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { UserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { CONFIG, LOGGER, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

/** Adds each ARGV count to its KEY (fixed one-minute windows) and returns the new totals. */
const COUNT = `
local out = {}
for i, key in ipairs(KEYS) do
  local n = tonumber(ARGV[i])
  local v = redis.call('INCRBY', key, n)
  if v == n then redis.call('EXPIRE', key, 120) end
  out[i] = v
end
return out`;

/** What a report is counted against. */
export interface RateSubject {
  readonly deviceId: string;
  readonly telegramId: UserId;
}

/**
 * ≤ REPORTS_PER_MIN_PER_DEVICE reports per device and ≤ REPORTS_PER_MIN_PER_USER per user (the
 * whole fleet of one account) per minute, in fixed one-minute windows in Redis shared by every
 * replica. A whole batch is counted with ONE script call (one round trip, one command), and
 * each report is judged by its own place in its windows, so a batch holding a device's 12th and
 * 13th report lets exactly the 12th through. When Redis is unreachable the limit is skipped
 * (fail open): it protects capacity, not money.
 */
@Injectable()
export class DeviceRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.redis.defineCommand('tlCountReports', { lua: COUNT });
  }

  /** For each report (in order, repeats allowed): undefined = allowed, else seconds to wait. */
  async check(
    subjects: readonly RateSubject[],
    now = Date.now(),
  ): Promise<Array<number | undefined>> {
    if (subjects.length === 0) return [];
    const window = Math.floor(now / 60_000);
    const retryAfter = Math.max(1, Math.ceil(((window + 1) * 60_000 - now) / 1000));
    const keysOf = (s: RateSubject) => [
      `tl:rl:report:${s.deviceId}:${window}`,
      `tl:rl:report-user:${s.telegramId}:${window}`,
    ];
    const added = new Map<string, number>();
    for (const s of subjects) for (const k of keysOf(s)) added.set(k, (added.get(k) ?? 0) + 1);
    const keys = [...added.keys()];
    let totals: number[];
    try {
      const redis = this.redis as Redis & {
        tlCountReports(n: number, ...args: Array<string | number>): Promise<number[]>;
      };
      totals = await redis.tlCountReports(keys.length, ...keys, ...keys.map((k) => added.get(k)!));
    } catch (err) {
      this.logger.warn({ err }, 'report rate limit unavailable; allowing');
      return subjects.map(() => undefined);
    }
    // The count before this batch, per key; each report then takes the next place.
    const seen = new Map(keys.map((k, i) => [k, totals[i] - added.get(k)!]));
    const limits = [this.config.REPORTS_PER_MIN_PER_DEVICE, this.config.REPORTS_PER_MIN_PER_USER];
    return subjects.map((s) => {
      let over = false;
      keysOf(s).forEach((k, i) => {
        const place = seen.get(k)! + 1;
        seen.set(k, place);
        if (place > limits[i]) over = true;
      });
      return over ? retryAfter : undefined;
    });
  }
}
