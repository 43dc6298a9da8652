import { base32Decode, base32Encode, hotp, totp, verifyTotp } from './totp';

describe('TOTP (RFC 6238 / RFC 4226)', () => {
  // RFC 4226 appendix D test secret and values.
  const rfcSecret = Buffer.from('12345678901234567890');

  it('matches the RFC 4226 HOTP test vectors', () => {
    expect([0, 1, 2, 3, 9].map((c) => hotp(rfcSecret, c))).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '520489',
    ]);
  });

  it('matches the RFC 6238 SHA-1 vector at T=59 s (8 digits 94287082 → 6 digits 287082)', () => {
    expect(totp(rfcSecret, 59_000)).toBe('287082');
  });

  it('round-trips base32', () => {
    expect(base32Decode(base32Encode(rfcSecret))).toEqual(rfcSecret);
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
  });

  it('accepts ±1 step once and never a used step again', () => {
    const now = 1_700_000_000_000;
    const code = totp(rfcSecret, now);
    const step = verifyTotp(rfcSecret, code, 0, now);
    expect(step).toBeDefined();
    expect(verifyTotp(rfcSecret, code, step!, now)).toBeUndefined();
    expect(verifyTotp(rfcSecret, totp(rfcSecret, now - 30_000), 0, now)).toBe(step! - 1);
    expect(verifyTotp(rfcSecret, totp(rfcSecret, now - 90_000), 0, now)).toBeUndefined();
    expect(verifyTotp(rfcSecret, '12345', 0, now)).toBeUndefined();
  });
});
