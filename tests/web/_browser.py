"""What the browser tests share: the system's chromium, the app served by uvicorn on a free
localhost port, and a guard that keeps a page on that server.

Never ``playwright install``: the browser is Debian's chromium (``scripts/install-test-deps.sh``
installs it); without it the browser tests skip.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


def require_browser() -> None:
    """Skip the calling test module when chromium, Playwright or uvicorn is missing."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (run scripts/install-test-deps.sh); browser tests skipped",
                    allow_module_level=True)
    pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed (deps-web.txt)")
    pytest.importorskip("uvicorn", reason="uvicorn is not installed (deps-web.txt)")


@contextmanager
def chromium(args: list[str]) -> Iterator[Any]:
    """A Playwright ``Browser`` on the system's chromium, launched with ``args``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            yield b
        finally:
            b.close()


class Server:
    """uvicorn in a thread on a socket bound to a free localhost port, serving ``register``."""

    def __init__(self, register: Path, token: str | None) -> None:
        import uvicorn

        from launchwatch.register import Register
        from launchwatch.web.app import create_app

        self.reg = Register(register)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app = create_app(self.reg, token=token)
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        ready = threading.Event()
        # wait for uvicorn's startup flag (an upper bound, not an assertion on speed)
        for _ in range(600):
            if self.server.started or not self.thread.is_alive():
                break
            ready.wait(0.05)
        if not self.server.started:
            raise RuntimeError("uvicorn did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()
        self.reg.close()

    def get_json(self, path: str) -> tuple[int, Any]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, json.loads(exc.read())


class PageGuard:
    """Refuses every request of ``page``'s context that does not go to the app (``foreign``
    lists them) and records the page's errors: uncaught exceptions, console errors and
    HTTP responses >= 400 (``errors``).  ``data:`` URLs and the app's own ``blob:`` URLs
    (Cesium's workers) are the page's memory, not requests leaving the server."""

    def __init__(self, page: Any, base: str) -> None:
        self.foreign: list[str] = []
        self.errors: list[str] = []
        own = (base + "/", "data:", "about:", "blob:" + base)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(own) or url == base:
                r.continue_()
            else:
                self.foreign.append(url)
                r.abort()

        page.context.route("**/*", route)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: self.errors.append(f"HTTP {r.status} {r.url}")
                if r.status >= 400 else None)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
