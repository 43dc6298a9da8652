import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startFakeServer, type FakeServer } from '@trafficshare/testing';

import { countEntries, FILES, licenceSection, updateLists, VENDORED_DIR } from './update-lists';

// Test fixtures: the copies of X4BNet's files in ../shared/data/x4bnet (next to the repo).
const FIXTURES = join(__dirname, '..', '..', '..', 'shared', 'data', 'x4bnet');
const fixture = (file: string): string => readFileSync(join(FIXTURES, file), 'utf8');
const README = `# VPN & datacenter IPs\n\nLists.\n\n${fixture('LICENSE.md')}`;

describe('npm run filter:update-lists', () => {
  let upstream: FakeServer;
  let out: string;

  // A GitHub raw server for the repository, serving what the fixtures hold.
  const serveUpstream = (over: Record<string, string> = {}) => {
    for (const f of FILES) {
      const body = over[f.upstream] ?? (f.kind === 'licence' ? README : fixture(f.file));
      upstream.setRoute(`GET /X4BNet/lists_vpn/main/${f.upstream}`, {
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        body,
      });
    }
  };
  const base = () => `${upstream.url}/X4BNet/lists_vpn/main`;
  const snapshot = () =>
    Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));

  beforeAll(async () => {
    upstream = await startFakeServer();
  });
  afterAll(() => upstream.close());
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), 'x4bnet-'));
    cpSync(VENDORED_DIR, out, { recursive: true });
    upstream.clearRequests();
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('replaces every vendored file with the checked upstream copy and records the source', async () => {
    serveUpstream({ 'input/vpn/ASN.txt': `${fixture('vpn-ASN.txt')}AS64500 # a new VPN\n` });
    const updated = await updateLists({ base: base(), out });
    expect(updated.map((u) => u.file).sort()).toEqual(FILES.map((f) => f.file).sort());
    expect(updated.find((u) => u.file === 'vpn-ASN.txt')).toEqual({
      file: 'vpn-ASN.txt',
      entries: 16,
      before: 15,
    });
    expect(updated.find((u) => u.file === 'datacenter-ipv4.txt')?.entries).toBeGreaterThan(40_000);
    expect(readFileSync(join(out, 'datacenter-ipv6.txt'), 'utf8')).toBe(
      fixture('datacenter-ipv6.txt'),
    );
    expect(readFileSync(join(out, 'LICENSE.md'), 'utf8')).toContain('MIT License');
    expect(readFileSync(join(out, 'SOURCE'), 'utf8')).toContain(base());
    expect(upstream.requests.map((r) => r.path).sort()).toEqual(
      FILES.map((f) => `/X4BNet/lists_vpn/main/${f.upstream}`).sort(),
    );
    expect(readdirSync(join(out, '..')).filter((f) => f.startsWith('.x4bnet-'))).toEqual([]);
  });

  it('changes nothing when a list collapses, unless forced', async () => {
    serveUpstream({ 'output/datacenter/ipv4.txt': '1.2.3.0/24\n5.6.7.0/24\n' });
    const before = snapshot();
    await expect(updateLists({ base: base(), out })).rejects.toThrow(
      /output\/datacenter\/ipv4.txt: 2 entries where the vendored copy has \d+; .*--force/,
    );
    expect(snapshot()).toEqual(before);
    await updateLists({ base: base(), out, force: true });
    expect(readFileSync(join(out, 'datacenter-ipv4.txt'), 'utf8')).toBe('1.2.3.0/24\n5.6.7.0/24\n');
  });

  it('changes nothing on an error page, a missing file or a licence that is no longer MIT', async () => {
    const before = snapshot();
    serveUpstream({ 'output/vpn/ipv4.txt': '<html><body>rate limited</body></html>\n' });
    await expect(updateLists({ base: base(), out })).rejects.toThrow(/output\/vpn\/ipv4.txt/);
    serveUpstream();
    upstream.setRoute('GET /X4BNet/lists_vpn/main/input/datacenter/ASN.txt', {
      status: 404,
      body: '404: Not Found',
    });
    await expect(updateLists({ base: base(), out })).rejects.toThrow(/HTTP 404/);
    serveUpstream({ 'README.md': '# Lists\n\n# License\n\nAll rights reserved.\n' });
    await expect(updateLists({ base: base(), out })).rejects.toThrow(/licence may have changed/);
    expect(snapshot()).toEqual(before);
  });

  it('counts CIDRs and ASNs and names the lines that are neither', () => {
    expect(countEntries('1.2.3.0/24\n# note\n2001:db8::/32\nnot-a-cidr\n', 'cidr')).toEqual({
      entries: 2,
      rejected: ['not-a-cidr'],
    });
    expect(countEntries('AS15169 # Google\nAS13335\n\nfoo\n', 'asn')).toEqual({
      entries: 2,
      rejected: ['foo'],
    });
    expect(licenceSection(README)).toContain('Copyright (c) 2024 X4B');
    expect(licenceSection('# README only\n')).toBeUndefined();
  });
});
