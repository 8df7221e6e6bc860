"""Event tables (CSV and JSON rows, one row per launch) read into events; the columns
are those of :data:`COLUMNS` (see :mod:`launchwatch.register.importers`).  Every JSON
input is read under the size and nesting limits :data:`MAX_JSON_BYTES` and
:data:`MAX_JSON_DEPTH`."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

from ... import __version__
from ...errors import InputError
from ..models import MAX_APOGEE, MAX_DISTANCE, Event, Launch, Provenance, Source, build
from ..units import duration_unit
from .cells import (
    ImportFailed,
    RowError,
    _Bad,
    _blank,
    _bounded,
    _check_length,
    _date,
    _float,
    _place,
    _quantity,
    _scalar,
    _time,
    _word,
)

COLUMNS = (
    "event", "state", "date", "time_utc", "seq", "site", "site_lat_deg", "site_lon_deg",
    "site_uncertainty_km", "missile", "class", "count", "apogee_km", "distance_km",
    "flight_time_s", "bearing_deg", "landing", "landing_lat_deg", "landing_lon_deg", "regime",
    "outcome", "confirmation", "source", "source_url", "notes",
)

#: Column mapping of the CNS North Korea Missile Test Database spreadsheet (NTI/CNS).
CNS_CSV_MAPPING: dict[str, str] = {
    "date": "Date",
    "time_utc": "Launch Time (UTC)",
    "missile": "Missile Name",
    "class": "Missile Type",
    "site": "Facility Name",
    "site_lat_deg": "Facility Latitude",
    "site_lon_deg": "Facility Longitude",
    "landing": "Landing Location",
    "apogee_km": "Apogee",
    "distance_km": "Distance Travelled",
    "outcome": "Test Outcome",
    "confirmation": "Confirmation Status",
    "notes": "Additional Information",
    "source": "Source(s)",
}

def _row_to_launch(row: Mapping[str, Any], importer: str, input_name: str | None
                   ) -> tuple[str | None, str | None, Launch, bool, dict[str, dict[str, Any]]]:
    """(event key, state, launch, seq given, qualified figures) from a row of :data:`COLUMNS`
    values; the last maps a figure's field to its claim's qualifier, bounds and words as
    the cell gave them (``"about 750"`` -> ``{"qualifier": "about", ...}``)."""
    _scalar(row)
    d, precision = _date("date", row.get("date"))
    t = _time("time_utc", row.get("time_utc"))
    if t is not None and precision != "day":
        raise _Bad("time_utc", row.get("time_utc"), f"a time of day needs a full date, not {precision} only")
    utc = datetime.combine(d, t or time(0, 0), tzinfo=UTC)
    apogee_raw, dist_raw = row.get("apogee_km"), row.get("distance_km")
    qualified: dict[str, dict[str, Any]] = {}
    apogee, qualified["apogee"] = _quantity("apogee_km", apogee_raw, 1e3)
    _check_length("apogee_km", apogee_raw, qualified["apogee"].get("high", apogee), MAX_APOGEE,
                  positive=True)
    distance, qualified["distance"] = _quantity("distance_km", dist_raw, 1e3)
    _check_length("distance_km", dist_raw, qualified["distance"].get("high", distance), MAX_DISTANCE,
                  positive=False)
    if qualified["distance"].get("low", 0.0) < 0 or qualified["apogee"].get("low", 1.0) <= 0:
        bad = "distance_km" if qualified["distance"].get("low", 0.0) < 0 else "apogee_km"
        raise _Bad(bad, row.get(bad), "must be positive")
    bearing = _float("bearing_deg", row.get("bearing_deg"), -360.0, 360.0)
    ft, qualified["flight_time"] = _bounded("flight_time_s", row.get("flight_time_s"), 0.0, 86400.0,
                                            duration_unit)
    count, qualified["count"] = _bounded("count", row.get("count"), 1, 1000, None)
    seq = _float("seq", row.get("seq"), 1, 10000)
    if count is not None and count != int(count):
        raise _Bad("count", row.get("count"), "must be a whole number")
    sources = []
    if not _blank(row.get("source")):
        text = str(row["source"]).strip()
        url = None if _blank(row.get("source_url")) else str(row["source_url"]).strip()
        if text.startswith(("http://", "https://")):
            text, url = text.split("/")[2], url or text
        sources.append(Source(name=text, url=url))
    la = build(Launch, {
        "seq": int(seq) if seq is not None else 1,
        "utc": utc, "time_known": t is not None, "date_precision": precision,
        "site": _place(row.get("site"), row.get("site_lat_deg"), row.get("site_lon_deg"),
                       row.get("site_uncertainty_km"), "site"),
        "missile_name": None if _blank(row.get("missile")) else str(row["missile"]).strip(),
        "missile_class": None if _blank(row.get("class")) else str(row["class"]).strip(),
        "count": int(count) if count is not None else 1,
        "apogee": apogee, "distance": distance, "flight_time": ft,
        "bearing": None if bearing is None else math.radians(bearing) % (2 * math.pi),
        "landing": _place(row.get("landing"), row.get("landing_lat_deg"), row.get("landing_lon_deg"),
                          None, "landing"),
        "regime": None if _blank(row.get("regime")) else str(row["regime"]).strip().lower(),
        "outcome": _word("outcome", row.get("outcome"), ("success", "failure", "unknown"), "unknown"),
        "confirmation": _word("confirmation", row.get("confirmation"),
                              ("confirmed", "reported", "unconfirmed", "disputed"), "reported"),
        "sources": sources,
        "notes": "" if _blank(row.get("notes")) else str(row["notes"]).strip(),
        "provenance": Provenance(kind="reported", software=__version__, importer=importer,
                                 input=input_name, recorded=datetime.now(UTC)),
    })
    key = None if _blank(row.get("event")) else str(row["event"]).strip()
    state = None if _blank(row.get("state")) else str(row["state"]).strip()
    return key, state, la, seq is not None, {f: d for f, d in qualified.items() if d}


def read_rows(rows: Iterable[tuple[int, Mapping[str, Any]]], *, importer: str = "rows",
              input_name: str | None = None, state: str | None = None,
              skip_bad: bool = False, source: Source | None = None
              ) -> tuple[list[Event], list[RowError]]:
    """Events from ``(line, row)`` pairs of :data:`COLUMNS` values.

    Rows with the same ``event`` key (default: the round key, state and local day) form
    one event, their launches numbered in row order unless ``seq`` is given.  Every
    figure becomes a claim of the row's source (``source`` for rows that name none);
    a row's ``ref`` (the record's identity in its source) is kept on its claims.  Raises
    :class:`ImportFailed` listing every bad row, unless ``skip_bad`` (then the bad rows
    are returned).
    """
    from ..claims import implicit_claims
    from ..models import default_key

    groups: dict[str, tuple[str | None, list[Launch], list[bool]]] = {}
    errors: list[RowError] = []
    for line, row in rows:
        if not isinstance(row, Mapping):
            errors.append(RowError(line, "row", row, "not an object of column values"))
            continue
        try:
            key, st, la, has_seq, qualified = _row_to_launch(row, importer, input_name)
        except _Bad as b:
            errors.append(RowError(line, b.field, b.value, b.reason))
            continue
        except InputError as e:
            errors.append(RowError(line, e.field, e.value, e.reason))
            continue
        st = st or state
        if source is not None and not la.sources:
            la.sources = [source.model_copy()]
        ref = row.get("ref")
        # every figure a claim of the row's source, with the qualifier its cell gave
        la.claims = [c.model_copy(update={**({"ref": str(ref)} if ref else {}),
                                          **qualified.get(c.field, {})})
                     for c in implicit_claims(la)]
        key = key or default_key(st, la)
        g = groups.setdefault(key, (st, [], []))
        g[1].append(la)
        g[2].append(has_seq)
    if errors and not skip_bad:
        raise ImportFailed(input_name or importer, errors)
    events = []
    for key, (st, launches, has_seq) in groups.items():
        if not all(has_seq):
            for i, la in enumerate(launches):
                la.seq = i + 1
        seqs = [la.seq for la in launches]
        if len(set(seqs)) != len(seqs):
            errors.append(RowError(0, "seq", seqs, f"event {key}: launch numbers repeat"))
            continue
        try:
            events.append(build(Event, {"key": key, "state": st, "launches": launches}))
        except InputError as e:
            errors.append(RowError(0, e.field, e.value, f"event {key[:40]!r}: {e.reason}"))
    if errors and not skip_bad:
        raise ImportFailed(input_name or importer, errors)
    return events, errors


def read_csv(path: str | Path | io.TextIOBase, *, mapping: Mapping[str, str] | None = None,
             state: str | None = None, skip_bad: bool = False) -> tuple[list[Event], list[RowError]]:
    """Events from a CSV file (columns :data:`COLUMNS`, renamed by ``mapping``).

    Malformed rows (a wrong number of cells, bad values) are reported by line (the
    header is line 1) with the reason; see :func:`read_rows`.
    """
    name = getattr(path, "name", None) or "csv"
    if isinstance(path, str | Path):
        name = Path(path).name
        try:
            fh: Any = open(path, newline="", encoding="utf-8-sig")
        except OSError as exc:
            raise InputError("csv", str(path), f"cannot read: {exc.strerror}") from None
    else:
        fh = path
    rename = {v: k for k, v in (mapping or {}).items()}
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("csv", name, "empty file: no header row") from None
        except UnicodeDecodeError:
            raise InputError("csv", name, "line 1: not UTF-8 text") from None
        except csv.Error as exc:
            raise InputError("csv", name, f"line 1: {exc}") from None
        cols = [rename.get(h.strip(), h.strip()) for h in header]
        if "date" not in cols:
            raise InputError("csv", name, f"no 'date' column (columns: {', '.join(header)}); "
                             "give a mapping for this file's columns")
        bad: list[RowError] = []

        def rows():
            for cells in reader:
                line = reader.line_num
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(cols):
                    bad.append(RowError(line, "row", ",".join(cells)[:60],
                                        f"expected {len(cols)} cells, found {len(cells)}"))
                    continue
                yield line, dict(zip(cols, cells, strict=True))

        try:
            events, errors = read_rows(rows(), importer="csv", input_name=name, state=state,
                                       skip_bad=True)
        except csv.Error as exc:
            raise InputError("csv", name, f"line {reader.line_num}: {exc}") from None
        except UnicodeDecodeError as exc:
            raise InputError("csv", name, f"line {reader.line_num + 1}: not UTF-8 text "
                             f"(byte {exc.object[exc.start:exc.start + 1]!r})") from None
    errors = sorted(bad + errors, key=lambda e: e.line)
    if errors and not skip_bad:
        raise ImportFailed(name, errors)
    return events, errors


def read_json(path: str | Path, *, state: str | None = None, skip_bad: bool = False
              ) -> tuple[list[Event], list[RowError]]:
    """Events from JSON: a list of events (as :meth:`Register.dump` writes them, or
    ``{"events": [...]}``) or a list of flat rows with the CSV columns."""
    p = Path(path)
    doc = _load_json(p, "json")
    items = doc.get("events") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise InputError("json", p.name, "expected a list of events or rows")
    if items and all(isinstance(it, dict) and "launches" in it for it in items):
        events, errors = [], []
        for i, it in enumerate(items):
            try:
                events.append(build(Event, it, f"events[{i}]"))
            except InputError as e:
                errors.append(RowError(i, e.field, e.value, e.reason))
            except (TypeError, OverflowError) as e:  # a validator given a value of no sense
                errors.append(RowError(i, f"events[{i}]", type(e).__name__, str(e)[:120]))
        if errors and not skip_bad:
            raise ImportFailed(p.name, errors)
        return events, errors
    return read_rows(((i, it) for i, it in enumerate(items)), importer="json", input_name=p.name,
                     state=state, skip_bad=skip_bad)


#: Largest JSON input read [bytes], and deepest nesting (a register dump nests 6 deep).
MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_JSON_DEPTH = 64


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _depth_ok(text: str) -> bool:
    """Whether ``text``'s brackets nest at most :data:`MAX_JSON_DEPTH` deep (strings
    skipped), checked before ``json`` builds anything (it would recurse)."""
    import numpy as np

    brackets = re.sub(r"[^\[\]{}]", "", _JSON_STRING.sub("", text))
    if len(brackets) <= MAX_JSON_DEPTH:
        return True
    arr = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    step = np.where((arr == ord("[")) | (arr == ord("{")), 1, -1)
    return int(np.cumsum(step).max()) <= MAX_JSON_DEPTH


def _load_json(p: Path, field: str) -> Any:
    """A JSON file read as UTF-8 with its size and nesting limited; one-line errors."""
    try:
        if p.stat().st_size > MAX_JSON_BYTES:
            raise InputError(field, p.name, f"larger than {MAX_JSON_BYTES // 2**20} MiB")
        text = p.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(field, str(p), f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(field, p.name, f"not UTF-8 text (byte {exc.start})") from None
    if not _depth_ok(text):
        raise InputError(field, p.name, f"nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(field, p.name, f"not JSON: {exc.msg} at line {exc.lineno} "
                         f"column {exc.colno}") from None
    except (RecursionError, ValueError) as exc:
        raise InputError(field, p.name, f"not JSON: {exc}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


# -- the CNS database in its JSON form (nagix/nk-missile-tests) ----------------------
