import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';

import type { LoadStats } from './runner';
import { memoryLine, type AppMemory } from './memory';

export interface BenchResult {
  readonly scenario: string;
  readonly url: string;
  readonly startedAt: string;
  readonly connections: number;
  readonly requestedDurationS: number;
  readonly elapsedS: number;
  readonly requests: number;
  readonly throughputRps: number;
  readonly latencyMs: {
    readonly min: number;
    readonly mean: number;
    readonly p50: number;
    readonly p90: number;
    readonly p95: number;
    readonly p99: number;
    readonly p999: number;
    readonly max: number;
  };
  readonly errors: number;
  readonly statusCodes: Record<string, number>;
  readonly failures: Record<string, number>;
  readonly perSecond: readonly number[];
  /** Each app's memory just before and just after the load (read from its /metrics). */
  readonly memory?: {
    readonly before: Record<string, AppMemory>;
    readonly after: Record<string, AppMemory>;
  };
  readonly machine: {
    readonly host: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly node: string;
  };
}

const ms = (micros: number): number => Math.round(micros) / 1_000;

export function toResult(
  stats: LoadStats,
  run: {
    scenario: string;
    url: string;
    startedAt: Date;
    connections: number;
    durationS: number;
    memory?: BenchResult['memory'];
  },
): BenchResult {
  const h = stats.latency;
  const elapsedS = stats.elapsedMs / 1_000;
  return {
    scenario: run.scenario,
    url: run.url,
    startedAt: run.startedAt.toISOString(),
    connections: run.connections,
    requestedDurationS: run.durationS,
    elapsedS: Math.round(elapsedS * 1_000) / 1_000,
    requests: stats.requests,
    throughputRps: elapsedS > 0 ? Math.round((stats.requests / elapsedS) * 10) / 10 : 0,
    latencyMs: {
      min: ms(h.min),
      mean: ms(h.mean),
      p50: ms(h.percentile(50)),
      p90: ms(h.percentile(90)),
      p95: ms(h.percentile(95)),
      p99: ms(h.percentile(99)),
      p999: ms(h.percentile(99.9)),
      max: ms(h.max),
    },
    errors: stats.errors,
    statusCodes: stats.statusCodes,
    failures: stats.failures,
    perSecond: stats.perSecond,
    memory: run.memory,
    machine: {
      host: hostname(),
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
    },
  };
}

const n = (value: number): string => value.toLocaleString('en-US');

export function summary(result: BenchResult): string[] {
  const l = result.latencyMs;
  const statuses = Object.entries(result.statusCodes)
    .map(([code, count]) => `${code}: ${n(count)}`)
    .join(', ');
  const failures = Object.entries(result.failures)
    .map(([code, count]) => `${code}: ${n(count)}`)
    .join(', ');
  return [
    `${result.scenario}: ${result.connections} connections, ${result.elapsedS.toFixed(1)} s against ${result.url}`,
    `  requests     ${n(result.requests)}  (${n(result.throughputRps)} req/s)`,
    `  latency ms   p50 ${l.p50}  p95 ${l.p95}  p99 ${l.p99}  max ${l.max}  (min ${l.min}, mean ${l.mean}, p99.9 ${l.p999})`,
    `  errors       ${n(result.errors)}${failures ? `  (transport: ${failures})` : ''}`,
    `  status codes ${statuses || 'none'}`,
    ...(result.memory && memoryLine(result.memory.before, result.memory.after)
      ? [`  server RSS   ${memoryLine(result.memory.before, result.memory.after)}`]
      : []),
  ];
}

/** Writes bench/results/<scenario>-<time>.json (git-ignored) and returns its path. */
export function saveResult(resultsDir: string, result: BenchResult): string {
  mkdirSync(resultsDir, { recursive: true });
  const stamp = result.startedAt.replace(/[:.]/g, '-');
  const file = join(resultsDir, `${result.scenario}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
