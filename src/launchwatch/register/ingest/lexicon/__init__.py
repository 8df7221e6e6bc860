"""The words launch reports are written in: months, weekdays, numbers, zones, agencies,
missile classes and names, directions, and the cue words that say what a sentence is
about, in English, Korean and Japanese.

Everything here is data (tables and compiled patterns), one module per kind of word:
:mod:`.calendar`, :mod:`.numbers`, :mod:`.zones`, :mod:`.agencies`, :mod:`.vehicles`,
:mod:`.cues`; every name is importable from here.  The readers that use them live beside
this package (:mod:`..times`, :mod:`..quantities`, :mod:`..places`, :mod:`..attribution`,
:mod:`..kinds`).  Patterns run on the report's normalised text (:mod:`..document`:
full-width ASCII folded, dashes and quotes made plain), case-insensitively unless noted.
"""

from __future__ import annotations

from .agencies import (
    AGENCIES,
    AGENCY_BY_NAME,
    JAPAN_MOD,
    JCS,
    KCNA,
    SAY_RE,
    UNATTRIBUTED_RANK,
    Agency,
)
from .calendar import (
    JA_ERAS,
    JA_WEEKDAYS,
    KO_WEEKDAYS,
    MONTH_RE,
    MONTHS,
    WEEKDAY_RE,
    WEEKDAYS,
    month_number,
    weekday_number,
)
from .cues import (
    DIRECTIONS,
    IMPACT_RE,
    LAUNCH_RE,
    OTHER_MOMENT_RE,
    SPEECH_DAY_RE,
)
from .numbers import (
    JA_DIGITS,
    KO_NATIVE,
    KO_ORDINALS,
    NUMBER,
    NUMBER_WORDS,
    ORDINAL_RE,
    ORDINAL_WORDS,
    VAGUE_COUNTS,
    parse_number,
)
from .vehicles import (
    CLASSES,
    HEDGE_RE,
    KO_MEDIUM_RANGE,
    MRBM_FAMILIES,
    NAMES,
    canonical_name,
)
from .zones import (
    ZONE_RE,
    ZONES,
)

__all__ = [
    "AGENCIES",
    "AGENCY_BY_NAME",
    "CLASSES",
    "DIRECTIONS",
    "HEDGE_RE",
    "IMPACT_RE",
    "JAPAN_MOD",
    "JA_DIGITS",
    "JA_ERAS",
    "JA_WEEKDAYS",
    "JCS",
    "KCNA",
    "KO_MEDIUM_RANGE",
    "KO_NATIVE",
    "KO_ORDINALS",
    "KO_WEEKDAYS",
    "LAUNCH_RE",
    "MONTHS",
    "MONTH_RE",
    "MRBM_FAMILIES",
    "NAMES",
    "NUMBER",
    "NUMBER_WORDS",
    "ORDINAL_RE",
    "ORDINAL_WORDS",
    "OTHER_MOMENT_RE",
    "SAY_RE",
    "SPEECH_DAY_RE",
    "UNATTRIBUTED_RANK",
    "VAGUE_COUNTS",
    "WEEKDAYS",
    "WEEKDAY_RE",
    "ZONES",
    "ZONE_RE",
    "Agency",
    "canonical_name",
    "month_number",
    "parse_number",
    "weekday_number",
]
