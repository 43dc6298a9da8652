#!/usr/bin/env bash
# Installs Debian's chromium (the browser the web e2e tests drive with playwright-core) when
# /usr/bin/chromium is missing. Called by .ci/run before the tests; a no-op when present.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "[chromium] $(/usr/bin/chromium --version 2>/dev/null | head -1)"
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "[chromium] /usr/bin/chromium is missing and apt-get is not available: install Chromium" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "[chromium] installing Debian's chromium"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
/usr/bin/chromium --version
