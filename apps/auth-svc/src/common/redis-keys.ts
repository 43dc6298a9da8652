// Redis keys auth-svc writes and the gateway reads (both apps use REDIS_KEY_PREFIX through
// ioredis' keyPrefix; the gateway has the same names in apps/gateway/src/auth/revocation.ts
// and the e2e revocation tests prove the two agree).

import type { UserId } from '@trafficshare/identity';

/** Present = the login session was revoked (logout, logout_all, reset, reuse, single device). */
export const revokedSessionKey = (sid: string): string => `auth:revoked:sid:${sid}`;

/** Present = the user is banned: every token of theirs is refused at once. */
export const bannedUserKey = (telegramId: UserId): string => `auth:banned:${telegramId}`;

/** The user's current subscription_version (requireSubscription fast path). */
export const entitlementVersionKey = (telegramId: UserId): string => `auth:ent:ver:${telegramId}`;
