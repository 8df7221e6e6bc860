"""``/api/health`` outside the server process: :class:`HealthLane`, the server's side of
the health helper (:mod:`.health_helper`), one small process per served app.

A probe's ``GET /api/health`` is first answered on the event loop, in the protocol
(:meth:`~launchwatch.web.server.GuardedH11Protocol._lw_health`).  Then its keep-alive
connection is handed to the helper (its descriptor sent over a Unix socket): the loop
stops reading it, and the helper reads the probe's next requests and answers each lone
``GET``/``HEAD /api/health`` head itself, from a snapshot of the answer the server
publishes (:meth:`HealthLane.publish`: the same dictionary
:func:`~launchwatch.web.health.health_now` gives, sent when it changes, at most every
:data:`TICK` seconds while the helper holds connections; the cache's counters in it are
that old at most).  At the first request that is anything else, at the end of the
connection or when it has been idle too long, the helper hands the connection back with
what it read but did not answer, and the loop carries on as if it had read it itself.

After a write through this server (:meth:`RegisterView.invalidate
<launchwatch.web.cache.view.RegisterView.invalidate>`, which tells the helper at once,
before the write's answer is sent), the helper counts the rounds itself, in one query on
its own connection to the register, until a snapshot says the server has read the write
back (a register it cannot open, such as an in-memory SQLite database: the server
answers meanwhile, the usual way).

Why a process: the loop answers a probe only between its iterations, and under load (50
reads in flight, a commit every 2 s) an iteration took 50-140 ms after each commit.  A
thread in the server (the previous design) waits for no iteration, but it needs the GIL,
which the loop and the page-rendering threads hold; the probes' tail (p99 17-23 ms) was
that thread waiting for the GIL and a CPU (measured 2026-12-03).  The helper has a GIL
of its own.

Lifecycle: the helper is started at the first hand-off the app's server tries (that
connection and every one until the helper says it is ready stay on the loop), and closed
when the app shuts down (:meth:`HealthLane.close`; the server has closed its connections
by then, and told the helper each time).  A helper that dies (or stops reading its
socket) is not replaced: the connections it held go back to the loop, which answers every
probe from then on as it answers a connection's first.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
from typing import Any, Protocol

from .health_helper import BACK, HEALTH_HEADS, MAX_HEAD, MAX_MESSAGE, TAKE, WRITES, lone_health_head

__all__ = ["HEALTH_HEADS", "MAX_HEAD", "MAX_HELD", "TICK", "HealthLane", "lane_of",
           "lone_health_head"]

#: Connections one app's helper holds at most (more stay on the event loop).
MAX_HELD = 32
#: Seconds between snapshots of the health answer while the helper holds connections.
TICK = 0.05
#: Seconds the helper gets to end after its socket is closed (then it is killed).
CLOSE_WAIT = 5.0

log = logging.getLogger("launchwatch.web")


class Holder(Protocol):
    """What the lane needs of a connection's protocol (a
    :class:`~launchwatch.web.server.GuardedH11Protocol`)."""

    header_timeout: float
    timeout_keep_alive: float
    server_state: Any

    def _lw_taken_back(self, data: bytes, pending: bytes, close: bool) -> None: ...


class HealthLane:
    """The health helper of the app whose ``app.state`` is ``state``, serving on the
    event loop ``loop``.  :meth:`start` starts the process; :meth:`take` hands it a
    connection; :meth:`drop` tells it the loop has closed one; :meth:`close` ends it.
    Everything but :meth:`writes_ended` runs on the loop."""

    def __init__(self, state: Any, loop: Any, *, max_held: int = MAX_HELD) -> None:
        self.state = state
        self.loop = loop
        self.max_held = max_held
        #: ``"new"``, ``"starting"``, ``"ready"``, ``"dead"`` (the helper ended by itself or
        #: could not be started) or ``"closed"`` (:meth:`close`).
        self.status = "new"
        self.proc: subprocess.Popen | None = None
        self._sock: socket.socket | None = None
        self._held: dict[int, Holder] = {}
        self._last: bytes = b""
        self._timer: Any = None
        self._server_state: Any = None  # the server's, for its default headers
        #: Requests the helper has answered, as of the connections it gave back.
        self.answered = 0

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> None:
        """Start the helper process (it says when it is ready)."""
        if self.status != "new":
            return
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "launchwatch.web.health_helper", str(theirs.fileno())],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=_child_env())
        except OSError as exc:
            ours.close()
            self.status = "dead"
            log.warning("health helper not started (%s): the event loop answers /api/health", exc)
            return
        finally:
            theirs.close()
        ours.setblocking(False)
        self._sock = ours
        self.status = "starting"
        self.loop.add_reader(ours.fileno(), self._readable)
        self._send(b"R" + _register_url(self.state).encode())
        view = self.state.view
        if self.writes_ended not in view.on_invalidate:
            view.on_invalidate.append(self.writes_ended)

    @property
    def pid(self) -> int | None:
        """The helper's process id."""
        return None if self.proc is None else self.proc.pid

    @property
    def held(self) -> int:
        """Connections the helper holds now."""
        return len(self._held)

    def close(self) -> None:
        """End the helper: close its socket (it closes what it holds and exits), wait
        for it (:data:`CLOSE_WAIT`, then kill it).  The connections still held go back to
        the loop."""
        if self.status == "closed":
            return
        self._stop(closed=True)
        if self.proc is not None:
            try:
                self.proc.wait(CLOSE_WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def _stop(self, *, closed: bool) -> None:
        was = self.status
        self.status = "closed" if closed else "dead"
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        try:
            self.state.view.on_invalidate.remove(self.writes_ended)
        except ValueError:
            pass
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                self.loop.remove_reader(sock.fileno())
            except (RuntimeError, ValueError, OSError):  # the loop is closed already
                pass
            sock.close()
        held, self._held = self._held, {}
        for proto in held.values():
            try:
                proto._lw_taken_back(b"", b"", False)
            except Exception:  # the loop is ending
                pass
        if not closed and was in ("starting", "ready"):
            log.warning("health helper (pid %s) ended: the event loop answers /api/health", self.pid)

    # -- from the protocol ---------------------------------------------------------------
    def take(self, proto: Holder, sock: socket.socket) -> bool:
        """Hand over ``proto``'s connection (``sock``: its socket, which stays the loop's;
        the helper gets a descriptor of its own): whether the helper took it (not ready,
        holding :attr:`max_held` already or its socket full: the loop keeps it)."""
        if self.status == "new":
            self.start()
        if self.status != "ready" or len(self._held) >= self.max_held:
            return False
        self._server_state = proto.server_state
        self.publish()
        ident = id(proto)
        msg = b"T" + TAKE.pack(ident, proto.header_timeout, proto.timeout_keep_alive)
        try:
            socket.send_fds(self._sock, [msg], [sock.fileno()])  # type: ignore[arg-type]
        except OSError:
            self._broken()
            return False
        self._held[ident] = proto
        if self._timer is None:
            self._timer = self.loop.call_later(TICK, self._tick)
        return True

    def drop(self, proto: Holder) -> None:
        """The loop has closed ``proto``'s connection: the helper closes its descriptor."""
        if self._held.pop(id(proto), None) is not None:
            self._send(b"D" + WRITES.pack(id(proto)))

    # -- the snapshot --------------------------------------------------------------------
    def publish(self) -> None:
        """Send the helper the health answer as the loop would give it now (if it changed
        since the last one sent)."""
        from .health import HEADERS, _answer

        view = self.state.view
        writes = view.writes  # before ``written``: a write after this is seen as one
        written = view.written or view.generation == 0
        if self._server_state is None:
            return  # no connection handed over yet: nothing to answer
        defaults = self._server_state.default_headers
        snap = {"answer": _answer(self.state), "writes": writes, "written": written,
                "date": any(k == b"date" for k, _v in defaults),
                "headers": [(k.decode("latin-1"), v.decode("latin-1"))
                            for k, v in (*[h for h in defaults if h[0] != b"date"], *HEADERS)]}
        msg = b"S" + json.dumps(snap, separators=(",", ":")).encode()
        if msg != self._last and self._send(msg):
            self._last = msg

    def writes_ended(self, writes: int) -> None:
        """A write through this server has ended (from any thread, before its answer is
        sent): the helper counts the rounds itself until a snapshot says they were read."""
        if not self._send(b"W" + WRITES.pack(writes)):
            self._broken()  # never answer with a count from before the write

    def _tick(self) -> None:
        self._timer = None
        if self.status != "ready" or not self._held:
            return
        self.publish()
        view = self.state.view
        if view.generation:
            view.poke()  # as the loop's own answer does: a reading when it is past the ttl
        self._timer = self.loop.call_later(TICK, self._tick)

    # -- the helper's messages -----------------------------------------------------------
    def _send(self, msg: bytes) -> bool:
        sock = self._sock
        if sock is None:
            return False
        try:
            sock.send(msg)
        except (BlockingIOError, InterruptedError):
            return False
        except OSError:
            return False
        return True

    def _broken(self) -> None:
        """The helper does not read its socket: end it (the loop then answers)."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            try:
                proc.kill()  # its socket closes: :meth:`_readable` sees the end
            except OSError:
                pass

    def _reap(self, tries: int = 100) -> None:
        """Collect the ended helper's exit status.  Its socket can close a moment before
        the kernel has made it a zombie to collect (on a loaded machine, tens of
        milliseconds), so it is polled now and then every 50 ms, up to ``tries`` times,
        without blocking the loop."""
        proc = self.proc
        if proc is None or proc.poll() is not None or tries <= 0:
            return
        try:
            self.loop.call_later(0.05, self._reap, tries - 1)
        except RuntimeError:  # the loop is closed: close() waits for it instead
            pass

    def _readable(self) -> None:
        sock = self._sock
        while sock is not None:
            try:
                msg = sock.recv(MAX_MESSAGE)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                msg = b""
            if not msg:
                self._stop(closed=False)
                self._reap()
                return
            kind = msg[:1]
            if kind == b"H":
                self.status = "ready"
            elif kind == b"B":
                ident, close, answered, n = BACK.unpack_from(msg, 1)
                start = 1 + BACK.size
                data, pending = msg[start:start + n], msg[start + n:]
                self.answered += answered
                proto = self._held.pop(ident, None)
                if proto is not None:
                    proto.server_state.total_requests += answered
                    proto._lw_taken_back(data, pending, close)
            sock = self._sock


def _register_url(state: Any) -> str:
    """The URL the helper opens to count rounds ("": none it can open, such as an
    in-memory SQLite database)."""
    try:
        url = state.view.reg.engine.url
    except AttributeError:
        return ""
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return ""
    if url.get_backend_name() == "sqlite" and str(url.database).startswith("file:"):
        return ""  # a URI filename (maybe in memory): not one a second process opens as such
    return url.render_as_string(hide_password=False)


def _child_env() -> dict[str, str]:
    """The helper's environment: this one, with this package importable as it is here."""
    import launchwatch

    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(launchwatch.__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def lane_of(state: Any, loop: Any) -> HealthLane:
    """The :class:`HealthLane` of the app whose ``app.state`` is ``state`` (made at the
    first call, not started yet)."""
    lane = getattr(state, "health_lane", None)
    if lane is None:
        lane = HealthLane(state, loop)
        state.health_lane = lane
    return lane
