"""The dashboard's HTML pages: the event list with its filters (and a CSV download of
the filtered view), an event page, the timeline and the ingest page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from ..errors import InputError
from . import views
from .api import detail, map_of
from .common import (
    Filters,
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

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _templates(request: Request):
    return request.app.state.templates


@router.get("/", response_class=HTMLResponse)
@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, f: Annotated[Filters, Depends(filters)]) -> Response:
    error = None
    try:
        evs = query(request, f)
    except HTTPException as exc:
        evs, error = [], str(exc.detail)
    rnd = round_map(request)
    rows = summaries(request, list(reversed(evs)), rnd)
    return _templates(request).TemplateResponse(request, "events.html", {
        "rows": rows, "error": error, "total": view_of(request).counted(), "f": f.as_dict(),
        "skipped": skipped(request),
        "csv": "/api/events.csv" + (f"?{f.query_string()}" if f.query_string() else ""),
        "outcomes": ("success", "failure", "unknown"),
        "confirmations": ("confirmed", "reported", "unconfirmed", "disputed")},
        status_code=400 if error else 200)


@router.get("/events/{key}", response_class=HTMLResponse)
def event_page(request: Request, key: str) -> Response:
    ev = get_event(request, key)
    d = drawn(request, ev.key, lambda: detail(request, ev))
    data = drawn(request, ev.key, lambda: map_of(request, ev))
    return _templates(request).TemplateResponse(request, "event.html", {
        "ev": ev, "d": d, "summary": views.event_summary(ev, d["round_of_year"]),
        "map": data, "paths": data["paths"]})


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, state: str | None = None) -> Response:
    reg = register_of(request)
    stats = reg.stats()
    rnd = round_map(request)
    error = None
    try:
        evs = view_of(request).readable(reg.events(state=state)) if state else view_of(request).events()
    except InputError as exc:
        evs, error = [], str(exc)
    rows = summaries(request, list(reversed(evs)), rnd)
    return _templates(request).TemplateResponse(request, "timeline.html", {
        "stats": stats, "chart": views.timeline_chart(stats), "rows": rows, "error": error,
        "skipped": skipped(request),
        "state": state or ""}, status_code=400 if error else 200)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> Response:
    return _templates(request).TemplateResponse(request, "ingest.html", {
        "writes": request.app.state.token is not None,
        "limit_kib": request.app.state.max_report_bytes // 1024})


@router.get("/favicon.ico")
def favicon(request: Request) -> Response:
    return Response((request.app.state.static / "favicon.svg").read_bytes(), media_type="image/svg+xml")
