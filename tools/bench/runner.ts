// Drives the gateway: `connections` clients, each sending its next request as soon as the
// previous answer's body is read (closed loop, keep-alive, no pipelining), until the deadline.

import { setTimeout as sleep } from 'node:timers/promises';

import { LatencyHistogram } from './histogram';
import { KeepAliveConnection } from './http-client';
import type { PreparedScenario } from './scenario';

export interface LoadOptions {
  /** Gateway origin, e.g. http://127.0.0.1:8080: one keep-alive connection per client. */
  readonly url: string;
  readonly scenario: PreparedScenario;
  readonly connections: number;
  readonly durationMs: number;
  readonly timeoutMs: number;
  /** Called once a second with the requests completed in that second. */
  readonly onSecond: (second: number, completed: number, stats: LoadStats) => void;
  /** Ends the run early (Ctrl-C); what was measured so far is kept. */
  readonly stop: AbortSignal;
}

export interface LoadStats {
  readonly latency: LatencyHistogram;
  /** Responses plus transport failures. */
  requests: number;
  /** Transport failures plus responses with an unexpected status. */
  errors: number;
  readonly statusCodes: Record<string, number>;
  /** Transport failures by error code (ECONNREFUSED, ECONNRESET, TIMEOUT, ...). */
  readonly failures: Record<string, number>;
  /** Requests completed in each whole second of the run. */
  readonly perSecond: number[];
  elapsedMs: number;
}

function failureCode(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string')
    return err.code;
  return err instanceof Error ? err.name : 'unknown';
}

export async function runLoad(options: LoadOptions): Promise<LoadStats> {
  const stats: LoadStats = {
    latency: new LatencyHistogram(),
    requests: 0,
    errors: 0,
    statusCodes: {},
    failures: {},
    perSecond: [],
    elapsedMs: 0,
  };
  const expected = new Set(options.scenario.expectedStatuses);
  const started = performance.now();
  const deadline = started + options.durationMs;
  let done = false;
  let thisSecond = 0;

  const ticker = setInterval(() => {
    stats.perSecond.push(thisSecond);
    options.onSecond(stats.perSecond.length, thisSecond, stats);
    thisSecond = 0;
  }, 1_000);
  const finish = (): void => {
    done = true;
  };
  const timer = setTimeout(finish, options.durationMs);
  options.stop.addEventListener('abort', finish, { once: true });

  const client = async (index: number): Promise<void> => {
    const connection = new KeepAliveConnection(options.url, options.timeoutMs);
    while (!done && performance.now() < deadline) {
      const request = options.scenario.next(index);
      const sent = process.hrtime.bigint();
      try {
        const { status } = await connection.request(request);
        stats.latency.record(Number(process.hrtime.bigint() - sent) / 1_000);
        const code = String(status);
        stats.statusCodes[code] = (stats.statusCodes[code] ?? 0) + 1;
        if (!expected.has(status)) stats.errors += 1;
        options.scenario.onResponse?.(request, status);
      } catch (err) {
        const code = failureCode(err);
        stats.failures[code] = (stats.failures[code] ?? 0) + 1;
        stats.errors += 1;
        // Don't spin when the gateway is gone: refused connections fail in microseconds.
        await sleep(10);
      }
      stats.requests += 1;
      thisSecond += 1;
    }
    connection.close();
  };

  await Promise.all(Array.from({ length: options.connections }, (_, i) => client(i)));
  clearInterval(ticker);
  clearTimeout(timer);
  stats.elapsedMs = performance.now() - started;
  return stats;
}
