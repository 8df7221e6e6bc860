#!/usr/bin/env bash
# apt-install.sh WHO PACKAGE...: install Debian packages with apt-get (as root, or through
# sudo), for the project's set-up scripts; WHO names the calling script in its messages.
# The caller decides what is missing; this only installs.
set -euo pipefail
who=$1
shift
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "$who: missing $* and this user cannot install packages (no root, no sudo)" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "$@"
