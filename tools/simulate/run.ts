// The simulation as a library (the CLI, the bench scenario and the e2e tests use it).

import { Agent } from 'undici';

import { devSecrets, login } from './credentials';
import { SimDevice } from './device';

export interface SimOptions {
  readonly url: string;
  readonly devices: number;
  readonly intervalS: number;
  readonly durationS: number;
  readonly dupRate: number;
  readonly reorderRate: number;
  readonly devicesPerUser: number;
  /** First telegram id of the simulated users. */
  readonly firstUserId: number;
  /** Give each device a public (documentation-range-free) IP through X-Forwarded-For. */
  readonly publicIps: boolean;
  readonly log: (line: string) => void;
  /** Called when every device has started (tests kill a service here). */
  readonly onRunning?: () => void | Promise<void>;
  readonly tokenFor?: (telegramId: number) => Promise<string>;
}

export interface SimSummary {
  devices: number;
  started: number;
  startStatuses: Record<string, number>;
  sent: number;
  acked: number;
  duplicatesAcked: number;
  rejected: Record<string, number>;
  unacknowledged: number;
  clientTotalMb: number;
  ackedMb: number;
  serverCountedMb: number;
  lostMb: number;
  doubleCountedMb: number;
  p50Ms: number;
  p99Ms: number;
  ok: boolean;
}

const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : 0;

/**
 * A US home IPv4 per device (only meaningful when the gateway trusts loopback): 73.0.0.0/8 is
 * Comcast (AS7922), which the filter's bundled datacenter data lets through.
 */
const ipOf = (i: number) =>
  `73.${Math.floor(i / 250) % 250}.${(i % 250) + 1}.${((i * 7) % 250) + 1}`;

export async function simulate(o: SimOptions): Promise<SimSummary> {
  const secrets = devSecrets();
  const dispatcher = new Agent({ connections: 256, keepAliveTimeout: 60_000 });
  const tokens = new Map<number, string>();
  const devices: SimDevice[] = [];
  for (let i = 0; i < o.devices; i++) {
    const user = o.firstUserId + Math.floor(i / o.devicesPerUser);
    if (!tokens.has(user))
      tokens.set(user, await (o.tokenFor ? o.tokenFor(user) : login(o.url, user, secrets)));
    devices.push(
      new SimDevice({
        url: o.url,
        token: tokens.get(user)!,
        deviceId: `sim-${o.firstUserId}-${i}`,
        intervalS: o.intervalS,
        dupRate: o.dupRate,
        reorderRate: o.reorderRate,
        publicIp: o.publicIps ? ipOf(i) : undefined,
        dispatcher,
      }),
    );
  }
  o.log(`${tokens.size} users logged in; starting ${devices.length} devices`);
  const started = (await Promise.all(devices.map((d) => d.start().catch(() => false)))).filter(
    Boolean,
  ).length;
  const running = devices.filter((d) => d.stats.sessionId);
  o.log(`${started}/${devices.length} sessions open`);
  await o.onRunning?.();
  const end = Date.now() + o.durationS * 1000;
  const progress = setInterval(() => {
    const acked = running.reduce((s, d) => s + d.stats.acked, 0);
    const mb = running.reduce((s, d) => s + d.stats.ackedCountedMilli, 0) / 1000;
    o.log(
      `${Math.round((end - Date.now()) / 1000)} s left · ${acked} reports acknowledged · ${mb.toFixed(1)} MB`,
    );
  }, 5_000);
  await Promise.all(
    running.map(async (d, i) => {
      // Spread the devices over the interval so the load is even.
      await new Promise((r) =>
        setTimeout(r, (o.intervalS * 1000 * i) / Math.max(1, running.length)),
      );
      while (Date.now() < end) {
        const next = Date.now() + o.intervalS * 1000;
        await d.tick();
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
    }),
  );
  clearInterval(progress);
  await Promise.all(running.map((d) => d.finish()));
  await dispatcher.close();
  const lat = running.flatMap((d) => d.stats.latenciesMs).sort((a, b) => a - b);
  const sum = (f: (d: SimDevice) => number) => running.reduce((s, d) => s + f(d), 0);
  const rejected: Record<string, number> = {};
  for (const d of running)
    for (const [k, v] of Object.entries(d.stats.rejected)) rejected[k] = (rejected[k] ?? 0) + v;
  const startStatuses: Record<string, number> = {};
  for (const d of devices)
    startStatuses[d.stats.startStatus] = (startStatuses[d.stats.startStatus] ?? 0) + 1;
  let lost = 0;
  let double = 0;
  for (const d of running) {
    const diff = d.stats.serverCountedMilli - d.stats.ackedCountedMilli;
    if (diff < 0) lost -= diff;
    else double += diff;
  }
  const summary: SimSummary = {
    devices: devices.length,
    started,
    startStatuses,
    sent: sum((d) => d.stats.sent),
    acked: sum((d) => d.stats.acked),
    duplicatesAcked: sum((d) => d.stats.duplicatesAcked),
    rejected,
    unacknowledged: sum((d) => d.unacknowledged),
    clientTotalMb: sum((d) => d.stats.clientTotalMilli) / 1000,
    ackedMb: sum((d) => d.stats.ackedCountedMilli) / 1000,
    serverCountedMb: sum((d) => d.stats.serverCountedMilli) / 1000,
    lostMb: lost / 1000,
    doubleCountedMb: double / 1000,
    p50Ms: Math.round(pct(lat, 50) * 10) / 10,
    p99Ms: Math.round(pct(lat, 99) * 10) / 10,
    ok: false,
  };
  summary.ok =
    started === devices.length && lost === 0 && double === 0 && summary.unacknowledged === 0;
  return summary;
}
