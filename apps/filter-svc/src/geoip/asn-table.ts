import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IpAddress } from '../ip/ip-address';

/** The AS an address belongs to. */
export interface AsnEntry {
  readonly asn: number;
  readonly organization: string | null;
}

const V4_FILE = 'asn-ipv4-num.csv';
const V6_FILE = 'asn-ipv6-num.csv';
const MASK64 = (1n << 64n) - 1n;

/**
 * IP → AS number and organisation from the `@ip-location-db/asn` CSVs (RouteViews + RIR +
 * DB-IP, CC BY 4.0), read once at boot into sorted typed arrays (about 0.5 M ranges in ~12 MB,
 * ~0.3 s) and binary-searched. The `-num` files give each inclusive range as decimal numbers:
 * `start,end,asn,organisation` (the organisation CSV-quoted when it has a comma).
 */
export class AsnTable {
  private constructor(
    private readonly v4Starts: Uint32Array,
    private readonly v4Ends: Uint32Array,
    private readonly v4Asns: Uint32Array,
    // IPv6 bounds as (high, low) 64-bit halves.
    private readonly v6Starts: BigUint64Array,
    private readonly v6Ends: BigUint64Array,
    private readonly v6Asns: Uint32Array,
    private readonly names: ReadonlyMap<number, string>,
  ) {}

  /** Loads the two `-num` CSVs of an `@ip-location-db/asn` directory. */
  static load(dir: string): AsnTable {
    const names = new Map<number, string>();
    const v4 = parseV4(readFileSync(join(dir, V4_FILE), 'latin1'), names);
    const v6 = parseV6(readFileSync(join(dir, V6_FILE), 'latin1'), names);
    return new AsnTable(v4.starts, v4.ends, v4.asns, v6.starts, v6.ends, v6.asns, names);
  }

  /** Ranges held (IPv4, IPv6). */
  get size(): { v4: number; v6: number } {
    return { v4: this.v4Starts.length, v6: this.v6Asns.length };
  }

  lookup(ip: IpAddress): AsnEntry | null {
    let asn = 0;
    if (ip.version === 4) {
      const v = Number(ip.value);
      const i = lastAtOrBelow(this.v4Starts.length, (k) => this.v4Starts[k] <= v);
      if (i >= 0 && v <= this.v4Ends[i]) asn = this.v4Asns[i];
    } else {
      const hi = ip.value >> 64n;
      const lo = ip.value & MASK64;
      const s = this.v6Starts;
      const e = this.v6Ends;
      const i = lastAtOrBelow(
        this.v6Asns.length,
        (k) => s[2 * k] < hi || (s[2 * k] === hi && s[2 * k + 1] <= lo),
      );
      if (i >= 0 && (hi < e[2 * i] || (hi === e[2 * i] && lo <= e[2 * i + 1])))
        asn = this.v6Asns[i];
    }
    // AS0 marks unrouted space.
    return asn > 0 ? { asn, organization: this.names.get(asn) ?? null } : null;
  }
}

/** Calls `row` for every well-formed line: start, end, AS number and the organisation's span. */
function eachRow(
  text: string,
  row: (start: string, end: string, asn: number, rest: [number, number]) => void,
): void {
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const c1 = text.indexOf(',', pos);
    const c2 = c1 < 0 ? -1 : text.indexOf(',', c1 + 1);
    const c3 = c2 < 0 ? -1 : text.indexOf(',', c2 + 1);
    if (c3 > 0 && c3 < end) {
      const asn = Number(text.slice(c2 + 1, c3));
      if (Number.isInteger(asn) && asn >= 0)
        row(text.slice(pos, c1), text.slice(c1 + 1, c2), asn, [c3 + 1, end]);
    }
    pos = end + 1;
  }
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function nameOf(
  text: string,
  [from, to]: [number, number],
  asn: number,
  names: Map<number, string>,
) {
  if (!names.has(asn)) names.set(asn, unquote(text.slice(from, to).trim()));
}

// The files are sorted by start; anything else would make the binary search answer wrongly.
const unsorted = (): Error => new Error('ASN ranges are not sorted by start address');

function parseV4(text: string, names: Map<number, string>) {
  const max = lineCount(text);
  const starts = new Uint32Array(max);
  const ends = new Uint32Array(max);
  const asns = new Uint32Array(max);
  let n = 0;
  eachRow(text, (start, end, asn, rest) => {
    const s = Number(start);
    if (n > 0 && s < starts[n - 1]) throw unsorted();
    starts[n] = s;
    ends[n] = Number(end);
    asns[n] = asn;
    nameOf(text, rest, asn, names);
    n++;
  });
  return { starts: starts.slice(0, n), ends: ends.slice(0, n), asns: asns.slice(0, n) };
}

function parseV6(text: string, names: Map<number, string>) {
  const max = lineCount(text);
  const starts = new BigUint64Array(max * 2);
  const ends = new BigUint64Array(max * 2);
  const asns = new Uint32Array(max);
  let n = 0;
  let previous = -1n;
  eachRow(text, (start, end, asn, rest) => {
    const s = BigInt(start);
    const e = BigInt(end);
    if (s < previous) throw unsorted();
    previous = s;
    starts[2 * n] = s >> 64n;
    starts[2 * n + 1] = s & MASK64;
    ends[2 * n] = e >> 64n;
    ends[2 * n + 1] = e & MASK64;
    asns[n] = asn;
    nameOf(text, rest, asn, names);
    n++;
  });
  return { starts: starts.slice(0, 2 * n), ends: ends.slice(0, 2 * n), asns: asns.slice(0, n) };
}

function unquote(field: string): string {
  return field.startsWith('"') && field.endsWith('"')
    ? field.slice(1, -1).replaceAll('""', '"')
    : field;
}

/** Index of the last element for which `atOrBelow` holds (a prefix of the array), or -1. */
function lastAtOrBelow(length: number, atOrBelow: (i: number) => boolean): number {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrBelow(mid)) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
