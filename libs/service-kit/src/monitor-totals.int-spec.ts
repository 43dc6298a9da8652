import { randomBytes } from 'node:crypto';

import { Redis } from 'ioredis';

import { MONITOR_TOTALS_KEY, MonitorTotalsPusher, readMonitorTotals } from './monitor-totals';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

// Two filter replicas and one telemetry replica against the real Redis (own key prefix): the
// monitor's totals are the sum over all of them, each delta added once.
describe('monitor totals (cluster-wide counters in Redis)', () => {
  const redis = new Redis(REDIS_URL, { keyPrefix: `mt-${randomBytes(4).toString('hex')}:` });
  afterAll(async () => {
    await redis.del(MONITOR_TOTALS_KEY);
    redis.disconnect();
  });

  const replica = (names: ConstructorParameters<typeof MonitorTotalsPusher>[1]) => {
    const counters: Record<string, number> = {};
    const pusher = new MonitorTotalsPusher(redis, names, async () => ({ ...counters }));
    return { counters, pusher };
  };

  it('adds each replica’s growth once and reads the sum', async () => {
    expect(await readMonitorTotals(redis)).toEqual({
      filter_allowed_total: 0,
      filter_denied_total: 0,
      reports_accepted_total: 0,
    });
    const a = replica(['filter_allowed_total', 'filter_denied_total']);
    const b = replica(['filter_allowed_total', 'filter_denied_total']);
    const t = replica(['reports_accepted_total']);
    Object.assign(a.counters, { filter_allowed_total: 5, filter_denied_total: 1 });
    Object.assign(b.counters, { filter_allowed_total: 7, reports_accepted_total: 99 });
    t.counters.reports_accepted_total = 40;
    await Promise.all([a.pusher.push(), b.pusher.push(), t.pusher.push()]);
    expect(await a.pusher.push()).toEqual({}); // nothing grew: nothing written twice
    a.counters.filter_allowed_total = 8;
    expect(await a.pusher.push()).toEqual({ filter_allowed_total: 3 });
    // b's process restarted: its counter starts from 0 again and counts on from there.
    const b2 = replica(['filter_allowed_total']);
    b2.counters.filter_allowed_total = 2;
    await b2.pusher.push();
    expect(await readMonitorTotals(redis)).toEqual({
      filter_allowed_total: 8 + 7 + 2,
      filter_denied_total: 1,
      // b does not own the reports counter: only the telemetry replica adds it.
      reports_accepted_total: 40,
    });
  }, 30_000);
});
