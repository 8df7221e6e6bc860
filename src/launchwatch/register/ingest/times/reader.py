"""The time reader: one pass per pattern over a document, then the resolution of its
days and clock times (see :mod:`launchwatch.register.ingest.times`)."""

from __future__ import annotations

import re
from datetime import date

from ..attribution import Sources
from ..document import Document
from .clocks import ClockReading
from .dates import DateReading
from .launches import LaunchReading
from .model import (
    Clock,
)

_CJK_DATELINE = re.compile(r"\s*【[^】]{1,24}】")


class TimeReader(DateReading, ClockReading, LaunchReading):
    """Reads the report's date, the day phrases and the clock times of a document (one
    pass per pattern) and resolves them (see the module's text)."""

    def __init__(self, doc: Document, sources: Sources, given: date | None = None) -> None:
        self.doc = doc
        self.sources = sources
        self.flags: list[str] = []
        self.days = self._day_phrases()
        self.report = self._report_date(given)
        # the dateline's date is the report's, not the launch's: the English dateline's, and a
        # bracketed one at the body's start ("【평양 3월 25일발 조선중앙통신】", "【ソウル2日時事】")
        spans = [self._dateline_span]
        bm = _CJK_DATELINE.match(doc.text, doc.body_start)
        if bm is not None:
            spans.append(bm.span())
        for r in self.days:
            if any(a <= r.span[0] < b for a, b in spans):
                r.dateline = r.speech = True
        self._resolve_days()
        self.clocks = self._clocks()
        self._by_group: dict[int, list[Clock]] = {}
        self._by_sentence: dict[int, list[Clock]] = {}
        self._by_day: dict[int, Clock] = {}
        for c in self.clocks:
            self._by_group.setdefault(c.group, []).append(c)
            self._by_sentence.setdefault(c.sentence, []).append(c)
            if c.day is not None:
                self._by_day.setdefault(id(c.day), c)
        self.story_day, self.story_note, self.story_span = self._story_day()
