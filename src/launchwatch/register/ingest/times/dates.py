"""The report's date (caller, dateline, header, the launch's own date) and the day
phrases of the text, resolved against it (see :mod:`launchwatch.register.ingest.times`)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from ....earth.gazetteer import GazetteerEntry, default_gazetteer
from ..lexicon import (
    KO_WEEKDAYS,
    SPEECH_DAY_RE,
    month_number,
    weekday_number,
)
from .model import (
    DayRef,
    ReportDate,
    _era_year,
    _safe_date,
)
from .patterns import (
    _AGENCY_TOPIC,
    _DMY,
    _EN_DATE,
    _EN_MONTH,
    _EN_MONTH_YEAR,
    _EN_REL,
    _EN_WEEKDAY,
    _EN_YEAR,
    _ISO,
    _JA_DATE,
    _JA_MONTH,
    _JA_REL,
    _KO_DATE,
    _KO_MONTH,
    _KO_REL,
    _KO_WEEKDAY,
    _MON,
    _SAID_END,
    _STAMP_LINE,
    _TOPIC,
)

#: a page stamp that writes its numeric date day first (France 24 / AFP: "Issued on:
#: 02/08/2019 - 02:17", "Modified:"; French "Publié le", "Mis à jour le")
_DAY_FIRST_STAMP = re.compile(r"(?:\bIssued on|\bModified|Publié le|Mis à jour le)\s*:?\s*$",
                              re.IGNORECASE)

_REPORT_NOUN_EN = re.compile(r"(?:'s)?\s+(?:report|statement|dispatch|broadcast)\b")
_CREATED_EN = re.compile(r"\b(?:Entry created|Created|Published|Posted|Filed)(?: on)?\s*:?\s*", re.IGNORECASE)
# the first verb after a day phrase opening an English sentence, when it is one of saying
_SAID_FIRST_EN = re.compile(
    r"(?:\s+(?:morning|afternoon|evening|night))?,(?:(?!\b(?:launch\w*|fir(?:ed|ing)|flew|tested|test-fired)\b)"
    r"[^;:]){0,90}?\b(?:said|says|revised|announced|reported|told|confirmed|stated|added)\b",
    re.IGNORECASE,
)


class DateReading:
    """The report's date and the day phrases: a part of :class:`~.reader.TimeReader`."""

    # -- the report's date ---------------------------------------------------------------
    def _report_date(self, given: date | None) -> ReportDate:
        doc, gz = self.doc, default_gazetteer()
        t = doc.text
        place: GazetteerEntry | None = None
        place_text, place_span = "", (0, 0)
        dl_month = dl_day = dl_year = None
        dl_span = (0, 0)
        self._dateline_span = (0, 0)
        line_s, line_e = doc.line_at(doc.body_start)
        line = t[line_s:line_e]
        m = re.match(
            r"\s*(?:\(LEAD\)\s*|\(\d+(?:st|nd|rd|th) LD\)\s*)?([A-Z][A-Za-z .'-]+?)(?=,|\s*\()", line
        )
        if m:
            e = gz.lookup(m.group(1).strip().title()) or gz.lookup(m.group(1).strip())
            if e is not None and e.tz:
                place, place_text = e, m.group(1).strip()
                place_span = (line_s + m.start(1), line_s + m.start(1) + len(place_text))
                dm = re.match(
                    rf"\s*(?:,\s*[A-Z][a-z]+(?: [A-Z][a-z]+)?)?,\s*(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})"
                    rf"(?:,\s*(?P<y>\d{{4}})|,\s*Juche\s*(?P<jn>\d{{1,3}})(?:\s*\((?P<yj>\d{{4}})\))?)?|"
                    rf"\s*,\s*(?P<d2>\d{{1,2}})\s+(?P<mon2>{_MON})(?:\s+(?P<y2>\d{{4}}))?",
                    line[m.end(1) :],
                )
                if dm:
                    dl_month = month_number(dm.group("mon") or dm.group("mon2"))
                    dl_day = int(dm.group("d") or dm.group("d2"))
                    y = dm.group("y") or dm.group("y2") or dm.group("yj")
                    dl_year = int(y) if y else None
                    if dl_year is None and dm.group("jn"):
                        dl_year = int(dm.group("jn")) + 1911  # Juche 1 is 1912
                    lead = len(dm.group(0)) - len(dm.group(0).lstrip(" ,"))
                    dl_span = (line_s + m.end(1) + dm.start() + lead, line_s + m.end(1) + dm.end())
                    self._dateline_span = dl_span
        if place is None:
            km = re.search(r"\(([가-힣]{1,6})=", line) or re.search(
                r"【([^】\s]{1,6}?)(?:時事|共同|ロイター)?】", line
            )
            if km:
                e = gz.lookup(km.group(1))
                if e is not None and e.tz:
                    place, place_text = e, km.group(1)
                    place_span = (line_s + km.start(1), line_s + km.end(1))
        zone = place.tz if place is not None else None
        # the first full date of the header (timestamps, a release's title)
        head_date, head_text, head_span = self._first_full_date(0, max(doc.body_start, 0) + 1)
        if doc.lang == "en":
            # "Record ... | Entry created: 23 June 2016": a header's own date of writing wins over
            # a date in its title (the launch's)
            cm = _CREATED_EN.search(t, 0, max(doc.body_start, 0) + 1)
            if cm is not None:
                cd, ctext, cspan = self._first_full_date(cm.end(), min(len(t), cm.end() + 40))
                if cd is not None and cspan[0] - cm.end() <= 3:
                    head_date, head_text, head_span = cd, ctext, cspan
        if given is not None:
            rd = ReportDate(
                given, "", (0, 0), "given by the caller", place, place_text, place_span, zone, 1.0
            )
            if dl_month is not None and (given.month, given.day) != (dl_month, dl_day):
                near = _safe_date(given.year, dl_month, dl_day)
                if near is None or abs((near - given).days) > 1:
                    self.flags.append(
                        f"the dateline says {t[dl_span[0] : dl_span[1]].strip(' ,')!r} but the "
                        f"given report date is {given.isoformat()}"
                    )
            return rd
        if dl_month is not None:
            year = dl_year
            note = "dateline"
            if year is None and head_date is not None:
                for y in (head_date.year, head_date.year - 1, head_date.year + 1):
                    d = _safe_date(y, dl_month, dl_day)
                    if d is not None and abs((d - head_date).days) <= 3:
                        year, note = y, f"dateline; the year from {head_text!r}"
                        break
            if year is None:
                # a page's stamp anywhere ("Published May 31, 2023" below the story) near the dateline's day
                for sm in _STAMP_LINE.finditer(t):
                    sd, stext, _ = self._first_full_date(sm.start(), sm.end())
                    if sd is None:
                        continue
                    for y in (sd.year, sd.year - 1, sd.year + 1):
                        d = _safe_date(y, dl_month, dl_day)
                        if d is not None and abs((d - sd).days) <= 3:
                            year, note = y, f"dateline; the year from {stext!r}"
                            break
                    if year is not None:
                        break
            if year is None:
                self.flags.append(
                    f"the dateline {t[dl_span[0] : dl_span[1]].strip(' ,')!r} gives no year: give "
                    "the report's date (--date) to date the launch"
                )
                return ReportDate(
                    None, "", (0, 0), "dateline without a year", place, place_text, place_span, zone, 0.0
                )
            d = _safe_date(year, dl_month, dl_day)
            if d is not None:
                return ReportDate(
                    d,
                    t[dl_span[0] : dl_span[1]].strip(" ,"),
                    dl_span,
                    note,
                    place,
                    place_text,
                    place_span,
                    zone,
                    0.9,
                )
        if head_date is not None:
            return ReportDate(
                head_date,
                head_text,
                head_span,
                "date in the report's header",
                place,
                place_text,
                place_span,
                zone,
                0.85,
            )
        # the launch's own full date in the first sentences of the body
        s_end = (
            doc.sentences[min(len(doc.sentences) - 1, doc.sentence_index(doc.body_start) + 2)][1]
            if doc.sentences
            else 0
        )
        d, txt, span = self._first_full_date(doc.body_start, s_end)
        if d is not None:
            return ReportDate(
                d,
                txt,
                span,
                "the launch's date in the report (no dateline or header date)",
                place,
                place_text,
                place_span,
                zone,
                0.7,
            )
        return ReportDate(None, "", (0, 0), "", place, place_text, place_span, zone, 0.0)

    def _first_full_date(self, start: int, end: int) -> tuple[date | None, str, tuple[int, int]]:
        best = None
        for r in self.days:
            if r.span[0] < start or r.span[0] >= end or r.kind != "date" or r.year is None:
                continue
            d = _safe_date(r.year, r.month, r.day)
            if d is not None and (best is None or r.span[0] < best[2][0]):
                best = (d, r.text, r.span)
        return best if best is not None else (None, "", (0, 0))

    # -- day phrases ------------------------------------------------------------------------
    def _day_phrases(self) -> list[DayRef]:
        doc = self.doc
        out: list[DayRef] = []
        taken: set[int] = set()  # offsets covered by a phrase already found (earlier patterns win)

        def add(r: DayRef) -> None:
            if r.span[0] in taken or (r.span[1] - 1) in taken:
                return
            taken.update(range(r.span[0], r.span[1]))
            out.append(r)

        for m in doc.scan(_ISO):
            add(DayRef("date", m.span(), m.group(0), int(m.group("y")), int(m.group("m")), int(m.group("d"))))
        for m in doc.scan(_DMY):
            a, b = int(m.group("a")), int(m.group("b"))
            if a > 12 and b > 12:
                continue
            if a <= 12 and b <= 12:
                # "05/06/2023": day and month cannot be told apart, except in a page stamp
                # whose writers put the day first (France 24 / AFP's "Issued on: 02/08/2019")
                if not _DAY_FIRST_STAMP.search(doc.text, max(0, m.start() - 24), m.start()):
                    continue
                d, mon = a, b
            else:
                d, mon = (a, b) if a > 12 else (b, a)
            add(DayRef("date", m.span(), m.group(0), int(m.group("y")), mon, d))
        for m in doc.scan(_JA_DATE):
            y = _era_year(m.group("era"), m.group("ey"), m.group("y"))
            mon = int(m.group("m")) if m.group("m") else None
            add(
                DayRef(
                    "date" if mon else "dom",
                    m.span(),
                    m.group(0).strip(),
                    y if mon else None,
                    mon,
                    int(m.group("d")),
                )
            )
        for m in doc.scan(_JA_MONTH):
            if m.group("m3"):
                add(DayRef("month", m.span(), m.group(0), None, int(m.group("m3")), precision="month"))
                continue
            y = _era_year(m.group("era"), m.group("ey"), m.group("y") or m.group("y2"))
            add(
                DayRef(
                    "month" if m.group("m") else "year",
                    m.span(),
                    m.group(0),
                    y,
                    int(m.group("m")) if m.group("m") else None,
                    precision="month" if m.group("m") else "year",
                )
            )
        for m in doc.scan(_KO_DATE):
            mon = int(m.group("m")) if m.group("m") else None
            y = int(m.group("y")) if m.group("y") else None
            add(
                DayRef(
                    "date" if mon else "dom", m.span(), m.group(0), y if mon else None, mon, int(m.group("d"))
                )
            )
        for m in doc.scan(_KO_MONTH):
            if m.group("m3"):
                add(DayRef("month", m.span(), m.group(0), None, int(m.group("m3")), precision="month"))
                continue
            y = int(m.group("y") or m.group("y2"))
            add(
                DayRef(
                    "month" if m.group("m") else "year",
                    m.span(),
                    m.group(0),
                    y,
                    int(m.group("m")) if m.group("m") else None,
                    precision="month" if m.group("m") else "year",
                )
            )
        for m in doc.scan(_EN_DATE):
            mon = month_number(m.group("mon") or m.group("mon2"))
            d = int(m.group("d") or m.group("d2"))
            y = m.group("y") or m.group("y2")
            if 1 <= d <= 31:
                add(DayRef("date", m.span(), m.group(0), int(y) if y else None, mon, d))
        for m in doc.scan(_EN_MONTH):
            add(
                DayRef(
                    "month",
                    m.span("mon") if not m.group("y") else (m.start("mon"), m.end()),
                    doc.text[m.start("mon") : m.end()],
                    int(m.group("y")) if m.group("y") else None,
                    month_number(m.group("mon")),
                    qualifier=m.group("pre").lower(),
                    precision="month",
                )
            )
        for m in doc.scan(_EN_MONTH_YEAR):
            add(
                DayRef(
                    "month", m.span(), m.group(0), int(m.group("y")), month_number(m.group("mon")),
                    qualifier="", precision="month",
                )
            )
        for m in doc.scan(_EN_YEAR):
            add(DayRef("year", m.span("y"), m.group("y"), int(m.group("y")), precision="year"))
        for m in doc.scan(_EN_WEEKDAY):
            q = (m.group("q") or "").strip().lower()
            add(
                DayRef(
                    "weekday",
                    m.span(),
                    m.group(0).strip(),
                    weekday=weekday_number(m.group("wd")),
                    qualifier=q + ((" " + m.group("part").strip()) if m.group("part") else ""),
                )
            )
        for m in doc.scan(_KO_WEEKDAY):
            add(DayRef("weekday", m.span(), m.group(0), weekday=KO_WEEKDAYS[m.group("wd")]))
        for rx in (_EN_REL, _KO_REL, _JA_REL):
            for m in doc.scan(rx):
                w = m.group("rel").lower()
                kind = (
                    "yesterday"
                    if w
                    in (
                        "yesterday",
                        "last night",
                        "the previous day",
                        "the day before",
                        "어제",
                        "어젯밤",
                        "지난밤",
                        "전날",
                        "昨日",
                        "きのう",
                        "前日",
                    )
                    else "same"
                    if w in ("the same day", "이날", "당일", "同日", "当日")
                    else "day-before-yesterday"
                    if w == "그제"
                    else "today"
                )
                add(DayRef(kind, m.span(), m.group(0), qualifier=w))
        out.sort(key=lambda r: r.span[0])
        # a day phrase next to a verb of saying dates the statement, not the launch
        agency_day = re.compile(
            r"\s*(?:조선중앙통신|중앙통신|노동신문|합동참모본부|합참|국방부|통신|방위성|일본\s?정부)"
            r"[이가은는]?\s*(?:을\s?통해\s*)?[^.。\n]{0,12}?(?:보도|밝혔|발표|전했|공개)"
        )
        reported_on: set[int] = set()  # sentences whose day of saying is written before its agency
        # "…을 쏜 … 시험발사가 '성공'이라고 25일 주장했다": the day right before the verb of
        # saying is the statement's; the sentence's other day is the launch's
        said_on = re.compile(
            r"\s*(?:주장했|밝혔|발표했|보도했|전했|말했|설명했|報じ|発表し|明らかにし|主張し)"
        )
        for r in out:
            s, e = doc.sentence_at(r.span[0])
            if agency_day.match(doc.text[r.span[1] : min(e, r.span[1] + 25)]):
                reported_on.add(s)
            if said_on.match(doc.text, r.span[1]):
                reported_on.add(s)
                r.speech = True
        for r in out:
            s, e = doc.sentence_at(r.span[0])
            before = doc.text[max(s, r.span[0] - 25) : r.span[0]]
            after = doc.text[r.span[1] : min(e, r.span[1] + 25)]
            if (
                SPEECH_DAY_RE.search(before[-14:])
                or re.match(
                    r"\s*(?:that\s+)?(?:said|claimed|announced|reported|told|confirmed|described|stated)\b",
                    after,
                )
                # "North Korean state media, in a Friday report, described ...": the report's day
                or (doc.lang == "en" and _REPORT_NOUN_EN.match(after) is not None)
                # "13일 조선중앙통신이 보도했다": a day before the agency that reports it
                or agency_day.match(after)
                # "On Friday, after a joint analysis, the JCS revised its assessment: ...": a
                # day opening a sentence whose first verb is one of saying
                or (
                    doc.lang == "en"
                    and doc.text[s : r.span[0]].strip(" \"'").lower() in ("", "on", "late", "early")
                    and _SAID_FIRST_EN.match(doc.text, r.span[1], e) is not None
                )
                or _AGENCY_TOPIC.search(before[-14:])
                or (
                    s not in reported_on
                    and _TOPIC.search(before[-12:])
                    and _SAID_END.search(doc.text[max(s, e - 24) : e])
                )
            ):
                r.speech = True
        return out

    def _resolve_days(self) -> None:
        R = self.report.value
        last: date | None = None
        for r in self.days:
            r.value = self._resolve(r, R, last)
            if r.value is not None and r.precision == "day":
                last = r.value
        # "합동참모본부는 전날 "오늘 오전 6시 10분께 …"라고 밝혔다", "防衛省は24日、「本日…」と
        # 発表した": a quoted "today" is the day the quote was said, when the sentence dates
        # the saying outside the quotation
        t = self.doc.text
        for r in self.days:
            if r.kind != "today" or r.speech:
                continue
            s, _e = self.doc.sentence_at(r.span[0])
            said = [
                x
                for x in self.days
                if x.speech
                and x.value is not None
                and x.precision == "day"
                and s <= x.span[0]
                and x.span[1] <= r.span[0]
            ]
            if not said:
                continue
            between = t[said[-1].span[1] : r.span[0]]
            opened = between.count('"') % 2 == 1 or between.count("「") > between.count("」")
            if opened:
                r.value = said[-1].value

    @staticmethod
    def _resolve(r: DayRef, R: date | None, last: date | None) -> date | None:
        if r.kind == "date":
            if r.year is not None:
                return _safe_date(r.year, r.month, r.day)
            if R is None:
                return None
            for y in (R.year + 1, R.year, R.year - 1):
                d = _safe_date(y, r.month, r.day)
                if d is not None and d <= R + timedelta(days=2):
                    return d
            return None
        if r.kind == "month":
            # a month or year the calendar does not have ("13월", "year 0") names no day
            if r.year is not None:
                return _safe_date(r.year, r.month, 1)
            if R is None:
                return None
            y = R.year if r.month <= R.month else R.year - 1
            if r.qualifier == "last" and r.month == R.month:
                y -= 1
            return _safe_date(y, r.month, 1)
        if r.kind == "year":
            return _safe_date(r.year, 1, 1)
        if R is None:
            return None
        if r.kind == "dom":
            for back in range(-1, 32):
                d = R - timedelta(days=back)
                if d.day == r.day:
                    return d
            return None
        if r.kind == "weekday":
            if r.qualifier.startswith("last"):
                back = (R.weekday() - r.weekday) % 7 or 7
                return R - timedelta(days=back)
            for off in range(-5, 2):
                d = R + timedelta(days=off)
                if d.weekday() == r.weekday:
                    return d
        if r.kind == "today":
            return R
        if r.kind == "yesterday":
            return R - timedelta(days=1)
        if r.kind == "day-before-yesterday":
            return R - timedelta(days=2)
        if r.kind == "same":
            return last or R
        return None
