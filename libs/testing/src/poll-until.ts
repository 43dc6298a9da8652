export interface PollOptions {
  /** Give up after this long (default 5 s). */
  readonly timeoutMs?: number;
  /** Pause between attempts (default 50 ms). */
  readonly intervalMs?: number;
  /** What is awaited, for the timeout message ("the credit to appear"). */
  readonly description?: string;
}

/**
 * Calls `fn` until it returns a truthy value and resolves with it. A throwing attempt counts as
 * "not yet"; the last error and value are in the timeout message. Tests wait with this, never
 * with fixed sleeps.
 */
export async function pollUntil<T>(
  fn: () => T | Promise<T>,
  options: PollOptions = {},
): Promise<NonNullable<Exclude<T, false | 0 | ''>>> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  let last: { value: unknown } | { error: unknown } | undefined;
  for (;;) {
    attempts += 1;
    try {
      const value = await fn();
      if (value) return value as NonNullable<Exclude<T, false | 0 | ''>>;
      last = { value };
    } catch (error) {
      last = { error };
    }
    if (Date.now() >= deadline) break;
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))),
    );
  }
  const what = options.description ?? 'condition';
  const detail =
    last && 'error' in last
      ? `last attempt threw: ${last.error instanceof Error ? last.error.message : String(last.error)}`
      : `last value: ${describe(last?.value)}`;
  throw new Error(
    `pollUntil timed out after ${timeoutMs} ms waiting for ${what} (${attempts} attempts; ${detail})`,
  );
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 200 ? `${text.slice(0, 197)}...` : text;
  } catch {
    return String(value);
  }
}
