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
import os
import signal
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
    """A connection whose probes the health helper answers: probes until the app's helper
    holds one more connection (the first probe reads the register on the loop, the next
    are answered in the protocol, which hands the connection over once the helper, started
    at the first try, is ready)."""
    s = live.connect()
    buf = bytearray()
    lane = getattr(live.app.state, "health_lane", None)
    before = 0 if lane is None else lane.held
    until = time.monotonic() + WAIT
    while True:
        s.sendall(HEALTH)
        status, _answer = _read_response(s, buf)
        assert status == b"HTTP/1.1 200 OK"
        lane = getattr(live.app.state, "health_lane", None)
        if lane is not None and lane.held > before:
            return s, buf
        assert time.monotonic() < until, f"never handed to the helper ({lane and lane.status})"
        time.sleep(0.02)


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
        lane = live.app.state.health_lane
        answered = lane.answered
        with _Blocker(live.loop, how) as blocker:
            for _ in range(3):
                s.sendall(HEALTH)
                status, answer = _read_response(s, buf)
                assert status == b"HTTP/1.1 200 OK" and answer["events"] == 2
            assert not blocker.ended.is_set()  # answered while the loop was still blocked
        s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")  # back on the loop
        status, stats = _read_response(s, buf)
        assert status == b"HTTP/1.1 200 OK" and stats
        assert lane.answered >= answered + 3  # counted when the connection came back


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


def _headers_and_answer(s: socket.socket, buf: bytearray, request: bytes = HEALTH
                        ) -> tuple[list[bytes], dict]:
    """The header names (in order) and the JSON of the answer to ``request`` on ``s``."""
    s.sendall(request)
    while b"\r\n\r\n" not in buf:
        buf += s.recv(65536)
    head = bytes(buf[:buf.index(b"\r\n\r\n")])
    names = [ln.partition(b":")[0].lower() for ln in head.split(b"\r\n")[1:]]
    return names, _read_response(s, buf)[1]


def test_the_helper_answers_what_the_loop_answers(live: LiveServer) -> None:
    """Same headers in the same order, the same JSON (a connection answered in the
    protocol beside one held by the helper, nothing else asked meanwhile)."""
    held, hbuf = _held_connection(live)
    lane = live.app.state.health_lane
    with held, live.connect() as fresh:
        fbuf = bytearray()
        _headers_and_answer(fresh, fbuf)  # a connection's first: read on the loop
        on_loop = _headers_and_answer(fresh, fbuf)  # in the protocol
        answered = lane.answered
        by_helper = _headers_and_answer(held, hbuf)
        held.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        _read_response(held, hbuf)  # the connection back: the helper's count arrives
        assert lane.answered >= answered + 1
    assert by_helper == on_loop
    assert on_loop[0][:2] == [b"date", b"server"] and b"content-security-policy" in on_loop[0]
    assert by_helper[1]["worker"] == os.getpid() != lane.pid


def test_the_helpers_snapshot_follows_a_change_by_another_process(
        live: LiveServer, small_register: Path) -> None:
    """A round added by another process (no write through this server): the server reads
    it within its ttl and the helper's answers count it from the next snapshot on."""
    s, buf = _held_connection(live)
    with s, Register(small_register) as other:
        other.add([_event(21)])
        until = time.monotonic() + WAIT
        while _read_after(s, buf)["events"] != 3:
            assert time.monotonic() < until, "the helper never counted the new round"
            time.sleep(0.05)
        assert live.app.state.view.count == 3 and not live.app.state.view.written


def _read_after(s: socket.socket, buf: bytearray) -> dict:
    s.sendall(HEALTH)
    status, answer = _read_response(s, buf)
    assert status == b"HTTP/1.1 200 OK"
    return answer


def test_the_loop_answers_when_the_helper_is_killed(live: LiveServer) -> None:
    s, buf = _held_connection(live)
    lane = live.app.state.health_lane
    with s:
        os.kill(lane.pid, signal.SIGKILL)
        until = time.monotonic() + WAIT
        while lane.status != "dead":  # the loop sees the helper's socket end
            assert time.monotonic() < until, "the helper's end was never seen"
            time.sleep(0.02)
        while lane.proc.returncode is None:  # collected by the loop soon after its end
            assert time.monotonic() < until, "the helper's exit status was never collected"
            time.sleep(0.02)
        assert lane.held == 0 and lane.proc.returncode == -signal.SIGKILL
        answered = lane.answered
        for _ in range(3):  # the held connection, back on the loop
            assert _read_after(s, buf)["events"] == 2
        with live.connect() as fresh:  # a new one: answered, never handed over
            fbuf = bytearray()
            for _ in range(3):
                assert _read_after(fresh, fbuf)["events"] == 2
        assert lane.held == 0 and lane.answered == answered
        s.sendall(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")
        assert _read_response(s, buf)[0] == b"HTTP/1.1 200 OK"


def test_shutdown_ends_the_helper(small_register: Path) -> None:
    """The server shutting down closes the connections the helper holds, then the helper
    itself, which exits by itself (not killed)."""
    with Register(small_register) as reg:
        with LiveServer(reg, protocol=_Quick) as live:
            held = [_held_connection(live)[0] for _ in range(2)]
            lane = live.app.state.health_lane
            assert lane.held == 2 and lane.proc.poll() is None
        assert lane.status == "closed" and lane.proc.returncode == 0
        for s in held:
            with s:
                assert _closed(s)


def _may_take_the_real_time_class() -> bool:
    """Whether a process started from this one may enter ``SCHED_RR`` (tried in a child, so
    this process keeps its own class)."""
    import subprocess
    import sys

    code = ("import os\ntry:\n    os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(1))\n"
            "    print('yes')\nexcept OSError:\n    print('no')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip() == "yes"


@pytest.mark.skipif(not hasattr(os, "sched_getscheduler"), reason="no POSIX scheduler calls")
def test_the_helper_runs_ahead_of_the_servers_threads_when_it_may(live: LiveServer) -> None:
    """The helper asks for the round-robin real-time class (a probe gets a core when it
    arrives, ahead of the server's rendering threads) wherever a process may enter it, and
    otherwise runs in the ordinary class, answering all the same."""
    s, buf = _held_connection(live)
    try:
        pid = live.app.state.health_lane.pid
        assert pid is not None
        policy = os.sched_getscheduler(pid)
        if _may_take_the_real_time_class():
            assert policy == os.SCHED_RR, policy
            assert os.sched_getparam(pid).sched_priority == 1
        else:
            assert policy == os.SCHED_OTHER, policy
        s.sendall(HEALTH)
        status, answer = _read_response(s, buf)
        assert status == b"HTTP/1.1 200 OK" and answer["status"] == "ok"
    finally:
        s.close()
