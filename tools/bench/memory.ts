// Server memory around a bench run: each app's resident set and V8 heap, read from its own
// Prometheus /metrics (prom-client's process_resident_memory_bytes, nodejs_heap_size_used_bytes).
// Every app is read at its default ops port (METRICS_PORT) on the bench URL's host.

import { GATEWAY_DEFAULT_METRICS_PORT, SERVICE_NAMES, SERVICES } from '@trafficshare/config';

export interface AppMemory {
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

/** App name → its /metrics URL, for a gateway at `baseUrl`. */
export function metricsUrls(baseUrl: string): Record<string, string> {
  const host = new URL(baseUrl).hostname;
  const urls: Record<string, string> = {
    gateway: `http://${host}:${GATEWAY_DEFAULT_METRICS_PORT}/metrics`,
  };
  for (const name of SERVICE_NAMES)
    urls[name] = `http://${host}:${SERVICES[name].defaultMetricsPort}/metrics`;
  return urls;
}

/** The first sample of `name` in a Prometheus text exposition, or undefined. */
export function sample(text: string, name: string): number | undefined {
  const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(text);
  const value = m ? Number(m[1]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

const mb = (bytes: number): number => Math.round((bytes / 1_048_576) * 10) / 10;

/** Memory of every app that answers within a second, in `urls` order (others are left out). */
export async function readMemory(urls: Record<string, string>): Promise<Record<string, AppMemory>> {
  const read = await Promise.all(
    Object.entries(urls).map(async ([app, url]): Promise<[string, AppMemory] | undefined> => {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
        if (!res.ok) return undefined;
        const text = await res.text();
        const rss = sample(text, 'process_resident_memory_bytes');
        const heap = sample(text, 'nodejs_heap_size_used_bytes');
        return rss !== undefined && heap !== undefined
          ? [app, { rssMb: mb(rss), heapUsedMb: mb(heap) }]
          : undefined;
      } catch {
        // Not running here (or another host's ops port): no figure.
        return undefined;
      }
    }),
  );
  return Object.fromEntries(read.filter((x): x is [string, AppMemory] => x !== undefined));
}

/** "gateway 193 → 532 MB, ..." for the apps read both times. */
export function memoryLine(
  before: Record<string, AppMemory>,
  after: Record<string, AppMemory>,
): string {
  return Object.keys(after)
    .filter((app) => before[app])
    .map((app) => `${app} ${Math.round(before[app].rssMb)} → ${Math.round(after[app].rssMb)} MB`)
    .join(', ');
}
