// `reports`: device reports through the gateway. Preparation runs the simulator's phones
// (log in, START with a public IP per device); then every request is the next report of the
// next device (round robin), with realistic deltas. BENCH_DEVICES (default 2000) sets the fleet;
// at ≤ 12 reports/min/device, 5,000 reports/s needs 25,000 devices (or a stack started with a
// higher REPORTS_PER_MIN_PER_DEVICE for telemetry-svc).

import { devSecrets, login } from '../../simulate/credentials';
import { SimDevice } from '../../simulate/device';
import type { Scenario } from '../scenario';

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
          publicIp: `8.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255 || 1}`,
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
    return {
      next: () => {
        const { d, deviceId } = ids[n++ % ids.length];
        const r = d.nextReport();
        return {
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
      },
      expectedStatuses: [200],
      teardown: async () => {
        for (let i = 0; i < ready.length; i += 200) {
          await Promise.all(
            ready.slice(i, i + 200).map((d, k) =>
              fetch(`${baseUrl}/api/traffic/stop`, {
                method: 'POST',
                headers: {
                  authorization: `Bearer ${(d as unknown as { o: { token: string } }).o.token}`,
                  'content-type': 'application/json',
                },
                body: JSON.stringify({
                  session_id: d.stats.sessionId,
                  device_id: ids[i + k].deviceId,
                }),
              }).catch(() => undefined),
            ),
          );
        }
      },
    };
  },
};
