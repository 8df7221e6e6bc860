"""The request budget bounds the time to START a response, not a started stream's life:
the live page's event stream (``/live/events``) used to be cancelled at every budget (30 s),
with an ASGI traceback in the service's log each time (what filled the unread stderr pipes
of the watch tests and the latency bench).  A response that has not started within the
budget is still a 503."""

from __future__ import annotations

import asyncio

from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from launchwatch.web.cache import RequestBudget

BUDGET_S = 0.2
CHUNKS = 6  # one every BUDGET_S: the stream lasts several budgets


async def _stream(request):
    async def gen():
        for i in range(CHUNKS):
            yield f"data: {i}\n\n"
            await asyncio.sleep(BUDGET_S)
    return StreamingResponse(gen(), media_type="text/event-stream")


async def _slow(request):
    await asyncio.sleep(10 * BUDGET_S)
    return StreamingResponse(iter(["never"]))


def _app() -> Starlette:
    app = Starlette(routes=[Route("/stream", _stream), Route("/slow", _slow)])
    app.add_middleware(RequestBudget, seconds=BUDGET_S)
    return app


def test_a_started_stream_outlives_the_budget():
    with TestClient(_app()) as c, c.stream("GET", "/stream") as r:
        assert r.status_code == 200
        got = [line for line in r.iter_lines() if line.startswith("data: ")]
    assert got == [f"data: {i}" for i in range(CHUNKS)]  # every chunk, none cut


def test_a_response_not_started_within_the_budget_is_a_503():
    with TestClient(_app()) as c:
        r = c.get("/slow")
    assert r.status_code == 503
    assert f"budget of {BUDGET_S:g} s" in r.json()["detail"]
