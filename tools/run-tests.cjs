#!/usr/bin/env node
// `npm test`: every unit, integration and e2e test (jest projects of apps/, libs/, tools/, e2e/)
// against the real Postgres, Redis and NATS. Prints one closing line "N passed, N failed".
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, mkdirSync, rmSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const resultFile = path.join(root, 'tmp', 'jest-results.json');
mkdirSync(path.dirname(resultFile), { recursive: true });
rmSync(resultFile, { force: true });

const args = [
  path.join(root, 'node_modules/jest/bin/jest.js'),
  '--ci',
  '--json',
  `--outputFile=${resultFile}`,
  ...process.argv.slice(2),
];
console.log(
  `[test] node ${process.version}: jest ${process.argv.slice(2).join(' ') || '(all projects)'}`,
);
const run = spawnSync(process.execPath, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' },
});

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultFile)) {
  const results = JSON.parse(readFileSync(resultFile, 'utf8'));
  passed = results.numPassedTests;
  failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
  skipped = results.numPendingTests + results.numTodoTests;
}
const code = run.status ?? 1;
if (code !== 0 && failed === 0) failed = 1; // a suite that crashed before reporting still fails
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(code);
