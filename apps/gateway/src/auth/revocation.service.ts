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

interface PendingCheck {
  readonly claims: Pick<AccessClaims, 'sid' | 'sub'>;
  readonly resolve: (state: SessionState) => void;
  readonly reject: (err: unknown) => void;
}

/**
 * Revocation on the very next request, in one Redis round trip: per request, three keys — the
 * session's revoked flag (logout, logout_all, reset token, refresh reuse, single device mode
 * each revoke session ids), the user's ban flag, and the user's current entitlement version
 * (read here for free so requireSubscription needs no second trip). The checks of all requests
 * read in one event-loop turn go to Redis as ONE MGET (a busy gateway makes one command per turn
 * instead of one per request); each request still reads Redis after it arrived.
 * auth-svc writes the flags after its commit with a TTL longer than any access token, so the
 * keys stay few and expire by themselves; Postgres stays the truth for refresh and login.
 */
@Injectable()
export class RevocationService {
  private pending: PendingCheck[] = [];

  constructor(@Inject(GATEWAY_REDIS) private readonly redis: Redis) {}

  check(claims: Pick<AccessClaims, 'sid' | 'sub'>): Promise<SessionState> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ claims, resolve, reject }) === 1) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const keys: string[] = [];
    for (const { claims } of batch)
      keys.push(
        revokedSessionKey(claims.sid),
        bannedUserKey(claims.sub),
        entitlementVersionKey(claims.sub),
      );
    this.redis.mget(keys).then(
      (values) =>
        batch.forEach((p, i) =>
          p.resolve(stateOf(values[3 * i], values[3 * i + 1], values[3 * i + 2])),
        ),
      (err: unknown) => batch.forEach((p) => p.reject(err)),
    );
  }
}

function stateOf(
  revoked: string | null | undefined,
  banned: string | null | undefined,
  version: string | null | undefined,
): SessionState {
  const state: RevocationState = banned != null ? 'banned' : revoked != null ? 'revoked' : 'active';
  return { state, entitlementVersion: version == null ? undefined : Number(version) };
}
