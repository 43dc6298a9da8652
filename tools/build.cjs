#!/usr/bin/env node
// Compiles every app, lib and tool into dist/ (tsc, incremental) and rewrites the
// @trafficshare/* aliases into relative paths (tsc-alias) so `node dist/apps/<app>/src/main.js` runs.
// The web client (apps/web) is built by Vite into dist/apps/web (tools/web/build.cjs).
// An app's data files (apps/<app>/data, e.g. filter-svc's IP lists) are copied beside its code.
'use strict';
const { execFileSync } = require('node:child_process');
const { cpSync, existsSync, readdirSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const started = Date.now();
console.log('[build] compiling TypeScript into dist/ ...');
try {
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
} catch {
  console.error('[build] failed; fix the TypeScript errors above (npm run lint shows them too).');
  process.exit(1);
}
for (const app of readdirSync(path.join(root, 'apps'))) {
  const data = path.join(root, 'apps', app, 'data');
  if (!existsSync(data)) continue;
  const target = path.join(root, 'dist', 'apps', app, 'data');
  rmSync(target, { recursive: true, force: true });
  cpSync(data, target, { recursive: true });
}
// The web client (apps/web): Vite builds it into dist/apps/web, which the gateway serves.
try {
  execFileSync(process.execPath, [path.join(root, 'tools/web/build.cjs')], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  console.error('[build] the web client build failed (see above)');
  process.exit(1);
}
console.log(`[build] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
