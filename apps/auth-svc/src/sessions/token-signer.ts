import { createPrivateKey, sign, type KeyObject } from 'node:crypto';

import type { RoleName, UserId } from '@trafficshare/identity';

export interface AccessClaimsInput {
  readonly telegramId: UserId;
  readonly username: string;
  readonly role: RoleName;
  readonly sessionId: string;
  readonly subscriptionVersion: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

/** EdDSA (Ed25519) JWT access tokens; the gateway verifies them with the public key alone. */
export class TokenSigner {
  private readonly key: KeyObject;

  constructor(
    privateKeyDerBase64: string,
    private readonly ttlS: number,
    /** `iss` (JWT_ISSUER) and `aud` (JWT_AUDIENCE): the gateway refuses other values. */
    private readonly claims: { readonly issuer: string; readonly audience: string },
  ) {
    this.key = createPrivateKey({
      key: Buffer.from(privateKeyDerBase64, 'base64'),
      format: 'der',
      type: 'pkcs8',
    });
  }

  get accessTtlS(): number {
    return this.ttlS;
  }

  /** `ttlS` overrides the configured lifetime (the `security` system setting). */
  sign(
    input: AccessClaimsInput,
    nowS = Math.floor(Date.now() / 1000),
    ttlS: number = this.ttlS,
  ): string {
    const payload = Buffer.from(
      JSON.stringify({
        iss: this.claims.issuer,
        aud: this.claims.audience,
        sub: String(input.telegramId),
        username: input.username,
        role: input.role,
        sid: input.sessionId,
        ver: input.subscriptionVersion,
        iat: nowS,
        exp: nowS + ttlS,
      }),
    ).toString('base64url');
    const signature = sign(null, Buffer.from(`${HEADER}.${payload}`), this.key).toString(
      'base64url',
    );
    return `${HEADER}.${payload}.${signature}`;
  }
}
