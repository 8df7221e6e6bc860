"""What the dashboard shows of register events: summaries, the bulletin, the per-launch
table, the map's points and the trajectories behind the map and the altitude profile.

Pure functions of :class:`~launchwatch.register.models.Event` records (and, for round
numbers, of the register), returning JSON-ready dicts in the units people read: km,
degrees, ISO times.  The HTML pages and the JSON API share them, so that both say the
same thing.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from ..assess.events import CLASS_WORDS, UNKNOWN
from ..register.models import Event, Launch

__all__ = [
    "CLASS_COLOURS",
    "CLASS_WORDS",
    "clean",
    "event_bulletin",
    "event_rows",
    "event_summary",
    "flight_paths",
    "map_data",
    "timeline_chart",
]

def clean(obj: Any) -> Any:
    """``obj`` with every non-finite float replaced by ``None`` (JSON has no NaN)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [clean(v) for v in obj]
    return obj


def _km(x: float | None, nd: int = 1) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x / 1e3, nd)


def _deg(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round(math.degrees(x), 5)


def _lon(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round(
        (math.degrees(x) + 180.0) % 360.0 - 180.0, 5)


def _minute(t: datetime) -> datetime:
    """``t`` rounded to the nearest minute (23:09:59.9 -> 23:10), as the bulletin says it."""
    return (t + timedelta(seconds=30)).replace(second=0, microsecond=0)


def _utc_text(la: Launch) -> str:
    if la.date_precision == "year":
        return la.utc.strftime("%Y")
    if la.date_precision == "month":
        return la.utc.strftime("%Y-%m")
    return _minute(la.utc).strftime("%Y-%m-%d %H:%M UTC") if la.time_known else la.utc.strftime("%Y-%m-%d")


def _local(la: Launch, state: str | None = None) -> datetime | None:
    """The launch time in the zone its local day is counted in (``None`` untimed)."""
    if not la.time_known:
        return None
    from ..assess.events import launch_zone

    return la.utc.astimezone(launch_zone(la, state))


def _unique(items: Any) -> list[str]:
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out


def event_summary(ev: Event, round_of_year: int | None = None) -> dict[str, Any]:
    """One line of the event list: key, title, state, times, counts, classes, places."""
    return {
        "key": ev.key, "title": ev.title, "state": ev.state,
        "start": ev.start.isoformat(), "end": ev.end.isoformat(), "year": ev.year,
        "local_day": ev.local_day, "simulated": ev.simulated,
        "time_known": any(la.time_known for la in ev.launches),
        "date_precision": ev.launches[0].date_precision,
        "round_of_year": round_of_year, "launches": len(ev.launches), "missiles": ev.n_missiles,
        "classes": ev.classes,
        "sites": _unique(la.site.name for la in ev.launches),
        "landing": _unique(la.landing.name for la in ev.launches),
        "max_distance_km": max((_km(la.distance) for la in ev.launches if la.distance is not None),
                               default=None),
        "max_apogee_km": max((_km(la.apogee) for la in ev.launches if la.apogee is not None),
                             default=None),
        "outcomes": _unique(la.outcome for la in ev.launches),
        "confirmation": _unique(la.confirmation for la in ev.launches),
        "provenance": _unique(la.provenance.kind for la in ev.launches),
    }


def event_rows(ev: Event) -> list[dict[str, Any]]:
    """The per-launch table: one dict per launch record (km, degrees, UTC and local time)."""
    from ..register.claims import conflicts, format_claim, short_source
    from ..register.reconstruct import landing_point

    rows = []
    for la in ev.launches:
        loc = _local(la, ev.state)
        lp = landing_point(la)
        rc = la.reconstruction
        rows.append({
            "seq": la.seq, "utc": la.utc.isoformat(), "utc_text": _utc_text(la),
            "time_known": la.time_known, "date_precision": la.date_precision,
            "local_text": None if loc is None else _minute(loc).strftime("%Y-%m-%d %H:%M %Z").strip(),
            "site": la.site.name, "site_lat_deg": _deg(la.site.lat), "site_lon_deg": _lon(la.site.lon),
            "site_uncertainty_km": _km(la.site.uncertainty),
            "missile": la.missile_name, "class": la.missile_class or UNKNOWN, "count": la.count,
            "possible_duplicate_of": list(la.possible_duplicate_of),
            "distance_km": _km(la.distance), "apogee_km": _km(la.apogee),
            "flight_time_s": None if la.flight_time is None else round(la.flight_time, 1),
            "bearing_deg": None if la.bearing is None else round(math.degrees(la.bearing), 1),
            "landing": la.landing.name,
            "landing_lat_deg": None if lp is None else _deg(lp[0]),
            "landing_lon_deg": None if lp is None else _lon(lp[1]),
            "landing_how": None if lp is None else lp[2],
            "landing_uncertainty_km": _km(la.landing.uncertainty),
            "regime": la.regime, "outcome": la.outcome, "confirmation": la.confirmation,
            "provenance": la.provenance.kind,
            "sources": [{"name": s.name, "url": s.url} for s in la.sources],
            "claims": [{"field": c.field, "text": format_claim(c), "source": short_source(c.source),
                        "publication": c.publication, "url": c.url, "kind": c.kind, "ref": c.ref,
                        "quote": c.quote} for c in la.claims],
            "conflicts": conflicts(la),
            "flags": list(la.flags),
            "notes": la.notes,
            "fit": None if rc is None else {
                "ballistic": rc.ballistic, "regime": rc.regime, "findings": list(rc.messages),
                "assumed": rc.assumed, "inputs": dict(rc.inputs),
                "full_range_km": _km(rc.full_range), "full_range_method": rc.full_range_method,
                "range_km": _km(rc.range), "apogee_km": _km(rc.apogee),
                "flight_time_s": round(rc.flight_time, 1) if math.isfinite(rc.flight_time) else None},
        })
    return rows


# -- the bulletin --------------------------------------------------------------------------
def event_bulletin(ev: Event, round_of_year: int | None = None) -> dict[str, Any]:
    """The round in plain language (``text``), written by the one renderer,
    :func:`launchwatch.assess.bulletin.bulletin`, and ``how`` it was written."""
    from ..assess.bulletin import bulletin

    return {"text": bulletin(ev, round_of_year=round_of_year), "how": "launchwatch.assess.bulletin"}


# -- trajectories, map and profile ------------------------------------------------------
_DISPLAY_FIT = "fitted for display (not stored)"


def _fitted(ev: Event) -> tuple[Event, dict[int, str]]:
    """A copy of ``ev`` whose launches that may be fitted (not failures or space launches,
    a located site and a shape fact) carry a reconstruction: stored, or fitted now for
    display (one shape fact: the minimum-energy flight, said so), and how each was made
    (``seq`` -> words)."""
    from ..earth.geodesic import geodesic_inverse
    from ..register.reconstruct import fit_refusal, reconstruct

    work = ev.model_copy(deep=True)
    how: dict[int, str] = {}
    fresh = []
    for la in work.launches:
        if la.reconstruction is not None:
            how[la.seq] = "stored reconstruction"
            continue
        if fit_refusal(la, assume=True) is not None:
            continue
        if la.bearing is None and la.landing.known:
            az = float(geodesic_inverse(la.site.lat, la.site.lon, la.landing.lat, la.landing.lon)[1])
            if math.isfinite(az):
                la.bearing = az % (2 * math.pi)
        fresh.append(la)
    if fresh:
        reconstruct([Event.model_construct(key=work.key, state=work.state, title=work.title,
                                           notes="", launches=fresh)], assume=True)
        for la in fresh:
            if la.reconstruction is not None:
                how[la.seq] = _DISPLAY_FIT + (" (assumed: minimum-energy)" if la.reconstruction.assumed
                                              else "")
    return work, how


def _paths(work: Event, how: dict[int, str], max_points: int) -> list[dict[str, Any]]:
    from ..earth.geodesic import geodesic_inverse
    from ..register.reconstruct import trajectories

    longest = max((la.reconstruction.flight_time for la in work.launches
                   if la.reconstruction is not None and math.isfinite(la.reconstruction.flight_time)),
                  default=0.0)
    dt = max(1.0, longest / max_points)
    out = []
    for tr in trajectories([work], sample_dt=dt):
        la = next(x for x in work.launches if x.seq == tr.seq)
        ok = np.isfinite(tr.lat) & np.isfinite(tr.lon) & np.isfinite(tr.alt)
        if ok.sum() < 2:
            continue
        lat, lon, alt, t = tr.lat[ok], tr.lon[ok], tr.alt[ok], tr.t[ok]
        rng = geodesic_inverse(np.full(lat.shape, la.site.lat), np.full(lon.shape, la.site.lon), lat, lon)[0]
        rng = np.nan_to_num(rng, nan=0.0)
        out.append({
            "seq": tr.seq, "how": how.get(tr.seq, "stored reconstruction"),
            "label": f"#{tr.seq} {la.missile_name or la.missile_class or ''}".strip(),
            "regime": la.reconstruction.regime, "ballistic": la.reconstruction.ballistic,
            "findings": list(la.reconstruction.messages),
            "t_s": [round(float(v), 1) for v in t],
            "lat_deg": [round(math.degrees(float(v)), 4) for v in lat],
            "lon_deg": [round((math.degrees(float(v)) + 180.0) % 360.0 - 180.0, 4) for v in lon],
            "alt_km": [round(float(v) / 1e3, 2) for v in np.maximum(alt, 0.0)],
            "range_km": [round(float(v) / 1e3, 2) for v in rng],
            "apogee_km": round(float(alt.max()) / 1e3, 1),
        })
    return out


def flight_paths(ev: Event, *, max_points: int = 200) -> list[dict[str, Any]]:
    """Trajectories to draw: the stored reconstructions flown again, and, for launches with
    a located site and a distance, apogee or flight time but no stored fit, a fit made for
    display only (not stored; its bearing is the site-to-landing azimuth when the landing
    point is known).  Each: ``seq``, ``how``, ``t_s``, ``lat_deg``, ``lon_deg``,
    ``alt_km``, ``range_km`` (ground range from the site), ``apogee_km``, ``regime``,
    ``findings``; about ``max_points`` samples per flight."""
    work, how = _fitted(ev)
    return _paths(work, how, max_points)


def map_data(ev: Event, *, max_points: int = 200) -> dict[str, Any]:
    """What the event map draws: launch sites, landing points (reported, reconstructed,
    reconstructed for display, or estimated), trajectories (:func:`flight_paths`) and the
    box ``[west, east, south, north]`` [deg] around them."""
    from ..register.reconstruct import landing_point

    work, how = _fitted(ev)
    paths = _paths(work, how, max_points)
    sites, landings = [], []
    for la in work.launches:
        if la.site.known:
            sites.append({"seq": la.seq, "name": la.site.name or "launch site",
                          "lat": _deg(la.site.lat), "lon": _lon(la.site.lon),
                          "uncertainty_km": _km(la.site.uncertainty)})
        lp = landing_point(la)
        path = next((p for p in paths if p["seq"] == la.seq), None)
        if lp is not None and lp[2] == "reconstructed" and path is not None:
            # the flown arc's end: on the rotating Earth the ground track bends away from the
            # launch azimuth, so the site-azimuth-range geodesic misses long flights' ends
            lp = (math.radians(path["lat_deg"][-1]), math.radians(path["lon_deg"][-1]), lp[2])
        if lp is not None:
            kind = lp[2]
            if kind == "reconstructed" and how.get(la.seq, "").startswith(_DISPLAY_FIT):
                kind = "reconstructed for display"
            landings.append({"seq": la.seq, "name": la.landing.name or "landing point",
                             "lat": _deg(lp[0]), "lon": _lon(lp[1]), "how": kind,
                             "uncertainty_km": _km(la.landing.uncertainty) if kind == "reported" else None})
    lats = [p["lat"] for p in sites + landings] + [v for p in paths for v in p["lat_deg"]]
    lons = [p["lon"] for p in sites + landings] + [v for p in paths for v in p["lon_deg"]]
    box = None
    if lats:
        pad_lat = max(1.0, 0.15 * (max(lats) - min(lats)))
        pad_lon = max(1.8, 0.15 * (max(lons) - min(lons)))  # room for the site labels
        box = [round(min(lons) - pad_lon, 3), round(max(lons) + pad_lon, 3),
               round(max(-89.0, min(lats) - pad_lat), 3), round(min(89.0, max(lats) + pad_lat), 3)]
    return clean({"key": ev.key, "sites": sites, "landings": landings, "paths": paths, "box": box})


# -- the timeline chart ------------------------------------------------------------------------
#: Colours of the classes in the dashboard's charts (the exports' colours).
from ..register.export import CLASS_COLOURS  # noqa: E402


def timeline_chart(stats: dict[str, Any], *, width: int = 900, height: int = 260) -> dict[str, Any]:
    """Stacked bars of missiles per year and class, as SVG geometry for a template:
    ``bars`` (x, y, w, h, colour, title), axis ``ticks``, ``years`` labels, ``legend``."""
    per = stats.get("missiles_per_year_class", {})
    years = sorted(int(y) for y in per)
    classes = sorted({c for v in per.values() for c in v},
                     key=lambda c: (list(CLASS_COLOURS).index(c) if c in CLASS_COLOURS else 99, c))
    left, bottom, top = 40, 30, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    out: dict[str, Any] = {"width": width, "height": height, "bars": [], "ticks": [], "years": [],
                           "legend": [{"cls": c, "colour": CLASS_COLOURS.get(c, "#777777")}
                                      for c in classes], "left": left, "base": height - bottom}
    if not years:
        return out
    span = list(range(years[0], years[-1] + 1))
    peak = max(sum(v.values()) for v in per.values()) or 1
    step = 1
    for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        step = s
        if peak / s <= 6:
            break
    top_val = math.ceil(peak / step) * step
    bw = plot_w / len(span)
    every = max(1, math.ceil(len(span) / 20))
    for i, y in enumerate(span):
        x = left + i * bw
        acc = 0
        for c in classes:
            k = per.get(y, per.get(str(y), {})).get(c, 0)
            if not k:
                continue
            h = plot_h * k / top_val
            out["bars"].append({"x": round(x + 0.1 * bw, 1), "w": round(0.8 * bw, 1),
                                "y": round(height - bottom - plot_h * (acc + k) / top_val, 1),
                                "h": round(h, 1), "colour": CLASS_COLOURS.get(c, "#777777"),
                                "title": f"{y}: {k} {c}"})
            acc += k
        if i % every == 0:
            out["years"].append({"x": round(x + bw / 2, 1), "label": str(y)})
    for v in range(0, top_val + 1, step):
        out["ticks"].append({"y": round(height - bottom - plot_h * v / top_val, 1), "label": str(v)})
    return out


def now_utc() -> str:
    """The current UTC time, ISO (for page footers)."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
