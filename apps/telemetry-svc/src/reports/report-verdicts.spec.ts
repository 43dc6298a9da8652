import { userId } from '@trafficshare/identity';

import { TelemetryErrorCode } from '../common/telemetry.exception';
import {
  OTHER_SESSION_ID,
  ReportFactory,
  SESSION_ID,
  SessionRowFactory,
  sessionsOf,
} from '../test/report-factories';
import {
  applyRateLimits,
  applySessionChecks,
  invalidReport,
  openSessionIds,
  rejected,
  type Verdicts,
} from './report-verdicts';

const codes = (verdicts: Verdicts) => verdicts.map((v) => v?.errorCode);

describe(invalidReport.name, () => {
  const maxReportMb = 1_024;

  it('lets a well-formed report through', () => {
    expect(invalidReport(ReportFactory.create(), maxReportMb)).toBeUndefined();
  });

  it('answers a malformed session id as a missing session', () => {
    expect(invalidReport(ReportFactory.create({ sessionId: 'abc' }), maxReportMb)).toEqual(
      rejected(TelemetryErrorCode.SessionNotFound, 'No such session for this user'),
    );
  });

  it.each([
    [{ seq: 0 }, 'seq must be a positive integer'],
    [{ seq: 1.5 }, 'seq must be a positive integer'],
    [{ deltaMilliMb: -1 }, 'MB and speed cannot be negative'],
    [{ speedMilliMbS: -1 }, 'MB and speed cannot be negative'],
    [{ deltaMilliMb: 1_024_001 }, 'delta_mb above 1024 MB'],
    [{ deviceId: '' }, 'device_id is required'],
  ])('rejects %j as an invalid report: %s', (over, message) => {
    expect(invalidReport(ReportFactory.create(over), maxReportMb)).toMatchObject({
      outcome: 'rejected',
      errorCode: 'invalid_report',
      errorKind: 'invalid_argument',
      errorMessage: message,
      countedMilliMb: 0,
      retryAfterS: 0,
    });
  });

  it('accepts a delta of exactly MAX_REPORT_MB', () => {
    expect(
      invalidReport(ReportFactory.create({ deltaMilliMb: 1_024_000 }), maxReportMb),
    ).toBeUndefined();
  });
});

describe(openSessionIds.name, () => {
  it('lists each session of the reports still in the running once', () => {
    const items = [
      ReportFactory.create({ seq: 1 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID }),
      ReportFactory.create({ seq: 2 }),
      ReportFactory.create({ sessionId: 'rejected-one' }),
    ];
    const verdicts: Verdicts = [
      undefined,
      undefined,
      undefined,
      rejected(TelemetryErrorCode.InvalidReport, 'no'),
    ];
    expect(openSessionIds(items, verdicts)).toEqual([SESSION_ID, OTHER_SESSION_ID]);
  });
});

describe(applyRateLimits.name, () => {
  it('maps the limiter answers, asked for the open reports only, back onto the batch', () => {
    const early = rejected(TelemetryErrorCode.InvalidReport, 'bad');
    const verdicts: Verdicts = [undefined, early, undefined, undefined];
    applyRateLimits(verdicts, [undefined, 42, undefined], 'At most 12 a minute');
    expect(codes(verdicts)).toEqual([undefined, 'invalid_report', 'rate_limited', undefined]);
    expect(verdicts[2]).toMatchObject({
      errorKind: 'rate_limited',
      errorMessage: 'At most 12 a minute',
      retryAfterS: 42,
    });
  });
});

describe(applySessionChecks.name, () => {
  const sessions = sessionsOf(
    SessionRowFactory.create(),
    SessionRowFactory.create({ id: OTHER_SESSION_ID, status: 'completed' }),
  );

  it("answers someone else's session exactly like a missing one", () => {
    const items = [
      ReportFactory.create({ telegramId: userId(42) }),
      ReportFactory.create({ sessionId: '9a9a9a9a-9a9a-4a9a-9a9a-9a9a9a9a9a9a' }),
    ];
    const verdicts: Verdicts = [undefined, undefined];
    applySessionChecks(items, verdicts, sessions);
    expect(verdicts[0]).toEqual(verdicts[1]);
    expect(verdicts[0]).toMatchObject({
      errorCode: 'session_not_found',
      errorMessage: 'No such session for this user',
    });
  });

  it('refuses another device and a closed session, and leaves good reports open', () => {
    const items = [
      ReportFactory.create({ deviceId: 'iphone' }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID }),
      ReportFactory.create(),
    ];
    const verdicts: Verdicts = [undefined, undefined, undefined];
    applySessionChecks(items, verdicts, sessions);
    expect(codes(verdicts)).toEqual(['device_mismatch', 'session_closed', undefined]);
    expect(verdicts[0]?.errorKind).toBe('permission_denied');
    expect(verdicts[1]?.errorMessage).toBe('The session is already completed');
  });

  it('does not look again at a report already rejected', () => {
    const early = rejected(TelemetryErrorCode.RateLimited, 'slow down', 5);
    const verdicts: Verdicts = [early];
    applySessionChecks([ReportFactory.create({ deviceId: 'iphone' })], verdicts, sessions);
    expect(verdicts[0]).toBe(early);
  });
});
