"""The CNS North Korea Missile Test Database (its JSON export) read into events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ...errors import InputError
from ..models import Event, Source
from .cells import ImportFailed, RowError, _Bad
from .tables import _load_json, read_rows

#: The source record given to every launch read from the CNS database.
CNS_SOURCE = Source(
    name="CNS North Korea Missile Test Database",
    url="https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/",
    citation="James Martin Center for Nonproliferation Studies for the Nuclear Threat Initiative",
    fields=["date", "time", "missile", "facility", "landing", "apogee", "distance", "bearing",
            "outcome"],
)

def read_cns_json(folder: str | Path) -> list[Event]:
    """Events from the CNS North Korea Missile Test Database in its JSON form.

    ``folder`` holds ``test.en.json`` (records under ``timeBins[].data[]``),
    ``facility.en.json`` and ``missile.en.json`` (``dict.en.json`` is not needed: landing
    areas are named from the gazetteer).  Records become launches grouped into rounds (a
    state's launches on one local day at the site); every figure is a claim of the CNS
    database with the record's identity in ``ref`` (``cns:<date>/<n>``, the n-th record
    of that date in the file); ``unknown``/``na`` values stay empty; apogee and distance
    in km become metres, bearing in degrees radians.  The records' prose descriptions
    are not read (facts and figures only).
    """
    rows = cns_rows(folder)
    events, _ = read_rows(((i + 1, r) for i, r in enumerate(rows)), importer="cns-json",
                          input_name="test.en.json", state="North Korea", source=CNS_SOURCE)
    return events


def cns_rows(folder: str | Path) -> list[dict[str, Any]]:
    """The records of a CNS JSON compilation as rows of :data:`COLUMNS` (plus ``ref``)."""
    base = Path(folder)
    if base.is_file():
        base = base.parent
    if not base.is_dir():
        raise InputError("cns", str(base), "not a folder holding test.en.json, facility.en.json "
                         "and missile.en.json")
    tests = _load_json(base / "test.en.json", "cns")
    fac_doc = _load_json(base / "facility.en.json", "cns")
    missiles = _load_json(base / "missile.en.json", "cns")
    facilities = fac_doc.get("facilities") if isinstance(fac_doc, dict) else None
    if not _table(facilities):
        raise InputError("cns", "facility.en.json", "expected {\"facilities\": {key: {name, lat, "
                         "lon}}}")
    if not _table(missiles):
        raise InputError("cns", "missile.en.json", "expected {key: {name, type}}")
    if not isinstance(tests, dict) or not isinstance(tests.get("timeBins"), list):
        raise InputError("cns", "test.en.json", "no timeBins[] list of records")
    rows = []
    errors: list[RowError] = []
    per_day: dict[str, int] = {}
    n = 0
    for i, tb in enumerate(tests["timeBins"]):
        data = tb.get("data", []) if isinstance(tb, dict) else None
        if not isinstance(data, list):
            errors.append(RowError(n + 1, f"timeBins[{i}].data", data, "not a list of records"))
            continue
        for j, rec in enumerate(data):
            n += 1
            where = f"timeBins[{i}].data[{j}]"
            if not isinstance(rec, dict):
                errors.append(RowError(n, where, rec, "not an object"))
                continue
            try:
                row = _cns_row(rec, facilities, missiles)
            except _Bad as b:
                errors.append(RowError(n, f"{where}.{b.field}", b.value, b.reason))
                continue
            day = str(row["date"])
            per_day[day] = per_day.get(day, 0) + 1
            row["ref"] = f"cns:{day}/{per_day[day]}"
            rows.append(row)
    if errors:
        raise ImportFailed("test.en.json", errors)
    return rows


def _table(obj: Any) -> bool:
    return isinstance(obj, dict) and all(isinstance(v, dict) for v in obj.values())


def _cns_text(rec: dict[str, Any], name: str, default: str = "unknown") -> str:
    """A text field of a CNS record (numbers allowed for dates' and times' sake)."""
    v = rec.get(name, default)
    if v is None:
        return default
    if isinstance(v, bool) or not isinstance(v, str | int | float):
        raise _Bad(name, v, "must be a text")
    return str(v)


def _cns_row(rec: dict[str, Any], facilities: dict, missiles: dict) -> dict[str, Any]:
    fkey = _cns_text(rec, "facility")
    mkey = _cns_text(rec, "missile")
    landing = _cns_text(rec, "landing")
    for name in ("apogee", "distance", "bearing"):
        v = rec.get(name)
        if v is not None and (isinstance(v, bool) or not isinstance(v, str | int | float)):
            raise _Bad(name, v, "must be a number or 'unknown'")
    fac = facilities.get(fkey, {})
    mis = missiles.get(mkey, {})
    if fkey != "unknown" and fac and not isinstance(fac.get("name", fkey), str):
        raise _Bad("facility", fkey, "the facility's name in facility.en.json is not a text")
    for k in ("lat", "lon"):
        if fac.get(k) is not None and (isinstance(fac[k], bool) or not isinstance(fac[k], int | float)):
            raise _Bad("facility", fkey, f"its {k} in facility.en.json is not a number")
    notes = []
    if "glide" in rec:
        notes.append(f"CNS glide segments: {json.dumps(rec['glide'])[:500]}")
    if mis.get("maneuver"):
        notes.append(f"CNS: {str(mis['maneuver'])[:100]} manoeuvre")
    mtype = str(mis.get("type", "")).strip()
    mname = mis.get("name", mkey)
    rec = {**rec, "facility": fkey, "missile": mkey, "date": _cns_text(rec, "date", ""),
           "time": _cns_text(rec, "time"), "outcome": _cns_text(rec, "outcome")}
    if not isinstance(mname, str):
        raise _Bad("missile", mkey, "the missile's name in missile.en.json is not a text")
    return {
        "date": rec.get("date"),
        "time_utc": str(rec.get("time", "unknown")).replace("(UTC)", "").strip(),
        "site": "" if fkey == "unknown" else fac.get("name", fkey),
        "site_lat_deg": None if fkey == "unknown" else fac.get("lat"),
        "site_lon_deg": None if fkey == "unknown" else fac.get("lon"),
        "missile": None if mkey == "unknown" else mname,
        "class": None if mtype.lower() in ("", "unknown") else mtype,
        "apogee_km": rec.get("apogee"),
        "distance_km": rec.get("distance"),
        "bearing_deg": rec.get("bearing"),
        "landing": "" if landing in ("unknown", "na") else _landing_name(landing),
        "outcome": rec.get("outcome"),
        "confirmation": "reported",
        "notes": "\n".join(notes),
    }


def _landing_name(key: str) -> str:
    from ...earth.gazetteer import default_gazetteer

    e = default_gazetteer().entries.get(key)
    return e.name if e is not None else key.replace("-", " ").title()
