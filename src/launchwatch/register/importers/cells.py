"""Cells of an event table as values: figures with units and qualifiers, dates, times,
words of a vocabulary, places; a bad cell is a :class:`RowError` (line, field, value,
reason)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from ...assess.events import YEARS
from ...errors import InputError
from ..models import Place
from ..units import length_unit, qualifier_word

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
    from ...earth.gazetteer import default_gazetteer

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
