#!/usr/bin/env bash
# Makes promtool available to the monitoring tests (tools/deploy/monitoring.spec.ts) without
# installing anything: Debian's prometheus package is downloaded and only its promtool binary is
# unpacked into tmp/promtool/ (git-ignored). A promtool already on the PATH is used as is.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bin=tmp/promtool/usr/bin/promtool
if command -v promtool >/dev/null 2>&1; then
  echo "promtool on the PATH: $(command -v promtool)"
  exit 0
fi
if [ -x "$bin" ]; then
  echo "promtool: $bin ($("$bin" --version 2>&1 | head -1))"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-deb >/dev/null 2>&1; then
  echo "promtool: not on the PATH and no apt-get/dpkg-deb to fetch it; install Prometheus's promtool or set PROMTOOL=/path/to/promtool" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "promtool: downloading Debian's prometheus package (promtool only is unpacked)"
if ! (cd "$work" && apt-get download -q prometheus >/dev/null 2>&1); then
  # A machine that never ran apt-get update has no package lists yet.
  apt-get update -qq >/dev/null
  (cd "$work" && apt-get download -q prometheus >/dev/null 2>&1)
fi
mkdir -p tmp/promtool
dpkg-deb --fsys-tarfile "$work"/prometheus_*.deb | tar -x -C tmp/promtool ./usr/bin/promtool
echo "promtool: $bin ($("$bin" --version 2>&1 | head -1))"
