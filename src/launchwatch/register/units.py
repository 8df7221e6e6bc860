"""Units of length and duration, and the words that qualify a figure (``about``, ``more
than``, ``약``, ``以上``), as reports and tables write them: one table for the
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
           "QUALIFIER_WORDS", "duration_unit", "length_unit", "qualifier_word"]

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


# The words that qualify a figure, as reports and tables write them, and the qualifier
# (:data:`launchwatch.assess.events.QUALIFIERS`) each means.  "nearly 800 km" is at most
# 800 km; Korean 여 / Japanese 余 after a number ("800여㎞") are "more than".
_QUALIFIERS = {
    # symbols of tables and spreadsheets
    "~": "about", "c.": "about", "ca.": "about", "circa": "about", "approx": "about",
    ">": "more_than", "+": "more_than", ">=": "at_least", "\u2265": "at_least",
    "<": "less_than", "<=": "at_most", "\u2264": "at_most", "at most": "at_most",
    "min.": "at_least", "minimum": "at_least", "maximum": "at_most",

    "about": "about",
    "some": "about",
    "around": "about",
    "roughly": "about",
    "approximately": "about",
    "approx.": "about",
    "nearly": "at_most",
    "almost": "at_most",
    "more than": "more_than",
    "over": "more_than",
    "at least": "at_least",
    "up to": "at_most",
    "as far as": "at_most",
    "as high as": "at_most",
    "as much as": "at_most",
    "less than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "just over": "more_than",
    "just under": "less_than",
    "an estimated": "about",
    "estimated": "about",
    "a maximum of": "at_most",
    "maximum of": "at_most",
    "max": "at_most",
    "max.": "at_most",
    "약": "about",
    "최대": "at_most",
    "約": "about",
    "およそ": "about",
    "最大": "at_most",
    "少なくとも": "at_least",
    "최소": "at_least",
    "최소한": "at_least",
    "적어도": "at_least",
    "가량": "about",
    "정도": "about",
    "이상": "at_least",
    "이하": "at_most",
    "남짓": "more_than",
    "程度": "about",
    "以上": "at_least",
    "超": "more_than",
    "余り": "more_than",
    "前後": "about",
    "を超える": "more_than",
    "を超え": "more_than",
    "超え": "more_than",
    "以下": "at_most",
    "未満": "less_than",
    "여": "more_than",
    "余": "more_than",
}
for _k in ("넘는", "넘은", "넘을", "넘어", "넘었", "넘겼"):
    for _p in ("를", "을", "를 ", "을 "):
        _QUALIFIERS[_p + _k] = "more_than"
#: Qualifier word -> qualifier (read-only; see :func:`qualifier_word`).
QUALIFIER_WORDS: Mapping[str, str] = MappingProxyType(_QUALIFIERS)


def qualifier_word(word: str) -> str | None:
    """The qualifier one ``word`` gives a figure (``"About"`` -> ``"about"``, ``"more
    than"`` -> ``"more_than"``, ``"~"`` -> ``"about"``, ``"이상"`` -> ``"at_least"``), or
    ``None`` for a word that qualifies nothing."""
    w = " ".join(word.strip().lower().split())
    return _QUALIFIERS.get(w)
