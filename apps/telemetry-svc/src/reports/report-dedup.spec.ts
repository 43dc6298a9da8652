import { TelemetryErrorCode } from '../common/telemetry.exception';
import {
  OTHER_SESSION_ID,
  ReportFactory,
  SESSION_ID,
  SessionRowFactory,
  sessionsOf,
} from '../test/report-factories';
import { freshReports, needsStoredLookup, reportKey, storedLookups } from './report-dedup';
import { rejected, type Verdicts } from './report-verdicts';

const open = (n: number): Verdicts => new Array<undefined>(n).fill(undefined);

describe(needsStoredLookup.name, () => {
  const gapFree = SessionRowFactory.create({ report_count: 5, max_seq: '5' });
  const withGaps = SessionRowFactory.create({ report_count: 4, max_seq: '5' });

  it('never asks the table about a gap-free session: seq ≤ max_seq is stored, above is new', () => {
    expect(needsStoredLookup(ReportFactory.create({ seq: 3 }), gapFree)).toBe(false);
    expect(needsStoredLookup(ReportFactory.create({ seq: 6 }), gapFree)).toBe(false);
  });

  it('asks about a report below max_seq of a session with gaps, and only that', () => {
    expect(needsStoredLookup(ReportFactory.create({ seq: 2 }), withGaps)).toBe(true);
    expect(needsStoredLookup(ReportFactory.create({ seq: 5 }), withGaps)).toBe(false);
    expect(needsStoredLookup(ReportFactory.create({ seq: 9 }), withGaps)).toBe(false);
  });
});

describe(storedLookups.name, () => {
  it('collects the pairs of open reports of sessions with gaps', () => {
    const sessions = sessionsOf(
      SessionRowFactory.create({ report_count: 2, max_seq: '4' }),
      SessionRowFactory.create({ id: OTHER_SESSION_ID, report_count: 4, max_seq: '4' }),
    );
    const items = [
      ReportFactory.create({ seq: 3 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 2 }),
      ReportFactory.create({ seq: 1 }),
      ReportFactory.create({ seq: 2 }),
      ReportFactory.create({ seq: 7 }),
    ];
    const verdicts = open(5);
    verdicts[2] = rejected(TelemetryErrorCode.RateLimited, 'later', 3);
    expect(storedLookups(items, verdicts, sessions)).toEqual({
      sessionIds: [SESSION_ID, SESSION_ID],
      seqs: [3, 2],
    });
  });
});

describe(freshReports.name, () => {
  it('orders fresh reports by session, oldest seq first (the order the budget is spent in)', () => {
    const sessions = sessionsOf(
      SessionRowFactory.create(),
      SessionRowFactory.create({ id: OTHER_SESSION_ID }),
    );
    // SESSION_ID (0b9f…) sorts before OTHER_SESSION_ID (5e6f…).
    const items = [
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 2 }),
      ReportFactory.create({ seq: 3 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 1 }),
      ReportFactory.create({ seq: 1 }),
    ];
    expect(freshReports(items, open(4), sessions, new Set())).toEqual([3, 1, 2, 0]);
  });

  it('keeps the first of a report repeated in the batch, however far apart', () => {
    const sessions = sessionsOf(SessionRowFactory.create());
    const items = [
      ReportFactory.create({ seq: 2, deltaMilliMb: 1 }),
      ReportFactory.create({ seq: 1 }),
      ReportFactory.create({ seq: 2, deltaMilliMb: 2 }),
      ReportFactory.create({ seq: 2, deltaMilliMb: 3 }),
    ];
    expect(freshReports(items, open(4), sessions, new Set())).toEqual([1, 0]);
  });

  it('drops what is stored: up to max_seq of a gap-free session, the found pairs of one with gaps', () => {
    const sessions = sessionsOf(
      SessionRowFactory.create({ report_count: 3, max_seq: '3' }),
      SessionRowFactory.create({ id: OTHER_SESSION_ID, report_count: 2, max_seq: '4' }),
    );
    const items = [
      ReportFactory.create({ seq: 3 }),
      ReportFactory.create({ seq: 4 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 1 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 2 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 4 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 5 }),
    ];
    const stored = new Set([reportKey(OTHER_SESSION_ID, 1)]);
    expect(freshReports(items, open(6), sessions, stored)).toEqual([1, 3, 5]);
  });

  it('leaves rejected reports out', () => {
    const sessions = sessionsOf(SessionRowFactory.create());
    const items = [ReportFactory.create({ seq: 1 }), ReportFactory.create({ seq: 2 })];
    const verdicts = open(2);
    verdicts[0] = rejected(TelemetryErrorCode.DeviceMismatch, 'other device');
    expect(freshReports(items, verdicts, sessions, new Set())).toEqual([1]);
  });
});
