import { createServer, type Server } from 'node:http';

import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import { register as defaultRegistry } from 'prom-client';

/** Prometheus registry of the app: default process metrics labelled with the app name.
 *  Libraries register their metrics in prom-client's default registry, which this is. */
export function setupMetrics(app: string): Registry {
  defaultRegistry.setDefaultLabels({ app });
  if (!defaultRegistry.getSingleMetric('process_cpu_seconds_total')) {
    collectDefaultMetrics({ register: defaultRegistry });
  }
  return defaultRegistry;
}

export type ComponentStatus = { status: 'up' | 'down'; error?: string; latency_ms?: number };
export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  components: Record<string, ComponentStatus>;
}

export interface OpsServerOptions {
  readonly host: string;
  readonly port: number;
  readonly registry: Registry;
  readonly readiness: () => Promise<ReadinessReport>;
}

/** The ops port of a service: GET /metrics, /health (liveness), /health/ready. */
export async function startOpsServer(options: OpsServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (req.method !== 'GET')
      return reply(
        405,
        JSON.stringify({
          status: 'error',
          code: 'method_not_allowed',
          message: 'Only GET is served here',
        }),
      );
    if (path === '/metrics') {
      options.registry
        .metrics()
        .then((text) => reply(200, text, options.registry.contentType))
        .catch((err: unknown) =>
          reply(500, JSON.stringify({ status: 'error', code: 'internal', message: String(err) })),
        );
      return;
    }
    if (path === '/health') return reply(200, JSON.stringify({ status: 'ok' }));
    if (path === '/health/ready') {
      options
        .readiness()
        .then((report) => reply(report.status === 'ok' ? 200 : 503, JSON.stringify(report)))
        .catch((err: unknown) =>
          reply(503, JSON.stringify({ status: 'unavailable', error: String(err) })),
        );
      return;
    }
    reply(404, JSON.stringify({ status: 'error', code: 'not_found', message: `No route ${path}` }));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

/** Runs a readiness probe with a deadline, timing it. */
export async function probe(
  check: () => Promise<unknown>,
  timeoutMs: number,
): Promise<ComponentStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latency_ms: Math.round(performance.now() - started) };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

export function summarize(components: Record<string, ComponentStatus>): ReadinessReport {
  const down = Object.values(components).some((c) => c.status === 'down');
  return { status: down ? 'unavailable' : 'ok', components };
}

/**
 * A gauge read at scrape time (a count kept in the database, say), defined once per process.
 * `source` registers how to read it and returns the unregister function; with several sources
 * (a test booting a service twice) the first is read. Unknown (no source, or the read failed)
 * is NaN rather than a failed scrape or a misleading 0.
 */
export interface ScrapeGauge {
  source(read: () => Promise<number>): () => void;
}

const scrapeGauges = new Map<string, ScrapeGauge>();

export function scrapeGauge(name: string, help: string): ScrapeGauge {
  const existing = scrapeGauges.get(name);
  if (existing) return existing;
  const sources = new Set<() => Promise<number>>();
  new Gauge({
    name,
    help,
    registers: [defaultRegistry],
    async collect() {
      // NaN when unknown (no source yet, or the read failed): graphs show a gap, alerts stay quiet.
      const first = sources.values().next();
      if (first.done) return this.set(Number.NaN);
      try {
        this.set(await first.value());
      } catch {
        this.set(Number.NaN);
      }
    },
  });
  const gauge: ScrapeGauge = {
    source(read) {
      sources.add(read);
      return () => sources.delete(read);
    },
  };
  scrapeGauges.set(name, gauge);
  return gauge;
}
