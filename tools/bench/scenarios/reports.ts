// `reports`: device reports through the gateway. Preparation runs the simulator's phones
// (log in, START with a public IP per device); then every request is the next report of the
// next device (round robin), with realistic deltas. BENCH_DEVICES (default 2000) sets the fleet;
// at ≤ 12 reports/min/device, 5,000 reports/s needs 25,000 devices (or a stack started with a
// higher REPORTS_PER_MIN_PER_DEVICE for telemetry-svc).

import { devSecrets, login } from '../../simulate/credentials';
import { SimDevice } from '../../simulate/device';
import type { BenchRequest, Scenario } from '../scenario';

export const reports: Scenario = {
  name: 'reports',
  description:
    'POST /api/traffic/report from a simulated fleet (BENCH_DEVICES phones, round robin)',
  prepare: async ({ baseUrl, log }) => {
    const count = Number(process.env.BENCH_DEVICES ?? 2000);
    const perUser = 10;
    const firstUser = 6_000_000_000 + Math.floor(Math.random() * 1_000_000) * 1000;
    const secrets = devSecrets();
    const devices: SimDevice[] = [];
    const tokens = new Map<number, string>();
    for (let i = 0; i < count; i++) {
      const user = firstUser + Math.floor(i / perUser);
      if (!tokens.has(user)) tokens.set(user, await login(baseUrl, user, secrets));
      devices.push(
        new SimDevice({
          url: baseUrl,
          token: tokens.get(user)!,
          deviceId: `bench-${firstUser}-${i}`,
          intervalS: 10,
          dupRate: 0,
          reorderRate: 0,
          // One public IP per phone (MAX_DEVICES_PER_IP): 64 per /24, never .0.
          publicIp: `8.${(i >> 14) & 255}.${(i >> 6) & 255}.${(i & 63) + 10}`,
        }),
      );
    }
    for (let i = 0; i < devices.length; i += 200)
      await Promise.all(devices.slice(i, i + 200).map((d) => d.start()));
    const ready = devices.filter((d) => d.stats.sessionId);
    log(
      `${ready.length}/${devices.length} sessions open (start statuses: ${JSON.stringify(Object.fromEntries(devices.reduce((m, d) => m.set(d.stats.startStatus, (m.get(d.stats.startStatus) ?? 0) + 1), new Map<number, number>())))})`,
    );
    if (ready.length === 0) throw new Error('no session could be started');
    const ids = ready.map((d, i) => ({
      d,
      deviceId: `bench-${firstUser}-${devices.indexOf(d)}`,
      i,
    }));
    let n = 0;
    // Per device: reports the gateway answered 200 (each seq is sent once) and their MB.
    const acked = ready.map(() => ({ reports: 0, milli: 0 }));
    const sentAs = new WeakMap<BenchRequest, { i: number; delta: number }>();
    return {
      onResponse: (request, status) => {
        const sent = sentAs.get(request);
        if (!sent || status !== 200) return;
        acked[sent.i].reports += 1;
        acked[sent.i].milli += sent.delta;
      },
      next: () => {
        const { d, deviceId, i } = ids[n++ % ids.length];
        const r = d.nextReport();
        const request: BenchRequest = {
          method: 'POST',
          path: '/api/traffic/report',
          headers: {
            authorization: `Bearer ${(d as unknown as { o: { token: string } }).o.token}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            session_id: d.stats.sessionId,
            device_id: deviceId,
            seq: r.seq,
            cumulative_mb: r.cumulative / 1000,
            delta_mb: r.delta / 1000,
            speed_mb_s: r.speed / 1000,
          }),
        };
        sentAs.set(request, { i, delta: r.delta });
        return request;
      },
      expectedStatuses: [200],
      teardown: async () => {
        // STOP every session and compare the server's totals with what the gateway acknowledged:
        // an acknowledged report missing on the server is lost; one stored twice is double-counted.
        let lostReports = 0;
        let extraReports = 0;
        let lostMilli = 0;
        let extraMilli = 0;
        let unchecked = 0;
        for (let i = 0; i < ready.length; i += 200) {
          await Promise.all(
            ready.slice(i, i + 200).map(async (d, k) => {
              const res = await fetch(`${baseUrl}/api/traffic/stop`, {
                method: 'POST',
                headers: {
                  authorization: `Bearer ${(d as unknown as { o: { token: string } }).o.token}`,
                  'content-type': 'application/json',
                },
                body: JSON.stringify({
                  session_id: d.stats.sessionId,
                  device_id: ids[i + k].deviceId,
                }),
              }).catch(() => undefined);
              const body = (await res?.json().catch(() => undefined)) as
                { session?: { report_count?: number; reported_mb?: number } } | undefined;
              const session = body?.session;
              if (session?.report_count === undefined || session.reported_mb === undefined) {
                unchecked += 1;
                return;
              }
              const mine = acked[i + k];
              const reportDiff = session.report_count - mine.reports;
              const milliDiff = Math.round(session.reported_mb * 1000) - mine.milli;
              if (reportDiff < 0) lostReports -= reportDiff;
              else extraReports += reportDiff;
              if (milliDiff < 0) lostMilli -= milliDiff;
              else extraMilli += milliDiff;
            }),
          );
        }
        const total = acked.reduce((a, x) => a + x.reports, 0);
        log(
          `server totals vs acknowledged (${total.toLocaleString('en-US')} reports, ${ready.length - unchecked} sessions checked${unchecked ? `, ${unchecked} STOPs failed` : ''}): ` +
            `lost ${lostReports} reports (${lostMilli / 1000} MB), ` +
            `counted twice or unacknowledged-but-stored ${extraReports} reports (${extraMilli / 1000} MB)`,
        );
      },
    };
  },
};
