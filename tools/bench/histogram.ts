// A small HDR-style latency histogram: integer microseconds, ~0.1 % precision (1024 linear
// sub-buckets per power of two), constant memory whatever the number of samples.

const SUB_BUCKET_BITS = 10;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS; // 1024
/** Highest trackable value: 2^36 µs ≈ 19 hours; larger samples are clamped. */
const MAX_EXPONENT = 36;

function indexOf(value: number): number {
  if (value < 2 * SUB_BUCKETS) return value;
  const shift = Math.floor(Math.log2(value)) - SUB_BUCKET_BITS;
  return (
    2 * SUB_BUCKETS + (shift - 1) * SUB_BUCKETS + (Math.floor(value / 2 ** shift) - SUB_BUCKETS)
  );
}

/** Highest value that lands in bucket `index` (what a percentile reports, like HdrHistogram). */
function highestOf(index: number): number {
  if (index < 2 * SUB_BUCKETS) return index;
  const shift = Math.floor((index - 2 * SUB_BUCKETS) / SUB_BUCKETS) + 1;
  const sub = ((index - 2 * SUB_BUCKETS) % SUB_BUCKETS) + SUB_BUCKETS;
  return (sub + 1) * 2 ** shift - 1;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(indexOf(2 ** MAX_EXPONENT - 1) + 1);
  private total = 0;
  private sum = 0;
  private minValue = Number.POSITIVE_INFINITY;
  private maxValue = 0;

  /** Records one latency in microseconds. */
  record(micros: number): void {
    const value = Math.min(Math.max(0, Math.round(micros)), 2 ** MAX_EXPONENT - 1);
    const index = indexOf(value);
    this.counts[index] = (this.counts[index] ?? 0) + 1;
    this.total += 1;
    this.sum += value;
    if (value < this.minValue) this.minValue = value;
    if (value > this.maxValue) this.maxValue = value;
  }

  get count(): number {
    return this.total;
  }

  get min(): number {
    return this.total === 0 ? 0 : this.minValue;
  }

  get max(): number {
    return this.maxValue;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sum / this.total;
  }

  /** Smallest recorded value such that `p` % of the samples are at or below it (≤ 0.1 % high). */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(highestOf(i), this.maxValue);
    }
    return this.maxValue;
  }
}
