/** Thousandths of a MB → MB with at most 3 decimals (JSON numbers). */
export const milliToMb = (milli: number): number => milli / 1000;

/** Micro-USD → USD with at most 6 decimals. */
export const microToUsd = (micro: number): number => micro / 1_000_000;

/** Earnings of `milliMb` at `pricePerGbMicroUsd`: MB / 1024 × price, rounded down to a micro-USD. */
export function earningsMicroUsd(milliMb: number, pricePerGbMicroUsd: number): number {
  return Number(
    (BigInt(Math.round(milliMb)) * BigInt(Math.round(pricePerGbMicroUsd))) / 1_024_000n,
  );
}

/** UTC day (YYYY-MM-DD) of a date. */
export const utcDay = (d: Date): string => d.toISOString().slice(0, 10);

/** Tolerance of the reconciliation: max(pct % of the client's count, mb MB), in milli-MB. */
export function toleranceMilliMb(clientMilliMb: number, pct: number, mb: number): number {
  return Math.max(Math.floor((Math.abs(clientMilliMb) * pct) / 100), mb * 1000);
}
