import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { CONFIG, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

const ipKey = (ip: string) => `filter:ipdev:${ip}`;
const deviceKey = (device: string) => `filter:devip:${device}`;

// KEYS: devices of the IP (zset member=device, score=expiry ms), the device's IP.
// ARGV: now ms, ttl ms, max devices, device, ip. Returns {1|0, previous ip of the device}.
const CLAIM = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local held = redis.call('ZSCORE', KEYS[1], ARGV[4])
if not held and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return {0, false}
end
local expiry = tonumber(ARGV[1]) + tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], expiry, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
local previous = redis.call('GET', KEYS[2])
redis.call('SET', KEYS[2], ARGV[5], 'PX', ARGV[2])
return {1, previous}
`;

/**
 * MAX_DEVICES_PER_IP: which devices share from each public IP. A device holds its IP until
 * ReleaseIp (session end) or IP_DEVICE_TTL_S; the same device starting again is never refused.
 */
@Injectable()
export class IpClaimsService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** True when the device may share from `ip` (and now holds it). */
  async claim(ip: string, device: string, maxDevices: number): Promise<boolean> {
    const [ok, previous] = (await this.redis.eval(
      CLAIM,
      2,
      ipKey(ip),
      deviceKey(device),
      Date.now(),
      this.config.IP_DEVICE_TTL_S * 1000,
      maxDevices,
      device,
      ip,
    )) as [number, string | null];
    // A device that moved to another IP gives up the old one.
    if (ok === 1 && previous && previous !== ip) await this.redis.zrem(ipKey(previous), device);
    return ok === 1;
  }

  /** Frees the device's IP; false when it held none. */
  async release(device: string): Promise<boolean> {
    const ip = await this.redis.get(deviceKey(device));
    if (!ip) return false;
    await this.redis.multi().zrem(ipKey(ip), device).del(deviceKey(device)).exec();
    return true;
  }
}
