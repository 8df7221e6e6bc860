"""Running the dashboard: uvicorn with time and size limits on slow and idle clients.

A client gets :data:`HEADER_TIMEOUT` seconds from connecting (or from the end of its
previous response) to send a request's headers; a connection that has not by then is
closed.  A request body must be complete within :data:`BODY_TIMEOUT` seconds of its head
and may be at most :data:`MAX_BODY_BYTES` long, whatever the route does with it (a route
that answers without reading the body, too): past either, a 408 or 413 if no answer has
started, and the connection is closed.  An idle keep-alive connection is closed after
:data:`KEEP_ALIVE` seconds.  ``launchwatch serve --header-timeout / --body-timeout /
--max-body`` set the first three (:func:`set_client_limits`).  With several workers, each
is a process with its own connection to the register and its own read cache.
"""

from __future__ import annotations

import asyncio
import math
import os
from http import HTTPStatus
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .health import HEADERS as HEALTH_HEADERS
from .health import PATH, encode, health_now
from .health_lane import HEALTH_HEADS, lane_of, lone_health_head
from .ingest import BODY_TIMEOUT

__all__ = ["BODY_TIMEOUT", "HEADER_TIMEOUT", "KEEP_ALIVE", "MAX_BODY_BYTES", "SWITCH_INTERVAL",
           "GuardedH11Protocol", "app_from_environment", "run", "set_client_limits", "tune_process"]

#: Seconds a client has to send a request's headers (slow-header clients are closed).
HEADER_TIMEOUT = 10.0
#: Largest request body taken on any route [bytes]: 2 MiB, above what ``POST /api/ingest``
#: takes (1 MiB + 64 KiB, refused there with its own 413), so that route's message stands.
MAX_BODY_BYTES = 2 << 20
#: Seconds an idle keep-alive connection is kept.
KEEP_ALIVE = 5.0
#: Seconds a worker may take to answer uvicorn's supervisor (uvicorn's default: 5).  At
#: start a worker's imports and warm-up hold the GIL; on a loaded 2-core machine its
#: answer took longer than 5 s, the supervisor killed it and started another, in a loop
#: (seen 2026-12-03 at load 8: 25 workers started, none served).
WORKER_HEALTHCHECK = 60
#: The served process's GIL switch interval [s] (Python's default: 0.005).  A page
#: rendered in a worker thread holds the GIL; the event loop gives it up at every socket
#: call and then waits up to this long to get it back, once per call, so cached answers
#: queue behind renderings at the default.
SWITCH_INTERVAL = 0.001


def tune_process() -> None:
    """What a served process sets for itself: the :data:`SWITCH_INTERVAL`."""
    import sys

    sys.setswitchinterval(SWITCH_INTERVAL)


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with limits on slow clients, whatever the route:

    - a request head must be complete within :attr:`header_timeout` seconds of connecting
      or of the previous response (else the connection is closed);
    - its body must be complete within :attr:`body_timeout` seconds of the head, and may be
      at most :attr:`max_body` bytes (``Content-Length`` checked with the head, a chunked
      body counted as it comes, framing included): past either, a 408 / 413 with a
      one-line text if no answer has started, and the connection is closed.  A route that
      answers without reading the body (a 405, a ``GET`` with a body) leaves uvicorn
      discarding the rest of it, and each piece cancelled the keep-alive timer: without
      this limit such a connection stayed open for as long as the client trickled bytes.

    One timer per connection, re-armed only when it fires (for the time still left) or
    when a body's deadline comes before it, not one per response: at 1,700 responses a
    second a timer per response kept ~17,000 live timer handles in the loop's heap, which
    every full garbage collection scanned."""

    header_timeout: float = HEADER_TIMEOUT
    body_timeout: float = BODY_TIMEOUT
    max_body: int = MAX_BODY_BYTES
    #: Hand a connection to the app's health helper process after a health answer given
    #: in the protocol (:mod:`.health_lane`): its next probes are then answered without
    #: waiting for the event loop or this process's GIL.
    health_lane: bool = True

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._lw_since = self.loop.time()  # since when a complete request head is due
        self._lw_body_cycle: object | None = None  # the request whose body is being timed
        self._lw_body_since = 0.0
        self._lw_body_bytes = 0
        self._lw_held = False  # handed to the health helper (which times it meanwhile)
        self._lw_lane: Any = None  # the health helper's lane it was handed to
        self._lw_timer = self.loop.call_later(self.header_timeout, self._lw_check)

    def _lw_check(self) -> None:
        if self.transport.is_closing():
            return
        delay = self.header_timeout
        state = self.conn.their_state
        if self._lw_held:
            pass  # the health helper applies the limits while it holds the connection
        elif state is h11.IDLE:  # still no complete request head
            waited = self.loop.time() - self._lw_since
            if waited >= self.header_timeout:
                self.transport.close()
                return
            delay = self.header_timeout - waited
        elif state is h11.SEND_BODY and self._lw_body_cycle is self.cycle:
            waited = self.loop.time() - self._lw_body_since
            if waited >= self.body_timeout:
                self._lw_refuse(408, f"request body: not complete within {self.body_timeout:g} s "
                                     f"of the request head")
                return
            delay = self.body_timeout - waited
        self._lw_timer = self.loop.call_later(delay, self._lw_check)

    def _lw_body_started(self) -> None:
        """A new request head whose body is still to come: time it, check its length."""
        self._lw_body_cycle = self.cycle
        self._lw_body_since = now = self.loop.time()
        self._lw_body_bytes = 0
        declared = dict(self.headers).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            self._lw_refuse(413, f"content-length={int(declared)}: a request body may be at most "
                                 f"{self.max_body} bytes")
            return
        deadline = now + self.body_timeout
        if self._lw_timer.when() > deadline:
            self._lw_timer.cancel()
            self._lw_timer = self.loop.call_at(deadline, self._lw_check)

    def _lw_refuse(self, status: int, message: str) -> None:
        """Answer ``status`` with ``message`` (when no answer has started) and close; the
        route still running sees a disconnected client and its answer goes nowhere."""
        cycle = self.cycle
        started = cycle is not None and cycle.response_started
        if cycle is not None and not cycle.response_complete:
            cycle.disconnected = True
            cycle.message_event.set()
        if not started and self.conn.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            client = "{}:{}".format(*self.client) if self.client else "-"
            self.logger.info("%s - %d: %s", client, status, message)
            headers = [*self.server_state.default_headers, (b"content-type", b"text/plain; charset=utf-8"),
                       (b"connection", b"close")]
            try:
                reason = HTTPStatus(status).phrase.encode()
                out = self.conn.send(h11.Response(status_code=status, headers=headers, reason=reason)) or b""
                out += self.conn.send(h11.Data(data=message.encode() + b"\n")) or b""
                out += self.conn.send(h11.EndOfMessage()) or b""
                self.transport.write(out)
            except h11.LocalProtocolError:  # h11 refused the answer in this state: close only
                pass
        self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if (self.conn.their_state is h11.SEND_BODY and self.cycle is not self._lw_body_cycle
                and not self.transport.is_closing()):
            self._lw_body_started()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._lw_since = self.loop.time()

    def data_received(self, data: bytes) -> None:
        """A lone ``/api/health`` head is answered here (:meth:`_lw_health`); the pieces of
        a body are counted against :attr:`max_body`; the rest goes the usual way."""
        if data.startswith(HEALTH_HEADS) and self._lw_health(data):
            return
        timed = self._lw_body_cycle
        if self.conn.their_state is h11.SEND_BODY and timed is self.cycle:  # more of a body
            self._lw_body_bytes += len(data)
            if self._lw_body_bytes > self.max_body:
                self._lw_refuse(413, f"request body over {self.max_body} bytes")
                return
            super().data_received(data)
            return
        super().data_received(data)
        if self._lw_body_cycle is not timed and not self.transport.is_closing():
            # a body began in this piece: what came after its head counts
            end = data.find(b"\r\n\r\n")
            self._lw_body_bytes = len(data) - end - 4 if end >= 0 else 0
            if self._lw_body_bytes > self.max_body:
                self._lw_refuse(413, f"request body over {self.max_body} bytes")

    # -- /api/health in the protocol -----------------------------------------------------
    def _lw_health(self, data: bytes) -> bool:
        """Answer a lone ``GET``/``HEAD /api/health`` request head here, in
        ``data_received``, with :func:`~launchwatch.web.health.health_now` (no task, no
        ASGI call): whether it was answered.  Only when this connection is between
        requests (nothing buffered, no response in flight), ``data`` is exactly one
        complete head without a body or an upgrade, and the answer needs no reading of
        the register; anything else goes the usual way (:class:`~.health.FastHealth`)."""
        conn = self.conn
        if (conn.their_state is not h11.IDLE or conn.our_state is not h11.IDLE
                or conn.trailing_data[0] or data.find(b"\r\n\r\n") != len(data) - 4
                or not lone_health_head(data)):
            return False
        state = _app_state(self.app)
        if state is None:
            return False
        answer = health_now(state)
        if answer is None:
            return False
        self._unset_keepalive_if_required()
        conn.receive_data(data)
        try:
            request = conn.next_event()
            end = conn.next_event()
        except h11.RemoteProtocolError:
            self.send_400_response("Invalid HTTP request received.")
            return True
        if not (isinstance(request, h11.Request) and isinstance(end, h11.EndOfMessage)):
            self.send_400_response("Invalid HTTP request received.")  # not reached: checked above
            return True
        self.transport.write(self._lw_health_bytes(conn, request, answer))
        if conn.our_state is h11.MUST_CLOSE:
            self.transport.close()
        self.on_response_complete()  # keep-alive timer, the next request on this connection
        self._lw_hand_off()
        return True

    def _lw_health_bytes(self, conn: h11.Connection, request: h11.Request,
                         answer: dict[str, Any]) -> bytes:
        """The bytes of the health answer ``answer`` to ``request`` on ``conn`` (and its
        access-log line)."""
        body = encode(answer)
        headers = [*self.server_state.default_headers, *HEALTH_HEADERS,
                   (b"content-length", str(len(body)).encode())]
        out = conn.send(h11.Response(status_code=200, headers=headers, reason=b"OK")) or b""
        if request.method != b"HEAD":
            out += conn.send(h11.Data(data=body)) or b""
        out += conn.send(h11.EndOfMessage()) or b""
        if self.access_log:
            client = "{}:{}".format(*self.client) if self.client else "-"
            self.access_logger.info('%s - "%s %s HTTP/%s" %d', client, request.method.decode("ascii"),
                                    PATH, request.http_version.decode("ascii"), 200)
        return out

    # -- the health helper (:mod:`.health_lane`) -----------------------------------------
    def _lw_hand_off(self) -> None:
        """Hand this connection to the app's health helper, if it is between requests with
        nothing buffered or unsent and has a socket (a probe's keep-alive connection)."""
        conn = self.conn
        sock = self.transport.get_extra_info("socket")
        if (sock is None or not self.health_lane or self.transport.is_closing()
                or conn.our_state is not h11.IDLE or conn.their_state is not h11.IDLE
                or conn.trailing_data[0] or self.transport.get_write_buffer_size()):
            return
        state = _app_state(self.app)
        if state is None:
            return
        lane = lane_of(state, self.loop)
        if not lane.take(self, sock):
            return
        self.transport.pause_reading()
        self._unset_keepalive_if_required()
        self._lw_held = True
        self._lw_lane = lane

    def _lw_taken_back(self, data: bytes, pending: bytes, close: bool) -> None:
        """On the loop: the health helper gives this connection back, with the bytes it
        read but did not answer (``data``), the part of an answer it could not send
        (``pending``) and whether to close the connection."""
        if not self._lw_held:
            return
        self._lw_held = False
        if self.transport.is_closing():
            return
        if pending:
            self.transport.write(pending)
        if close:
            self.transport.close()
            return
        self._lw_since = self.loop.time()
        self.transport.resume_reading()
        self._unset_keepalive_if_required()
        self.timeout_keep_alive_task = self.loop.call_later(self.timeout_keep_alive,
                                                            self.timeout_keep_alive_handler)
        if data:
            self.data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        timer = getattr(self, "_lw_timer", None)
        if timer is not None:
            timer.cancel()
        if getattr(self, "_lw_held", False):
            self._lw_held = False
            self._lw_lane.drop(self)
        super().connection_lost(exc)


def _app_state(app: object) -> object | None:
    """The ``state`` of the dashboard app inside uvicorn's wrappers (``None``: not one)."""
    for _ in range(8):
        state = getattr(app, "state", None)
        if state is not None and getattr(state, "view", None) is not None:
            return state
        app = getattr(app, "app", None)
        if app is None:
            return None
    return None


#: Environment variables that carry :func:`set_client_limits`'s values to worker processes.
_LIMIT_ENV = {"header_timeout": "LAUNCHWATCH_SERVE_HEADER_TIMEOUT",
              "body_timeout": "LAUNCHWATCH_SERVE_BODY_TIMEOUT", "max_body": "LAUNCHWATCH_SERVE_MAX_BODY"}


def set_client_limits(*, header_timeout: float | None = None, body_timeout: float | None = None,
                      max_body: int | None = None) -> None:
    """Set this process's limits on slow clients (:class:`GuardedH11Protocol`): seconds to
    send a request head, seconds to send its body once the head is in, largest body
    [bytes].  ``None`` keeps a limit as it is.  A value that is not a positive finite
    number raises :class:`ValueError` naming it."""
    for name, value in (("header_timeout", header_timeout), ("body_timeout", body_timeout)):
        if value is None:
            continue
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name}={value!r}: must be a positive number of seconds")
        setattr(GuardedH11Protocol, name, float(value))
    if max_body is not None:
        if isinstance(max_body, bool) or not isinstance(max_body, int) or max_body <= 0:
            raise ValueError(f"max_body={max_body!r}: must be a positive number of bytes")
        GuardedH11Protocol.max_body = max_body


def _limits_from_environment() -> None:
    """:func:`set_client_limits` from ``LAUNCHWATCH_SERVE_HEADER_TIMEOUT`` /
    ``..._BODY_TIMEOUT`` / ``..._MAX_BODY`` (set by :func:`run` for its workers)."""
    values: dict[str, float | int] = {}
    for name, var in _LIMIT_ENV.items():
        text = os.environ.get(var)
        if text:
            try:
                values[name] = int(text) if name == "max_body" else float(text)
            except ValueError:
                raise ValueError(f"{var}={text!r}: not a number") from None
    set_client_limits(**values)


def app_from_environment():
    """The app for a worker process (``uvicorn --factory``): the register, token and sensor
    file from ``LAUNCHWATCH_SERVE_REGISTER`` / ``LAUNCHWATCH_TOKEN`` / ``LAUNCHWATCH_SERVE_SENSORS``."""
    from ..sensors.config import load_sensors
    from .app import create_app

    tune_process()
    _limits_from_environment()
    app = create_app(os.environ.get("LAUNCHWATCH_SERVE_REGISTER") or None,
                     token=os.environ.get("LAUNCHWATCH_TOKEN") or None, warm=True, freeze=True,
                     body_timeout=GuardedH11Protocol.body_timeout)
    sensors = os.environ.get("LAUNCHWATCH_SERVE_SENSORS")
    if sensors:
        app.state.sensors = tuple(load_sensors(sensors))
    return app


def run(app_or_register, *, host: str, port: int, token: str | None = None, workers: int = 1,
        log_level: str = "info", sensors_file: str | None = None, header_timeout: float | None = None,
        body_timeout: float | None = None, max_body: int | None = None) -> None:
    """Serve with uvicorn: ``workers`` processes (> 1: ``app_or_register`` is the register
    URL each worker opens, ``sensors_file`` the sensor file each loads) or one process
    serving the given app.  ``header_timeout`` [s], ``body_timeout`` [s] and ``max_body``
    [bytes]: the limits on slow clients (:func:`set_client_limits`; ``None``: the
    defaults, :data:`HEADER_TIMEOUT`, :data:`BODY_TIMEOUT`, :data:`MAX_BODY_BYTES`)."""
    import uvicorn

    limits = {"header_timeout": header_timeout, "body_timeout": body_timeout, "max_body": max_body}
    set_client_limits(**limits)  # checked here, before anything is served

    common = {"host": host, "port": port, "log_level": log_level, "http": GuardedH11Protocol,
              "timeout_keep_alive": KEEP_ALIVE, "backlog": 2048}
    if workers > 1:
        os.environ["LAUNCHWATCH_SERVE_REGISTER"] = str(app_or_register or "")
        if sensors_file:
            os.environ["LAUNCHWATCH_SERVE_SENSORS"] = sensors_file
        if token:
            os.environ["LAUNCHWATCH_TOKEN"] = token
        for name, value in limits.items():
            if value is not None:
                os.environ[_LIMIT_ENV[name]] = repr(value)
        import inspect

        if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
            common["timeout_worker_healthcheck"] = WORKER_HEALTHCHECK  # in newer uvicorn only
        uvicorn.run("launchwatch.web.server:app_from_environment", factory=True,
                    workers=workers, **common)
    else:
        tune_process()
        uvicorn.run(app_or_register, **common)
