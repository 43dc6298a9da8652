import { isIPv4, isIPv6 } from 'node:net';

/** A parsed IP: its canonical text and its value as an integer (IPv4 32-bit, IPv6 128-bit). */
export interface IpAddress {
  readonly text: string;
  readonly version: 4 | 6;
  readonly value: bigint;
}

const V4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

function v4ToBigInt(ip: string): bigint {
  const [a, b, c, d] = ip.split('.').map(Number) as [number, number, number, number];
  return BigInt(((a << 24) >>> 0) + (b << 16) + (c << 8) + d);
}

function v6ToBigInt(ip: string): bigint {
  let text = ip;
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two groups.
  const v4Tail = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (v4Tail) {
    const v = Number(v4ToBigInt(v4Tail[1]));
    text = `${text.slice(0, v4Tail.index)}${(v >>> 16).toString(16)}:${(v & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [
    ...headGroups,
    ...Array<string>(tail === undefined ? 0 : missing).fill('0'),
    ...tailGroups,
  ];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(parseInt(g || '0', 16));
  return value;
}

function v6Text(value: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Collapse the longest run of zero groups (RFC 5952).
  let best = { start: -1, len: 0 };
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len && j - i > 1) best = { start: i, len: j - i };
    i = j;
  }
  if (best.start < 0) return groups.join(':');
  const left = groups.slice(0, best.start).join(':');
  const right = groups.slice(best.start + best.len).join(':');
  return `${left}::${right}`;
}

/** Parses an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4); undefined when invalid. */
export function parseIp(raw: string | undefined | null): IpAddress | undefined {
  if (!raw) return undefined;
  let text = raw.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const mapped = V4_MAPPED.exec(text);
  if (mapped) text = mapped[1];
  if (isIPv4(text)) {
    const value = v4ToBigInt(text);
    return { text: text.split('.').map(Number).join('.'), version: 4, value };
  }
  if (isIPv6(text)) {
    const value = v6ToBigInt(text.toLowerCase());
    return { text: v6Text(value), version: 6, value };
  }
  return undefined;
}

interface Range {
  readonly version: 4 | 6;
  readonly start: bigint;
  readonly end: bigint;
}

/** Parses `ip/len` (or a bare IP, a /32 or /128) into an inclusive range. */
export function parseCidr(raw: string): Range | undefined {
  const [addr, lenText, extra] = raw.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const bits = ip.version === 4 ? 32 : 128;
  const len = lenText === undefined ? bits : Number(lenText);
  if (
    !Number.isInteger(len) ||
    len < 0 ||
    len > bits ||
    (lenText !== undefined && !/^\d+$/.test(lenText))
  ) {
    return undefined;
  }
  const hostBits = BigInt(bits - len);
  const start = (ip.value >> hostBits) << hostBits;
  const end = start + (1n << hostBits) - 1n;
  return { version: ip.version, start, end };
}

const NON_PUBLIC = [
  '0.0.0.0/8',
  '10.0.0.0/8',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '172.16.0.0/12',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '192.168.0.0/16',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/3',
  '::/128',
  '::1/128',
  '64:ff9b:1::/48',
  '100::/64',
  '2001:db8::/32',
  'fc00::/7',
  'fe80::/10',
  'ff00::/8',
].map((c) => parseCidr(c) as Range);

/** False for private, loopback, link-local, CGNAT, documentation and multicast addresses. */
export function isPublicIp(ip: IpAddress): boolean {
  return !NON_PUBLIC.some(
    (r) => r.version === ip.version && ip.value >= r.start && ip.value <= r.end,
  );
}

/** For logs and client answers: last IPv4 octet / IPv6 interface part hidden. */
export function maskIp(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) return 'x';
  if (parsed.version === 4) return parsed.text.replace(/\.\d+$/, '.x');
  const groups = v6Text(parsed.value).split(':');
  return `${groups.slice(0, 3).join(':')}:x`;
}
