import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { GATEWAY_REDIS } from '../infra/tokens';

export interface RateLimitRule {
  /** Counter name, e.g. 'refresh_balance'; keys are per name and subject. */
  readonly name: string;
  readonly points: number;
  readonly windowS: number;
}

export interface RateLimitResult {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window resets. */
  readonly resetS: number;
}

// Fixed window in one round trip: INCR, set the expiry on the first hit, read the TTL.
const SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`;

/** Redis-backed limiter shared by all gateway instances. */
@Injectable()
export class RateLimitService {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  async hit(rule: RateLimitRule, subject: string): Promise<RateLimitResult> {
    const key = `rl:${rule.name}:${subject}`;
    const [count, ttlMs] = (await this.redis.eval(SCRIPT, 1, key, String(rule.windowS * 1000))) as [
      number,
      number,
    ];
    return {
      allowed: count <= rule.points,
      limit: rule.points,
      remaining: Math.max(0, rule.points - count),
      resetS: Math.max(1, Math.ceil(ttlMs / 1000)),
    };
  }
}
