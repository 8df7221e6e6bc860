"""Reading events from CSV, JSON and the CNS North Korea Missile Test Database.

Every reader returns :class:`~launchwatch.register.models.Event` objects (not yet
stored) and checks every value: a bad row is reported by its line with the field, the
value and the reason (:class:`ImportFailed`, an :class:`~launchwatch.errors.InputError`
holding all of them), so that nothing of a bad file is stored.

CSV columns (one row per launch; units in the names, as at every presentation edge):

====================  ==============================================================
column                meaning
====================  ==============================================================
``event``             event key; rows with the same key form one event (default:
                      the round key, state code and local day at the site, so the
                      launches of one local day make one round)
``state``             launching state (``North Korea``)
``date``              UTC date (``2022-10-08``, ``10/8/2022``, ``8-Oct-22``, ``Oct 8, 2022``;
                      ``1986-05`` or ``1986`` when only the month or year is known)
``time_utc``          UTC time ``HH:MM[:SS]``; empty or ``unknown`` when not known
``seq``               launch number within the event (default: row order)
``site``              launch facility or area (kept as text when the gazetteer lacks it)
``site_lat_deg``,     its coordinates [deg]; looked up in the gazetteer when empty
``site_lon_deg``
``site_uncertainty_km``  radius within which the site lies [km]
``missile``           missile name
``class``             missile class (``SRBM`` or words such as ``short-range ballistic missile``)
``count``             number of missiles (default 1)
``apogee_km``         apogee [km]; a cell may carry its own unit (``62 miles``)
``distance_km``       ground distance flown [km]
``flight_time_s``     flight time [s]
``bearing_deg``       direction of the landing point from the site [deg from north]
``landing``           landing area (``Sea of Japan``; ``East Sea`` is an alias)
``landing_lat_deg``,  landing point [deg]
``landing_lon_deg``
``regime``            flight regime (lofted, minimum-energy, depressed, quasi-ballistic)
``outcome``           success / failure / unknown
``confirmation``      confirmed / reported / unconfirmed / disputed
``source``,           who reported it, and a link
``source_url``
``notes``             free text
====================  ==============================================================

``mapping`` renames columns: ``{"date": "Date", "apogee_km": "Apogee"}`` reads a file
whose column ``Date`` holds the date.  :data:`CNS_CSV_MAPPING` is the mapping of the CNS
North Korea Missile Test Database spreadsheet.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from .. import __version__
from ..assess.events import YEARS
from ..errors import InputError
from .models import MAX_APOGEE, MAX_DISTANCE, Event, Launch, Place, Provenance, Source, build
from .units import duration_unit, length_unit, qualifier_word

__all__ = [
    "CNS_CSV_MAPPING",
    "CNS_SOURCE",
    "COLUMNS",
    "ImportFailed",
    "RowError",
    "read_cns_json",
    "read_csv",
    "read_json",
    "read_rows",
]

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

#: The source record given to every launch read from the CNS database.
CNS_SOURCE = Source(
    name="CNS North Korea Missile Test Database",
    url="https://www.nti.org/analysis/articles/cns-north-korea-missile-test-database/",
    citation="James Martin Center for Nonproliferation Studies for the Nuclear Threat Initiative",
    fields=["date", "time", "missile", "facility", "landing", "apogee", "distance", "bearing",
            "outcome"],
)

_UNKNOWN = {"", "unknown", "n/a", "na", "none", "-", "?", "nan", "null"}


@dataclass(frozen=True)
class RowError:
    """One bad row: its line (1 = the header of a CSV; the item index of JSON), the
    field, the value and the reason."""

    line: int
    field: str
    value: Any
    reason: str

    def __str__(self) -> str:
        v = repr(self.value)
        return f"line {self.line}: {self.field}={v if len(v) <= 60 else v[:57] + '...'}: {self.reason}"


class ImportFailed(InputError):
    """A file with bad rows: ``errors`` lists each (line, field, value, reason)."""

    def __init__(self, source: str, errors: list[RowError]) -> None:
        self.errors = errors
        shown = "; ".join(str(e) for e in errors[:10])
        more = f"; and {len(errors) - 10} more" if len(errors) > 10 else ""
        super().__init__(source, f"{len(errors)} bad row(s)", shown + more + "; nothing was imported")


# -- cell parsers ------------------------------------------------------------------
_N = r"[-+]?\d[\d,]*(?:\.\d+)?"
#: A cell's figure: an optional qualifier (:data:`launchwatch.register.units.QUALIFIER_WORDS`:
#: ``about``, ``~``, ``up to``, ``more than``, ``>``, ``at least``, ...), a number or an
#: interval (``700-800``, ``700 to 800``), an optional ``+`` (``800+``) and a unit.
_NUM_UNIT = re.compile(
    rf"^\s*(?P<q>[a-z][a-z .]*?[a-z.]|[~<>\u2264\u2265]=?)?\s*(?P<n>{_N})"
    rf"(?:\s*(?:-|\u2013|to)\s*(?P<n2>{_N}))?\s*(?P<plus>\+)?\s*(?P<u>[a-z. ]*?)\s*\.?\s*$",
    re.IGNORECASE)


class _Bad(Exception):
    def __init__(self, field: str, value: Any, reason: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or (
        isinstance(v, str) and v.strip().lower() in _UNKNOWN)


def _scalar(row: Mapping[str, Any]) -> None:
    """Every cell a string, number or null (JSON rows may hold lists and objects)."""
    for k, v in row.items():
        if not isinstance(k, str):
            raise _Bad("row", k, "column names must be text")
        if (v is not None and not isinstance(v, str | int | float)) or isinstance(v, bool):
            raise _Bad(k, v, "must be a text or a number")
        if isinstance(v, int) and abs(v) > 10**15:
            raise _Bad(k, v, "number out of range")


def _length(field: str, v: Any, default_unit: float) -> float | None:
    """A length in metres from a number (in ``default_unit`` metres) or ``"800 km"``."""
    x, _ = _quantity(field, v, default_unit, length_unit)
    return x


def _num(field: str, v: Any, text: str) -> float:
    try:
        x = float(text.replace(",", ""))
    except (ValueError, OverflowError):
        raise _Bad(field, v, "must be a finite number") from None
    return x


def _quantity(field: str, v: Any, default_unit: float, unit_of=length_unit
              ) -> tuple[float | None, dict[str, Any]]:
    """A figure in SI from a number (in ``default_unit``) or a cell as tables write it
    (``"about 750 km"``, ``"~750"``, ``"more than 6,000"``, ``"800+"``, ``"700-800 km"``,
    ``"up to 280 miles"``): ``(value, claim details)`` where the details are the
    qualifier, the bounds ``low``/``high`` (SI), the words as reported and their unit, so
    that the claim says what the cell said.  An interval's value is its midpoint."""
    if _blank(v):
        return None, {}
    if isinstance(v, int | float) and not isinstance(v, bool):
        try:
            x = float(v) * default_unit
        except OverflowError:
            raise _Bad(field, v, "must be a finite number") from None
        if not math.isfinite(x):
            raise _Bad(field, v, "must be a finite number")
        return x, {}
    m = _NUM_UNIT.match(str(v))
    if m is None:
        raise _Bad(field, v, "not a number with an optional qualifier and unit (about 750 km, 800+, 700-800)")
    qword = (m.group("q") or "").strip()
    qual = qualifier_word(qword) if qword else None
    if qword and qual is None:
        raise _Bad(field, v, f"unknown qualifier {qword!r} (about, ~, up to, more than, at least, less than)")
    unit = m.group("u").strip().lower().rstrip(".")
    factor = unit_of(unit) if unit else default_unit
    if factor is None:
        raise _Bad(field, v, f"unknown unit {unit!r} (km, m, miles, nm)")
    a = _num(field, v, m.group("n")) * factor
    b = _num(field, v, m.group("n2")) * factor if m.group("n2") else None
    if not (math.isfinite(a) and (b is None or math.isfinite(b))):
        raise _Bad(field, v, "must be a finite number")
    details: dict[str, Any] = {"reported": " ".join(str(v).split()), "unit": unit or None}
    if b is not None:
        if qual is not None or m.group("plus"):
            raise _Bad(field, v, "an interval takes no qualifier")
        lo, hi = min(a, b), max(a, b)
        return (lo + hi) / 2, {**details, "qualifier": "interval", "low": lo, "high": hi}
    if m.group("plus"):
        if qual is not None:
            raise _Bad(field, v, "a figure with '+' takes no other qualifier")
        qual = "at_least"  # "800+", "3+": that many or more
    qual = qual or "exact"
    bound = {"at_least": "low", "more_than": "low", "at_most": "high", "less_than": "high"}.get(qual)
    if bound:
        details[bound] = a
    return a, {**details, "qualifier": qual}


def _float(field: str, v: Any, lo: float | None = None, hi: float | None = None) -> float | None:
    if _blank(v):
        return None
    if isinstance(v, bool):
        raise _Bad(field, v, "not a number")
    try:
        x = float(str(v).strip()) if not isinstance(v, int | float) else float(v)
    except (ValueError, OverflowError):
        raise _Bad(field, v, "not a number") from None
    if not math.isfinite(x):
        raise _Bad(field, v, "must be a finite number")
    if lo is not None and x < lo:
        raise _Bad(field, v, f"must be >= {lo:g}")
    if hi is not None and x > hi:
        raise _Bad(field, v, f"must be <= {hi:g}")
    return x


def _bounded(field: str, v: Any, lo: float, hi: float, unit_of) -> tuple[float | None, dict[str, Any]]:
    """A flight time [s] or a count from a number or a qualified cell (``"about 420"``,
    ``"at least 3"``, ``"3+"``, ``"7 min"``), within ``[lo, hi]``."""
    if _blank(v) or isinstance(v, int | float) or re.fullmatch(r"\s*[-+]?\d+(?:\.\d+)?\s*", str(v)):
        return _float(field, v, lo, hi), {}
    x, details = _quantity(field, v, 1.0, unit_of or (lambda u: None))
    for y in (x, details.get("low"), details.get("high")):
        if y is not None and not lo <= y <= hi:
            raise _Bad(field, v, f"must be from {lo:g} to {hi:g}")
    return x, details


def _check_length(field: str, raw: Any, x: float | None, hi: float, *, positive: bool) -> None:
    if x is None:
        return
    if x < 0 or (positive and x == 0):
        raise _Bad(field, raw, "must be positive" if positive else "must not be negative")
    if x > hi:
        raise _Bad(field, raw, f"exceeds {hi / 1e3:,.0f} km: impossible for a launch")


_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%d-%b-%y", "%d-%b-%Y", "%b %d, %Y",
                 "%B %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def _date(field: str, v: Any) -> tuple[date, str]:
    """(date, precision): ``1986-05`` is May 1986 to the month; years of :data:`YEARS`."""
    d, prec = _any_date(field, v)
    if not YEARS[0] <= d.year <= YEARS[1]:
        raise _Bad(field, v, f"year {d.year} outside {YEARS[0]}-{YEARS[1]}")
    return d, prec


def _any_date(field: str, v: Any) -> tuple[date, str]:
    if _blank(v):
        raise _Bad(field, v, "a date is required")
    if isinstance(v, datetime):
        return v.date(), "day"
    if isinstance(v, date):
        return v, "day"
    if not isinstance(v, str):
        raise _Bad(field, v, "not a date (YYYY-MM-DD, M/D/YYYY, D-Mon-YY or 'Month D, YYYY')")
    s = str(v).strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(s, fmt).date(), "day"
        except ValueError:
            continue
    for fmt, prec in (("%Y-%m", "month"), ("%B %Y", "month"), ("%b %Y", "month"), ("%Y", "year")):
        try:
            return datetime.strptime(s, fmt).date(), prec
        except ValueError:
            continue
    raise _Bad(field, v, "not a date (YYYY-MM-DD, M/D/YYYY, D-Mon-YY or 'Month D, YYYY')")


_TIME = re.compile(r"^\s*(\d{1,2}):?(\d{2})(?::(\d{2}))?\s*(?:\(?\s*(?:utc|gmt|z)\s*\)?)?\s*$", re.IGNORECASE)


def _time(field: str, v: Any) -> time | None:
    if _blank(v):
        return None
    m = _TIME.match(str(v))
    if m is None:
        raise _Bad(field, v, "not a UTC time HH:MM")
    h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if h > 23 or mi > 59 or s > 59:
        raise _Bad(field, v, "not a valid time of day")
    return time(h, mi, s)


def _word(field: str, v: Any, allowed: Iterable[str], default: str) -> str:
    if _blank(v):
        return default
    w = str(v).strip().lower()
    w = {"successful": "success", "succeeded": "success", "failed": "failure", "fail": "failure"}.get(w, w)
    if w not in allowed:
        raise _Bad(field, v, f"must be one of {', '.join(allowed)}")
    return w


def _place(name: Any, lat: Any, lon: Any, unc: Any, prefix: str) -> Place:
    from ..earth.gazetteer import default_gazetteer

    text = "" if _blank(name) else " ".join(str(name).split())
    la = _float(f"{prefix}_lat_deg", lat, -90.0, 90.0)
    lo = _float(f"{prefix}_lon_deg", lon, -180.0, 360.0)
    u = _length(f"{prefix}_uncertainty_km", unc, 1e3)
    if u is not None and u < 0:
        raise _Bad(f"{prefix}_uncertainty_km", unc, "must not be negative")
    if (la is None) != (lo is None):
        raise _Bad(f"{prefix}_lat_deg" if la is None else f"{prefix}_lon_deg", lat if la is None else lon,
                   "latitude and longitude must be given together")
    entry = default_gazetteer().lookup(text) if text else None
    if la is not None and lo is not None:
        return Place(name=text, lat=math.radians(la), lon=math.radians(lo), uncertainty=u,
                     key=entry.key if entry else None)
    if entry is not None and entry.kind not in ("sea", "country", "region"):
        # a named facility or town: its gazetteer coordinates, with their uncertainty
        return Place(name=text, lat=entry.lat, lon=entry.lon,
                     uncertainty=u if u is not None else entry.uncertainty, key=entry.key)
    return Place(name=text, key=entry.key if entry else None, uncertainty=u)


# -- rows --------------------------------------------------------------------------
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
    from .claims import implicit_claims
    from .models import default_key

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
    from ..earth.gazetteer import default_gazetteer

    e = default_gazetteer().entries.get(key)
    return e.name if e is not None else key.replace("-", " ").title()
