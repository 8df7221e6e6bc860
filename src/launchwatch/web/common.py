"""What the dashboard's routers share: the register of the app, event lookup, the
filters of the event list (one definition for pages, API and CSV), JSON without NaN,
and round numbers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request
from fastapi.responses import JSONResponse

from ..errors import InputError
from ..register.models import Event
from ..register.store import Register
from . import views

__all__ = [
    "Filters",
    "Json",
    "drawn",
    "filters",
    "get_event",
    "query",
    "register_of",
    "round_map",
    "rounds",
    "skipped",
    "summaries",
    "timeline_rows",
    "view_of",
]


class Json(JSONResponse):
    """JSON without NaN (non-finite floats become null)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(views.clean(content), ensure_ascii=False, separators=(",", ":")).encode()


def register_of(request: Request) -> Register:
    return request.app.state.register


def view_of(request: Request) -> Any:
    """The app's :class:`~launchwatch.web.cache.RegisterView`."""
    return request.app.state.view


def round_map(request: Request) -> dict[str, int]:
    """Round number of every real round with a state (from the rounds in memory)."""
    return view_of(request).rounds()


def timeline_rows(request: Request, *, year: int | None = None,
                  state: str | None = None) -> list[dict[str, Any]]:
    """:meth:`Register.timeline` on the rounds in memory; an unknown state is a 422."""
    try:
        return view_of(request).timeline(year=year, state=state or None)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None


def drawn(request: Request, key: str, fn: Any) -> Any:
    """``fn()`` (drawing one stored round); a round that cannot be drawn is a 422 naming
    it and why (that round alone: every other page and list still answers)."""
    from ..errors import one_line

    try:
        return fn()
    except HTTPException:
        raise
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:
        raise HTTPException(422, f"event={key!r}: this stored record cannot be drawn: "
                                 f"{one_line(f'{type(exc).__name__}: {exc}', 300)}") from None


def get_event(request: Request, key: str) -> Event:
    try:
        return register_of(request).get(key)
    except InputError:
        raise HTTPException(404, f"no such event in the register: key={key!r}") from None


def rounds(reg: Register) -> dict[str, int]:
    """Round number of every real round with a state."""
    return {r["key"]: r["round"] for r in reg.timeline() if r["state"] is not None and r["round"]}


@dataclass
class Filters:
    """The event list's filters (every one optional; they combine with AND)."""

    start: str | None = None
    end: str | None = None
    year: int | None = None
    place: str | None = None
    facility: str | None = None
    cls: str | None = None
    missile: str | None = None
    outcome: str | None = None
    confirmation: str | None = None
    state: str | None = None
    text: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: ("" if v is None else v) for k, v in self.__dict__.items()}

    def query_string(self) -> str:
        from urllib.parse import urlencode

        names = {"cls": "class", "text": "q"}
        return urlencode({names.get(k, k): v for k, v in self.__dict__.items() if v not in (None, "")})


def filters(
    start: Annotated[str | None, Query(description="local day on or after (YYYY-MM-DD)")] = None,
    end: Annotated[str | None, Query(description="local day on or before (YYYY-MM-DD)")] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200, description="local year")] = None,
    place: Annotated[str | None, Query(description="launch site or landing area, name or alias")] = None,
    facility: Annotated[str | None, Query(description="launch site (name or part of it)")] = None,
    cls: Annotated[str | None, Query(alias="class", description="class: SRBM, ICBM, ..., unknown")] = None,
    missile: Annotated[str | None, Query(description="missile type, any public designation")] = None,
    outcome: Annotated[str | None, Query(description="success, failure or unknown")] = None,
    confirmation: Annotated[str | None, Query(
        description="confirmed, reported, unconfirmed or disputed")] = None,
    state: Annotated[str | None, Query(description="launching state, name or code (KP)")] = None,
    q: Annotated[str | None, Query(description="free text: names, notes, sources, quotes")] = None,
) -> Filters:
    """The filters from the query string (a FastAPI dependency)."""
    return Filters(start or None, end or None, year, place or None, facility or None, cls or None,
                   missile or None, outcome or None, confirmation or None, state or None, q or None)


def _readable(request: Request | None, evs: list[Event]) -> list[Event]:
    return evs if request is None else view_of(request).readable(evs)


def summaries(request: Request, evs: list[Event], rnd: dict[str, int]) -> list[dict[str, Any]]:
    """:func:`views.event_summary` of each of ``evs`` (with its round number from
    ``rnd``), drawn once per version of the round (the lists redrawn after a write
    redraw only the lines of the rounds it changed)."""
    view = view_of(request)
    return [view.memo("summary", e.key, lambda e=e: views.event_summary(e, rnd.get(e.key)),
                      rnd.get(e.key)) for e in evs]


def skipped(request: Request) -> list[dict[str, str]]:
    """The stored rounds that cannot be listed, each with why (shown by every list)."""
    return [{"key": k, "reason": why} for k, why in sorted(view_of(request).unreadable.items())]


def query(where: Register | Request, f: Filters) -> list[Event]:
    """The events matching ``f``; a bad or unknown value is a 422 naming the field, the
    value and the allowed values.  Given the request, the list unfiltered or filtered
    by the local year alone comes from the rounds in memory (the register's own filter
    is ``year == local year`` too); any other filter asks the register."""
    request_of = where if isinstance(where, Request) else None
    if isinstance(where, Request):
        only_year = all(v is None for k, v in f.__dict__.items() if k != "year")
        if only_year:
            evs = view_of(where).events()
            return evs if f.year is None else [e for e in evs if e.year == f.year]
        where = register_of(where)
    reg = where
    try:
        evs = reg.events(start=f.start, end=f.end, year=f.year, place=f.place, facility=f.facility,
                         missile_class=f.cls, missile_name=f.missile, outcome=f.outcome,
                         confirmation=f.confirmation, state=f.state, text=f.text)
    except InputError as exc:
        raise HTTPException(422, str(exc)) from None
    return _readable(request_of, evs)
