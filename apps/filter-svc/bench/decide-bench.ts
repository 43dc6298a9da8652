// Bench of the START filter's gRPC Decide: decisions per second and latency percentiles with
// cache misses (every IP new: GeoIP + three fake providers on 127.0.0.1 + policy + audit) and
// cache hits (the same IPs again). filter-svc runs as its own process, as in production.
//
//   node tools/run-ts.cjs apps/filter-svc/bench/decide-bench.ts [--requests N] [--concurrency C]
//
// Prints client-side latency (gRPC round trip) and the service's own decision histogram
// (filter_decision_duration_seconds, "inside filter-svc"), and saves bench/results/*.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { request } from 'undici';

import { internalContract } from '@trafficshare/config';
import { common, filterNames, type filterInternal } from '@trafficshare/contracts';
import { createGrpcClient, GrpcHealthChecker } from '@trafficshare/grpc';
import { createTestContext, freePort, pollUntil, spawnApp } from '@trafficshare/testing';

import { FakeProviders } from '../src/test/fake-providers';
import { testDataEnv } from '../src/test/filter-harness';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const REQUESTS = arg('requests', 5_000);
const CONCURRENCY = arg('concurrency', 32);

function randomPublicIp(i: number): string {
  // Spread over 1.0.0.0–223.255.255.255, skipping 10/8, 127/8, 100.64/10, 169.254/16, 172.16/12, 192.168/16.
  for (let n = i * 2_654_435_761; ; n += 97) {
    const a = 1 + (n % 223);
    const b = (n >>> 8) % 256;
    if (a === 10 || a === 127 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254))
      continue;
    if ((a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || a === 0) continue;
    return `${a}.${b}.${(n >>> 16) % 256}.${1 + ((n >>> 4) % 250)}`;
  }
}

const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const round = (v: number): number => Math.round(v * 1000) / 1000;

interface Phase {
  phase: string;
  requests: number;
  seconds: number;
  decisionsPerSecond: number;
  clientMs: Record<string, number>;
  decisions: Record<string, number>;
}

async function main(): Promise<void> {
  const ctx = createTestContext('filter_bench');
  const providers = await FakeProviders.start();
  const [grpcPort, metricsPort] = [await freePort(), await freePort()];
  const app = spawnApp('filter-svc', {
    ...ctx.env,
    ...testDataEnv(),
    ...providers.env(),
    LOG_LEVEL: 'warn',
    GRPC_PORT: String(grpcPort),
    METRICS_PORT: String(metricsPort),
  });
  const address = `127.0.0.1:${grpcPort}`;
  const health = new GrpcHealthChecker(address);
  // Decide is on FilterInternalService (telemetry-svc's view of filter-svc).
  const grpc = createGrpcClient<filterInternal.FilterInternalServiceClient>(
    internalContract('filter-svc'),
    { address, deadlineMs: 10_000 },
  );
  try {
    await pollUntil(() => health.check(500).then(() => true), {
      timeoutMs: 60_000,
      intervalMs: 250,
      description: 'filter-svc to serve',
    });
    const ips = Array.from({ length: REQUESTS }, (_, i) => randomPublicIp(i + 1));
    let user = 10_000_000;
    const run = async (phase: string): Promise<Phase> => {
      const latencies: number[] = [];
      const decisions: Record<string, number> = {};
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < ips.length) {
            const ip = ips[next++];
            const t0 = performance.now();
            const res = await grpc.client.decide({
              caller: {
                telegramId: user++,
                role: common.Role.ROLE_USER,
                sessionId: '',
                ip,
                userAgent: 'decide-bench',
              },
              deviceId: `bench-${ip}`,
              sessionId: '',
              clientIp: ip,
              networkType: common.NetworkType.NETWORK_TYPE_WIFI,
              appVersion: '1.0.0',
              os: 'Android',
              clientLocalIp: '',
              language: common.Language.LANGUAGE_EN,
              dryRun: false,
            });
            latencies.push(performance.now() - t0);
            const d = res.result ? filterNames.decision.toNameOr(res.result.decision, '?') : '?';
            decisions[d] = (decisions[d] ?? 0) + 1;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      return {
        phase,
        requests: latencies.length,
        seconds: round(seconds),
        decisionsPerSecond: Math.round(latencies.length / seconds),
        clientMs: {
          p50: round(pct(latencies, 50)),
          p90: round(pct(latencies, 90)),
          p99: round(pct(latencies, 99)),
          max: round(latencies[latencies.length - 1] ?? 0),
        },
        decisions,
      };
    };
    const miss = await run('cache_miss');
    const hit = await run('cache_hit');
    const metrics = await (await request(`http://127.0.0.1:${metricsPort}/metrics`)).body.text();
    const inside = {
      miss: serverPercentiles(metrics, 'miss'),
      hit: serverPercentiles(metrics, 'hit'),
    };
    const result = {
      scenario: 'filter-decide-grpc',
      startedAt: new Date().toISOString(),
      concurrency: CONCURRENCY,
      phases: [miss, hit],
      insideFilterSvcMs: inside,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
      },
    };
    for (const p of [miss, hit]) {
      process.stdout.write(
        `[bench] ${p.phase.padEnd(10)} ${p.decisionsPerSecond} decisions/s  client p50 ${p.clientMs.p50} ms  p90 ${p.clientMs.p90} ms  p99 ${p.clientMs.p99} ms  ${JSON.stringify(p.decisions)}\n`,
      );
    }
    process.stdout.write(
      `[bench] inside filter-svc (histogram upper bounds): ${JSON.stringify(inside)}\n`,
    );
    const dir = join(__dirname, '..', '..', '..', 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `filter-decide-${result.startedAt.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`[bench] saved ${file}\n`);
  } finally {
    grpc.close();
    health.close();
    await app.stop();
    await providers.close();
    await ctx.cleanup();
  }
}

/** p50/p99 upper bounds from the service's decision histogram for one cache label. */
function serverPercentiles(
  metrics: string,
  cache: 'hit' | 'miss',
): Record<string, number | string> {
  const buckets: [number, number][] = [];
  const re = new RegExp(`^filter_decision_duration_seconds_bucket\\{([^}]*)\\} (\\d+)`, 'gm');
  for (const m of metrics.matchAll(re)) {
    const labels = m[1] ?? '';
    if (!labels.includes(`cache="${cache}"`)) continue;
    const le = /le="([^"]+)"/.exec(labels)?.[1] ?? '+Inf';
    buckets.push([le === '+Inf' ? Infinity : Number(le), Number(m[2])]);
  }
  buckets.sort((a, b) => a[0] - b[0]);
  const total = buckets[buckets.length - 1]?.[1] ?? 0;
  const at = (p: number) => {
    const b = buckets.find(([, count]) => count >= (p / 100) * total);
    return b ? (b[0] === Infinity ? 'inf' : `<= ${b[0] * 1000}`) : 'n/a';
  };
  return { count: total, p50: at(50), p99: at(99) };
}

main().catch((err: unknown) => {
  process.stderr.write(
    `[bench] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
