import { convertMicro, formatChange, formatMicro, microToNumber, parseMicro } from './money';

describe('money', () => {
  it('parses decimals exactly and formats them back', () => {
    expect(parseMicro('1.65')).toBe(1_650_000);
    expect(parseMicro('0.000001')).toBe(1);
    expect(parseMicro('-0.15')).toBe(-150_000);
    expect(() => parseMicro('1.0000001')).toThrow();
    expect(formatMicro(1_650_000)).toBe('1.65');
    expect(formatMicro(1_234_567)).toBe('1.234567');
    expect(formatChange(150_000)).toBe('+0.15');
    expect(formatChange(-100_000)).toBe('-0.10');
    expect(formatChange(0)).toBe('+0.00');
    expect(microToNumber(12_540_000)).toBe(12.54);
    expect(microToNumber(1_234_567)).toBe(1.234567);
  });

  it('converts with a decimal rate, rounding down', () => {
    expect(convertMicro(12_540_000, '0.90')).toBe(11_286_000);
    expect(convertMicro(5_700_000, '12600')).toBe(71_820_000_000);
  });
});
