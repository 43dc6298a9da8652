import { createHash } from 'node:crypto';

/** prev_hash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of a chain row the hash covers (everything but the hash itself). */
export interface ChainFields {
  readonly seq: number;
  readonly eventId: string;
  readonly service: string;
  readonly actorId: number;
  readonly action: string;
  readonly target: string;
  /** Canonical JSON text (canonicalJson). */
  readonly details: string;
  readonly ip: string;
  /** ISO 8601 with milliseconds, UTC (Date#toISOString). */
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly prevHash: string;
}

/** JSON with object keys sorted at every level: one text per value, whoever wrote it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The canonical encoding of a row: a JSON array of its fields in a fixed order, prefixed by
 * the encoding's version (a field added later makes a new version, old rows keep verifying).
 */
export function canonicalRow(f: ChainFields): string {
  return JSON.stringify([
    1,
    f.seq,
    f.eventId,
    f.service,
    f.actorId,
    f.action,
    f.target,
    f.details,
    f.ip,
    f.occurredAt,
    f.recordedAt,
    f.prevHash,
  ]);
}

/** sha256 (hex) of the row's canonical encoding, which includes the previous row's hash. */
export function chainHash(f: ChainFields): string {
  return createHash('sha256').update(canonicalRow(f), 'utf8').digest('hex');
}

export type ChainBreak = 'hash_mismatch' | 'broken_link' | 'row_missing';

/** A chain row as read back (hash included). */
export interface StoredRow extends ChainFields {
  readonly hash: string;
}

/**
 * Walks rows in seq order from `prev` (the last good row before them): the first row that was
 * edited (its hash no longer matches its fields), whose link is broken (its prev_hash is not
 * the previous row's hash) or that is missing (a gap in seq) stops the walk.
 */
export function walkChain(
  rows: readonly StoredRow[],
  prev: { seq: number; hash: string },
):
  | { ok: true; last: { seq: number; hash: string } }
  | { ok: false; seq: number; reason: ChainBreak } {
  let last = prev;
  for (const r of rows) {
    if (r.seq !== last.seq + 1) return { ok: false, seq: last.seq + 1, reason: 'row_missing' };
    if (chainHash(r) !== r.hash) return { ok: false, seq: r.seq, reason: 'hash_mismatch' };
    if (r.prevHash !== last.hash) return { ok: false, seq: r.seq, reason: 'broken_link' };
    last = { seq: r.seq, hash: r.hash };
  }
  return { ok: true, last };
}
