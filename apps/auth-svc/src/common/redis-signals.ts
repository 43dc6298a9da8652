import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { UserId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import { publishLive, type LiveUpdate } from '@trafficshare/realtime';
import { CONFIG, LOGGER, REDIS } from '@trafficshare/service-kit';

import type { AppConfig } from '../config';
import { MAX_ACCESS_TTL_S } from '@trafficshare/config';
import { bannedUserKey, entitlementVersionKey, revokedSessionKey } from './redis-keys';

/**
 * What auth-svc tells every gateway through Redis after a commit: revoked sessions, bans,
 * entitlement versions, live messages. Postgres stays the truth (refresh and login check it);
 * these keys make the change effective on the very next request. A failed write is retried
 * once and logged; a revoked token would then live at most ACCESS_TOKEN_TTL_S.
 */
@Injectable()
export class RedisSignals {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Keys outlive every access token issued before the change: the access lifetime is a system
   * setting an admin may raise at run time, so the keys last as long as its largest value.
   */
  private get ttlS(): number {
    return Math.max(this.config.ACCESS_TOKEN_TTL_S, MAX_ACCESS_TTL_S) + 120;
  }

  async revokeSessions(sessionIds: readonly string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.retry('revoke sessions', () => {
      const p = this.redis.pipeline();
      for (const sid of sessionIds) p.set(revokedSessionKey(sid), '1', 'EX', this.ttlS);
      return p.exec();
    });
  }

  async setBanned(telegramId: UserId, banned: boolean): Promise<void> {
    await this.retry('ban flag', () =>
      banned
        ? this.redis.set(bannedUserKey(telegramId), '1', 'EX', this.ttlS)
        : this.redis.del(bannedUserKey(telegramId)),
    );
  }

  async setEntitlementVersion(telegramId: UserId, version: number): Promise<void> {
    await this.retry('entitlement version', () =>
      this.redis.set(entitlementVersionKey(telegramId), String(version), 'EX', 86_400),
    );
  }

  /** A message on the user's WebSocket, on every gateway instance holding one of their sockets. */
  async publishLive(telegramId: UserId, update: LiveUpdate): Promise<void> {
    await this.retry('live message', () =>
      publishLive(this.redis, this.config.REDIS_KEY_PREFIX, telegramId, update),
    );
  }

  private async retry(what: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch {
      try {
        await fn();
      } catch (err) {
        this.logger.error({ err }, `redis signal failed: ${what}`);
      }
    }
  }
}
