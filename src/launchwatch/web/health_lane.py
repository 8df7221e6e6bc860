"""``/api/health`` off the event loop: :class:`HealthLane`, one thread per served process
that serves the keep-alive connections of health probes.

A probe's ``GET /api/health`` is first answered on the event loop, in the protocol
(:meth:`~launchwatch.web.server.GuardedH11Protocol._lw_health`).  Then its connection is
handed to this thread: the loop stops reading it, and the thread reads the probe's next
requests and answers each lone ``GET``/``HEAD /api/health`` head itself, with the same
answer (:func:`~launchwatch.web.health.health_off_loop`).  At the first request that is
anything else, at the end of the connection or when it has been idle too long, the
thread hands the connection back to the loop with what it read but did not answer, and
the loop carries on as if it had read it itself.

Why: the loop answers a probe only between its iterations, and under load (50 reads in
flight, a commit every 2 s) an iteration took 50-140 ms after each commit, while the
pages re-rendered in worker threads held the GIL (measured with ``bench_web_load.py
--diag``, 2026-12-03).  This thread waits for no iteration: it needs only the GIL, which
a running thread gives up within the switch interval
(:data:`~launchwatch.web.server.SWITCH_INTERVAL`).

The thread works on its own duplicate of the connection's socket descriptor, so that the
loop closing its transport (server shutdown) never leaves the thread with a descriptor
number that may already name another connection; it closes its duplicate when it hands
the connection back or is told the connection is gone (:meth:`HealthLane.drop`).
"""

from __future__ import annotations

import os
import selectors
import socket
import threading
import time
from typing import Any, Protocol

import h11

__all__ = ["MAX_HEAD", "MAX_HELD", "HealthLane", "lane", "lone_health_head"]

#: Connections one process's lane holds at most (more stay on the event loop).
MAX_HELD = 32
#: Longest request head the lane waits for [bytes]; a longer one goes back to the loop.
MAX_HEAD = 8192
#: Request heads the lane may answer (then checked whole by :func:`lone_health_head`).
HEALTH_HEADS = (b"GET /api/health HTTP/", b"HEAD /api/health HTTP/")
#: Header names (lower case, at a line start) that send a request the usual way.
NOT_FAST = (b"\ncontent-length:", b"\ntransfer-encoding:", b"\nupgrade:", b"\nexpect:")


def lone_health_head(head: bytes) -> bool:
    """Whether ``head`` (one complete request head, up to its blank line) is a
    ``GET``/``HEAD /api/health`` with no body and no upgrade."""
    if not head.startswith(HEALTH_HEADS):
        return False
    lower = head.lower()
    return not any(name in lower for name in NOT_FAST)


def _may_become_health(buf: bytes) -> bool:
    """Whether an incomplete head ``buf`` may still become a health request head."""
    return any(buf[:len(p)] == p[:len(buf)] for p in HEALTH_HEADS)


class Holder(Protocol):
    """What the lane needs of a connection's protocol (a
    :class:`~launchwatch.web.server.GuardedH11Protocol`)."""

    loop: Any
    header_timeout: float
    timeout_keep_alive: float

    def _lw_lane_answer(self, head: bytes, conn: h11.Connection) -> tuple[bytes, bool] | None: ...

    def _lw_taken_back(self, data: bytes, pending: bytes, close: bool) -> None: ...


class _Held:
    __slots__ = ("buf", "conn", "head_since", "proto", "since", "sock")

    def __init__(self, proto: Holder, sock: socket.socket) -> None:
        self.proto = proto
        self.sock = sock
        self.buf = bytearray()
        self.conn = h11.Connection(h11.SERVER)
        self.since = time.monotonic()  # last answer (or the hand-off)
        self.head_since: float | None = None  # when the head in ``buf`` began


class HealthLane:
    """One thread answering health probes on the connections handed to it.

    :meth:`take` hands a connection over (from the event loop, after an answered
    probe); :meth:`drop` tells the lane the loop has closed one.  The thread starts at
    the first :meth:`take`.  Everything the lane does with a connection it does in its
    own thread; the loop learns what to do next through the protocol's
    ``_lw_taken_back`` (called with ``loop.call_soon_threadsafe``)."""

    def __init__(self, *, max_held: int = MAX_HELD) -> None:
        self.max_held = max_held
        self._lock = threading.Lock()
        self._inbox: list[tuple[str, Holder, socket.socket | None]] = []
        self._count = 0  # held or on their way in
        self._held: dict[int, _Held] = {}  # by id(protocol)
        self._thread: threading.Thread | None = None
        self._sel: selectors.BaseSelector | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        #: Requests answered by the lane so far.
        self.answered = 0

    # -- from the event loop -------------------------------------------------------------
    def take(self, proto: Holder, sock: socket.socket) -> bool:
        """Hand over ``proto``'s connection, as ``sock`` (a non-blocking duplicate of its
        descriptor, closed by the lane): whether the lane took it (``False``: it holds
        :attr:`max_held` already; the caller keeps the connection and closes ``sock``)."""
        with self._lock:
            if self._count >= self.max_held:
                return False
            if self._thread is None:
                self._start()
            self._count += 1
            self._inbox.append(("take", proto, sock))
        self._wake()
        return True

    def drop(self, proto: Holder) -> None:
        """The loop has closed ``proto``'s connection: the lane closes its duplicate."""
        with self._lock:
            if self._thread is None:
                return
            self._inbox.append(("drop", proto, None))
        self._wake()

    @property
    def held(self) -> int:
        """Connections held now (or on their way in)."""
        return self._count

    def _start(self) -> None:
        self._sel = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._wake_w.setblocking(False)
        self._sel.register(self._wake_r, selectors.EVENT_READ, None)
        self._thread = threading.Thread(target=self._run, name="launchwatch-health", daemon=True)
        self._thread.start()

    def _wake(self) -> None:
        try:
            self._wake_w.send(b"\0")  # type: ignore[union-attr]
        except (BlockingIOError, OSError):  # full: a wake-up is pending anyway
            pass

    # -- in the lane's thread ------------------------------------------------------------
    def _run(self) -> None:
        sel = self._sel
        assert sel is not None
        while True:
            for key, _mask in sel.select(self._timeout()):
                if key.data is None:
                    try:
                        while self._wake_r.recv(4096):  # type: ignore[union-attr]
                            pass
                    except (BlockingIOError, OSError):
                        pass
                else:
                    self._readable(key.data)
            with self._lock:
                inbox, self._inbox = self._inbox, []
            for what, proto, sock in inbox:
                if what == "take":
                    held = _Held(proto, sock)  # type: ignore[arg-type]
                    self._held[id(proto)] = held
                    sel.register(held.sock, selectors.EVENT_READ, held)
                    self._readable(held)  # bytes that came before the hand-off
                else:
                    held = self._held.get(id(proto))
                    if held is not None and held.proto is proto:
                        self._forget(held)
            self._expire()

    def _timeout(self) -> float | None:
        if not self._held:
            return None
        return 0.25

    def _expire(self) -> None:
        """Idle connections (no request within the keep-alive) and heads not complete
        within the header timeout go back to the loop to be closed, as the loop would."""
        now = time.monotonic()
        for held in list(self._held.values()):
            if held.head_since is not None:
                if now - held.head_since >= held.proto.header_timeout:
                    self._give_back(held, close=True)
            elif now - held.since >= held.proto.timeout_keep_alive:
                self._give_back(held, close=True)

    def _readable(self, held: _Held) -> None:
        try:
            data = held.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # reset: the loop reads the same error and ends the connection
            self._give_back(held)
            return
        if not data:  # the client closed: the loop reads the end itself
            self._give_back(held)
            return
        if not held.buf:
            held.head_since = time.monotonic()
        held.buf += data
        self._serve(held)

    def _serve(self, held: _Held) -> None:
        """Answer every complete lone health head at the start of the buffer; hand the
        connection back at anything else."""
        while held.buf:
            end = held.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(held.buf) > MAX_HEAD or not _may_become_health(bytes(held.buf[:32])):
                    self._give_back(held)
                return  # the rest of the head is still to come
            head = bytes(held.buf[:end + 4])
            if not lone_health_head(head):
                self._give_back(held)
                return
            try:
                answered = held.proto._lw_lane_answer(head, held.conn)
            except Exception:  # the loop answers it the usual way (and reports what failed)
                answered = None
            if answered is None:
                self._give_back(held)
                return
            out, close = answered
            del held.buf[:end + 4]
            self.answered += 1
            held.since = time.monotonic()
            held.head_since = held.since if held.buf else None
            try:
                sent = held.sock.send(out)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                self._give_back(held)
                return
            if sent < len(out) or close:
                self._give_back(held, pending=out[sent:], close=close)
                return

    def _forget(self, held: _Held) -> None:
        del self._held[id(held.proto)]
        try:
            self._sel.unregister(held.sock)  # type: ignore[union-attr]
        except (KeyError, ValueError, OSError):
            pass
        held.sock.close()
        with self._lock:
            self._count -= 1

    def _give_back(self, held: _Held, *, pending: bytes = b"", close: bool = False) -> None:
        """Hand ``held``'s connection back to the loop, with the bytes read but not
        answered, the answer not yet sent and whether to close it."""
        data = bytes(held.buf)
        self._forget(held)  # the duplicate closed first: the loop's descriptor is the last
        try:
            held.proto.loop.call_soon_threadsafe(held.proto._lw_taken_back, data, pending, close)
        except RuntimeError:  # the loop is closed: the process is ending
            pass


_LANE: HealthLane | None = None
_LANE_PID = 0
_LANE_LOCK = threading.Lock()


def lane() -> HealthLane:
    """This process's :class:`HealthLane` (made at the first call)."""
    global _LANE, _LANE_PID
    with _LANE_LOCK:
        if _LANE is None or _LANE_PID != os.getpid():
            _LANE, _LANE_PID = HealthLane(), os.getpid()
        return _LANE
