import { randomBytes } from 'node:crypto';

import { parseBasicAuth, parseProxyCredentials } from './credentials';

describe('proxy credentials', () => {
  const key = `tsk_${randomBytes(32).toString('base64url')}`;

  it('takes the key alone, or with options, from the user name', () => {
    expect(parseProxyCredentials(key, '')).toEqual({ apiKey: key });
    expect(parseProxyCredentials(`${key}-country-us-session-abc123`, 'x')).toEqual({
      apiKey: key,
      country: 'US',
      session: 'abc123',
    });
    expect(parseProxyCredentials(`${key}-session-s1-sessttl-30`, '')).toEqual({
      apiKey: key,
      session: 's1',
      sessionTtlMin: 30,
    });
  });

  it('takes the key from the password when the user name carries only options', () => {
    expect(parseProxyCredentials('user-country-uz', key)).toEqual({ apiKey: key, country: 'UZ' });
    expect(parseProxyCredentials('buyer', key)).toEqual({ apiKey: key });
  });

  it.each([
    ['not a key', 'tsk_short', ''],
    ['an unknown option', `${key}-city-paris`, ''],
    ['a dangling option', `${key}-country`, ''],
    ['a bad country', `${key}-country-usa`, ''],
    ['a bad ttl', `${key}-sessttl-0`, ''],
    ['junk after the key', `${key}x`, ''],
    ['no key anywhere', 'user', 'password'],
  ])('refuses %s', (_name, user, pass) => {
    expect(parseProxyCredentials(user, pass)).toBeNull();
  });

  it('decodes Basic credentials', () => {
    const header = `Basic ${Buffer.from(`${key}:pw:with:colons`).toString('base64')}`;
    expect(parseBasicAuth(header)).toEqual({ user: key, pass: 'pw:with:colons' });
    expect(parseBasicAuth('Bearer abc')).toBeNull();
    expect(parseBasicAuth(undefined)).toBeNull();
  });
});
