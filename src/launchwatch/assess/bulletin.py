"""The bulletin: an event in plain language (times in UTC and local time) and as JSON.

Every phrase is derived from the event's launches: counts, classes, places, times, ranges,
landing areas and trajectory findings; nothing is a template constant.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from .events import CLASSES, Event
from .timezones import local_time

__all__ = ["bulletin", "bulletin_json"]

_NUM = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve"]
_ORD = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth", "eleventh", "twelfth"]
_ADJ = {code: adj for code, adj, _ in CLASSES}


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _num(n: int) -> str:
    return _NUM[n] if 0 <= n < len(_NUM) else str(n)


def _ordinal(n: int) -> str:
    if 0 <= n < len(_ORD):
        return _ORD[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _km(m: float) -> str:
    km = m / 1e3
    step = 10 if km < 2000 else 50
    return f"{round(km / step) * step:,.0f} km"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _subject(ev: Event) -> str:
    n = ev.count
    classes = ev.classes
    noun = "ballistic missile" + ("s" if n != 1 else "")
    if len(classes) == 1 and sum(classes.values()) == n:
        adj = _ADJ[next(iter(classes))]
        return f"{_article(adj) if n == 1 else _num(n)} {adj} {noun}"
    lead = "a" if n == 1 else _num(n)
    if not classes:
        return f"{lead} {noun}"
    parts = [f"{_num(k)} {_ADJ[c]}" for c, k in sorted(
        classes.items(), key=lambda kv: [c[0] for c in CLASSES].index(kv[0]))]
    return f"{lead} {noun} ({', '.join(parts)})"


def _hm(t: datetime) -> str:
    """Hours and minutes, rounded to the nearest minute (23:09:59.9 -> 23:10)."""
    from datetime import timedelta

    return (t + timedelta(seconds=30)).strftime("%H:%M")


def bulletin(ev: Event, *, round_of_year: int | None = None, actor: str = "") -> str:
    """The event in plain language, e.g. *"On 9 May 2025, two short-range ballistic missiles
    were launched from near Wonsan between 08:10 and 09:20 KST (23:10-00:20 UTC); they flew
    up to 800 km and landed in the Sea of Japan (East Sea)."*"""
    first = ev.launches[0]
    t0 = local_time(first.time, first.lat, first.lon)
    t1 = local_time(ev.last, first.lat, first.lon)
    zone = t0.strftime("%Z") or t0.strftime("UTC%z")
    u0, u1 = ev.first.astimezone(UTC), ev.last.astimezone(UTC)
    date = f"{t0.day} {t0.strftime('%B %Y')}"
    who = f"{actor} launched" if actor else "were launched" if ev.count > 1 else "was launched"
    subj = _subject(ev)
    if actor:
        head = f"On {date}, {actor} launched {subj}"
    else:
        head = f"On {date}, {subj} {who}"
    area = ev.launch_areas
    if area:
        head += f" from {_join(area)}"
    if _hm(u0) == _hm(u1):
        head += f" at {_hm(t0)} {zone} ({_hm(u0)} UTC)"
    else:
        head += f" between {_hm(t0)} and {_hm(t1)} {zone} ({_hm(u0)}-{_hm(u1)} UTC)"
    facts = []
    if math.isfinite(ev.max_range_m):
        flew = ("flew up to " if ev.count > 1 else "flew about ") + _km(ev.max_range_m)
        if math.isfinite(ev.max_apogee_m):
            flew += (" (apogee up to " if ev.count > 1 else " (apogee about ") + \
                _km(ev.max_apogee_m) + ")"
        facts.append(flew)
    if ev.landing_areas:
        facts.append(f"landed in {_join(ev.landing_areas)}")
    pron = "they" if ev.count > 1 else "it"
    text = head + (f"; {pron} " + _join(facts) if facts else "") + "."
    odd = [x for x in ev.launches if x.regime == "quasi-ballistic" or x.flags]
    if odd:
        k = len(odd)
        text += (f" {'One' if k == 1 else _num(k).capitalize()} of them flew an irregular, "
                 "quasi-ballistic trajectory (a pull-up or glide)." if ev.count > 1 else
                 " It flew an irregular, quasi-ballistic trajectory (a pull-up or glide).")
    lofted = [x for x in ev.launches if x.regime == "lofted"]
    if lofted:
        k = len(lofted)
        text += (" It was fired on a lofted trajectory." if ev.count == 1 else
                 " One of them flew a lofted trajectory." if k == 1 else
                 f" {_num(k).capitalize()} of them flew lofted trajectories.")
    if round_of_year:
        text += f" This is the {_ordinal(round_of_year)} round of launches this year."
    return text


def bulletin_json(ev: Event, *, round_of_year: int | None = None, actor: str = "") -> dict[str, Any]:
    """The bulletin's facts as JSON-ready data (km, degrees, ISO times)."""
    first = ev.launches[0]
    t0 = local_time(first.time, first.lat, first.lon)

    def km(v: float) -> float | None:
        return None if not math.isfinite(v) else round(v / 1e3, 1)

    def deg(v: float) -> float | None:
        return None if not math.isfinite(v) else round(math.degrees(v), 4)

    return {
        "text": bulletin(ev, round_of_year=round_of_year, actor=actor),
        "count": ev.count,
        "first_launch_utc": ev.first.astimezone(UTC).isoformat(),
        "last_launch_utc": ev.last.astimezone(UTC).isoformat(),
        "local_zone": str(t0.tzinfo),
        "first_launch_local": t0.isoformat(),
        "launch_areas": ev.launch_areas,
        "landing_areas": ev.landing_areas,
        "max_range_km": km(ev.max_range_m),
        "max_apogee_km": km(ev.max_apogee_m),
        "classes": ev.classes,
        "round_of_year": round_of_year,
        "launches": [{
            "time_utc": x.time.astimezone(UTC).isoformat(), "lat_deg": deg(x.lat),
            "lon_deg": deg(x.lon), "launch_area": x.launch_area, "range_km": km(x.range_m),
            "apogee_km": km(x.apogee_m), "class": x.missile_class, "regime": x.regime,
            "impact_lat_deg": deg(x.impact_lat), "impact_lon_deg": deg(x.impact_lon),
            "landing_area": x.landing_area, "launch_error_m": None if not math.isfinite(
                x.launch_error_m) else round(x.launch_error_m), "time_error_s": None if not
            math.isfinite(x.time_error_s) else round(x.time_error_s, 1),
            "impact_error_m": None if not math.isfinite(x.impact_error_m) else round(
                x.impact_error_m), "flags": x.flags, "track": x.track_id,
        } for x in ev.launches],
    }
