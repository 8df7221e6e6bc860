"""Numbers of missiles: exact, lower bounds, vague words, Korean and Japanese counters,
bare plurals (see :mod:`launchwatch.register.ingest.quantities`)."""

from __future__ import annotations

import re

from ..attribution import Context, Sources
from ..document import Document
from ..lexicon import KO_NATIVE, LAUNCH_RE, NUMBER_WORDS, VAGUE_COUNTS
from .model import Figure, _qual

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
    r"(?P<q>최소한|최소|적어도)?\s*(?P<n>\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|수|여러)\s*발"
    # "2발의 발사체" (two projectiles) is a count; "발사", "발표", "발생" … are other words
    r"(?!사|표|생|견|언|전|령|효|달|휘|간|행|굴|명|족|상|작|동|진|급|각|병|육|매|음|레|바|자)"
    r"(?P<k>\s*(?:가량|정도|이상|여))?"
)
# the counter 기 of KCNA's copy ("전략순항미싸일 4기는", "미사일 2기를"): right after the
# missile noun only (기 alone opens many words: 기지, 기술, 기간)
_KO_COUNT_GI = re.compile(
    r"(?:(?<=미사일)|(?<=미싸일)|(?<=발사체)|(?<=로케트)|(?<=로켓))\s*(?P<q>)(?P<n>\d{1,2}|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*기"
    r"(?=[는은가이를을와과의로]|\s|,|\.)(?P<k>)"
)
# "ロケット1基を": the counter of rockets, right after the noun
_JA_COUNT_KI = re.compile(
    r"(?:(?<=ロケット)|(?<=ミサイル))(?P<q>)\s*(?P<n>\d{1,2})\s*基(?=を|が|は|の|、)(?P<k>)"
)
_JA_COUNT = re.compile(
    r"(?P<q>少なくとも|最大|約)?\s*(?P<n>\d+|複数|数)\s*(?:発(?!射|表|生|見|言|電|令|効|達|揮|行|明|信|進|足|"
    r"売|展|覚|端|着|動|音|熱|症|病|掘|刊|案|育)|(?<=複数)(?=発射|の(?:弾道|巡航)?ミサイル))"
    r"(?P<k>以上|程度|ほど)?"
)
# "弾道ミサイル7発のうち、1発の長距離弾道ミサイル「テポドン2号」について": the report is
# about the one of the day's seven it names as its topic
_JA_OF_WHICH_TOPIC = re.compile(r"のうち、?\s*\d+\s*発の[^。]{0,40}?について")
_JA_TOPIC_AFTER = re.compile(r"の[^。]{0,40}?について")
_MISSILE_NEAR = re.compile(
    r"미사일|발사체|탄도|SRBM|ICBM|IRBM|MRBM|SLBM|로켓|방사포|비행체|위성|ミサイル|弾道|飛翔体|飛行体|飛しょう体|ロケット|衛星|"
    r"発射体|"
    r"missile|rocket|projectile",
    re.IGNORECASE,
)


# a tally over a period, not this launch's number ("has fired more than 70 ballistic missiles
# this year", "a record 69 missiles in 2022", "in total", "since January")
_TALLY = re.compile(
    r"\b(?:(?:so far )?this (?:year|month)|so far|to date|in total|altogether|in all|a record|"
    r"since (?:January|the (?:start|beginning) of)|in (?:19|20)\d{2}|last year)\b",
    re.IGNORECASE,
)


_RECORD_COUNT_EN = re.compile(
    r"^[ \t]*(?:Number (?:launched|fired)|Missiles? (?:launched|fired)|Number of missiles)[ \t]*:[ \t]*"
    r"(?P<n>[1-9]\d{0,2})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


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
        cs, ce = ctx.clause(m.start("n"))
        if w not in ("a", "an", "one") and doc.search(_TALLY, cs, ce) is not None:
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
    if doc.lang == "en":
        # a record's field: "Number launched: 2", "Number fired: 1"
        for m in doc.scan(_RECORD_COUNT_EN):
            src = sources.at(m.start("n"))
            out.append(
                Figure(
                    "count", float(m.group("n")), "exact", m.group(0).strip(), m.span(), "", None, None,
                    None if src is None else src.name, 0.9,
                )
            )
    for rx in (_KO_COUNT, _KO_COUNT_GI, _JA_COUNT, _JA_COUNT_KI):
        for m in doc.scan(rx):
            a = max(0, m.start() - 25)
            corrected = _CORRECTED_COUNT.match(t, m.end()) is not None
            if doc.search(_MISSILE_NEAR, a, min(len(t), m.end() + 12)) is None and not corrected:
                continue
            w = m.group("n")
            before4 = t[max(0, m.start() - 4) : m.start()]
            if rx is _JA_COUNT and _JA_OF_WHICH_TOPIC.match(t, m.end()):
                continue  # "7発のうち、1発の…について": the day's total, not this launch's
            topic_of = (
                rx is _JA_COUNT and re.search(r"うち、\s*$", before4) and _JA_TOPIC_AFTER.match(t, m.end())
            )
            if re.search(r"(?:うち|もう|残り|中|중|그중|나머지|다른)\s*$", before4) and not topic_of:
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
    return _corrected_counts(doc, out)


# "…1발을 발사했다고 공지하였으나, … 2발을 발사한 것으로 정정함", "1発と発表したが、2発に訂正":
# the count before the turn is the version corrected
_CORRECTED_COUNT = re.compile(r"[^.。]{0,16}?(?:으로|로|に|と)\s?(?:정정|訂正|修正)")
_COUNT_TURN = re.compile(r"(?:했으나|였으나|했지만|였지만|했다가|ましたが|ていたが|としたが|したが)")


def _corrected_counts(doc: Document, counts: list[Figure]) -> list[Figure]:
    """The counts without those a later count of the same sentence corrects."""
    t = doc.text
    fixed = [g for g in counts if _CORRECTED_COUNT.match(t, g.span[1])]  # few or none
    if not fixed:
        return counts
    out = []
    for f in counts:
        _s, e = doc.sentence_at(f.span[0])
        turn = _COUNT_TURN.search(t, f.span[1], min(e, f.span[1] + 300))
        if turn is None or not any(turn.end() < g.span[0] < e for g in fixed):
            out.append(f)
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
