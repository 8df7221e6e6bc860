"""What the dashboard knows of the register's state: :class:`RegisterView`.

It reads the register's versions (:mod:`.versions`; at most every ``ttl`` seconds and at
once after a write through this server) and compares them with the last ones read.  From
the versions alone it gives the round numbers of the year (the rule of
:meth:`Register.timeline`) and the number of rounds, so that neither ``/api/health`` nor
any page recounts the register; it keeps every round in memory (loaded once, then only
the rounds a change names) and memoises per round version what is costly to draw (the
map's trajectories, the event's JSON).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from .versions import Changes, Version, diff_versions, read_versions

__all__ = ["RegisterView"]


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
        #: Called with :attr:`writes` at every :meth:`invalidate`, in the thread that
        #: calls it (the health helper's lane, :mod:`launchwatch.web.health_lane`).
        self.on_invalidate: list[Callable[[int], None]] = []

    # -- the versions ----------------------------------------------------------------
    def listen(self, fn: Callable[[Changes], None]) -> None:
        """Call ``fn(changes)`` on the event loop whenever a reading finds a change."""
        self._listeners.append(fn)

    def invalidate(self) -> None:
        """Read the versions again on the next :meth:`current` (after a write)."""
        self._writes += 1
        self._read_at = -1e9
        self.written = True
        for fn in list(self.on_invalidate):
            fn(self._writes)

    @property
    def writes(self) -> int:
        """Writes through this server (:meth:`invalidate` calls) so far."""
        return self._writes

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
        from ...register.store import Register

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
        from .. import views

        self._checked.add(ev.key)
        try:
            ev.local_day, ev.year  # noqa: B018 - computed from the stored site: may fail
            views.event_summary(ev)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:
            from ...errors import one_line

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
