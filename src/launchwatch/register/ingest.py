"""From a written report to a draft event, offline and rule-based (no models to download).

:func:`ingest_text` reads a news report or official statement and extracts, each with the
text span it came from and a confidence in [0, 1]:

* the report's date and place (dateline ``SEOUL, March 24 (Yonhap) --`` or ``report_date``);
* launch times with their zones (``8:10am``, ``2240 GMT on Wednesday``, ``9:40 a.m.
  Pyongyang time``, ``KST``/``JST``/``GMT``/``UTC``/``local time``), relative days
  (``on Thursday``, ``yesterday``) resolved against the report's date, converted to UTC
  with zoneinfo (Pyongyang was UTC+8:30 from 2015-08-15 to 2018-05-04);
* the launching state, the launch site and the landing area from the gazetteer (unknown
  names after "from"/"into" are kept as text), distances, altitudes and flight times with
  their units (``800km (500 miles)``: both read, and checked against each other);
* the number of missiles (``two``; ``several``, ``a flurry of``: a lower bound only),
  missile classes and names, the outcome, and who reported it (Joint Chiefs of Staff,
  Japan's Ministry of Defense, KCNA, ...).

A field that is not found stays empty: nothing is guessed.  The draft's event can then
be reconstructed by :func:`launchwatch.flight.invert` (a reported apogee too low for any
ballistic flight of the reported range is flagged) and stored after review.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .. import __version__
from ..earth.gazetteer import GazetteerEntry, default_gazetteer
from .models import Event, Launch, Place, Provenance, Source

__all__ = ["Draft", "Extracted", "ingest_text"]


@dataclass
class Extracted:
    """One extracted fact: ``value`` (SI units: m, s, rad; aware UTC datetimes), the text
    it came from, its ``span`` (start, end) in the report, a ``confidence`` in [0, 1] and
    an optional ``note``."""

    value: Any
    text: str
    span: tuple[int, int]
    confidence: float
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        v = self.value
        if isinstance(v, datetime | date):
            v = v.isoformat()
        elif isinstance(v, Place):
            v = v.model_dump(mode="json")
        return {"value": v, "text": self.text, "span": list(self.span),
                "confidence": round(self.confidence, 2), "note": self.note}


FIELDS = ("report_date", "report_place", "state", "times", "site", "landing", "distance",
          "apogee", "flight_time", "bearing", "count", "count_min", "missile_class",
          "missile_name", "outcome", "reporters")


@dataclass
class Draft:
    """A draft event read from a report: ``fields`` (name -> :class:`Extracted`, a list of
    them for ``times``/``missile_class``/``reporters``, or ``None`` when not found), the
    ``event`` built from them (``None`` without a date), and ``flags``: inconsistencies
    and gaps for the analyst."""

    text: str
    fields: dict[str, Any]
    event: Event | None = None
    flags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (what ``launchwatch ingest --json`` prints)."""
        out: dict[str, Any] = {}
        for k in FIELDS:
            v = self.fields.get(k)
            out[k] = ([x.as_dict() for x in v] if isinstance(v, list)
                      else None if v is None else v.as_dict())
        return {"fields": out, "flags": list(self.flags),
                "event": None if self.event is None else self.event.model_dump(mode="json")}


# -- vocabularies ------------------------------------------------------------------
_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"])}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = (r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
             r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY_RE = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_ZONES = {
    "kst": "Asia/Seoul", "korean time": "Asia/Seoul", "korea time": "Asia/Seoul",
    "seoul time": "Asia/Seoul", "jst": "Asia/Tokyo", "japan time": "Asia/Tokyo",
    "tokyo time": "Asia/Tokyo", "pyongyang time": "Asia/Pyongyang", "gmt": "UTC", "utc": "UTC",
    "z": "UTC", "est": "America/New_York", "edt": "America/New_York", "et": "America/New_York",
    "washington time": "America/New_York",
}
_ZONE_RE = (r"(KST|JST|GMT|UTC|EST|EDT|ET|Z|local time|Korean time|Korea time|Seoul time|"
            r"Tokyo time|Japan time|Pyongyang time|Washington time)")

_NUMBERS = {"a single": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "a pair of": 2, "a couple of": 2, "twin": 2, "dozens of": 24, "a dozen": 12}
_VAGUE = {"several": 3, "multiple": 2, "a flurry of": 2, "a barrage of": 2, "a salvo of": 2,
          "a volley of": 2, "a series of": 2, "a number of": 2, "some": 2, "more than one": 2}

_CLASSES = [
    (r"short[- ]range ballistic missiles?|SRBMs?", "SRBM"),
    (r"close[- ]range ballistic missiles?|CRBMs?", "CRBM"),
    (r"medium[- ]range ballistic missiles?|MRBMs?", "MRBM"),
    (r"intermediate[- ]range ballistic missiles?|IRBMs?", "IRBM"),
    (r"intercontinental ballistic missiles?|ICBMs?", "ICBM"),
    (r"submarine[- ]launched ballistic missiles?|SLBMs?", "SLBM"),
    (r"hypersonic (?:glide vehicle|missile)s?|HGVs?", "HGV"),
    (r"(?:space|satellite) launch vehicles?|(?:military |spy |reconnaissance )?satellite launch|SLVs?",
     "SLV"),
    (r"(?:strategic )?cruise missiles?", "CRUISE"),
]
_NAME_RE = re.compile(r"\b(Hwasong-\d+[A-Z]?|KN-\d+|Pukguksong-\d|Nodong(?:-\d)?|Rodong(?:-\d)?|"
                      r"Musudan|Taepodong-\d|Unha-\d|Chollima-\d|Scud(?:-[BCD])?)\b")

_AGENCIES = [
    (r"(?:South Korea's |South Korean |Seoul's )?Joint Chiefs of Staff|\bJCS\b",
     "South Korea Joint Chiefs of Staff"),
    (r"Japan(?:ese|'s)? (?:Ministry of Defen[cs]e|[Dd]efen[cs]e [Mm]inistry)|Japan's defen[cs]e ministry",
     "Japan Ministry of Defense"),
    (r"Japan Coast Guard|Japan's coast guard", "Japan Coast Guard"),
    (r"Chief Cabinet Secretary", "Japan Chief Cabinet Secretary"),
    (r"Prime Minister's (?:O|o)ffice", "Japan Prime Minister's Office"),
    (r"(?:U\.S\. |US )?Indo-Pacific Command|INDOPACOM|(?:U\.S\. |US )?Pacific Command|PACOM",
     "US Indo-Pacific Command"),
    (r"Korean Central News Agency|\bKCNA\b", "KCNA (North Korea)"),
    (r"\bYonhap\b", "Yonhap"), (r"\bReuters\b", "Reuters"),
    (r"\bAssociated Press\b|\(AP\)", "Associated Press"),
    (r"\bKyodo\b", "Kyodo"), (r"\bNHK\b", "NHK"), (r"\bNORAD\b", "NORAD"),
]

_LEN_UNITS = {"km": 1e3, "kilometers": 1e3, "kilometres": 1e3, "kilometer": 1e3, "kilometre": 1e3,
              "miles": 1609.344, "mile": 1609.344, "mi": 1609.344, "nautical miles": 1852.0,
              "nm": 1852.0, "meters": 1.0, "metres": 1.0, "m": 1.0}
_LEN_RE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*-?\s*(nautical miles|kilomet(?:er|re)s?|km|miles?|mi|nm|"
    r"met(?:er|re)s)(?![\w])(?:\s*\(\s*(?:about\s+|some\s+|roughly\s+)?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"\s*-?\s*(nautical miles|kilomet(?:er|re)s?|km|miles?|mi|nm)\s*\))?", re.IGNORECASE)
_ALT_WORDS = re.compile(r"(altitude|apogee|height|high|soar\w*|peak\w*|ceiling)", re.IGNORECASE)
_DIST_WORDS = re.compile(r"(fl[eo]w|flying|travel+ed|travel+ing|range|distance|covering|covered|"
                         r"downrange|away)", re.IGNORECASE)

_DIRECTIONS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
               "southwest": 225.0, "west": 270.0, "northwest": 315.0, "east-northeast": 67.5,
               "north-northeast": 22.5, "east-southeast": 112.5}


def _month(word: str) -> int:
    w = word.lower().rstrip(".")
    return _MONTHS.get(w) or _MONTHS[w[:3]]


_BOUNDARY = re.compile(r"(?<!\b[ap]\.m)(?<!\bU\.S)(?<!\b[A-Z])(?<!\bNo)(?<!\bSt)[.!?]\s+(?=[A-Z(\"'])|\n")


def _sentence(text: str, i: int) -> tuple[int, int]:
    """(start, end) of the sentence holding position ``i`` (abbreviations such as "a.m."
    and "U.S." do not end one)."""
    start, end = 0, len(text)
    for m in _BOUNDARY.finditer(text):
        if m.end() <= i:
            start = m.end()
        elif m.start() >= i:
            end = m.start()
            break
    return start, end


# -- report date and place ----------------------------------------------------------
def _report_date(text: str, given: date | None) -> tuple[Extracted | None, Extracted | None]:
    gz = default_gazetteer()
    place = None
    m = re.match(r"\s*([A-Z][A-Za-z .'-]+?),\s", text)
    if m:
        e = gz.lookup(m.group(1).title())
        if e is not None and e.tz:
            place = Extracted(e, m.group(1), (m.start(1), m.end(1)), 0.9, "dateline")
    if given is not None:
        return Extracted(given, "", (0, 0), 1.0, "given by the caller"), place
    head = text[:400]
    pats = [
        (rf"\b{_MONTH_RE}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", "mdy"),
        (rf"\b(\d{{1,2}})\s+{_MONTH_RE},?\s+(\d{{4}})\b", "dmy"),
        (r"\b(\d{4})-(\d{2})-(\d{2})\b", "iso"),
    ]
    for pat, kind in pats:
        mm = re.search(pat, head)
        if mm is None:
            continue
        try:
            if kind == "mdy":
                d = date(int(mm.group(3)), _month(mm.group(1)), int(mm.group(2)))
            elif kind == "dmy":
                d = date(int(mm.group(3)), _month(mm.group(2)), int(mm.group(1)))
            else:
                d = date(int(mm.group(1)), int(mm.group(2)), int(mm.group(3)))
        except ValueError:
            continue
        return Extracted(d, mm.group(0), mm.span(), 0.9, "first date in the report"), place
    return None, place


# -- times ---------------------------------------------------------------------------
_CLOCK_RE = re.compile(
    r"(?<![\d:.])(?:(\d{1,2})[:.](\d{2})\s*(a\.?m\.?|p\.?m\.?)?|(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)|"
    r"([01]\d|2[0-3])([0-5]\d)(?=\s*(?:GMT|UTC|KST|JST|Z)\b))(?![\d])", re.IGNORECASE)


def _zone_after(text: str, end: int) -> tuple[str | None, int]:
    m = re.match(r"\s*(?:\(|,)?\s*" + _ZONE_RE + r"\b", text[end:end + 30], re.IGNORECASE)
    if m is None:
        return None, end
    return m.group(1).lower(), end + m.end()


def _day_near(text: str, start: int, end: int, rdate: date, zone: ZoneInfo, whole: bool = False
              ) -> tuple[date | None, str, tuple[int, int] | None]:
    """The calendar day a time refers to: a weekday, a date or a relative word in its
    clause (``whole``: the first one anywhere in the text)."""
    s0, e0 = _sentence(text, start)
    win_after = text[end:min(e0, end + 40)]
    win_after = win_after.split("(", 1)[0]  # a parenthesis holds another time's day
    b0 = max(s0, start - 60)
    win_before = text[b0:start]
    if ")" in win_before:
        cut = win_before.rindex(")") + 1
        b0, win_before = b0 + cut, win_before[cut:]
    if whole:
        win_after, win_before = "", text
    cands = []
    for win, off in ((win_after, end), (win_before, 0 if whole else b0)):
        for m in re.finditer(rf"\b(?:on\s+|early\s+|late\s+)?{_WEEKDAY_RE}\b", win, re.IGNORECASE):
            cands.append((abs(off + m.start() - start), "weekday", m, off))
        for m in re.finditer(rf"\b{_MONTH_RE}\s+(\d{{1,2}})\b", win):
            cands.append((abs(off + m.start() - start), "date", m, off))
        for m in re.finditer(r"\b(yesterday|today|this morning|last night|tonight)\b", win, re.IGNORECASE):
            cands.append((abs(off + m.start() - start), "rel", m, off))
    if not cands:
        return None, "", None
    # a parenthetical day ("(23:10 GMT on Wednesday)") belongs to the time before it
    _, kind, m, off = min(cands, key=(lambda c: (c[1] == "date", c[0])) if whole
                          else (lambda c: (c[0], c[1] != "weekday")))
    span = (off + m.start(), off + m.end())
    if kind == "weekday":
        wd = _WEEKDAYS.index(m.group(1).lower())
        back = (rdate.weekday() - wd) % 7
        return rdate - timedelta(days=back), m.group(0), span
    if kind == "date":
        mon = _month(m.group(1))
        d = date(rdate.year, mon, int(m.group(2)))
        if d > rdate + timedelta(days=1):
            d = date(rdate.year - 1, mon, int(m.group(2)))
        return d, m.group(0), span
    word = m.group(1).lower()
    return (rdate - timedelta(days=1) if word in ("yesterday", "last night") else rdate), m.group(0), span


def _times(text: str, rdate: date | None, rzone: ZoneInfo | None, flags: list[str]) -> list[Extracted]:
    out: list[Extracted] = []
    for m in _CLOCK_RE.finditer(text):
        if m.group(1):
            h, mi, ap = int(m.group(1)), int(m.group(2)), m.group(3)
        elif m.group(4):
            h, mi, ap = int(m.group(4)), 0, m.group(5)
        else:
            h, mi, ap = int(m.group(6)), int(m.group(7)), None
        end = m.end()
        if ap is None and m.group(1):
            # "between 7:06 and 7:40 a.m.": the meridiem of the range's second time
            nxt = re.match(r"\s*(?:and|to|-|–)\s*\d{1,2}[:.]\d{2}\s*(a\.?m\.?|p\.?m\.?)", text[end:end + 25],
                           re.IGNORECASE)
            if nxt:
                ap = nxt.group(1)
        if ap is not None:
            if h > 12:
                continue
            h = h % 12 + (12 if ap.lower().startswith("p") else 0)
        if h > 23 or mi > 59:
            continue
        zword, zend = _zone_after(text, end)
        conf = 0.9
        if zword is None:
            # not a time of the launch without a zone or meridiem (e.g. a score "2:1")
            if ap is None and not m.group(6):
                continue
        if zword is None or zword == "local time":
            zone = rzone
            conf = 0.6 if zone is not None else 0.0
            note = "zone of the report's place" if zword is None else "local time: zone of the report's place"
        else:
            zone = ZoneInfo(_ZONES[zword])
            note = f"zone {zword.upper() if len(zword) <= 3 else zword}"
        if zone is None or rdate is None:
            flags.append(f"time {m.group(0).strip()!r} without a zone or report date: not converted")
            continue
        d, dtext, _ = _day_near(text, m.start(), zend, rdate, zone)
        if d is None:
            d, dtext, _ = _day_near(text, 0, len(text), rdate, zone, whole=True)
            conf -= 0.1
        if d is None:
            d, conf = rdate, conf - 0.2
            note += "; day assumed to be the report's date"
        else:
            note += f"; day from {dtext!r}"
        local = datetime.combine(d, time(h, mi), tzinfo=zone)
        utc = local.astimezone(UTC)
        out.append(Extracted(utc, text[m.start():zend].strip(), (m.start(), zend), conf, note))
    # one instant reported twice ("8:10am (23:10 GMT on Wednesday)") is one time
    merged: list[Extracted] = []
    for x in out:
        same = next((y for y in merged if y.value == x.value), None)
        if same is None:
            near = next((y for y in merged if 0 <= x.span[0] - y.span[1] < 8
                         and "(" in text[y.span[1]:x.span[0]]), None)
            if near is not None and x.value != near.value:
                flags.append(f"times {near.text!r} and {x.text!r} are given as the same moment but differ "
                             f"by {abs((x.value - near.value).total_seconds()) / 3600:.1f} h")
            merged.append(x)
        else:
            same.confidence = min(1.0, max(same.confidence, x.confidence) + 0.05)
            same.note += f"; confirmed by {x.text!r}"
    return merged


# -- places ------------------------------------------------------------------------
_LAUNCH_VERB = re.compile(r"\b(launch\w*|fired|fires|firing|test-fired|test-launched|lifted off)\b",
                          re.IGNORECASE)


def _places(text: str, flags: list[str]) -> tuple[Extracted | None, Extracted | None, Extracted | None]:
    gz = default_gazetteer()
    matches = gz.find(text)
    state = next((Extracted(m.entry.name, m.text, (m.start, m.end), 0.9)
                  for m in matches if m.entry.kind == "country" and m.entry.key == "north-korea"), None)
    site = landing = None
    for m in matches:
        e = m.entry
        before = text[max(0, m.start - 40):m.start].lower()
        if e.kind == "sea" and landing is None:
            conf = 0.9 if re.search(r"(into|in|toward|towards|off|landed|fell|splashed)\W+(the\W+)?$",
                                    before) else 0.7
            landing = Extracted(Place(name=e.name, key=e.key), m.text, (m.start, m.end), conf)
        elif (site is None and e.kind in ("launch-area", "city", "province", "island", "point")
              and e.country == "North Korea"):
            prep = re.search(r"(from|near|in|at|off)\W+(the\W+)?(\w+\W+){0,3}$", before)
            if prep is None:
                continue
            s0, e0 = _sentence(text, m.start)
            conf = 0.85 if _LAUNCH_VERB.search(text[s0:e0]) else 0.5
            if e.kind == "province":
                conf -= 0.2
            site = Extracted(Place(name=e.name, lat=e.lat, lon=e.lon, uncertainty=e.uncertainty, key=e.key),
                             m.text, (m.start, m.end), conf)
    # a launch site the gazetteer lacks: kept as text ("from Panghyon")
    known = {(m.start, m.end) for m in matches}
    for u in re.finditer(r"\b(?:launched|fired|test-launched|test-fired)\b[^.]{0,80}?\bfrom\s+(?:the\s+)?"
                         r"((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+)*)", text):
        name_span = u.span(1)
        if any(a <= name_span[0] < b for a, b in known):
            break
        prov: GazetteerEntry | None = None
        tail = re.match(r"\s+in\s+(?:the\s+)?((?:[A-Z][\w'-]+\s*){1,3}(?:Province|province)?)",
                        text[name_span[1]:])
        if tail:
            prov = gz.lookup(tail.group(1).strip())
        name = u.group(1)
        if prov is not None:
            place = Place(name=f"{name}, {prov.name}", lat=prov.lat, lon=prov.lon,
                          uncertainty=prov.uncertainty)
            note = f"{name!r} is not in the gazetteer: located within {prov.name}"
        else:
            place = Place(name=name)
            note = f"{name!r} is not in the gazetteer: kept as text"
        flags.append(note)
        if site is None or (site.value.key and gz[site.value.key].kind == "province"):
            site = Extracted(place, name, name_span, 0.5, note)
        break
    return state, site, landing


# -- quantities ------------------------------------------------------------------------
def _unit(word: str) -> float:
    w = word.lower()
    return _LEN_UNITS[w] if w in _LEN_UNITS else _LEN_UNITS[w.rstrip("s")]


def _quantities(text: str, flags: list[str]) -> dict[str, Extracted | None]:
    out: dict[str, Extracted | None] = {"distance": None, "apogee": None, "flight_time": None}
    for m in _LEN_RE.finditer(text):
        v = float(m.group(1).replace(",", "")) * _unit(m.group(2))
        s0, _ = _sentence(text, m.start())
        before = text[max(s0, m.start() - 50):m.start()]
        after = text[m.end():m.end() + 12]
        alt = [a.end() for a in _ALT_WORDS.finditer(before)]
        dis = [d.end() for d in _DIST_WORDS.finditer(before)]
        if re.match(r"\s*(high|in altitude|above)", after, re.IGNORECASE):
            kind = "apogee"
        elif alt or dis:
            kind = "apogee" if (max(alt) if alt else -1) > (max(dis) if dis else -1) else "distance"
        else:
            continue
        note, conf = "", 0.85
        upto = re.search(r"(up to|as far as|maximum|max\.?)\W*(\w+\W+){0,2}$", before, re.IGNORECASE)
        if upto and kind == "distance":
            note = "an upper bound ('up to')"
        if m.group(3):
            v2 = float(m.group(3).replace(",", "")) * _unit(m.group(4))
            if abs(v2 - v) / v > 0.06:
                flags.append(f"{kind}: {m.group(0)!r}: the two units disagree by {abs(v2 - v) / v:.0%}")
                conf = 0.5
            else:
                conf = 0.95
                note = (note + "; " if note else "") + "both units agree"
        if out[kind] is None:
            out[kind] = Extracted(v, m.group(0), m.span(), conf, note)
    for m in re.finditer(r"\b(?:for|of|in)\s+(?:about\s+|some\s+|around\s+|roughly\s+)?(\d+(?:\.\d+)?)\s*"
                         r"(minutes|mins?|seconds|secs?|hours?)\b", text, re.IGNORECASE):
        s0, _ = _sentence(text, m.start())
        if not re.search(r"fl[eoy]\w*|flight", text[s0:m.end()], re.IGNORECASE):
            continue
        unit = m.group(2).lower()
        scale = 60.0 if unit.startswith("min") else 3600.0 if unit.startswith("hour") else 1.0
        out["flight_time"] = Extracted(float(m.group(1)) * scale, m.group(0), m.span(), 0.8)
        break
    return out


def _bearing(text: str) -> Extracted | None:
    m = re.search(r"\b(?:flew|flying|fired|launched|headed|heading)\b[^.]{0,40}?\b("
                  r"east-northeast|north-northeast|east-southeast|northeast|southeast|northwest|southwest|"
                  r"north|south|east|west)(?:ward|wards|erly)?\b", text, re.IGNORECASE)
    if m is None:
        return None
    return Extracted(math.radians(_DIRECTIONS[m.group(1).lower()]), m.group(0)[m.start(1) - m.start():],
                     m.span(1), 0.3, "a compass word: +/- 22.5 deg")


def _count(text: str) -> tuple[Extracted | None, Extracted | None]:
    words = sorted(list(_NUMBERS) + list(_VAGUE) + ["at least", "up to", "a", "an"], key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words if w not in ("at least", "up to"))
    pat = re.compile(r"\b(?:(at least|up to|more than)\s+)?(" + alts
                     + r"|\d+)\s+(?:[\w-]+\s+){0,5}?(missiles?|projectiles?|rockets?)\b", re.IGNORECASE)
    for m in pat.finditer(text):
        w = m.group(2).lower()
        plural = m.group(3).lower().endswith("s")
        qual = (m.group(1) or "").lower()
        if w in ("a", "an"):
            if plural:
                continue
            return Extracted(1, m.group(0), m.span(), 0.6), None
        if w.isdigit() or w in _NUMBERS:
            n = int(w) if w.isdigit() else _NUMBERS[w]
            if qual in ("at least", "more than"):
                lo = n + (qual == "more than")
                return None, Extracted(lo, m.group(0), m.span(), 0.8, f"'{qual}': a lower bound")
            return Extracted(n, m.group(0), m.span(), 0.9, "an upper bound ('up to')" if qual else ""), None
        if w in _VAGUE:
            return None, Extracted(_VAGUE[w], m.group(0), m.span(), 0.5,
                                   f"{w!r}: the number is not given; a lower bound")
    m = re.search(r"\b(ballistic )?missiles\b", text, re.IGNORECASE)
    if m:
        return None, Extracted(2, m.group(0), m.span(), 0.3, "plural 'missiles': at least two")
    return None, None


def _classes(text: str, flags: list[str]) -> list[Extracted]:
    found: list[Extracted] = []
    for pat, cls in _CLASSES:
        for m in re.finditer(r"\b(?:" + pat + r")\b", text):
            found.append(Extracted(cls, m.group(0), m.span(), 0.9))
    found.sort(key=lambda x: x.span[0])
    distinct = []
    for x in found:
        if x.value not in [d.value for d in distinct]:
            distinct.append(x)
    if len(distinct) > 1:
        flags.append("missile classes differ between statements: " + ", ".join(
            f"{x.value} ({x.text!r})" for x in distinct))
    return distinct


def _reporters(text: str) -> list[Extracted]:
    out: list[Extracted] = []
    for pat, name in _AGENCIES:
        m = re.search(pat, text)
        if m is None:
            continue
        s0, e0 = _sentence(text, m.start())
        said = re.search(r"\b(said|says|told|according to|announced|reported|statement|stated|confirmed|"
                         r"tracked|detected)\b", text[s0:e0])
        out.append(Extracted(name, m.group(0), m.span(), 0.9 if said else 0.6,
                             text[s0:e0].strip()[:300]))
    out.sort(key=lambda x: x.span[0])
    return out


def _outcome(text: str) -> Extracted | None:
    m = re.search(r"\b(failed|failure|exploded|blew up|crashed|apparently failed|"
                  r"successfully|successful(?:ly)?|success)\b", text, re.IGNORECASE)
    if m is None:
        return None
    w = m.group(1).lower()
    if w.startswith("success"):
        return Extracted("success", m.group(0), m.span(), 0.5, "as claimed in the report")
    return Extracted("failure", m.group(0), m.span(), 0.7)


# -- the draft ---------------------------------------------------------------------------
def ingest_text(text: str, *, report_date: date | None = None, reconstruct: bool = True,
                source_url: str | None = None) -> Draft:
    """Read a report into a :class:`Draft` (fields with spans and confidences, an event).

    ``report_date`` fixes the date relative phrases are resolved against (default: the
    first full date in the report).  With ``reconstruct`` the event's launches that have a
    located site and a distance, apogee or flight time are fitted by the flight engine
    and its findings added to ``flags``.
    """
    flags: list[str] = []
    rdate, rplace = _report_date(text, report_date)
    rzone = ZoneInfo(rplace.value.tz) if rplace is not None and rplace.value.tz else None
    fields: dict[str, Any] = {"report_date": rdate,
                              "report_place": None if rplace is None else Extracted(
                                  rplace.value.name, rplace.text, rplace.span, rplace.confidence,
                                  f"zone {rplace.value.tz}")}
    state, site, landing = _places(text, flags)
    times = _times(text, None if rdate is None else rdate.value, rzone, flags)
    q = _quantities(text, flags)
    count, count_min = _count(text)
    classes = _classes(text, flags)
    names = [Extracted(m.group(1), m.group(1), m.span(1), 0.9) for m in _NAME_RE.finditer(text)]
    fields.update({"state": state, "times": times, "site": site, "landing": landing, **q,
                   "bearing": _bearing(text), "count": count, "count_min": count_min,
                   "missile_class": classes, "missile_name": names[0] if names else None,
                   "outcome": _outcome(text), "reporters": _reporters(text)})
    draft = Draft(text=text, fields=fields, flags=flags)
    for name in ("site", "distance", "apogee"):
        if fields.get(name) is None:
            flags.append(f"{name} not found in the report")
    if rdate is None and not times:
        flags.append("no date found: give the report's date (--date) to build an event")
        return draft
    draft.event = _event(draft, source_url)
    if reconstruct and draft.event is not None:
        _reconstruct(draft)
    return draft


def _event(draft: Draft, source_url: str | None) -> Event:
    f = draft.fields
    times = sorted(f["times"], key=lambda x: x.value)
    count = f["count"].value if f["count"] is not None else None
    provenance = Provenance(kind="reported", software=__version__, importer="ingest",
                            recorded=datetime.now(UTC))
    sources = [Source(name=r.value, url=source_url, quote=r.note,
                      fields=[k for k in ("times", "site", "distance", "apogee", "count")
                              if f.get(k)]) for r in f["reporters"]] or [
        Source(name="unattributed report", url=source_url)]
    common = {
        "site": f["site"].value if f["site"] else Place(),
        "landing": f["landing"].value if f["landing"] else Place(),
        "missile_class": f["missile_class"][0].value if f["missile_class"] else None,
        "missile_name": f["missile_name"].value if f["missile_name"] else None,
        "apogee": f["apogee"].value if f["apogee"] else None,
        "distance": f["distance"].value if f["distance"] else None,
        "flight_time": f["flight_time"].value if f["flight_time"] else None,
        "bearing": f["bearing"].value if f["bearing"] else None,
        "outcome": f["outcome"].value if f["outcome"] else "unknown",
        "confirmation": "unconfirmed", "sources": sources, "provenance": provenance,
    }
    launches = []
    if times:
        for i, t in enumerate(times):
            launches.append(Launch(seq=i + 1, utc=t.value, time_known=True, **common))
        if count is not None and count > len(times):
            launches[-1].count = count - len(times) + 1
            draft.flags.append(f"{count} missiles but {len(times)} launch time(s): the last time "
                               f"carries {launches[-1].count}")
        elif count is not None and count < len(times):
            draft.flags.append(f"{count} missile(s) reported but {len(times)} distinct launch times")
    else:
        d = draft.fields["report_date"].value
        day, _, _ = _day_near(draft.text, 0, len(draft.text), d, ZoneInfo("UTC"), whole=True)
        launches.append(Launch(seq=1, utc=datetime.combine(day or d, time(0), tzinfo=UTC), time_known=False,
                               count=count or 1, **common))
        draft.flags.append("no launch time found: the date only")
    if count is None:
        lo = f["count_min"].value if f["count_min"] else None
        if lo is not None:
            launches[0].notes = f"number of missiles not given: at least {lo} ({f['count_min'].text!r})"
    return Event(state=f["state"].value if f["state"] else "North Korea" if f["site"] else None,
                 launches=launches, notes="drafted from a report by launchwatch ingest")


def _reconstruct(draft: Draft) -> None:
    from .reconstruct import reconstruct

    ev = draft.event
    la = ev.launches[0]
    if not la.site.known:
        draft.flags.append("no located launch site: no trajectory reconstruction")
        return
    if all(v is None for v in (la.distance, la.apogee, la.flight_time)):
        draft.flags.append("no distance, apogee or flight time: no trajectory reconstruction")
        return
    reconstruct([ev])
    rc = la.reconstruction
    verdict = "a ballistic flight fits" if rc.ballistic else "no ballistic flight fits"
    draft.flags.append(f"reconstruction: {rc.regime}, {verdict}")
    draft.flags.extend(rc.messages)
