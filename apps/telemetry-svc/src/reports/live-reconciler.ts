import { toleranceMilliMb } from '../common/units';
import type { SessionTally } from './report-counter';

export interface ReconcileTolerance {
  readonly pct: number;
  readonly mb: number;
}

/**
 * Stage 4 of a report batch — live reconciliation. A session whose client count (its latest
 * cumulative) and server count differ by more than the tolerance turns `mismatch`; one in
 * `mismatch` whose counts agree again (a relayed session's server count catches up with its
 * client once the relay's batch lands) turns back to `ok`, its difference 0. Only a gap-free
 * session can be compared: a report still missing is late, not lost.
 * Returns the sessions that turned `mismatch` in this batch, their tallies updated.
 */
export function reconcileLive(
  tallies: Iterable<SessionTally>,
  tolerance: ReconcileTolerance,
): SessionTally[] {
  const turned: SessionTally[] = [];
  for (const t of tallies) {
    if (t.reportCount !== t.maxSeq) continue;
    const diff = t.localCounted - t.serverCounted;
    const agree = Math.abs(diff) <= toleranceMilliMb(t.localCounted, tolerance.pct, tolerance.mb);
    if (t.reconciliationStatus === 'mismatch') {
      if (agree) {
        t.reconciliationStatus = 'ok';
        t.mismatchMilliMb = 0;
      }
      continue;
    }
    if (t.reconciliationStatus !== 'ok' || agree) continue;
    t.reconciliationStatus = 'mismatch';
    t.mismatchMilliMb = diff;
    turned.push(t);
  }
  return turned;
}
