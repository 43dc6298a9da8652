import { readFileSync } from 'node:fs';

import { type CidrMatcher } from '../ip/cidr-matcher';
import type { IpAddress } from '../ip/ip-address';
import type { ReputationAdapter, ReputationResult } from './reputation.types';

/** Reads list files (one CIDR or `AS123` a line, `#` comments). */
export function readLists(paths: readonly string[]): string[] {
  return paths.flatMap((p) => readFileSync(p, 'utf8').split(/\r?\n/));
}

export function parseAsnList(lines: readonly string[]): Set<number> {
  const out = new Set<number>();
  for (const line of lines) {
    const m = /^\s*(?:AS)?(\d+)\b/i.exec(line.replace(/#.*$/, ''));
    if (m) out.add(Number(m[1]));
  }
  return out;
}

/** Offline VPN and datacenter ranges (x4bnet lists_vpn format): no network call. */
export class OfflineListsAdapter implements ReputationAdapter {
  readonly name = 'offline_lists';
  readonly remote = false;

  constructor(
    private readonly vpn: CidrMatcher,
    private readonly datacenter: CidrMatcher,
  ) {}

  get size(): number {
    return this.vpn.size + this.datacenter.size;
  }

  async lookup(ip: IpAddress): Promise<ReputationResult> {
    return this.match(ip);
  }

  match(ip: IpAddress): ReputationResult {
    const vpn = this.vpn.has(ip);
    const datacenter = vpn || this.datacenter.has(ip);
    return {
      signal: {
        vpn,
        datacenter,
        score: vpn ? 100 : undefined,
        network: datacenter ? 'datacenter' : undefined,
      },
      raw: { vpn_list: vpn, datacenter_list: datacenter },
    };
  }
}
