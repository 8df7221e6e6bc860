"""Reading the register: rounds filtered (by day, year, state, place, class, type,
outcome, confirmation, text), one round by key or old key, the values a filter accepts,
round numbers, statistics and the timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, or_, select

from ...errors import InputError
from ..models import CONFIRMATIONS, MISSILE_CLASSES, OUTCOMES, UNKNOWN, Event, normalise_class, state_code
from ..rows import event_from_rows
from ..schema import ClaimRow, EventRow, LaunchRow, MetaRow, SourceRow

__all__ = ["Queries"]


def _allowed(field: str, value: Any, allowed: Sequence[str]) -> InputError:
    shown = ", ".join(allowed[:60]) + (f", ... ({len(allowed)} in all)" if len(allowed) > 60 else "")
    return InputError(field, value, f"not a known value; allowed: {shown or '(none in the register)'}")


def _escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``escape="\\"``: its ``%``, ``_`` and ``\\`` match
    themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Queries:
    """The reads of :class:`~launchwatch.register.store.Register` (which supplies the
    reading session ``_session`` and ``_find``)."""

    def meta(self) -> dict[str, str]:
        """Facts about the register."""
        with self._session() as s:
            return {r.key: r.value for r in s.scalars(select(MetaRow))}

    def __len__(self) -> int:
        with self._session() as s:
            return int(s.scalar(select(func.count(EventRow.id))) or 0)

    def keys(self) -> list[str]:
        """Round keys in time order."""
        with self._session() as s:
            return list(s.scalars(select(EventRow.key).order_by(EventRow.start_utc, EventRow.key)))

    def get(self, key: str) -> Event:
        """The round with this key, or an old key of it (:class:`InputError` if absent)."""
        with self._session() as s:
            row = self._find(s, key)
            if row is None:
                raise InputError("key", key, "no such event in the register")
            return event_from_rows(row)

    def values(self, name: str) -> list[str]:
        """The distinct values stored of ``name`` (``state``, ``missile_name``, ``site``,
        ``landing``, ``missile_class``), sorted: what a filter accepts."""
        col = {"state": EventRow.state, "missile_name": LaunchRow.missile_name,
               "site": LaunchRow.site_name, "facility": LaunchRow.site_name,
               "landing": LaunchRow.landing_name, "missile_class": LaunchRow.missile_class}.get(name)
        if col is None:
            raise InputError("name", name, "not a filterable field")
        with self._session() as s:
            q = select(col).distinct() if col.class_ is EventRow else select(col).join(EventRow).distinct()
            vals = [v for v in s.scalars(q) if v]
        return sorted(vals, key=str.lower)

    def events(self, *, start: date | datetime | str | None = None,
               end: date | datetime | str | None = None, place: str | None = None,
               missile_class: str | None = None, state: str | None = None,
               year: int | None = None, outcome: str | None = None,
               missile_name: str | None = None, confirmation: str | None = None,
               facility: str | None = None, text: str | None = None,
               simulated: bool | None = None) -> list[Event]:
        """Rounds in time order, filtered (every filter optional; they combine with AND).

        ``start``/``end``: the round's local day on or after / on or before (a date, an
        aware datetime, or ``YYYY-MM-DD``); ``year``: local year; ``place``: a launch site
        or landing area by gazetteer name or alias (``"East Sea"`` finds ``"Sea of
        Japan"``) or part of its name; ``facility``: the launch site alone; a round
        matches a launch filter when one of its launches does: ``missile_class`` (a code,
        its words, or ``"unknown"``), ``missile_name`` (a type, by any of its public
        designations), ``outcome``, ``confirmation``; ``state`` (name or code, ``KP``);
        ``text``: words in names, notes, titles, sources or quotes; ``simulated``: only
        simulated (True) or only real (False) rounds.  An unknown value raises
        :class:`InputError` listing the allowed ones.
        """
        q = select(EventRow).order_by(EventRow.start_utc, EventRow.key)
        if start is not None:
            q = q.where(EventRow.local_day >= _day(start, "start"))
        if end is not None:
            q = q.where(EventRow.local_day <= _day(end, "end") + "~")
        if year is not None:
            q = q.where(EventRow.year == int(year))
        if simulated is not None:
            q = q.where(EventRow.simulated.is_(bool(simulated)))
        if state is not None and state.strip():
            q = q.where(func.lower(EventRow.state) == self._state(state).lower())
        subs = []
        if missile_class is not None and missile_class.strip():
            subs.append(self._class_filter(missile_class))
        if outcome is not None and outcome.strip():
            o = outcome.strip().lower()
            o = {"failed": "failure", "successful": "success", "succeeded": "success"}.get(o, o)
            if o not in OUTCOMES:
                raise _allowed("outcome", outcome, OUTCOMES)
            subs.append(select(LaunchRow.event_id).where(LaunchRow.outcome == o))
        if confirmation is not None and confirmation.strip():
            c = confirmation.strip().lower()
            if c not in CONFIRMATIONS:
                raise _allowed("confirmation", confirmation, CONFIRMATIONS)
            subs.append(select(LaunchRow.event_id).where(LaunchRow.confirmation == c))
        if missile_name is not None and missile_name.strip():
            subs.append(self._name_filter(missile_name))
        if facility is not None and facility.strip():
            subs.append(self._place_filter(facility, landing=False))
        if place is not None and place.strip():
            subs.append(self._place_filter(place, landing=True))
        if text is not None and text.strip():
            like, esc = f"%{_escape_like(text.strip())}%", "\\"
            conds = [LaunchRow.notes.ilike(like, escape=esc),
                     LaunchRow.missile_name.ilike(like, escape=esc),
                     LaunchRow.site_name.ilike(like, escape=esc),
                     LaunchRow.landing_name.ilike(like, escape=esc),
                     LaunchRow.id.in_(select(ClaimRow.launch_id).where(or_(
                         ClaimRow.quote.ilike(like, escape=esc), ClaimRow.reported.ilike(like, escape=esc),
                         ClaimRow.source.ilike(like, escape=esc),
                         ClaimRow.publication.ilike(like, escape=esc)))),
                     LaunchRow.id.in_(select(SourceRow.launch_id).where(or_(
                         SourceRow.name.ilike(like, escape=esc), SourceRow.quote.ilike(like, escape=esc))))]
            ev_text = or_(EventRow.title.ilike(like, escape=esc), EventRow.notes.ilike(like, escape=esc),
                          EventRow.key.ilike(like, escape=esc))
            q = q.where(or_(ev_text, EventRow.id.in_(select(LaunchRow.event_id).where(or_(*conds)))))
        for sub in subs:
            q = q.where(EventRow.id.in_(sub))
        with self._session() as s:
            return [event_from_rows(r) for r in s.scalars(q)]

    def _state(self, state: str) -> str:
        states = self.values("state")
        want = state.strip().lower()
        for st in states:
            if st.lower() == want or state_code(st).lower() == want:
                return st
        raise _allowed("state", state, [f"{st} ({state_code(st)})" for st in states])

    def _class_filter(self, text: str):
        if text.strip().lower() == UNKNOWN:
            return select(LaunchRow.event_id).where(LaunchRow.missile_class.is_(None))
        try:
            cls = normalise_class(text)
        except ValueError:
            cls = None
        if cls not in MISSILE_CLASSES:
            raise _allowed("class", text, [*MISSILE_CLASSES, UNKNOWN])
        return select(LaunchRow.event_id).where(LaunchRow.missile_class == cls)

    def _name_filter(self, name: str):
        from ..designations import designation

        d = designation(name)
        stored = self.values("missile_name")
        if d is not None:
            hits = [n for n in stored if designation(n) == d]
        else:
            hits = [n for n in stored if name.strip().lower() in n.lower()]
        if not hits and d is None:
            raise _allowed("missile", name, stored)
        return select(LaunchRow.event_id).where(LaunchRow.missile_name.in_(hits or [name]))

    def _place_filter(self, place: str, *, landing: bool):
        from ...earth.gazetteer import default_gazetteer

        pattern = f"%{_escape_like(place)}%"  # a user's % or _ is a character, not a wildcard
        conds = [LaunchRow.site_name.ilike(pattern, escape="\\")]
        if landing:
            conds.append(LaunchRow.landing_name.ilike(pattern, escape="\\"))
        entry = default_gazetteer().lookup(place)
        if entry is not None:
            conds += [LaunchRow.site_key == entry.key]
            conds += [LaunchRow.site_name.ilike(_escape_like(n), escape="\\") for n in entry.names]
            if landing:
                conds += [LaunchRow.landing_key == entry.key]
                conds += [LaunchRow.landing_name.ilike(_escape_like(n), escape="\\") for n in entry.names]
        elif not landing:
            names = self.values("site")
            if not any(place.strip().lower() in n.lower() for n in names):
                raise _allowed("facility", place, names)
        return select(LaunchRow.event_id).where(or_(*conds))

    def round_number(self, key: str) -> tuple[int, int]:
        """``(n, year)``: the round is the n-th of its state in that local year.

        Simulated rounds never count; a simulated round gets the number it would have
        among the real ones (the real rounds of its state before its local day, plus one).
        """
        with self._session() as s:
            row = self._find(s, key)
            if row is None:
                raise InputError("key", key, "no such event in the register")
            q = select(func.count(EventRow.id)).where(
                EventRow.year == row.year, EventRow.simulated.is_(False),
                EventRow.local_day < row.local_day)
            q = q.where(EventRow.state.is_(None) if row.state is None else EventRow.state == row.state)
            return int(s.scalar(q) or 0) + 1, row.year

    def stats(self) -> dict[str, Any]:
        """Counts of the real rounds (simulated ones never count): events and missiles per
        local year, missiles per class and per year and class, outcomes.

        Returns ``{"events": n, "missiles": n, "events_per_year": {year: n},
        "missiles_per_year": {year: n}, "missiles_per_class": {cls: n},
        "events_per_class": {cls: n}, "missiles_per_year_class": {year: {cls: n}},
        "outcomes": {outcome: n}}``; a launch without a class counts as ``"unknown"``;
        records kept apart as possible duplicates are not counted.
        """
        cls = func.coalesce(LaunchRow.missile_class, UNKNOWN)
        real = EventRow.simulated.is_(False)
        with self._session() as s:
            epy = dict(s.execute(select(EventRow.year, func.count(EventRow.id)).where(real)
                                 .group_by(EventRow.year).order_by(EventRow.year)).all())
            rows = s.execute(select(EventRow.year, cls, LaunchRow.outcome, LaunchRow.count,
                                    LaunchRow.event_id, LaunchRow.possible_duplicate_of)
                             .join(LaunchRow).where(real)).all()
        mpy: dict[int, int] = {}
        mpc: dict[str, int] = {}
        epc: dict[str, set[int]] = {}
        myc: dict[int, dict[str, int]] = {}
        outc: dict[str, int] = {}
        for y, c, o, n, eid, dup in rows:
            if dup:
                continue
            y = int(y)
            mpy[y] = mpy.get(y, 0) + n
            mpc[c] = mpc.get(c, 0) + n
            epc.setdefault(c, set()).add(eid)
            myc.setdefault(y, {})
            myc[y][c] = myc[y].get(c, 0) + n
            outc[o] = outc.get(o, 0) + n
        return {
            "events": sum(epy.values()),
            "missiles": int(sum(mpy.values())),
            "events_per_year": {int(k): int(v) for k, v in epy.items()},
            "missiles_per_year": dict(sorted(mpy.items())),
            "missiles_per_class": dict(sorted(mpc.items())),
            "events_per_class": {k: len(v) for k, v in sorted(epc.items())},
            "missiles_per_year_class": {y: dict(sorted(v.items())) for y, v in sorted(myc.items())},
            "outcomes": dict(sorted(outc.items())),
        }

    def timeline(self, *, year: int | None = None, state: str | None = None,
                 events: list[Event] | None = None) -> list[dict[str, Any]]:
        """One row per round in time order: key, start/end [UTC ISO], local day and year,
        its round number in that year (``None`` for simulated rounds, which never count),
        launches, missiles, classes, sites and landing areas."""
        rows = []
        counter: dict[tuple[str | None, int], int] = {}
        allev = self.events(state=state)
        evs = allev if events is None else events
        number: dict[str, int] = {}
        for ev in sorted(allev, key=lambda e: (e.local_day, e.start)):
            if ev.simulated:
                continue
            counter[(ev.state, ev.year)] = counter.get((ev.state, ev.year), 0) + 1
            number[ev.key] = counter[(ev.state, ev.year)]
        for ev in evs:
            if year is not None and ev.year != year:
                continue
            rows.append({
                "key": ev.key, "start": ev.start.isoformat(), "end": ev.end.isoformat(),
                "local_day": ev.local_day, "year": ev.year, "round": number.get(ev.key),
                "state": ev.state, "simulated": ev.simulated, "launches": len(ev.launches),
                "missiles": ev.n_missiles, "classes": ev.classes,
                "sites": sorted({la.site.name for la in ev.launches if la.site.name}),
                "landing": sorted({la.landing.name for la in ev.launches if la.landing.name}),
            })
        return rows

    def dump(self) -> list[dict[str, Any]]:
        """Every round as JSON-ready dicts (the format :func:`import_json` reads)."""
        return [ev.model_dump(mode="json") for ev in self.events()]


def _day(t: date | datetime | str, name: str) -> str:
    if isinstance(t, datetime):
        if t.tzinfo is None:
            raise InputError(name, t.isoformat(), "must be timezone-aware (UTC)")
        return t.astimezone(UTC).date().isoformat()
    if isinstance(t, date):
        return t.isoformat()
    try:
        return date.fromisoformat(str(t).strip()).isoformat()
    except ValueError:
        raise InputError(name, t, "not a date YYYY-MM-DD") from None
