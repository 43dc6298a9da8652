// Bench of report ingestion (ReportsService.ingest → group commit → apply), the hottest path:
//
//   cpu  the service's own work per report (verdicts, de-duplication, counting, reconciliation,
//        building the write) with in-memory stand-ins for Postgres, Redis and the outbox, so
//        that nothing but this code is timed: µs per report, median of many batches.
//   db   the real thing in this process: telemetry-svc booted against Postgres and Redis,
//        CONCURRENCY callers each sending one report at a time (as the gateway does), fresh
//        sessions per round: reports per second and latency percentiles.
//
//   node tools/run-ts.cjs apps/telemetry-svc/bench/reports-bench.ts \
//     [--impl path/to/reports.service.ts ...] [--rounds N] [--phase cpu|db|both]
//     [--batch N] [--batches N] [--reports N] [--concurrency C]
//
// Several --impl modules (each exporting a ReportsService with the same constructor) run
// interleaved, round by round, in one process: A B A B … on the same machine state. To compare
// with a previous version: git show REV:apps/telemetry-svc/src/reports/reports.service.ts >
// apps/telemetry-svc/src/reports/reports.service.before.ts (do not commit it) and pass both.
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { resolve } from 'node:path';

import type { EntityManager } from 'typeorm';

import { userId } from '@trafficshare/identity';
import type { Logger } from '@trafficshare/observability';
import type { RunningService } from '@trafficshare/service-kit';
import { createTestContext, freePort, startApp } from '@trafficshare/testing';

import { boot } from '../src/boot';
import { OutboxWriter } from '../src/common/outbox-writer';
import { tablesOf } from '../src/common/tables';
import type { AppConfig } from '../src/config';
import { DeviceRateLimiter } from '../src/reports/device-rate-limiter';
import { ReportsRepository, type ReportSessionRow } from '../src/reports/reports.repository';
import type { IncomingReport, ReportVerdict } from '../src/reports/incoming-report';

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const args = (name: string): string[] =>
  argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]] : []));
const phaseArg = args('phase')[0] ?? 'both';
const ROUNDS = arg('rounds', 5);
const BATCH = arg('batch', 200);
const BATCHES = arg('batches', 2_000);
const REPORTS = arg('reports', 10_000);
const CONCURRENCY = arg('concurrency', 64);
const IMPLS =
  args('impl').length > 0 ? args('impl') : ['apps/telemetry-svc/src/reports/reports.service.ts'];

type Result = ReportVerdict;
interface Service {
  ingest(reports: readonly IncomingReport[]): Promise<Result[]>;
  onModuleDestroy(): Promise<void>;
}
type ServiceClass = new (
  repo: ReportsRepository,
  limiter: DeviceRateLimiter,
  outbox: OutboxWriter,
  config: AppConfig,
  logger: Logger,
) => Service;

interface Impl {
  readonly name: string;
  readonly Service: ServiceClass;
}

function load(path: string): Impl {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(resolve(path)) as { ReportsService?: ServiceClass };
  if (!mod.ReportsService) throw new Error(`${path} exports no ReportsService`);
  return { name: path.replace(/^.*\//, '').replace(/\.ts$/, ''), Service: mod.ReportsService };
}

const silent = { warn: () => undefined, error: () => undefined } as unknown as Logger;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (v: number, d = 3): number => Math.round(v * 10 ** d) / 10 ** d;

// ---------------------------------------------------------------- cpu: in-memory stand-ins

const T0 = new Date(Date.now() - 2 * 3_600_000);

function sessionRow(
  id: string,
  user: number,
  over: Partial<ReportSessionRow> = {},
): ReportSessionRow {
  return {
    id,
    telegram_id: String(user),
    device_id: `dev-${user}`,
    status: 'active',
    started_at: T0,
    last_report_at: new Date(),
    server_counted_milli_mb: '40000',
    reported_milli_mb: '40000',
    local_counted_milli_mb: '40000',
    report_count: 4,
    max_seq: '4',
    last_speed_milli_mb_s: '900',
    speed_sum: 3.6,
    speed_sq_sum: 3.24,
    interruptions: 0,
    reconciliation_status: 'ok',
    mismatch_milli_mb: '0',
    relay_counted: false,
    ...over,
  };
}

/**
 * One batch as the gateway's traffic makes it: mostly the next report of a gap-free session,
 * with resent reports (already stored), late reports of sessions with gaps (stored lookup),
 * repeats inside the batch, a client count drifting into a mismatch, and a few rejections.
 * Every batch is the same, and nothing is remembered between batches.
 */
function cpuWorkload(size: number) {
  const rows = new Map<string, ReportSessionRow>();
  const stored = new Set<string>();
  const reports: IncomingReport[] = [];
  for (let i = 0; i < size; i++) {
    const user = 7_000_000 + i;
    const id = randomUUID();
    const kind = i % 100;
    const report: IncomingReport = {
      sessionId: id,
      telegramId: userId(user),
      deviceId: `dev-${user}`,
      seq: 5,
      deltaMilliMb: 10_000,
      cumulativeMilliMb: 50_000,
      speedMilliMbS: 950,
      batteryLevel: 80,
      networkType: 'wifi',
      clientTimestamp: new Date().toISOString(),
    };
    if (kind < 4) report.seq = 3; // resent: below max_seq of a gap-free session
    if (kind >= 4 && kind < 7) {
      // A session with gaps: seq 2 of 1..6 is missing; this is a late one (half of them stored).
      rows.set(id, sessionRow(id, user, { report_count: 5, max_seq: '6' }));
      report.seq = 2 + (kind - 4);
      if (kind === 5) stored.add(`${id}:${report.seq}`);
    } else {
      rows.set(id, sessionRow(id, user));
    }
    if (kind === 7) report.cumulativeMilliMb = 90_000; // client ahead: a live mismatch
    if (kind === 8) report.sessionId = 'not-a-uuid';
    if (kind === 9) report.deviceId = 'someone-else';
    reports.push(report);
    if (kind === 10) reports.push({ ...report }); // the same report twice in one batch
  }
  return { rows, stored, reports: reports.slice(0, size) };
}

function cpuService(impl: Impl, size: number) {
  const w = cpuWorkload(size);
  const manager = {} as EntityManager;
  const repo = {
    transaction: <T>(work: (m: EntityManager) => Promise<T>) => work(manager),
    lockSessions: async (_m: EntityManager, ids: readonly string[]) =>
      ids.flatMap((id) => w.rows.get(id) ?? []),
    existing: async (_m: EntityManager, ids: readonly string[], seqs: readonly number[]) => {
      const out = new Set<string>();
      for (let i = 0; i < ids.length; i++) {
        const key = `${ids[i]}:${seqs[i]}`;
        if (w.stored.has(key)) out.add(key);
      }
      return out;
    },
    writeBatch: async () => undefined,
    recordMismatch: async () => true,
  } as unknown as ReportsRepository;
  const limiter = {
    check: async (subjects: readonly unknown[]) => subjects.map(() => undefined),
  } as unknown as DeviceRateLimiter;
  const outbox = { addMany: async () => [] } as unknown as OutboxWriter;
  const config = {
    MAX_SPEED_MB_S: 50,
    COUNT_BURST_MB: 100,
    MAX_REPORT_MB: 1_024,
    // One flush per ingest: the batch fills the group commit at once.
    REPORT_BATCH_MAX: w.reports.length,
    REPORT_BATCH_WAIT_MS: 60_000,
    REPORT_BATCH_CONCURRENCY: 1,
    REPORTS_PER_MIN_PER_DEVICE: 12,
    REPORTS_PER_MIN_PER_USER: 6_000,
    INTERRUPTION_GAP_S: 30,
    RECONCILE_TOLERANCE_PCT: 1,
    RECONCILE_TOLERANCE_MB: 5,
  } as AppConfig;
  return { service: new impl.Service(repo, limiter, outbox, config, silent), reports: w.reports };
}

async function cpuRound(impl: Impl): Promise<{ usPerReport: number; outcomes: string }> {
  const { service, reports } = cpuService(impl, BATCH);
  const perBatch: number[] = [];
  let outcomes = '';
  for (let i = 0; i < BATCHES; i++) {
    const t0 = performance.now();
    const results = await service.ingest(reports);
    perBatch.push(performance.now() - t0);
    if (i === 0) {
      const counts: Record<string, number> = {};
      for (const r of results) {
        const k = r.outcome === 'rejected' ? r.errorCode : r.outcome;
        counts[k] = (counts[k] ?? 0) + 1;
      }
      outcomes = JSON.stringify(counts);
    }
  }
  return { usPerReport: (median(perBatch.slice(BATCHES / 5)) * 1000) / reports.length, outcomes };
}

// ---------------------------------------------------------------- db: the real service

async function dbRound(
  impl: Impl,
  running: RunningService,
): Promise<{ perSecond: number; p50: number; p99: number; accepted: number }> {
  const ctx = running.context;
  const app = running.app;
  const service = new impl.Service(
    app.get(ReportsRepository),
    app.get(DeviceRateLimiter),
    app.get(OutboxWriter),
    ctx.config as unknown as AppConfig,
    silent,
  );
  const sessions = Array.from({ length: CONCURRENCY * 4 }, (_, i) => ({
    id: randomUUID(),
    user: 8_000_000 + Math.floor(Math.random() * 1e9),
    device: `bench-${randomUUID()}`,
    seq: 0,
    i,
  }));
  await ctx.dataSource.query(
    `INSERT INTO ${tablesOf(ctx.schema).sessions} (id, telegram_id, device_id, filter_status, user_role, started_at, last_seen_at)
     SELECT id, u, d, 'allowed', 'user', now() - interval '2 hours', now() FROM unnest($1::uuid[], $2::int8[], $3::text[]) AS x(id, u, d)`,
    [sessions.map((s) => s.id), sessions.map((s) => s.user), sessions.map((s) => s.device)],
  );
  const latencies: number[] = [];
  let accepted = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REPORTS) {
        const s = sessions[next++ % sessions.length];
        s.seq += 1;
        const t0 = performance.now();
        const [r] = await service.ingest([
          {
            sessionId: s.id,
            telegramId: userId(s.user),
            deviceId: s.device,
            seq: s.seq,
            deltaMilliMb: 12_500,
            cumulativeMilliMb: s.seq * 12_500,
            speedMilliMbS: 1_250,
            batteryLevel: 77,
            networkType: 'mobile',
            clientTimestamp: new Date().toISOString(),
          },
        ]);
        latencies.push(performance.now() - t0);
        if (r.outcome === 'accepted') accepted += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await service.onModuleDestroy();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: Math.round(latencies.length / seconds),
    p50: round(pct(latencies, 50)),
    p99: round(pct(latencies, 99)),
    accepted,
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const impls = IMPLS.map(load);
  const say = (m: string) => process.stdout.write(`[bench] ${m}\n`);
  say(
    `${impls.map((i) => i.name).join(' vs ')}; ${ROUNDS} rounds, interleaved; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`,
  );
  const cpu = new Map<string, number[]>(impls.map((i) => [i.name, []]));
  const db = new Map<string, Array<{ perSecond: number; p50: number; p99: number }>>(
    impls.map((i) => [i.name, []]),
  );

  if (phaseArg === 'cpu' || phaseArg === 'both') {
    for (const impl of impls) await cpuRound(impl); // warm-up (JIT)
    for (let r = 1; r <= ROUNDS; r++) {
      for (const impl of r % 2 ? impls : [...impls].reverse()) {
        const { usPerReport, outcomes } = await cpuRound(impl);
        cpu.get(impl.name)!.push(usPerReport);
        say(
          `cpu round ${r} ${impl.name.padEnd(28)} ${round(usPerReport, 2)} µs/report  ${outcomes}`,
        );
      }
    }
  }

  if (phaseArg === 'db' || phaseArg === 'both') {
    const ctx = createTestContext('telemetry_bench');
    const running = await startApp(boot, {
      ...ctx.env,
      GRPC_PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      FILTER_GRPC_URL: '127.0.0.1:1',
      REPORTS_PER_MIN_PER_DEVICE: '100000',
      REPORTS_PER_MIN_PER_USER: '1000000',
    });
    try {
      for (const impl of impls) await dbRound(impl, running); // warm-up
      for (let r = 1; r <= ROUNDS; r++) {
        for (const impl of r % 2 ? impls : [...impls].reverse()) {
          const res = await dbRound(impl, running);
          db.get(impl.name)!.push(res);
          say(
            `db  round ${r} ${impl.name.padEnd(28)} ${res.perSecond} reports/s  p50 ${res.p50} ms  p99 ${res.p99} ms  (${res.accepted} accepted)`,
          );
        }
      }
    } finally {
      await running.stop();
      await ctx.cleanup();
    }
  }

  if (impls.length === 2) {
    const [a, b] = impls.map((i) => i.name);
    const c = [cpu.get(a)!, cpu.get(b)!];
    const d = [db.get(a)!.map((x) => x.perSecond), db.get(b)!.map((x) => x.perSecond)];
    if (c[0].length)
      say(
        `${b} / ${a}, paired by round: cpu time per report × ${round(pairedRatio(c[0], c[1]), 3)}`,
      );
    if (d[0].length)
      say(`${b} / ${a}, paired by round: db reports/s × ${round(pairedRatio(d[0], d[1]), 3)}`);
  }
  for (const impl of impls) {
    const c = cpu.get(impl.name)!;
    const d = db.get(impl.name)!;
    say(
      `${impl.name}: ` +
        (c.length
          ? `cpu median ${round(median(c), 2)} µs/report (${c.map((x) => round(x, 2)).join(', ')})`
          : '') +
        (d.length
          ? `${c.length ? '; ' : ''}db median ${median(d.map((x) => x.perSecond))} reports/s, p99 median ${median(d.map((x) => x.p99))} ms (${d.map((x) => x.perSecond).join(', ')})`
          : ''),
    );
  }
}

/** Geometric mean over rounds of b/a: a paired comparison, robust to drift between rounds. */
function pairedRatio(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let log = 0;
  for (let i = 0; i < n; i++) log += Math.log(b[i] / a[i]);
  return Math.exp(log / n);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
