"""Flight times in every wire form: hours and minutes in words or digits, seconds,
Korean and Japanese durations (see :mod:`launchwatch.register.ingest.quantities`)."""

from __future__ import annotations

import re

from ..attribution import Context, Sources
from ..document import Document
from ..lexicon import NUMBER_WORDS
from .model import Figure, _bounds, _num, _qual

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
    rf"(?P<mm>\d+(?:\.\d+)?|{_NUMWORD})(?:\s*|-)(?:minutes?|mins?)\b(?:,?\s*(?:and\s+)?(?P<ms>\d+)\s*seconds?\b)?|"
    rf"(?:(?P<s0>\d{{1,3}}(?:,\d{{3}})+|\d+)\s*(?:-|to)\s*)?(?P<s>\d{{1,3}}(?:,\d{{3}})+|\d+)\s*"
    r"(?:seconds?|secs?)\b)",
    re.IGNORECASE,
)
_DUR_CJK = re.compile(
    r"(?P<q>약|約|およそ)?\s*(?:(?P<h>\d+)\s*(?:시간|時間)(?:\s*(?P<hm>\d+)\s*(?:분|分))?(?:간|동안|間)?|"
    r"(?<![시時]\s)(?<![시時])(?P<mm>\d+)\s*(?:분|分)\s*(?P<ms>\d+)\s*(?:초|秒)(?:간|\s?동안|間)?|"
    # "70여분간": "more than 70 minutes"
    r"(?<![시時]\s)(?<![시時])(?P<mm2>\d+)\s*(?P<yeo>여)?\s*(?:분간|분\s?동안|分間|分\s?ほど)|"
    # "9,936초～9,952초간": an interval of seconds; "40여초 동안": more than 40 seconds
    r"(?:(?P<s0>\d{1,3}(?:,\d{3})+|\d+)\s*(?:초|秒)?\s*[~-]\s*)?(?P<s>\d+천\s?\d{0,3}|"
    r"\d{1,3}(?:[, ]\d{3})+|(?<!천)\d+)\s*(?P<yeo2>여|余)?\s*"
    r"(?:초간|초\s?동안|초(?=를|을|\s?비행)|秒間|s간|s\s?동안)|"
    # "約70分飛翔し", "약 70분 비행한": minutes right before the verb of flying
    r"(?<![시時]\s)(?<![시時])(?P<mm4>\d+)\s*(?P<yeo3>여|余)?\s*(?:分|분)\s?(?=飛翔|飛行|飛しょう|비행)|"
    # minutes named as the flight time ("비행시간이 86분으로", "飛行時間は約86分で")
    r"(?:비행\s?시간|飛行時間|飛翔時間)\s*(?:은|이|는|は|が)?\s*(?P<q2>약|約|およそ)?\s*(?P<mm3>\d+)\s*(?:분|分)"
    r"(?![간間])(?!\s*\d))"
)
_FLIGHT = re.compile(
    r"\b(?:fl(?:y|ew|own|ight|ying|ies)|travell?(?:ed|ing|s)?|in flight|airborne|aloft|in the air)\b|"
    r"비행|날아|飛翔|飛行|飛しょう",
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

_AFTER_FIRED = re.compile(
    r"\s+after (?:it|the missile|they|the missiles) (?:was|were) (?:fired|launched)|"
    r"\s+after (?:the )?(?:launch|lift-?off)\b",
    re.IGNORECASE,
)
_CAME_DOWN = re.compile(r"\b(?:crashed|fell|came down|landed|splashed down|plunged)\b", re.IGNORECASE)
_IN_THE_AIR = re.compile(r"\s+(?:in the air|in flight|aloft)\b", re.IGNORECASE)


# fractions of an hour in words: "half an hour" (1,800 s), "a quarter of an hour" (900 s),
# "three quarters of an hour", "an hour and a half", "two and a half hours"; the pattern reads
# only "an hour" or "a half hours" of them, so they are worked out here (or not read)
_FRACTION_OF = re.compile(
    r"\b(?:(?P<q>(?:a|one)\s+quarter|three[- ]quarters|a\s+third|two[- ]thirds|a\s+fraction|part)\s+of"
    r"|(?P<half>half))\s+$",
    re.IGNORECASE,
)
_QUAL_BEFORE = re.compile(
    r"\b(about|around|some|roughly|approximately|nearly|almost|more than|over|less than|under)\s+$",
    re.IGNORECASE,
)
_AND_A_HALF_AFTER = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_AND_A_HALF_BEFORE = re.compile(rf"\b(?P<n>\d+|{_NUMWORD})\s+and\s+$", re.IGNORECASE)


def _fraction_en(t: str, m: re.Match[str], secs: float) -> tuple[float, int] | None:
    """``(seconds, start)`` of an English duration ``m`` read as ``secs``, with the fractions
    of an hour around it (see :data:`_FRACTION_OF`); ``None`` for a fraction not worked out."""
    h, mm = m.group("h"), m.group("mm")
    unit = h if h is not None else mm
    k = m.start("h") if h is not None else m.start("mm")
    scale = 3600.0 if h is not None else 60.0
    if unit is None:
        return secs, m.end()
    uw = unit.lower()
    if uw in ("half", "a half"):
        before = _AND_A_HALF_BEFORE.search(t, max(0, k - 20), k)
        if before is None:
            return None  # "a half hour" is rare; "half hours" is no duration
        return (_num(before.group("n")) + 0.5) * scale + _num(m.group("hm")) * 60, before.start()
    frac = _FRACTION_OF.search(t, max(0, k - 25), k)
    if frac is not None:
        if uw not in ("a", "an", "one") or m.group("hm") or m.group("ms"):
            return None
        if frac.group("half"):
            return 0.5 * scale, frac.start()
        q = " ".join(frac.group("q").lower().replace("-", " ").split())
        share = {"a quarter": 0.25, "one quarter": 0.25, "three quarters": 0.75}.get(q)
        return None if share is None else (share * scale, frac.start())
    if not (m.group("hm") or m.group("ms")) and _AND_A_HALF_AFTER.match(t, m.end()):
        return secs + 0.5 * scale, m.end()  # "an hour and a half"
    return secs, m.end()


def read_durations(doc: Document, ctx: Context, sources: Sources) -> list[Figure]:
    """Flight times of this launch (see the module's text)."""
    t = doc.text
    out: list[Figure] = []
    for rx in (_DUR_EN, _DUR_CJK):
        for m in doc.scan(rx):
            g = m.groupdict()
            if not any(g.get(k) for k in ("h", "mm", "mm2", "mm3", "mm4", "s")):
                continue
            secs = (
                _num(g.get("h")) * 3600
                + _num(g.get("hm")) * 60
                + _num(g.get("mm")) * 60
                + _num(g.get("mm2")) * 60
                + _num(g.get("mm3")) * 60
                + _num(g.get("mm4")) * 60
                + _num(g.get("ms"))
                + _num(g.get("s"))
            )
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            if rx is _DUR_EN:
                frac = _fraction_en(t, m, secs)
                if frac is None:
                    continue  # "a third of an hour", "part of an hour": not read
                secs, first = frac
                if first < start:
                    start = first
                    qb = _QUAL_BEFORE.search(t, max(0, start - 16), start)
                    if qb is not None and not g.get("q"):
                        g["q"], start = qb.group(1), qb.start()
            if not 0 < secs <= 86400:
                continue
            cs, ce = ctx.clause(start)
            aloft = _IN_THE_AIR.match(t, m.end()) is not None  # "after roughly 14 minutes in the air"
            # "crashed into the Pacific ... at about 7:16 a.m., about 19 minutes after it was fired"
            aloft = aloft or (
                doc.lang == "en"
                and _AFTER_FIRED.match(t, m.end()) is not None
                and _CAME_DOWN.search(t, cs, start) is not None
            )
            # "flew about 1,800 km along oval patterns for two hours and 43 minutes": "for" ties
            # the duration to the clause's verb of flight, however far back it stands
            tied = (
                doc.lang == "en"
                and re.search(r"\bfor\s+$", t[max(cs, start - 6) : start]) is not None
                and doc.search(_FLIGHT, cs, start) is not None
            )
            if not aloft and (
                (not tied and doc.search(_FLIGHT, max(cs, start - 60), min(ce, m.end() + 25)) is None)
                or _NOT_FLIGHT_DUR.match(t, m.end())
                or _NOT_FLIGHT_BEFORE.search(t[max(cs, start - 25) : start])
            ):
                continue
            v = ctx.at(start)
            if ctx.hypothetical(start, m.end()) or (not v.ok and v.reason != "headline"):
                continue
            src = sources.at(start)
            q = _qual(g.get("q") or g.get("q2"), g.get("yeo") or g.get("yeo2") or g.get("yeo3"))
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
