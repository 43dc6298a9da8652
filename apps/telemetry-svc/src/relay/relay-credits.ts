/**
 * How relayed bytes become paid traffic. A session the relay carries is paid on the relay's own
 * count: each applied relay batch that moves the session's total past another milli-MB adds one
 * credit — a report-like row with a seq from RELAY_SEQ_BASE up (client seqs stay below it), so
 * the ledger credits it once, keyed (session, seq), by the event or by its reconciliation.
 */
export const RELAY_SEQ_BASE = 2 ** 40;

/** A MB is 2^20 bytes, as the buyers' `used_mb` counts it. */
export const BYTES_PER_MB = 1_048_576;

/** Milli-MB of a byte total, rounded down (the remainder waits for the next batch). */
export function milliMbOfBytes(bytes: number): number {
  return Number((BigInt(bytes) * 1000n) / BigInt(BYTES_PER_MB));
}

/** The credit a session's new byte total adds over what was already credited (never negative). */
export function relayCredit(totalBytes: number, creditedMilliMb: number): number {
  return Math.max(0, milliMbOfBytes(totalBytes) - creditedMilliMb);
}
