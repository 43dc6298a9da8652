import { join } from 'node:path';

/**
 * The lists that ship with filter-svc (`apps/filter-svc/data`, copied next to the compiled code
 * by `npm run build`): the X4BNet lists_vpn files (MIT, refreshed by
 * `npm run filter:update-lists`) and this project's hosting-asn.txt. An OFFLINE_* variable
 * names them with the word `bundled`, alone or among paths of the operator's own lists.
 */
export const BUNDLED_DATA_DIR = join(__dirname, '..', '..', 'data');

export const BUNDLED_LISTS = {
  vpn: ['x4bnet/vpn-ipv4.txt', 'x4bnet/vpn-ipv6.txt'],
  datacenter: ['x4bnet/datacenter-ipv4.txt', 'x4bnet/datacenter-ipv6.txt'],
  datacenterAsn: ['x4bnet/datacenter-ASN.txt', 'hosting-asn.txt'],
  vpnAsn: ['x4bnet/vpn-ASN.txt'],
} as const;

export type BundledList = keyof typeof BUNDLED_LISTS;

/** The configured entries with `bundled` replaced by the bundled files of that kind. */
export function listPaths(entries: readonly string[], kind: BundledList): string[] {
  return entries.flatMap((e) =>
    e === 'bundled' ? BUNDLED_LISTS[kind].map((f) => join(BUNDLED_DATA_DIR, f)) : [e],
  );
}
