"""``launchwatch serve`` as a user runs it: a subprocess on a real register file, reached
over HTTP on localhost, stopped with Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="launchwatch serve needs uvicorn (deps-web.txt)")
pytest.importorskip("fastapi", reason="launchwatch serve needs fastapi (deps-web.txt)")


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read())


def test_serve_subprocess(register_copy: Path) -> None:
    env = {**os.environ, "LAUNCHWATCH_TOKEN": "cli-token", "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "launchwatch", "serve", "--register", str(register_copy),
                             "--port", "0", "--log-level", "info"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    # a stuck start must not hang the suite: kill it after a generous bound
    guard = threading.Timer(120, proc.kill)
    guard.start()
    try:
        lines = []
        port = None
        for line in proc.stderr:
            lines.append(line)
            m = re.search(r"Uvicorn running on http://127\.0\.0\.1:(\d+)", line)
            if m:
                port = int(m.group(1))
                break
        assert port is not None, "".join(lines)
        assert "(4 events, writes need the token)" in "".join(lines)
        base = f"http://127.0.0.1:{port}"
        status, health = _call(base + "/api/health")
        assert status == 200 and health["events"] == 4 and health["writes_enabled"]
        body = json.dumps({"text": "SEOUL, Oct. 6, 2022 (Yonhap) -- North Korea fired a short-range "
                                   "ballistic missile from Wonsan at 6:01 a.m.", "commit": True}).encode()
        ctype = {"Content-Type": "application/json"}
        assert _call(base + "/api/ingest", body, ctype)[0] == 401
        assert _call(base + "/api/health")[1]["events"] == 4
        status, res = _call(base + "/api/ingest", body, {**ctype, "Authorization": "Bearer cli-token"})
        assert status == 201 and res["key"] == "KP-2022-10-06"  # 06:01 KST on 6 October
        assert _call(base + "/api/health")[1]["events"] == 5
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 0
    finally:
        guard.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
