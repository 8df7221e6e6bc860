"""Conflicts between claims, and claims and values in the analyst's words and units."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from typing import Any

from ...assess.events import (
    TIME_PRECISIONS,
    UNKNOWN,
    Claim,
    Launch,
    Place,
)
from ..designations import designation
from .reconcile import best_claims, current_claims
from .sources import short_source


# -- conflicts and words ------------------------------------------------------------------------
def _tol(field: str, a: float, b: float) -> float:
    m = max(abs(a), abs(b))
    return {"distance": max(0.03 * m, 5e3), "apogee": max(0.03 * m, 2e3),
            "flight_time": max(0.05 * m, 30.0), "bearing": math.radians(5.0)}[field]


def _bounds(c: Claim) -> tuple[float, float]:
    v = float(c.value)
    q = c.qualifier
    lo = c.low if c.low is not None else v
    hi = c.high if c.high is not None else v
    if q in ("at_least", "more_than"):
        return lo, math.inf
    if q in ("at_most", "less_than"):
        return -math.inf, hi
    if q == "interval":
        return lo, hi
    return v, v


def agree(a: Claim, b: Claim) -> bool:
    """Whether two claims of one field are consistent (see the module's rule)."""
    f = a.field
    if f in ("distance", "apogee", "flight_time", "bearing"):
        (alo, ahi), (blo, bhi) = _bounds(a), _bounds(b)
        if f == "bearing":
            d = abs((float(a.value) - float(b.value) + math.pi) % (2 * math.pi) - math.pi)
            return d <= _tol(f, 0, 0)
        tol = _tol(f, float(a.value), float(b.value))
        return alo - tol <= bhi and blo - tol <= ahi
    if f == "count":
        (alo, ahi), (blo, bhi) = _bounds(a), _bounds(b)
        return alo <= bhi and blo <= ahi
    if f == "time":
        pa, pb = a.time_precision or "day", b.time_precision or "day"
        if pa in ("second", "minute", "hour") and pb in ("second", "minute", "hour"):
            return abs((a.value - b.value).total_seconds()) <= 300.0
        n = max(TIME_PRECISIONS.index(pa), TIME_PRECISIONS.index(pb))
        cut = {3: 10, 4: 10, 5: 7, 6: 4}.get(n, 10)
        same = a.value.isoformat()[:cut] == b.value.isoformat()[:cut]
        return same or (n == 3 and abs((a.value - b.value).total_seconds()) <= 86400.0)
    if f in ("site", "landing"):
        pa, pb = a.value, b.value
        if pa.known and pb.known:
            from ...earth.geodesic import geodesic_inverse

            d = float(geodesic_inverse(pa.lat, pa.lon, pb.lat, pb.lon)[0])
            return d <= max(25e3, (pa.uncertainty or 0.0) + (pb.uncertainty or 0.0))
        if pa.key and pb.key:
            return pa.key == pb.key
        return _words(pa.name) == _words(pb.name) or not pa.name or not pb.name or (
            _words(pa.name) in _words(pb.name) or _words(pb.name) in _words(pa.name))
    if f == "missile_name":
        da, db = designation(a.value), designation(b.value)
        if da is not None and db is not None:
            return da == db
        return _words(a.value) == _words(b.value)
    return a.value == b.value


def _words(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def conflicts(la: Launch) -> dict[str, str]:
    """Fields whose standing claims disagree: ``{field: "JCS 800 km; Japan MoD about 750 km"}``
    (the reconciled claim first, then every other source that disagrees with it)."""
    best = best_claims(la.claims)
    out: dict[str, str] = {}
    for field, win in best.items():
        others = [c for c in current_claims(la.claims, field) if c is not win and not agree(win, c)]
        if others:
            out[field] = "; ".join(f"{short_source(c.source)} {format_claim(c)}" for c in [win, *others])
    return out


def _km(x: float) -> str:
    km = x / 1e3
    return f"{km:,.0f} km" if km >= 10 else f"{km:,.1f} km"


def format_value(field: str, value: Any) -> str:
    """A canonical value in the analyst's units (km, degrees, minutes, UTC)."""
    if value is None:
        return UNKNOWN
    if field in ("distance", "apogee"):
        return _km(float(value))
    if field == "flight_time":
        s = float(value)
        return f"{s / 60:.0f} min" if s >= 120 else f"{s:.0f} s"
    if field == "bearing":
        return f"{math.degrees(float(value)):.0f} deg"
    if field == "time":
        t = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return t.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    if field in ("site", "landing"):
        p = value if isinstance(value, Place) else Place.model_validate(value)
        if p.known:
            from ...assess.places import coordinates_text

            where = coordinates_text(p.lat, p.lon)
            return f"{p.name} ({where})" if p.name else where
        return p.name or UNKNOWN
    if field == "count":
        n = int(value)
        return f"{n} missile{'s' * (n != 1)}"
    return str(value)


_QUAL_WORDS = {"exact": "", "about": "about ", "at_least": "at least ", "more_than": "more than ",
               "at_most": "up to ", "less_than": "less than "}


def format_claim(c: Claim) -> str:
    """A claim as the analyst reads it: ``"about 750 km"``, ``"more than 600 km"``,
    ``"600-700 km"``, ``"2025-05-07 23:10 UTC"``; a unit other than the analyst's is
    followed by the words as reported (``"about 750 km (466 miles)"``)."""
    if c.field == "time":
        t = c.value
        p = c.time_precision or "day"
        text = (t.strftime("%Y") if p == "year" else t.strftime("%Y-%m") if p == "month"
                else t.strftime("%Y-%m-%d") if p in ("day", "week") else format_value("time", t))
    elif c.qualifier == "interval" and c.low is not None and c.high is not None:
        lo, hi = format_value(c.field, c.low), format_value(c.field, c.high)
        unit = lo.rsplit(" ", 1)[-1] if " " in lo else ""
        text = f"{lo.rsplit(' ', 1)[0]}-{hi}" if unit and hi.endswith(unit) else f"{lo}-{hi}"
    else:
        v = c.value
        if c.qualifier in ("at_least", "more_than") and c.low is not None:
            v = c.low
        elif c.qualifier in ("at_most", "less_than") and c.high is not None:
            v = c.high
        text = _QUAL_WORDS[c.qualifier] + format_value(c.field, v)
    foreign = c.unit is not None and c.unit.lower() not in ("km", "kilometres", "kilometers")
    if foreign and c.reported and c.field in ("distance", "apogee"):
        text += f" ({c.reported})"
    return text
