"""Running the dashboard: uvicorn with time limits on slow and idle clients.

A client gets :data:`HEADER_TIMEOUT` seconds from connecting (or from the end of its
previous response) to send a request's headers; a connection that has not by then is
closed.  A request body must arrive within the route's own limit (``POST /api/ingest``:
:data:`~launchwatch.web.ingest.BODY_TIMEOUT`); an idle keep-alive connection is closed
after :data:`KEEP_ALIVE` seconds.  With several workers, each is a process with its own
connection to the register and its own read cache.
"""

from __future__ import annotations

import asyncio
import os

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .health import HEADERS as HEALTH_HEADERS
from .health import PATH, encode, health_now

__all__ = ["HEADER_TIMEOUT", "KEEP_ALIVE", "SWITCH_INTERVAL", "GuardedH11Protocol", "app_from_environment",
           "run", "tune_process"]

#: Seconds a client has to send a request's headers (slow-header clients are closed).
HEADER_TIMEOUT = 10.0
#: Seconds an idle keep-alive connection is kept.
KEEP_ALIVE = 5.0
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
    """uvicorn's h11 protocol, closing a connection that has not sent a complete request
    head within :data:`HEADER_TIMEOUT` seconds of connecting or of its last response.

    One timer per connection, re-armed only when it fires (for the time still left), not
    one per response: at 1,700 responses a second a timer per response kept ~17,000 live
    timer handles in the loop's heap, which every full garbage collection scanned."""

    header_timeout = HEADER_TIMEOUT

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._lw_since = self.loop.time()  # since when a complete request head is due
        self._lw_timer = self.loop.call_later(self.header_timeout, self._lw_check)

    def _lw_check(self) -> None:
        if self.transport.is_closing():
            return
        delay = self.header_timeout
        if self.conn.their_state is h11.IDLE:  # still no complete request head
            waited = self.loop.time() - self._lw_since
            if waited >= self.header_timeout:
                self.transport.close()
                return
            delay = self.header_timeout - waited
        self._lw_timer = self.loop.call_later(delay, self._lw_check)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._lw_since = self.loop.time()

    # -- /api/health in the protocol -----------------------------------------------------
    def data_received(self, data: bytes) -> None:
        if data.startswith(_HEALTH_HEADS) and self._lw_health(data):
            return
        super().data_received(data)

    def _lw_health(self, data: bytes) -> bool:
        """Answer a lone ``GET``/``HEAD /api/health`` request head here, in
        ``data_received``, with :func:`~launchwatch.web.health.health_now` (no task, no
        ASGI call): whether it was answered.  Only when this connection is between
        requests (nothing buffered, no response in flight), ``data`` is exactly one
        complete head without a body or an upgrade, and the answer needs no reading of
        the register; anything else goes the usual way (:class:`~.health.FastHealth`)."""
        conn = self.conn
        if (conn.their_state is not h11.IDLE or conn.our_state is not h11.IDLE
                or conn.trailing_data[0] or data.find(b"\r\n\r\n") != len(data) - 4):
            return False
        head = data.lower()
        if any(name in head for name in _NOT_FAST):
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
        body = encode(answer)
        headers = [*self.server_state.default_headers, *HEALTH_HEADERS,
                   (b"content-length", str(len(body)).encode())]
        out = conn.send(h11.Response(status_code=200, headers=headers, reason=b"OK")) or b""
        if request.method != b"HEAD":
            out += conn.send(h11.Data(data=body)) or b""
        out += conn.send(h11.EndOfMessage()) or b""
        self.transport.write(out)
        if self.access_log:
            client = "{}:{}".format(*self.client) if self.client else "-"
            self.access_logger.info('%s - "%s %s HTTP/%s" %d', client, request.method.decode("ascii"),
                                    PATH, request.http_version.decode("ascii"), 200)
        if conn.our_state is h11.MUST_CLOSE:
            self.transport.close()
        self.on_response_complete()  # keep-alive timer, the next request on this connection
        return True

    def connection_lost(self, exc: Exception | None) -> None:
        timer = getattr(self, "_lw_timer", None)
        if timer is not None:
            timer.cancel()
        super().connection_lost(exc)


#: Request heads :meth:`GuardedH11Protocol._lw_health` may answer (then checked whole).
_HEALTH_HEADS = (b"GET /api/health HTTP/", b"HEAD /api/health HTTP/")
#: Header names (lower case, at a line start) that send a request the usual way.
_NOT_FAST = (b"\ncontent-length:", b"\ntransfer-encoding:", b"\nupgrade:", b"\nexpect:")


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


def app_from_environment():
    """The app for a worker process (``uvicorn --factory``): the register, token and sensor
    file from ``LAUNCHWATCH_SERVE_REGISTER`` / ``LAUNCHWATCH_TOKEN`` / ``LAUNCHWATCH_SERVE_SENSORS``."""
    from ..sensors.config import load_sensors
    from .app import create_app

    tune_process()
    app = create_app(os.environ.get("LAUNCHWATCH_SERVE_REGISTER") or None,
                     token=os.environ.get("LAUNCHWATCH_TOKEN") or None, warm=True, freeze=True)
    sensors = os.environ.get("LAUNCHWATCH_SERVE_SENSORS")
    if sensors:
        app.state.sensors = tuple(load_sensors(sensors))
    return app


def run(app_or_register, *, host: str, port: int, token: str | None = None, workers: int = 1,
        log_level: str = "info", sensors_file: str | None = None) -> None:
    """Serve with uvicorn: ``workers`` processes (> 1: ``app_or_register`` is the register
    URL each worker opens, ``sensors_file`` the sensor file each loads) or one process
    serving the given app."""
    import uvicorn

    common = {"host": host, "port": port, "log_level": log_level, "http": GuardedH11Protocol,
              "timeout_keep_alive": KEEP_ALIVE, "backlog": 2048}
    if workers > 1:
        os.environ["LAUNCHWATCH_SERVE_REGISTER"] = str(app_or_register or "")
        if sensors_file:
            os.environ["LAUNCHWATCH_SERVE_SENSORS"] = sensors_file
        if token:
            os.environ["LAUNCHWATCH_TOKEN"] = token
        uvicorn.run("launchwatch.web.server:app_from_environment", factory=True,
                    workers=workers, **common)
    else:
        tune_process()
        uvicorn.run(app_or_register, **common)
