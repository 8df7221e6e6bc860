#!/usr/bin/env bash
# System packages the test suite needs beyond Python, from Debian:
# - chromium, driven by Playwright in tests/web (never `playwright install`, which
#   downloads browsers);
# - postgresql, the server binaries the register's tests start a throw-away cluster
#   with (tests/pgserver.py), so that "any SQLAlchemy URL" is tested on a real server.
# Idempotent: installs only what is missing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)

if [ ${#need[@]} -eq 0 ]; then
  echo "install-test-deps: chromium and postgresql present; nothing to do"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-test-deps: missing ${need[*]} and this user cannot install packages (no root, no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${need[@]}"
command -v chromium >/dev/null 2>&1 || { echo "install-test-deps: chromium still missing" >&2; exit 1; }
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "install-test-deps: postgresql still missing" >&2; exit 1; }
echo "install-test-deps: installed ${need[*]}"
