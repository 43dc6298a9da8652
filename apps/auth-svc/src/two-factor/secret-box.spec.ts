import { randomBytes } from 'node:crypto';

import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32).toString('base64'));

  it('opens what it sealed for the same owner only', () => {
    const sealed = sut.seal(Buffer.from('secret'), '42');
    expect(sealed).not.toContain('secret');
    expect(sut.open(sealed, '42').toString()).toBe('secret');
    expect(() => sut.open(sealed, '43')).toThrow();
  });
});
