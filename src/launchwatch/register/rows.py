"""Records to table rows and back: the one place that knows both sides.

``*_values`` give plain column dicts (the ORM classes of :mod:`.schema` and the data
step of the 0003 migration both build rows from them); ``event_from_rows`` reads an
event back.  Times are naive UTC in the tables, aware UTC in the records.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from .models import Change, Claim, Event, Launch, Place, Provenance, Reconstruction, Source

__all__ = ["change_values", "claim_values", "event_from_rows", "event_values", "launch_values",
           "source_values"]


def _naive(t: datetime | None) -> datetime | None:
    return None if t is None else t.astimezone(UTC).replace(tzinfo=None)


def _aware(t: datetime | None) -> datetime | None:
    return None if t is None else t.replace(tzinfo=UTC)


def event_values(ev: Event, created: datetime, updated: datetime) -> dict[str, Any]:
    """Columns of ``events`` for a record (``created``/``updated`` naive UTC)."""
    return {"key": ev.key, "state": ev.state, "title": ev.title, "notes": ev.notes,
            "start_utc": _naive(ev.start), "end_utc": _naive(ev.end), "year": ev.year,
            "local_day": ev.local_day, "simulated": ev.simulated, "n_missiles": ev.n_missiles,
            "created_utc": created, "updated_utc": updated}


def launch_values(la: Launch) -> dict[str, Any]:
    """Columns of ``launches`` for a record (without the event id)."""
    return {
        "seq": la.seq, "utc": _naive(la.utc), "time_known": la.time_known,
        "date_precision": la.date_precision, "site_name": la.site.name, "site_key": la.site.key,
        "site_lat": la.site.lat, "site_lon": la.site.lon, "site_uncertainty": la.site.uncertainty,
        "missile_name": la.missile_name, "missile_class": la.missile_class, "count": la.count,
        "apogee": la.apogee, "distance": la.distance, "flight_time": la.flight_time,
        "bearing": la.bearing, "landing_name": la.landing.name, "landing_key": la.landing.key,
        "landing_lat": la.landing.lat, "landing_lon": la.landing.lon,
        "landing_uncertainty": la.landing.uncertainty, "regime": la.regime,
        "outcome": la.outcome, "confirmation": la.confirmation, "notes": la.notes,
        "flags": list(la.flags), "possible_duplicate_of": list(la.possible_duplicate_of),
        "provenance": la.provenance.model_dump(mode="json"),
        "reconstruction": None if la.reconstruction is None else la.reconstruction.model_dump(mode="json"),
    }


def source_values(s: Source) -> dict[str, Any]:
    """Columns of ``sources``."""
    return {"name": s.name, "url": s.url, "citation": s.citation,
            "published_utc": _naive(s.published), "fields": list(s.fields), "quote": s.quote}


def claim_values(c: Claim) -> dict[str, Any]:
    """Columns of ``claims`` (the value as JSON)."""
    return {"field": c.field, "value": c.model_dump(mode="json", include={"value"})["value"],
            "qualifier": c.qualifier, "low": c.low, "high": c.high, "reported": c.reported,
            "unit": c.unit, "uncertainty": c.uncertainty, "time_precision": c.time_precision,
            "place_precision": c.place_precision, "source": c.source, "publication": c.publication,
            "url": c.url, "published_utc": _naive(c.published), "quote": c.quote,
            "span_start": None if c.span is None else c.span[0],
            "span_end": None if c.span is None else c.span[1], "kind": c.kind, "ref": c.ref,
            "confidence": c.confidence, "recorded_utc": _naive(c.recorded)}


def change_values(ch: Change) -> dict[str, Any]:
    """Columns of ``changes``."""
    d = ch.model_dump(mode="json", include={"old", "new"})
    return {"when_utc": _naive(ch.when), "source": ch.source, "launch_seq": ch.launch,
            "field": ch.field, "old": d["old"], "new": d["new"], "old_text": ch.old_text,
            "new_text": ch.new_text, "note": ch.note}


def _claim_value(field: str, v: Any) -> Any:
    if field == "time":
        return datetime.fromisoformat(v.replace("Z", "+00:00")).astimezone(UTC)
    if field in ("site", "landing"):
        return Place.model_construct(**{"name": "", "lat": None, "lon": None, "uncertainty": None,
                                        "key": None, **v})
    if field in ("distance", "apogee", "flight_time", "bearing"):
        return float(v)
    return v


def _claim(r: Any) -> Claim:
    # stored claims were validated when written: construct them without validating again
    span = None if r.span_start is None else (int(r.span_start), int(r.span_end))
    return Claim.model_construct(
        field=r.field, value=_claim_value(r.field, r.value), qualifier=r.qualifier, low=r.low,
        high=r.high, reported=r.reported, unit=r.unit, uncertainty=r.uncertainty,
        time_precision=r.time_precision, place_precision=r.place_precision, source=r.source,
        publication=r.publication, url=r.url, published=_aware(r.published_utc), quote=r.quote,
        span=span, kind=r.kind, ref=r.ref, confidence=r.confidence, recorded=_aware(r.recorded_utc))


def event_from_rows(row: Any) -> Event:
    """The record of an ``EventRow`` (with its launches, sources, claims, changes, aliases)."""
    launches = []
    for r in row.launches:
        launches.append(Launch.model_construct(
            seq=r.seq, utc=r.utc.replace(tzinfo=UTC), time_known=bool(r.time_known),
            date_precision=r.date_precision or "day",
            site=Place.model_construct(name=r.site_name or "", lat=r.site_lat, lon=r.site_lon,
                                       uncertainty=r.site_uncertainty, key=r.site_key),
            missile_name=r.missile_name, missile_class=r.missile_class, count=r.count,
            apogee=r.apogee, distance=r.distance, flight_time=r.flight_time, bearing=r.bearing,
            landing=Place.model_construct(name=r.landing_name or "", lat=r.landing_lat,
                                          lon=r.landing_lon, uncertainty=r.landing_uncertainty,
                                          key=r.landing_key),
            regime=r.regime, outcome=r.outcome, confirmation=r.confirmation, notes=r.notes or "",
            sources=[Source.model_construct(name=s.name, url=s.url, citation=s.citation,
                                            published=_aware(s.published_utc),
                                            fields=list(s.fields or []), quote=s.quote)
                     for s in r.sources],
            claims=[_claim(c) for c in r.claims],
            flags=list(r.flags or []), possible_duplicate_of=list(r.possible_duplicate_of or []),
            provenance=Provenance.model_validate(r.provenance or {}),
            reconstruction=None if r.reconstruction is None
            else Reconstruction.model_validate(r.reconstruction)))
    changes = [Change.model_validate({
        "when": _aware(c.when_utc), "source": c.source, "launch": c.launch_seq, "field": c.field,
        "old": c.old, "new": c.new, "old_text": c.old_text or "", "new_text": c.new_text or "",
        "note": c.note or ""}) for c in row.changes]
    return Event.model_construct(key=row.key, state=row.state, title=row.title,
                                 notes=row.notes or "", launches=launches,
                                 simulated=bool(row.simulated), changes=changes,
                                 aliases=[a.alias for a in row.aliases])
