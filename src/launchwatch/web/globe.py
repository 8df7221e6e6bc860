"""The globe and the overview map: every launch of the register on one view, offline.

* ``GET /globe``: a CesiumJS globe (the vendored build in ``static/vendor/cesium``, its
  bundled Natural Earth II imagery, no token, no network) of the launches matching the
  event list's filters, drawn from ``GET /api/globe.czml``: the engine's flights of the
  stored fits over the rotating Earth, reported ground lines, landing points and regions,
  launch sites and the sensors the app was given (``app.state.sensors``); the timeline and
  playback run on the CZML clock (the whole record, or one launch); a click on a flight
  opens its event page.
* ``GET /globe/event/{key}``: one round's launches seen from the side, so the apogee can
  be read (the event page embeds it).
* ``GET /overview``: the same launches on a 2-D Leaflet map for machines without WebGL:
  class colours, site labels, a year slider, the same filters; ``GET /api/overview.json``
  its data.
* ``GET /api/globe.kmz``: the same view for Google Earth (KML 2.2 in a zip).

Filters are the event list's (:func:`~launchwatch.web.common.filters`, the register's
vocabulary and validation: a bad value is a 422 naming it, a 400 page on the HTML pages).
Rounds are selected as the list selects them; of a selected round, the launches the
launch-level filters (class, missile, outcome, status, facility) do not match are left
out, so that a class filter shows that class only.
"""

from __future__ import annotations

import math
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ..assess.events import UNKNOWN, normalise_class
from ..register.models import Event, Launch
from .common import Filters, Json, filters, get_event, query, register_of, skipped

__all__ = ["GLOBE_CSP", "router", "select_launches"]

router = APIRouter()

#: The globe pages' Content-Security-Policy: still nothing but the server itself, with
#: what CesiumJS needs (its widgets' knockout bindings evaluate expressions, its workers
#: and textures use blob: URLs), and embedding by the dashboard's own pages.
GLOBE_CSP = ("default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
             "script-src 'self' 'unsafe-eval' blob:; worker-src 'self' blob:; "
             "connect-src 'self' data: blob:; "
             "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'")
_HEADERS = {"content-security-policy": GLOBE_CSP, "x-frame-options": "SAMEORIGIN"}
OUTCOMES = ("success", "failure", "unknown")
CONFIRMATIONS = ("confirmed", "reported", "unconfirmed", "disputed")


def _launch_matches(la: Launch, f: Filters) -> bool:
    if f.cls:
        want = None if f.cls.strip().lower() == UNKNOWN else normalise_class(f.cls)
        if la.missile_class != want:
            return False
    if f.outcome and la.outcome != f.outcome.strip().lower():
        return False
    if f.confirmation and la.confirmation != f.confirmation.strip().lower():
        return False
    if f.missile:
        from ..register.designations import designation

        d = designation(f.missile)
        if d is not None:
            if designation(la.missile_name) != d:
                return False
        elif f.missile.strip().lower() not in (la.missile_name or "").lower():
            return False
    if f.facility:
        from ..earth.gazetteer import default_gazetteer

        text = f.facility.strip().lower()
        entry = default_gazetteer().lookup(f.facility)
        names = {n.lower() for n in entry.names} if entry is not None else set()
        name = la.site.name.lower()
        if not (text in name or name in names or (entry is not None and la.site.key == entry.key)):
            return False
    return True


def select_launches(events: list[Event], f: Filters) -> list[Event]:
    """The rounds of ``events`` with only their launches matching ``f``'s launch-level
    filters (rounds left without a launch are dropped); copies, ``events`` untouched."""
    out = []
    for ev in events:
        keep = [la for la in ev.launches if _launch_matches(la, f)]
        if keep:
            out.append(ev if len(keep) == len(ev.launches) else ev.model_copy(update={"launches": keep}))
    return out


#: Views kept per app (the globe's CZML, the overview's data, the selected rounds).
CACHE_SIZE = 24


def _version(request: Request) -> tuple[Any, ...]:
    """What changes whenever the register does: rounds, launches, last update."""
    from sqlalchemy import text

    with register_of(request).engine.connect() as c:
        return tuple(c.execute(text("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM launches), "
                                    "(SELECT max(updated_utc) FROM events)")).one())


def _cached(request: Request, f: Filters, what: str, build: Any) -> Any:
    """``build(events)`` of the launches matching ``f``, kept while the register is
    unchanged (the whole record takes seconds to read and fly)."""
    return _cached_noted(request, f, what, build)[0]


def _cached_noted(request: Request, f: Filters, what: str,
                  build: Any) -> tuple[Any, list[tuple[str, str]]]:
    """``(build(events), left_out)``: as :func:`_cached`, a stored record that cannot be
    drawn being left out alone (``(key, reason)`` in ``left_out``, with the rounds the
    register cannot list), never failing the whole view."""
    cache: dict[tuple[Any, ...], Any] = request.app.state.__dict__.setdefault("globe_cache", {})
    version = _version(request)
    key = (what, f.query_string(), version)
    if key not in cache:
        sel = ("events", f.query_string(), version)
        if sel not in cache:
            cache[sel] = (select_launches(query(request, f), f), [])
        cache[key] = _drawable(build, cache[sel][0])
        while len(cache) > CACHE_SIZE:
            cache.pop(next(iter(cache)))
    value, bad = cache[key]
    return value, [*((s["key"], s["reason"]) for s in skipped(request)), *bad]


def _drawable(build: Any, events: list[Event]) -> tuple[Any, list[tuple[str, str]]]:
    """``(build(events), [])``, or, when that fails, ``build`` of the rounds it accepts
    one by one and the others as ``(key, reason)``."""
    from ..register.export import records_accepted

    try:
        return build(events), []
    except (MemoryError, RecursionError):
        raise
    except Exception:  # find the records at fault, one by one, and draw the others
        good, bad = records_accepted(build, events)
        return build(good), bad


def _left_out_header(left_out: list[tuple[str, str]]) -> dict[str, str]:
    """The ``X-Skipped-Records`` header naming the rounds left out (as ``/api/events.csv``)."""
    if not left_out:
        return {}
    return {"X-Skipped-Records": "; ".join(f"{k}: {why}" for k, why in left_out)[:2000]}


def _selected(request: Request, f: Filters) -> list[Event]:
    return _cached(request, f, "events", lambda evs: evs)


def _sensors(request: Request) -> tuple[Any, ...]:
    return tuple(getattr(request.app.state, "sensors", ()) or ())


def _page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> Response:
    resp = request.app.state.templates.TemplateResponse(request, name, ctx, status_code=status)
    resp.headers.update(_HEADERS)
    return resp


def _home(events: list[Event]) -> dict[str, float]:
    """Where the globe looks first: above the mean of the launch sites (deg, m)."""
    pts = [(la.site.lat, la.site.lon) for ev in events for la in ev.launches if la.site.known]
    if not pts:
        return {"lat": 30.0, "lon": 128.0, "height": 1.4e7}
    x = sum(math.cos(a) * math.cos(b) for a, b in pts) / len(pts)
    y = sum(math.cos(a) * math.sin(b) for a, b in pts) / len(pts)
    z = sum(math.sin(a) for a, _ in pts) / len(pts)
    return {"lat": round(math.degrees(math.atan2(z, math.hypot(x, y))) - 12.0, 4),
            "lon": round(math.degrees(math.atan2(y, x)) + 4.0, 4), "height": 1.3e7}


def _form(f: Filters) -> dict[str, Any]:
    return {"f": f.as_dict(), "qs": f.query_string(), "outcomes": OUTCOMES, "confirmations": CONFIRMATIONS}


@router.get("/globe", response_class=HTMLResponse, include_in_schema=False)
def globe_page(request: Request, f: Annotated[Filters, Depends(filters)]) -> Response:
    error = None
    try:
        evs = _selected(request, f)
    except HTTPException as exc:
        evs, error = [], str(exc.detail)
    n = sum(len(ev.launches) for ev in evs)
    fitted = sum(la.reconstruction is not None and la.site.known for ev in evs for la in ev.launches)
    qs = f.query_string()
    return _page(request, "globe.html", {
        **_form(f), "nav": "globe", "error": error, "n_events": len(evs), "n_launches": n,
        "n_fitted": fitted, "embed": False,
        "config": {"czml": "/api/globe.czml" + (f"?{qs}" if qs else ""), "home": _home(evs),
                   "view": None, "embed": False}},
        400 if error else 200)


@router.get("/globe/event/{key}", response_class=HTMLResponse, include_in_schema=False)
def event_globe_page(request: Request, key: str, embed: bool = False) -> Response:
    from ..register.globe import side_view

    ev = get_event(request, key)
    view = side_view([ev])
    n = len(ev.launches)
    fitted = sum(la.reconstruction is not None and la.site.known for la in ev.launches)
    return _page(request, "globe.html", {
        **_form(Filters()), "nav": "globe", "error": None, "n_events": 1, "n_launches": n,
        "n_fitted": fitted, "embed": embed, "ev": ev,
        "config": {"czml": f"/api/events/{quote(ev.key, safe='')}/globe.czml", "home": _home([ev]),
                   "view": view, "embed": embed, "event": ev.key}})


@router.get("/api/globe.czml", tags=["globe"])
def globe_czml(request: Request, f: Annotated[Filters, Depends(filters)]) -> Response:
    """CZML of the launches matching the filters (the globe page's data)."""
    from ..register.globe import dumps
    from ..register.globe import globe_czml as build

    text, left_out = _cached_noted(request, f, "czml",
                                   lambda evs: dumps(build(evs, sensors=_sensors(request))))
    if left_out:  # said in the document packet, as the CZML export says it
        from ..register.export import _noted

        text = _noted(text, "czml", left_out)
    return Response(text, media_type="application/json", headers=_left_out_header(left_out))


@router.get("/api/events/{key}/globe.czml", tags=["globe"])
def event_czml(request: Request, key: str) -> Response:
    """CZML of one round (its launches and the sensors)."""
    from ..register.globe import globe_czml as build

    return Json(build([get_event(request, key)], sensors=_sensors(request), sample_dt=5.0))


@router.get("/api/globe.kmz", tags=["globe"])
def globe_kmz(request: Request, f: Annotated[Filters, Depends(filters)]) -> Response:
    """KMZ (KML 2.2 for Google Earth) of the launches matching the filters."""
    from ..register.globe import to_kmz

    name = "launchwatch" + (f"-{f.year}" if f.year else "") + ".kmz"
    data, left_out = _cached_noted(request, f, "kmz", to_kmz)
    return Response(data, media_type="application/vnd.google-earth.kmz",
                    headers={"content-disposition": f'attachment; filename="{name}"',
                             **_left_out_header(left_out)})


def overview_data(events: list[Event], *, max_points: int = 40) -> dict[str, Any]:
    """What the overview map draws: one row per launch with a located site (``lat``,
    ``lon`` [deg], ``class``, ``colour``, ``year``, ``event``, ``seq``, ``url``, ``label``,
    figures in km, ``path`` kind) and its ground track (``track``: ``[[lat, lon], ...]``
    [deg] of the flown fit, or the site-to-landing line of a reported path), the sites
    with their launch counts, the years and the box ``[west, east, south, north]`` [deg]."""
    from ..register.globe import path_kind
    from ..register.reconstruct import landing_point, trajectories
    from .views import CLASS_COLOURS

    trs = {(t.event, t.seq): t for t in trajectories(events, sample_dt=20.0)}
    rows: list[dict[str, Any]] = []
    sites: dict[str, dict[str, Any]] = {}

    def deg(a: float) -> float:
        return round(math.degrees(a), 4)

    def lon(a: float) -> float:
        return round((math.degrees(a) + 180.0) % 360.0 - 180.0, 4)

    for ev in events:
        for la in ev.launches:
            if not la.site.known:
                continue
            tr = trs.get((ev.key, la.seq))
            kind = path_kind(la, tr is not None)
            track: list[list[float]] = []
            if tr is not None:
                step = max(1, len(tr.t) // max_points)
                idx = [*range(0, len(tr.t) - 1, step), len(tr.t) - 1]
                track = [[deg(tr.lat[i]), lon(tr.lon[i])] for i in idx]
            elif kind == "reported":
                lp = landing_point(la)
                track = [[deg(la.site.lat), lon(la.site.lon)], [deg(lp[0]), lon(lp[1])]]
            cls = la.missile_class or UNKNOWN
            rows.append({
                "event": ev.key, "seq": la.seq, "url": "/events/" + quote(ev.key, safe=""),
                "year": ev.year, "utc": la.utc.isoformat(), "lat": deg(la.site.lat), "lon": lon(la.site.lon),
                "site": la.site.name, "class": cls, "colour": CLASS_COLOURS.get(cls, CLASS_COLOURS[UNKNOWN]),
                "missile": la.missile_name or "", "outcome": la.outcome, "path": kind,
                "apogee_km": None if la.apogee is None else round(la.apogee / 1e3, 1),
                "distance_km": None if la.distance is None else round(la.distance / 1e3, 1),
                "label": f"{ev.key} #{la.seq} {la.missile_name or cls}", "track": track})
            s = sites.setdefault(la.site.name or f"{deg(la.site.lat)}, {lon(la.site.lon)}", {
                "name": la.site.name or "launch site", "lat": deg(la.site.lat), "lon": lon(la.site.lon),
                "launches": 0, "years": []})
            s["launches"] += 1
            s["years"].append(ev.year)
    lats = [r["lat"] for r in rows] + [p[0] for r in rows for p in r["track"]]
    lons = [r["lon"] for r in rows] + [p[1] for r in rows for p in r["track"]]
    box = None
    if lats:
        box = [min(lons) - 2.0, max(lons) + 2.0, max(-85.0, min(lats) - 1.5), min(85.0, max(lats) + 1.5)]
    years = sorted({r["year"] for r in rows})
    return {"launches": rows, "sites": list(sites.values()), "years": years, "box": box}


@router.get("/api/overview.json", tags=["globe"])
def overview_json(request: Request, f: Annotated[Filters, Depends(filters)]) -> Response:
    """The overview map's data of the launches matching the filters."""
    import json

    text = _cached(request, f, "overview", lambda evs: json.dumps(overview_data(evs), separators=(",", ":")))
    return Response(text, media_type="application/json")


@router.get("/overview", response_class=HTMLResponse, include_in_schema=False)
def overview_page(request: Request, f: Annotated[Filters, Depends(filters)]) -> Response:
    error = None
    try:
        evs = _selected(request, f)
    except HTTPException as exc:
        evs, error = [], str(exc.detail)
    qs = f.query_string()
    return request.app.state.templates.TemplateResponse(request, "overview.html", {
        **_form(f), "nav": "overview", "error": error, "n_events": len(evs),
        "n_launches": sum(len(ev.launches) for ev in evs),
        "data_url": "/api/overview.json" + (f"?{qs}" if qs else ""),
        "kmz_url": "/api/globe.kmz" + (f"?{qs}" if qs else "")}, status_code=400 if error else 200)
