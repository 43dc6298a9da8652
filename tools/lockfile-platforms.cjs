#!/usr/bin/env node
// The registry this project installs from carries the platform binaries of a package only for
// some platforms (e.g. @swc/core-linux-x64-gnu but not @swc/core-darwin-arm64), so the lockfile
// npm writes here lacks the others, and `npm ci` then refuses the lock as "out of sync".
// This adds the missing optional platform packages to package-lock.json with their os/cpu/libc,
// exactly as npm writes them where the registry has them; npm ci skips them on other platforms.
// Run after `npm install` changes the lock: `npm run lock:platforms`.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = [
  'darwin',
  'win32',
  'linux',
  'android',
  'freebsd',
  'openbsd',
  'sunos',
  'aix',
  'netbsd',
  'openharmony',
];
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  ia32: 'ia32',
  armv7: 'arm',
  arm: 'arm',
  ppc64: 'ppc64',
  s390x: 's390x',
  loong64: 'loong64',
  riscv64: 'riscv64',
};

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpuKey = parts.find((p) => p in CPU);
  if (!os || !cpuKey) return undefined;
  const out = { os: [os], cpu: [CPU[cpuKey]] };
  if (os === 'linux') {
    if (parts.some((p) => p.startsWith('musl'))) out.libc = ['musl'];
    else if (parts.some((p) => p.startsWith('gnu'))) out.libc = ['glibc'];
  }
  return out;
}

let added = 0;
const unknown = [];
for (const [where, entry] of Object.entries(packages)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const nested = where ? `${where}/node_modules/${dep}` : key;
    if (packages[key] || packages[nested]) continue;
    const platform = platformOf(dep);
    if (!platform || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) {
      unknown.push(`${dep}@${spec} (wanted by ${where || 'root'})`);
      continue;
    }
    packages[key] = {
      version: spec,
      cpu: platform.cpu,
      ...(platform.libc ? { libc: platform.libc } : {}),
      license: 'See the package',
      optional: true,
      os: platform.os,
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`[lock:platforms] added ${added} platform packages to package-lock.json`);
if (unknown.length > 0) {
  console.error(`[lock:platforms] could not place:\n  ${unknown.join('\n  ')}`);
  process.exit(1);
}
