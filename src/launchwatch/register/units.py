"""Units of length and duration as reports and tables write them: one table for the
importers (:mod:`launchwatch.register.importers`) and the report reader
(:mod:`launchwatch.register.ingest`).

Every factor converts to SI (metres, seconds).  Words are looked up case-insensitively,
with a trailing full stop, surrounding spaces and an English plural ``s`` ignored, so
``"Kilometres"``, ``"km."`` and ``"nautical miles"`` all resolve.  A mile is the
international statute mile (1,609.344 m); ``nm``/``nmi`` are nautical miles (1,852 m),
as in military and maritime reporting (never nanometres here).

>>> length_unit("Miles"), length_unit("㎞"), length_unit("キロ"), duration_unit("분")
(1609.344, 1000.0, 1000.0, 60.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["DURATION_UNITS", "FOOT", "KILOMETRE", "LENGTH_UNITS", "MILE", "NAUTICAL_MILE",
           "duration_unit", "length_unit"]

#: One kilometre [m].
KILOMETRE = 1000.0
#: One international statute mile [m].
MILE = 1609.344
#: One nautical mile [m].
NAUTICAL_MILE = 1852.0
#: One international foot [m].
FOOT = 0.3048

_LENGTH = {
    # English
    "m": 1.0, "metre": 1.0, "meter": 1.0,
    "km": KILOMETRE, "kms": KILOMETRE, "kilometre": KILOMETRE, "kilometer": KILOMETRE,
    "kilo": KILOMETRE, "klick": KILOMETRE,
    "mi": MILE, "mile": MILE, "statute mile": MILE,
    "nm": NAUTICAL_MILE, "nmi": NAUTICAL_MILE, "nautical mile": NAUTICAL_MILE,
    "ft": FOOT, "foot": FOOT, "feet": FOOT,
    # Korean: ㎞ (U+339E), 킬로미터, 킬로, 미터, 마일, 해리 (nautical mile)
    "\u339e": KILOMETRE, "킬로미터": KILOMETRE, "킬로": KILOMETRE, "미터": 1.0, "마일": MILE,
    "해리": NAUTICAL_MILE,
    # Japanese: キロ, キロメートル, メートル, マイル, 海里 (nautical mile)
    "キロ": KILOMETRE, "キロメートル": KILOMETRE, "メートル": 1.0, "マイル": MILE, "海里": NAUTICAL_MILE,
}

_DURATION = {
    "s": 1.0, "sec": 1.0, "second": 1.0,
    "min": 60.0, "minute": 60.0,
    "h": 3600.0, "hr": 3600.0, "hour": 3600.0,
    "초": 1.0, "분": 60.0, "시간": 3600.0,
    "秒": 1.0, "分": 60.0, "時間": 3600.0,
}

#: Length unit word -> metres (read-only; see :func:`length_unit` for the lookup rules).
LENGTH_UNITS: Mapping[str, float] = MappingProxyType(_LENGTH)
#: Duration unit word -> seconds (read-only; see :func:`duration_unit`).
DURATION_UNITS: Mapping[str, float] = MappingProxyType(_DURATION)


def _key(word: str) -> str:
    return " ".join(word.strip().lower().rstrip(".").split())


def _lookup(table: Mapping[str, float], word: str) -> float | None:
    w = _key(word)
    if w in table:
        return table[w]
    if w.endswith("s") and w[:-1] in table:  # plurals: kilometres, miles, hours, secs
        return table[w[:-1]]
    return None


def length_unit(word: str) -> float | None:
    """Metres in one ``word`` of length (``"km"``, ``"nautical miles"``, ``"㎞"``,
    ``"キロ"``), or ``None`` for a word that is not a unit of length."""
    return _lookup(_LENGTH, word)


def duration_unit(word: str) -> float | None:
    """Seconds in one ``word`` of duration (``"minutes"``, ``"hrs"``, ``"분"``, ``"時間"``),
    or ``None`` for a word that is not a unit of duration."""
    return _lookup(_DURATION, word)
