import type { ReportSessionRow } from './reports.repository';
import type { Verdicts } from './report-verdicts';
import type { IncomingReport } from './incoming-report';

type Report = IncomingReport;

/**
 * Stage 2 of a report batch — de-duplication. A report is fresh when its (session, seq) is
 * neither stored yet nor repeated earlier in the batch; every other report that passed the
 * verdicts is answered as a duplicate.
 *
 * A session without gaps (report_count = max_seq) holds exactly seqs 1..max_seq, and max_seq
 * is always stored: only a report below max_seq of a session with gaps needs the stored rows.
 */
export function needsStoredLookup(r: Report, s: ReportSessionRow): boolean {
  const maxSeq = Number(s.max_seq);
  return r.seq < maxSeq && s.report_count < maxSeq;
}

/** The (session, seq) pairs only the table can answer, for ReportsRepository.existing. */
export function storedLookups(
  items: readonly Report[],
  verdicts: Verdicts,
  sessions: ReadonlyMap<string, ReportSessionRow>,
): { sessionIds: string[]; seqs: number[] } {
  const sessionIds: string[] = [];
  const seqs: number[] = [];
  for (let i = 0; i < items.length; i++) {
    if (verdicts[i]) continue;
    const r = items[i];
    if (!needsStoredLookup(r, sessions.get(r.sessionId)!)) continue;
    sessionIds.push(r.sessionId);
    seqs.push(r.seq);
  }
  return { sessionIds, seqs };
}

/** Key of a stored (session, seq) pair as ReportsRepository.existing returns it. */
export const reportKey = (sessionId: string, seq: number): string => `${sessionId}:${seq}`;

/**
 * The fresh reports (indexes into `items`) in counting order: by session, oldest seq first, so
 * that a session's budget is spent in the client's order. Of one (session, seq) repeated in the
 * batch, the earliest report is the fresh one. `stored` holds the keys the lookup found.
 */
export function freshReports(
  items: readonly Report[],
  verdicts: Verdicts,
  sessions: ReadonlyMap<string, ReportSessionRow>,
  stored: ReadonlySet<string>,
): number[] {
  const order: number[] = [];
  for (let i = 0; i < items.length; i++) if (!verdicts[i]) order.push(i);
  // Stable: repeats of one (session, seq) keep their batch order. Session ids here are the
  // locked rows' ids (lowercase uuids), for which code-unit order is the collation order.
  order.sort((a, b) => {
    const x = items[a];
    const y = items[b];
    return x.sessionId < y.sessionId ? -1 : x.sessionId > y.sessionId ? 1 : x.seq - y.seq;
  });
  const fresh: number[] = [];
  let prev: Report | undefined;
  for (const i of order) {
    const r = items[i];
    // Repeats are adjacent in this order.
    const repeat = prev !== undefined && prev.sessionId === r.sessionId && prev.seq === r.seq;
    prev = r;
    if (repeat) continue;
    const s = sessions.get(r.sessionId)!;
    const isStored = needsStoredLookup(r, s)
      ? stored.has(reportKey(r.sessionId, r.seq))
      : r.seq <= Number(s.max_seq);
    if (!isStored) fresh.push(i);
  }
  return fresh;
}
