"""``launchwatch serve`` as a user runs it, for the tests that need the real command: a
subprocess on a register file, reached over HTTP on localhost, stopped with Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from launchwatch.register import Register

#: A stuck server is killed after this long [s]: it must fail the suite, never hang it.
KILL_AFTER_S = 300.0
#: Longest wait for every worker to answer /api/health once the port is open [s].
READY_S = 120.0


@contextmanager
def serve_cli(register: Path, *args: str,
              env: dict[str, str] | None = None) -> Iterator[tuple[int, list[str]]]:
    """``launchwatch serve --register REGISTER --port 0 ARGS``: yields its port and the lines
    it writes to stderr (those before uvicorn was up first; the list keeps growing while it
    runs).  It is yielded once ``/api/health`` answers; on leaving, Ctrl-C must stop it with
    exit 0 and no traceback in its output.  The server runs in its own process group, so a
    kill takes its workers too (they hold the pipe read here)."""
    proc = subprocess.Popen([sys.executable, "-m", "launchwatch", "serve", "--register", str(register),
                             "--port", "0", "--log-level", "info", *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
                            start_new_session=True)

    def kill() -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    guard = threading.Timer(KILL_AFTER_S, kill)
    guard.start()
    lines: list[str] = []
    drain = None
    try:
        port = None
        for line in proc.stderr:
            lines.append(line)
            m = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        assert port is not None, "".join(lines)
        # keep reading its stderr: a pipe nobody reads fills and blocks the server
        drain = threading.Thread(target=lambda: lines.extend(proc.stderr), daemon=True)
        drain.start()
        until = time.monotonic() + READY_S
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=30) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < until, "".join(lines)
                time.sleep(0.2)
        yield port, lines
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0, "".join(lines)
        assert "Traceback" not in "".join(lines), "".join(lines)
    finally:
        guard.cancel()
        if proc.poll() is None:
            kill()
            proc.wait()
        if drain is not None:
            drain.join(30)
        proc.stderr.close()


def public_record_register(folder: Path) -> Path:
    """A new register file in ``folder`` holding the whole public record
    (:func:`launchwatch.register.history.load_history`)."""
    from launchwatch.register.history import load_history

    path = folder / "register.sqlite"
    with Register(path) as reg:
        load_history(reg)
    return path
