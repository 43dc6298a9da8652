#!/usr/bin/env node
// `npm test`: every unit, integration and e2e test (jest projects of apps/, libs/, tools/, e2e/)
// against the real Postgres, Redis and NATS, then the web client's Vitest tests (apps/web,
// jsdom). Prints one closing line "N passed, N failed" over both.
// With arguments (`npm test -- <pattern>`) jest gets them; Vitest runs only when one of them
// names apps/web (and then gets those as its file filters).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, mkdirSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const resultFile = path.join(root, 'tmp', 'jest-results.json');
mkdirSync(path.dirname(resultFile), { recursive: true });
rmSync(resultFile, { force: true });

const jestArgs = [
  path.join(root, 'node_modules/jest/bin/jest.js'),
  '--ci',
  '--json',
  `--outputFile=${resultFile}`,
  ...process.argv.slice(2).filter((a) => !a.includes('apps/web')),
];
// Only apps/web named: the web client's Vitest tests alone.
const webOnly =
  process.argv.length > 2 && process.argv.slice(2).every((a) => a.includes('apps/web'));
console.log(
  `[test] node ${process.version}: jest ${process.argv.slice(2).join(' ') || '(all projects)'}`,
);
const run = webOnly
  ? { status: 0 }
  : spawnSync(process.execPath, jestArgs, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
    });

let passed = 0;
let failed = 0;
let skipped = 0;
/** Adds one runner's JSON results (jest's and Vitest's share these fields). */
function count(file, status) {
  let runFailed = 0;
  if (existsSync(file)) {
    const results = JSON.parse(readFileSync(file, 'utf8'));
    passed += results.numPassedTests;
    runFailed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
    skipped += results.numPendingTests + results.numTodoTests;
  }
  // A run that crashed before reporting still fails.
  if ((status ?? 1) !== 0 && runFailed === 0) runFailed = 1;
  failed += runFailed;
  return status ?? 1;
}
let code = webOnly ? 0 : count(resultFile, run.status);
const args = process.argv.slice(2);
const webFilters = args.filter((a) => a.includes('apps/web'));
if (args.length === 0 || webFilters.length > 0) {
  const vitestFile = path.join(root, 'tmp', 'vitest-results.json');
  rmSync(vitestFile, { force: true });
  console.log(`[test] vitest: apps/web ${webFilters.join(' ')}`);
  const web = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'apps/web/vite.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestFile}`,
      ...webFilters.map((f) => path.relative(path.join(root, 'apps/web'), path.join(root, f))),
    ],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
    },
  );
  const webCode = count(vitestFile, web.status);
  if (code === 0) code = webCode;
}
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(code);
