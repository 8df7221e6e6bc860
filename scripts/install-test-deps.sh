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

bash "$(dirname "$0")/apt-install.sh" install-test-deps "${need[@]}"
command -v chromium >/dev/null 2>&1 || { echo "install-test-deps: chromium still missing" >&2; exit 1; }
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || { echo "install-test-deps: postgresql still missing" >&2; exit 1; }
echo "install-test-deps: installed ${need[*]}"
