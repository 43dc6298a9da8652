// Polls the platform's readiness routes until everything that was started answers 200, printing
// which components are still down every few seconds.

import { setTimeout as sleep } from 'node:timers/promises';

const REQUEST_TIMEOUT_MS = 3_000;
const POLL_EVERY_MS = 1_000;
const REPORT_EVERY_MS = 5_000;

export interface ReadinessCheck {
  /** e.g. http://127.0.0.1:8080/health/ready */
  readonly url: string;
  /** Name shown when the route doesn't answer at all. */
  readonly name: string;
  /** Component names in the JSON body that may be down (apps not started with --only). */
  readonly ignore: ReadonlySet<string>;
}

interface ComponentStatus {
  readonly status?: unknown;
}

interface ReadyBody {
  readonly components?: Record<string, ComponentStatus>;
}

function isReadyBody(value: unknown): value is ReadyBody {
  return typeof value === 'object' && value !== null;
}

/** Names still down according to one readiness route; empty = ready. */
async function downAccordingTo(check: ReadinessCheck): Promise<string[]> {
  let response: Response;
  try {
    response = await fetch(check.url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    return [`${check.name} (not answering yet)`];
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 200) return [];
  const components = isReadyBody(body) ? body.components : undefined;
  if (!components) return [`${check.name} (HTTP ${response.status})`];
  const down = Object.entries(components)
    .filter(([name, c]) => c.status !== 'up' && !check.ignore.has(name))
    .map(([name]) => name);
  if (down.length > 0) return down;
  // A 503 caused only by apps deliberately not started (--only) counts as ready.
  return check.ignore.size > 0 ? [] : [`${check.name} (HTTP ${response.status})`];
}

export interface WaitOptions {
  readonly checks: readonly ReadinessCheck[];
  readonly timeoutMs: number;
  /** Stop waiting early (all apps died, or Ctrl-C). */
  readonly cancelled: () => boolean;
  readonly report: (message: string) => void;
}

export type WaitOutcome =
  { readonly ready: true } | { readonly ready: false; readonly down: readonly string[] };

export async function waitForReady(options: WaitOptions): Promise<WaitOutcome> {
  const started = Date.now();
  let lastReport = started;
  for (;;) {
    const down = (await Promise.all(options.checks.map(downAccordingTo))).flat();
    if (down.length === 0) return { ready: true };
    const now = Date.now();
    if (options.cancelled() || now - started >= options.timeoutMs) return { ready: false, down };
    if (now - lastReport >= REPORT_EVERY_MS) {
      lastReport = now;
      options.report(
        `waiting for readiness (${Math.round((now - started) / 1000)} s), still down: ${down.join(', ')}`,
      );
    }
    await sleep(POLL_EVERY_MS);
  }
}
