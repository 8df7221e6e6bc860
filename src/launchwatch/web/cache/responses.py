"""The response cache: :class:`ReadCache` (ASGI middleware).

It keeps the body of every successful ``GET`` of a page or of the JSON API with its
*scope* (:func:`scope_of`): one round (its page, JSON, map and exports: stale when that
round, or a round of the same state and local year, whose numbering it shares,
changed), one local year (``/api/events?year=Y``, ``/api/timeline?year=Y``) or the whole
register (every other list).  A change marks only the entries of its scope stale; a
stale entry is still answered (header ``X-Cache: stale``) while one recomputation runs
in the background, for at most ``max_stale`` seconds after which a request waits for
the new rendering.  Concurrent misses of one key are computed once; renderings run at
most ``renders`` at a time, so cached answers and ``/api/health`` never queue behind
them.  :meth:`ReadCache.warm` renders the lists, every round's page, JSON and map and
the per-year lists in the background at start (``launchwatch serve``), so that a
reader's first request is a hit.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .versions import Changes
from .view import RegisterView

__all__ = ["UNCACHED", "ReadCache", "freeze_heap", "scope_of"]

#: Paths never cached: live answers, writes, static files (served with their own headers).
UNCACHED = ("/api/health", "/api/ingest", "/static/", "/live", "/api/live")


def scope_of(path: str, query: bytes) -> tuple:
    """What a ``GET`` of ``path?query`` depends on: ``("event", key)`` for a round's
    page, JSON, map and exports; ``("year", Y)`` for ``/api/events`` and
    ``/api/timeline`` filtered by the local year alone (with ``limit``/``offset``);
    ``("all",)`` otherwise."""
    for prefix in ("/events/", "/api/events/"):
        if path.startswith(prefix) and len(path) > len(prefix):
            rest = unquote(path[len(prefix):])
            for suffix in ("/map", ".geojson", ".kml", ".czml"):
                if rest.endswith(suffix):
                    rest = rest[: -len(suffix)]
                    break
            if rest and "/" not in rest:
                return ("event", rest)
    if path in ("/api/events", "/api/timeline"):
        q = parse_qs(query.decode("latin-1"))
        if set(q) <= {"year", "limit", "offset"} and len(q.get("year", ())) == 1:
            try:
                return ("year", int(q["year"][0]))
            except ValueError:
                pass
    return ("all",)


@dataclass
class _Entry:
    messages: list[Message]
    size: int
    scope: tuple
    generation: int
    stale_since: float | None = None
    hits: int = 0
    refreshing: bool = False
    extra: dict = field(default_factory=dict)


def _empty_receive() -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # a disconnect never comes: the rendering ends first
        return {"type": "http.disconnect"}

    return receive


class ReadCache:
    """ASGI middleware: answer reads from memory, invalidated per scope of a change.

    Parameters
    ----------
    app : the wrapped application.
    view : the register's :class:`RegisterView`.
    max_entries, max_bytes : bounds of the cache (entries, bytes of bodies).
    max_body : largest body [bytes] kept.
    max_stale : longest time [s] a stale entry is still answered while its new
        rendering runs.
    renders : renderings (misses and background refreshes) running at once.
    freeze_after_warm : at the end of :meth:`warm`, :func:`freeze_heap` (a served
        process: its modules, register and warmed cache are then never scanned by the
        cyclic garbage collector again).
    preload : run in a thread at the start of :meth:`warm` (the app's: reading a sample
        report, so that the first real one does not load the reader beside live
        requests); its failure is recorded in :attr:`warming` (``preload``), not raised.
    """

    def __init__(self, app: ASGIApp, *, view: RegisterView, max_entries: int = 4096,
                 max_bytes: int = 256 << 20, max_body: int = 8 << 20, max_stale: float = 10.0,
                 renders: int = 2, freeze_after_warm: bool = False,
                 preload: Callable[[], None] | None = None) -> None:
        self.app = app
        self.freeze_after_warm = freeze_after_warm
        self.preload = preload
        self.view = view
        self.max_entries, self.max_bytes, self.max_body = max_entries, max_bytes, max_body
        self.max_stale = max_stale
        self.renders = renders
        self._gate: asyncio.Semaphore | None = None
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self._bytes = 0
        self._locks: dict[tuple, asyncio.Lock] = {}
        self._recent: list[Changes] = []
        self._tasks: set[asyncio.Task] = set()
        self.hits = self.stale_hits = self.misses = self.refreshes = 0
        self.warming: dict[str, Any] | None = None
        self._base: dict[str, Any] = {}
        view.listen(self._changed)

    # -- invalidation ----------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        self._recent = [*self._recent[-63:], changes]
        now = time.monotonic()
        for entry in self._entries.values():
            if entry.stale_since is None and changes.touches(entry.scope):
                entry.stale_since = now

    def _touched_since(self, generation: int, scope: tuple) -> bool:
        if self._recent and self._recent[0].generation > generation + 1:
            return True  # older than the changes kept: assume touched
        return any(c.generation > generation and c.touches(scope) for c in self._recent)

    @property
    def gate(self) -> asyncio.Semaphore:
        if self._gate is None:
            self._gate = asyncio.Semaphore(self.renders)
        return self._gate

    # -- ASGI ----------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":  # what a request made here (warming) needs
                self._base = {k: scope[k] for k in ("app", "state") if k in scope}
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        path = scope["path"]
        if method not in ("GET", "HEAD"):
            try:
                await self.app(scope, receive, send)
            finally:
                self.view.invalidate()
            return
        if path.startswith(UNCACHED):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"")
        key = (method, path, query)
        await self.view.current()
        entry = self._usable(key)
        if entry is None:
            lock = self._locks.setdefault(key, asyncio.Lock())
            async with lock:
                entry = self._usable(key)
                if entry is None:
                    self.misses += 1
                    async with self.gate:
                        await self._render(key, scope, send)
                    self._locks.pop(key, None)
                    return
        if entry.stale_since is not None:
            self.stale_hits += 1
            if not entry.refreshing:
                entry.refreshing = True
                self._spawn(self._refresh(key, dict(scope)))
        else:
            self.hits += 1
        entry.hits += 1
        await self._replay(entry, send)

    def _usable(self, key: tuple) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.stale_since is not None and time.monotonic() - entry.stale_since > self.max_stale:
            return None
        self._entries.move_to_end(key)
        return entry

    @staticmethod
    async def _replay(entry: _Entry, send: Send) -> None:
        start, *body = entry.messages
        if entry.stale_since is not None:
            start = {**start, "headers": [*start.get("headers", []), (b"x-cache", b"stale")]}
        await send(start)
        for message in body:
            await send(message)

    def _spawn(self, coro: Any) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refresh(self, key: tuple, scope: Scope) -> None:
        try:
            async with self.gate:
                self.refreshes += 1

                async def discard(_message: Message) -> None:
                    return None

                await self._render(key, scope, discard, receive=_empty_receive())
        finally:
            entry = self._entries.get(key)
            if entry is not None:
                entry.refreshing = False

    async def _render(self, key: tuple, scope: Scope, send: Send, *,
                      receive: Receive | None = None) -> None:
        generation = self.view.generation
        messages: list[Message] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal size, keep
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                keep = message["status"] == 200 and b"set-cookie" not in headers
            elif message["type"] == "http.response.body":
                size += len(message.get("body", b""))
                keep = keep and size <= self.max_body
            if keep and message["type"] in ("http.response.start", "http.response.body"):
                messages.append(message)  # (not a test client's debug message)
            await send(message)

        if receive is None:
            receive = _empty_receive()
        await self.app(scope, receive, capture)
        if keep and messages:
            sc = scope_of(key[1], key[2])
            entry = _Entry(messages, size, sc, generation)
            if self._touched_since(generation, sc):
                entry.stale_since = time.monotonic()  # a change came while it was drawn
            self._put(key, entry)

    def _put(self, key: tuple, entry: _Entry) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= old.size
            entry.hits = old.hits
        self._entries[key] = entry
        self._bytes += entry.size
        while self._entries and (len(self._entries) > self.max_entries
                                 or self._bytes > self.max_bytes):
            _k, dropped = self._entries.popitem(last=False)
            self._bytes -= dropped.size

    # -- warming ---------------------------------------------------------------------
    def warm_paths(self) -> list[str]:
        """What :meth:`warm` renders: the lists and statistics, every round's page, JSON
        and map, and the lists of each local year, newest first."""
        from urllib.parse import quote

        versions = self.view.versions
        keys = sorted(versions, key=lambda k: (versions[k].start, k), reverse=True)
        years = sorted({v.year for v in versions.values()}, reverse=True)
        paths = ["/", "/events", "/timeline", "/api/events", "/api/stats", "/api/timeline",
                 "/api/events.csv"]
        for k in keys:
            q = quote(k, safe="")
            paths += [f"/events/{q}", f"/api/events/{q}", f"/api/events/{q}/map"]
        for y in years:
            paths += [f"/events?year={y}", f"/api/events?year={y}"]
        return paths

    async def warm(self, paths: Iterable[str] | None = None) -> None:
        """Render ``paths`` (default :meth:`warm_paths`) one at a time into the cache,
        in the background of live requests (progress in :attr:`warming`)."""
        await self.view.current()
        todo = list(self.warm_paths() if paths is None else paths)
        self.warming = {"done": 0, "of": len(todo), "failed": 0}
        if self.preload is not None:
            try:
                await asyncio.to_thread(self.preload)
                self.warming["preload"] = "ok"
            except Exception as exc:  # the reader then loads on the first report
                self.warming["preload"] = f"{type(exc).__name__}: {exc}"[:300]
        for p in todo:
            path, _, query = p.partition("?")
            key = ("GET", path, query.encode())
            if self._usable(key) is None or self._entries[key].stale_since is not None:
                scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
                         "method": "GET", "scheme": "http", "path": unquote(path),
                         "raw_path": path.encode(), "root_path": "", "query_string": query.encode(),
                         "headers": [(b"host", b"localhost")], "client": None,
                         "server": ("localhost", 80), **self._base}
                try:
                    async with self.gate:
                        await self._render(key, scope, _discard, receive=_empty_receive())
                except Exception as exc:  # a page that fails is answered (and logged) live
                    self.warming["failed"] = self.warming.get("failed", 0) + 1
                    self.warming["last_failure"] = f"{p}: {type(exc).__name__}: {exc}"[:300]
            self.warming["done"] += 1
            await asyncio.sleep(0)
        if self.freeze_after_warm:
            freeze_heap()
            self.warming["frozen"] = gc.get_freeze_count()
            self.warming["gc_thresholds"] = list(gc.get_threshold())
        self.warming["finished"] = 1

    def stats(self) -> dict[str, Any]:
        """Hits, stale hits, misses, background refreshes, entries, bytes, warming."""
        return {"hits": self.hits, "stale_hits": self.stale_hits, "misses": self.misses,
                "refreshes": self.refreshes, "entries": len(self._entries), "bytes": self._bytes,
                "warming": self.warming}


async def _discard(_message: Message) -> None:
    return None


#: The collector's thresholds of a served process after :func:`freeze_heap` (Python's
#: default: 700, 10, 10).  The renderings after a write allocate many objects; at the
#: default every 100th young collection is a full one over everything made since the
#: freeze, which stopped the loop mid-burst.  Young collections every 10,000 allocations
#: and a full one after 100 middle ones still collect cyclic garbage, with far fewer
#: pauses.  Measured on its own side by side (``bench/bench_web_load.py``, four runs,
#: 2026-12-03, BENCHMARKS.md): /api/health p99 lower in all four, reads' p99 in three;
#: the gain shows at load 5-8, at load ~3 it is within the runs' spread.
SERVED_GC_THRESHOLDS = (10_000, 10, 100)


def freeze_heap() -> None:
    """Collect garbage once, then exempt every object alive from the cyclic garbage
    collector (:func:`gc.freeze`).

    A served process holds some 300,000 long-lived objects after start (its modules, the
    register's rounds, the warmed cache); a full collection scans them all and stopped
    the event loop for 0.4-1.1 s at a time under load (measured with ``gc.callbacks``),
    which was the reads' p99.  Frozen, they are still freed when no longer referenced;
    full collections scan only what was made since (the renderings after writes).  Then
    the thresholds are set to :data:`SERVED_GC_THRESHOLDS`."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVED_GC_THRESHOLDS)
