import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { GATEWAY_REDIS } from '../infra/tokens';
import type { AccessClaims } from './auth.types';

// Same names as apps/auth-svc/src/common/redis-keys.ts (auth-svc writes, the gateway reads);
// the e2e revocation tests fail if the two drift apart.
export const revokedSessionKey = (sid: string): string => `auth:revoked:sid:${sid}`;
export const bannedUserKey = (sub: string): string => `auth:banned:${sub}`;
export const entitlementVersionKey = (sub: string): string => `auth:ent:ver:${sub}`;

export type RevocationState = 'active' | 'revoked' | 'banned';

export interface SessionState {
  readonly state: RevocationState;
  /** Current subscription_version when auth-svc published one (requireSubscription). */
  readonly entitlementVersion: number | undefined;
}

/**
 * Revocation on the very next request, in one Redis round trip per request: a single MGET of
 * three keys — the session's revoked flag (logout, logout_all, reset token, refresh reuse,
 * single device mode each revoke session ids), the user's ban flag, and the user's current
 * entitlement version (read here for free so requireSubscription needs no second trip).
 * auth-svc writes the flags after its commit with a TTL longer than any access token, so the
 * keys stay few and expire by themselves; Postgres stays the truth for refresh and login.
 */
@Injectable()
export class RevocationService {
  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  async check(claims: Pick<AccessClaims, 'sid' | 'sub'>): Promise<SessionState> {
    const [revoked, banned, version] = await this.redis.mget(
      revokedSessionKey(claims.sid),
      bannedUserKey(claims.sub),
      entitlementVersionKey(claims.sub),
    );
    const state: RevocationState =
      banned !== null ? 'banned' : revoked !== null ? 'revoked' : 'active';
    return { state, entitlementVersion: version === null ? undefined : Number(version) };
  }
}
