"""Writing to the register: the diff a batch of rounds would make, applying exactly that
diff, merging on store, replacing and deleting rounds, the register's facts.  Every
write is one transaction holding the register's write lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InputError, StoreConflict
from ..merge import MergePlan, RoundDiff, fingerprint, merge_round, prepare
from ..models import Event
from ..rows import change_values, claim_values, event_from_rows, event_values, launch_values, source_values
from ..schema import ChangeRow, ClaimRow, EventRow, KeyAliasRow, LaunchRow, MetaRow, SourceRow

__all__ = ["AddSummary", "Writing"]


@dataclass
class AddSummary:
    """What a write did: keys of rounds ``added``, ``merged`` (changed) and ``unchanged``;
    ``plan`` the diff that was applied."""

    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    plan: MergePlan | None = None

    def as_dict(self) -> dict[str, int]:
        return {"added": len(self.added), "merged": len(self.merged),
                "unchanged": len(self.unchanged)}


class Writing:
    """The writes of :class:`~launchwatch.register.store.Register` (which supplies the
    sessions ``_session`` and ``_writing`` and the lookup ``_find``)."""

    def plan(self, events: Event | Iterable[Event]) -> MergePlan:
        """The diff storing ``events`` would make (nothing is written)."""
        with self._session() as s:
            return self._run(s, events, write=False)

    def apply(self, plan: MergePlan) -> AddSummary:
        """Store exactly the rounds of ``plan`` in one transaction.

        Refused (:class:`InputError`, nothing stored) when a round has changed since the
        plan was made: show the new diff and commit that.
        """
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._writing() as s:
            done: dict[str, str] = {}
            for d in plan.diffs:
                row = self._find(s, d.key)
                current = fingerprint(event_from_rows(row)) if row is not None else None
                expect = done.get(d.key, d.base)
                if (current or None) != (expect or None):
                    raise StoreConflict(d.key, "the round changed since this diff was made; "
                                        "review the new diff and commit that")
                if d.action != "unchanged":
                    self._write(s, row, d.result, now)
                    s.flush()
                done[d.key] = fingerprint(d.result)
        out = AddSummary(plan=plan)
        for k, v in plan.summary().items():
            getattr(out, k).extend(v)
        return out

    def add(self, events: Event | Iterable[Event], *,
            progress: Callable[[int, Event], None] | None = None) -> AddSummary:
        """Store events in one transaction, merging rounds whose key is already stored.

        ``progress(i, event)`` is called after each event is written (not yet committed).
        If anything fails, nothing of this call is stored.
        """
        with self._writing() as s:
            plan = self._run(s, events, write=True, progress=progress)
        out = AddSummary(plan=plan)
        for k, v in plan.summary().items():
            getattr(out, k).extend(v)
        return out

    def _run(self, s: Session, events: Event | Iterable[Event], *, write: bool,
             progress: Callable[[int, Event], None] | None = None) -> MergePlan:
        if isinstance(events, Event):
            events = [events]
        now = datetime.now(UTC)
        naive = now.replace(tzinfo=None)
        pending: dict[str, Event] = {}
        diffs: list[RoundDiff] = []
        # the keys present (and old keys), read once: a new round needs no query
        known = set(s.scalars(select(EventRow.key))) | set(s.scalars(select(KeyAliasRow.alias)))
        for i, ev in enumerate(events):
            if not isinstance(ev, Event):
                raise InputError("events", type(ev).__name__, "not an Event")
            for rnd in prepare(ev, now):
                key = rnd.key
                stored = pending.get(key)
                row = None
                if stored is None:
                    for k in (key, *rnd.aliases):
                        if k in known:
                            row = self._find(s, k)
                            if row is not None:
                                break
                    stored = event_from_rows(row) if row is not None else None
                if stored is not None and stored.key != key:
                    rnd = rnd.model_copy(update={"key": stored.key,
                                                 "aliases": [*rnd.aliases, key]})
                d = merge_round(stored, rnd, now=now)
                diffs.append(d)
                pending[d.key] = d.result
                if write and d.action != "unchanged":
                    if row is None and d.key in known:
                        row = self._find(s, d.key)
                    self._write(s, row, d.result, naive)
                    known.add(d.key)
                    known.update(d.result.aliases)
            if write and progress is not None:
                s.flush()
                progress(i, ev)
            elif progress is not None:
                progress(i, ev)
        if write:
            s.flush()
        return MergePlan(diffs)

    def _write(self, s: Session, row: EventRow | None, ev: Event, now: datetime) -> None:
        created = now
        if row is not None:
            created = row.created_utc
            s.delete(row)
            s.flush()
        new = EventRow(**event_values(ev, created, now))
        for la in ev.launches:
            lr = LaunchRow(**launch_values(la))
            lr.sources = [SourceRow(**source_values(x)) for x in la.sources]
            lr.claims = [ClaimRow(**claim_values(c)) for c in la.claims]
            new.launches.append(lr)
        new.changes = [ChangeRow(**change_values(c)) for c in ev.changes]
        new.aliases = [KeyAliasRow(alias=a) for a in dict.fromkeys(ev.aliases) if a != ev.key]
        s.add(new)

    def replace(self, events: Event | Iterable[Event]) -> None:
        """Store each of ``events`` as the whole new content of its round, in one
        transaction (a refit, an analyst's edit); the caller writes the change log lines."""
        if isinstance(events, Event):
            events = [events]
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._writing() as s:
            for ev in events:
                self._write(s, self._find(s, ev.key), ev, now)
                s.flush()

    def delete(self, key: str) -> None:
        """Remove a round (and its launches, claims and change log)."""
        with self._writing() as s:
            row = self._find(s, key)
            if row is None:
                raise InputError("key", key, "no such event in the register")
            s.delete(row)

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the register (``public_record`` version, ...)."""
        with self._writing() as s:
            row = s.get(MetaRow, key)
            if row is None:
                s.add(MetaRow(key=key, value=value))
            else:
                row.value = value
