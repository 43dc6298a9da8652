import { parseCidr, type IpAddress } from './ip-address';

/**
 * Answers "is this IP in any of these CIDRs" in O(log n): ranges are merged and sorted, then
 * binary-searched. IPv4 ranges live in a Float64Array (exact up to 2^53), IPv6 in bigints.
 */
export class CidrMatcher {
  private readonly v4Starts: Float64Array;
  private readonly v4Ends: Float64Array;
  private readonly v6Starts: bigint[];
  private readonly v6Ends: bigint[];
  /** Lines that were not a CIDR (reported, never fatal). */
  readonly rejected: readonly string[];

  constructor(cidrs: Iterable<string>) {
    const v4: [number, number][] = [];
    const v6: [bigint, bigint][] = [];
    const rejected: string[] = [];
    for (const line of cidrs) {
      const text = line.replace(/#.*$/, '').trim();
      if (!text) continue;
      const range = parseCidr(text);
      if (!range) rejected.push(text);
      else if (range.version === 4) v4.push([Number(range.start), Number(range.end)]);
      else v6.push([range.start, range.end]);
    }
    const mergedV4 = merge(
      v4,
      (a, b) => a - b,
      (e) => e + 1,
    );
    const mergedV6 = merge(
      v6,
      (a, b) => (a < b ? -1 : a > b ? 1 : 0),
      (e) => e + 1n,
    );
    this.v4Starts = Float64Array.from(mergedV4.map((r) => r[0]));
    this.v4Ends = Float64Array.from(mergedV4.map((r) => r[1]));
    this.v6Starts = mergedV6.map((r) => r[0]);
    this.v6Ends = mergedV6.map((r) => r[1]);
    this.rejected = rejected;
  }

  /** Merged ranges held (IPv4 + IPv6). */
  get size(): number {
    return this.v4Starts.length + this.v6Starts.length;
  }

  has(ip: IpAddress): boolean {
    if (ip.version === 4) {
      const value = Number(ip.value);
      const i = lastAtOrBelow(this.v4Starts, value);
      return i >= 0 && value <= this.v4Ends[i];
    }
    const i = lastAtOrBelow(this.v6Starts, ip.value);
    return i >= 0 && ip.value <= this.v6Ends[i];
  }
}

function merge<T extends number | bigint>(
  ranges: [T, T][],
  compare: (a: T, b: T) => number,
  next: (end: T) => T,
): [T, T][] {
  ranges.sort((a, b) => compare(a[0], b[0]));
  const out: [T, T][] = [];
  for (const [start, end] of ranges) {
    const last = out[out.length - 1];
    if (last && compare(start, next(last[1])) <= 0) {
      if (compare(end, last[1]) > 0) last[1] = end;
    } else {
      out.push([start, end]);
    }
  }
  return out;
}

/** Index of the last start ≤ value, or -1. */
function lastAtOrBelow<T extends number | bigint>(starts: ArrayLike<T>, value: T): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
