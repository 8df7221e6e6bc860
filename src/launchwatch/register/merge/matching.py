"""Matching incoming launches to stored ones: by time within :data:`TOLERANCE` and by
site, salvos spread over their launches, facts that tell launches apart."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from ...assess.events import Launch, Place
from ..claims import (
    agree,
    best_claims,
)
from ..designations import designation
from .plan import _BIG, copy_launch


# -- matching -------------------------------------------------------------------------------
def _site_distance(a: Place, b: Place) -> float | None:
    if not (a.known and b.known):
        return None
    from ...earth.geodesic import geodesic_inverse

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
