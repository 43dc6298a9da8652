import { kindOf, TelemetryErrorCode } from '../common/telemetry.exception';
import { RELAY_SEQ_BASE } from '../relay/relay-credits';
import type { ReportSessionRow } from './reports.repository';
import type { IncomingReport, ReportVerdict } from './incoming-report';

type Report = IncomingReport;
type Result = ReportVerdict;

/**
 * Stage 1 of a report batch — verdicts. One slot per report of the batch, in order: a rejection,
 * or undefined while the report is still in the running. Each check only looks at reports no
 * earlier check rejected.
 */
export type Verdicts = Array<Result | undefined>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function rejected(code: TelemetryErrorCode, message: string, retryAfterS = 0): Result {
  return {
    outcome: 'rejected',
    errorCode: code,
    errorKind: kindOf(code),
    errorMessage: message,
    countedMilliMb: 0,
    sessionCountedMilliMb: 0,
    reportCount: 0,
    missingReports: 0,
    mismatch: false,
    retryAfterS,
  };
}

/** Before the transaction: the rejection of a report that cannot be valid, else undefined. */
export function invalidReport(r: Report, maxReportMb: number): Result | undefined {
  // A malformed id cannot name a session: it answers as a missing one.
  if (!UUID.test(r.sessionId))
    return rejected(TelemetryErrorCode.SessionNotFound, 'No such session for this user');
  const bad = (why: string) => rejected(TelemetryErrorCode.InvalidReport, why);
  if (!Number.isSafeInteger(r.seq) || r.seq < 1) return bad('seq must be a positive integer');
  // Seqs from RELAY_SEQ_BASE up are the relay's credits of the session (server-counted bytes).
  if (r.seq >= RELAY_SEQ_BASE) return bad(`seq must be below ${RELAY_SEQ_BASE}`);
  if (r.deltaMilliMb < 0 || r.cumulativeMilliMb < 0 || r.speedMilliMbS < 0)
    return bad('MB and speed cannot be negative');
  if (r.deltaMilliMb > maxReportMb * 1000) return bad(`delta_mb above ${maxReportMb} MB`);
  if (!r.deviceId) return bad('device_id is required');
  return undefined;
}

/** The distinct sessions of the reports still in the running (the rows to lock). */
export function openSessionIds(items: readonly Report[], verdicts: Verdicts): string[] {
  const ids = new Set<string>();
  for (let i = 0; i < items.length; i++) if (!verdicts[i]) ids.add(items[i].sessionId);
  return [...ids];
}

/**
 * The rate limiter's answers (one per report still in the running when it was asked, in order:
 * undefined = allowed, else seconds to wait) become rejections.
 */
export function applyRateLimits(
  verdicts: Verdicts,
  waits: ReadonlyArray<number | undefined>,
  message: string,
): void {
  let k = 0;
  for (let i = 0; i < verdicts.length; i++) {
    if (verdicts[i]) continue;
    const wait = waits[k++];
    if (wait !== undefined) verdicts[i] = rejected(TelemetryErrorCode.RateLimited, message, wait);
  }
}

/**
 * Session checks against the locked rows: the owner (someone else's session answers as
 * missing, no probing of ids), the device, and that it is still open.
 */
export function applySessionChecks(
  items: readonly Report[],
  verdicts: Verdicts,
  sessions: ReadonlyMap<string, ReportSessionRow>,
): void {
  for (let i = 0; i < items.length; i++) {
    if (verdicts[i]) continue;
    const r = items[i];
    const s = sessions.get(r.sessionId);
    if (!s || Number(s.telegram_id) !== r.telegramId)
      verdicts[i] = rejected(TelemetryErrorCode.SessionNotFound, 'No such session for this user');
    else if (s.device_id !== r.deviceId)
      verdicts[i] = rejected(
        TelemetryErrorCode.DeviceMismatch,
        'The session belongs to another device',
      );
    else if (s.status !== 'active')
      verdicts[i] = rejected(
        TelemetryErrorCode.SessionClosed,
        `The session is already ${s.status}`,
      );
  }
}
