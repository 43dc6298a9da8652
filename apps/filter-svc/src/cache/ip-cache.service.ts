import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { CONFIG, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import type { IpIntel } from '../reputation/ip-intel';

const fresh = (ip: string) => `filter:ip:${ip}`;
const stale = (ip: string) => `filter:ipstale:${ip}`;

/**
 * Redis cache of IP verdicts. The fresh copy lives CACHE_TTL_IP (policy) seconds; a stale
 * copy lives CACHE_STALE_TTL_S and is only read when every provider is down.
 */
@Injectable()
export class IpCacheService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async get(ip: string): Promise<IpIntel | undefined> {
    return parse(await this.redis.get(fresh(ip)));
  }

  async getStale(ip: string): Promise<IpIntel | undefined> {
    return parse(await this.redis.get(stale(ip)));
  }

  async set(ip: string, intel: IpIntel, ttlS: number): Promise<void> {
    const text = JSON.stringify(intel);
    await this.redis
      .multi()
      .set(fresh(ip), text, 'EX', ttlS)
      .set(stale(ip), text, 'EX', Math.max(ttlS, this.config.CACHE_STALE_TTL_S))
      .exec();
  }

  async invalidate(ip: string): Promise<void> {
    await this.redis.del(fresh(ip));
  }
}

function parse(text: string | null): IpIntel | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as IpIntel;
  } catch {
    return undefined;
  }
}
