import { describe, expect, it } from 'vitest';

import { checkAddress, isSendable, toChecksumAddress } from './address';

// The test vectors of EIP-55 itself.
const VECTORS = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];

describe('EIP-55 addresses', () => {
  it('computes the checksum of the EIP-55 vectors (keccak-256 of the lower-case hex)', () => {
    expect(toChecksumAddress(VECTORS[4].toLowerCase())).toBe(VECTORS[4]);
    for (const v of VECTORS.slice(4))
      expect(toChecksumAddress(v.toUpperCase().replace('0X', '0x'))).toBe(v);
    expect(checkAddress(VECTORS[4])).toEqual({ kind: 'ok', checksummed: VECTORS[4] });
  });

  it('accepts single-case addresses without a checksum and flags one changed letter', () => {
    expect(checkAddress(VECTORS[2]).kind).toBe('no_checksum');
    expect(checkAddress(VECTORS[1]).kind).toBe('no_checksum');
    // One letter's case flipped: the checksum no longer matches.
    const typo = VECTORS[5].replace('fB69', 'fb69');
    expect(checkAddress(typo).kind).toBe('bad_checksum');
    expect(isSendable(checkAddress(typo))).toBe(false);
    expect(isSendable(checkAddress(VECTORS[6]))).toBe(true);
  });

  it('says how far a partial address is and rejects a wrong shape', () => {
    expect(checkAddress('')).toEqual({ kind: 'empty' });
    expect(checkAddress('0')).toEqual({ kind: 'incomplete', count: 0 });
    expect(checkAddress('0x5aAe')).toEqual({ kind: 'incomplete', count: 4 });
    expect(checkAddress('0x5aAg').kind).toBe('bad_format');
    expect(checkAddress('1x00').kind).toBe('bad_format');
    expect(checkAddress(`${VECTORS[2]}0`).kind).toBe('bad_format');
  });
});
