"""Safe merges: a new report of a round is matched launch by launch and shown as a diff
before anything is stored.

:func:`merge_round` matches the launches of an incoming round to a stored round of the
same key (state and local day) **by time and site, never by position in a list**:

* timed launches pair up one to one (an optimal assignment) when they are within
  ``tolerance`` (10 minutes) of each other, their sites agree (both located: within
  75 km or their uncertainties) and their types do not contradict each other;
  records of several identical missiles (``count``) are split when the other side lists
  them one by one;
* an untimed launch (a date only), or a timed one with no timed partner, joins a stored
  launch only when exactly one stored launch fits it (site, type and distance agree);
  when several fit it is kept apart, flagged ``possible_duplicate_of`` and not counted;
  when none fits it is a new launch;
* a matched launch gains the incoming claims (nothing is overwritten or dropped); its
  figures are reconciled again (:func:`launchwatch.register.claims.reconcile`) and every
  figure that changes is written to the event's change log with the source that made
  it change.  A stored fit whose facts change is removed (and said so): fit again.

The result is a :class:`RoundDiff`: what would be added, matched and changed, with the
merged event.  :class:`MergePlan` holds the diffs of a batch; committing it applies
exactly that plan (:meth:`launchwatch.register.Register.apply` refuses a plan made
against a round that has changed since).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from ..assess.events import Change, Claim, Event, Launch, Place, class_label
from .claims import (
    agree,
    best_claims,
    conflicts,
    format_claim,
    format_value,
    implicit_claims,
    reconcile,
    short_source,
)
from .designations import designation
from .reconstruct import fit_inputs

__all__ = ["LaunchMatch", "MergePlan", "RoundDiff", "copy_event", "copy_launch", "fingerprint",
           "merge_round", "prepare"]

#: Largest time between two reports of one launch.
TOLERANCE = timedelta(minutes=10)
_BIG = 1e9
_STRENGTH = {"unconfirmed": 0, "reported": 1, "disputed": 1, "confirmed": 2}


@dataclass
class LaunchMatch:
    """How one incoming launch was placed: ``stored`` seq it joined (``None`` when added),
    ``how`` in words, the seqs it could not be told apart from (kept apart) and its seq
    in the merged round (``result``)."""

    incoming: int
    stored: int | None
    how: str
    ambiguous: list[int] = field(default_factory=list)
    result: int | None = None


@dataclass
class RoundDiff:
    """What storing one round would do.

    ``action``: ``add`` (a new round), ``merge`` (a stored round changes) or
    ``unchanged``; ``base`` the fingerprint of the stored round it was computed against
    (``None`` for a new one); ``result`` the round as it would be stored; ``matches``
    per incoming launch; ``changes`` the lines the change log gains; ``new_claims`` how
    many claims are added; ``conflicts`` per launch seq of the result, the disagreeing
    claims in words; ``flags`` findings for the analyst.
    """

    key: str
    action: str
    base: str | None
    result: Event
    matches: list[LaunchMatch] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_claims: int = 0
    conflicts: dict[int, dict[str, str]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The diff in words (what the CLI prints and the ingest page shows)."""
        head = {"add": "new round", "merge": "merge into the stored round",
                "unchanged": "already stored: nothing changes"}[self.action]
        out = [f"{self.key}: {head}"]
        if self.action == "add":
            for la in self.result.launches:
                out.append(f"  + #{la.seq} {_summary(la)}")
        for m in self.matches if self.action != "add" else []:
            if m.stored is None and not m.ambiguous:
                la = next(x for x in self.result.launches if x.seq == m.result)
                out.append(f"  + #{la.seq} {_summary(la)} ({m.how})")
            elif m.ambiguous:
                out.append(f"  ? #{m.result} (incoming launch {m.incoming}): {m.how}")
            else:
                out.append(f"  = incoming launch {m.incoming} -> stored #{m.stored} ({m.how})")
        for ch in self.changes:
            if ch.field in ("event", "launch"):
                continue
            who = f"#{ch.launch} " if ch.launch is not None else ""
            out.append(f"  ~ {who}{ch.field}: {ch.old_text or '-'} -> {ch.new_text or '-'}"
                       f" ({ch.source}){' ' + ch.note if ch.note else ''}")
        if self.new_claims:
            out.append(f"  {self.new_claims} claim(s) added")
        for seq, cf in sorted(self.conflicts.items()):
            for f, text in cf.items():
                out.append(f"  ! #{seq} {f}: {text}")
        out += [f"  flag: {f}" for f in self.flags]
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the API's ``diff``)."""
        return {"key": self.key, "action": self.action, "base": self.base,
                "matches": [{"incoming": m.incoming, "stored": m.stored, "how": m.how,
                             "ambiguous": m.ambiguous, "result": m.result} for m in self.matches],
                "changes": [c.model_dump(mode="json") for c in self.changes],
                "new_claims": self.new_claims,
                "conflicts": {str(k): v for k, v in self.conflicts.items()},
                "flags": list(self.flags), "lines": self.lines()}


@dataclass
class MergePlan:
    """The diffs of a batch of rounds, in order; ``id`` fingerprints the whole plan (the
    web page sends it back to commit exactly what it showed)."""

    diffs: list[RoundDiff]

    @property
    def id(self) -> str:
        """Digest of what the plan does, without the times of recording: the same input
        on the same register gives the same id."""
        h = hashlib.sha256()
        for d in self.diffs:
            h.update(d.key.encode())
            h.update(d.action.encode())
            h.update((d.base or "").encode())
            h.update(json.dumps(_timeless(d.result.model_dump(mode="json", exclude={"changes"})),
                                sort_keys=True).encode())
        return h.hexdigest()[:32]

    def summary(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"added": [], "merged": [], "unchanged": []}
        seen: dict[str, str] = {}
        for d in self.diffs:
            prev = seen.get(d.key)
            act = {"add": "added", "merge": "merged", "unchanged": "unchanged"}[d.action]
            if prev is None:
                seen[d.key] = act
            elif prev == "unchanged" and act == "merged":
                seen[d.key] = act
        for k, a in seen.items():
            out[a].append(k)
        return out

    def lines(self) -> list[str]:
        return [line for d in self.diffs for line in d.lines()]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, **{k: len(v) for k, v in self.summary().items()},
                "rounds": [d.as_dict() for d in self.diffs]}


def _timeless(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _timeless(v) for k, v in obj.items() if k not in ("recorded", "when")}
    if isinstance(obj, list):
        return [_timeless(v) for v in obj]
    return obj


def fingerprint(ev: Event | None) -> str:
    """A digest of a stored round's content (what a diff was computed against)."""
    if ev is None:
        return ""
    data = ev.model_dump_json(exclude={"changes"})
    return hashlib.sha256(data.encode()).hexdigest()[:32]


# -- preparing incoming records ---------------------------------------------------------------
def copy_launch(la: Launch) -> Launch:
    """A copy of a launch whose lists are its own (claims, places and sources are
    replaced, never changed in place, so they may be shared): much cheaper than a deep
    copy of every claim."""
    return la.model_copy(update={"claims": list(la.claims), "sources": list(la.sources),
                                 "flags": list(la.flags),
                                 "possible_duplicate_of": list(la.possible_duplicate_of)})


def copy_event(ev: Event) -> Event:
    """A copy of an event made with :func:`copy_launch`."""
    return ev.model_copy(update={"launches": [copy_launch(la) for la in ev.launches],
                                 "changes": list(ev.changes), "aliases": list(ev.aliases)})


def prepare(ev: Event, now: datetime) -> list[Event]:
    """An incoming event with claims on every launch, split into rounds (local days)."""
    ev = copy_event(ev)
    for la in ev.launches:
        la.claims = [c if c.recorded is not None else c.model_copy(update={"recorded": now})
                     for c in la.claims] + implicit_claims(la, when=now)
        reconcile(la)
    return ev.rounds()


def _summary(la: Launch) -> str:
    when = (la.utc.strftime("%Y-%m-%d %H:%M UTC") if la.time_known else
            la.utc.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[la.date_precision])
            + " (time not reported)")
    bits = [when, la.site.name or "site unknown", la.missile_name or class_label(la.missile_class)]
    if la.count != 1:
        bits.append(f"x{la.count}")
    if la.distance is not None:
        bits.append(format_value("distance", la.distance))
    return ", ".join(bits)


# -- matching -------------------------------------------------------------------------------
def _site_distance(a: Place, b: Place) -> float | None:
    if not (a.known and b.known):
        return None
    from ..earth.geodesic import geodesic_inverse

    return float(geodesic_inverse(a.lat, a.lon, b.lat, b.lon)[0])


def _compatible(a: Launch, b: Launch) -> tuple[bool, float, str]:
    """Whether two records can be one launch: (ok, cost beyond time, words)."""
    words = []
    cost = 0.0
    d = _site_distance(a.site, b.site)
    if d is not None:
        if d > max(75e3, (a.site.uncertainty or 0.0) + (b.site.uncertainty or 0.0)):
            return False, _BIG, f"sites {d / 1e3:.0f} km apart"
        cost += d / 1e3  # a km of site offset weighs like a second
        words.append(f"sites {d / 1e3:.0f} km apart")
    elif a.site.key and b.site.key and a.site.key != b.site.key:
        cost += 60.0
    da, db = designation(a.missile_name), designation(b.missile_name)
    if da is not None and db is not None and da != db and da.cls != db.cls:
        return False, _BIG, f"types {a.missile_name} and {b.missile_name} differ"
    if a.missile_class and b.missile_class and a.missile_class != b.missile_class:
        cost += 120.0
    if a.distance is not None and b.distance is not None and min(a.distance, b.distance) > 50e3:
        r = max(a.distance, b.distance) / min(a.distance, b.distance)
        if r > 2.0:
            return False, _BIG, "distances differ by more than a factor of 2"
        cost += 300.0 * (r - 1.0)
    return True, cost, ", ".join(words)


def _expand(launches: list[Launch], others: list[Launch], tol: float) -> list[Launch]:
    """Split a record of n identical timed missiles into n records when the other side
    lists two or more launches near its time."""
    out = []
    for la in launches:
        near = [o for o in others if o.time_known and la.time_known
                and abs((o.utc - la.utc).total_seconds()) <= tol]
        if la.count > 1 and len(near) >= 2:
            for _ in range(la.count):
                c = copy_launch(la)
                # each copy is one of the record's missiles: its count claims say 1, in the
                # words they were given ("two missiles"), so the source's count is not lost
                c.claims = [x.model_copy(update={"value": 1, "qualifier": "exact", "low": None,
                                                 "high": None}) if x.field == "count" else x
                            for x in c.claims]
                c.count = 1
                c.notes = (c.notes + f"\none of {la.count} missiles reported at this time").strip()
                out.append(c)
        else:
            out.append(la)
    return out


def _match(stored: list[Launch], incoming: list[Launch], tol: float
           ) -> tuple[dict[int, int], dict[int, list[int]], dict[int, str]]:
    """Pairs ``{incoming index: stored index}``, ambiguous ``{incoming index: [stored
    indices]}`` and the words of each pairing."""
    pairs: dict[int, int] = {}
    how: dict[int, str] = {}
    # 0. the same record again: its source's record id, or every claim already stored
    def refs(la: Launch) -> set[tuple[str, str]]:
        return {(c.source.lower(), c.ref) for c in la.claims if c.ref}

    taken0: set[int] = set()
    for i, la in enumerate(incoming):
        mine = refs(la)
        if not mine:
            continue
        j = next((j for j, s in enumerate(stored) if j not in taken0 and mine & refs(s)), None)
        if j is not None:
            pairs[i], how[i] = j, "the same record (" + sorted(mine)[0][1] + ")"
            taken0.add(j)
    for i, la in enumerate(incoming):
        if i in pairs or not la.claims:
            continue
        j = next((j for j, s in enumerate(stored) if j not in taken0
                  and all(any(c.same_as(o) for o in s.claims) for c in la.claims)), None)
        if j is not None:
            pairs[i], how[i] = j, "the same record, already stored"
            taken0.add(j)
    ti = [i for i, la in enumerate(incoming) if la.time_known and i not in pairs]
    ts = [j for j, la in enumerate(stored) if la.time_known and j not in taken0]
    if ti and ts:
        cost = np.full((len(ti), len(ts)), _BIG)
        words: dict[tuple[int, int], str] = {}
        for a, i in enumerate(ti):
            for b, j in enumerate(ts):
                dt = abs((incoming[i].utc - stored[j].utc).total_seconds())
                if dt > tol:
                    continue
                ok, extra, w = _compatible(incoming[i], stored[j])
                if ok:
                    cost[a, b] = dt + extra
                    words[(i, j)] = f"{dt / 60:.0f} min apart" + (f", {w}" if w else "")
        ok = cost < _BIG
        if (ok.sum(axis=1) <= 1).all() and (ok.sum(axis=0) <= 1).all():
            rows, cols = np.nonzero(ok)  # no choice to make
        else:
            from scipy.optimize import linear_sum_assignment

            rows, cols = linear_sum_assignment(cost)
        for a, b in zip(rows, cols, strict=True):
            if cost[a, b] < _BIG:
                i, j = ti[a], ts[b]
                pairs[i] = j
                how[i] = f"same launch: {words[(i, j)]}"
    ambiguous: dict[int, list[int]] = {}
    taken = set(pairs.values())
    for i, la in enumerate(incoming):
        if i in pairs:
            continue
        if la.time_known:  # a timed record joins an untimed stored one only
            pool = [j for j, s in enumerate(stored) if not s.time_known and j not in taken]
        else:
            pool = [j for j, s in enumerate(stored) if j not in taken or not s.time_known]
        fits = [j for j in pool if _compatible(la, stored[j])[0] and _facts_agree(la, stored[j])]
        if len(fits) == 1 and (len(stored) == 1 or _distinguished(la, stored, fits[0])):
            pairs[i] = fits[0]
            taken.add(fits[0])
            how[i] = ("same launch: the round's only launch" if len(stored) == 1 else
                      "same launch: the only launch of the round that fits")
        elif len(fits) >= 2 or (len(fits) == 1 and len(stored) > 1):
            ambiguous[i] = fits
            how[i] = ("untimed: could be launch " if not la.time_known else "could be launch ") + \
                " or ".join(f"#{stored[j].seq}" for j in fits) + "; kept apart"
        else:
            how[i] = "new launch: no stored launch of the round fits it"
    return pairs, ambiguous, how


#: How long after a report's one time of several missiles the stored launches of the same
#: salvo may come (a report times the first detection: "fired two missiles at 6:50 a.m.").
SALVO_WINDOW = timedelta(hours=2)


def _spread_salvos(stored: list[Launch], incoming: list[Launch], pairs: dict[int, int],
                   how: dict[int, str], tol: float) -> list[str]:
    """A report's record of n missiles at one time (``"two missiles ... at 6:50 a.m."``)
    that joined a stored launch of fewer missiles takes the next stored launches of the
    same salvo (unmatched, timed from its time to :data:`SALVO_WINDOW` after, of a site and
    type that agree) one by one until the n are found: they gain its claims but its time
    (which was the first's), and its count claim on the launch it joined is what is left
    of n.  The round then counts the report's n -- never n plus the stored salvo.  Changes
    ``incoming``, ``pairs`` and ``how`` in place; returns flags (a stored salvo larger than
    the report's count)."""
    flags: list[str] = []
    taken = set(pairs.values())
    for i in list(pairs):
        la = incoming[i]
        j = pairs[i]
        target = stored[j]
        if la.count <= target.count or not la.time_known or not target.time_known:
            continue
        t0 = min(la.utc, target.utc) - timedelta(seconds=tol)
        cands = sorted(
            (k for k, s in enumerate(stored) if k not in taken and s.time_known
             and t0 <= s.utc <= t0 + SALVO_WINDOW + timedelta(seconds=tol)
             and _compatible(la, s)[0] and _facts_agree(la, s)),
            key=lambda k: stored[k].utc)
        need = la.count - target.count
        partners = []
        for k in cands:
            if need <= 0:
                break
            partners.append(k)
            need -= stored[k].count
        if not partners:
            continue
        rest = la.count - sum(stored[k].count for k in partners)
        for k in partners:
            c = copy_launch(la)
            c.claims = [x for x in c.claims if x.field not in ("time", "count")]
            c.count = stored[k].count
            incoming.append(c)
            pairs[len(incoming) - 1] = k
            after = (stored[k].utc - target.utc).total_seconds() / 60
            how[len(incoming) - 1] = (f"one of the {la.count} missiles of incoming launch {i + 1} "
                                      f"(the same salvo, {after:.0f} min after #{target.seq})")
            taken.add(k)
        left = max(rest, target.count)
        n = la.count
        la.claims = [x.model_copy(update={"value": left, "qualifier": "exact", "low": None, "high": None})
                     if x.field == "count" else x for x in la.claims]
        la.count = left
        how[i] += f"; its {n} missiles are this and {len(partners)} further stored launch(es) of the salvo"
        more = [k for k in cands if k not in taken]
        if more:
            flags.append(f"incoming launch {i + 1}: the report counts {n} missile(s); the stored salvo "
                         f"has {len(more)} more launch(es) that fit")
    return flags


def _facts_agree(a: Launch, b: Launch) -> bool:
    ba, bb = best_claims(a.claims), best_claims(b.claims)
    for f in ("distance", "apogee", "missile_name", "missile_class"):
        if f in ba and f in bb and not agree(ba[f], bb[f]):
            return False
    return True


def _distinguished(la: Launch, stored: list[Launch], j: int) -> bool:
    """Whether the one fitting stored launch is told apart from the others by a fact
    (its distance, type or class), not merely by being the one left over."""
    mine = best_claims(la.claims)
    for k, s in enumerate(stored):
        if k == j:
            continue
        other = best_claims(s.claims)
        told = any(f in mine and f in other and not agree(mine[f], other[f])
                   for f in ("distance", "apogee", "missile_name", "missile_class"))
        if not told:
            return False
    return True


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
