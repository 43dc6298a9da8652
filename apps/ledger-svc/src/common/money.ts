/** Micro-USD per USD. */
export const MICRO = 1_000_000;
/** milli_mb × micro-USD/GB ÷ this = micro-USD (1000 milli_mb per MB, 1024 MB per GB). */
export const INCOME_DIVISOR = 1_024_000n;

/** "1.65" → 1650000, exactly (no floating point). Throws on anything but a plain decimal. */
export function parseMicro(decimal: string): number {
  const m = /^(-)?(\d{1,12})(?:\.(\d{1,6}))?$/.exec(decimal.trim());
  if (!m) throw new Error(`"${decimal}" is not a decimal with at most 6 places`);
  const micro = Number(m[2]) * MICRO + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -micro : micro;
}

/** 1650000 → "1.65" (at least two decimals, at most six). */
export function formatMicro(micro: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / MICRO);
  const frac = String(abs % MICRO)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${sign}${whole}.${frac}`;
}

/** Signed change string like "+0.15" / "-0.10" / "+0.00". */
export function formatChange(micro: number): string {
  return micro < 0 ? formatMicro(micro) : `+${formatMicro(micro)}`;
}

/** Micro-USD as a JSON number (exact to 6 places: n / 1e6 prints as the shortest decimal). */
export const microToNumber = (micro: number): number => micro / MICRO;

/** USD × a decimal rate, rounded down to the micro unit. */
export function convertMicro(micro: number, rate: string): number {
  return Number((BigInt(micro) * BigInt(parseMicro(rate))) / BigInt(MICRO));
}
