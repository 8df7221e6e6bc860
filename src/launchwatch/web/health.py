"""``/api/health``: whether the server is up, how many rounds it holds, whether writes
are enabled and whether its read cache is filled, answered without the application's
routing.

:func:`health` computes the answer from what the server last read of the register (no
query on the event loop, never a page rendering); :class:`FastHealth` (ASGI middleware)
answers ``GET``/``HEAD /api/health`` with it directly, so that the probe costs a few
tens of microseconds of the event loop instead of a pass through routing, dependency
resolution and response-model validation.  The route in :mod:`.api` answers the same
dictionary (and documents it in the OpenAPI document).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from .. import __version__

__all__ = ["PATH", "FastHealth", "health"]

PATH = "/api/health"


async def health(state: Any) -> dict[str, Any]:
    """The health answer of the app whose ``app.state`` is ``state``.

    ``events`` is the number of rounds at the last reading of the register's versions
    (read again in the background when older than the view's ``ttl``; at the very first
    answer and after a write through this server, read now in a thread of its own,
    waiting at most one second, after which the last count is answered); ``ready`` is
    false while the read cache is being filled at start."""
    view = state.view
    if view.generation == 0 or view.written:
        try:
            await asyncio.wait_for(asyncio.shield(view.current()), 1.0)
        except TimeoutError:
            pass
    else:
        view.poke()
    cache = state.cache
    warming = None if cache is None else cache.warming
    return {"status": "ok", "version": __version__, "events": view.count,
            "writes_enabled": state.token is not None,
            "ready": not state.warm or (warming is not None and "finished" in warming),
            "cache": None if cache is None else cache.stats()}


class FastHealth:
    """ASGI middleware answering ``GET``/``HEAD`` :data:`PATH` with :func:`health` as JSON
    (status 200, ``Cache-Control: no-store``); every other request passes through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"] != PATH
                or scope["method"] not in ("GET", "HEAD") or "app" not in scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps(await health(scope["app"].state), separators=(",", ":")).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"cache-control", b"no-store")]})
        await send({"type": "http.response.body",
                    "body": b"" if scope["method"] == "HEAD" else body})
