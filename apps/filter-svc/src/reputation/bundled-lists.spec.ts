import { existsSync, readFileSync } from 'node:fs';

import { CidrMatcher } from '../ip/cidr-matcher';
import { parseIp } from '../ip/ip-address';
import { BUNDLED_LISTS, listPaths } from './bundled-lists';
import { parseAsnList, readLists } from './offline-lists.adapter';

describe(listPaths.name, () => {
  it('replaces `bundled` with the shipped files of the kind and keeps other paths', () => {
    const paths = listPaths(['/etc/mine.txt', 'bundled'], 'datacenterAsn');
    expect(paths[0]).toBe('/etc/mine.txt');
    expect(paths.slice(1).map((p) => p.split('/data/')[1])).toEqual([
      'x4bnet/datacenter-ASN.txt',
      'hosting-asn.txt',
    ]);
    expect(listPaths([], 'vpn')).toEqual([]);
  });

  it('ships every bundled file, with its licence', () => {
    for (const kind of Object.keys(BUNDLED_LISTS) as (keyof typeof BUNDLED_LISTS)[]) {
      for (const path of listPaths(['bundled'], kind))
        expect({ path, ok: existsSync(path) }).toEqual({ path, ok: true });
    }
    const licence = listPaths(['bundled'], 'vpn')[0].replace('vpn-ipv4.txt', 'LICENSE.md');
    expect(readFileSync(licence, 'utf8')).toContain('MIT License');
  });

  it('the shipped lists know datacenters and VPNs and leave home ISPs alone', () => {
    const datacenter = new CidrMatcher(readLists(listPaths(['bundled'], 'datacenter')));
    const vpn = new CidrMatcher(readLists(listPaths(['bundled'], 'vpn')));
    expect(datacenter.rejected).toEqual([]);
    expect(vpn.rejected).toEqual([]);
    expect(datacenter.has(parseIp('8.8.8.8')!)).toBe(true);
    expect(vpn.has(parseIp('2.26.157.9')!)).toBe(true);
    for (const home of ['73.162.10.20', '2003:e0:1a00::1']) {
      expect(datacenter.has(parseIp(home)!) || vpn.has(parseIp(home)!)).toBe(false);
    }
    const dcAsns = parseAsnList(readLists(listPaths(['bundled'], 'datacenterAsn')));
    expect([15169, 13335, 16509].every((a) => dcAsns.has(a))).toBe(true);
    expect([7922, 3320].some((a) => dcAsns.has(a))).toBe(false);
    expect(parseAsnList(readLists(listPaths(['bundled'], 'vpnAsn'))).has(209854)).toBe(true);
  });
});
