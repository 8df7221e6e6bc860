"""What the time reader finds (report date, day phrases, clock times, launch instants),
zones and the small pieces of clock arithmetic (see :mod:`launchwatch.register.ingest.times`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ....earth.gazetteer import GazetteerEntry
from ..lexicon import (
    AGENCY_BY_NAME,
    JA_ERAS,
    UNATTRIBUTED_RANK,
    ZONES,
)

SITE_ZONE = "Asia/Pyongyang"


@dataclass
class ReportDate:
    """The report's date (``value``, ``None`` when unknown), where it came from (``text``,
    ``span``, ``note``), the dateline's place and its zone, and a dateline's month and day
    when its year is missing."""

    value: date | None
    text: str = ""
    span: tuple[int, int] = (0, 0)
    note: str = ""
    place: GazetteerEntry | None = None
    place_text: str = ""
    place_span: tuple[int, int] = (0, 0)
    zone: str | None = None
    confidence: float = 0.9


@dataclass
class DayRef:
    """A phrase naming a day (or a month, or a year): ``kind`` (``date``, ``weekday``,
    ``dom`` — day of the month only —, ``today``, ``yesterday``, ``same``, ``month``,
    ``year``), its parts, its span and, once resolved, ``value`` (a date; the first day
    of the month or year for coarser phrases) and ``precision``."""

    kind: str
    span: tuple[int, int]
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    qualifier: str = ""
    value: date | None = None
    precision: str = "day"
    speech: bool = False
    dateline: bool = False


@dataclass
class Clock:
    """A clock time in the text: hour and minute (24-hour once the meridiem is known),
    its ``zone`` word and span, the day phrase attached to it, its parenthesis and
    group (list or range) within its sentence, and its ``role``."""

    span: tuple[int, int]
    text: str
    hour: int
    minute: int
    meridiem: str | None = None
    needs_meridiem: bool = False
    zone_word: str | None = None
    end: int = 0
    approx: bool = False
    day: DayRef | None = None
    paren: int | None = None
    paren_end: int | None = None
    partner: Clock | None = None
    group: int = -1
    range_prev: bool = False
    role: str = ""
    sentence: int = 0
    header: bool = False


@dataclass
class LaunchTime:
    """A launch instant: ``utc`` and ``local`` (aware datetimes; ``local`` in the zone
    the report gives it in, or the site's for UTC), the ``zone`` used and why, the text
    and its span, the quoting agency, and a confidence in [0, 1]."""

    utc: datetime
    local: datetime
    zone: str
    text: str
    span: tuple[int, int]
    note: str
    confidence: float
    source: str | None = None
    approx: bool = False
    clock: Clock | None = field(default=None, repr=False)


def _zone_name(word: str) -> str:
    w = " ".join(word.lower().split())
    m = re.fullmatch(r"(?:gmt|utc)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?", w)
    if m:
        minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
        return f"UTC{m.group(1)}{minutes}"
    return ZONES.get(w) or ZONES.get(w.replace(" ", "")) or ZONES[w]


def zone_info(name: str):
    """A tzinfo for a zone name (an IANA name or ``UTC+540``, a fixed offset in minutes)."""
    if name.startswith("UTC") and len(name) > 3:
        from datetime import timezone

        sign = 1 if name[3] == "+" else -1
        return timezone(sign * timedelta(minutes=int(name[4:])))
    return ZoneInfo(name)


def _era_year(era: str | None, ey: str | None, y: str | None) -> int | None:
    if y:
        return int(y)
    if era:
        return JA_ERAS[era] + (1 if ey == "元" else int(ey))
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _rank(source: str | None) -> int:
    a = AGENCY_BY_NAME.get(source or "")
    return UNATTRIBUTED_RANK if a is None or a.kind == "outlet" else a.rank


def _hour24(h: int, meridiem: str | None) -> int:
    if meridiem is None:
        return h % 24
    if meridiem in ("am", "오전", "새벽", "아침", "午前", "未明", "早朝", "朝"):
        return 0 if h == 12 and meridiem == "am" else h % 24
    if meridiem in ("pm", "오후", "午後"):
        return h if h >= 12 else h + 12
    if meridiem in ("저녁", "밤", "夜", "夕方"):
        return h + 12 if 5 <= h < 12 else (0 if h == 12 else h)
    if meridiem == "낮":
        return h if h >= 11 else h + 12
    if meridiem == "深夜":
        return h + 12 if 9 <= h < 12 else (0 if h == 12 else h)
    return h % 24


def _nearest(ref: datetime, hour: int, minute: int, tz) -> datetime:
    """The instant at ``hour:minute`` in ``tz`` nearest to ``ref``."""
    local = ref.astimezone(tz)
    best = None
    for off in (-1, 0, 1):
        cand = datetime.combine(local.date() + timedelta(days=off), time(hour % 24, minute), tzinfo=tz)
        if best is None or abs((cand - ref).total_seconds()) < abs((best - ref).total_seconds()):
            best = cand
    return best


def _on_local_day(S: date, hour: int, minute: int, tz) -> datetime:
    """The instant at ``hour:minute`` in ``tz`` that falls on day ``S`` at the site."""
    site = ZoneInfo(SITE_ZONE)
    for off in (0, -1, 1):
        cand = datetime.combine(S + timedelta(days=off), time(hour % 24, minute), tzinfo=tz)
        if cand.astimezone(site).date() == S:
            return cand
    return datetime.combine(S, time(hour % 24, minute), tzinfo=tz)
