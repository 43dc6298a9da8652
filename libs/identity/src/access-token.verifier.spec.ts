import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import { AccessTokenVerifier } from './access-token.verifier';

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

function keyPair(): { privateKey: KeyObject; publicDer: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicDer: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

function token(
  privateKey: KeyObject,
  claims: object,
  header: object = { alg: 'EdDSA', typ: 'JWT' },
): string {
  const head = `${b64(header)}.${b64(claims)}`;
  return `${head}.${sign(null, Buffer.from(head), privateKey).toString('base64url')}`;
}

describe(AccessTokenVerifier.name, () => {
  const now = 1_800_000_000;
  const claims = {
    iss: 'trafficshare-auth',
    aud: 'trafficshare-api',
    sub: '42',
    username: 'alice',
    role: 'user',
    sid: 's1',
    ver: 3,
    iat: now - 10,
    exp: now + 900,
  };
  const { privateKey, publicDer } = keyPair();
  const sut = new AccessTokenVerifier(publicDer, {
    issuer: 'trafficshare-auth',
    audience: 'trafficshare-api',
  });
  const { iss: _iss, aud: _aud, ...returned } = claims;

  it('accepts a token signed by the auth key and returns its claims', () => {
    expect(sut.verify(token(privateKey, claims), now)).toEqual(returned);
    // `aud` may be a list that names this API.
    expect(
      sut.verify(token(privateKey, { ...claims, aud: ['other-api', 'trafficshare-api'] }), now),
    ).toEqual(returned);
  });

  it('refuses a token signed with the right key but without or with another iss or aud', () => {
    const { iss: _i, ...noIss } = claims;
    const { aud: _a, ...noAud } = claims;
    expect(sut.verify(token(privateKey, noIss), now)).toBe('wrong_issuer');
    expect(sut.verify(token(privateKey, { ...claims, iss: 'staging-auth' }), now)).toBe(
      'wrong_issuer',
    );
    expect(sut.verify(token(privateKey, noAud), now)).toBe('wrong_audience');
    expect(sut.verify(token(privateKey, { ...claims, aud: 'trafficshare-admin' }), now)).toBe(
      'wrong_audience',
    );
    expect(sut.verify(token(privateKey, { ...claims, aud: ['other-api'] }), now)).toBe(
      'wrong_audience',
    );
    expect(sut.verify(token(privateKey, { ...claims, aud: 7 }), now)).toBe('wrong_audience');
  });

  it('refuses another key, a tampered payload, another algorithm and garbage', () => {
    expect(sut.verify(token(keyPair().privateKey, claims), now)).toBe('bad_signature');
    const [h, , s] = token(privateKey, claims).split('.');
    expect(sut.verify(`${h}.${b64({ ...claims, role: 'superadmin' })}.${s}`, now)).toBe(
      'bad_signature',
    );
    expect(sut.verify(token(privateKey, claims, { alg: 'none' }), now)).toBe('malformed');
    expect(sut.verify('a.b', now)).toBe('malformed');
    expect(sut.verify(token(privateKey, { ...claims, sub: 'x' }), now)).toBe('malformed');
  });

  it('refuses expired and future-issued tokens, also after caching a verdict', () => {
    const t = token(privateKey, { ...claims, exp: now + 5 });
    expect(sut.verify(t, now)).not.toBe('expired');
    expect(sut.verify(t, now + 5)).toBe('expired');
    expect(sut.verify(token(privateKey, { ...claims, exp: now - 1 }), now)).toBe('expired');
    expect(sut.verify(token(privateKey, { ...claims, iat: now + 120 }), now)).toBe('not_yet_valid');
  });
});
