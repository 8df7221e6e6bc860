"""A draft and its fields: :class:`Extracted` (one fact with its span), :class:`Draft`
(see :mod:`launchwatch.register.ingest.draft`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ...models import Event, Place

MAX_REPORT_CHARS = 1 << 20

FIELDS = (
    "report_date",
    "report_place",
    "launch_date",
    "state",
    "times",
    "site",
    "landing",
    "distance",
    "apogee",
    "flight_time",
    "bearing",
    "count",
    "count_min",
    "missile_class",
    "missile_name",
    "outcome",
    "reporters",
    "claims",
    "round_claims",
)


@dataclass
class Extracted:
    """One extracted fact: ``value`` (SI units: m, s, rad; aware UTC datetimes), the text
    it came from, its ``span`` (start, end) in the report, a ``confidence`` in [0, 1] and
    a ``note``; where known, the ``source`` (agency) that says it, the ``qualifier`` it was
    given with (``exact``, ``about``, ``at_least``, ``more_than``, ``at_most``,
    ``less_than``, ``interval``) and its bounds ``low``/``high`` (SI), the ``unit`` as
    written, and for a launch time its ``local`` time (aware, in the zone the report
    gives it in) and that ``zone``."""

    value: Any
    text: str
    span: tuple[int, int]
    confidence: float
    note: str = ""
    source: str | None = None
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    local: datetime | None = None
    zone: str | None = None

    def as_dict(self) -> dict[str, Any]:
        v = self.value
        if isinstance(v, datetime | date):
            v = v.isoformat()
        elif isinstance(v, Place):
            v = v.model_dump(mode="json")
        out: dict[str, Any] = {
            "value": v,
            "text": self.text,
            "span": list(self.span),
            "confidence": round(self.confidence, 2),
            "note": self.note,
        }
        for k in ("source", "qualifier", "low", "high", "unit", "zone"):
            x = getattr(self, k)
            if x is not None:
                out[k] = x
        if self.local is not None:
            out["local"] = self.local.isoformat()
        return out


@dataclass
class Draft:
    """A draft event read from a report: ``fields`` (name -> :class:`Extracted`, a list of
    them for ``times``/``missile_class``/``reporters``/``claims``/``round_claims``, or
    ``None`` when not found), the ``event`` built from them (``None`` without a date),
    ``flags`` (inconsistencies, conflicts between agencies and gaps for the analyst) and
    the report's ``language`` (``en``, ``ko``, ``ja``); ``scanned`` counts the characters the
    readers' patterns scanned (a measure of the work done, linear in the report's length)."""

    text: str
    fields: dict[str, Any]
    event: Event | None = None
    flags: list[str] = field(default_factory=list)
    language: str = "en"
    scanned: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (what ``launchwatch ingest --json`` prints)."""
        out: dict[str, Any] = {}
        for k in FIELDS:
            v = self.fields.get(k)
            out[k] = [x.as_dict() for x in v] if isinstance(v, list) else None if v is None else v.as_dict()
        return {
            "fields": out,
            "flags": list(self.flags),
            "language": self.language,
            "event": None if self.event is None else self.event.model_dump(mode="json"),
        }
