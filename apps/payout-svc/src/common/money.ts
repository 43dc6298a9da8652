// Money is integer micro-units (micro-USD, micro-USDT): exact decimals, no floats.

const DECIMAL = /^(\d{1,9})(?:\.(\d{1,6}))?$/;

/** "5.25" → 5_250_000; undefined when not a plain decimal with at most 6 places. */
export function parseMicro(text: string): number | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

/** True when the text is a decimal number but with more than 6 places. */
export function hasTooManyDecimals(text: string): boolean {
  return /^\d{1,9}\.\d{7,}$/.test(text.trim());
}

/** 5_250_000 → "5.25" (no trailing zeros, at least one integer digit). */
export function formatMicro(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / 1_000_000);
  const frac = String(abs % 1_000_000)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/** micro × rate (a decimal string), rounded down to a micro-unit. */
export function applyRate(micro: number, rate: string): number {
  const r = parseMicro(rate);
  if (r === undefined) throw new Error(`bad rate ${rate}`);
  return Number((BigInt(micro) * BigInt(r)) / 1_000_000n);
}

/** percent (a decimal string, e.g. "1.5") of micro, rounded up to a micro-unit. */
export function percentOf(micro: number, percent: string): number {
  const p = parseMicro(percent);
  if (p === undefined) throw new Error(`bad percent ${percent}`);
  return Number((BigInt(micro) * BigInt(p) + 99_999_999n) / 100_000_000n);
}
