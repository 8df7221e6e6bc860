#!/usr/bin/env bash
# The load client bench/bench_web_load.py drives the dashboard with: wrk, Debian's
# package (a compiled HTTP load generator, one event loop per thread, scripted in Lua),
# so that the client costs a small share of the 2 cores the server runs on.
# Called by the bench when `wrk` is not on PATH; idempotent: installs only if missing.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  echo "install-load-tool: wrk present ($(command -v wrk)); nothing to do"
  exit 0
fi

bash "$(dirname "$0")/apt-install.sh" install-load-tool wrk
command -v wrk >/dev/null 2>&1 || { echo "install-load-tool: wrk still missing" >&2; exit 1; }
echo "install-load-tool: installed wrk ($(command -v wrk))"
