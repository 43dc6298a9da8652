import { isLoginRevoked } from './login-revocation';

describe(isLoginRevoked.name, () => {
  const revokedAt = new Date('2026-05-01T10:00:00.400Z'); // second 1777629600
  const second = Math.floor(revokedAt.getTime() / 1000);

  it('accepts any payload of a user who never revoked', () => {
    expect(isLoginRevoked(second - 86_000, null)).toBe(false);
  });

  it('refuses a payload signed before the revocation', () => {
    expect(isLoginRevoked(second - 1, revokedAt)).toBe(true);
    expect(isLoginRevoked(second - 3_600, revokedAt)).toBe(true);
  });

  it('refuses a payload stamped with the revocation’s own second (it may predate it)', () => {
    expect(isLoginRevoked(second, revokedAt)).toBe(true);
    expect(isLoginRevoked(second, new Date(second * 1000))).toBe(true);
  });

  it('accepts a payload signed in any later second', () => {
    expect(isLoginRevoked(second + 1, revokedAt)).toBe(false);
  });
});
