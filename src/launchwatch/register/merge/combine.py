"""Merging a matched round: claims added per source, values reconciled, changes
recorded field by field (see :func:`merge_round`)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from ...assess.events import Change, Claim, Event, Launch, Place
from ..claims import (
    best_claims,
    conflicts,
    format_claim,
    format_value,
    reconcile,
    short_source,
)
from ..reconstruct import fit_inputs
from .matching import _expand, _match, _spread_salvos
from .plan import _STRENGTH, TOLERANCE, LaunchMatch, RoundDiff, _summary, copy_event, copy_launch, fingerprint


# -- merging --------------------------------------------------------------------------------
def _add_claims(target: Launch, new: Launch) -> int:
    n = 0
    for c in new.claims:
        if not any(c.same_as(o) for o in target.claims):
            target.claims.append(c)
            n += 1
    have = {s.identity() for s in target.sources}
    for s in new.sources:
        if s.identity() not in have:
            target.sources.append(s.model_copy())
            have.add(s.identity())
    for f in new.flags:
        if f not in target.flags:
            target.flags.append(f)
    for para in [p for p in new.notes.split("\n") if p.strip()]:
        if para not in target.notes:
            target.notes = (target.notes + "\n" + para).strip()
    if _STRENGTH[new.confirmation] > _STRENGTH[target.confirmation]:
        target.confirmation = new.confirmation
    return n


_FIT_FIELDS = ("distance", "apogee", "flight_time", "bearing")


def _fit_facts(la: Launch) -> tuple:
    return (la.site.lat, la.site.lon, *(getattr(la, f) for f in _FIT_FIELDS), la.outcome,
            la.missile_class)


def _changes(before: Launch | None, after: Launch, now: datetime, seq: int, default_source: str
             ) -> list[Change]:
    best = best_claims(after.claims)
    out = []
    names = {"time": "time", "site": "site", "landing": "landing"}
    for f in ("time", "site", "landing", "distance", "apogee", "flight_time", "bearing",
              "missile_name", "missile_class", "outcome", "count", "regime"):
        new = _value(after, f)
        old = None if before is None else _value(before, f)
        if _same(f, old, new):
            continue
        win = best.get(f)
        src = short_source(win.source) if win is not None else default_source
        out.append(Change(when=now, source=src, launch=seq, field=names.get(f, f),
                          old=_json(old), new=_json(new),
                          old_text=_text(before, f), new_text=_text(after, f, win)))
    return out


def _value(la: Launch, f: str) -> Any:
    if f == "time":
        return (la.utc, la.time_known, la.date_precision)
    return getattr(la, f)


def _same(f: str, a: Any, b: Any) -> bool:
    if isinstance(a, Place) and isinstance(b, Place):
        return a.model_dump() == b.model_dump()
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12)
    return a == b


def _json(v: Any) -> Any:
    if isinstance(v, tuple):
        return v[0].isoformat() if v[1] else v[0].date().isoformat()
    if isinstance(v, Place):
        return v.model_dump(mode="json")
    return v


def _text(la: Launch | None, f: str, win: Claim | None = None) -> str:
    if la is None:
        return ""
    if win is not None:
        return format_claim(win)
    if f == "time":
        return format_value("time", la.utc) if la.time_known else la.utc.date().isoformat()
    v = getattr(la, f)
    if isinstance(v, Place) and not (v.name or v.known):
        return ""
    return "" if v is None else format_value(f, v)


def merge_round(stored: Event | None, incoming: Event, *, now: datetime | None = None,
                tolerance: timedelta = TOLERANCE) -> RoundDiff:
    """The diff of storing ``incoming`` (a prepared round, see :func:`prepare`) into
    ``stored`` (the round of the same key, or ``None``)."""
    now = now or datetime.now(UTC)
    src = short_source(incoming.launches[0].claims[0].source) if incoming.launches[0].claims else "import"
    if stored is None:
        ev = incoming  # prepared: already a copy of the caller's
        _renumber(ev)
        changes = [Change(when=now, source=src, field="event", new_text=f"round recorded with "
                          f"{len(ev.launches)} launch record(s)")]
        ev.changes = list(incoming.changes) + changes
        diff = RoundDiff(key=ev.key, action="add", base=None, result=ev, changes=changes,
                         new_claims=sum(len(la.claims) for la in ev.launches))
        diff.conflicts = {la.seq: c for la in ev.launches if (c := conflicts(la))}
        return diff
    base = fingerprint(stored)
    ev = copy_event(stored)
    tol = tolerance.total_seconds()
    inc = _expand([copy_launch(la) for la in incoming.launches], ev.launches, tol)
    expanded = _expand(ev.launches, inc, tol)
    if len(expanded) != len(ev.launches):
        ev.launches = expanded
        _renumber(ev)
        before = {id(la): copy_launch(la) for la in ev.launches}
    else:
        before = {id(a): b for a, b in zip(ev.launches, stored.launches, strict=True)}
    pairs, ambiguous, how = _match(ev.launches, inc, tol)
    salvo_flags = _spread_salvos(ev.launches, inc, pairs, how, tol)
    matches: list[LaunchMatch] = []
    new_claims = 0
    added: list[Launch] = []
    changes: list[Change] = []
    flags: list[str] = list(salvo_flags)
    placed: list[tuple[LaunchMatch, Launch]] = []
    kept_apart: list[tuple[LaunchMatch, Launch, list[Launch]]] = []
    for i, la in enumerate(inc):
        if i in pairs:
            target = ev.launches[pairs[i]]
            m = LaunchMatch(i + 1, target.seq, how[i])
            new_claims += _add_claims(target, la)
            placed.append((m, target))
        else:
            amb = [ev.launches[j] for j in ambiguous.get(i, [])]
            m = LaunchMatch(i + 1, None, how[i])
            if amb:
                kept_apart.append((m, la, amb))
            added.append(la)
            placed.append((m, la))
            new_claims += len(la.claims)
        matches.append(m)
    offered = {id(t): la.reconstruction for m, t in placed if m.stored is not None
               for la in [inc[m.incoming - 1]] if la.reconstruction is not None}
    for la in ev.launches:
        old = before.get(id(la))
        facts0 = _fit_facts(old) if old is not None else None
        reconcile(la)
        if old is not None and la.reconstruction is not None and _fit_facts(la) != facts0:
            changes.append(Change(when=now, source=src, launch=la.seq, field="reconstruction",
                                  old_text=f"fitted flight ({la.reconstruction.regime})",
                                  new_text="removed", note="its facts changed: fit again"))
            la.reconstruction = None
            reconcile(la)
        rc = offered.get(id(la))
        if rc is not None and rc.inputs == fit_inputs(la) and rc != la.reconstruction:
            changes.append(Change(when=now, source=src, launch=la.seq, field="reconstruction",
                                  old_text="" if la.reconstruction is None else
                                  f"fitted flight ({la.reconstruction.regime})",
                                  new_text=f"fitted flight ({rc.regime})"))
            la.reconstruction = rc
            reconcile(la)
    ev.launches.extend(added)
    _renumber(ev)
    for m, la in placed:
        m.result = la.seq
    for m, la, amb in kept_apart:  # named by their seqs in the merged round
        m.ambiguous = [o.seq for o in amb]
        m.how = ("untimed: could be launch " if not la.time_known else "could be launch ") + \
            " or ".join(f"#{n}" for n in m.ambiguous) + "; kept apart"
        la.possible_duplicate_of = list(m.ambiguous)
        la.flags.append(m.how)
        flags.append(f"incoming launch {m.incoming}: {m.how}")
    for la in ev.launches:
        old = before.get(id(la))
        seq = la.seq
        if old is None:
            changes.append(Change(when=now, source=src, launch=seq, field="launch",
                                  new_text=_summary(la), note="added"))
            continue
        for ch in _changes(old, la, now, seq, src):
            changes.append(ch)
    changes = sorted(changes, key=lambda c: (c.launch or 0))
    real_change = bool(new_claims or added or any(c.field != "event" for c in changes)
                       or _metadata_changed(stored, ev, incoming))
    if incoming.title and not ev.title:
        ev.title = incoming.title
    for para in [p for p in incoming.notes.split("\n") if p.strip()]:
        if para not in ev.notes:
            ev.notes = (ev.notes + "\n" + para).strip()
    for a in incoming.aliases:
        if a not in ev.aliases and a != ev.key:
            ev.aliases.append(a)
    action = "merge" if real_change or fingerprint(ev) != base else "unchanged"
    if action == "unchanged":
        ev = stored
        changes = []
    else:
        ev.changes = list(stored.changes) + changes
    diff = RoundDiff(key=ev.key, action=action, base=base, result=ev, matches=matches,
                     changes=changes, new_claims=new_claims, flags=flags)
    diff.conflicts = {la.seq: c for la in ev.launches if (c := conflicts(la))}
    return diff


def _metadata_changed(stored: Event, merged: Event, incoming: Event) -> bool:
    if incoming.title and not stored.title:
        return True
    paras = [p for p in incoming.notes.split("\n") if p.strip()]
    return any(p not in stored.notes for p in paras)


def _renumber(ev: Event) -> list[Launch]:
    """Number launches 1.. in time order, untimed ones last (ties keep their order)."""
    order = sorted(range(len(ev.launches)),
                   key=lambda i: (not ev.launches[i].time_known, ev.launches[i].utc, i))
    ev.launches = [ev.launches[i] for i in order]
    for n, la in enumerate(ev.launches, start=1):
        la.seq = n
    return ev.launches
