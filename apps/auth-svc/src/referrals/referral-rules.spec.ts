import { decideAttribution, maskName, newReferralCode, referralCodeOf } from './referral-rules';

describe('referral rules', () => {
  const base = {
    firstLogin: true,
    userId: 2,
    referrerId: 1,
    sameIp: false,
    countedToday: 0,
    dailyCap: 20,
  };

  it('counts a first login with another user’s code', () => {
    expect(decideAttribution(base)).toEqual({ kind: 'counted' });
  });

  it('refuses a later login, an unknown code and one’s own code, in that order', () => {
    expect(decideAttribution({ ...base, firstLogin: false })).toEqual({
      kind: 'refused',
      reason: 'not_first_login',
    });
    expect(decideAttribution({ ...base, referrerId: null })).toEqual({
      kind: 'refused',
      reason: 'unknown_code',
    });
    expect(decideAttribution({ ...base, referrerId: 2 })).toEqual({
      kind: 'refused',
      reason: 'self',
    });
  });

  it('records but does not count the same IP or a referrer past the daily cap', () => {
    expect(decideAttribution({ ...base, sameIp: true })).toEqual({
      kind: 'not_counted',
      reason: 'same_ip',
    });
    expect(decideAttribution({ ...base, countedToday: 20 })).toEqual({
      kind: 'not_counted',
      reason: 'daily_cap',
    });
    expect(decideAttribution({ ...base, countedToday: 19 })).toEqual({ kind: 'counted' });
  });

  it('reads ref_<code> start params and bare web codes, nothing else', () => {
    expect(referralCodeOf('ref_ab3k9xyz')).toBe('ab3k9xyz');
    expect(referralCodeOf('REF_AB3K9XYZ')).toBe('ab3k9xyz');
    expect(referralCodeOf('ab3k9xyz')).toBe('ab3k9xyz');
    expect(referralCodeOf('ref_')).toBeNull();
    expect(referralCodeOf('ref_<script>')).toBeNull();
    expect(referralCodeOf('')).toBeNull();
    expect(referralCodeOf(null)).toBeNull();
  });

  it('makes 8-character codes its own parser accepts, and masks names', () => {
    const code = newReferralCode();
    expect(code).toMatch(/^[a-z2-9]{8}$/);
    expect(referralCodeOf(`ref_${code}`)).toBe(code);
    expect(maskName('Alisher')).toBe('Al***');
    expect(maskName('A')).toBe('***');
    expect(maskName('')).toBe('***');
  });
});
