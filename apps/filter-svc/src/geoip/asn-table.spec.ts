import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { parseIp, type IpAddress } from '../ip/ip-address';
import { AsnTable } from './asn-table';

const ip = (text: string): IpAddress => parseIp(text)!;
const num = (text: string): string => ip(text).value.toString();

describe(AsnTable.name, () => {
  describe('on a small table in the package’s format', () => {
    let dir: string;
    let sut: AsnTable;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'asn-'));
      writeFileSync(
        join(dir, 'asn-ipv4-num.csv'),
        [
          `${num('1.0.0.0')},${num('1.0.0.255')},13335,"Cloudflare, Inc."`,
          `${num('8.8.8.0')},${num('8.8.8.255')},15169,Google LLC`,
          `${num('10.0.0.0')},${num('10.0.0.255')},0,Unrouted`,
          `${num('35.0.0.0')},${num('35.0.0.255')},201907,"LLC ""SPUTNIK"""`,
          '',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'asn-ipv6-num.csv'),
        [
          `${num('2001:4860::')},${num('2001:4860:ffff:ffff:ffff:ffff:ffff:ffff')},15169,Google LLC`,
          `${num('2003::')},${num('2003:1ff:ffff:ffff:ffff:ffff:ffff:ffff')},3320,Deutsche Telekom AG`,
        ].join('\n'),
      );
      sut = AsnTable.load(dir);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('finds the range of an address, at its bounds too', () => {
      expect(sut.lookup(ip('1.0.0.0'))).toEqual({ asn: 13335, organization: 'Cloudflare, Inc.' });
      expect(sut.lookup(ip('1.0.0.255'))?.asn).toBe(13335);
      expect(sut.lookup(ip('8.8.8.8'))).toEqual({ asn: 15169, organization: 'Google LLC' });
      expect(sut.lookup(ip('35.0.0.9'))?.organization).toBe('LLC "SPUTNIK"');
      expect(sut.lookup(ip('2003:e0:1a00::1'))).toEqual({
        asn: 3320,
        organization: 'Deutsche Telekom AG',
      });
      expect(sut.lookup(ip('2001:4860:4860::8888'))?.asn).toBe(15169);
    });

    it('answers null between ranges, before the first, after the last and for AS0', () => {
      for (const t of ['0.255.255.255', '1.0.1.0', '8.8.9.0', '10.0.0.1', '255.255.255.255']) {
        expect({ t, found: sut.lookup(ip(t)) }).toEqual({ t, found: null });
      }
      for (const t of ['::1', '2002::1', '2003:200::1', 'ffff::1']) {
        expect({ t, found: sut.lookup(ip(t)) }).toEqual({ t, found: null });
      }
      expect(sut.size).toEqual({ v4: 4, v6: 2 });
    });

    it('refuses unsorted data instead of answering wrongly', () => {
      const bad = mkdtempSync(join(tmpdir(), 'asn-bad-'));
      try {
        writeFileSync(join(bad, 'asn-ipv4-num.csv'), '200,300,1,b\n100,150,2,a\n');
        writeFileSync(join(bad, 'asn-ipv6-num.csv'), '');
        expect(() => AsnTable.load(bad)).toThrow(/not sorted/);
      } finally {
        rmSync(bad, { recursive: true, force: true });
      }
    });
  });

  describe('on the bundled @ip-location-db/asn data', () => {
    let sut: AsnTable;
    let loadMs = 0;

    beforeAll(() => {
      const started = performance.now();
      sut = AsnTable.load(dirname(require.resolve('@ip-location-db/asn/package.json')));
      loadMs = performance.now() - started;
    });

    it('knows the datacenters and the residential ISPs the filter must tell apart', () => {
      expect(sut.lookup(ip('8.8.8.8'))?.asn).toBe(15169); // Google
      expect(sut.lookup(ip('1.1.1.1'))?.asn).toBe(13335); // Cloudflare
      expect(sut.lookup(ip('73.162.10.20'))?.asn).toBe(7922); // Comcast
      expect(sut.lookup(ip('2003:e0:1a00::1'))?.asn).toBe(3320); // Deutsche Telekom
      expect(sut.size.v4).toBeGreaterThan(100_000);
      expect(sut.size.v6).toBeGreaterThan(10_000);
    });

    it('loads in well under the boot budget and answers in microseconds', () => {
      // Measured ~0.3 s on the 2-core machine; the bound leaves room for a loaded CI.
      expect(loadMs).toBeLessThan(10_000);
      const ips = ['8.8.8.8', '73.162.10.20', '2003:e0:1a00::1', '185.199.108.1'].map(ip);
      const started = performance.now();
      for (let i = 0; i < 10_000; i++) sut.lookup(ips[i % ips.length]);
      expect((performance.now() - started) / 10_000).toBeLessThan(0.2);
    });
  });
});
