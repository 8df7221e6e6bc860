"""Distances, apogees, flight times and counts in every form wire copy writes them.

**Lengths**: ``800 km``, ``1,080 km (671 miles)`` (both read; a conversion that disagrees
by more than 6 % is flagged), ``some 4,500 kilometers``, ``more than 6,000 km``,
``up to 800 km``, ``800-900 km``, ``70 km to 200 km``, ``270 nautical miles``, Korean
``약 4천500여㎞`` (4,500, "a little over"), ``400여 km``, ``1만5천㎞``, Japanese ``約750km程度``,
``およそ4600キロ``, ``50キロ以上``, ``6000kmを超える``.  Units come from the one table of
:mod:`launchwatch.register.units`.  A length is an **apogee** when the nearest cue before
it is one of height (``altitude``, ``apogee``, ``고도``, ``最高高度``) or one follows it
(``6,000 km high``); a **distance** when the cue is one of flight (``flew``, ``traveled``,
``range``, ``비행거리``, ``飛翔``, ``targets 1,500 km away``); neither otherwise.  A length
that places the landing point (``3,200 km east of Japan``, ``渡島大島の西方約200km``,
``어청도 서방 200여㎞``, ``57 km off the coast``) is not a distance flown; nor is the
altitude at which a missile failed.

**Durations**: ``73 minutes``, ``two hours and six minutes``, ``1 hour 14 minutes``,
``7,580 seconds``, ``약 53분간``, ``約74分間``, in a clause of flight and not of something
``later``/``after``/``within``.

**Counts**: ``two``/``2``/``a``/``an`` missiles (or projectiles, rockets, ICBMs, ...),
``at least three`` and ``more than 20`` (lower bounds), ``several``, ``a flurry of``,
bare plurals (lower bounds only, ``several`` meaning at least three), Korean ``2발``,
``18발 가량``, ``여러 발``, ``수 발``, Japanese ``3発``, ``少なくとも３発``, ``複数``; never ``one of
the missiles``, ``a missile launch``.

Every figure keeps its text, span, unit, the qualifier it was given with (``exact``,
``about``, ``at_least``, ``more_than``, ``at_most``, ``less_than``, ``interval``) and
the agency whose statement holds it; figures of clauses about other events, of
hypotheticals (``could fly 15,000 km``) and of the headline are set aside (the headline
counts only where the body gives nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..units import QUALIFIER_WORDS, length_unit
from .attribution import Context, Sources
from .document import Document
from .lexicon import KO_NATIVE, LAUNCH_RE, NUMBER, NUMBER_WORDS, VAGUE_COUNTS, parse_number

__all__ = ["Figure", "read_counts", "read_durations", "read_lengths"]


@dataclass
class Figure:
    """One figure: ``field`` (``distance``, ``apogee``, ``flight_time``, ``count``),
    ``value`` (SI: m, s; a count), ``qualifier`` and bounds ``low``/``high`` (SI), the
    text and its span, the ``unit`` as written, the quoting agency (``source``), a
    ``confidence``, a ``note``, and where it stands (``headline``)."""

    field: str
    value: float
    qualifier: str
    text: str
    span: tuple[int, int]
    unit: str = ""
    low: float | None = None
    high: float | None = None
    source: str | None = None
    confidence: float = 0.85
    note: str = ""
    headline: bool = False


_QUAL_EN = (
    r"(?:about|some|around|roughly|approximately|approx\.|nearly|almost|more than|over|at least|"
    r"up to|as far as|as high as|as much as|less than|under|below|just over|just under|an estimated|"
    r"estimated|a maximum of|maximum of|max\.?|a distance of|a range of|a height of|an altitude of|"
    r"between|some\s+\d+\s+to)"
)
_UNIT = (
    r"(?:nautical\s+miles?|kilomet(?:er|re)s?|kms?|miles?|mi|nmi|nm|met(?:er|re)s|feet|ft)(?![A-Za-z])|"
    r"\u339e|킬로미터|킬로(?!그램)|キロメートル|キロ(?!グラム)|マイル|마일|해리|海里"
)
_LEN = re.compile(
    rf"(?P<q>{_QUAL_EN}\s+|약\s*|최대\s*|약\s*|約\s*|およそ\s*|最大\s*|少なくとも\s*)?"
    rf"(?<![\d.,])(?P<n1>{NUMBER})(?:\s*(?P<join>-|to|~|에서|から|and)\s*(?P<n2>{NUMBER}))?\s*(?P<k1>여|"
    rf"余)?\s*"
    rf"(?P<u>{_UNIT})"
    r"(?P<k2>\s*(?:가량|정도|이상|이하|남짓|[를을]\s?넘(?:는|을|어|었|겼)|程度|以上|超|余り|前後|"
    r"を超える|を超え|超え|以下|未満))?",
    re.IGNORECASE,
)
_CONV = re.compile(
    rf"\s*\(\s*(?:about\s+|some\s+|roughly\s+|around\s+|nearly\s+|more than\s+)?(?P<n1>{NUMBER})"
    rf"(?:\s*(?:-|to)\s*(?P<n2>{NUMBER}))?\s*(?P<u>{_UNIT})\s*\)",
    re.IGNORECASE,
)
_SECOND = re.compile(
    rf"\s*(?:-|to|~|에서|から|and(?=\s*(?:about\s+)?\d))\s*(?:about\s+|약\s*|約\s*)?(?P<n2>{NUMBER})\s*(?P<k1>여|余)?\s*"
    rf"(?P<u>{_UNIT})",
    re.IGNORECASE,
)

_APOGEE_BEFORE = re.compile(
    r"\b(?:altitudes?|apogees?|apex|height|heights|peak(?:ed|ing)?|ceiling|soar(?:ed|ing)?(?: to)?|rose to|"
    r"climbed to|"
    r"high)\b|정점\s?고도|최고\s?고도|최대\s?고도|고도|정점|最高高度|高度|頂点",
    re.IGNORECASE,
)
_APOGEE_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:high\b|in altitude|above (?:the )?(?:earth|sea|ground)|"
    r"into space|altitude)",
    re.IGNORECASE,
)
_DIST_BEFORE = re.compile(
    r"\b(?:fl[eo]wn?|flying|fly|flies|flight|travel+(?:ed|ing|s)?|range[ds]?|distance|cover(?:ed|ing|s)?|"
    r"downrange|reach(?:ed|ing)?|went|going)\b|비행\s?거리|비거리|비행|비상|날아|사거리|飛翔距離|飛行距離|"
    r"飛しょう距離|"
    r"飛翔|飛行|飛しょう|距離",
    re.IGNORECASE,
)
_DIST_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:away\b|downrange|를|을)?\s*(?:비행|날아|날았|비상|飛翔|飛行|飛しょう|飛んで|"
    r"(?:程度)?飛)",
    re.IGNORECASE,
)
_LEN_END = re.compile(r"\d\s*(?:여\s*)?(?:㎞|km|キロ|킬로)", re.IGNORECASE)
_LIST_GAP = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:와|과|,|、|and|or|と|및|에서|to|-|~)\s*(?:약|約|about|some)?\s*", re.IGNORECASE
)
_CJK_NOUN_CUE = re.compile(
    r"(?:(?P<a>정점\s?고도|최고\s?고도|최대\s?고도|고도|最高高度|高度)|(?P<d>비행\s?거리|비거리|"
    r"飛翔距離|飛行距離|飛しょう距離|距離))\s*(?:는|은|가|이|は|が|:)?\s*(?:약|約|およそ|최대)?\s*$"
)
_CJK_DIST_VERB = re.compile(
    r"^[^,、，]{0,12}?(?:비행|날아|날았|비상|표적|목표물|명중|飛翔|飛行|飛しょう|飛んで|飛び|目標|標的|命中)"
)
_CJK_APOGEE_VERB = re.compile(r"^[^,、，]{0,12}?(?:상승|치솟|올라|上昇|到達)")
_AWAY = re.compile(r"^\s*(?:\([^)]*\)\s*)?away\b", re.IGNORECASE)
_OFFSET_AFTER = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:(?:north|south|east|west)(?:-?(?:north|south)?(?:east|west))?(?:ward)?\s+of\b|"
    r"off\b|from (?:the )?(?:coast|shore|island|city|peninsula|border)|short of|inside|within|outside|"
    r"지점|해상|앞바다|(?:の|地点))",
    re.IGNORECASE,
)
_OFFSET_BEFORE = re.compile(
    r"(?:서방|동방|남방|북방|서쪽|동쪽|남쪽|북쪽|동북쪽|북동쪽|남서쪽|서남쪽|북서쪽|남동쪽|"
    r"동남쪽)\s*(?:약\s*)?$|"
    r"(?:北|南|東|西|北東|北西|南東|南西)(?:方|側)?(?:、)?\s*(?:約|およそ)?\s*$|\bwithin\s+(?:about\s+)?$",
    re.IGNORECASE,
)
_FAILED_AT = re.compile(
    r"\b(?:failed|exploded|blew up|disintegrated|broke up|lost)\b[^.]{0,45}$", re.IGNORECASE
)

_NUMWORD = "|".join(
    sorted(
        (w for w in NUMBER_WORDS if w not in ("a single", "a pair of", "a couple of", "twin")),
        key=len,
        reverse=True,
    )
)
_DUR_EN = re.compile(
    rf"\b(?P<q>about|around|some|roughly|approximately|nearly|almost|more than|over|less than|under|"
    rf"just over|just under)?\s*(?:(?P<h>\d+(?:\.\d+)?|{_NUMWORD})\s*(?:hours?|hrs?)\b"
    rf"(?:,?\s*(?:and\s+)?(?P<hm>\d+|{_NUMWORD})\s*(?:minutes?|mins?)\b)?|"
    rf"(?P<mm>\d+(?:\.\d+)?|{_NUMWORD})\s*(?:minutes?|mins?)\b(?:,?\s*(?:and\s+)?(?P<ms>\d+)\s*seconds?\b)?|"
    rf"(?:(?P<s0>\d{{1,3}}(?:,\d{{3}})+|\d+)\s*(?:-|to)\s*)?(?P<s>\d{{1,3}}(?:,\d{{3}})+|\d+)\s*"
    r"(?:seconds?|secs?)\b)",
    re.IGNORECASE,
)
_DUR_CJK = re.compile(
    r"(?P<q>약|約|およそ)?\s*(?:(?P<h>\d+)\s*(?:시간|時間)(?:\s*(?P<hm>\d+)\s*분)?(?:간|동안)?|"
    r"(?<![시時]\s)(?<![시時])(?P<mm>\d+)\s*(?:분|分)\s*(?P<ms>\d+)\s*(?:초|秒)(?:간|\s?동안|間)?|"
    r"(?<![시時]\s)(?<![시時])(?P<mm2>\d+)\s*(?:분간|분\s?동안|分間|分\s?ほど)|(?P<s>\d+천\s?\d{0,3}|"
    r"\d{1,3}(?:[, ]\d{3})+|(?<!천)\d+)\s*(?:초간|초\s?동안|초(?=를|을|\s?비행)|秒間|s간|s\s?동안))"
)
_FLIGHT = re.compile(
    r"\b(?:fl(?:y|ew|own|ight|ying|ies)|in flight|airborne|aloft)\b|비행|날아|飛翔|飛行|飛しょう",
    re.IGNORECASE,
)
_NOT_FLIGHT_DUR = re.compile(
    r"^\s*(?:later|after|before|earlier|ago|into|longer|shorter|more|less|of (?:the )?(?:launch|flight)|"
    r"from (?:the )?launch)\b|^\s*(?:후|뒤|만에|前|後)",
    re.IGNORECASE,
)
_NOT_FLIGHT_BEFORE = re.compile(
    r"\b(?:within|every|after|in the|for the (?:next|first|past))\s+(?:about\s+)?$", re.IGNORECASE
)

_COUNT_WORDS = sorted(list(NUMBER_WORDS) + list(VAGUE_COUNTS), key=len, reverse=True)
_COUNT_EN = re.compile(
    r"\b(?P<q>at least|up to|more than|over|as many as|about|around|nearly|some|approximately)?[ \t]*"
    r"(?<![\d:.,\-\w])(?P<n>\d+|" + "|".join(re.escape(w) for w in _COUNT_WORDS) + r")(?:[ \t]+|"
    r"[ \t]*\n[ \t]*)"
    r"(?P<adj>(?:(?:new[ \t]+)?(?:type|kind|variant|version)[ \t]+of[ \t]+)?"
    r"(?:(?!of\b|the\b|which\b|that\b|and\b|from\b|into\b|were\b|was\b|said\b|says\b|told\b|"
    r"is\b|are\b|had\b|has\b)[\w\"'-]+(?:[ \t]+|[ \t]*\n[ \t]*)){0,5}?)"
    r"(?P<noun>missiles?|projectiles?|rockets?|ICBMs?|SRBMs?|IRBMs?|MRBMs?|SLBMs?|weapons?|shells?|"
    r"flying objects?|objects?)\b(?!\s*(?:launch(?:es)?\b|test(?:s|ing)?\b|program|base|units?|defen[cs]e|"
    r"sites?|launchers?|technology|engines?|forces?|capabilit|threat|provocation|activit))",
    re.IGNORECASE,
)
_BARE_PLURAL = re.compile(
    r"\b(?:missiles|projectiles|rockets|ICBMs|SRBMs)\b(?!\s*(?:launch|test))", re.IGNORECASE
)
_KO_COUNT = re.compile(
    r"(?P<q>최소|적어도)?\s*(?P<n>\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|수|여러)\s*발"
    r"(?!사|표|생|견|언|전|령|효|달|휘|간|행|의|굴|명|족|상|작|동|진|급|각|병|육|매|음|레|바|자)"
    r"(?P<k>\s*(?:가량|정도|이상|여))?"
)
_JA_COUNT = re.compile(
    r"(?P<q>少なくとも|最大|約)?\s*(?P<n>\d+|複数|数)\s*発(?!射|表|生|見|言|電|令|効|達|揮|行|明|信|進|足|"
    r"売|展|覚|端|着|動|音|熱|症|病|掘|刊|案|育)"
    r"(?P<k>以上|程度|ほど)?"
)
_MISSILE_NEAR = re.compile(
    r"미사일|발사체|탄도|SRBM|ICBM|IRBM|로켓|방사포|비행체|ミサイル|弾道|飛翔体|飛行体|飛しょう体|ロケット|"
    r"発射体|"
    r"missile|rocket|projectile",
    re.IGNORECASE,
)

_QUAL_MAP = dict(QUALIFIER_WORDS)



def _qual(*words: str | None) -> str:
    for w in words:
        if not w:
            continue
        k = " ".join(w.strip().lower().split())
        if k in _QUAL_MAP:
            return _QUAL_MAP[k]
    return "exact"


def _bounds(value: float, q: str) -> tuple[float | None, float | None]:
    if q in ("at_least", "more_than"):
        return value, None
    if q in ("at_most", "less_than"):
        return None, value
    return None, None


def read_lengths(doc: Document, ctx: Context, sources: Sources, flags: list[str]) -> list[Figure]:
    """Every distance and apogee of this launch in the report (see the module's text)."""
    t = doc.text
    out: list[Figure] = []
    skip_until = -1
    prev_fig: tuple[int, str | None] | None = None  # (end, kind) of the length before
    for m in doc.scan(_LEN):
        if m.start("n1") < skip_until:
            continue  # the conversion in parentheses of the length before
        conv0 = doc.match(_CONV, m.end(), min(len(t), m.end() + 40))
        if conv0 is not None:
            skip_until = conv0.end()
        unit_w = m.group("u")
        factor = length_unit(unit_w)
        if factor is None:
            continue
        try:
            v1 = parse_number(m.group("n1"))
            v2 = parse_number(m.group("n2")) if m.group("n2") else None
        except ValueError:
            continue
        if (
            v2 is not None
            and m.group("join") == "and"
            and not (m.group("q") or "").strip().lower() == "between"
        ):
            continue  # "12 and 13 km" without "between" is two figures' tail: too rare to guess
        start = m.start("n1") if not m.group("q") else m.start()
        end = m.end()
        # "70 km to 200 km": the second length of an interval
        sec = doc.match(_SECOND, end, min(len(t), end + 30)) if v2 is None else None
        if sec is not None and sec.group(0).lstrip().startswith("and") and (
            (m.group("q") or "").strip().lower() != "between"
        ):
            sec = None  # "900 km and 950 km respectively": two figures; "between 110 km and 670 km": one
        if sec is not None and length_unit(sec.group("u")) is not None:
            v2 = parse_number(sec.group("n2")) * length_unit(sec.group("u")) / factor
            end = sec.end()
            conv1 = doc.match(_CONV, end, min(len(t), end + 40))
            skip_until = conv1.end() if conv1 is not None else end
        if (m.group("q") or "").strip().lower() == "between" and v2 is None:
            continue
        q = "interval" if v2 is not None else _qual(m.group("q"), m.group("k2"), m.group("k1"))
        value = v1 * factor
        low = high = None
        if v2 is not None:
            low, high = sorted((v1 * factor, v2 * factor))
            value = (low + high) / 2
        else:
            low, high = _bounds(value, q)
        if value <= 0:
            continue
        # what kind of length: the cues around it
        cs, ce = ctx.clause(m.start("n1"))
        s_start = max(cs, m.start("n1") - 70)
        before = t[s_start : m.start("n1")]
        after = t[end : min(ce, end + 40)]
        conv = doc.match(_CONV, end, min(len(t), end + 40))
        conf = 0.85
        note = ""
        if conv is not None:
            f2 = length_unit(conv.group("u"))
            if f2 is not None:
                c1 = parse_number(conv.group("n1")) * f2
                c2 = parse_number(conv.group("n2")) * f2 if conv.group("n2") else None
                ref = value if c2 is None else (low or value)
                if ref > 0 and abs(c1 - ref) / ref > 0.06:
                    flags.append(
                        f"{t[start : conv.end()].strip()!r}: the two units disagree by "
                        f"{abs(c1 - ref) / ref:.0%}"
                    )
                    conf = 0.5
                else:
                    conf = 0.95
                    note = "both units agree"
                    if f2 == 1000.0 and factor != 1000.0:
                        # "620 miles (1,000 kilometers)": the kilometres are the source's own
                        # figure (the miles its conversion); keep the analyst's unit
                        value = c1 if c2 is None else (c1 + c2) / 2
                        if c2 is not None:
                            low, high = sorted((c1, c2))
                        else:
                            low, high = _bounds(value, q)
                        note = "both units agree; the kilometres kept"
            after = t[conv.end() : min(ce, conv.end() + 40)]
            end = conv.end()
        if _OFFSET_AFTER.match(after) or _OFFSET_BEFORE.search(before[-14:]):
            continue
        kind = None
        own = (m.group("q") or "").lower()
        joined = prev_fig is not None and _LIST_GAP.fullmatch(t[prev_fig[0] : start])
        if "altitude" in own or "height" in own:
            kind = "apogee"  # "flew 990 km (615 miles) to an altitude of 5,800 km": its own cue
        elif "distance" in own or "range" in own:
            kind = "distance"
        elif joined:
            kind = prev_fig[1]  # "약 350㎞와 800㎞", "420 km and 270 km": the same kind as the one before
        elif re.search(r"[\uac00-\ud7a3\u3040-\u30ff]", t[end : end + 4] + t[max(0, start - 4) : start]):
            # Korean and Japanese: a noun cue just before, else the verb after (subject-object-verb)
            prev = max((x.end() for x in _LEN_END.finditer(before)), default=0)
            before = before[prev:]
            cjk_after = t[end : min(ce, end + 30)]
            nxt = _LEN_END.search(cjk_after)
            cjk_after = cjk_after[: nxt.start()] if nxt else cjk_after
            noun = _CJK_NOUN_CUE.search(before[-12:])
            if noun:
                kind = "apogee" if noun.group("a") else "distance"
            elif _CJK_DIST_VERB.search(cjk_after):
                kind = "distance"
            elif _CJK_APOGEE_VERB.search(cjk_after):
                kind = "apogee"
        if kind is not None:
            pass
        elif _APOGEE_AFTER.match(after):
            kind = "apogee"
        elif _AWAY.match(after) or _DIST_AFTER.match(after):
            kind = "distance"
        else:
            a = [x.end() for x in _APOGEE_BEFORE.finditer(before)]
            d = [x.end() for x in _DIST_BEFORE.finditer(before)]
            if a or d:
                kind = "apogee" if (max(a) if a else -1) > (max(d) if d else -1) else "distance"
        prev_fig = (end, kind)
        if kind is None:
            continue
        if kind == "apogee" and _FAILED_AT.search(before):
            continue  # the altitude at which it failed, not an apogee
        v = ctx.at(m.start("n1"))
        if ctx.hypothetical(start, end):
            flags.append(f"{t[start:end].strip()!r}: a capability or hypothetical figure, not this flight's")
            continue
        if not v.ok and v.reason != "headline":
            continue
        src = sources.at(m.start("n1"))
        out.append(
            Figure(
                kind,
                value,
                q,
                t[start:end].strip(),
                (start, start + len(t[start:end].strip())),
                unit_w,
                low,
                high,
                None if src is None else src.name,
                conf - (0.1 if q in ("at_least", "more_than", "at_most", "less_than") else 0.0),
                note,
                headline=not v.ok,
            )
        )
    return out


def _num(w: str | None) -> float:
    if w is None:
        return 0.0
    w = w.lower()
    if w in NUMBER_WORDS:
        return float(NUMBER_WORDS[w])
    return parse_number(w)  # "4천491" (Korean thousands) as well as "1,080"


def read_durations(doc: Document, ctx: Context, sources: Sources) -> list[Figure]:
    """Flight times of this launch (see the module's text)."""
    t = doc.text
    out: list[Figure] = []
    for rx in (_DUR_EN, _DUR_CJK):
        for m in doc.scan(rx):
            g = m.groupdict()
            if not any(g.get(k) for k in ("h", "mm", "mm2", "s")):
                continue
            secs = (
                _num(g.get("h")) * 3600
                + _num(g.get("hm")) * 60
                + _num(g.get("mm")) * 60
                + _num(g.get("mm2")) * 60
                + _num(g.get("ms"))
                + _num(g.get("s"))
            )
            if not 0 < secs <= 86400:
                continue
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            cs, ce = ctx.clause(start)
            if doc.search(_FLIGHT, max(cs, start - 60), min(ce, m.end() + 25)) is None:
                continue
            if _NOT_FLIGHT_DUR.match(t, m.end()) or _NOT_FLIGHT_BEFORE.search(t[max(cs, start - 25) : start]):
                continue
            v = ctx.at(start)
            if ctx.hypothetical(start, m.end()) or (not v.ok and v.reason != "headline"):
                continue
            src = sources.at(start)
            q = _qual(g.get("q"))
            low, high = _bounds(secs, q)
            if g.get("s0"):
                low, high = sorted((_num(g.get("s0")), secs))
                q, secs = "interval", (low + high) / 2
            out.append(
                Figure(
                    "flight_time",
                    secs,
                    q,
                    t[start : m.end()].strip(),
                    (start, m.end()),
                    "",
                    low,
                    high,
                    None if src is None else src.name,
                    0.85,
                    headline=not v.ok,
                )
            )
    return out


def read_counts(doc: Document, ctx: Context, sources: Sources) -> list[Figure]:
    """Numbers of missiles of this launch: exact (``field == "count"``) or lower bounds
    (``qualifier`` ``at_least``/``more_than``) (see the module's text)."""
    t = doc.text
    out: list[Figure] = []
    for m in doc.scan(_COUNT_EN):
        w = m.group("n").lower()
        noun = m.group("noun").lower()
        if noun in ("shells", "weapons", "weapon", "objects", "object", "shell") and "flying" not in noun:
            if noun.startswith("shell") or not re.search(r"ballistic|missile", m.group("adj") or "", re.I):
                continue
        plural = noun.endswith("s")
        qual = (m.group("q") or "").lower()
        if w in ("a", "an") and plural:
            continue
        if w in ("a", "an", "one", "a single") and plural and "of" not in w:
            continue
        if w == "half":
            continue
        adj = (m.group("adj") or "").lower()
        if re.search(r"\b(?:km|kilomet|miles?|minutes?|seconds?|hours?)\b", adj):
            continue
        v = ctx.at(m.start("n"))
        if not v.ok and v.reason != "headline":
            continue
        src = sources.at(m.start("n"))
        span = (m.start("n") if not qual else m.start(), m.end())
        text = t[span[0] : span[1]]
        if w in VAGUE_COUNTS:
            out.append(
                Figure(
                    "count",
                    float(VAGUE_COUNTS[w]),
                    "at_least",
                    text,
                    span,
                    "",
                    VAGUE_COUNTS[w],
                    None,
                    None if src is None else src.name,
                    0.5,
                    f"{w!r}: the number is not given; a lower bound",
                    headline=not v.ok,
                )
            )
            continue
        n = float(w) if w.isdigit() else float(NUMBER_WORDS[w])
        if n < 1 or n > 1000:
            continue
        q = {
            "at least": "at_least",
            "more than": "more_than",
            "over": "more_than",
            "up to": "at_most",
            "as many as": "at_most",
            "about": "about",
            "around": "about",
            "nearly": "at_most",
            "some": "about",
            "approximately": "about",
        }.get(qual, "exact")
        if q == "more_than":
            q, n = "at_least", n + 1
        conf = 0.9 if w not in ("a", "an") else 0.7
        out.append(
            Figure(
                "count",
                n,
                q,
                text,
                span,
                "",
                n if q == "at_least" else None,
                None,
                None if src is None else src.name,
                conf,
                headline=not v.ok,
            )
        )
    for rx in (_KO_COUNT, _JA_COUNT):
        for m in doc.scan(rx):
            a = max(0, m.start() - 25)
            if doc.search(_MISSILE_NEAR, a, min(len(t), m.end() + 12)) is None:
                continue
            w = m.group("n")
            before4 = t[max(0, m.start() - 4) : m.start()]
            if re.search(r"(?:うち|もう|残り|中|중|그중|나머지|다른)\s*$", before4):
                continue  # "うち1発は", "もう1発は", "이 중 1발은": one of the salvo, not its count
            v = ctx.at(m.start("n"))
            if not v.ok and v.reason != "headline":
                continue
            src = sources.at(m.start("n"))
            span = (
                m.start("n") if not m.group("q") else m.start() + len(m.group(0)) - len(m.group(0).lstrip()),
                m.end(),
            )
            text = t[span[0] : span[1]].strip()
            if w in ("수", "여러", "複数", "数"):
                out.append(
                    Figure(
                        "count",
                        2.0,
                        "at_least",
                        text,
                        span,
                        "",
                        2.0,
                        None,
                        None if src is None else src.name,
                        0.5,
                        f"{w!r}: the number is not given; a lower bound",
                        headline=not v.ok,
                    )
                )
                continue
            whole = KO_NATIVE.get(w, 0) or int(w)  # compared as an int: '9' * 400 is no float
            if not 1 <= whole <= 1000:
                continue
            n = float(whole)
            q = _qual(m.group("q"), m.group("k"))
            if q == "more_than":
                q, n = "at_least", n + 1 if m.group("k") != "여" else n
            out.append(
                Figure(
                    "count",
                    n,
                    q,
                    text,
                    span,
                    "",
                    n if q == "at_least" else None,
                    None,
                    None if src is None else src.name,
                    0.9,
                    headline=not v.ok,
                )
            )
    return out


def bare_plural(doc: Document, ctx: Context, sources: Sources) -> Figure | None:
    """``missiles`` said of this launch without a number: at least two (weak)."""
    for m in doc.scan(_BARE_PLURAL, doc.body_start):
        v = ctx.at(m.start())
        s, e = doc.sentence_at(m.start())
        if v.ok and doc.search(LAUNCH_RE, s, e) is not None:  # not "all its missiles ... on solid fuel"
            src = sources.at(m.start())
            return Figure(
                "count",
                2.0,
                "at_least",
                m.group(0),
                m.span(),
                "",
                2.0,
                None,
                None if src is None else src.name,
                0.3,
                "plural 'missiles': at least two",
            )
    return None
