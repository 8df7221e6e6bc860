"""``/api/health`` answered off the event loop (:mod:`launchwatch.web.health_lane`): once a
probe's keep-alive connection has had one answer, its next probes are answered by the
health thread, while the event loop is blocked (sleeping, or busy holding the GIL, as it
is while the pages re-rendered after a write run beside it), after a write through this
server too; any other request on that connection goes back to the loop, and the
connection is closed as the loop would close it (``Connection: close``, idle past the
keep-alive, a head that never ends, the server shutting down).

Before the health thread these probes waited for the loop: the blocked-loop tests then
end in a socket timeout instead of an answer (no timing is asserted: the order is)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from _live import WAIT, LiveServer

from launchwatch.register import Event, Launch, Place, Register, Source
from launchwatch.web.health_lane import lane
from launchwatch.web.server import GuardedH11Protocol

HEALTH = b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"


def _event(day: int) -> Event:
    jcs = Source(name="South Korea Joint Chiefs of Staff", url="https://example.org/jcs")
    return Event(state="North Korea", launches=[Launch(
        seq=1, utc=datetime(2019, 5, day, 7, 29, tzinfo=UTC), time_known=True,
        site=Place(name="Kusong", lat=0.6978, lon=2.1858), missile_class="SRBM",
        apogee=50e3, distance=420e3, sources=[jcs])])


@pytest.fixture
def small_register(tmp_path: Path) -> Path:
    path = tmp_path / "register.sqlite"
    with Register(path) as reg:
        reg.add([_event(9), _event(12)])
    return path


class _Quick(GuardedH11Protocol):
    """The guarded protocol with a short header timeout (set on this subclass only)."""

    header_timeout = 2.0


def _read_response(s: socket.socket, buf: bytearray) -> tuple[bytes, dict]:
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        assert chunk, "connection closed"
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = {k.lower(): v for k, _, v in (ln.partition(b": ") for ln in lines[1:])}
    length = int(headers[b"content-length"])
    while len(rest) < length:
        chunk = s.recv(65536)
        assert chunk, "connection closed"
        rest += chunk
    buf[:] = rest[length:]
    return lines[0], json.loads(rest[:length])


def _held_connection(live: LiveServer) -> tuple[socket.socket, bytearray]:
    """A connection whose probes the health thread answers: two probes, the first read
    the register on the loop, the second answered in the protocol, which hands it over."""
    s = live.connect()
    buf = bytearray()
    for _ in range(2):
        s.sendall(HEALTH)
        status, _answer = _read_response(s, buf)
        assert status == b"HTTP/1.1 200 OK"
    return s, buf


class _Blocker:
    """A callback that blocks the server's event loop until :meth:`release` (or
    ``WAIT`` * 2 s): ``sleeping`` waits without the GIL, ``spinning`` runs Python code,
    so it holds the GIL and gives it up only at the interpreter's switch interval."""

    def __init__(self, loop: asyncio.AbstractEventLoop, how: str) -> None:
        self.how = how
        self.started = threading.Event()
        self.released = threading.Event()
        self.ended = threading.Event()
        loop.call_soon_threadsafe(self._block)

    def _block(self) -> None:
        self.started.set()
        until = time.monotonic() + 2 * WAIT
        if self.how == "sleeping":
            self.released.wait(2 * WAIT)
        else:
            n = 0
            while not self.released.is_set() and time.monotonic() < until:
                n += 1
        self.ended.set()

    def __enter__(self) -> _Blocker:
        assert self.started.wait(WAIT), "the loop never ran the blocker"
        return self

    def __exit__(self, *exc: object) -> None:
        self.released.set()
        assert self.ended.wait(WAIT)


@pytest.fixture
def live(small_register: Path) -> Iterator[LiveServer]:
    with Register(small_register) as reg, LiveServer(reg, protocol=_Quick) as server:
        yield server


@pytest.mark.parametrize("how", ["sleeping", "spinning"])
def test_health_is_answered_while_the_event_loop_is_blocked(live: LiveServer, how: str) -> None:
    s, buf = _held_connection(live)
    with s:
        answered = lane().answered
        with _Blocker(live.loop, how) as blocker:
            for _ in range(3):
                s.sendall(HEALTH)
                status, answer = _read_response(s, buf)
                assert status == b"HTTP/1.1 200 OK" and answer["events"] == 2
            assert not blocker.ended.is_set()  # answered while the loop was still blocked
        assert lane().answered >= answered + 3
        s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")  # back on the loop
        status, stats = _read_response(s, buf)
        assert status == b"HTTP/1.1 200 OK" and stats


def test_a_write_through_this_server_is_counted_while_the_loop_is_blocked(
        live: LiveServer, small_register: Path) -> None:
    """After a write through this server the loop would read the register before it
    answers; the health thread counts the rounds from its own reading instead."""
    s, buf = _held_connection(live)
    with s, _Blocker(live.loop, "sleeping") as blocker:
        with Register(small_register) as other:
            other.add([_event(20)])
        live.app.state.view.invalidate()  # what the app does after a write it made
        s.sendall(HEALTH)
        status, answer = _read_response(s, buf)
        assert status == b"HTTP/1.1 200 OK" and answer["events"] == 3
        assert not blocker.ended.is_set()
        assert live.app.state.view.count == 2  # the loop's own view is not touched meanwhile


def test_other_requests_on_a_held_connection_go_back_to_the_loop(live: LiveServer) -> None:
    s, buf = _held_connection(live)
    with s:
        # pipelined probes answered in the thread, then a read: answered in order
        s.sendall(HEALTH + HEALTH + b"GET /api/events?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        for _ in range(2):
            assert _read_response(s, buf)[1]["events"] == 2
        status, events = _read_response(s, buf)
        assert status == b"HTTP/1.1 200 OK" and "events" in events
        s.sendall(HEALTH)  # handed over again, and answered
        assert _read_response(s, buf)[1]["events"] == 2
        s.sendall(b"POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        assert _read_response(s, buf)[0] == b"HTTP/1.1 405 Method Not Allowed"
        s.sendall(b"HEAD /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
        head = s.recv(65536)
        assert head.startswith(b"HTTP/1.1 200 OK") and head.endswith(b"\r\n\r\n")


def _closed(s: socket.socket) -> bool:
    """Whether the server closed ``s`` (waiting at most ``WAIT``), reading what comes."""
    try:
        while True:
            if not s.recv(65536):
                return True
    except (ConnectionResetError, TimeoutError):
        return False


def test_held_connections_are_closed_as_the_loop_closes_them(small_register: Path) -> None:
    with Register(small_register) as reg, LiveServer(reg, protocol=_Quick, keep_alive=1.0) as live:
        s, buf = _held_connection(live)
        with s:
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert _read_response(s, buf)[0] == b"HTTP/1.1 200 OK"
            assert _closed(s)
        idle, _ = _held_connection(live)
        with idle:  # no further request: closed after the keep-alive
            assert _closed(idle)
        slow, _ = _held_connection(live)
        with slow:  # a head that never ends: closed after the header timeout
            slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
            assert _closed(slow)
        held_at_shutdown, _ = _held_connection(live)
    with held_at_shutdown:  # the server has shut down meanwhile
        assert _closed(held_at_shutdown)
