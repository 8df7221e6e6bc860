"""Claims: every figure of a launch with its source, reconciled by a documented rule.

A launch's time, site, landing, distance, apogee, flight time, bearing, type, class,
outcome, count and regime are stored per source as :class:`Claim` s; the launch shows
the values reconciled from them (:func:`reconcile`) and lists the conflicts in the
analyst's units (:func:`conflicts`: ``"distance: JCS 800 km; Japan MoD about 750 km"``).
Nothing is overwritten: a merge adds claims, and each event keeps a change log.

Making claims (what a report reader does)::

    from datetime import UTC, datetime
    from launchwatch.register.claims import Claim, launch_from_claims
    from launchwatch.register.models import Event, Place

    src = {"source": "South Korea Joint Chiefs of Staff", "publication": "Yonhap",
           "url": "https://en.yna.co.kr/...", "published": datetime(2025, 5, 8, 1, 0, tzinfo=UTC),
           "quote": "The missiles flew about 800 km ...", "confidence": 0.9}
    claims = [
        Claim(field="time", value=datetime(2025, 5, 7, 23, 10, tzinfo=UTC),
              time_precision="minute", reported="8:10 a.m.", span=(120, 127), **src),
        Claim(field="site", value=Place(name="Wonsan", lat=0.6837, lon=2.2249, uncertainty=10e3,
                                        key="wonsan"), place_precision="near",
              reported="near Wonsan", **src),
        Claim(field="distance", value=800e3, qualifier="about", reported="about 800 km",
              unit="km", span=(140, 152), **src),
        Claim(field="distance", value=600e3, qualifier="more_than", low=600e3,
              reported="more than 600 km", unit="km", source="Japan Ministry of Defense"),
        Claim(field="count", value=2, qualifier="at_least", reported="several", **src),
        Claim(field="missile_class", value="SRBM", reported="short-range ballistic missiles", **src),
    ]
    la = launch_from_claims(claims, confirmation="unconfirmed")   # figures reconciled
    ev = Event(state="North Korea", launches=[la])                # key "KP-2025-05-08"

Values are canonical (SI: metres, seconds, radians; aware UTC times; :class:`Place` for
sites and landings); ``reported`` keeps the words and unit as given.  Qualifiers:
``exact``, ``about``, ``at_least``, ``more_than``, ``at_most``, ``less_than`` (with
``low``/``high`` set to the bound) and ``interval`` (both).  Precision of times and places
is ACLED-style (``time_precision``: second .. year; ``place_precision``: point, near,
region, country).

The rule (:func:`reconcile`), field by field:

1. each source speaks once: its latest claim (by ``published``, else the order stored)
   supersedes its earlier ones (kept, listed as superseded);
2. sources rank by tier (:func:`source_tier`): 0 launchwatch's own measurement,
   1 official statements of observing governments (South Korea's JCS, Japan's Ministry
   of Defense, US commands), 2 compilations (the CNS database), 3 news agencies and other
   named sources, 4 the launching state's own media (KCNA), 5 unattributed;
3. for ``time``, ``site`` and ``landing`` the most precise claim wins first (a time to
   the minute over a date, coordinates over a region), then the tier; for the other
   fields the tier first, then a point value (exact or about) over an interval over a
   bound; ties go to the claim stored first, so that a new report of equal standing
   never flips a value;
4. the class is that of the reconciled type name when the designation table knows it
   (:mod:`launchwatch.register.designations`), else the best class claim, else the class
   by the reconciled distance (never for a failed flight, whose range says nothing of
   its class); the regime is the best regime claim, else the stored fit's (unless
   assumed).

Two claims conflict when their values differ beyond what rounding explains (3 % and at
least 5 km for distances, 2 km for apogees; 5 minutes for times; 25 km or the places'
own uncertainty for sites; a bound is consistent with any value beyond it).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from ..assess.events import (
    CLAIM_FIELDS,
    PLACE_PRECISIONS,
    TIME_PRECISIONS,
    UNKNOWN,
    Claim,
    Launch,
    Place,
    Provenance,
    Source,
    classify_range,
)
from .designations import class_of_name, designation

__all__ = [
    "CLAIM_FIELDS",
    "SOURCE_TIERS",
    "Claim",
    "best_claims",
    "conflicts",
    "format_claim",
    "format_value",
    "implicit_claims",
    "launch_from_claims",
    "reconcile",
    "short_source",
    "source_tier",
]

#: (tier, meaning, name patterns): how sources rank in reconciliation (lower first).
SOURCE_TIERS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (0, "launchwatch's own measurement", ()),
    (1, "official statement of an observing government", (
        r"joint chiefs", r"\bjcs\b", r"ministry of (national )?defen[cs]e", r"defen[cs]e ministry",
        r"\bmod\b", r"\bmnd\b", r"indo-?pacific command", r"\bindopacom\b", r"pacific command",
        r"\bnorad\b", r"pentagon", r"department of defense", r"coast guard", r"cabinet secretary",
        r"prime minister", r"\busfk\b", r"forces korea", r"white house", r"state department",
        r"national security council", r"government of")),
    (2, "compilation", (r"\bcns\b", r"database", r"\bnti\b", r"compilation", r"missile threat",
                        r"\bcsis\b", r"38 ?north", r"\biiss\b")),
    (3, "news agency or other named source", ()),
    (4, "the launching state's own media", (r"\bkcna\b", r"korean central", r"rodong sinmun",
                                            r"\bkctv\b", r"\(north korea\)", r"uriminzokkiri")),
    (5, "unattributed", (r"unattributed", r"unknown source", r"anonymous")),
)
_TIER_RE = [(t, re.compile("|".join(p), re.IGNORECASE)) for t, _, p in SOURCE_TIERS if p]
_QUAL_RANK = {"exact": 0, "about": 0, "interval": 1, "at_least": 2, "more_than": 2, "at_most": 2,
              "less_than": 2}
_PRECISE_FIRST = ("time", "site", "landing")
_SHORT = (
    (r"joint chiefs|\bjcs\b", "JCS"),
    (r"japan.*(ministry of defen|defen[cs]e ministry)|japan mod", "Japan MoD"),
    (r"indo-?pacific command|indopacom", "INDOPACOM"), (r"\bcns\b", "CNS"), (r"\bkcna\b", "KCNA"),
    (r"launchwatch measurement", "measured"), (r"japan coast guard", "Japan Coast Guard"),
)


def source_tier(claim: Claim) -> int:
    """The tier of a claim's source (:data:`SOURCE_TIERS`): 0 for a measurement."""
    if claim.kind == "measured":
        return 0
    text = f"{claim.source} {claim.publication or ''}" if claim.source.lower().startswith(
        ("unattributed", "unknown")) else claim.source
    for tier, rx in _TIER_RE:
        if rx.search(text):
            return tier
    return 3


def short_source(name: str) -> str:
    """A source's name as analysts abbreviate it (``"JCS"``, ``"Japan MoD"``, ``"CNS"``)."""
    for pat, short in _SHORT:
        if re.search(pat, name, re.IGNORECASE):
            return short
    return name


# -- claims from a record's figures --------------------------------------------------------
def _place_precision(p: Place) -> str:
    if p.known:
        u = p.uncertainty
        return "point" if u is None or u <= 20e3 else "near" if u <= 100e3 else "region"
    if p.key:
        from ..earth.gazetteer import default_gazetteer

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
        from ..errors import InputError

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
            from ..earth.geodesic import geodesic_inverse

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
            from ..assess.places import coordinates_text

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
