import type { RoleName } from '@trafficshare/identity';

/** A role name as tokens carry it. */
export type Role = RoleName;

/** Claims of an access token (SPEC: sub, username, role, sid, ver, exp). */
export interface AccessClaims {
  /** telegram_id as a decimal string. */
  readonly sub: string;
  readonly username: string;
  readonly role: Role;
  /** Login session id; revoked sessions are refused at once. */
  readonly sid: string;
  /** Entitlement (subscription) version when the token was issued. */
  readonly ver: number;
  readonly iat: number;
  readonly exp: number;
}

export interface AuthenticatedRequest {
  user: AccessClaims;
  /** The user's current subscription_version from Redis (undefined = not published yet). */
  entitlementVersion?: number;
}
