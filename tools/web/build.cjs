#!/usr/bin/env node
// `npm run web:build` (also run by `npm run build`): builds the web client (apps/web, Vite)
// into dist/apps/web, which the gateway serves at /app and /admin, then prints the gzipped
// first-load size of each entry page (its JS chunk, the chunks it imports statically, its CSS)
// and fails when the Mini App's first-load JavaScript exceeds its budget (150 KB gzipped).
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { gzipSync } = require('node:zlib');

const root = path.join(__dirname, '../..');
const outDir = process.env.WEB_OUT_DIR || path.join(root, 'dist/apps/web');
const BUDGET_KB = { 'app/index.html': 150 };

/** First-load files of an entry: the entry chunk and its static imports, recursively. */
function firstLoad(manifest, key, seen = new Set()) {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) firstLoad(manifest, imported, seen);
  return seen;
}

function sizes(manifest, entry) {
  let js = 0;
  let css = 0;
  const gz = (file) => gzipSync(readFileSync(path.join(outDir, file)), { level: 9 }).length;
  const cssFiles = new Set();
  for (const key of firstLoad(manifest, entry)) {
    const chunk = manifest[key];
    js += gz(chunk.file);
    for (const c of chunk.css ?? []) cssFiles.add(c);
  }
  for (const c of cssFiles) css += gz(c);
  return { js, css };
}

function main() {
  const started = Date.now();
  console.log('[web:build] vite build apps/web → ' + path.relative(root, outDir));
  try {
    execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--config',
        'apps/web/vite.config.mts',
        '--logLevel',
        'warn',
      ],
      {
        cwd: root,
        stdio: 'inherit',
        // NODE_ENV=production: a test runner's NODE_ENV=test would bundle React's development build.
        env: { ...process.env, NODE_ENV: 'production', WEB_OUT_DIR: outDir },
      },
    );
  } catch {
    console.error('[web:build] failed; see above');
    process.exit(1);
  }
  const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8'));
  let over = false;
  for (const entry of ['app/index.html', 'admin/index.html']) {
    const { js, css } = sizes(manifest, entry);
    const budget = BUDGET_KB[entry];
    const kb = (n) => (n / 1024).toFixed(1);
    const verdict = budget
      ? js / 1024 <= budget
        ? ` (budget ${budget} KB: ok)`
        : ` (budget ${budget} KB: OVER)`
      : '';
    console.log(
      `[web:build] ${entry}: first-load JS ${kb(js)} KB gzip, CSS ${kb(css)} KB gzip${verdict}`,
    );
    if (budget && js / 1024 > budget) over = true;
  }
  if (over) {
    console.error('[web:build] the Mini App is over its JavaScript budget');
    process.exit(1);
  }
  console.log(`[web:build] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main();
