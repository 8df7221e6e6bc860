"""``/api/health``: whether the server is up, how many rounds it holds, whether writes
are enabled and whether its read cache is filled, answered without the application's
routing.

:func:`health` computes the answer from what the server last read of the register (no
query on the event loop, never a page rendering).  It is answered on three levels, the
first that can:

* :func:`health_now` in the HTTP protocol itself
  (:class:`~launchwatch.web.server.GuardedH11Protocol`): a lone ``GET``/``HEAD
  /api/health`` request head is answered in the protocol's ``data_received``, with no
  task and no pass through the ASGI application, so that at saturation the probe does
  not queue behind the reads the loop has already accepted (each of which costs a task
  step of about half a millisecond of CPU); the probe's keep-alive connection then goes
  to the app's health helper, a process of its own (:mod:`.health_lane`), which answers
  its next probes from a snapshot of this same answer;
* :class:`FastHealth` (ASGI middleware) answers ``GET``/``HEAD /api/health`` ahead of
  the routing (what the protocol leaves: the first answer, the answer after a write
  through this server, which both wait for a reading of the register, and pipelined or
  unusual requests);
* the route in :mod:`.api` answers the same dictionary (and documents it in the OpenAPI
  document).
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__
from .security import HARDENING

__all__ = ["HEADERS", "PATH", "FastHealth", "encode", "health", "health_now"]

PATH = "/api/health"

#: The headers of a health answer (with its ``content-length``).
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-type", b"application/json"), (b"cache-control", b"no-store"), *HARDENING)


def _answer(state: Any, events: int | None = None) -> dict[str, Any]:
    cache = state.cache
    warming = None if cache is None else cache.warming
    return {"status": "ok", "version": __version__,
            "events": state.view.count if events is None else events,
            "writes_enabled": state.token is not None,
            "ready": not state.warm or (warming is not None and "finished" in warming),
            "worker": os.getpid(),
            "cache": None if cache is None else cache.stats()}


def health_now(state: Any) -> dict[str, Any] | None:
    """The health answer of the app whose ``app.state`` is ``state``, if it can be given
    at once (on the event loop, without waiting): ``None`` before the first reading of the
    register and after a write through this server not read back yet (then
    :func:`health` waits for the reading).  Starts a reading in the background when the
    last one is older than the view's ``ttl``."""
    view = state.view
    if view.generation == 0 or view.written:
        return None
    view.poke()
    return _answer(state)


async def health(state: Any) -> dict[str, Any]:
    """The health answer of the app whose ``app.state`` is ``state``.

    ``events`` is the number of rounds at the last reading of the register's versions
    (read again in the background when older than the view's ``ttl``; at the very first
    answer and after a write through this server, read now in a thread of its own,
    waiting at most one second, after which the last count is answered); ``ready`` is
    false while the read cache is being filled at start; ``worker`` is the process id of
    the server process that answered (one of ``--workers``)."""
    now = health_now(state)
    if now is not None:
        return now
    try:
        await asyncio.wait_for(asyncio.shield(state.view.current()), 1.0)
    except TimeoutError:
        pass
    return _answer(state)


def encode(answer: dict[str, Any]) -> bytes:
    """The JSON body of a health answer."""
    return json.dumps(answer, separators=(",", ":")).encode()


class FastHealth:
    """ASGI middleware answering ``GET``/``HEAD`` :data:`PATH` with :func:`health` as JSON
    (status 200, :data:`HEADERS`); every other request passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"] != PATH
                or scope["method"] not in ("GET", "HEAD") or "app" not in scope):
            await self.app(scope, receive, send)
            return
        body = encode(await health(scope["app"].state))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [*HEADERS, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})
