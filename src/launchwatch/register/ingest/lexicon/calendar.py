"""Months, weekdays and eras in English, Korean and Japanese.

Data only (tables and compiled patterns), part of :mod:`launchwatch.register.ingest.lexicon`."""

from __future__ import annotations

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?"
KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
JA_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
#: Japanese era names and the Gregorian year of their first year (令和元年 = 2019).
JA_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}


def month_number(word: str) -> int:
    """1..12 from an English month name or abbreviation (``"Sept."`` -> 9)."""
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTHS[w[:3]]


def weekday_number(word: str) -> int:
    """0 (Monday) .. 6 from an English weekday or its abbreviation."""
    w = word.lower()[:3]
    return [d[:3] for d in WEEKDAYS].index(w)
