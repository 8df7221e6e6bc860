"""The bulletin composed from a round's launches: subject, figures, places, times, trajectories,
outcomes and the round's number, in text and as JSON."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from ..events import CLASS_WORDS, LAUNCH_NOT_DETERMINED, Event, Launch, launch_zone
from .words import (
    _ADJ,
    _BALLISTIC,
    _article,
    _hm,
    _join,
    _km,
    _unique,
    _zone_name,
    landing_phrase,
    number_words,
    ordinal,
)


def _subject(launches: list[Launch], at_least: bool) -> tuple[str, int]:
    """The noun phrase of what was launched, and the number of missiles."""
    n = sum(la.count for la in launches)
    classes: dict[str | None, int] = {}
    for la in launches:
        classes[la.missile_class] = classes.get(la.missile_class, 0) + la.count
    names = _unique(la.missile_name for la in launches)
    name = names[0] if len(names) == 1 and all(la.missile_name for la in launches) else ""
    lead = ("at least " if at_least else "") + number_words(n)
    if len(classes) == 1:
        code = next(iter(classes))
        if code is None:
            noun = "missile" + ("s" if n != 1 else "")
            if name:
                return (f"{_article(name) + ' ' if n == 1 and not at_least else lead + ' '}{name} "
                        f"{noun}"), n
            return ("a missile of unknown type" if n == 1 and not at_least
                    else f"{lead} missiles of unknown type"), n
        word = CLASS_WORDS.get(code, f"{code} missile")
        phrase = (f"{name} " if name else "") + word + ("s" if n != 1 else "")
        if n == 1 and not at_least:
            return f"{_article(phrase)} {phrase}", n
        return f"{lead} {phrase}", n
    known = {c: k for c, k in classes.items() if c is not None}
    unknown = classes.get(None, 0)
    ballistic = all(c in _BALLISTIC for c in known)
    noun = "ballistic missiles" if ballistic and not unknown else "missiles"
    order = ["CRBM", "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "HGV", "CRUISE", "SLV"]
    parts = []
    for c in sorted(known, key=lambda c: order.index(c) if c in order else 99):
        k = known[c]
        if ballistic and not unknown:
            parts.append(f"{number_words(k)} {_ADJ[c]}")
        else:
            w = CLASS_WORDS.get(c, f"{c} missile")
            parts.append(f"{number_words(k)} {w}{'s' if k != 1 else ''}")
    if unknown:
        parts.append(f"{number_words(unknown)} of unknown type")
    return f"{lead} {noun} ({_join(parts)})", n


_LOWER = ("at_least", "more_than")


def _stated(la: Launch, field: str) -> tuple[str, float | None, float | None]:
    """How the launch's reconciled ``field`` was stated: (qualifier, low, high) of the
    claims that give its value (a point value, if any of them is one, over a bound)."""
    v = getattr(la, field)
    same = [c for c in la.claims if c.field == field and isinstance(c.value, float)
            and math.isclose(c.value, v, rel_tol=1e-9)]
    if not same or any(c.qualifier in ("exact", "about") for c in same):
        return "about", None, None
    c = same[0]
    return c.qualifier, c.low, c.high


def _figure(launches: list[Launch], field: str) -> str:
    """The round's distance or apogee as the reports gave it: ``"about 800 km"``, ``"up to
    800 km"`` (several launches, or a report's "up to"), ``"more than 6,000 km"``, ``"less
    than 50 km"``, ``"between 110 and 670 km"`` (an interval); ``""`` for none.  A
    qualifier of the claims survives: a bound is never said as "about"."""
    have = [la for la in launches if getattr(la, field) is not None]
    if not have:
        return ""
    vals = [float(getattr(la, field)) for la in have]
    top = max(have, key=lambda la: float(getattr(la, field)))
    q, lo, hi = _stated(top, field)
    spread = max(vals) - min(vals) > 0.02 * max(vals)
    if q == "interval" and lo is not None and hi is not None:
        rng = f"{_km(lo)[:-3]} and {_km(hi)}"
        return f"between {rng}" if not spread else f"up to {_km(hi)}"
    v = float(getattr(top, field))
    if q in _LOWER:
        return (f"more than {_km(v if lo is None else lo)}" if not spread
                else f"up to {_km(v)} (the farthest more than {_km(v if lo is None else lo)})"
                if field == "distance" else f"up to more than {_km(v if lo is None else lo)}")
    if q == "less_than" and not spread:
        return f"less than {_km(v if hi is None else hi)}"
    return ("up to " if spread or q == "at_most" else "about ") + _km(v)


def _one_area(a, b) -> bool:
    """Whether two named launch places are one area: the name of one is in the other's
    (``South Wonsan`` / ``Wonsan``, ``Kaechon Airbase`` / ``Kaechon``), or both are located
    and lie within their two radii of each other."""
    import re

    wa = set(re.findall(r"[a-z0-9]+", a.name.lower())) - {"area", "the", "near", "of"}
    wb = set(re.findall(r"[a-z0-9]+", b.name.lower())) - {"area", "the", "near", "of"}
    if wa and wb and (wa <= wb or wb <= wa):
        return True
    if a.known and b.known:
        from ...earth.geodesic import geodesic_inverse

        d = float(geodesic_inverse(a.lat, a.lon, b.lat, b.lon)[0])
        return d <= max(5e3, (a.uncertainty or 0.0) + (b.uncertainty or 0.0))
    return False


def _undetermined(launches: list[Launch]) -> str:
    """A sentence for the launches whose point the observations did not pin (a measured
    launch flagged :data:`~launchwatch.assess.events.LAUNCH_NOT_DETERMINED`; such a launch
    names no launch area), or ""."""
    k = sum(any(f.startswith(LAUNCH_NOT_DETERMINED) for f in la.flags) for la in launches)
    if not k:
        return ""
    if k == len(launches):
        return (" The launch point was not determined from what was seen." if k == 1 else
                " The launch points were not determined from what was seen.")
    return (f" The launch point of {number_words(k)} of them was not determined from what "
            f"was seen.")


def launch_areas(launches: list[Launch]) -> list[str]:
    """The launch areas of a round, each named once: places that are one area (see
    :func:`_one_area`) are named by the broadest of them (the largest radius, else the
    shortest name), which is true of every launch from any of them -- a round from
    "South Wonsan" and "Wonsan" is "from Wonsan", not "from South Wonsan and Wonsan"."""
    groups: list[list] = []
    for la in launches:
        p = la.site
        if not p.name:
            continue
        g = next((g for g in groups if any(_one_area(p, q) for q in g)), None)
        if g is None:
            groups.append([p])
        else:
            g.append(p)
    return _unique(max(g, key=lambda p: (p.uncertainty or 0.0, -len(p.name))).name for g in groups)


def _when(first: Launch, state: str | None, any_timed: bool) -> tuple[str, datetime | None]:
    if first.date_precision == "year":
        return f"In {first.utc:%Y} (month and day not reported)", None
    if first.date_precision == "month":
        return f"In {first.utc:%B %Y} (day not reported)", None
    if first.time_known:
        loc = first.utc.astimezone(launch_zone(first, state))
        return f"On {loc.day} {loc:%B %Y}", loc
    text = f"On {first.utc.day} {first.utc:%B %Y}"
    return (text if any_timed else text + " (time of day not reported)"), None


def _times(timed: list[Launch], state: str | None) -> str:
    if not timed:
        return ""
    a = min(timed, key=lambda la: la.utc)
    b = max(timed, key=lambda la: la.utc)
    za, zb = launch_zone(a, state), launch_zone(b, state)
    la_, lb = a.utc.astimezone(za), b.utc.astimezone(zb)
    ua, ub = a.utc.astimezone(UTC), b.utc.astimezone(UTC)
    zone = _zone_name(la_)
    if _hm(ua) == _hm(ub):
        return f" at {_hm(la_)} {zone} ({_hm(ua)} UTC)"
    return f" between {_hm(la_)} and {_hm(lb)} {zone} ({_hm(ua)}\u2013{_hm(ub)} UTC)"


def _regime_of(la: Launch) -> str | None:
    """The launch's regime: as recorded, else what its apogee and distance say against the
    minimum-energy flight of that distance (the thresholds of
    :class:`launchwatch.flight.RegimeRules`: lofted above 1.15 times its apogee, depressed
    from 0.5 to 0.85 times); nothing for a failed flight or a space launch."""
    if la.regime:
        return la.regime
    if (la.apogee is None or la.distance is None or la.distance <= 0 or la.outcome == "failure"
            or la.missile_class == "SLV"):
        return None
    from ...flight import RegimeRules
    from ...flight.analytic import min_energy

    rules = RegimeRules()
    ratio = la.apogee / float(min_energy(la.distance)["apogee"])
    if ratio > rules.lofted_ratio:
        return "lofted"
    return "depressed" if rules.min_apogee_ratio <= ratio < rules.min_energy_ratio else None


def _regime_sentences(launches: list[Launch], n: int) -> list[str]:
    from ...flight.analytic import min_energy

    out = []
    regimes = {id(la): _regime_of(la) for la in launches}
    for regime in ("depressed", "lofted", "quasi-ballistic"):
        these = [la for la in launches if regimes[id(la)] == regime]
        if not these:
            continue
        k = sum(la.count for la in these)
        who = ("It" if n == 1 else "All of them" if k == n else
               ("One of them" if k == 1 else f"{number_words(k).capitalize()} of them"))
        verb = "flew"
        if regime == "quasi-ballistic":
            out.append(f"{who} {verb} an irregular, quasi-ballistic trajectory (a pull-up or glide).")
            continue
        la = max(these, key=lambda x: x.distance or 0.0)
        detail = ""
        if la.apogee is not None and la.distance is not None and la.distance > 0:
            me = float(min_energy(la.distance)["apogee"])
            ratio = la.apogee / me
            rel = ("about half" if 0.4 <= ratio < 0.6 else f"about {ratio:.1f} times" if ratio >= 1.5
                   else f"{ratio:.0%} of")
            detail = (f" (apogee about {_km(la.apogee)}, {rel} the {_km(me)} of a minimum-energy "
                      f"flight of {_km(la.distance)})")
        noun = "trajectory" if k == 1 else "trajectories"
        out.append(f"{who} {verb} {'a ' if k == 1 else ''}{regime} {noun}{detail}.")
        rc = la.reconstruction
        if regime == "lofted" and rc is not None and rc.full_range:
            out.append(f"On a minimum-energy trajectory the same burnout speed would carry it about "
                       f"{_km(rc.full_range)}.")
    return out


def _outcomes(launches: list[Launch], n: int) -> str:
    fails = sum(la.count for la in launches if la.outcome == "failure")
    if not fails:
        if all(la.missile_class == "SLV" and la.outcome == "success" for la in launches):
            return " The launch succeeded." if n == 1 else " The launches succeeded."
        return ""
    if fails == n:
        return " The launch failed." if n == 1 else f" All {number_words(n)} failed."
    verb = "was a failure" if fails == 1 else "were failures"
    return f" {'One' if fails == 1 else number_words(fails).capitalize()} of them {verb}."


def bulletin(ev: Event, *, round_of_year: int | None = None, live: bool = False) -> str:
    """The round in plain English, e.g. *"On 8 May 2025, North Korea launched three
    short-range ballistic missiles from near Wonsan between 08:10 and 09:20 KST
    (23:10–00:20 UTC); they flew up to 800 km and landed in the Sea of Japan (East Sea).
    This is the fourth round of launches this year."*

    ``round_of_year``: the round's number in its local year (said when given and the
    state is known); ``live`` speaks of the round as news ("This is ... this year"),
    otherwise as a record ("It was the ... round of launches by North Korea in 2025").
    Records kept apart as possible duplicates are not counted.  A simulated round says
    so first.
    """
    launches = [la for la in ev.launches if not la.possible_duplicate_of] or list(ev.launches)
    timed = [la for la in launches if la.time_known]
    first = min(launches, key=lambda la: (not la.time_known, la.utc)) if timed else launches[0]
    at_least = any(any(c.field == "count" and c.qualifier in ("at_least", "more_than")
                       for c in la.claims) for la in launches)
    subj, n = _subject(launches, at_least)
    when, _ = _when(first, ev.state, bool(timed))
    if ev.state:
        head = f"{when}, {ev.state} launched {subj}"
    else:
        head = f"{when}, {subj} {'was' if n == 1 and not at_least else 'were'} launched"
    sites = launch_areas(launches)
    if sites:
        head += f" from {_join(sites)}"
    head += _times(timed, ev.state)
    facts = []
    # a space launch's distance and apogee are those of its stages' falls, not a flight
    flights = [la for la in launches if la.missile_class != "SLV"]
    dist = _figure(flights, "distance")
    apo = _figure(flights, "apogee")
    if dist:
        flew = "flew " + dist
        if apo:
            flew += f" (apogee {apo})"
        facts.append(flew)
    elif apo:
        several = sum(la.apogee is not None for la in flights) > 1
        facts.append(("reached altitudes " + ("" if apo.startswith("up to") else "of ") if several
                      else "reached an altitude of ") + apo)
    landing = _unique(landing_phrase(la.landing.name, la.landing.key) for la in flights)
    if landing:
        facts.append(f"landed in {_join(landing)}" if not all(x.startswith("near ") for x in landing)
                     else f"came down {_join(landing)}")
    pron = "it" if n == 1 and not at_least else "they"
    text = head + (f"; {pron} " + _join(facts) if facts else "") + "."
    text += _outcomes(launches, n)
    text += _undetermined(launches)
    for s in _regime_sentences(launches, n):
        text += " " + s
    dups = [la for la in ev.launches if la.possible_duplicate_of]
    if dups:
        k = sum(la.count for la in dups)
        lead = ("A further report" if len(dups) == 1
                else number_words(len(dups)).capitalize() + " further reports")
        text += (f" {lead} of {number_words(k)} missile{'s' * (k != 1)} could not be told apart "
                 f"from these and {'is' if len(dups) == 1 else 'are'} not counted.")
    if round_of_year and ev.state:
        if live:
            text += f" This is the {ordinal(round_of_year)} round of launches this year."
        else:
            text += f" It was the {ordinal(round_of_year)} round of launches by {ev.state} in {ev.year}."
    if ev.simulated:
        text = "Simulated round: " + text
    return text


def bulletin_json(ev: Event, *, round_of_year: int | None = None, live: bool = False) -> dict[str, Any]:
    """The bulletin and its facts as JSON-ready data (km, degrees, ISO times)."""
    launches = [la for la in ev.launches if not la.possible_duplicate_of] or list(ev.launches)
    first = launches[0]
    zone = launch_zone(first, ev.state)

    def km(v: float | None) -> float | None:
        return None if v is None or not math.isfinite(v) else round(v / 1e3, 1)

    def deg(v: float | None) -> float | None:
        return None if v is None or not math.isfinite(v) else round(math.degrees(v), 4)

    dist = [la.distance for la in launches if la.distance is not None]
    apo = [la.apogee for la in launches if la.apogee is not None]
    classes: dict[str, int] = {}
    for la in launches:
        c = la.missile_class or "unknown"
        classes[c] = classes.get(c, 0) + la.count
    return {
        "text": bulletin(ev, round_of_year=round_of_year, live=live),
        "key": ev.key, "state": ev.state, "simulated": ev.simulated,
        "count": sum(la.count for la in launches),
        "local_day": ev.local_day, "local_zone": str(zone.key),
        "first_launch_utc": ev.start.isoformat(), "last_launch_utc": ev.end.isoformat(),
        "first_launch_local": first.utc.astimezone(zone).isoformat() if first.time_known else None,
        "launch_areas": _unique(la.site.name for la in launches),
        "landing_areas": _unique(landing_phrase(la.landing.name, la.landing.key) for la in launches),
        "max_range_km": km(max(dist)) if dist else None,
        "max_apogee_km": km(max(apo)) if apo else None,
        "classes": classes, "round_of_year": round_of_year,
        "launches": [{
            "seq": la.seq, "time_utc": la.utc.isoformat(), "time_known": la.time_known,
            "lat_deg": deg(la.site.lat), "lon_deg": deg(la.site.lon), "launch_area": la.site.name,
            "range_km": km(la.distance), "apogee_km": km(la.apogee),
            "class": la.missile_class or "unknown", "missile": la.missile_name, "regime": la.regime,
            "outcome": la.outcome, "count": la.count,
            "impact_lat_deg": deg(la.landing.lat), "impact_lon_deg": deg(la.landing.lon),
            "landing_area": landing_phrase(la.landing.name, la.landing.key),
            "launch_error_m": None if la.site.uncertainty is None else round(la.site.uncertainty),
            "impact_error_m": None if la.landing.uncertainty is None else round(la.landing.uncertainty),
            "flags": la.flags, "possible_duplicate_of": la.possible_duplicate_of,
        } for la in ev.launches],
    }
