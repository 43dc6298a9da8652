import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { X4BNET } from '../test/filter-harness';
import { CidrMatcher } from './cidr-matcher';
import { isPublicIp, maskIp, parseCidr, parseIp } from './ip-address';

const ip = (text: string) => parseIp(text)!;

describe(CidrMatcher.name, () => {
  it('matches IPv4 and IPv6 ranges at their edges only', () => {
    const sut = new CidrMatcher([
      '10.0.0.0/8',
      '192.0.2.128/25',
      '2001:db8::/32',
      '2a02:d180::/29 # comment',
      'junk',
    ]);
    expect(sut.has(ip('10.255.255.255'))).toBe(true);
    expect(sut.has(ip('11.0.0.0'))).toBe(false);
    expect(sut.has(ip('192.0.2.127'))).toBe(false);
    expect(sut.has(ip('192.0.2.128'))).toBe(true);
    expect(sut.has(ip('2001:db8:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe(true);
    expect(sut.has(ip('2001:db9::'))).toBe(false);
    expect(sut.has(ip('2a02:d187:ffff::1'))).toBe(true);
    expect(sut.has(ip('::ffff:10.1.2.3'))).toBe(true);
    expect(sut.rejected).toEqual(['junk']);
  });

  it('merges overlapping and adjacent ranges', () => {
    const sut = new CidrMatcher(['1.0.0.0/24', '1.0.1.0/24', '1.0.0.128/25', '3.0.0.0/8']);
    expect(sut.size).toBe(2);
  });

  it('loads the x4bnet lists and answers a lookup in microseconds', () => {
    const lines = ['datacenter-ipv4.txt', 'datacenter-ipv6.txt'].flatMap((f) =>
      readFileSync(join(X4BNET, f), 'utf8').split('\n'),
    );
    const sut = new CidrMatcher(lines);
    expect(sut.size).toBeGreaterThan(10_000);
    expect(sut.has(ip('50.114.3.7'))).toBe(true);
    expect(sut.has(ip('149.101.100.1'))).toBe(false);
    const probes = Array.from({ length: 100_000 }, (_, i) =>
      ip(`${1 + (i % 220)}.${i % 256}.${(i >> 8) % 256}.1`),
    );
    const started = performance.now();
    for (const p of probes) sut.has(p);
    const perLookupUs = ((performance.now() - started) * 1000) / probes.length;
    expect(perLookupUs).toBeLessThan(20);
  });
});

describe('ip-address', () => {
  it('parses, normalises and classifies addresses', () => {
    expect(parseIp(' ::FFFF:149.101.100.1 ')).toMatchObject({ text: '149.101.100.1', version: 4 });
    expect(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')?.text).toBe('2001:db8::1');
    expect(parseIp('[2a02:d180::1]')?.version).toBe(6);
    for (const bad of ['', '1.2.3', '1.2.3.256', 'a::b::c', 'example.com'])
      expect(parseIp(bad)).toBeUndefined();
    expect(isPublicIp(ip('149.101.100.1'))).toBe(true);
    for (const priv of [
      '10.0.0.1',
      '192.168.1.10',
      '127.0.0.1',
      '100.64.0.1',
      '::1',
      'fe80::1',
      'fd00::1',
    ]) {
      expect({ priv, public: isPublicIp(ip(priv)) }).toEqual({ priv, public: false });
    }
    expect(parseCidr('1.2.3.4/33')).toBeUndefined();
    expect(parseCidr('2001:db8::/129')).toBeUndefined();
  });

  it('masks IPs for logs', () => {
    expect(maskIp('149.101.100.7')).toBe('149.101.100.x');
    expect(maskIp('2a02:d180:1:2::9')).toBe('2a02:d180:1:x');
    expect(maskIp('nonsense')).toBe('x');
  });
});
