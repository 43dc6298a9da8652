import {
  NOW,
  OTHER_SESSION_ID,
  ReportFactory,
  SessionRowFactory,
  sessionsOf,
} from '../test/report-factories';
import { countReports, parseTime, tallyOf, type CountingOptions } from './report-counter';

const options: CountingOptions = {
  maxSpeedMbS: 50,
  burstMb: 100,
  maxReportMb: 1_024,
  interruptionGapMs: 30_000,
};
const secondsAgo = (s: number) => new Date(NOW.getTime() - s * 1000);

describe(tallyOf.name, () => {
  it('starts from the row, with the budget of the session age', () => {
    const t = tallyOf(
      SessionRowFactory.create({
        started_at: secondsAgo(10),
        last_report_at: secondsAgo(3),
        server_counted_milli_mb: '25000',
        report_count: 2,
        max_seq: '2',
        interruptions: 1,
      }),
      options,
      NOW,
    );
    expect(t).toMatchObject({
      serverCounted: 25_000,
      reportCount: 2,
      maxSeq: 2,
      interruptions: 1,
      budgetMilliMb: 600_000,
    });
  });

  it('counts a silence longer than the gap before this batch as one more interruption', () => {
    const row = (last: Date | null) =>
      SessionRowFactory.create({ started_at: secondsAgo(300), last_report_at: last });
    expect(tallyOf(row(secondsAgo(31)), options, NOW).interruptions).toBe(1);
    expect(tallyOf(row(secondsAgo(30)), options, NOW).interruptions).toBe(0);
    // No report yet: measured from START.
    expect(tallyOf(row(null), options, NOW).interruptions).toBe(1);
  });
});

describe(countReports.name, () => {
  it('adds each fresh report to its session, its user-day and the ingested event', () => {
    const sessions = sessionsOf(SessionRowFactory.create({ last_report_at: secondsAgo(5) }));
    const items = [
      ReportFactory.create({
        seq: 1,
        deltaMilliMb: 10_000,
        cumulativeMilliMb: 10_000,
        speedMilliMbS: 2_000,
      }),
      ReportFactory.create({
        seq: 2,
        deltaMilliMb: 5_000,
        cumulativeMilliMb: 15_000,
        speedMilliMbS: 1_000,
      }),
    ];
    const batch = countReports(items, [0, 1], sessions, options, NOW);
    expect(batch.counted).toEqual([10_000, 5_000]);
    expect(batch.tallies.get(items[0].sessionId)).toMatchObject({
      serverCounted: 15_000,
      reported: 15_000,
      localCounted: 15_000,
      reportCount: 2,
      maxSeq: 2,
      lastSpeed: 1_000,
      speedSum: 3,
      speedSqSum: 5,
      interruptions: 0,
    });
    expect(batch.daily).toEqual([
      { telegramId: 599_382_114, day: '2026-03-05', milliMb: 15_000, reports: 2 },
    ]);
    expect(batch.ingested).toEqual([
      expect.objectContaining({ seq: 1, deltaMilliMb: 10_000, countedAt: NOW.toISOString() }),
      expect.objectContaining({ seq: 2, deltaMilliMb: 5_000, countedAt: NOW.toISOString() }),
    ]);
    expect(batch.rows.map((r) => [r.seq, r.countedMilliMb, r.deltaMilliMb])).toEqual([
      [1, 10_000, 10_000],
      [2, 5_000, 5_000],
    ]);
  });

  it('stops counting a session at its budget; the rest is stored as reported', () => {
    // 1 s old: 100 MB burst + 50 MB.
    const sessions = sessionsOf(SessionRowFactory.create({ started_at: secondsAgo(1) }));
    const items = [1, 2, 3].map((seq) => ReportFactory.create({ seq, deltaMilliMb: 60_000 }));
    const batch = countReports(items, [0, 1, 2], sessions, options, NOW);
    expect(batch.counted).toEqual([60_000, 60_000, 30_000]);
    expect(batch.rows.map((r) => r.deltaMilliMb)).toEqual([60_000, 60_000, 60_000]);
    expect(batch.tallies.get(items[0].sessionId)).toMatchObject({
      serverCounted: 150_000,
      reported: 180_000,
    });
    expect(batch.daily[0].milliMb).toBe(150_000);
  });

  it('takes the client count and speed from the highest seq only (a late report does not rewind them)', () => {
    const sessions = sessionsOf(
      SessionRowFactory.create({
        report_count: 3,
        max_seq: '5',
        local_counted_milli_mb: '50000',
        last_speed_milli_mb_s: '900',
      }),
    );
    const late = ReportFactory.create({ seq: 4, cumulativeMilliMb: 40_000, speedMilliMbS: 100 });
    const batch = countReports([late], [0], sessions, options, NOW);
    expect(batch.tallies.get(late.sessionId)).toMatchObject({
      maxSeq: 5,
      localCounted: 50_000,
      lastSpeed: 900,
      reportCount: 4,
    });
  });

  it('leaves duplicates and rejections uncounted and their sessions untouched', () => {
    const sessions = sessionsOf(
      SessionRowFactory.create(),
      SessionRowFactory.create({ id: OTHER_SESSION_ID }),
    );
    const items = [
      ReportFactory.create({ seq: 1 }),
      ReportFactory.create({ sessionId: OTHER_SESSION_ID, seq: 1 }),
    ];
    const batch = countReports(items, [0], sessions, options, NOW);
    expect(batch.counted).toEqual([10_000, undefined]);
    expect([...batch.tallies.keys()]).toEqual([items[0].sessionId]);
  });

  it('stores a battery level only within 0–100 and at most 16 characters of network type', () => {
    const sessions = sessionsOf(SessionRowFactory.create());
    const items = [
      ReportFactory.create({ seq: 1, batteryLevel: -1, networkType: 'cellular-5g-standalone' }),
      ReportFactory.create({ seq: 2, batteryLevel: 100, clientTimestamp: '' }),
    ];
    const [a, b] = countReports(items, [0, 1], sessions, options, NOW).rows;
    expect([a.batteryLevel, a.networkType]).toEqual([null, 'cellular-5g-stan']);
    expect([b.batteryLevel, b.clientTimestamp]).toEqual([100, null]);
  });
});

describe(parseTime.name, () => {
  it('reads an ISO time and gives null for none or garbage', () => {
    expect(parseTime('2026-03-05T09:59:58.000Z')).toEqual(new Date('2026-03-05T09:59:58.000Z'));
    expect(parseTime('')).toBeNull();
    expect(parseTime('yesterday')).toBeNull();
  });
});
