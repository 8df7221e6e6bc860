"""The watch service: inputs, the clock, the live page's event stream, signals.

:func:`run` starts the input readers (a replayed detection file, a TCP port on localhost,
standard input; each a thread putting lines on one queue), a processing thread that feeds
the :class:`~launchwatch.watch.engine.WatchEngine` and steps it on the service clock, and
(with a port) the dashboard with its live page (:mod:`launchwatch.web.live`) under uvicorn.

**The clock** [s from the epoch]: in a replay, the replay's position (file time, ``speed``
times faster than the wall clock; silences longer than ``skip_gaps`` seconds in the file
are skipped); for live inputs, the newest message time plus the wall time since it arrived
(so a quiet feed still ages, rounds close and sensors go stale).

Everything the engine publishes goes to a :class:`Bus`: numbered events (the SSE ids) kept
for ``keep`` events, so that a page that lost its connection resumes from the id it saw last
(``Last-Event-ID``); one older than the bus gets the current picture first.

SIGINT and SIGTERM stop it cleanly: the input stops, what is held is tracked, the tracks in
flight are assessed and the open round is kept in the register (:meth:`WatchEngine.stop`);
a restart with the same register resumes it.
"""

from __future__ import annotations

import json
import math
import queue
import signal
import socketserver
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .engine import Notice, WatchEngine
from .messages import SensorIndex, scan_to_json

__all__ = ["DRAIN_S", "MAX_QUEUED", "SKIP_WALL_S", "Bus", "ReplaySource", "run"]

#: lines read but not yet processed, at most (inputs wait beyond that)
MAX_QUEUED = 5000
#: wall time a replay takes to run through a silence longer than ``skip_gaps`` [s]
SKIP_WALL_S = 1.0
#: at a stop, how long open TCP connections are still read [s] (a sender that closes its
#: connection sooner has every line it sent tracked)
DRAIN_S = 2.0


@dataclass
class Bus:
    """Numbered events for the live page (thread-safe): ``(id, kind, json text)``; the
    latest picture is kept apart (a page that connects or resumes too late starts there)."""

    keep: int = 2000
    _events: deque = field(default_factory=deque)
    _next: int = 1
    _lock: threading.Lock = field(default_factory=threading.Lock)
    latest: dict[str, tuple[int, str]] = field(default_factory=dict)
    closed: bool = False
    stamps: dict[int, float] = field(default_factory=dict)

    def publish(self, notice: Notice) -> int:
        text = json.dumps(notice.data, separators=(",", ":"), default=_default)
        with self._lock:
            i = self._next
            self._next += 1
            self._events.append((i, notice.kind, text))
            while len(self._events) > self.keep:
                self._events.popleft()
            if notice.kind in ("picture", "tracks"):
                self.latest[notice.kind] = (i, text)
            elif notice.kind == "bulletin":
                self.latest["bulletin"] = (i, text)
        return i

    @property
    def last_id(self) -> int:
        with self._lock:
            return self._next - 1

    def since(self, last: int) -> tuple[list[tuple[int, str, str]], bool]:
        """Events after id ``last`` and whether the bus still holds every one of them
        (False: some were dropped; start from :attr:`latest`)."""
        with self._lock:
            first = self._events[0][0] if self._events else self._next
            whole = last + 1 >= first
            return [e for e in self._events if e[0] > last], whole

    def snapshot(self) -> list[tuple[int, str, str]]:
        """The latest picture and bulletin, oldest first (a fresh page's start)."""
        with self._lock:
            items = [(i, k, t) for k, (i, t) in self.latest.items() if k in ("picture", "bulletin")]
        return sorted(items)


def _default(o: Any):
    if isinstance(o, np.integer):
        return int(o)
    if isinstance(o, np.floating):
        return float(o) if math.isfinite(o) else None
    if isinstance(o, np.ndarray):
        return o.tolist()
    return str(o)


class ReplaySource:
    """A recorded detection file as message lines with their file times: ``lines()`` yields
    ``(time [s], line)`` in (time, sensor) order, empty scans included."""

    def __init__(self, path: str | Path, sensors: Sequence) -> None:
        from ..sensors.io import read_detections

        self.det = read_detections(path, sensors)
        self.index = SensorIndex(sensors)

    def lines(self) -> Iterator[tuple[float, str]]:
        z = self.det.z
        for t, s, sl in self.det.scans():
            yield t, scan_to_json(self.index, s, t, z[sl])


class _Clock:
    """The service clock (see the module docstring)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.replay: tuple[float, float, float] | None = None  # (file t, wall, speed)
        self.newest = -math.inf
        self.wall_newest = 0.0

    def now(self) -> float:
        w = time.monotonic()
        with self.lock:
            if self.replay is not None:
                t, w0, speed = self.replay
                return t + (w - w0) * speed
            if not math.isfinite(self.newest):
                return -math.inf
            return self.newest + (w - self.wall_newest)

    def seen(self, t: float) -> None:
        with self.lock:
            if t > self.newest:
                self.newest, self.wall_newest = t, time.monotonic()


def _replay(src: ReplaySource, lines: queue.Queue, clock: _Clock, speed: float,
            skip_gaps: float, stop: threading.Event, hold: Callable[[], bool]) -> None:
    """Put the file's lines on the queue at their replay times, with the replay position
    (``(None, "clock", t)``) while it waits: the processing thread's clock is what the
    reader has handed over, so no line is ever late because the processing lagged.

    A silence longer than ``skip_gaps`` is run through in :data:`SKIP_WALL_S` of wall time
    (not jumped over: what the service does when a feed falls silent, ending its tracks and
    closing a quiet round, happens in its order).  While ``hold()`` (ended tracks being
    assessed) the replay's clock stands still: a replay's rounds do not depend on how fast
    the machine assesses."""
    first = True
    t_prev = 0.0
    for t, line in src.lines():
        rate = speed
        if first:
            with clock.lock:
                clock.replay = (t, time.monotonic(), speed)
            first = False
        elif t - t_prev > skip_gaps:  # run through the silence, fast
            rate = max(speed, (t - t_prev) / SKIP_WALL_S)
            with clock.lock:
                clock.replay = (t_prev, time.monotonic(), rate)
        t_prev = t
        while not stop.is_set():
            now = clock.now()
            if hold():  # the clock stands at most at this line's time, which is not yet sent
                with clock.lock:
                    clock.replay = (min(now, t), time.monotonic(), rate)
                stop.wait(0.05)
                continue
            if now >= t:
                break
            lines.put((time.monotonic(), ("clock", now)))
            stop.wait(min((t - now) / rate, 0.05 if rate > speed else 0.1))
        if stop.is_set():
            return
        if rate != speed:  # the silence is over: back to the asked speed, from this line
            with clock.lock:
                clock.replay = (t, time.monotonic(), speed)
        lines.put((time.monotonic(), ("line", t, line)))
    lines.put((time.monotonic(), None))


def _stdin(lines: queue.Queue, stop: threading.Event) -> None:
    for raw in sys.stdin.buffer:
        if stop.is_set():
            return
        lines.put((time.monotonic(), raw))
    lines.put((time.monotonic(), None))


class _TcpServer(socketserver.ThreadingTCPServer):
    """The TCP input: one thread per connection, each putting its lines on the queue until
    the sender closes or :attr:`closing` is set; :attr:`readers` the connections' threads."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, handler) -> None:
        super().__init__(address, handler)
        self.closing = threading.Event()
        self.readers: set[threading.Thread] = set()
        self.readers_lock = threading.Lock()

    def reading(self) -> bool:
        """Whether a connection is still being read."""
        with self.readers_lock:
            return any(th.is_alive() for th in self.readers)


def _tcp(port: int, lines: queue.Queue, ready: Callable[[int], None]) -> _TcpServer:
    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            srv: _TcpServer = self.server  # type: ignore[assignment]
            me = threading.current_thread()
            with srv.readers_lock:
                srv.readers.add(me)
            try:
                for raw in self.rfile:
                    if srv.closing.is_set():
                        return
                    lines.put((time.monotonic(), raw))
            finally:
                with srv.readers_lock:
                    srv.readers.discard(me)

    srv = _TcpServer(("127.0.0.1", port), Handler)
    ready(srv.server_address[1])
    threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True).start()
    return srv


def run(engine: WatchEngine, *, replay: str | Path | None = None, speed: float = 1.0,
        skip_gaps: float = 60.0, tcp_port: int | None = None, stdin: bool = False,
        web_port: int | None = None, once: bool = False, bus: Bus | None = None,
        token: str | None = None, on_ready: Callable[[dict[str, int]], None] | None = None,
        stop: threading.Event | None = None) -> dict[str, Any]:
    """Run the service until stopped (SIGINT/SIGTERM, ``stop``) or, with ``once``, until the
    input ends (a replay's or standard input's end closes the round).

    ``tcp_port`` / ``web_port``: 0 picks a free port; ``on_ready(ports)`` is told the ports
    bound.  Returns the engine's counts and whether the input ended.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):  # many small matrices: threads only thrash
        return _run(engine, replay=replay, speed=speed, skip_gaps=skip_gaps, tcp_port=tcp_port,
                    stdin=stdin, web_port=web_port, once=once, bus=bus or Bus(), token=token,
                    on_ready=on_ready, stop=stop)


def _run(engine: WatchEngine, *, replay, speed, skip_gaps, tcp_port, stdin, web_port, once, bus,
         token, on_ready, stop) -> dict[str, Any]:
    engine.publish = _chain(engine.publish, bus)
    stop = stop or threading.Event()
    # bounded: a replay waits for the processing, a TCP sender feels backpressure (its socket
    # fills) instead of the service's memory growing when it cannot keep up
    lines: queue.Queue = queue.Queue(maxsize=MAX_QUEUED)
    clock = _Clock()
    ports: dict[str, int] = {}
    threads = []
    tcp = None
    if replay is not None:
        src = ReplaySource(replay, engine.sensors)
        threads.append(threading.Thread(target=_replay, args=(src, lines, clock, speed, skip_gaps,
                                                              stop, lambda: engine.busy),
                                        daemon=True))
    if stdin:
        threads.append(threading.Thread(target=_stdin, args=(lines, stop), daemon=True))
    if tcp_port is not None:
        tcp = _tcp(tcp_port, lines, lambda p: ports.__setitem__("tcp", p))
    server = None
    if web_port is not None:
        server = _web(engine, bus, web_port, token, ports)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_a: stop.set())
    if on_ready is not None:
        on_ready(dict(ports))
    for th in threads:
        th.start()
    ended = False
    state = {"replay_at": -math.inf, "inputs": len(threads)}

    def take(wait: float) -> None:
        """Feed the engine every line queued (waiting up to ``wait`` s for the first)."""
        try:
            got = lines.get(timeout=wait) if wait > 0 else lines.get_nowait()
        except queue.Empty:
            return
        batch = [got]
        while True:
            try:
                batch.append(lines.get_nowait())
            except queue.Empty:
                break
        for _w, line in batch:
            if line is None:
                state["inputs"] -= 1
                continue
            if isinstance(line, tuple):  # from the replay: its position, or a line
                state["replay_at"] = max(state["replay_at"], line[1])
                if line[0] == "clock":
                    continue
                line = line[2]
            engine.feed(line)
            if clock.replay is None and engine.buffer.newest > clock.newest:
                clock.seen(engine.buffer.newest)

    try:
        while not stop.is_set():
            take(0.05)
            n_inputs, replay_at = state["inputs"], state["replay_at"]
            if n_inputs == 0 and threads and tcp is None:
                engine.finish()
                ended = True
                if once:
                    break
                threads = []
                continue
            now = replay_at if replay is not None else clock.now()
            if math.isfinite(now):
                engine.step(now)
        else:
            # nothing received is lost: no new connection, the open ones read to their end
            # (for up to DRAIN_S), every line queued tracked, then the open round kept
            if tcp is not None:
                tcp.shutdown()
                end = time.monotonic() + DRAIN_S
                while tcp.reading() and time.monotonic() < end:
                    take(0.05)
                tcp.closing.set()
            take(0.0)
            engine.stop()
    finally:
        stop.set()
        engine.close()
        if tcp is not None:
            tcp.closing.set()
            tcp.shutdown()
            tcp.server_close()
        if server is not None:
            bus.closed = True
            server[0].should_exit = True
            server[1].join(timeout=10)
    return {"counts": dict(engine.counts), "ended": ended}


def _chain(first: Callable[[Notice], None], bus: Bus) -> Callable[[Notice], None]:
    def publish(n: Notice) -> None:
        first(n)
        bus.publish(n)
    return publish


def _web(engine: WatchEngine, bus: Bus, port: int, token: str | None, ports: dict[str, int]):
    """The dashboard with the live page on ``port`` (localhost), in a thread."""
    import socket

    import uvicorn

    from ..web.app import create_app

    app = create_app(engine.register, token=token)
    app.state.live = bus
    app.state.live_sensors = engine.index.names
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    ports["web"] = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    server.install_signal_handlers = lambda: None  # the service handles the signals
    th = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    th.start()
    for _ in range(600):
        if server.started:
            break
        time.sleep(0.05)
    return server, th
