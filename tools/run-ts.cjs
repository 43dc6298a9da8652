#!/usr/bin/env node
// Runs a TypeScript entry point of the repo's tooling (start, migrate, bench) without a build:
// SWC transpiles on require and resolves the @trafficshare/* aliases from tsconfig.base.json.
'use strict';
const path = require('node:path');

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node tools/run-ts.cjs <file.ts> [args...]');
  process.exit(2);
}
process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '..', 'tsconfig.base.json');
require('@swc-node/register');
process.argv = [process.argv[0], path.resolve(entry), ...rest];
require(path.resolve(entry));
