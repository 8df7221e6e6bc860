"""The reconciliation rule: claims from a record's figures, each field's standing claim, a launch's
figures from its claims (the rule is in :mod:`launchwatch.register.claims`)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from ...assess.events import (
    CLAIM_FIELDS,
    PLACE_PRECISIONS,
    TIME_PRECISIONS,
    Claim,
    Launch,
    Place,
    Provenance,
    Source,
    classify_range,
)
from ..designations import class_of_name
from .sources import source_tier

_QUAL_RANK = {"exact": 0, "about": 0, "interval": 1, "at_least": 2, "more_than": 2, "at_most": 2,
              "less_than": 2}
_PRECISE_FIRST = ("time", "site", "landing")


# -- claims from a record's figures --------------------------------------------------------
def _place_precision(p: Place) -> str:
    if p.known:
        u = p.uncertainty
        return "point" if u is None or u <= 20e3 else "near" if u <= 100e3 else "region"
    if p.key:
        from ...earth.gazetteer import default_gazetteer

        e = default_gazetteer().entries.get(p.key)
        if e is not None:
            return {"sea": "region", "province": "region", "region": "region",
                    "country": "country"}.get(e.kind, "near")
    return "near"


def implicit_claims(la: Launch, *, when: datetime | None = None) -> list[Claim]:
    """Claims for the figures of a record made without claims (a CSV row, a hand-made
    event, a register written before claims existed): it speaks through its first
    source (``"unattributed"`` without one; a measured record through ``"launchwatch
    measurement"``).  A record that has claims speaks through them alone: nothing is
    added.  A measured record's class (from its range) and a regime that is the stored
    fit's are not claims.
    """
    if la.claims:
        return []
    have: set[str] = set()
    measured = la.provenance.kind == "measured"
    src = la.sources[0] if la.sources else None
    common: dict[str, Any] = {
        "source": src.name if src else ("launchwatch measurement" if measured else "unattributed"),
        "url": src.url if src else None, "published": src.published if src else None,
        "kind": "measured" if measured else "reported", "recorded": when}
    out: list[Claim] = []

    def add(field: str, value: Any, **kw: Any) -> None:
        if field not in have and value is not None:
            out.append(Claim(field=field, value=value, **common, **kw))

    prec = "minute" if la.time_known else la.date_precision
    add("time", la.utc, time_precision="second" if measured and la.time_known else prec)
    if la.site.name or la.site.known:
        add("site", la.site, place_precision=_place_precision(la.site),
            uncertainty=la.site.uncertainty if measured else None)
    if la.landing.name or la.landing.known:
        add("landing", la.landing, place_precision=_place_precision(la.landing),
            uncertainty=la.landing.uncertainty if measured else None)
    for f in ("distance", "apogee", "flight_time", "bearing", "missile_name"):
        add(f, getattr(la, f))
    if not measured:
        add("missile_class", la.missile_class)
    if la.outcome != "unknown":
        add("outcome", la.outcome)
    if la.count != 1 or "count" in (src.fields if src else []):
        add("count", la.count)
    rc = la.reconstruction
    if la.regime and not (rc is not None and la.regime == rc.regime):
        add("regime", la.regime)
    return out


# -- the rule -----------------------------------------------------------------------------------
def _time_key(c: Claim) -> float:
    return c.published.timestamp() if c.published is not None else -math.inf


def current_claims(claims: Sequence[Claim], field: str) -> list[Claim]:
    """The claims of ``field`` that stand: each source's latest (rule 1), in the order the
    sources first spoke (a source's update keeps its place)."""
    latest: dict[tuple[str, str], tuple[int, Claim]] = {}
    for i, c in enumerate(claims):
        if c.field != field:
            continue
        k = (c.source.strip().lower(), c.kind)
        old = latest.get(k)
        if old is None:
            latest[k] = (i, c)
        elif _time_key(c) >= _time_key(old[1]):
            latest[k] = (old[0], c)
    return [c for _, c in sorted(latest.values(), key=lambda ic: ic[0])]


def _precision_rank(c: Claim) -> int:
    if c.field == "time":
        return TIME_PRECISIONS.index(c.time_precision or "day")
    v = c.value
    if isinstance(v, Place):
        base = PLACE_PRECISIONS.index(c.place_precision or _place_precision(v))
        return base + (0 if v.known else len(PLACE_PRECISIONS))
    return 0


def best_claims(claims: Sequence[Claim]) -> dict[str, Claim]:
    """The winning claim of every field that has claims (rules 1-3)."""
    out: dict[str, Claim] = {}
    for field in CLAIM_FIELDS:
        cur = current_claims(claims, field)
        if not cur:
            continue
        if field in _PRECISE_FIRST:
            ranked = [(_precision_rank(c), source_tier(c), i) for i, c in enumerate(cur)]
        else:
            ranked = [(source_tier(c), _QUAL_RANK[c.qualifier], i) for i, c in enumerate(cur)]
        out[field] = cur[min(ranked)[2]]
    return out


def reconcile(la: Launch) -> list[str]:
    """Set the launch's figures from its claims by the rule; returns the fields changed.

    Fields without claims are cleared (every figure is a claim), except the class (rule
    4) and a regime taken from the stored fit.
    """
    best = best_claims(la.claims)
    before = _figures(la)
    t = best.get("time")
    if t is not None:
        prec = t.time_precision or "day"
        la.time_known = prec in ("second", "minute", "hour")
        la.date_precision = {"month": "month", "year": "year"}.get(prec, "day")
        la.utc = t.value if la.time_known else t.value.replace(hour=0, minute=0, second=0, microsecond=0)
    for f in ("site", "landing"):
        c = best.get(f)
        setattr(la, f, c.value.model_copy() if c is not None else Place())
    for f in ("distance", "apogee", "flight_time", "bearing", "missile_name"):
        c = best.get(f)
        v = None if c is None else c.value
        if f == "apogee" and v is not None and v <= 0:
            v = None
        setattr(la, f, v)
    c = best.get("outcome")
    la.outcome = c.value if c is not None else "unknown"
    c = best.get("count")
    la.count = c.value if c is not None else 1
    cls = class_of_name(la.missile_name)
    if cls is None and "missile_class" in best:
        cls = best["missile_class"].value
    if cls is None and la.distance is not None and la.outcome != "failure" and la.distance > 0:
        cls = str(classify_range(la.distance)) or None
    la.missile_class = cls
    c = best.get("regime")
    rc = la.reconstruction
    la.regime = c.value if c is not None else (rc.regime if rc is not None and not rc.assumed else None)
    after = _figures(la)
    return [k for k in after if after[k] != before[k]]


def _figures(la: Launch) -> dict[str, Any]:
    return {"time": (la.utc, la.time_known, la.date_precision),
            "site": la.site.model_dump(), "landing": la.landing.model_dump(),
            **{f: getattr(la, f) for f in ("distance", "apogee", "flight_time", "bearing",
                                           "missile_name", "missile_class", "outcome", "count",
                                           "regime")}}


def launch_from_claims(claims: Iterable[Claim], *, seq: int = 1, confirmation: str = "reported",
                       sources: Sequence[Source] = (), provenance: Provenance | None = None,
                       notes: str = "") -> Launch:
    """A launch whose figures are reconciled from ``claims`` (a ``time`` claim is needed)."""
    cl = list(claims)
    times = [c for c in cl if c.field == "time"]
    if not times:
        from ...errors import InputError

        raise InputError("claims", [c.field for c in cl], "a launch needs a time claim (its date)")
    if not sources:
        seen: dict[tuple[str, str], Source] = {}
        for c in cl:
            s = Source(name=c.publication or c.source, url=c.url, published=c.published,
                       quote=c.quote)
            seen.setdefault(s.identity(), s)
        sources = list(seen.values())
    la = Launch(seq=seq, utc=times[0].value, confirmation=confirmation, claims=cl,
                sources=list(sources), provenance=provenance or Provenance(), notes=notes)
    reconcile(la)
    return la
