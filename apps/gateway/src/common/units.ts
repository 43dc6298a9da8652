// How the API writes money and traffic: the services count in integers (micro-USD, thousandths of
// a MB); JSON carries plain numbers in USD and MB. Every presenter formats with these, nobody
// divides inline.

const MICRO = 1_000_000;
const MILLI = 1_000;

/** Micro-USD as a JSON number of USD (n / 1e6 prints as the exact decimal, 6 places at most). */
export const usd = (micro: number): number => micro / MICRO;

/** Micro-USD or nothing (a value the service may not know yet, e.g. a running session's pay). */
export const usdOrNull = (micro: number | undefined): number | null =>
  micro === undefined ? null : usd(micro);

/** USD number → micro-USD, refusing more than 6 decimals (exact money, no float drift). */
export function toMicro(value: number): number | undefined {
  const micro = Math.round(value * MICRO);
  return Number.isSafeInteger(micro) && Math.abs(micro - value * MICRO) < 1e-6 ? micro : undefined;
}

/** Thousandths of a MB as a JSON number of MB (3 places at most). */
export const mb = (milliMb: number): number => milliMb / MILLI;

/** MB (decimal, ≤ 3 places) → thousandths of a MB. */
export const toMilli = (value: number): number => Math.round(value * MILLI);

/** A price per GB (micro-USD) as USD per MB (1 GB = 1024 MB), unrounded. */
export const usdPerMb = (pricePerGbMicro: number): number => pricePerGbMicro / 1024 / MICRO;

/** A decimal rate string × micro-USD, rounded down to the micro unit (exact, in BigInt). */
export function convert(micro: number, rate: string): number {
  const [whole, frac = ''] = rate.split('.');
  const rateMicro = BigInt(whole) * 1_000_000n + BigInt(frac.padEnd(6, '0').slice(0, 6));
  return Number((BigInt(micro) * rateMicro) / 1_000_000n);
}

/** Signed "+0.15" / "-0.10" from micro-USD (at least 2 decimals, at most 6). */
export function changeString(micro: number): string {
  const abs = Math.abs(micro);
  const frac = String(abs % MICRO)
    .padStart(6, '0')
    .replace(/0+$/, '')
    .padEnd(2, '0');
  return `${micro < 0 ? '-' : '+'}${Math.floor(abs / MICRO)}.${frac}`;
}

/** Micro-USD as a fixed 6-decimal string (CSV exports). */
export const usdFixed = (micro: number): string => usd(micro).toFixed(6);

/** Thousandths of a MB as a fixed 3-decimal string (CSV exports). */
export const mbFixed = (milliMb: number): string => mb(milliMb).toFixed(3);

/** Seconds → HH:MM:SS. */
export function hms(totalS: number): string {
  const s = Math.max(0, Math.floor(totalS));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}
