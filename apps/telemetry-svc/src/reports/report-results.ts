import { missingReports } from '../common/session-row';
import type { CountedBatch } from './report-counter';
import type { ReportSessionRow } from './reports.repository';
import type { Verdicts } from './report-verdicts';
import type { IncomingReport, ReportVerdict } from './incoming-report';

type Report = IncomingReport;
type Result = ReportVerdict;

/**
 * The answer to each report of a batch, in order: its rejection, or accepted (with what was
 * counted) or duplicate, each with its session's counters as they stand after the batch.
 */
export function reportResults(
  items: readonly Report[],
  verdicts: Verdicts,
  sessions: ReadonlyMap<string, ReportSessionRow>,
  batch: CountedBatch,
): Result[] {
  const results: Result[] = new Array<Result>(items.length);
  for (let i = 0; i < items.length; i++) {
    const done = verdicts[i];
    if (done) {
      results[i] = done;
      continue;
    }
    const sessionId = items[i].sessionId;
    const counted = batch.counted[i];
    const t = batch.tallies.get(sessionId);
    const s = sessions.get(sessionId)!;
    results[i] = {
      outcome: counted === undefined ? 'duplicate' : 'accepted',
      errorCode: '',
      errorKind: '',
      errorMessage: '',
      countedMilliMb: counted ?? 0,
      sessionCountedMilliMb: t ? t.serverCounted : Number(s.server_counted_milli_mb),
      reportCount: t ? t.reportCount : s.report_count,
      missingReports: t ? Math.max(0, t.maxSeq - t.reportCount) : missingReports(s),
      mismatch: (t ? t.reconciliationStatus : s.reconciliation_status) === 'mismatch',
      retryAfterS: 0,
    };
  }
  return results;
}
