import { countReport, sessionBudgetMilliMb, type CountingRules } from './counting';

const rules: CountingRules = { maxSpeedMbS: 50, burstMb: 100, maxReportMb: 1_024 };
const start = new Date('2026-03-05T10:00:00.000Z');
const after = (s: number) => new Date(start.getTime() + s * 1000);

describe(sessionBudgetMilliMb.name, () => {
  it('allows the burst at START and MAX_SPEED_MB_S more for every second since', () => {
    expect(sessionBudgetMilliMb(rules, start, start)).toBe(100_000);
    expect(sessionBudgetMilliMb(rules, start, after(1))).toBe(150_000);
    expect(sessionBudgetMilliMb(rules, start, after(60))).toBe(3_100_000);
  });

  it('rounds a partial second down to whole milli-MB', () => {
    expect(sessionBudgetMilliMb(rules, start, new Date(start.getTime() + 1))).toBe(100_050);
    expect(
      sessionBudgetMilliMb({ ...rules, maxSpeedMbS: 3 }, start, new Date(start.getTime() + 333)),
    ).toBe(100_999);
  });

  it('gives a server clock behind the START time no more than the burst', () => {
    expect(sessionBudgetMilliMb(rules, start, after(-30))).toBe(100_000);
  });
});

describe(countReport.name, () => {
  it('counts a report in full while the budget has room', () => {
    expect(countReport(rules, 12_500, 150_000, 0)).toBe(12_500);
    expect(countReport(rules, 12_500, 150_000, 137_500)).toBe(12_500);
  });

  it('counts only what the budget has left, then nothing', () => {
    expect(countReport(rules, 12_500, 150_000, 140_000)).toBe(10_000);
    expect(countReport(rules, 12_500, 150_000, 150_000)).toBe(0);
    // Already over (an older rule, a clock step): never negative.
    expect(countReport(rules, 12_500, 150_000, 170_000)).toBe(0);
  });

  it('clamps a delta to [0, MAX_REPORT_MB]', () => {
    expect(countReport(rules, -5_000, 10_000_000, 0)).toBe(0);
    expect(countReport(rules, 2_000_000, 10_000_000, 0)).toBe(1_024_000);
  });

  it('credits a session the same however its reports are ordered', () => {
    const budget = sessionBudgetMilliMb(rules, start, after(2)); // 200 MB
    const deltas = [90_000, 70_000, 60_000, 5_000];
    const total = (order: number[]) =>
      order.reduce((sum, d) => sum + countReport(rules, d, budget, sum), 0);
    expect(total(deltas)).toBe(200_000);
    expect(total([...deltas].reverse())).toBe(200_000);
  });
});
