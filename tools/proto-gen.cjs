#!/usr/bin/env node
// Generates TypeScript from proto/ with buf + ts-proto (both from node_modules).
// --check: generate into a temp folder and fail when the committed code differs (stale).
'use strict';
const { execFileSync } = require('node:child_process');
const { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outDir = path.join(root, 'libs/contracts/src/generated');
const bin = path.join(root, 'node_modules/.bin');
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` };

function listFiles(dir, base = dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

function generate(target) {
  execFileSync(path.join(bin, 'buf'), ['generate', '--output', target], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  return path.join(target, 'libs/contracts/src/generated');
}

if (process.argv.includes('--check')) {
  const tmp = mkdtempSync(path.join(tmpdir(), 'proto-check-'));
  try {
    const fresh = generate(tmp);
    const want = listFiles(fresh).sort();
    const have = listFiles(outDir).sort();
    const problems = [];
    for (const f of new Set([...want, ...have])) {
      if (!want.includes(f)) problems.push(`extra (no .proto makes it): ${f}`);
      else if (!have.includes(f)) problems.push(`missing: ${f}`);
      else if (
        readFileSync(path.join(fresh, f), 'utf8') !== readFileSync(path.join(outDir, f), 'utf8')
      )
        problems.push(`stale: ${f}`);
    }
    if (problems.length > 0) {
      console.error(
        `Generated code is out of date with proto/:\n  ${problems.join('\n  ')}\nRun: npm run proto:gen`,
      );
      process.exit(1);
    }
    console.log(`proto:check ok (${want.length} generated files up to date)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
} else {
  rmSync(outDir, { recursive: true, force: true });
  generate(root);
  console.log(`generated ${listFiles(outDir).length} files into libs/contracts/src/generated`);
}
