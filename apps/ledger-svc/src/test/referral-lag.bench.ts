// Referral cost on the income path, side by side (docs/benchmarks.md): ledger-svc in this process
// on the real Postgres + JetStream (own schema and stream prefix), a filler load of RATE
// reports/s over USERS users, 10 probe users each publishing one 1 GB report at a time and
// polling their balance (lag = publish → visible); once without and once with a 3-level referral
// forest (groups of 21: root, 4 children, 16 grandchildren; each probe a grandchild's referral).
// Prints the probe lag percentiles and the average income batch time of each run.
//
//   RATE=1000 USERS=1000 DURATION=20 node tools/run-ts.cjs apps/ledger-svc/src/test/referral-lag.bench.ts
//   (ONLY=forest or ONLY=plain runs one side)
import { randomUUID } from 'node:crypto';

import { register } from 'prom-client';

import { pollUntil } from '@trafficshare/testing';

import { admin, startLedgerHarness } from './ledger-harness';

const RATE = Number(process.env.RATE ?? 2000);
const USERS = Number(process.env.USERS ?? 1000);
const DURATION_S = Number(process.env.DURATION ?? 20);
const PROBES = 10;

async function run(forest: boolean): Promise<number[]> {
  const h = await startLedgerHarness(forest ? 'lag_forest' : 'lag_plain', { LOG_LEVEL: 'warn' });
  const base = 90_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const filler = (u: number) => base + u;
  const probe = (i: number) => base + USERS + i;
  if (forest) {
    const links: Array<[number, number]> = [];
    for (let u = 0; u < USERS; u += 1) {
      const g = u % 21;
      if (g === 0) continue;
      const root = u - g;
      links.push([filler(u), filler(g <= 4 ? root : root + 1 + Math.floor((g - 5) / 4))]);
    }
    for (let i = 0; i < PROBES; i += 1) links.push([probe(i), filler(i * 21 + 5)]);
    await Promise.all(
      links.map(([a, b]) =>
        h.publish('ReferralAttributed', {
          referralId: a,
          referrerId: b,
          counted: true,
          reason: '',
          via: 'bench',
          referralNameMasked: '',
          attributedAt: new Date().toISOString(),
        }),
      ),
    );
    await pollUntil(
      async () =>
        Number(
          (await h.query<{ n: string }>('SELECT count(*) AS n FROM $schema.referral_links'))[0].n,
        ) === links.length,
      { timeoutMs: 60_000, description: 'forest applied' },
    );
  }
  const endAt = Date.now() + DURATION_S * 1000;
  const seqs = new Array<number>(USERS).fill(0);
  let sent = 0;
  const load = (async () => {
    while (Date.now() < endAt) {
      const t0 = Date.now();
      const n = Math.round(RATE / 10);
      const reports = Array.from({ length: n }, (_, i) => {
        const u = (sent + i) % USERS;
        seqs[u] += 1;
        return {
          sessionId: `f-${u}`,
          telegramId: filler(u),
          deviceId: 'bench',
          seq: seqs[u],
          deltaMilliMb: 10_000,
          countedAt: new Date().toISOString(),
        };
      });
      for (let i = 0; i < reports.length; i += 50) await h.publishReport(reports.slice(i, i + 50));
      sent += n;
      await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - t0))));
    }
  })();
  const lags: number[] = [];
  const probes = Array.from({ length: PROBES }, async (_, i) => {
    let seq = 0;
    let expected = 0;
    while (Date.now() < endAt) {
      seq += 1;
      const before = expected;
      const t0 = Date.now();
      await h.publishReport({
        sessionId: `p-${i}-${randomUUID().slice(0, 4)}`,
        telegramId: probe(i),
        deviceId: 'bench',
        seq,
        deltaMilliMb: 1_024_000,
        countedAt: new Date().toISOString(),
      });
      expected = before + 1_500_000;
      await pollUntil(
        async () =>
          (await h.internal.getBalance({ telegramId: probe(i) })).balance!.availableMicroUsd >=
          expected,
        { timeoutMs: 60_000, intervalMs: 50, description: 'probe credit' },
      );
      lags.push(Date.now() - t0);
    }
  });
  await Promise.all([load, ...probes]);
  const rewards = forest
    ? (await h.query<{ n: string }>('SELECT count(*) AS n FROM $schema.referral_rewards'))[0].n
    : '0';
  const check = await h.client.checkLedger({
    caller: admin,
  });
  const m = await register.getSingleMetric('ledger_income_batch_seconds')!.get();
  const total = (suffix: string): number =>
    m.values
      .filter((v) => String((v as { metricName?: string }).metricName ?? '').endsWith(suffix))
      .reduce((a, v) => a + v.value, 0);
  const sum = total('_sum');
  const count = total('_count');
  register.resetMetrics();
  console.log(
    `forest=${forest} sent=${sent} referral_rewards=${rewards} balanced=${check.balanced} batches=${count} avg_batch_ms=${((sum / count) * 1000).toFixed(1)}`,
  );
  await h.stop();
  return lags.sort((a, b) => a - b);
}

const pct = (s: number[], p: number) =>
  s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];

void (async () => {
  for (const forest of process.env.ONLY ? [process.env.ONLY === 'forest'] : [false, true]) {
    const lags = await run(forest);
    console.log(
      `forest=${forest} probes=${lags.length} p50=${pct(lags, 50)}ms p95=${pct(lags, 95)}ms p99=${pct(lags, 99)}ms max=${lags[lags.length - 1]}ms`,
    );
  }
  process.exit(0);
})();
