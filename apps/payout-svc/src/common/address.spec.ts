import { isValidAddress, toChecksumAddress } from './address';

// The test vectors published with EIP-55.
const CHECKSUMMED = [
  '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
  '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
  '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
];
const ALL_UPPER = [
  '0x52908400098527886E0F7030069857D2E4169EE7',
  '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
];
const ALL_LOWER = [
  '0xde709f2102306220921060314715629080e2fb77',
  '0x27b1fdb04752bbc536007a920d24acb045561c26',
];

/** The address with the case of its first letter (a-f) flipped: a one-character checksum typo. */
function flipOneLetter(address: string): string {
  const body = address.slice(2);
  const i = [...body].findIndex((c) => /[a-fA-F]/.test(c));
  const c = body[i];
  const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
  return `0x${body.slice(0, i)}${flipped}${body.slice(i + 1)}`;
}

describe('EIP-55 addresses', () => {
  it.each(CHECKSUMMED)('computes the checksum of %s from any case', (address) => {
    expect(toChecksumAddress(address.toLowerCase())).toBe(address);
    expect(toChecksumAddress(`0x${address.slice(2).toUpperCase()}`)).toBe(address);
    expect(isValidAddress(address)).toBe(true);
  });

  it.each([...ALL_UPPER, ...ALL_LOWER])('accepts %s (one case: no checksum to check)', (a) => {
    expect(isValidAddress(a)).toBe(true);
  });

  it.each(CHECKSUMMED)('refuses %s with one letter in the wrong case', (address) => {
    const typo = flipOneLetter(address);
    expect(typo).not.toBe(address);
    expect(isValidAddress(typo)).toBe(false);
  });

  it('refuses a mixed-case address whose checksum does not match (a changed digit)', () => {
    const [a] = CHECKSUMMED;
    const changed = `${a.slice(0, -1)}${a.endsWith('d') ? 'c' : 'd'}`;
    expect(isValidAddress(changed)).toBe(false);
  });

  it.each([
    '',
    '0x',
    '5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg',
    ' 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed\n',
  ])('refuses the malformed %j', (a) => {
    expect(isValidAddress(a)).toBe(false);
  });
});
