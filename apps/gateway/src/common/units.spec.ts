import {
  changeString,
  convert,
  hms,
  mb,
  mbFixed,
  toMicro,
  toMilli,
  usd,
  usdFixed,
  usdOrNull,
  usdPerMb,
} from './units';

describe('units (money and traffic as the API writes them)', () => {
  it('writes micro-USD as the exact decimal USD number', () => {
    expect(usd(12_540_000)).toBe(12.54);
    expect(usd(1)).toBe(0.000001);
    expect(usd(-100_000)).toBe(-0.1);
    expect(usdOrNull(undefined)).toBeNull();
    expect(usdOrNull(750_000)).toBe(0.75);
    expect(usdFixed(1_500_000)).toBe('1.500000');
  });

  it('reads USD into micro-USD, refusing more than 6 decimals', () => {
    expect(toMicro(1.65)).toBe(1_650_000);
    expect(toMicro(0.000001)).toBe(1);
    expect(toMicro(0.0000001)).toBeUndefined();
    expect(toMicro(1e300)).toBeUndefined();
  });

  it('writes thousandths of a MB as MB and reads MB back', () => {
    expect(mb(184_300)).toBe(184.3);
    expect(mbFixed(512_500)).toBe('512.500');
    expect(toMilli(12.5)).toBe(12_500);
    expect(toMilli(0.0004)).toBe(0);
  });

  it('turns a price per GB into USD per MB (1 GB = 1024 MB), in the order the API always used', () => {
    expect(usdPerMb(1_500_000)).toBe(1_500_000 / 1024 / 1_000_000);
    expect(usdPerMb(0)).toBe(0);
  });

  it('applies a decimal rate exactly, rounding down to the micro unit', () => {
    expect(convert(5_700_000, '0.9')).toBe(5_130_000);
    expect(convert(5_700_000, '12600')).toBe(71_820_000_000);
    expect(convert(1, '0.5')).toBe(0);
    expect(convert(3, '1.333333')).toBe(3);
  });

  it('signs a change with at least two decimals', () => {
    expect(changeString(150_000)).toBe('+0.15');
    expect(changeString(-100_000)).toBe('-0.10');
    expect(changeString(0)).toBe('+0.00');
    expect(changeString(1_234_567)).toBe('+1.234567');
  });

  it('formats seconds as HH:MM:SS', () => {
    expect(hms(0)).toBe('00:00:00');
    expect(hms(600)).toBe('00:10:00');
    expect(hms(3_725.9)).toBe('01:02:05');
    expect(hms(-5)).toBe('00:00:00');
  });
});
