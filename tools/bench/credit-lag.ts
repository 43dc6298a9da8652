// Credit lag bench (ledger-svc): publishes ReportsIngested straight into JetStream at a fixed
// rate (what telemetry-svc's outbox relay does) for many users, while probe users — logged in
// through the gateway — each get one report at a time and poll GET /api/user/balance until it
// shows; lag = publish → visible. Ends with the ledger's own check (CheckLedger over gRPC).
//
//   node tools/run-ts.cjs tools/bench/credit-lag.ts [--rate 5000] [--duration 30] [--users 2000]
//     [--probes 20] [--via nats|gateway] [--url http://127.0.0.1:8080]
//     [--nats nats://127.0.0.1:4222] [--prefix ''] [--ledger 127.0.0.1:50054] [--first-poll 100]
//     [--referral-forest]
// --referral-forest: before the load, the filler users are joined into a 3-level referral forest
// (groups of 21: a root, 4 children, 16 grandchildren) and each probe becomes a grandchild's
// referral, published as auth-svc's ReferralAttributed; every credit then also pays up to three
// commissions in its batch. Run once with and once without it to compare the credit lag.
// A probe polls its balance every 150 ms, the first time --first-poll ms after its report; a
// credit already visible then counts as that late (lags are upper bounds, to within a poll).
// --via gateway: each probe is a phone (START, then one report at a time through
// POST /api/traffic/report) and lag = the report's 200 → visible in the balance. Run it with
// --rate 0 beside `npm run bench -- reports` to measure the lag under the real reports load.
// Needs the platform running (npm start): gateway, auth-svc (probe logins), ledger-svc (and
// telemetry-svc, filter-svc for --via gateway).
import { randomUUID } from 'node:crypto';

import { connect, headers as natsHeaders } from 'nats';

import { SERVICES } from '@trafficshare/config';
import { common, type ledger } from '@trafficshare/contracts';
import { createGrpcClient } from '@trafficshare/grpc';
import { encodeEvent, eventSubject } from '@trafficshare/messaging';

import { bodyText, KeepAliveConnection } from './http-client';
import { BENCH_ID_BASE, benchIp, signedLoginBody } from './scenarios/telegram-payload';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const RATE = Number(arg('rate', '5000'));
const DURATION_S = Number(arg('duration', '30'));
const USERS = Number(arg('users', '2000'));
const PROBES = Number(arg('probes', '20'));
const VIA = arg('via', 'nats');
const URL = arg('url', 'http://127.0.0.1:8080');
const NATS_URL = arg('nats', 'nats://127.0.0.1:4222');
const PREFIX = arg('prefix', '');
const LEDGER = arg('ledger', `127.0.0.1:${SERVICES['ledger-svc'].defaultGrpcPort}`);
const FIRST_POLL_MS = Number(arg('first-poll', '100'));
const REFERRAL_FOREST = process.argv.includes('--referral-forest');
// Filler users live above the login bench's range.
const FILLER_BASE = BENCH_ID_BASE + 500_000;
const PROBE_BASE = BENCH_ID_BASE + 400_000;

const say = (m: string) => process.stdout.write(`[credit-lag] ${m}\n`);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

async function login(id: number): Promise<string> {
  const res = await fetch(`${URL}/api/auth/telegram`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': benchIp(id - PROBE_BASE + 60_000),
      'user-agent': 'trafficshare-bench',
    },
    body: signedLoginBody(id),
  });
  if (res.status !== 200) throw new Error(`probe login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

async function balance(c: KeepAliveConnection, token: string, id: number): Promise<number> {
  // One client IP per probe (X-Forwarded-For is trusted from 127.0.0.1), as real phones have.
  const res = await c.request({
    method: 'GET',
    path: '/api/user/balance',
    headers: {
      authorization: `Bearer ${token}`,
      'x-forwarded-for': benchIp(id - PROBE_BASE + 60_000),
    },
  });
  if (res.status !== 200) throw new Error(`balance: ${res.status} ${bodyText(res)}`);
  return (JSON.parse(bodyText(res)) as { balance: { usd: number } }).balance.usd;
}

/**
 * [referral, referrer] pairs: filler users in groups of 21 (index 0 the root, 1–4 its children,
 * 5–20 the grandchildren, four per child), and probe i the referral of group i's first grandchild.
 */
function referralForest(users: number, probes: number): Array<[number, number]> {
  const links: Array<[number, number]> = [];
  for (let u = 0; u < users; u += 1) {
    const g = u % 21;
    const root = u - g;
    if (g === 0) continue;
    const parent = g <= 4 ? root : root + 1 + Math.floor((g - 5) / 4);
    if (parent < users) links.push([FILLER_BASE + u, FILLER_BASE + parent]);
  }
  for (let i = 0; i < probes; i += 1) {
    const grandchild = i * 21 + 5;
    if (grandchild < users) links.push([PROBE_BASE + i, FILLER_BASE + grandchild]);
  }
  return links;
}

async function main(): Promise<void> {
  const nc = await connect({ servers: NATS_URL, name: 'credit-lag-bench' });
  const js = nc.jetstream();
  const subject = eventSubject(PREFIX, 'ReportsIngested');
  type Item = { telegramId: number; sessionId: string; seq: number; milliMb: number };
  // One ReportsIngested per call, as telemetry-svc emits one per commit.
  const publishMany = (items: readonly Item[]) => {
    const h = natsHeaders();
    const id = randomUUID();
    const at = new Date().toISOString();
    h.set('ts-event-id', id);
    h.set('ts-event-type', 'ReportsIngested');
    h.set('ts-occurred-at', at);
    const payload = encodeEvent('ReportsIngested', {
      reports: items.map((r) => ({
        sessionId: r.sessionId,
        telegramId: r.telegramId,
        deviceId: 'bench',
        seq: r.seq,
        deltaMilliMb: r.milliMb,
        countedAt: at,
      })),
    });
    return js.publish(subject, payload, { msgID: id, headers: h });
  };
  const publish = (telegramId: number, sessionId: string, seq: number, milliMb: number) =>
    publishMany([{ telegramId, sessionId, seq, milliMb }]);

  if (REFERRAL_FOREST) {
    const links = referralForest(USERS, PROBES);
    say(`publishing a 3-level referral forest: ${links.length} links`);
    await Promise.all(
      links.map(([referral, referrer]) => {
        const h = natsHeaders();
        const id = randomUUID();
        h.set('ts-event-id', id);
        h.set('ts-event-type', 'ReferralAttributed');
        h.set('ts-occurred-at', new Date().toISOString());
        return js.publish(
          eventSubject(PREFIX, 'ReferralAttributed'),
          encodeEvent('ReferralAttributed', {
            referralId: referral,
            referrerId: referrer,
            counted: true,
            reason: '',
            via: 'bench',
            referralNameMasked: 'Be***',
            attributedAt: new Date().toISOString(),
          }),
          { msgID: id, headers: h },
        );
      }),
    );
  }

  say(`logging in ${PROBES} probe users`);
  const probes = await Promise.all(
    Array.from({ length: PROBES }, async (_, i) => ({
      id: PROBE_BASE + i,
      token: await login(PROBE_BASE + i),
    })),
  );

  const run = randomUUID().slice(0, 8);
  const endAt = Date.now() + DURATION_S * 1000;
  let published = 0;
  let publishErrors = 0;
  const lags: Array<{ sent: number; lag: number }> = [];
  let earlyCredits = 0;
  let loadDone = 0;

  // Load: RATE reports/s in 10 ms ticks over USERS users (one session per user, seq increasing).
  const seqs = new Array<number>(USERS).fill(0);
  const load = (async () => {
    const perTick = RATE / 100;
    let carry = 0;
    let next = Date.now();
    const inflight = new Set<Promise<unknown>>();
    while (Date.now() < endAt) {
      carry += perTick;
      const n = Math.floor(carry);
      carry -= n;
      // Each 10 ms tick's reports travel as one event (a telemetry commit carries ~that many).
      const items: Item[] = [];
      for (let i = 0; i < n; i += 1) {
        const u = (published + i) % USERS;
        seqs[u] += 1;
        items.push({
          telegramId: FILLER_BASE + u,
          sessionId: `bench-${run}-${u}`,
          seq: seqs[u],
          milliMb: 1_000 + (seqs[u] % 5_000),
        });
      }
      if (items.length > 0) {
        const p: Promise<unknown> = publishMany(items).then(
          (): void => void inflight.delete(p),
          (): void => {
            publishErrors += items.length;
            inflight.delete(p);
          },
        );
        inflight.add(p);
      }
      published += n;
      if (inflight.size > 1_000) await Promise.race(inflight);
      next += 10;
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    await Promise.all(inflight);
    loadDone = Date.now();
  })();

  // 9.0.0.0–9.127.255.255 is all US in the bundled GeoIP data (above it: GB, AE, DE, ... refused).
  const ipBase = Math.floor(Math.random() * 128);
  // A probe phone for --via gateway: START, then reports through the gateway.
  const phone = async (probe: { id: number; token: string }, i: number, c: KeepAliveConnection) => {
    const device = `lag-probe-${run}-${i}`;
    const headers = {
      authorization: `Bearer ${probe.token}`,
      'content-type': 'application/json',
      // A fresh public IP per probe and run (an IP in use by another device is refused).
      'x-forwarded-for': `9.${ipBase}.${(i >> 7) & 255}.${(i & 127) + 10}`,
    };
    const post = (path: string, body: unknown) =>
      fetch(`${URL}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    const start = await post('/api/traffic/start', { device_id: device, network_type: 'mobile' });
    const startBody = (await start.json()) as { session_id?: string };
    if (start.status !== 200 || !startBody.session_id)
      throw new Error(`probe START failed: ${start.status} ${JSON.stringify(startBody)}`);
    const sessionId = startBody.session_id;
    let cumulative = 0;
    return {
      // Resolves when the gateway answered 200 (the report is committed).
      report: async (seq: number) => {
        cumulative += 10;
        const res = await c.request({
          method: 'POST',
          path: '/api/traffic/report',
          headers,
          body: JSON.stringify({
            session_id: sessionId,
            device_id: device,
            seq,
            cumulative_mb: cumulative,
            delta_mb: 10,
            speed_mb_s: 1,
          }),
        });
        if (res.status !== 200) throw new Error(`probe report: ${res.status} ${bodyText(res)}`);
      },
      stop: () => post('/api/traffic/stop', { session_id: sessionId, device_id: device }),
    };
  };

  // Probes: one report at a time, poll until the balance moves.
  const probing = probes.map(async (probe, i) => {
    let seq = 0;
    // The probe's own keep-alive connection (fetch costs the machine more CPU per request).
    const c = new KeepAliveConnection(URL, 30_000);
    let last = await balance(c, probe.token, probe.id);
    const viaGateway = VIA === 'gateway' ? await phone(probe, i, c) : undefined;
    await new Promise((r) => setTimeout(r, (i * 1000) / PROBES));
    while (Date.now() < endAt) {
      seq += 1;
      let sent = Date.now();
      if (viaGateway) {
        await viaGateway.report(seq);
        sent = Date.now();
      } else {
        await publish(probe.id, `probe-${run}-${i}`, seq, 1_024_000);
      }
      // The first poll waits FIRST_POLL_MS (a credit seen then is recorded as that late: never
      // an underestimate); polls are load the stack carries too.
      await new Promise((r) => setTimeout(r, FIRST_POLL_MS));
      for (let poll = 1; ; poll++) {
        const now = await balance(c, probe.token, probe.id);
        if (now !== last) {
          lags.push({ sent, lag: Date.now() - sent });
          if (poll === 1) earlyCredits += 1;
          last = now;
          break;
        }
        if (Date.now() - sent > 60_000) throw new Error(`probe ${probe.id}: no credit within 60 s`);
        // 150 ms between polls keeps a probe under the per-user default limit (600/min).
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    await viaGateway?.stop();
    c.close();
  });

  const started = Date.now();
  await Promise.all([load, ...probing]);
  const elapsed = (Date.now() - started) / 1000;
  await nc.drain();

  // Probes sent once the load stopped wait for a batch window (INCOME_BATCH_WAIT_MS) to close:
  // they measure the idle path, not the lag under load, and are reported apart.
  const loadS = (loadDone - started) / 1000;
  const sorted = lags
    .filter((l) => l.sent < endAt - 1_000)
    .map((l) => l.lag)
    .sort((a, b) => a - b);
  const tail = lags.filter((l) => l.sent >= endAt - 1_000).map((l) => l.lag);
  say(
    `published ${published} reports in ${loadS.toFixed(1)} s = ${Math.round(published / loadS)} reports/s (all acked by JetStream, errors ${publishErrors}), ${USERS} users`,
  );
  say(
    `run took ${elapsed.toFixed(1)} s; ${tail.length} probe(s) sent in the last second (after the load) saw ${tail.join(', ')} ms`,
  );
  say(
    `credit lag under load (${VIA === 'gateway' ? 'report answered 200' : 'publish'} → visible in GET /api/user/balance), ${sorted.length} probe samples:`,
  );
  say(
    `  p50 ${pct(sorted, 50)} ms  p90 ${pct(sorted, 90)} ms  p99 ${pct(sorted, 99)} ms  max ${sorted[sorted.length - 1]} ms`,
  );
  if (earlyCredits > 0)
    say(
      `${earlyCredits} credit(s) were already visible at the first poll (${FIRST_POLL_MS} ms): their lag is at most that`,
    );

  const handle = createGrpcClient<ledger.LedgerServiceClient>(SERVICES['ledger-svc'], {
    address: LEDGER,
    deadlineMs: 120_000,
  });
  // Let the backlog drain before checking (the check is a snapshot either way).
  // A tool on the services' network: it asks as an admin (CheckLedger checks the role).
  const check = await handle.client.checkLedger({
    caller: {
      telegramId: 1,
      role: common.Role.ROLE_SUPERADMIN,
      sessionId: '',
      ip: '127.0.0.1',
      userAgent: 'tools/bench credit-lag',
    },
  });
  handle.close();
  say(`ledger check: ${JSON.stringify(check)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
