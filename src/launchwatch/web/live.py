"""The live page (``/live``) of a running watch service, pushed by Server-Sent Events.

``GET /live`` is the page; ``GET /live/events`` the event stream (FastAPI's
:class:`~fastapi.sse.EventSourceResponse`): events ``picture`` (every second: tracks,
sensors, counts, round), ``tracks`` (track positions after each processed scan),
``alert``, ``round`` and ``bulletin``, each with an increasing ``id``.  A browser that lost
the connection reconnects with ``Last-Event-ID`` and gets what it missed, or, when the
service no longer holds that far back, the current picture and bulletin first.
``GET /api/live`` is the latest picture as JSON.  The stream exists only in the process
of ``launchwatch watch`` (``app.state.live`` holds its :class:`~launchwatch.watch.service.Bus`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent

__all__ = ["router"]

router = APIRouter()
_POLL_S = 0.05


def _bus(request: Request):
    return getattr(request.app.state, "live", None)


@router.get("/live", response_class=HTMLResponse, include_in_schema=False)
async def live_page(request: Request) -> HTMLResponse:
    """The live watch page."""
    bus = _bus(request)
    return request.app.state.templates.TemplateResponse(
        request, "live.html", {"nav": "live", "running": bus is not None})


@router.get("/api/live", tags=["live"])
async def live_picture(request: Request) -> dict:
    """The latest picture of the running watch service (503 when none runs here)."""
    bus = _bus(request)
    if bus is None:
        raise HTTPException(503, "no watch service runs in this process (launchwatch watch)")
    got = bus.latest.get("picture")
    return {"id": got[0], "picture": json.loads(got[1])} if got else {"id": 0, "picture": None}


# not in the OpenAPI document: FastAPI describes SSE with OpenAPI 3.2's itemSchema, which the
# 3.1 document the dashboard serves (and validates) cannot hold; docs/watch.md describes it
@router.get("/live/events", response_class=EventSourceResponse, include_in_schema=False)
async def live_events(request: Request, last: int | None = None) -> AsyncIterator[ServerSentEvent]:
    """The event stream; resumes after ``Last-Event-ID`` (or ``?last=``)."""
    bus = _bus(request)
    if bus is None:
        raise HTTPException(503, "no watch service runs in this process (launchwatch watch)")
    header = request.headers.get("last-event-id")
    if header is not None:
        try:
            last = int(header)
        except ValueError:
            last = None
    if last is None:  # a new page: the current picture and bulletin stand for the past
        seen = bus.last_id
        pending = bus.snapshot()
    else:
        pending, whole = bus.since(last)
        seen = last
        if not whole:  # too far back: the current picture and bulletin first
            pending = bus.snapshot() + pending
    for i, kind, text in pending:
        yield ServerSentEvent(raw_data=text, event=kind, id=str(i), retry=1000)
        seen = max(seen, i)
    while not bus.closed:
        if await request.is_disconnected():
            return
        new, whole = bus.since(seen)
        if not whole:
            new = bus.snapshot() + new
        for i, kind, text in new:
            yield ServerSentEvent(raw_data=text, event=kind, id=str(i))
            seen = max(seen, i)
        if not new:
            await asyncio.sleep(_POLL_S)
