import { TelemetryErrorCode } from '../common/telemetry.exception';
import {
  NOW,
  OTHER_SESSION_ID,
  ReportFactory,
  SessionRowFactory,
  sessionsOf,
} from '../test/report-factories';
import { countReports } from './report-counter';
import { reportResults } from './report-results';
import { rejected, type Verdicts } from './report-verdicts';

const options = { maxSpeedMbS: 50, burstMb: 100, maxReportMb: 1_024, interruptionGapMs: 30_000 };

describe(reportResults.name, () => {
  const sessions = sessionsOf(
    SessionRowFactory.create({ report_count: 1, max_seq: '1', server_counted_milli_mb: '10000' }),
    SessionRowFactory.create({
      id: OTHER_SESSION_ID,
      report_count: 3,
      max_seq: '5',
      server_counted_milli_mb: '42000',
      reconciliation_status: 'mismatch',
    }),
  );

  it('answers in batch order: rejection, accepted with its count, duplicate with none', () => {
    const items = [
      ReportFactory.create({ seq: 7 }),
      ReportFactory.create({ seq: 2, deltaMilliMb: 4_000 }),
      ReportFactory.create({ seq: 2, deltaMilliMb: 4_000 }),
    ];
    const refusal = rejected(TelemetryErrorCode.RateLimited, 'slow down', 9);
    const verdicts: Verdicts = [refusal, undefined, undefined];
    const batch = countReports(items, [1], sessions, options, NOW);
    const [a, b, c] = reportResults(items, verdicts, sessions, batch);
    expect(a).toBe(refusal);
    expect(b).toEqual({
      outcome: 'accepted',
      errorCode: '',
      errorKind: '',
      errorMessage: '',
      countedMilliMb: 4_000,
      sessionCountedMilliMb: 14_000,
      reportCount: 2,
      missingReports: 0,
      mismatch: false,
      retryAfterS: 0,
    });
    // The repeat sees the session as it stands after the batch.
    expect(c).toEqual({ ...b, outcome: 'duplicate', countedMilliMb: 0 });
  });

  it('answers a duplicate of an untouched session from its row', () => {
    const items = [ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 5 })];
    const [r] = reportResults(
      items,
      [undefined],
      sessions,
      countReports(items, [], sessions, options, NOW),
    );
    expect(r).toMatchObject({
      outcome: 'duplicate',
      countedMilliMb: 0,
      sessionCountedMilliMb: 42_000,
      reportCount: 3,
      missingReports: 2,
      mismatch: true,
    });
  });
});
