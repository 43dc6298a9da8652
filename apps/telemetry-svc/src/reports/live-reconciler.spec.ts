import { NOW, SessionRowFactory } from '../test/report-factories';
import { reconcileLive } from './live-reconciler';
import { tallyOf, type SessionTally } from './report-counter';

const tolerance = { pct: 1, mb: 5 };
const tally = (over: Partial<SessionTally>): SessionTally => ({
  ...tallyOf(
    SessionRowFactory.create(),
    { maxSpeedMbS: 50, burstMb: 100, maxReportMb: 1_024, interruptionGapMs: 30_000 },
    NOW,
  ),
  reportCount: 10,
  maxSeq: 10,
  ...over,
});

describe(reconcileLive.name, () => {
  it('leaves a gap-free session within max(1 %, 5 MB) of the client as it is', () => {
    const near = tally({ localCounted: 1_000_000, serverCounted: 990_000 });
    const small = tally({ localCounted: 100_000, serverCounted: 95_000 });
    expect(reconcileLive([near, small], tolerance)).toEqual([]);
    expect(near.reconciliationStatus).toBe('ok');
  });

  it('turns a gap-free session beyond the tolerance to mismatch with the signed difference', () => {
    const over = tally({ localCounted: 100_000, serverCounted: 94_999 });
    const under = tally({ localCounted: 50_000, serverCounted: 60_000 });
    expect(reconcileLive([over, under], tolerance)).toEqual([over, under]);
    expect(over).toMatchObject({ reconciliationStatus: 'mismatch', mismatchMilliMb: 5_001 });
    expect(under).toMatchObject({ reconciliationStatus: 'mismatch', mismatchMilliMb: -10_000 });
  });

  it('does not compare a session with reports still missing (late is not lost)', () => {
    const gaps = tally({ reportCount: 9, maxSeq: 10, localCounted: 900_000, serverCounted: 0 });
    expect(reconcileLive([gaps], tolerance)).toEqual([]);
    expect(gaps.reconciliationStatus).toBe('ok');
  });

  it('reports a session once: one already in mismatch stays so while the counts differ', () => {
    const already = tally({
      reconciliationStatus: 'mismatch',
      mismatchMilliMb: 7_000,
      localCounted: 900_000,
      serverCounted: 0,
    });
    expect(reconcileLive([already], tolerance)).toEqual([]);
    expect(already).toMatchObject({ reconciliationStatus: 'mismatch', mismatchMilliMb: 7_000 });
  });

  it('clears the flag once the counts agree again (the relay’s batch caught up)', () => {
    const caught = tally({
      reconciliationStatus: 'mismatch',
      mismatchMilliMb: 9_000,
      localCounted: 100_000,
      serverCounted: 99_000,
    });
    expect(reconcileLive([caught], tolerance)).toEqual([]);
    expect(caught).toMatchObject({ reconciliationStatus: 'ok', mismatchMilliMb: 0 });
  });

  it('keeps the flag of a session with reports still missing', () => {
    const gaps = tally({
      reconciliationStatus: 'mismatch',
      mismatchMilliMb: 9_000,
      reportCount: 9,
      localCounted: 100_000,
      serverCounted: 100_000,
    });
    reconcileLive([gaps], tolerance);
    expect(gaps.reconciliationStatus).toBe('mismatch');
  });
});
