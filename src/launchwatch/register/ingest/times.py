"""Dates, clock times and zones: the report's date, this launch's day, and every launch
instant in UTC and in local time, each with its text span.

**The report's date** comes from the caller (``report_date``), else the dateline
(``SEOUL, Oct. 4 (Yonhap) --``; a dateline without a year takes the year of a timestamp
above it, ``All News 08:41 October 04, 2022``), else the first full date of the header
(``Published On 31 May 2023``, ``송고시간 2022-10-04``, ``令和5年4月13日``), else the
launch's own full date in the first sentences.  Nothing else is guessed: a dateline
without a year and no other date leaves the report undated (give ``report_date``).

**Days.**  Weekdays resolve to the nearest such day from five days before the report's
date to one day after it (a report dated Wednesday in Washington may tell of "early
Thursday" in Korea; "last Thursday" is always before); dates without a year to the
latest such date no later than two days after the report's; a Korean ``4일`` or
Japanese ``4日`` (the day of the month only) to the latest such day no later than one day
after it; ``today``/``오늘``/``本日``, ``yesterday``/``어제``/``昨日``, ``同日``/``이날`` (the
same day as the date before) as written.  *This launch's day* is the day its first
sentence of launch gives (not a day of saying: "KCNA said on Wednesday"), else the day
of its first dated launch time, else the report's date.

**Clock times** (``8:10am``, ``7:23 a.m.``, ``2240 GMT``, ``noon``, ``오전 7시 23분께``,
``새벽 3시 17분``, ``06시 14분경``, ``午前7時22分ごろ``, ``22時44分頃``) are read with their zone:
the zone written beside them (KST, JST, GMT/UTC, ``Seoul time``, ``Pyongyang time``,
``local time``, ``한국시간``, ``日本時間``, ``GMT+9``); else the zone of the agency the
sentence quotes (JCS, Yonhap: Seoul; Japan's ministry, NHK, Kyodo: Tokyo; KCNA:
Pyongyang, which was UTC+8:30 from 2015-08-15 to 2018-05-04 — zoneinfo knows it); else
the report's language (Korean: Seoul; Japanese: Tokyo); else the dateline's zone; else
Seoul, flagged.  "Local time" is the dateline's zone in Korea or Japan, else the launch
site's (Pyongyang).

A time is a *launch* time when the nearest word of its clause is one of launching
(``launched``, ``fired``, ``lifted off``, ``detected``, ``발사``, ``発射``) and not of
landing (``came down at 11:23``, ``落下``), orbit, overflight, radar loss, alerts,
statements or another actor's response; in Korean and Japanese the verb after the time
decides.  A time in parentheses after another (``8:10am (23:10 GMT on Wednesday)``) is
the same moment; one whose own day is not given takes it from its partner.  Times joined
as a range (``between 8:10am and 9:20am``, ``9시 20분께까지``, ``8時22分ごろにかけて``) run
forwards: the end of a window across midnight is on the next day.  A launch time on
another day than this launch's is another round's and is left out (flagged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ...earth.gazetteer import GazetteerEntry, default_gazetteer
from .attribution import Context, Sources
from .document import Document
from .lexicon import (
    IMPACT_RE,
    JA_ERAS,
    KO_WEEKDAYS,
    LAUNCH_RE,
    MONTH_RE,
    OTHER_MOMENT_RE,
    SPEECH_DAY_RE,
    ZONE_RE,
    ZONES,
    month_number,
    weekday_number,
)

__all__ = ["Clock", "DayRef", "LaunchTime", "ReportDate", "TimeReader"]

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


# -- patterns --------------------------------------------------------------------------
_MON = MONTH_RE
_EN_DATE = re.compile(
    rf"\b(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b|"
    rf"\b(?<![:.,]\d)(?<![:.,])(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MON})(?:,?\s+(?P<y2>(?:19|"
    rf"20)\d{{2}}))?\b"
)
_EN_MONTH = re.compile(
    rf"\b(?P<pre>(?i:in|since|last|early|late|mid-?|until|through|of|during|from))\s+(?:early |late |mid-)?"
    rf"(?P<mon>{_MON})(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b(?!\s*\d)(?!\.\s*\d)"
)
_EN_YEAR = re.compile(
    r"\b(?i:in|since|of|during|until|through|last|the|early|late)\s+(?P<y>(?:19|20)\d{2})\b(?![-/.]\d)"
)
_EN_WEEKDAY = re.compile(
    r"(?P<q>\b(?:early|late|on|last|this|next|before dawn on|in the early hours of|early on|late on)\s+)?"
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?P<part>\s+(?:morning|afternoon|evening|night))?"
)
_EN_REL = re.compile(
    r"\b(?P<rel>today|tonight|this morning|this afternoon|this evening|yesterday|last night|"
    r"earlier today|the previous day|the day before|the same day)\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-./]\s?(?P<m>\d{1,2})[-./]\s?(?P<d>\d{1,2})\b")
_KO_DATE = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})년\s*)?(?:(?P<m>\d{1,2})월\s*)?(?P<d>\d{1,2})일"
    r"(?!\s*(?:만|간|째|동안|이내|새|만에))"
)
_KO_MONTH = re.compile(
    r"(?P<y>(?:19|20)\d{2})년\s*(?P<m>\d{1,2})월(?!\s*\d{1,2}\s*일)|"
    r"(?P<y2>(?:19|20)\d{2})년(?!\s*\d{1,2}\s*월)"
)
_KO_REL = re.compile(r"(?P<rel>어젯밤|지난밤|오늘|금일|어제|그제|이날|당일|전날)")
_KO_WEEKDAY = re.compile(r"(?P<wd>[월화수목금토일])요일")
_JA_DATE = re.compile(
    r"(?:(?P<era>令和|平成)(?P<ey>\d{1,2}|元)年|(?P<y>(?:19|20)\d{2})年)?\s*"
    r"(?:(?P<m>\d{1,2})月)?\s*(?P<d>\d{1,2})日(?!間|本)"
)
_JA_MONTH = re.compile(
    r"(?:(?P<era>令和|平成)(?P<ey>\d{1,2}|元)年|(?P<y>(?:19|20)\d{2})年)\s*(?P<m>\d{1,2})月"
    r"(?!\s*\d{1,2}\s*日)|(?P<y2>(?:19|20)\d{2})年(?!\s*\d{1,2}\s*月)"
)
_JA_REL = re.compile(r"(?P<rel>本日|今日|きょう|同日|昨日|きのう|前日|当日)")

_AP = r"[ap]\.?\s?m\.?(?![a-z])"
_EN_CLOCK = re.compile(
    rf"(?<![\d:.,/])(?:(?P<h>\d{{1,2}}):(?P<m>[0-5]\d)(?![\d:])(?:\s*(?P<ap>{_AP}))?|"
    rf"(?P<h3>\d{{1,2}})\.(?P<m3>[0-5]\d)\s*(?P<ap3>{_AP})|"
    rf"(?P<h2>\d{{1,2}})\s*(?P<ap2>{_AP})|"
    r"(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)(?!\d)(?=\s*(?:GMT|UTC|KST|JST|Z\b|hrs\b|hours\b)|"
    r"-(?:[01]\d|2[0-3])[0-5]\d\s*(?:GMT|UTC|KST|JST))|"
    r"(?P<word>\bnoon\b|\bmidday\b|\bmidnight\b)|"
    r"(?P<h5>\d{1,2})\s+(?:o'clock\s+)?in the (?P<part>morning|afternoon|evening|night))",
    re.IGNORECASE,
)
_KO_CLOCK = re.compile(
    r"(?P<pre>오전|오후|새벽|아침|낮|저녁|밤)?\s*(?P<h>\d{1,2})\s*시(?!간|각|점|작|대|민|장|도|험)"
    r"(?:\s*(?P<m>\d{1,2})\s*분)?(?P<half>\s*반)?(?P<suf>\s*(?:께|쯤|경|무렵|가량))?|(?P<word>정오|자정)"
)
_JA_CLOCK = re.compile(
    r"(?P<pre>午前|午後|未明|早朝|朝|夜|深夜|夕方)?\s*(?P<h>\d{1,2})\s*時(?!間|台|点|期|代|刻|事|半ば)"
    r"(?:\s*(?P<m>\d{1,2})\s*分)?(?P<half>半)?(?P<suf>\s*(?:頃|ごろ|ころ|過ぎ))?|(?P<word>正午)"
)
_MINUTE_ONLY = re.compile(
    r"(?:と|、|,|과|와|및)\s*(?P<m>\d{1,2})\s*(?:分|분)(?!\s*간)"
    r"(?P<suf>\s*(?:ごろ|頃|께|쯤|경))?"
)
_ZONE_AFTER = re.compile(
    rf"\s*(?:\(\s*)?(?P<z>{ZONE_RE}|(?:GMT|UTC)\s?[+-]\s?\d{{1,2}}(?::?\d{{2}})?)(?![A-Za-z])\)?",
    re.IGNORECASE,
)
_ZONE_BEFORE = re.compile(
    r"(?P<z>한국\s?시간|평양\s?시간|일본\s?시간|현지\s?시간|日本時間|韓国時間|平壌時間|現地時間)"
    r"(?:으로|で)?\s*$"
)
_APPROX_BEFORE = re.compile(
    r"(?:\b(?:around|about|approximately|roughly|some|shortly (?:before|after)|"
    r"just (?:before|after)|circa)\s+(?:at\s+)?)$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(
    r"^[\s,]*(?:(?:and|to|through|until|till|-|~)\s*(?:about |around |approximately )?|"
    r"(?:께|쯤|경)?\s*(?:부터|에서|~|-)\s*|(?:頃|ごろ)?\s*(?:から|~|-)\s*)$",
    re.IGNORECASE,
)
_LIST_JOIN = re.compile(
    r"^[\s,]*(?:(?:and|or|,|then)\s*(?:again\s+)?(?:at\s+)?(?:about |around )?|"
    r"(?:께|쯤|경)?\s*(?:와|과|,|및|그리고)\s*|(?:頃|ごろ)?\s*(?:と|、|,)\s*(?:同)?)$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\b(?:between|from)\s+(?:about |around |approximately )?$", re.IGNORECASE)
# an agency as the topic right before a date dates its statement ("일본 정부는 31일 ... 밝혔다",
# "防衛省は18日、... と発表した")
_AGENCY_TOPIC = re.compile(
    r"(?:정부|방위성|합참|합동참모본부|통신|매체|국방부|보안청|당국|군)(?:은|는|이|가)\s*$|"
    r"(?:防衛省|政府|官房長官|防衛相|合同参謀本部|韓国軍|通信)は、?\s*$"
)
_TOPIC = re.compile(r"[가-힣A-Za-z]{2,}(?:은|는)\s*$|[\u4e00-\u9fff\u30a0-\u30ff]{2,}は、?\s*$")
_SAID_END = re.compile(
    r"(?:밝혔|주장했|보도했|발표했|전했|말했|설명했|알렸)(?:다|습니다)[.\"']?\s*$|"
    r"(?:発表|明らかに|報じ|述べ|主張)(?:した|しました|ている|ています)[。]?\s*$"
)
_LOCAL_WORDS = ("local time", "local", "현지시간", "현지 시간", "現地時間")


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


#: A page's time stamp on a line of its own, wherever the page puts it (above or below the story)
_STAMP_LINE = re.compile(
    r"^[ \t]*(?:Published|Updated|Last updated|Posted|First published)\b(?: on)?[^\n]{0,80}$",
    re.MULTILINE | re.IGNORECASE,
)


class TimeReader:
    """Reads the report's date, the day phrases and the clock times of a document (one
    pass per pattern) and resolves them (see the module's text)."""

    def __init__(self, doc: Document, sources: Sources, given: date | None = None) -> None:
        self.doc = doc
        self.sources = sources
        self.flags: list[str] = []
        self.days = self._day_phrases()
        self.report = self._report_date(given)
        for r in self.days:  # the dateline's date is the report's, not the launch's
            if self._dateline_span[0] <= r.span[0] < self._dateline_span[1]:
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
        for r in out:
            s, e = doc.sentence_at(r.span[0])
            if agency_day.match(doc.text[r.span[1] : min(e, r.span[1] + 25)]):
                reported_on.add(s)
        for r in out:
            s, e = doc.sentence_at(r.span[0])
            before = doc.text[max(s, r.span[0] - 25) : r.span[0]]
            after = doc.text[r.span[1] : min(e, r.span[1] + 25)]
            if (
                SPEECH_DAY_RE.search(before[-14:])
                or re.match(r"\s*(?:that\s+)?(?:said|claimed|announced|reported|told|confirmed)\b", after)
                # "13일 조선중앙통신이 보도했다": a day before the agency that reports it
                or agency_day.match(after)
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
            if r.year is not None:
                return date(r.year, r.month, 1)
            if R is None:
                return None
            y = R.year if r.month <= R.month else R.year - 1
            if r.qualifier == "last" and r.month == R.month:
                y -= 1
            return date(y, r.month, 1)
        if r.kind == "year":
            return date(r.year, 1, 1)
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

    # -- clocks -----------------------------------------------------------------------------
    def _clocks(self) -> list[Clock]:
        doc, t = self.doc, self.doc.text
        found: list[Clock] = []
        for m in doc.scan(_EN_CLOCK):
            if m.group("word"):
                w = m.group("word").lower()
                h, mi, ap = (0, 0, "am") if w == "midnight" else (12, 0, "pm")
            else:
                h = int(m.group("h") or m.group("h2") or m.group("h3") or m.group("h4") or m.group("h5"))
                mi = int(m.group("m") or m.group("m3") or m.group("m4") or 0)
                ap_raw = m.group("ap") or m.group("ap2") or m.group("ap3")
                ap = None if ap_raw is None else ("pm" if ap_raw.lower().startswith("p") else "am")
                if m.group("part"):
                    ap = "am" if m.group("part") == "morning" else "pm"
                if ap is not None and not 1 <= h <= 12:
                    continue
                if h > 23:
                    continue
            c = Clock(
                m.span(),
                m.group(0),
                h,
                mi,
                ap,
                ap is None
                and 1 <= h <= 12
                and m.group("h4") is None
                and not (m.group("h") and len(m.group("h")) == 2 and m.group("h")[0] == "0"),
            )
            found.append(c)
        for rx, _lang in ((_KO_CLOCK, "ko"), (_JA_CLOCK, "ja")):
            for m in doc.scan(rx):
                if m.group("word"):
                    w = m.group("word")
                    h, mi, pre = (0, 0, "am") if w == "자정" else (12, 0, "pm")
                else:
                    h = int(m.group("h"))
                    mi = int(m.group("m")) if m.group("m") else (30 if m.group("half") else 0)
                    pre = m.group("pre")
                if h > 24 or mi > 59:
                    continue
                span = (m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), m.end())
                c = Clock(span, t[span[0] : span[1]], h, mi, pre, pre is None and h <= 12)
                c.approx = bool(m.groupdict().get("suf"))
                found.append(c)
        found.sort(key=lambda c: c.span[0])
        # "午前1時47分ごろと53分ごろ", "5시 34분과 57분": a minute alone after a list word keeps the hour
        ends = {c.span[1]: c for c in found if re.search(r"[시時]", c.text)}
        for m in doc.scan(_MINUTE_ONLY):
            prev = ends.get(m.start()) or ends.get(m.start() - 1)
            if prev is None:
                continue
            span = (m.start("m"), m.end())
            c = Clock(
                span, t[span[0] : span[1]], prev.hour, int(m.group("m")), prev.meridiem, prev.needs_meridiem
            )
            c.approx = bool(m.group("suf"))
            if c.minute > 59:
                continue
            found.append(c)
            ends[m.end()] = c
        found.sort(key=lambda c: c.span[0])
        # meridiems and 24-hour forms
        for c in found:
            c.hour = _hour24(c.hour, c.meridiem)
        # zones, parentheses, approximations
        for c in found:
            c.end = c.span[1]
            zm = doc.match(_ZONE_AFTER, c.span[1], min(len(t), c.span[1] + 30))
            if (zm and not re.match(r"\s*\(?\s*(?:Z)\b", t[c.span[1] : c.span[1] + 4])) or (
                zm and zm.group("z").upper() == "Z" and t[c.span[1] : c.span[1] + 1] in "Z"
            ):
                c.zone_word = zm.group("z")
                c.end = zm.end()
            else:
                zb = _ZONE_BEFORE.search(t, max(0, c.span[0] - 12), c.span[0])
                if zb:
                    c.zone_word = zb.group("z")
            if _APPROX_BEFORE.search(t, max(0, c.span[0] - 30), c.span[0]):
                c.approx = True
            c.sentence = doc.sentence_index(c.span[0])
            c.header = doc.in_header(c.span[0])
        self._parens_and_groups(found)
        self._attach_days(found)
        self._group_days(found)
        return found

    def _parens_and_groups(self, clocks: list[Clock]) -> None:
        doc, t = self.doc, self.doc.text
        by_sentence: dict[int, list[Clock]] = {}
        for c in clocks:
            by_sentence.setdefault(c.sentence, []).append(c)
        gid = 0
        for si, cs in by_sentence.items():
            s, e = doc.sentences[si] if doc.sentences else (0, len(t))
            # parenthesis pairs of the sentence
            pairs, stack = [], []
            for k in range(s, e):
                ch = t[k]
                if ch in "(（":
                    stack.append(k)
                elif ch in ")）" and stack:
                    pairs.append((stack.pop(), k))
            for c in cs:
                for a, b in pairs:
                    if a < c.span[0] < b and (c.paren is None or a > c.paren):
                        c.paren, c.paren_end = a, b
                # a zone in parentheses right after ("8:10 (KST)") is not a parenthetical time
            main = [c for c in cs if c.paren is None]
            # CJK meridiem carried forward within the sentence
            carry = None
            for c in main:
                if c.meridiem in (
                    "오전",
                    "오후",
                    "새벽",
                    "아침",
                    "낮",
                    "저녁",
                    "밤",
                    "午前",
                    "午後",
                    "未明",
                    "早朝",
                    "朝",
                    "夜",
                    "深夜",
                    "夕方",
                ):
                    carry = c.meridiem
                elif c.needs_meridiem and carry is not None and not re.search(r"[ap]", c.text, re.IGNORECASE):
                    c.hour = _hour24(c.hour, carry)
                    c.meridiem = carry
                    c.needs_meridiem = False
            # groups of main clocks joined by a list or range connector
            prev: Clock | None = None
            for c in main:
                joined = False
                if prev is not None:
                    gap_start = prev.end
                    # skip a parenthetical right after the previous clock
                    for a, b in pairs:
                        if prev.end <= a <= prev.end + 3 and b < c.span[0]:
                            gap_start = b + 1
                    gap = t[gap_start : c.span[0]]
                    if _RANGE_JOIN.match(gap) and (len(gap) < 20):
                        joined, c.range_prev = (
                            True,
                            bool(
                                re.search(r"to|through|until|till|-|~|부터|에서|から", gap, re.IGNORECASE)
                                or _BETWEEN.search(t, max(s, prev.span[0] - 20), prev.span[0])
                            ),
                        )
                        if re.search(r"\band\b", gap) and not _BETWEEN.search(
                            t, max(s, prev.span[0] - 20), prev.span[0]
                        ):
                            c.range_prev = False
                    elif _LIST_JOIN.match(gap) and len(gap) < 20:
                        joined = True
                if not joined:
                    gid += 1
                c.group = gid
                prev = c
            # English: a missing meridiem from the other end of the group ("7:06 and 7:40 a.m.")
            groups: dict[int, list[Clock]] = {}
            for c in main:
                groups.setdefault(c.group, []).append(c)
            for g in groups.values():
                known = [c.meridiem for c in g if c.meridiem in ("am", "pm")]
                for c in g:
                    if c.needs_meridiem and known and c.meridiem is None:
                        c.hour = _hour24(c.hour, known[-1] if known else None)
                        c.meridiem = known[-1]
                        c.needs_meridiem = False
            # parenthetical equivalents: pair each with the main clock(s) just before
            for a, _b in pairs:
                inner = [c for c in cs if c.paren == a]
                if not inner:
                    continue
                before = [c for c in main if c.end <= a and re.fullmatch(r"[\s,]*", t[c.end : a])]
                if not before:
                    continue
                g = groups[before[-1].group]
                g = [c for c in g if c.span[0] <= before[-1].span[0]]
                targets = g[-len(inner) :] if len(inner) <= len(g) else g
                for x, y in zip(inner, targets, strict=False):
                    x.partner, y.partner = y, x
                    x.group = y.group

    def _after_midnight_of(self, x: LaunchTime, keep: list[LaunchTime], S: date) -> bool:
        """Whether launch time ``x``, on the day after this launch's day ``S``, follows a
        kept launch time of the same sentence by less than six hours (one salvo across
        midnight: "23時55分頃及び本日（25日）0時5分頃")."""
        day = x.utc.astimezone(ZoneInfo(SITE_ZONE)).date()
        if (day - S).days != 1 or not keep:
            return False
        prev = keep[-1]
        if self.doc.sentence_at(prev.span[0]) != self.doc.sentence_at(x.span[0]):
            return False
        return 0 < (x.utc - prev.utc).total_seconds() < 6 * 3600

    def _next_day_of_window(self, a: DayRef, b: DayRef) -> bool:
        """Whether day phrase ``b`` is the day after ``a`` within one launch window: the
        two a day apart and joined, with at most a clock time between them, by a word of
        listing or range (``及び``, ``and``, ``から``, ``부터``)."""
        if a.value is None or b.value is None or not 0 <= (b.value - a.value).days <= 1:
            return False
        between = self.doc.text[a.span[1] : b.span[0]]
        if a.value == b.value:
            return bool(re.fullmatch(r"\s*[（(]\s*", between))  # "昨日（24日）": one day
        if not re.search(r"\d\s*(?::|時|시)|[ap]\.?m\b", between) and not re.fullmatch(r"[^\d]*", between):
            return False
        if len(between) > 40 or re.search(r"[.。;]|\b(?:after|since|when|before|than)\b", between):
            return False
        return bool(re.search(r"及び|および|から|にかけて|\band\b|\bto\b|부터|및|과|와|、|,", between))

    def _group_days(self, clocks: list[Clock]) -> None:
        groups: dict[int, list[Clock]] = {}
        for c in clocks:
            if c.paren is None:
                groups.setdefault(c.group, []).append(c)
        for g in groups.values():
            dated = [c for c in g if c.day is not None]
            if len(g) > 1 and len(dated) == 1 and dated[0] is g[-1] and dated[0].day.span[0] > g[-1].span[0]:
                g[0].day, g[-1].day = g[-1].day, None

    def _attach_days(self, clocks: list[Clock]) -> None:
        """The day phrase of each clock: the nearest in its clause after it (before a
        parenthesis that holds another clock's day) or before it."""
        doc, t = self.doc, self.doc.text
        days = [r for r in self.days if r.precision == "day" and not r.speech]
        starts = [r.span[0] for r in days]
        import bisect

        for c in clocks:
            s, e = doc.sentence_at(c.span[0])
            cands = []
            lo = bisect.bisect_left(starts, max(s, c.span[0] - 70))
            hi = bisect.bisect_right(starts, min(e, c.end + 40))
            for r in days[lo:hi]:
                if c.span[0] <= r.span[0] < c.span[1]:
                    continue
                if c.paren is not None and not (c.paren < r.span[0] < (c.paren_end or 0)):
                    continue  # a parenthetical time takes only its parenthesis' day
                if r.span[0] >= c.end:
                    between = t[c.end : r.span[0]]
                    if c.paren is None and "(" in between:
                        continue  # "(23:10 GMT on Wednesday)" is the parenthesis' own day
                    if c.paren is not None and ")" in between:
                        continue
                    if re.search(r"\d\s*(?::|시|時)|[ap]\.?m\b", between):
                        continue  # another time comes first
                    if re.search(r"[.;]|\bwhen\b|\bafter\b|\bsince\b", between):
                        continue
                    dist = r.span[0] - c.end
                else:
                    between = t[r.span[1] : c.span[0]]
                    if c.paren is not None and "(" not in between:
                        continue  # a day outside the parenthesis is the main time's
                    if (
                        c.paren is None
                        and ")" in between
                        and not re.fullmatch(r"\s*(?:\(\s*\d{1,2}\s*日\s*\)|\))\s*", between)
                    ):
                        continue  # not "昨日(24日)23時55分" (the day's own parenthesis)
                    if re.search(r"[;]|\bwhen\b|\bafter\b|\bsince\b|\bthan\b", between):
                        continue
                    dist = c.span[0] - r.span[1]
                cands.append((dist, r.span[0] < c.span[0], r))
            if cands:
                # after the time first in English ("at 7:40 a.m. on Thursday"), before it in
                # Korean and Japanese ("4일 오전 7시", "4日午前7時")
                cjk = bool(re.search(r"[시時]", c.text))
                c.day = min(cands, key=lambda x: x[0] + (0 if x[1] == cjk else 15))[2]

    # -- this launch's day -----------------------------------------------------------------
    def _story_day(self) -> tuple[date | None, str, tuple[int, int]]:
        doc, t = self.doc, self.doc.text
        for _si, (s, e) in enumerate(doc.sentences):
            if e <= doc.body_start or doc.in_headline(s):
                continue
            lm = doc.search(LAUNCH_RE, s, e)
            if lm is None:
                continue
            cands = [
                r
                for r in self.days
                if s <= r.span[0] < e and r.precision == "day" and not r.speech and r.value is not None
            ]
            # not the day of a clause of another event ("days after", "since", "when")
            ok = []
            for r in cands:
                before = t[s : r.span[0]]
                if re.search(
                    r"\b(?:after|since|when|before|following|than)\b[^,]*$", before
                ) and not re.search(r"\bafter (?:it|they) (?:was|were) (?:launched|fired)", before):
                    continue
                c = self._by_day.get(id(r))
                if c is not None and c.zone_word and _zone_name(c.zone_word) == "UTC":
                    continue
                ok.append(r)
            if ok:
                r = min(ok, key=lambda r: abs(r.span[0] - lm.start()))
                k = ok.index(r)
                while k > 0 and re.fullmatch(
                    r"\s*(?:과|와|,|and|と|、|及び|및)\s*", t[ok[k - 1].span[1] : ok[k].span[0]]
                ):
                    k -= 1  # a launch over several days is dated by its first
                while k > 0 and self._next_day_of_window(ok[k - 1], ok[k]):
                    k -= 1  # "昨日（24日）23時55分頃及び本日（25日）0時5分頃": the first day
                r = ok[k]
                return r.value, f"from {r.text!r}", r.span
            # the first sentence of launch gives no day: its first dated launch time's day
            break
        R = self.report.value
        for c in self.clocks:
            if c.header or c.day is None or c.day.value is None:
                continue
            if R is not None and not -2 <= (c.day.value - R).days <= 1:
                continue  # an earlier launch told of for context
            z = self._zone_of(c)[0]
            inst = datetime.combine(c.day.value, time(c.hour % 24, c.minute), tzinfo=zone_info(z))
            return inst.astimezone(ZoneInfo(SITE_ZONE)).date(), f"from the time {c.text!r}", c.span
        if self.report.value is not None:
            return self.report.value, "the report's date", (0, 0)
        return None, "", (0, 0)

    # -- zones ----------------------------------------------------------------------------
    def _zone_of(self, c: Clock) -> tuple[str, str, float]:
        """(zone name, why, confidence) for a clock."""
        if c.zone_word:
            w = c.zone_word
            if w.lower() in _LOCAL_WORDS:
                z = (
                    self.report.zone
                    if self.report.zone in ("Asia/Seoul", "Asia/Tokyo", "Asia/Pyongyang")
                    else SITE_ZONE
                )
                return z, f"local time ({z})", 0.85
            return _zone_name(w), f"zone {w}", 0.9
        a = self.sources.at(c.span[0])
        if a is not None and a.zone:
            return a.zone, f"zone of {a.name}", 0.8
        if self.doc.lang == "ko":
            return "Asia/Seoul", "a Korean report: Korean time", 0.8
        if self.doc.lang == "ja":
            return "Asia/Tokyo", "a Japanese report: Japanese time", 0.8
        if self.report.zone in ("Asia/Seoul", "Asia/Tokyo", "Asia/Pyongyang"):
            return self.report.zone, f"zone of the dateline ({self.report.zone})", 0.75
        return "Asia/Seoul", "no zone given: Korean time assumed", 0.5

    # -- roles and launch times ----------------------------------------------------------------
    def _role(self, c: Clock, ctx: Context) -> str:
        doc, _t = self.doc, self.doc.text
        if c.header:
            return "publication"
        if c.partner is not None and c.paren is not None:
            return c.partner.role or self._role(c.partner, ctx)
        v = ctx.at(c.span[0])
        if not v.ok:
            return f"not this launch ({v.reason})"
        cs, ce = ctx.clause(c.span[0])
        cjk = bool(re.search(r"[시時]", c.text))
        # a time said right before a quote, or right after "said", is the statement's
        if re.match(r"\s*(?:에는|에|には|に)?\s*[\"“「『]", doc.text[c.end : c.end + 6]) or re.search(
            r"\b(?:said|announced|reported|told|confirmed|issued)\s+(?:at\s+)?(?:about\s+|around\s+)?$",
            doc.text[max(0, c.span[0] - 30) : c.span[0]],
        ):
            return "statement"
        if cjk:
            # the verb after the time (after the last time of its group) decides
            last = max(
                (x for x in self._by_group.get(c.group, []) if x.paren is None),
                key=lambda x: x.end,
                default=c,
            )
            s, e = doc.sentence_at(c.span[0])
            nxt = [
                x.span[0]
                for x in self._by_sentence.get(c.sentence, [])
                if x.span[0] > last.end and x.group != c.group
            ]
            stop = min(nxt) if nxt else e
            hits = []
            for rx, role in ((LAUNCH_RE, "launch"), (IMPACT_RE, "impact"), (OTHER_MOMENT_RE, "other")):
                m = doc.search(rx, last.end, stop)
                if m is not None:
                    hits.append((m.start(), role))
            if hits:
                return min(hits)[1]
            return "launch" if doc.search(LAUNCH_RE, s, e) else ""
        lo, hi = max(cs, c.span[0] - 90), min(ce, c.end + 70)
        hits = []
        for rx, role in ((LAUNCH_RE, "launch"), (IMPACT_RE, "impact"), (OTHER_MOMENT_RE, "other")):
            for m in doc.scan(rx, lo, hi):
                if m.end() <= c.span[0]:
                    d = c.span[0] - m.end()
                    # a verb before the time governs it unless another verb comes between
                    hits.append((d, 0, role, m))
                elif m.start() >= c.end:
                    # a verb after the time that opens its own clause ("fired a missile at 7:10
                    # a.m. that landed at 7:20") governs the time after it, not this one
                    own = re.search(r"\b(?:that|which|and|before|after|then|while)\b", _t[c.end : m.start()])
                    hits.append((m.start() - c.end + 8 + (60 if own else 0), 1, role, m))
        # "detected the launch" and "the launch at" count as launching
        if not hits:
            return "launch?" if doc.search(LAUNCH_RE, cs, ce) else ""
        d, _, role, m = min(hits, key=lambda x: (x[0], x[1]))
        return role

    def launch_times(self, ctx: Context) -> list[LaunchTime]:
        """Every launch instant of this launch, resolved (see the module's text)."""
        out: list[LaunchTime] = []
        group_role: dict[int, str] = {}
        for c in self.clocks:
            if c.paren is None and c.group in group_role:
                c.role = group_role[c.group]  # the times of one list or range share their verb
                continue
            c.role = self._role(c, ctx)
            if c.paren is None:
                group_role[c.group] = c.role
        S = self.story_day
        R = self.report.value
        resolved: dict[int, datetime] = {}
        notes: dict[int, str] = {}
        order = sorted(self.clocks, key=lambda c: (c.partner is None or c.day is None, c.span[0]))
        for c in order:
            if c.role not in ("launch", "launch?") or id(c) in resolved:
                continue
            z, why, conf = self._zone_of(c)
            tz = zone_info(z)
            inst: datetime | None = None
            note = why
            if c.day is not None and c.day.value is not None:
                inst = datetime.combine(c.day.value, time(c.hour % 24, c.minute), tzinfo=tz)
                note += f"; day from {c.day.text!r}"
            elif c.partner is not None and id(c.partner) in resolved:
                p_inst = resolved[id(c.partner)]
                inst = _nearest(p_inst, c.hour, c.minute, tz)
                note += f"; day from {c.partner.text!r}, the same moment"
                conf -= 0.05
            else:
                prev = next(
                    (
                        x
                        for x in reversed(self._by_group.get(c.group, []))
                        if x.span[0] < c.span[0] and id(x) in resolved and x.paren is None
                    ),
                    None,
                )
                if prev is not None and c.paren is None:
                    p_local = resolved[id(prev)].astimezone(tz)
                    inst = datetime.combine(p_local.date(), time(c.hour % 24, c.minute), tzinfo=tz)
                    # a window runs forwards; so does a list of one salvo's times, whose next
                    # time half a day "earlier" is after midnight ("11:50 p.m. and 12:10 a.m.")
                    if inst < resolved[id(prev)] and (
                        c.range_prev or resolved[id(prev)] - inst > timedelta(hours=12)
                    ):
                        inst += timedelta(days=1)
                        note += f"; the {'window' if c.range_prev else 'list'} crosses midnight"
                    note += f"; day of {prev.text!r}"
                elif S is not None:
                    inst = _on_local_day(S, c.hour, c.minute, tz)
                    note += f"; on this launch's day ({S.isoformat()}, {self.story_note})"
                    conf -= 0.05
                else:
                    self.flags.append(f"time {c.text!r}: no date for it (no report date): not converted")
                    continue
            if c.needs_meridiem and c.meridiem is None and c.hour <= 12:
                conf -= 0.2
                note += "; a.m./p.m. not given (read as written)"
            resolved[id(c)] = inst
            notes[id(c)] = note
            if c.partner is not None and id(c.partner) not in resolved:
                pz, _pwhy, _ = self._zone_of(c.partner)
                ptz = zone_info(pz)
                pinst = (
                    _nearest(inst, c.partner.hour, c.partner.minute, ptz)
                    if c.partner.day is None
                    else datetime.combine(
                        c.partner.day.value, time(c.partner.hour % 24, c.partner.minute), tzinfo=ptz
                    )
                    if c.partner.day.value is not None
                    else _nearest(inst, c.partner.hour, c.partner.minute, ptz)
                )
                resolved[id(c.partner)] = pinst
                if abs((pinst - inst).total_seconds()) > 90:
                    self.flags.append(
                        f"times {c.text!r} and {c.partner.text!r} are given as the same moment but "
                        f"differ by {abs((pinst - inst).total_seconds()) / 3600:.1f} h"
                    )
            # the main (local) time stands for the moment; its parenthesis confirms it
            shown, shown_inst, shown_zone = c, inst, z
            if c.paren is not None and c.partner is not None and c.partner.paren is None:
                shown, shown_inst = c.partner, resolved[id(c.partner)]
                shown_zone = self._zone_of(c.partner)[0]
                note = f"{self._zone_of(c.partner)[1]}; the same moment as {c.text!r} ({why}" + (
                    f", day from {c.day.text!r})" if c.day is not None else ")"
                )
            local = shown_inst if shown_zone != "UTC" else shown_inst.astimezone(ZoneInfo(SITE_ZONE))
            lt = LaunchTime(
                shown_inst.astimezone(UTC),
                local,
                shown_zone,
                self.doc.text[shown.span[0] : shown.end].strip(),
                (shown.span[0], shown.end),
                note,
                max(0.05, min(1.0, conf - (0.15 if c.role == "launch?" else 0.0))),
                None,
                shown.approx,
                shown,
            )
            a = self.sources.at(shown.span[0])
            lt.source = a.name if a is not None else None
            if c.partner is not None:
                other = c if shown is not c else c.partner
                if other.text not in lt.note:
                    lt.note += f"; confirmed by {other.text!r}"
                lt.confidence = min(1.0, lt.confidence + 0.05)
            out.append(lt)
        # one launch instant given twice (by two agencies, or twice in the text) is one
        merged: list[LaunchTime] = []
        for x in sorted(out, key=lambda x: (x.utc, x.span[0])):
            if merged and abs((x.utc - merged[-1].utc).total_seconds()) <= 60:
                same = merged[-1]
                same.confidence = min(1.0, max(same.confidence, x.confidence) + 0.03)
                if x.text not in same.note:
                    same.note += f"; also {x.text!r}"
                continue
            merged.append(x)
        # two agencies timing the same launches a few minutes apart: the higher-ranked
        # agency's times stand, the other's are noted (and flagged when they differ)
        ranks = {x.source: _rank(x.source) for x in merged}
        if len({r for r in ranks.values()}) > 1:
            import bisect

            best = min(ranks.values())
            top = sorted(x.utc for x in merged if ranks[x.source] == best)
            per_source: dict[str | None, int] = {}
            for x in merged:
                per_source[x.source] = per_source.get(x.source, 0) + 1
            best_src = next(x.source for x in merged if ranks[x.source] == best)
            kept = []
            for x in merged:
                if ranks[x.source] == best:
                    kept.append(x)
                    continue
                k = bisect.bisect_left(top, x.utc)
                near = [top[j] for j in (k - 1, k) if 0 <= j < len(top)]
                window = 600 if per_source.get(x.source) != per_source.get(best_src) else 2100
                close = [u for u in near if abs((u - x.utc).total_seconds()) <= window]
                if close:
                    u = min(close, key=lambda u: abs((u - x.utc).total_seconds()))
                    if abs((u - x.utc).total_seconds()) > 60:
                        self.flags.append(
                            f"launch time: {x.source or 'the report'} {x.local:%H:%M}; the higher-"
                            f"ranked source gives {u.astimezone(x.local.tzinfo):%H:%M}"
                        )
                    continue
                kept.append(x)
            merged = kept
        merged.sort(key=lambda x: x.span[0])
        # a launch time on another local day than this launch's is another round's
        keep: list[LaunchTime] = []
        for x in merged:
            day = x.utc.astimezone(ZoneInfo(SITE_ZONE)).date()
            if (
                S is not None
                and abs((day - S).days) >= 1
                and not (x.clock is not None and x.clock.range_prev)
                and not self._after_midnight_of(x, keep, S)
            ):
                self.flags.append(
                    f"time {x.text!r} is on {day.isoformat()}, not this launch's day "
                    f"({S.isoformat()}): left out as another round's"
                )
                continue
            keep.append(x)
        keep.sort(key=lambda x: x.utc)
        if R is None and keep:
            self.flags.append("no report date: launch days from the report's own dates only")
        return keep

    def other_dates(self) -> list[tuple[tuple[int, int], str]]:
        """Dated phrases that are not this launch's day (for the clause verdicts)."""
        S = self.story_day
        out: list[tuple[tuple[int, int], str]] = []
        if S is None:
            return out
        utc_frame = {
            id(c.day)
            for c in self.clocks
            if c.day is not None and c.zone_word and _zone_name(c.zone_word) == "UTC"
        }
        # a next day written beside a clock time ("11:50 p.m. Tuesday and 12:10 a.m. Wednesday")
        # dates that time alone (left out as another round's, flagged), not its clause
        clock_day = {id(c.day) for c in self.clocks if c.day is not None}
        # the second day of a launch window across midnight is this launch's too
        window = {
            id(b) for a, b in zip(self.days, self.days[1:], strict=False) if self._next_day_of_window(a, b)
        }
        for r in self.days:
            if r.value is None or r.speech or self.doc.in_header(r.span[0]):
                continue
            if r.precision == "day":
                delta = (r.value - S).days
                if id(r) in utc_frame and delta in (-1, 0):
                    continue
                if delta == 1 and (id(r) in clock_day or id(r) in window):
                    continue
                if delta < 0:
                    out.append((r.span, "past event" if delta < -1 or r.kind != "weekday" else "another day"))
                elif delta > 1 or (
                    delta == 1
                    and r.kind in ("weekday", "dom", "date")
                    and id(r) not in utc_frame
                    and not self._launch_day_utc(r)
                ):
                    out.append((r.span, "another day"))
            elif r.precision == "month":
                if (r.value.year, r.value.month) < (S.year, S.month):
                    out.append((r.span, "past event"))
            elif r.precision == "year" and r.value.year < S.year:
                out.append((r.span, "past event"))
        return out

    def _launch_day_utc(self, r: DayRef) -> bool:
        return False


def _rank(source: str | None) -> int:
    from .lexicon import AGENCY_BY_NAME, UNATTRIBUTED_RANK

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
