// The payout worker's throughput: N withdrawals accepted (pending) in a fresh schema, then
// payout-svc worker process(es) take them pending → processing → completed against the NowPayments
// emulator on 127.0.0.1 (payouts finish as soon as they are verified; status polled after 1 s).
// Checks after: every withdrawal completed, one payout each at the provider, ledger balanced.
//
//   node tools/run-ts.cjs apps/payout-svc/bench/worker-bench.ts [--withdrawals 10000]
//     [--replicas 1] [--batch 20]
// (`npm run bench -- withdraw` runs it after the gateway load.)

import { freePort, pollUntil, spawnApp, type SpawnedApp } from '@trafficshare/testing';

import { callerAs, newAddress, newUser, startPayoutHarness } from '../src/test/payout-harness';

const USD = 1_000_000;
const PER_USER = 5;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

const say = (m: string) => process.stdout.write(`${m}\n`);

async function inBatches<T>(items: readonly T[], size: number, fn: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

async function main(): Promise<void> {
  const total = arg('withdrawals', 10_000);
  const replicas = arg('replicas', 1);
  const batch = arg('batch', 20);
  const h = await startPayoutHarness(
    'payout_worker_bench',
    {
      PAYOUT_WORKER_ENABLED: 'false',
      WITHDRAW_RATE_LIMIT_PER_MIN: '1000000',
      DAILY_WITHDRAW_LIMIT: '1000000',
      DATABASE_POOL_SIZE: '20',
      LOG_LEVEL: process.env.BENCH_LOG ?? 'silent',
    },
    { completeAfterMs: 0 },
  );
  const workers: SpawnedApp[] = [];
  try {
    const users = Array.from({ length: Math.ceil(total / PER_USER) }, () => newUser());
    // The funds come from one ledger source account: a few credits at a time.
    await inBatches(users, 10, (u) =>
      h.fund(u, PER_USER * 2 * USD).catch(() => h.fund(u, PER_USER * 2 * USD)),
    );
    say(`funded ${users.length} users`);
    // The queue: rows written as a request's first step leaves them (`reserving`, due now), in
    // one statement; the workers then do everything after it: the ledger hold, pending, the
    // provider's payout and its confirmation, the status poll, the post and completed.
    // (--via-grpc instead accepts each through RequestWithdraw first: slow on a busy machine.)
    const seedStart = Date.now();
    if (process.argv.includes('--via-grpc')) {
      await inBatches(
        Array.from({ length: total }, (_, i) => i),
        20,
        async (i) => {
          const r = await h.client.requestWithdraw({
            caller: callerAs(users[i % users.length]),
            amountUsd: '2',
            walletAddress: newAddress(),
            network: 'BEP20',
            idempotencyKey: `bench-${i}`,
            twoFactorCode: '',
            telegramId: 0,
          });
          if (r.acceptedStatus !== 'pending') throw new Error(`accepted as ${r.acceptedStatus}`);
        },
      );
    } else {
      await h.query(
        `INSERT INTO $schema.withdraw_requests
           (id, telegram_id, amount_micro_usd, fee_micro_usd, usd_to_usdt_rate, amount_micro_usdt,
            net_micro_usdt, wallet_address, network, status, hold_id, provider, next_attempt_at)
         SELECT g.id, ($1::bigint[])[1 + (g.n % array_length($1::bigint[], 1))], 2000000, 0, '0.90',
                1800000, 1800000, '0x' || md5(g.id::text) || substr(md5(g.n::text), 1, 8), 'BEP20', 'reserving',
                'withdraw:' || g.id, 'nowpayments', now()
           FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(0, $2::int - 1) AS n) g`,
        [users, total],
      );
    }
    const seedS = (Date.now() - seedStart) / 1000;
    say(`queued ${total} withdrawals in ${seedS.toFixed(1)} s`);

    const count = async (): Promise<Record<string, number>> => {
      const rows = await h.query<{ status: string; n: string }>(
        `SELECT status, count(*) AS n FROM $schema.withdraw_requests GROUP BY status`,
      );
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    };
    const started = Date.now();
    for (let i = 0; i < replicas; i += 1) {
      const metrics = await freePort();
      const app = spawnApp('payout-svc', {
        ...h.env,
        GRPC_PORT: String(await freePort()),
        METRICS_PORT: String(metrics),
        LOG_LEVEL: 'warn',
        PAYOUT_WORKER_ENABLED: 'true',
        PAYOUT_WORKER_INTERVAL_MS: '100',
        PAYOUT_WORKER_BATCH: String(batch),
        PAYOUT_POLL_SCHEDULE_S: '1',
      });
      workers.push(app);
    }
    let firstAllProcessedS = 0;
    let last = '';
    await pollUntil(
      async () => {
        const c = await count();
        const line = JSON.stringify(c);
        if (line !== last) {
          last = line;
          say(`  ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s  ${line}`);
        }
        if (!firstAllProcessedS && (c.pending ?? 0) + (c.reserving ?? 0) === 0)
          firstAllProcessedS = (Date.now() - started) / 1000;
        return (c.completed ?? 0) === total;
      },
      { timeoutMs: 3_600_000, intervalMs: 1000, description: 'every withdrawal completed' },
    ).catch((err: unknown) => {
      throw new Error(`${String(err)}\n${workers.map((w) => w.output().slice(-3000)).join('\n')}`);
    });
    const wallS = (Date.now() - started) / 1000;
    const [span] = await h.query<{ first_s: number; last_s: number; p50: number; p95: number }>(
      `SELECT extract(epoch FROM min(processing_at) - $1::timestamptz)::float8 AS first_s,
              extract(epoch FROM max(processed_at) - min(processing_at))::float8 AS last_s,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - processing_at))::float8 AS p50,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - processing_at))::float8 AS p95
         FROM $schema.withdraw_requests`,
      [new Date(started)],
    );
    say(
      `worker: ${total} withdrawals pending → completed in ${wallS.toFixed(1)} s from process start ` +
        `(first payout sent after ${span.first_s.toFixed(1)} s: boot and the ledger holds of the reserving rows, claimed first), ${span.last_s.toFixed(1)} s from the first payout sent to the last completed: ` +
        `${Math.round(total / span.last_s)} withdrawals/s with ${replicas} replica(s), batch ${batch}; ` +
        `all sent (none reserving or pending) ${firstAllProcessedS.toFixed(1)} s after start; ` +
        `processing → completed p50 ${span.p50.toFixed(1)} s, p95 ${span.p95.toFixed(1)} s (poll after 1 s)`,
    );

    const twice = [...h.np.creations.values()].filter((n) => n !== 1).length;
    const ledger = await h.checkLedger();
    say(
      `checks: ${h.np.creations.size} payouts at the provider, ${twice} created more than once; ` +
        `ledger balanced=${ledger.balanced}, pending holds ${ledger.pendingHolds}, users held ${ledger.userHeldMicroUsd}`,
    );
    if (twice > 0 || h.np.creations.size !== total || !ledger.balanced || ledger.pendingHolds !== 0)
      throw new Error('the checks failed');
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await h.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
