import {
  canonicalJson,
  chainHash,
  GENESIS_HASH,
  walkChain,
  type StoredRow,
} from './admin-audit.hash';

const row = (seq: number, prevHash: string, action = `a.${seq}`): StoredRow => {
  const f = {
    seq,
    eventId: `00000000-0000-4000-8000-00000000000${seq}`,
    service: 'ledger-svc',
    actorId: 42,
    action,
    target: 'user:1',
    details: canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }),
    ip: '',
    occurredAt: '2026-01-01T00:00:00.000Z',
    recordedAt: '2026-01-01T00:00:01.000Z',
    prevHash,
  };
  return { ...f, hash: chainHash(f) };
};

function chainOf(n: number): StoredRow[] {
  const rows: StoredRow[] = [];
  for (let i = 1; i <= n; i += 1) rows.push(row(i, rows[i - 2]?.hash ?? GENESIS_HASH));
  return rows;
}

describe('admin audit hash chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe(
      '{"a":[2,{"c":4,"d":3}],"b":1}',
    );
  });

  it('the hash is sha256 hex and changes with any field, including the previous hash', () => {
    const r = row(1, GENESIS_HASH);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash({ ...r, action: 'other' })).not.toBe(r.hash);
    expect(chainHash({ ...r, prevHash: '1'.repeat(64) })).not.toBe(r.hash);
    expect(chainHash({ ...r })).toBe(r.hash);
  });

  it('walks a good chain; names an edited row, a rewritten link and a missing row', () => {
    const rows = chainOf(4);
    const start = { seq: 0, hash: GENESIS_HASH };
    expect(walkChain(rows, start)).toEqual({ ok: true, last: { seq: 4, hash: rows[3].hash } });
    const edited = rows.map((r) => (r.seq === 3 ? { ...r, target: 'user:2' } : r));
    expect(walkChain(edited, start)).toEqual({ ok: false, seq: 3, reason: 'hash_mismatch' });
    // Row 2 rewritten with a fresh hash of its own: row 3 no longer links to it.
    const rewritten = rows.map((r) => (r.seq === 2 ? row(2, rows[0].hash, 'forged') : r));
    expect(walkChain(rewritten, start)).toEqual({ ok: false, seq: 3, reason: 'broken_link' });
    expect(walkChain([rows[0], rows[2], rows[3]], start)).toEqual({
      ok: false,
      seq: 2,
      reason: 'row_missing',
    });
    expect(walkChain(rows.slice(1), start)).toEqual({ ok: false, seq: 1, reason: 'row_missing' });
  });
});
