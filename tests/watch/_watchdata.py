"""Helpers of the watch tests (a module of its own: ``conftest`` names clash across folders)."""

from __future__ import annotations

import os
import subprocess
import sys

EPOCH = "2025-05-07T23:10Z"


def launchwatch(*args: str, timeout: float = 900.0, **kw) -> subprocess.CompletedProcess:
    """``launchwatch ARGS`` in a new process (this interpreter), output captured."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run([sys.executable, "-m", "launchwatch", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, **kw)
