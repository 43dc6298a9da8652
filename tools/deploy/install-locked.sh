#!/usr/bin/env bash
# Installs exactly the versions in package-lock.json (used by .ci/run and the Dockerfile).
#
# `npm ci` first. It refuses a lock file that lacks other platforms' optional binaries (e.g.
# @swc/core-darwin-arm64), which npm never records when the registry it resolved against lacks
# them at the locked version. Only then: `npm install --no-save` (takes the lock's versions and
# leaves the lock alone), followed by a check that fails on any real drift between package.json,
# package-lock.json and node_modules — so a forgotten lock update still breaks the build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

out=$(mktemp)
trap 'rm -f "$out"' EXIT

if npm ci "$@" >"$out" 2>&1; then
  grep -v '^npm warn' "$out" | tail -n 3 || true
  exit 0
fi
if ! grep -q 'can only install packages when your package.json and package-lock.json' "$out"; then
  cat "$out" >&2
  exit 1
fi

echo "[install] npm ci refused the lock file for missing optional packages:"
grep -m 5 '^npm error Missing:' "$out" || true
echo "[install] installing the locked versions with npm install --no-save instead"
npm install --no-save "$@"
node -e '
  const lock = require("./package-lock.json").packages;
  const installed = require("./node_modules/.package-lock.json").packages;
  const drift = Object.entries(installed)
    .filter(([path, meta]) => !lock[path] || lock[path].version !== meta.version)
    .map(([path, meta]) => `${path}@${meta.version} (lock: ${lock[path] ? lock[path].version : "absent"})`);
  if (drift.length > 0) {
    console.error("[install] node_modules differs from package-lock.json; run npm install and commit the lock:\n  " + drift.join("\n  "));
    process.exit(1);
  }
  console.log(`[install] node_modules matches package-lock.json (${Object.keys(installed).length} packages)`);
'
