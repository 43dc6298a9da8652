// Refreshes the X4BNet lists_vpn files filter-svc ships (apps/filter-svc/data/x4bnet):
// downloads every file, checks each one (CIDRs or ASNs that parse, no sudden collapse, the MIT
// licence unchanged) and only then replaces the vendored copies, all at once.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { parseCidr } from '../../apps/filter-svc/src/ip/ip-address';
import { parseAsnList } from '../../apps/filter-svc/src/reputation/offline-lists.adapter';

export const UPSTREAM = 'https://raw.githubusercontent.com/X4BNet/lists_vpn/main';
export const VENDORED_DIR = join(__dirname, '..', '..', 'apps', 'filter-svc', 'data', 'x4bnet');

type Kind = 'cidr' | 'asn' | 'licence';

/** Upstream path → vendored file name. */
export const FILES: ReadonlyArray<{ upstream: string; file: string; kind: Kind }> = [
  { upstream: 'output/vpn/ipv4.txt', file: 'vpn-ipv4.txt', kind: 'cidr' },
  { upstream: 'output/vpn/ipv6.txt', file: 'vpn-ipv6.txt', kind: 'cidr' },
  { upstream: 'output/datacenter/ipv4.txt', file: 'datacenter-ipv4.txt', kind: 'cidr' },
  { upstream: 'output/datacenter/ipv6.txt', file: 'datacenter-ipv6.txt', kind: 'cidr' },
  { upstream: 'input/datacenter/ASN.txt', file: 'datacenter-ASN.txt', kind: 'asn' },
  { upstream: 'input/vpn/ASN.txt', file: 'vpn-ASN.txt', kind: 'asn' },
  // The licence is the README's "# License" section.
  { upstream: 'README.md', file: 'LICENSE.md', kind: 'licence' },
];

export interface UpdateOptions {
  /** Base URL of the repository's raw files. */
  readonly base?: string;
  readonly out?: string;
  /** Accept a list that shrank to less than half of the vendored one. */
  readonly force?: boolean;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface UpdatedFile {
  readonly file: string;
  readonly entries: number;
  readonly before: number;
}

/** Entries of a list file (CIDRs or ASNs), and the lines that are neither. */
export function countEntries(
  text: string,
  kind: Exclude<Kind, 'licence'>,
): {
  entries: number;
  rejected: string[];
} {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
  if (kind === 'asn') {
    const asns = parseAsnList(lines);
    const rejected = lines.filter((l) => parseAsnList([l]).size === 0);
    return { entries: asns.size, rejected };
  }
  const rejected = lines.filter((l) => parseCidr(l) === undefined);
  return { entries: lines.length - rejected.length, rejected };
}

export function licenceSection(readme: string): string | undefined {
  const at = readme.search(/^# License\s*$/m);
  if (at < 0) return undefined;
  const section = `${readme.slice(at).trimEnd()}\n`;
  return /MIT License/.test(section) ? section : undefined;
}

async function download(url: string, timeoutMs: number): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
}

export async function updateLists(o: UpdateOptions = {}): Promise<UpdatedFile[]> {
  const base = (o.base ?? UPSTREAM).replace(/\/+$/, '');
  const out = o.out ?? VENDORED_DIR;
  const log = o.log ?? (() => undefined);
  const fetched: Array<{ file: string; text: string; entries: number; before: number }> = [];
  for (const f of FILES) {
    const text = await download(`${base}/${f.upstream}`, o.timeoutMs ?? 60_000);
    if (f.kind === 'licence') {
      const section = licenceSection(text);
      if (!section)
        throw new Error(
          `${f.upstream}: no "# License" section with the MIT licence; the licence may have changed — review it before vendoring`,
        );
      fetched.push({ file: f.file, text: section, entries: 1, before: 1 });
      continue;
    }
    const { entries, rejected } = countEntries(text, f.kind);
    if (entries === 0) throw new Error(`${f.upstream}: no ${f.kind === 'asn' ? 'ASN' : 'CIDR'}`);
    if (rejected.length > entries / 100)
      throw new Error(
        `${f.upstream}: ${rejected.length} lines are not ${f.kind === 'asn' ? 'ASNs' : 'CIDRs'} (e.g. ${rejected.slice(0, 3).join(', ')})`,
      );
    const current = join(out, f.file);
    const before = existsSync(current)
      ? countEntries(readFileSync(current, 'utf8'), f.kind).entries
      : 0;
    if (!o.force && entries < before / 2)
      throw new Error(
        `${f.upstream}: ${entries} entries where the vendored copy has ${before}; check upstream, then rerun with --force`,
      );
    fetched.push({ file: f.file, text, entries, before });
    log(`${f.upstream}: ${entries} entries (was ${before})`);
  }
  // Every file checked: replace them together (each rename is atomic).
  const staging = mkdtempSync(join(dirname(out), '.x4bnet-'));
  try {
    for (const f of fetched) writeFileSync(join(staging, f.file), f.text);
    writeFileSync(
      join(staging, 'SOURCE'),
      `${base}\nfetched ${new Date().toISOString()} by npm run filter:update-lists\n`,
    );
    for (const f of [...fetched.map((x) => x.file), 'SOURCE'])
      renameSync(join(staging, f), join(out, f));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return fetched.map(({ file, entries, before }) => ({ file, entries, before }));
}
