import { BlockList, isIP } from 'node:net';

export type DestinationVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: DestinationRefusal };

export type DestinationRefusal =
  'private_address' | 'port_not_allowed' | 'domain_blocked' | 'bad_host';

export interface DestinationPolicyConfig {
  /** Destination ports buyers may reach (default 80, 443). */
  readonly allowedPorts: readonly number[];
  /** CIDRs exempt from the private-address rule (empty in production; tests use 127.0.0.0/8). */
  readonly allowedPrivateCidrs: readonly string[];
  /** Domains refused with their subdomains. */
  readonly blockedDomains: readonly string[];
  /** The platform's own public addresses (never a destination). */
  readonly ownAddresses?: readonly string[];
}

/** Ranges no buyer may reach through a device: private, loopback, link-local, multicast,
 *  carrier-grade NAT, documentation, reserved and the IPv6 equivalents. */
const FORBIDDEN_V4 = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const;
const FORBIDDEN_V6 = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const;

function parseCidr(cidr: string): [string, number, 'ipv4' | 'ipv6'] {
  const [address, bits] = cidr.trim().split('/');
  const family = isIP(address ?? '');
  if (!address || family === 0) throw new Error(`not a CIDR: ${cidr}`);
  const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128))
    throw new Error(`not a CIDR: ${cidr}`);
  return [address, prefix, family === 4 ? 'ipv4' : 'ipv6'];
}

const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*\.?$/i;

/** Where a buyer's stream may go. Checked on IP literals at the relay, and again on the device
 *  after its DNS lookup (a hostname that resolves to 10.0.0.1 is refused there). */
export class DestinationPolicy {
  private readonly forbidden = new BlockList();
  private readonly exempt = new BlockList();
  private readonly ports: ReadonlySet<number>;
  private readonly blocked: readonly string[];

  constructor(config: DestinationPolicyConfig) {
    for (const [address, prefix] of FORBIDDEN_V4) this.forbidden.addSubnet(address, prefix, 'ipv4');
    for (const [address, prefix] of FORBIDDEN_V6) this.forbidden.addSubnet(address, prefix, 'ipv6');
    for (const own of config.ownAddresses ?? []) {
      const [address, prefix, family] = parseCidr(own);
      this.forbidden.addSubnet(address, prefix, family);
    }
    for (const cidr of config.allowedPrivateCidrs) {
      const [address, prefix, family] = parseCidr(cidr);
      this.exempt.addSubnet(address, prefix, family);
    }
    this.ports = new Set(config.allowedPorts);
    this.blocked = config.blockedDomains.map((d) => d.toLowerCase().replace(/\.$/, ''));
  }

  /** The relay's check of what the buyer asked for (host as given, IP literal or name). */
  checkTarget(host: string, port: number): DestinationVerdict {
    if (!this.ports.has(port)) return { allowed: false, reason: 'port_not_allowed' };
    const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
    if (isIP(bare) !== 0) return this.checkAddress(bare);
    if (!HOSTNAME.test(bare)) return { allowed: false, reason: 'bad_host' };
    const name = bare.toLowerCase().replace(/\.$/, '');
    if (name === 'localhost' || name.endsWith('.localhost'))
      return this.exempt.check('127.0.0.1', 'ipv4')
        ? { allowed: true }
        : { allowed: false, reason: 'private_address' };
    if (this.blocked.some((d) => name === d || name.endsWith(`.${d}`)))
      return { allowed: false, reason: 'domain_blocked' };
    return { allowed: true };
  }

  /** An address (IP literal, or what DNS returned on the device). */
  checkAddress(address: string): DestinationVerdict {
    const family = isIP(address);
    if (family === 0) return { allowed: false, reason: 'bad_host' };
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (this.exempt.check(address, type)) return { allowed: true };
    // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
    if (mapped) return this.checkAddress(mapped);
    return this.forbidden.check(address, type)
      ? { allowed: false, reason: 'private_address' }
      : { allowed: true };
  }
}
