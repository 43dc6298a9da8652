/** The increase of a cumulative counter since the previous sample of the same source. */
export interface Increase {
  readonly delta: number;
  readonly perS: number;
}

/**
 * Rates from cumulative counters sampled once per tick. Samples are kept per source (a service
 * replica's `host:pid`): a counter is per process, so a delta is only taken between two samples
 * of the same process. A value below the previous one (a restart, a new UTC day) counts from 0.
 */
export class CounterRate {
  private readonly last = new Map<string, { value: number; atMs: number }>();

  /** null for the first sample of a source (no rate yet). */
  next(source: string, value: number, atMs: number): Increase | null {
    const prev = this.last.get(source);
    this.last.set(source, { value, atMs });
    if (this.last.size > 64) this.last.delete(this.last.keys().next().value!);
    if (!prev || atMs <= prev.atMs) return null;
    const delta = value >= prev.value ? value - prev.value : value;
    return { delta, perS: (delta * 1000) / (atMs - prev.atMs) };
  }
}
