import type { AccessClaims, RoleName } from '@trafficshare/identity';

/** A role name as tokens carry it. */
export type Role = RoleName;

/** Claims of an access token (defined with the verifier in @trafficshare/identity). */
export type { AccessClaims };

export interface AuthenticatedRequest {
  user: AccessClaims;
  /** The user's current subscription_version from Redis (undefined = not published yet). */
  entitlementVersion?: number;
}
