import { createPublicKey, verify, type KeyObject } from 'node:crypto';

import { isRoleName, type RoleName } from './roles';

/** Claims of an access token: sub (telegram id), username, role, sid, ver, iat, exp. */
export interface AccessClaims {
  /** telegram_id as a decimal string. */
  readonly sub: string;
  readonly username: string;
  readonly role: RoleName;
  /** Login session id; revoked sessions are refused at once. */
  readonly sid: string;
  /** Entitlement (subscription) version when the token was issued. */
  readonly ver: number;
  readonly iat: number;
  readonly exp: number;
}

export type VerifyFailure =
  'malformed' | 'bad_signature' | 'wrong_issuer' | 'wrong_audience' | 'expired' | 'not_yet_valid';

/** The `iss` and `aud` every access token must carry (JWT_ISSUER, JWT_AUDIENCE). */
export interface ExpectedClaims {
  readonly issuer: string;
  readonly audience: string;
}

/** Tokens whose signature was already checked; a token never changes, so its verdict holds
 *  until it expires (revocation is checked separately on every request). */
const VERIFIED_CACHE_SIZE = 50_000;

/** Verifies EdDSA (Ed25519) access tokens locally with the auth service's public key (the
 *  gateway for every request, the relay for device tunnels). */
export class AccessTokenVerifier {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, AccessClaims>();

  constructor(
    publicKeyDerBase64: string,
    private readonly expected: ExpectedClaims,
  ) {
    this.key = createPublicKey({
      key: Buffer.from(publicKeyDerBase64, 'base64'),
      format: 'der',
      type: 'spki',
    });
  }

  verify(token: string, nowS = Math.floor(Date.now() / 1000)): AccessClaims | VerifyFailure {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp > nowS) return known;
      this.verified.delete(token);
      return 'expired';
    }
    const result = this.verifySignature(token, nowS);
    if (typeof result !== 'string') {
      // Insertion order makes the first key the oldest: drop it when full.
      if (this.verified.size >= VERIFIED_CACHE_SIZE)
        this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, result);
    }
    return result;
  }

  private verifySignature(token: string, nowS: number): AccessClaims | VerifyFailure {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return 'malformed';
    const [h, p, s] = parts as [string, string, string];
    let header: unknown;
    let payload: unknown;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    } catch {
      return 'malformed';
    }
    if (
      typeof header !== 'object' ||
      header === null ||
      (header as { alg?: unknown }).alg !== 'EdDSA'
    )
      return 'malformed';
    if (!verify(null, Buffer.from(`${h}.${p}`), this.key, Buffer.from(s, 'base64url')))
      return 'bad_signature';
    const claims = parseClaims(payload);
    if (!claims) return 'malformed';
    // Signed with our key yet issued by or for something else (another environment or API
    // sharing the key): not a token for this API.
    const { iss, aud } = payload as { iss?: unknown; aud?: unknown };
    if (iss !== this.expected.issuer) return 'wrong_issuer';
    if (!(
      aud === this.expected.audience ||
      (Array.isArray(aud) && aud.includes(this.expected.audience))
    ))
      return 'wrong_audience';
    if (claims.exp <= nowS) return 'expired';
    if (claims.iat > nowS + 60) return 'not_yet_valid';
    return claims;
  }
}

function parseClaims(payload: unknown): AccessClaims | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const c = payload as Record<string, unknown>;
  if (
    typeof c.sub !== 'string' ||
    !/^\d{1,20}$/.test(c.sub) ||
    typeof c.sid !== 'string' ||
    typeof c.role !== 'string' ||
    !isRoleName(c.role) ||
    typeof c.exp !== 'number' ||
    typeof c.iat !== 'number' ||
    typeof c.ver !== 'number'
  ) {
    return undefined;
  }
  return {
    sub: c.sub,
    sid: c.sid,
    role: c.role,
    username: typeof c.username === 'string' ? c.username : '',
    ver: c.ver,
    iat: c.iat,
    exp: c.exp,
  };
}
