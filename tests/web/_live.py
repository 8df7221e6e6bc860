"""A real uvicorn server with the dashboard's guarded h11 protocol on a free localhost port,
run on an event loop of its own in a thread (for tests that talk to it over sockets)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

from launchwatch.register import Register
from launchwatch.web.app import create_app
from launchwatch.web.server import GuardedH11Protocol

#: Longest a test waits for the server to start or stop, an answer or a close [s] (a stuck
#: server fails, never hangs).
WAIT = 60.0


class LiveServer:
    """``with LiveServer(register) as live``: ``live.port``, ``live.loop`` (the server's event
    loop), ``live.app`` (the app), ``live.connect()`` (a socket with a ``WAIT`` timeout).
    ``protocol`` is the h11 protocol class (a subclass of the guarded one to change its
    limits); ``keep_alive`` the idle keep-alive timeout [s]."""

    def __init__(self, register: Register, *, protocol: type = GuardedH11Protocol,
                 keep_alive: float = 5.0) -> None:
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.app = create_app(register, token="t")
        self.server = uvicorn.Server(uvicorn.Config(self.app, http=protocol, log_level="warning",
                                                    timeout_keep_alive=keep_alive))
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve(sockets=[self.sock]))

    def __enter__(self) -> LiveServer:
        self.thread.start()
        until = time.monotonic() + WAIT
        while not self.server.started:
            assert time.monotonic() < until, "server did not start"
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(WAIT)
        self.sock.close()
        if not self.thread.is_alive():
            self.loop.close()

    def connect(self) -> socket.socket:
        s = socket.create_connection(("127.0.0.1", self.port))
        s.settimeout(WAIT)
        return s
