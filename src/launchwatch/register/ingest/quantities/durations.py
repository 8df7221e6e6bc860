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
            if not 0 < secs <= 86400:
                continue
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            cs, ce = ctx.clause(start)
            aloft = _IN_THE_AIR.match(t, m.end()) is not None  # "after roughly 14 minutes in the air"
            # "crashed into the Pacific ... at about 7:16 a.m., about 19 minutes after it was fired"
            aloft = aloft or (
                doc.lang == "en"
                and _AFTER_FIRED.match(t, m.end()) is not None
                and _CAME_DOWN.search(t, cs, start) is not None
            )
            if not aloft and (
                doc.search(_FLIGHT, max(cs, start - 60), min(ce, m.end() + 25)) is None
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
