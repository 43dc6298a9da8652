// The simulation as a library (the CLI, the bench scenario and the e2e tests use it).

import { Agent } from 'undici';

import { DeviceAgent } from '../../apps/relay/src/device/device-agent';
import {
  DestinationPolicy,
  type DestinationPolicyConfig,
} from '../../apps/relay/src/safety/destination-policy';
import { devSecrets, login } from './credentials';
import { milliMbOfBytes, SimDevice } from './device';

/** Relay mode: every phone also serves buyers' streams through the relay's device tunnel. */
export interface SimRelayOptions {
  /** ws://host:port of the relay's device face. */
  readonly url: string;
  /** The device-side destination check (after its own DNS), as the relay's config says. */
  readonly policy: DestinationPolicyConfig;
  /** At most how long to wait after the tunnels close until the server counts every carried byte. */
  readonly settleMs: number;
}

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
  readonly relay?: SimRelayOptions;
}

export interface SimRelaySummary {
  tunnelsOpened: number;
  streams: number;
  carriedMb: number;
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
  relay?: SimRelaySummary;
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
  const agents = new Map<SimDevice, DeviceAgent>();
  const tokenOf = new Map<SimDevice, string>();
  const carried = (d: SimDevice): number => {
    const agent = agents.get(d);
    return agent ? agent.bytesUp + agent.bytesDown : 0;
  };
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
        carriedBytes: o.relay ? () => carried(devices[i]) : undefined,
      }),
    );
    tokenOf.set(devices[i], tokens.get(user)!);
  }
  o.log(`${tokens.size} users logged in; starting ${devices.length} devices`);
  const started = (await Promise.all(devices.map((d) => d.start().catch(() => false)))).filter(
    Boolean,
  ).length;
  const running = devices.filter((d) => d.stats.sessionId);
  o.log(`${started}/${devices.length} sessions open`);
  if (o.relay) {
    const policy = new DestinationPolicy(o.relay.policy);
    for (const d of running) {
      const agent = new DeviceAgent({
        relayUrl: o.relay.url,
        accessToken: tokenOf.get(d)!,
        sessionId: d.stats.sessionId,
        policy,
        log: (line) => o.log(`${d.stats.sessionId.slice(0, 8)}: ${line}`),
      });
      agents.set(d, agent);
      agent.start();
    }
    const up = (await Promise.all([...agents.values()].map((a) => a.ready()))).filter(Boolean);
    o.log(`${up.length}/${running.length} relay tunnels open at ${o.relay.url}`);
  }
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
  if (o.relay) {
    // The tunnels close first (the relay flushes a closed tunnel's counts at once); each session
    // stops once the server's count has reached every byte its phone carried, or after
    // `settleMs` (a loaded relay or owner may take seconds), so the count at STOP is complete.
    for (const agent of agents.values()) agent.stop();
    const deadline = Date.now() + o.relay.settleMs;
    const settled = (d: SimDevice) =>
      d.serverCounted().then(
        (n) => n >= milliMbOfBytes(carried(d)),
        () => false,
      );
    for (;;) {
      const done = await Promise.all(running.map(settled));
      if (done.every(Boolean) || Date.now() >= deadline) break;
      // Once a second: the summary route allows 120 calls a minute per user.
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
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
    // Relay mode: the server counts the relay's bytes, so compare with what the phone carried.
    const expected = o.relay ? milliMbOfBytes(carried(d)) : d.stats.ackedCountedMilli;
    const diff = d.stats.serverCountedMilli - expected;
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
    relay: o.relay
      ? {
          tunnelsOpened: agents.size,
          streams: [...agents.values()].reduce((s, a) => s + a.streamsOpened, 0),
          carriedMb: sum((d) => milliMbOfBytes(carried(d))) / 1000,
        }
      : undefined,
    ok: false,
  };
  summary.ok =
    started === devices.length && lost === 0 && double === 0 && summary.unacknowledged === 0;
  return summary;
}
