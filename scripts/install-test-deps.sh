#!/usr/bin/env bash
# System packages the test suite needs beyond Python: Debian's chromium, driven by
# Playwright in tests/web (never `playwright install`, which downloads browsers).
# Idempotent: does nothing when chromium is already on PATH.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "install-test-deps: chromium present ($(command -v chromium)); nothing to do"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-test-deps: chromium is missing and this user cannot install packages (no root, no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium
command -v chromium >/dev/null 2>&1 || { echo "install-test-deps: chromium still missing" >&2; exit 1; }
echo "install-test-deps: installed $(chromium --version 2>/dev/null || echo chromium)"
