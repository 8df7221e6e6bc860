"""Helpers of the watch tests (a module of its own: ``conftest`` names clash across folders)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time

EPOCH = "2025-05-07T23:10Z"


def launchwatch(*args: str, timeout: float = 900.0, **kw) -> subprocess.CompletedProcess:
    """``launchwatch ARGS`` in a new process (this interpreter), output captured."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run([sys.executable, "-m", "launchwatch", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, **kw)


class Drained:
    """A running ``launchwatch watch`` process whose stdout and stderr are read as they come,
    each by a thread of its own: a pipe nobody reads fills (64 KB) and blocks the service's
    next write, which stalls it (a hang, not slowness).  :meth:`out` / :meth:`err` are what
    it wrote so far; :meth:`finish` waits for its end and returns both in full."""

    def __init__(self, args: list[str], **kw) -> None:
        env = {**os.environ, "PYTHONWARNINGS": "error"}
        self.proc = subprocess.Popen([sys.executable, "-m", "launchwatch", *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env, **kw)
        self._out: list[str] = []
        self._err: list[str] = []
        self._readers = [threading.Thread(target=lambda f=f, b=b: b.extend(f), daemon=True)
                         for f, b in ((self.proc.stdout, self._out), (self.proc.stderr, self._err))]
        for th in self._readers:
            th.start()

    def out(self) -> str:
        return "".join(self._out)

    def err(self) -> str:
        return "".join(self._err)

    def port(self, name: str, timeout: float) -> int:
        """The port the service says it listens on (``NAME port N`` on its first line)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            m = re.search(rf"{name} port (\d+)", self.err())
            if m:
                return int(m.group(1))
            assert self.proc.poll() is None, self.err()
            time.sleep(0.1)
        raise AssertionError(f"the service never named its {name} port: {self.err()}")

    def kill(self) -> None:
        """Kill it if it still runs (a failed test leaves no service behind)."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=60)
        self._close()

    def _close(self) -> None:
        for th in self._readers:
            th.join(timeout=30)
        for f in (self.proc.stdout, self.proc.stderr):
            f.close()

    def finish(self, timeout: float) -> tuple[str, str]:
        """Wait up to ``timeout`` s for the process to end; (stdout, stderr) in full."""
        self.proc.wait(timeout=timeout)
        self._close()
        return self.out(), self.err()
