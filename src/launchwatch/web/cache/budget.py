"""The time budget of every request: :class:`RequestBudget` (ASGI middleware).  A
response not started within it is a 503 naming the budget (the work, if it runs in a
thread, is abandoned to finish on its own, its result discarded)."""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["RequestBudget"]


class RequestBudget:
    """ASGI middleware: a request whose response has not started within ``seconds`` is
    answered 503 (JSON for ``/api/``, text otherwise) and its work abandoned."""

    def __init__(self, app: ASGIApp, *, seconds: float = 30.0) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        deadline: asyncio.Timeout | None = None

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                # the budget is for starting a response: a started one (the live page's
                # event stream) then runs as long as its client reads it, instead of being
                # cancelled, with a traceback in the log, every budget
                if deadline is not None:
                    deadline.reschedule(None)
            await send(message)

        try:
            async with asyncio.timeout(self.seconds) as deadline:
                await self.app(scope, receive, watch)
        except TimeoutError:
            if started:
                raise
            import json

            if scope["method"] in ("GET", "HEAD"):
                detail = (f"request took longer than its budget of {self.seconds:g} s; try again "
                          "later")
            else:
                detail = (f"request took longer than its budget of {self.seconds:g} s; whether it "
                          "changed the register is not known: look before trying again")
            body = json.dumps({"detail": detail}).encode()
            await send({"type": "http.response.start", "status": 503,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"retry-after", b"5"), (b"connection", b"close")]})
            await send({"type": "http.response.body", "body": body})
