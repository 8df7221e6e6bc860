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

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-load-tool: wrk missing and this user cannot install packages (no root, no sudo)" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends wrk
command -v wrk >/dev/null 2>&1 || { echo "install-load-tool: wrk still missing" >&2; exit 1; }
echo "install-load-tool: installed wrk ($(command -v wrk))"
