"""Serving reads concurrently: what the dashboard knows of the register's state, a
response cache invalidated per event, and the limits every request runs under.

:class:`RegisterView` reads the register's *versions* (one row per round: key, row id,
last update, state, local year and day; one small query, at most every ``ttl``
seconds and at once after a write through this server) and compares them with the
last ones read: the :class:`Changes` name the rounds added, replaced or removed, by
this process or by any other.  From the versions alone it gives the round numbers of
the year (the rule of :meth:`Register.timeline`) and the number of rounds, so that
neither ``/api/health`` nor any page recounts the register; it keeps every round in
memory (loaded once, then only the rounds a change names) and memoises per round
version what is costly to draw (the map's trajectories, the event's JSON).

:class:`ReadCache` (ASGI middleware) keeps the body of every successful ``GET`` of a
page or of the JSON API with its *scope*: one round (its page, JSON, map and exports:
stale when that round, or a round of the same state and local year, whose numbering
it shares, changed), one local year (``/api/events?year=Y``, ``/api/timeline?year=Y``)
or the whole register (every other list).  A change marks only the entries of its
scope stale; a stale entry is still answered (header ``X-Cache: stale``) while one
recomputation runs in the background, for at most ``max_stale`` seconds after which a
request waits for the new rendering.  Concurrent misses of one key are computed once;
renderings run at most ``renders`` at a time, so cached answers and ``/api/health``
never queue behind them.  :meth:`ReadCache.warm` renders the lists, every round's
page, JSON and map and the per-year lists in the background at start (``launchwatch
serve``), so that a reader's first request is a hit.

:class:`RequestBudget` gives every request a time budget: a response not started
within it is a 503 naming the budget (the work, if it runs in a thread, is abandoned
to finish on its own, its result discarded).
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["Changes", "ReadCache", "RegisterView", "RequestBudget", "Version", "freeze_heap", "scope_of"]

#: Paths never cached: live answers, writes, static files (served with their own headers).
UNCACHED = ("/api/health", "/api/ingest", "/static/", "/live", "/api/live")


@dataclass(frozen=True)
class Version:
    """One round as the register's ``events`` table holds it (its row is written anew,
    with a new id, whenever the round changes)."""

    id: int
    updated: Any
    state: str | None
    year: int
    local_day: str
    start: Any
    simulated: bool


@dataclass(frozen=True)
class Changes:
    """What changed between two readings of the versions: round ``keys`` added,
    replaced or removed, the local ``years`` they were in (before and after) and the
    rounds whose round number may have moved (``numbering``: every round of the same
    state and local year); ``count`` whether the number of rounds changed."""

    generation: int
    keys: frozenset[str]
    years: frozenset[int]
    numbering: frozenset[str]
    count: bool
    everything: bool = False

    def touches(self, scope: tuple) -> bool:
        """Whether a rendering of ``scope`` (see :func:`scope_of`) may differ now."""
        if self.everything or scope[0] == "all":
            return True
        if scope[0] == "event":
            return scope[1] in self.keys or scope[1] in self.numbering
        return scope[1] in self.years  # ("year", Y)


def read_versions(reg: Any) -> dict[str, Version]:
    """Every round's :class:`Version`, by key (one query)."""
    from sqlalchemy import select

    from ..register.schema import EventRow

    q = select(EventRow.key, EventRow.id, EventRow.updated_utc, EventRow.state, EventRow.year,
               EventRow.local_day, EventRow.start_utc, EventRow.simulated)
    with reg.engine.connect() as conn:
        return {k: Version(i, u, s, int(y), d, t, bool(sim))
                for k, i, u, s, y, d, t, sim in conn.execute(q)}


def diff_versions(old: dict[str, Version] | None, new: dict[str, Version],
                  generation: int) -> Changes | None:
    """The :class:`Changes` from ``old`` to ``new`` (``None``: nothing changed)."""
    if old is None:
        return Changes(generation, frozenset(new), frozenset(v.year for v in new.values()),
                       frozenset(new), True, everything=True)
    keys = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    if not keys:
        return None
    groups = {(v.state, v.year) for k in keys for v in (old.get(k), new.get(k)) if v is not None}
    numbering = {k for k, v in new.items() if (v.state, v.year) in groups}
    return Changes(generation, frozenset(keys), frozenset(y for _s, y in groups),
                   frozenset(numbering), len(old) != len(new))


class RegisterView:
    """What the dashboard knows of a register's state (thread-safe).

    Parameters
    ----------
    reg : the :class:`~launchwatch.register.store.Register`.
    ttl : the versions are read again at most every ``ttl`` seconds [s] (and at once
        after :meth:`invalidate`): changes by other processes show within it.
    """

    def __init__(self, reg: Any, ttl: float = 0.25, *, memo_size: int = 4096) -> None:
        self.reg = reg
        self.ttl = ttl
        self.versions: dict[str, Version] = {}
        self.generation = 0
        self._read_at = -1e9
        self._known = False
        self._lock: asyncio.Lock | None = None
        self._listeners: list[Callable[[Changes], None]] = []
        self._guard = threading.RLock()
        self._events: dict[str, Any] | None = None   # key -> Event of the current versions
        self._events_of: dict[str, Version] = {}
        self._rounds: tuple[int, dict[str, int]] | None = None
        self._memo: OrderedDict[tuple, Any] = OrderedDict()
        self._memo_size = memo_size
        #: Stored rounds that cannot be listed (key -> why), reported by the lists.
        self.unreadable: dict[str, str] = {}
        self._checked: set[str] = set()
        self._poking: asyncio.Task | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.written = False  # a write through this server not read back yet
        self._writes = 0  # writes through this server (invalidate) so far

    # -- the versions ----------------------------------------------------------------
    def listen(self, fn: Callable[[Changes], None]) -> None:
        """Call ``fn(changes)`` on the event loop whenever a reading finds a change."""
        self._listeners.append(fn)

    def invalidate(self) -> None:
        """Read the versions again on the next :meth:`current` (after a write)."""
        self._writes += 1
        self._read_at = -1e9
        self.written = True

    @property
    def count(self) -> int:
        """Number of rounds at the last reading."""
        return len(self.versions)

    def counted(self) -> int:
        """Number of rounds, read now if no reading is fresh (from a worker thread)."""
        self.ensure()
        return len(self.versions)

    def fresh(self) -> bool:
        return self._known and time.monotonic() - self._read_at < self.ttl

    async def current(self) -> int:
        """The generation of the register's state, read again if older than ``ttl`` (in
        a thread of its own).  While one asker waits for a reading, the others are
        answered the last generation at once (a reading past ``ttl`` is no staler than
        one a moment ago), except after a write through this server, which every asker
        waits to see."""
        if self.fresh():
            return self.generation
        if self._lock is None:
            self._lock = asyncio.Lock()
        if self._lock.locked() and self._known and not self.written:
            return self.generation
        async with self._lock:
            if not self.fresh():
                asked, writes = time.monotonic(), self._writes
                new = await asyncio.to_thread(read_versions, self.reg)
                self._apply(new)
                if writes == self._writes:  # else a write ended meanwhile: read again next time
                    self._read_at = asked
                    self.written = False
        return self.generation

    def _apply(self, new: dict[str, Version]) -> None:
        # on the event loop: no lock (a thread may hold it for a while); the two names
        # are replaced, never changed in place
        self._loop = asyncio.get_running_loop()
        changes = diff_versions(self.versions if self._known else None, new, self.generation + 1)
        self._known = True
        if changes is None:
            return
        self.versions = new
        self.generation = changes.generation
        for fn in self._listeners:
            fn(changes)

    def ensure(self) -> None:
        """From a worker thread: read the versions now if no reading is fresh (an app
        without the read cache, whose middleware otherwise reads them per request)."""
        if self.fresh():
            return
        with self._guard:
            if self.fresh():
                return
            asked, writes = time.monotonic(), self._writes
            new = read_versions(self.reg)
            changes = diff_versions(self.versions if self._known else None, new,
                                    self.generation + 1)
            self._known = True
            if writes == self._writes:  # else a write ended meanwhile: read again next time
                self._read_at = asked
            if changes is None:
                return
            self.versions = new
            self.generation = changes.generation
        loop = self._loop
        for fn in self._listeners:
            if loop is not None and loop.is_running():
                loop.call_soon_threadsafe(fn, changes)
            else:
                fn(changes)

    def poke(self) -> None:
        """Start a reading in the background if the last one is older than ``ttl``
        (for answers that must not wait: ``/api/health``)."""
        if self.fresh() or (self._poking is not None and not self._poking.done()):
            return
        self._poking = asyncio.get_running_loop().create_task(self.current())

    def version(self, key: str) -> Version | None:
        return self.versions.get(key)

    # -- what the pages read ---------------------------------------------------------
    def timeline(self, *, year: int | None = None, state: str | None = None) -> list[dict[str, Any]]:
        """:meth:`Register.timeline <launchwatch.register.store.Register.timeline>` (its
        own code, one rule of round numbers) on the rounds held in memory."""
        from ..register.store import Register

        return Register.timeline(_InMemory(self), year=year, state=state)  # type: ignore[arg-type]

    def rounds(self) -> dict[str, int]:
        """Round number in its local year of every real round with a state, computed
        once per generation."""
        self.ensure()
        gen = self.generation
        with self._guard:
            if self._rounds is not None and self._rounds[0] == gen:
                return self._rounds[1]
        out = {r["key"]: r["round"] for r in self.timeline()
               if r["state"] is not None and r["round"]}
        with self._guard:
            self._rounds = (gen, out)
        return out

    def events(self) -> list[Any]:
        """Every round of the current versions in time order, from memory (a round is
        loaded again only when its version changed)."""
        self.ensure()
        with self._guard:
            versions = self.versions
            if self._events is None:
                evs = self.reg.events()
                self._events = {e.key: e for e in evs}
                self._events_of = {e.key: versions.get(e.key) for e in evs}
            for key in list(self._events):
                if key not in versions:
                    del self._events[key]
                    self._events_of.pop(key, None)
            fresh = [e for k, e in self._events.items() if k not in self._checked]
            for key, v in versions.items():
                if self._events_of.get(key) != v:
                    try:
                        self._events[key] = self.reg.get(key)
                    except Exception:  # removed since: the next reading drops it
                        self._events.pop(key, None)
                        continue
                    self._events_of[key] = v
                    self._checked.discard(key)
                    fresh.append(self._events[key])
            for ev in fresh:
                self._check(ev)
            order = sorted((k for k in self._events if k in versions and k not in self.unreadable),
                           key=lambda k: (versions[k].start, k))
            return [self._events[k] for k in order]

    def _check(self, ev: Any) -> None:
        """Whether a stored round can be listed (its local day and year, its summary);
        one that cannot is kept out of the lists and named in :attr:`unreadable`."""
        from . import views

        self._checked.add(ev.key)
        try:
            ev.local_day, ev.year  # noqa: B018 - computed from the stored site: may fail
            views.event_summary(ev)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:
            from ..errors import one_line

            self.unreadable[ev.key] = one_line(f"{type(exc).__name__}: {exc}", 300)
        else:
            self.unreadable.pop(ev.key, None)

    def readable(self, evs: list[Any]) -> list[Any]:
        """``evs`` without the rounds that cannot be listed (see :attr:`unreadable`)."""
        with self._guard:
            for ev in evs:
                if ev.key not in self._checked:
                    self._check(ev)
            return [e for e in evs if e.key not in self.unreadable]

    def memo(self, what: str, key: str, fn: Callable[[], Any], *extra: Any) -> Any:
        """``fn()`` memoised per round version (``what``, ``key``, its version,
        ``extra``); not memoised for a key that is not a current round."""
        self.ensure()
        v = self.versions.get(key)
        if v is None:
            return fn()
        k = (what, key, v, *extra)
        with self._guard:
            if k in self._memo:
                self._memo.move_to_end(k)
                return self._memo[k]
        out = fn()
        with self._guard:
            self._memo[k] = out
            while len(self._memo) > self._memo_size:
                self._memo.popitem(last=False)
        return out


class _InMemory:
    """What :meth:`Register.timeline` reads of a register, answered from a view."""

    def __init__(self, view: RegisterView) -> None:
        self.view = view

    def events(self, *, state: str | None = None) -> list[Any]:
        if state is not None and state.strip():
            # names and codes resolved there
            return self.view.readable(self.view.reg.events(state=state))
        return self.view.events()


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
    """

    def __init__(self, app: ASGIApp, *, view: RegisterView, max_entries: int = 4096,
                 max_bytes: int = 256 << 20, max_body: int = 8 << 20, max_stale: float = 10.0,
                 renders: int = 2, freeze_after_warm: bool = False) -> None:
        self.app = app
        self.freeze_after_warm = freeze_after_warm
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
        self.warming["finished"] = 1

    def stats(self) -> dict[str, Any]:
        """Hits, stale hits, misses, background refreshes, entries, bytes, warming."""
        return {"hits": self.hits, "stale_hits": self.stale_hits, "misses": self.misses,
                "refreshes": self.refreshes, "entries": len(self._entries), "bytes": self._bytes,
                "warming": self.warming}


async def _discard(_message: Message) -> None:
    return None


def freeze_heap() -> None:
    """Collect garbage once, then exempt every object alive from the cyclic garbage
    collector (:func:`gc.freeze`).

    A served process holds some 300,000 long-lived objects after start (its modules, the
    register's rounds, the warmed cache); a full collection scans them all and stopped
    the event loop for 0.4-1.1 s at a time under load (measured with ``gc.callbacks``),
    which was the reads' p99.  Frozen, they are still freed when no longer referenced;
    full collections scan only what was made since (the renderings after writes)."""
    gc.collect()
    gc.freeze()


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
