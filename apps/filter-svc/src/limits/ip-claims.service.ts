import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { CONFIG, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';

// The devices sharing from an IP: zset member = device, score = claim expiry (ms).
const ipKey = (ip: string) => `filter:ipdev:${ip}`;
// The device's claim: hash {ip, session, state: pending | held}.
const claimKey = (device: string) => `filter:ipclaim:${device}`;
// A session whose claim was released: its late confirmation must not take the IP again.
const releasedKey = (session: string) => `filter:iprel:${session}`;

// KEYS: ipKey, claimKey. ARGV: now, pending ms, max devices, device, ip, session, claim ttl ms.
// Returns {1|0, the device's previous ip}.
const CLAIM = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local held = redis.call('ZSCORE', KEYS[1], ARGV[4])
if not held and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return {0, false}
end
local cur = redis.call('HMGET', KEYS[2], 'ip', 'state')
if held and cur[1] == ARGV[5] and cur[2] == 'held' then
  return {1, false}
end
local expiry = tonumber(ARGV[1]) + tonumber(ARGV[2])
if not held or tonumber(held) < expiry then
  redis.call('ZADD', KEYS[1], expiry, ARGV[4])
end
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], 'ip', ARGV[5], 'session', ARGV[6], 'state', 'pending')
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return {1, cur[1]}
`;

// KEYS: ipKey, claimKey, releasedKey. ARGV: now, ttl ms, max devices, device, ip, session.
const CONFIRM = `
if redis.call('EXISTS', KEYS[3]) == 1 then return 'released' end
if redis.call('HGET', KEYS[2], 'ip') ~= ARGV[5] then return 'changed' end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local held = redis.call('ZSCORE', KEYS[1], ARGV[4])
if not held and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 'lost' end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
redis.call('HSET', KEYS[2], 'session', ARGV[6], 'state', 'held')
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 'held'
`;

// KEYS: ipKey, claimKey. ARGV: device, ip, session ('' = any). Returns 1 when freed.
const RELEASE = `
local cur = redis.call('HMGET', KEYS[2], 'ip', 'session')
if cur[1] ~= ARGV[2] then return -1 end
if ARGV[3] ~= '' and cur[2] ~= ARGV[3] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`;

export type ConfirmOutcome = 'held' | 'released' | 'changed' | 'lost' | 'none';

/**
 * MAX_DEVICES_PER_IP: which devices share from each public IP.
 *
 * An allow decision only *reserves* the IP for IP_CLAIM_PENDING_TTL_S. The claim becomes
 * durable (IP_DEVICE_TTL_S) when the session it was taken for is confirmed — filter-svc
 * consumes telemetry's SessionStarted, which commits with the session row. So a START that
 * fails after the decision (insert error, timeout, telemetry dying) blocks nobody for long:
 * telemetry releases the claim of that session at once, and if it cannot (crash) the reservation
 * lapses by itself. A running session's claim is freed by ReleaseIp at session end or after
 * IP_DEVICE_TTL_S. The same device starting again from its IP is never refused.
 */
@Injectable()
export class IpClaimsService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** True when the device may share from `ip` (and now holds it, pending `session`). */
  async claim(ip: string, device: string, session: string, maxDevices: number): Promise<boolean> {
    const [ok, previous] = (await this.redis.eval(
      CLAIM,
      2,
      ipKey(ip),
      claimKey(device),
      Date.now(),
      this.config.IP_CLAIM_PENDING_TTL_S * 1000,
      maxDevices,
      device,
      ip,
      session,
      this.config.IP_DEVICE_TTL_S * 1000,
    )) as [number, string | null];
    // A device that moved to another IP gives up the old one.
    if (ok === 1 && previous && previous !== ip) await this.redis.zrem(ipKey(previous), device);
    return ok === 1;
  }

  /**
   * The session the claim was taken for has started: hold the IP for IP_DEVICE_TTL_S. A device
   * runs one session at a time, so the claim it holds now is this session's even when a
   * concurrent START of the same device wrote it.
   */
  async confirm(device: string, session: string, maxDevices: number): Promise<ConfirmOutcome> {
    const ip = await this.redis.hget(claimKey(device), 'ip');
    if (!ip) return 'none';
    return (await this.redis.eval(
      CONFIRM,
      3,
      ipKey(ip),
      claimKey(device),
      releasedKey(session),
      Date.now(),
      this.config.IP_DEVICE_TTL_S * 1000,
      maxDevices,
      device,
      ip,
      session,
    )) as ConfirmOutcome;
  }

  /**
   * Frees the device's IP; false when it held none. With `session`, only that session's claim
   * is freed and the session can no longer confirm one.
   */
  async release(device: string, session = ''): Promise<boolean> {
    if (session) {
      await this.redis.set(releasedKey(session), '1', 'PX', this.config.IP_DEVICE_TTL_S * 1000);
    }
    // The claim may move between the read and the script (a concurrent START): read again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const ip = await this.redis.hget(claimKey(device), 'ip');
      if (!ip) return false;
      const freed = (await this.redis.eval(
        RELEASE,
        2,
        ipKey(ip),
        claimKey(device),
        device,
        ip,
        session,
      )) as number;
      if (freed >= 0) return freed === 1;
    }
    return false;
  }
}
