import type * as NodeCrypto from 'node:crypto';
import { createHmac } from 'node:crypto';

import { ipnSignature, sortKeysDeep, verifyIpn } from './ipn-signature';

const SECRET = 'ipn-secret-for-this-spec';
const hmac = (text: string, secret = SECRET) =>
  createHmac('sha512', secret).update(text).digest('hex');

describe('NowPayments IPN signature', () => {
  const body = {
    status: 'FINISHED',
    id: '5077431467',
    amount: '4.5',
    hash: '0xabc',
    extra: { z: 1, a: [{ y: 2, b: 3 }], m: null },
  };

  it('sorts keys recursively (arrays keep their order)', () => {
    expect(JSON.stringify(sortKeysDeep({ b: 1, a: { d: [3, { z: 1, c: 2 }], c: 'x' } }))).toBe(
      '{"a":{"c":"x","d":[3,{"c":2,"z":1}]},"b":1}',
    );
  });

  it('is hex HMAC-SHA512 of the JSON with sorted keys', () => {
    const sorted =
      '{"amount":"4.5","extra":{"a":[{"b":3,"y":2}],"m":null,"z":1},"hash":"0xabc","id":"5077431467","status":"FINISHED"}';
    expect(ipnSignature(SECRET, body)).toBe(hmac(sorted));
    expect(ipnSignature(SECRET, body)).toMatch(/^[0-9a-f]{128}$/);
  });

  it('verifies the raw body whatever its key order or spacing', () => {
    const sig = ipnSignature(SECRET, body);
    const raw = Buffer.from(
      JSON.stringify(Object.fromEntries(Object.entries(body).reverse()), null, 2),
    );
    expect(verifyIpn(SECRET, raw, sig)).toBe(true);
    expect(verifyIpn(SECRET, raw, sig.toUpperCase())).toBe(true);
  });

  it('refuses another secret, a changed body, a truncated or malformed signature', () => {
    const sig = ipnSignature(SECRET, body);
    const raw = Buffer.from(JSON.stringify(body));
    expect(verifyIpn('another-secret', raw, sig)).toBe(false);
    expect(verifyIpn(SECRET, Buffer.from(JSON.stringify({ ...body, amount: '45' })), sig)).toBe(
      false,
    );
    expect(verifyIpn(SECRET, raw, sig.slice(0, 126))).toBe(false);
    expect(verifyIpn(SECRET, raw, `${sig.slice(0, 127)}g`)).toBe(false);
    expect(verifyIpn(SECRET, raw, '')).toBe(false);
    // One flipped bit anywhere.
    const flipped = `${sig.slice(0, 64)}${((parseInt(sig[64], 16) ^ 1) & 15).toString(16)}${sig.slice(65)}`;
    expect(verifyIpn(SECRET, raw, flipped)).toBe(false);
  });

  it('refuses bodies that are not a JSON object', () => {
    for (const text of ['', 'not json', '[1,2]', 'null', '"FINISHED"', '{"a":1']) {
      const sig = hmac(text);
      expect(verifyIpn(SECRET, Buffer.from(text), sig)).toBe(false);
    }
  });

  it('compares in constant time (timingSafeEqual over equal-length buffers)', () => {
    const spy = jest.spyOn(jest.requireActual<typeof NodeCrypto>('node:crypto'), 'timingSafeEqual');
    const raw = Buffer.from(JSON.stringify(body));
    const sig = ipnSignature(SECRET, body);
    expect(verifyIpn(SECRET, raw, `${sig.slice(0, 127)}${sig[127] === '0' ? '1' : '0'}`)).toBe(
      false,
    );
    expect(spy).toHaveBeenCalledTimes(1);
    const [a, b] = spy.mock.calls[0];
    expect((a as Buffer).length).toBe(64);
    expect((b as Buffer).length).toBe(64);
    spy.mockRestore();
  });
});
