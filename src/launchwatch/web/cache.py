"""Serving reads concurrently: a response cache keyed by the register's state, and the
limits every request runs under.

:class:`ReadCache` (ASGI middleware) keeps the body of every successful ``GET`` of a page
or of the JSON API, keyed by method, path and query string, together with the
register's *stamp* (counts and largest ids of its tables and the latest update time,
one small query).  A request whose entry carries the current stamp is answered from
memory without touching the database or the worker threads; the stamp is read again
at most every ``stamp_ttl`` seconds (0.25 s), and at once after any write through this
server, so that a change another process made shows within that interval and a change
made here shows on the next request.  Concurrent misses of one key are computed once
(the others wait for it).  Entries are bounded in number and bytes (least recently used
dropped first).

:class:`RequestBudget` gives every request a time budget: a response not started
within it is a 503 naming the budget (the work, if it runs in a thread, is abandoned
to finish on its own, its result discarded).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ReadCache", "RequestBudget", "StampSource", "register_stamp"]

#: Paths never cached: live answers, writes, static files (served with their own headers).
UNCACHED = ("/api/health", "/api/ingest", "/static/", "/live", "/api/live")


def register_stamp(reg: Any) -> tuple:
    """What changes whenever anything stored in ``reg`` changes: row counts and largest
    ids of the events, launches, claims, changes and key aliases, and the latest update
    time.  One query."""
    from sqlalchemy import func, select

    from ..register.schema import ChangeRow, ClaimRow, EventRow, KeyAliasRow, LaunchRow

    def sub(expr: Any, table: Any) -> Any:
        return select(expr).select_from(table).scalar_subquery()

    cols = []
    for row in (EventRow, LaunchRow, ClaimRow, ChangeRow, KeyAliasRow):
        cols += [sub(func.count(), row), sub(func.max(row.id), row)]
    cols.append(sub(func.max(EventRow.updated_utc), EventRow))
    with reg.engine.connect() as conn:
        return tuple(conn.execute(select(*cols)).one())


class StampSource:
    """The register's stamp, read (in a worker thread) at most every ``ttl`` seconds and
    at once after :meth:`invalidate`; concurrent askers share one read."""

    def __init__(self, read: Callable[[], tuple], ttl: float = 0.25) -> None:
        self._read = read
        self.ttl = ttl
        self._stamp: tuple | None = None
        self._at = -1e9
        self._lock: asyncio.Lock | None = None

    async def get(self) -> tuple:
        if self._stamp is not None and time.monotonic() - self._at < self.ttl:
            return self._stamp
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if self._stamp is None or time.monotonic() - self._at >= self.ttl:
                asked = time.monotonic()
                self._stamp = await run_in_threadpool(self._read)
                self._at = asked
        return self._stamp

    def invalidate(self) -> None:
        """Read the stamp again on the next request (after a write)."""
        self._at = -1e9


class ReadCache:
    """ASGI middleware: answer repeated reads from memory while the register is unchanged.

    Parameters
    ----------
    app : the wrapped application.
    stamps : the register's :class:`StampSource`.
    max_entries, max_bytes : bounds of the cache (entries, bytes of bodies).
    max_body : largest body [bytes] kept.
    """

    def __init__(self, app: ASGIApp, *, stamps: StampSource, max_entries: int = 2048,
                 max_bytes: int = 256 << 20, max_body: int = 8 << 20) -> None:
        self.app = app
        self.stamps = stamps
        self.max_entries, self.max_bytes, self.max_body = max_entries, max_bytes, max_body
        self._entries: OrderedDict[tuple, tuple[tuple, list[Message]]] = OrderedDict()
        self._bytes = 0
        self._locks: dict[tuple, asyncio.Lock] = {}
        self.hits = self.misses = 0

    def invalidate(self) -> None:
        self.stamps.invalidate()

    # -- ASGI ----------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        path = scope["path"]
        if method not in ("GET", "HEAD"):
            try:
                await self.app(scope, receive, send)
            finally:
                self.invalidate()
            return
        if path.startswith(UNCACHED):
            await self.app(scope, receive, send)
            return
        key = (method, path, scope.get("query_string", b""))
        stamp = await self.stamps.get()
        hit = self._get(key, stamp)
        if hit is None:
            lock = self._locks.setdefault(key, asyncio.Lock())
            async with lock:
                hit = self._get(key, stamp)
                if hit is None:
                    self.misses += 1
                    await self._fill(key, stamp, scope, receive, send)
                    return
        self.hits += 1
        for message in hit:
            await send(message)

    def _get(self, key: tuple, stamp: tuple) -> list[Message] | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] != stamp:
            return None
        self._entries.move_to_end(key)
        return entry[1]

    async def _fill(self, key: tuple, stamp: tuple, scope: Scope, receive: Receive,
                    send: Send) -> None:
        messages: list[Message] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal size, keep
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = dict(message.get("headers", []))
                keep = status == 200 and b"set-cookie" not in headers
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
                keep = keep and size <= self.max_body
            if keep:
                messages.append(message)
            await send(message)

        await self.app(scope, receive, capture)
        if keep and messages:
            self._put(key, stamp, messages, size)
        self._locks.pop(key, None)

    def _put(self, key: tuple, stamp: tuple, messages: list[Message], size: int) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= sum(len(m.get("body", b"")) for m in old[1])
        self._entries[key] = (stamp, messages)
        self._bytes += size
        while self._entries and (len(self._entries) > self.max_entries
                                 or self._bytes > self.max_bytes):
            _k, (_s, msgs) = self._entries.popitem(last=False)
            self._bytes -= sum(len(m.get("body", b"")) for m in msgs)


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

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            async with asyncio.timeout(self.seconds):
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
