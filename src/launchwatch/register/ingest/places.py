"""The launching state, the launch site, the landing area and the direction of flight.

**Site**: a place of the gazetteer in North Korea named in a clause about this launch,
after ``from``/``near``/``in``/``at``/``off``/``the ... area of`` or before ``일대``,
``에서``, ``付近``, ``近郊``, ``から``; of all such, the most specific wins (a facility or
launch area over a town, a town over a province, and of two the smaller: ``the Hodo
peninsula near ... Wonsan`` is Hodo, ``Sinpo, South Hamgyong Province`` is Sinpo, ``the
Sunan area of Pyongyang`` Sunan).  A name after ``launched ... from`` that the gazetteer
lacks is kept as text, located within the province named with it if any.

**Landing**: a named sea (``East Sea``, ``the waters between the Korean Peninsula and
Japan``, ``동해상``, ``日本海``) said of this launch with ``into``, ``toward``, ``in``,
``off``, or a Korean/Japanese particle of direction (``동해상으로``, ``日本海に``); a sea of
a clause about drills or a past launch is not this one's landing.

**Bearing**: a direction of flight (``toward the east``, ``in a northeasterly direction``,
``eastward``, ``북동쪽 방향``, ``東方向``), never a place word (``east coast``, ``East Sea``,
``northern province``); a compass word gives +/- 22.5 degrees.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ...earth.gazetteer import Gazetteer, GazetteerEntry, Match, default_gazetteer
from ..models import Place
from .attribution import Context, Sources
from .document import Document
from .lexicon import DIRECTIONS

__all__ = ["PlaceFact", "read_bearings", "read_places"]

_KIND_RANK = {"launch-area": 0, "point": 0, "island": 0, "city": 1, "province": 2, "region": 3, "country": 4}
_SITE_BEFORE = re.compile(
    r"(?:\b(?:from|near|in|at|off|around|outside|vicinity of|area of|areas? near|region of|waters off|"
    r"the|launched from|fired from)\s+(?:the\s+)?(?:[\w'-]+\s+){0,4}?|\bfrom\s+)$",
    re.IGNORECASE,
)
_SITE_AFTER = re.compile(
    r"^(?=.{0,12}$|.{0,12})\s*(?:\([^)]{0,12}\)\s*)?"
    # "역포구역 일대에서", "元山北東の海上から": a district suffix, or a direction from the place
    r"(?:구역|군|읍|면|리|시|区域|郡|里|市)?\s*(?:(?:북동|북서|남동|남서|동북|동남|서북|서남|北東|北西|南東|南西|東方|西方|"
    # "통천 북방 일대에서": north of the place, in its area
    r"南方|北方|북방|남방|동방|서방)(?:쪽|の)?\s*(?:해상|해역|海上|海域|沖)?(?=에서|から|\s일대))?\s?"
    r"(?:일대|일원|지역|부근|인근|근처|에서|서\s|쪽|付近|"
    r"近郊|郊外|周辺|一帯|地区|\s?앞바다|"
    # the launch pad at the place ("동창리 발사장에서", "東倉里にある発射場から")
    r"\s?발사장|にある発射場|の発射場|\s?(?:미사일\s?)?기지(?=에서|\s?일대|で|から)|(?:ミサイル)?基地(?=から|で|付近)|"
    r"から|沖|郡|도\s)"
)
# a place where the flight ended ("원산 인근 해상에서 폭발", "元山沖で爆発"): no launch site
_END_AT = re.compile(
    r"[^,.。、]{0,14}?(?:에서|で)\s*(?:공중\s?)?(?:폭발|추락|낙하|떨어|탄착|소실|爆発|墜落|落下|着弾|消失)"
)
_LAND_BEFORE = re.compile(
    r"\b(?:into|toward|towards|in|off|onto|to|over)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}$|"
    r"\b(?:landed|fell|splashed|crashed|plunged|dropped|came down|landing|falling|hitting|hit|struck|"
    r"striking)\b[^.]{0,60}$",
    re.IGNORECASE,
)
# a sea the flight only passes over ("flew south over the Yellow Sea", "over Japan and into the
# Pacific"): a path, outranked as the landing by a sea it went into or fell in
_OVER_ONLY = re.compile(r"\b(?:over|across)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}$", re.IGNORECASE)
_LAND_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:으로|로|에|상으로|상에|해상|に|へ|上空|方面|海域|쪽|上に|上へ|上で|沖に|沖へ)|"
    r"^[^。.\n]{0,40}?(?:に落下|へ落下|落下|着弾|탄착|낙하|추락)"
)
_FROM_UNKNOWN = re.compile(
    r"\b(?:launched|fired|test-launched|test-fired|lifted off)\b[^.]{0,80}?\bfrom\s+(?:the\s+)?"
    r"((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+)*)"
)
_COAST_SEA_EN = re.compile(
    r"\b(?:the\s+)?(?:sea|waters)\s+off\s+(?:the\s+North's|North\s+Korea's|its|the\s+country's|"
    r"the\s+North\s+Korean|the\s+(?:Korean\s+)?[Pp]eninsula's|the)\s+(?P<side>east|west)(?:ern)?\s+coast\b"
    r"(?!\s+of\s+(?!(?:the\s+)?(?:Korean\s+Peninsula|North\s+Korea|the\s+North)\b))",
    re.IGNORECASE,
)
_RECORD_BEARING_EN = re.compile(
    r"^[ \t]*(?:Direction|Flight direction|Trajectory|Heading|Bearing)[ \t]*:[ \t]*(?:due[ \t]+)?"
    r"(?P<d>north-northeast|east-northeast|east-southeast|south-southeast|south-southwest|west-southwest|"
    r"west-northwest|north-northwest|northeast|southeast|southwest|northwest|north|south|east|west)"
    r"(?:wards?|erly)?\b(?![ \t]+(?:of|coast)\b)",
    re.IGNORECASE | re.MULTILINE,
)
_BEARING_EN = re.compile(
    # "in the" only before "direction": "a site in the North's northwest" is a place, and
    # "the North" (capitalised) the state, never a direction (checked in read_bearings)
    r"\b(?:toward|towards|to|in(?=\s+the\s+[\w-]+\s+direction\b))\s+the\s+(?P<d>north-northeast|east-northeast|east-southeast|south-southeast|"
    r"south-southwest|west-southwest|west-northwest|north-northwest|northeast|southeast|southwest|northwest|"
    r"north|south|east|west)\b(?!\s*(?:coast|sea|of\b|ern|side|part|province|region|korea|asia|pacific|china|"
    r"japan|sea|waters|shore))|"
    r"\b(?P<d2>northeast|southeast|southwest|northwest|north|south|east|west)wards?\b|"
    r"\bin\s+an?\s+(?P<d3>north-northeast|east-northeast|northeast|southeast|southwest|northwest|north|"
    r"south|east|"
    r"west)(?:erly|ern)?\s+direction\b|\b(?P<d4>north-?easterly|south-?easterly|easterly|southerly|"
    r"northerly)\b"
    r"(?=\s+(?:direction|course|heading|trajectory|path))|"
    # a compass word right after a verb of flight whose subject is the vehicle ("the rocket flew
    # south over the Yellow Sea", "they flew northeast"); never one of a place ("flew south of
    # Okinawa", "headed east coast")
    r"\b(?:missiles?|rockets?|projectiles?|ICBMs?|SRBMs?|IRBMs?|SLBMs?|vehicle|it|they|which|both|"
    # or the "and" after the launch's clock ("at 9:49 a.m. Seoul time and flew south")
    r"each|one|(?<=\btime )and|(?<=a\.m\. )and|(?<=p\.m\. )and)\s+"
    r"(?:(?:then|later|reportedly|apparently|had|has|also)\s+)?"
    r"(?:flew|flies|fly|flying|headed|heading|traveled|travelled|traveling|travelling|went)\s+(?:due\s+)?"
    r"(?P<d5>north-northeast|east-northeast|east-southeast|south-southeast|south-southwest|west-southwest|"
    r"west-northwest|north-northwest|northeast|southeast|southwest|northwest|north|south|east|west)\b"
    r"(?![\w-]|\s+(?:of|coast|sea|side|part|province|region|korea|asia|pacific|china|japan|waters|shore)\b)|"
    # a compass word right after the distance flown ("flew about 500 kilometers (310 miles) east
    # toward the Sea of Japan", "traveled 600 km northeast"); never "... 500 km east of Tokyo"
    r"\b(?:flew|flown|flying|traveled|travelled|traveling|travelling|covered|covering)\s+"
    r"(?:(?:about|around|some|approximately|roughly|nearly|almost|more than|over|up to|an estimated)\s+)?"
    r"\d[\d,.]*\s*(?:km|kilomet(?:er|re)s?|miles?|nautical miles?)\s*(?:\([^()\n]{0,30}\)\s*)?"
    r"(?P<d6>north-northeast|east-northeast|east-southeast|south-southeast|south-southwest|west-southwest|"
    r"west-northwest|north-northwest|northeast|southeast|southwest|northwest|north|south|east|west)\b"
    r"(?![\w-]|\s+(?:of|coast|sea|side|part|province|region|korea|asia|pacific|china|japan|waters|shore)\b)",
    re.IGNORECASE,
)
_BEARING_KO = re.compile(
    r"(?P<d>북북동|동북동|동남동|북동|동북|남동|남서|북서|북|남|동|서)(?:쪽)?\s*방향|"
    # the JCS's "북동쪽 동해상으로" (toward the northeast, into the East Sea); never "…북동쪽 해상에서"
    r"(?<![가-힣])(?P<d2>북동|동북|남동|북서|남서|북|남|동|서)쪽\s*(?=(?:동해|서해)?\s*(?:상|해상)?으로)"
)
_BEARING_JA = re.compile(r"(?P<d>北北東|東北東|東南東|北東|南東|南西|北西|北|南|東|西)(?:の)?\s*方向")
_GOVERNMENT_FROM = re.compile(
    r"\b(?:threats?|warnings?|rhetoric|statements?|provocations?|pressure|messages?|propaganda|"
    r"criticism|protests?|demands?|envoys?|officials?|delegat\w+)\s+(?:from|by)\s+$",
    re.IGNORECASE,
)
_LAUNCH_CLAUSE = re.compile(
    r"\b(?:launch\w*|fir\w+|flew|fly|flying|headed|heading|travel\w*|lift(?:ed)?[- ]?off|liftoff|"
    r"took off|blast\w* off|test\w*|shot|detected)\b|발사|비행|포착|쏘았|쏴|쏘고|쐈|쏜|"
    r"発射|飛翔|飛行|打ち上げ",
    re.IGNORECASE,
)


@dataclass
class PlaceFact:
    """A place said of this launch: ``field`` (``site``, ``landing``, ``state``), the
    :class:`Place`, its gazetteer entry, text, span, source, confidence and a note."""

    field: str
    place: Place
    entry: GazetteerEntry | None
    text: str
    span: tuple[int, int]
    source: str | None
    confidence: float
    note: str = ""
    headline: bool = False
    transit: bool = False  # a sea passed over, not one gone into

    @property
    def specificity(self) -> tuple[int, float]:
        if self.entry is None:
            return (1, 50e3)
        return (_KIND_RANK.get(self.entry.kind, 3), self.entry.uncertainty)


def _place(e: GazetteerEntry, name: str | None = None) -> Place:
    return Place(name=name or e.name, lat=e.lat, lon=e.lon, uncertainty=e.uncertainty, key=e.key)


_DIRECTION_FROM = (
    r"(?=(?:北東|北西|南東|南西|東方|西方|南方|北方|東|西|南|北)(?:の)?(?:海上|海域|沖|付近)?から|"
    r"(?:북동|북서|남동|남서|동북|동남|서북|서남|동|서|남|북)(?:쪽)?\s?(?:해상|해역|앞바다)?에서|"
    r"(?:북방|남방|동방|서방)\s?(?:일대|해상|해역|에서)|"  # "통천 북방 일대에서"
    r"구역|区域)"  # "평양 역포구역 일대": a district of the city
)
_SHORT_CJK: dict[int, tuple[re.Pattern[str], dict[str, GazetteerEntry]]] = {}


def _with_directions(gz: Gazetteer, t: str, matches: list[Match]) -> list[Match]:
    """Two-character place names followed by a direction from them ("元山北東の海上から",
    "원산 북동쪽 해상에서") or a district's suffix ("역포구역"), which the gazetteer finds
    only before a place word."""
    if id(gz) not in _SHORT_CJK:
        names = {
            n: e
            for e in gz.entries.values()
            if e.country == "North Korea"
            for n in e.names
            if len(n) <= 2 and re.fullmatch(r"[\u4e00-\u9fff\uac00-\ud7a3]+", n)
        }
        alts = "|".join(sorted(map(re.escape, names), key=len, reverse=True)) or "(?!)"
        _SHORT_CJK[id(gz)] = (re.compile(f"({alts})\\s?" + _DIRECTION_FROM), names)
    rx, names = _SHORT_CJK[id(gz)]
    taken = {k for m in matches for k in range(m.start, m.end)}
    extra = [
        Match(names[m.group(1)], m.start(1), m.end(1), m.group(1))
        for m in rx.finditer(t)
        if m.start(1) not in taken
    ]
    return sorted(matches + extra, key=lambda m: m.start) if extra else matches


#: the key of a record's field naming the launch site or the impact area, up to its value's
#: first words ("Launch site: near Nampo", "Impact area: the Sea of Japan")
_RECORD_KEY = re.compile(
    r"[ \t]*(?:(?P<site>(?:launch\s+)?(?:site|location|place|facility))|"
    r"(?P<landing>impact(?:\s+(?:area|point|zone|location))?|landing(?:\s+(?:area|point|zone))?|"
    r"splash(?:down| point)|fell|splashed down))[ \t]*[:：][ \t]*"
    r"(?:(?:the|near|around|off|in|vicinity of|waters off)\s+){0,2}$",
    re.IGNORECASE,
)


def read_places(
    doc: Document, ctx: Context, sources: Sources, flags: list[str]
) -> dict[str, list[PlaceFact]]:
    """State, site and landing facts of this launch, in text order (see the module's text)."""
    gz = default_gazetteer()
    t = doc.text
    out: dict[str, list[PlaceFact]] = {"state": [], "site": [], "landing": []}
    matches = gz.find(t)
    doc.scanned += len(t)
    if doc.lang != "en":
        matches = _with_directions(gz, t, matches)
    for m in matches:
        e = m.entry
        src = sources.at(m.start)
        sname = None if src is None else src.name
        if e.kind == "country":
            if e.key == "north-korea":
                out["state"].append(PlaceFact("state", _place(e), e, m.text, (m.start, m.end), sname, 0.9))
            continue
        v = ctx.at(m.start)
        if not v.ok and v.reason != "headline":
            continue
        cs, _ = ctx.clause(m.start)
        before = t[max(cs, m.start - 70) : m.start]
        after = t[m.end : m.end + 50]
        # a record's field: "Launch site: Nampo area", "Impact area: Sea of Japan"
        ls = t.rfind("\n", 0, m.start) + 1
        key = _RECORD_KEY.match(t, ls, m.start)
        field_of = None if key is None else ("landing" if key.group("landing") else "site")
        if e.kind == "sea":
            if field_of == "landing" or _LAND_BEFORE.search(before) or _LAND_AFTER.match(after):
                transit = (
                    bool(_OVER_ONLY.search(before))
                    and not _LAND_AFTER.match(after)
                    and not re.search(r"\b(?:landed|fell|splashed|crashed|plunged|came down)\b", before, re.I)
                )
                out["landing"].append(
                    PlaceFact(
                        "landing",
                        Place(name=e.name, key=e.key),
                        e,
                        m.text,
                        (m.start, m.end),
                        sname,
                        0.9 if v.ok else 0.6,
                        headline=not v.ok,
                        transit=transit,
                    )
                )
            continue
        if e.country != "North Korea":
            continue
        if field_of != "site":
            if field_of is not None or not (_SITE_BEFORE.search(before) or _SITE_AFTER.match(after)):
                continue
            if _END_AT.match(after):
                continue  # "원산 인근 해상에서 폭발했다": where the flight ended, not its site
            if _GOVERNMENT_FROM.search(before):
                continue  # "after weeks of threats from Pyongyang": the government, not a place
            s, e_ = doc.sentence_at(m.start)
            if not _LAUNCH_CLAUSE.search(t, s, e_):
                continue
        conf = 0.85 - 0.2 * (e.kind == "province") - 0.1 * (e.kind == "city")
        out["site"].append(
            PlaceFact("site", _place(e), e, m.text, (m.start, m.end), sname, conf, headline=not v.ok)
        )
    if doc.lang == "en":
        # "the sea off the North's east coast", "waters off North Korea's western coast": the
        # sea that coast faces, in any wording the gazetteer's list of names lacks
        seas = [(m.start, m.end) for m in matches if m.entry.kind == "sea"]
        for c in doc.scan(_COAST_SEA_EN, doc.body_start):
            if any(a < c.end() and c.start() < b for a, b in seas):
                continue
            v = ctx.at(c.start())
            if not v.ok:
                continue
            cs, _ = ctx.clause(c.start())
            before = t[max(cs, c.start() - 70) : c.start()]
            if not (_LAND_BEFORE.search(before) or _LAND_AFTER.match(t, c.end())):
                continue
            e = gz.entries["sea-of-japan" if c.group("side").lower() == "east" else "yellow-sea"]
            src = sources.at(c.start())
            out["landing"].append(
                PlaceFact(
                    "landing", Place(name=e.name, key=e.key), e, c.group(0), c.span(),
                    None if src is None else src.name, 0.8, "the sea off the coast named",
                )
            )
        out["landing"].sort(key=lambda f: f.span[0])
    # a launch site the gazetteer lacks: kept as text ("from Mount Imaginary")
    if not any(not f.headline for f in out["site"]) and doc.lang == "en":
        known = [(m.start, m.end) for m in matches]
        for u in doc.scan(_FROM_UNKNOWN, doc.body_start):
            name_span = u.span(1)
            if any(a <= name_span[0] < b for a, b in known):
                break
            if not ctx.at(name_span[0]).ok:
                continue
            name = u.group(1)
            if name.split()[0] in ("North", "South", "The", "Japan", "Korea", "Pyongyang"):
                break
            tail = re.match(
                r"\s+in\s+(?:the\s+)?((?:[A-Z][\w'-]+\s*){1,3}(?:Province|province)?)", t[name_span[1] :]
            )
            prov = gz.lookup(tail.group(1).strip()) if tail else None
            if prov is not None:
                place = Place(
                    name=f"{name}, {prov.name}", lat=prov.lat, lon=prov.lon, uncertainty=prov.uncertainty
                )
                note = f"{name!r} is not in the gazetteer: located within {prov.name}"
            else:
                place = Place(name=name)
                note = f"{name!r} is not in the gazetteer: kept as text"
            flags.append(note)
            src = sources.at(name_span[0])
            out["site"].append(
                PlaceFact("site", place, None, name, name_span, None if src is None else src.name, 0.5, note)
            )
            break
    return out


def best_site(facts: list[PlaceFact]) -> PlaceFact | None:
    """The most specific site named (the body's before the headline's)."""
    body = [f for f in facts if not f.headline] or facts
    if not body:
        return None
    return min(body, key=lambda f: (f.specificity, f.span[0]))


def read_bearings(
    doc: Document, ctx: Context, sources: Sources
) -> list[tuple[float, str, tuple[int, int], str | None]]:
    """``(bearing [rad], text, span, source)`` of each direction of flight of this launch."""
    out = []
    for rx in (_BEARING_EN, _BEARING_KO, _BEARING_JA):
        for m in doc.scan(rx, doc.body_start):
            g = next(k for k, x in m.groupdict().items() if x)
            word = m.group(g)
            if rx is _BEARING_EN and g == "d" and word[:1].isupper() and (
                word in ("North", "South") or doc.text.startswith("'s", m.end())
            ):
                continue  # "toward the North", "to the South's border": the state, not a bearing
            w = word.lower() if rx is _BEARING_EN else word
            if w not in DIRECTIONS:  # "north-easterly", "northerly", "south-east"
                w = w.removesuffix("erly").removesuffix("ern")
                w = w if w in DIRECTIONS else w.replace("-", "")
            if w not in DIRECTIONS:
                continue
            v = ctx.at(m.start())
            if not v.ok:
                continue
            cs, ce = doc.sentence_at(m.start())
            if not _LAUNCH_CLAUSE.search(doc.text, cs, ce):
                continue
            src = sources.at(m.start())
            out.append(
                (
                    math.radians(DIRECTIONS[w]),
                    doc.text[m.start(g) if g in ("d5", "d6") else m.start() : m.end()],
                    m.span(g) if g in ("d5", "d6") else m.span(),
                    None if src is None else src.name,
                )
            )
    if doc.lang == "en" and not out:
        # a record's field ("Direction: northeast, into the Sea of Japan", "Trajectory: southward")
        for m in doc.scan(_RECORD_BEARING_EN):
            w = m.group("d").lower()
            if w in DIRECTIONS:
                src = sources.at(m.start("d"))
                name = None if src is None else src.name
                out.append((math.radians(DIRECTIONS[w]), m.group(0).strip(), m.span(), name))
                break
    out.sort(key=lambda x: x[2][0])
    return out
