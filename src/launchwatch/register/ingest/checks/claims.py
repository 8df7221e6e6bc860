"""The report's own claims about this launch's place in the record, as read (English,
Korean, Japanese): ordinals ("the fourth round of launches this year", "올해 들어 세 번째",
"今年に入って4回目") and firsts since ("the first ICBM launch since November 2017",
"2017年9月以来"); the package's docstring says which forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..document import Document
from ..lexicon import KO_ORDINALS, MONTH_RE, NUMBER_WORDS, ORDINAL_RE, ORDINAL_WORDS, month_number
from ..times.model import _safe_date

__all__ = ["RoundClaim", "read_round_claims"]

_SITE = ZoneInfo("Asia/Pyongyang")


@dataclass
class RoundClaim:
    """``n`` (an ordinal) over ``period`` (``year``, ``month`` or ``P10D``), or ``since``
    (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); ``what`` is a class the claim counts
    (``ICBM``) or ``None`` for all launches; ``condition`` holds a condition that makes
    it uncheckable; ``check`` the register's verdict once checked."""

    text: str
    span: tuple[int, int]
    n: int | None = None
    period: str | None = None
    since: str | None = None
    what: str | None = None
    condition: str = ""
    check: str = ""
    agrees: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_value(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.n is not None:
            out.update(n=self.n, period=self.period)
        if self.since is not None:
            out["since"] = self.since
        if self.what:
            out["class"] = self.what
        if self.condition:
            out["condition"] = self.condition
        if self.agrees is not None:
            out["register_agrees"] = self.agrees
        return out


_CLASS_WORDS = (
    # a family of one class in the public record counts that class ("the eighth Musudan launch
    # this year": IRBMs); families whose class is disputed (KN-23, Hwasong-11) name none
    (
        r"(?<![A-Za-z])ICBMs?(?![A-Za-z])|intercontinental|long-range ballistic|대륙간|장거리|ICBM級|大陸間|"
        r"\bHwasong-?(?:1[4579]|20)\b",
        "ICBM",
    ),
    (
        r"(?<![A-Za-z])MRBMs?(?![A-Za-z])|medium-range|\b(?:Rodong|Nodong)\b|준중거리|準中距離|"
        r"\bPuk[gk]uksong-?2\b",
        "MRBM",
    ),
    (r"\bMusudan\b(?!-ri)|\bHwasong-?1[026]\b", "IRBM"),
    (r"\bPuk[gk]uksong-?[1345]?\b", "SLBM"),
    (r"(?<![A-Za-z])IRBMs?(?![A-Za-z])|intermediate-range|중거리|中距離", "IRBM"),
    (r"(?<![A-Za-z])SRBMs?(?![A-Za-z])|short-range|단거리|短距離", "SRBM"),
    # the Nodong family by name in Korean and Japanese ("노동미사일 발사는 … 이후 처음")
    (r"(?<![A-Za-z])MRBMs?(?![A-Za-z])|준중거리|準中距離|노동\s?(?:미사일|계열)|ノドン", "MRBM"),
    (r"(?<![A-Za-z])SLBMs?(?![A-Za-z])|submarine|잠수함|潜水艦", "SLBM"),
    (r"cruise|순항|巡航", "CRUISE"),
    (r"satellite|space|위성|衛星", "SLV"),
    (r"hypersonic|극초음속|極超音速", "HGV"),
)
_NUMW = "|".join(
    sorted((w for w in NUMBER_WORDS if " " not in w and w not in ("a", "an", "half")), key=len, reverse=True)
)
_ORD_EN = re.compile(
    # the determiner may be any possessive ("the reclusive regime's", "the isolated country's")
    rf"\b(?:the|its|a|this year's|(?:the\s+)?(?:[\w-]+\s+){{0,2}}?[\w-]+['’]s)\s+(?P<n>{ORDINAL_RE})\s+"
    r"(?:(?P<what>(?:(?!this\b|of\b|in\b|since\b)[\w-]+\s+){0,5}?)"
    r"(?P<noun>rounds?|launch(?:es)?|tests?|firings?|show of force|shows of force|provocations?|times?|"
    r"salvos?|"
    # not across a "since" ("the first launch since Sunday and the latest ... this year")
    r"barrages?)\b(?P<mid>(?:(?!\bsince\b)[^.;]){0,60}?)\b)?"
    r"(?P<per>this year|of the year|so far this year|this month|"
    r"of the month|"
    r"in (?:the past |the last |just )?(?P<pn>\d+|" + _NUMW + r")\s+(?P<pu>days|weeks|months)|in a week|"
    r"this week|(?:in|of) (?P<yr>(?:19|20)\d{2}))\b",
    re.IGNORECASE,
)
_SINCE_WHEN = (
    rf"(?:an? [\w-]+ (?:test|launch) (?:in|on) |the [\w-]+ (?:test|launch) (?:in|on) )?"
    rf"(?P<when>(?P<mon>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:,\s*(?P<y>(?:19|20)\d{{2}}))?|"
    # "since 18 December": the day first, as British copy writes it
    rf"(?P<d4>\d{{1,2}})\s+(?P<mon4>{MONTH_RE})(?:\s+(?P<y4>(?:19|20)\d{{2}}))?|"
    # "since mid-September", "since early March 2023": the month
    rf"(?:(?:mid|early|late)[- ](?:in\s+)?)?(?P<mon2>{MONTH_RE})(?:\s+(?P<y2>(?:19|20)\d{{2}}))?|"
    rf"(?P<y3>(?:19|20)\d{{2}})|"
    rf"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    rf"last (?P<rel>year|month))"
)
_FIRST_SINCE_EN = re.compile(
    rf"\bfirst\s+(?P<what>(?:(?!since\b)[\w'-]+\s+){{0,12}}?)since\s+"
    r"(?:(?:it|the North|North Korea|Pyongyang)\s+(?:fired|launched|tested|"
    r"test-fired)\s+[^.;]{0,60}?\s+(?:on|in)\s+)?"
    rf"{_SINCE_WHEN}(?![\w-])"
    r"(?P<cond>,?\s+(?:that|when|in which)\b[^.;]{0,120})?",
    re.IGNORECASE,
)
_FIRED_WHAT_EN = re.compile(
    r"that (?:the North|North Korea|Pyongyang|it) (?:had |has )?(?:fired|launched|tested|test-fired) (.+)$",
    re.IGNORECASE,
)
# the subject of a Korean ordinal claim, right before its period ("북한의 ICBM 발사는 올해 들어")
_KO_SUBJECT = re.compile(r"[^\s.]{1,12}\s*(?:시험\s?)?발사(?:는|가|은|이)\s*$")
_KO_ORD = re.compile(
    r"(?P<per>올해|올\s?들어|이번\s?달|이달|이번\s?주)\s*(?:들어(?:서만|서)?\s*)?"
    # "올해 들어 지난 2일과 9일에 이어 세 번째": the earlier days may stand between
    # (the words are tried last: "올해 들어 네 번째이자 이달 들어서만 네 번째" is two claims)
    r"(?:(?P<what>[가-힣A-Z](?:[가-힣A-Z0-9 ]{0,28}?))\s*)??"
    r"(?:(?:이번이|이번\s?발사가|이번\s?발사는)\s*)?"
    # the native ordinal whole ("열두 번째" is the twelfth, not "열" and the second)
    r"(?:(?P<n>\d+)|(?<![가-힣])(?P<nk>"
    + "|".join(sorted(KO_ORDINALS, key=len, reverse=True))
    + r"))\s*(?:번째|번\s?째|차례)|"
    r"(?P<pw>열흘|보름|일주일|한\s?달|\d+\s?일|\d+\s?주)\s*(?:사이|새|동안|만에)\s*(?:(?P<n2>\d+)|(?P<nk2>"
    + "|".join(sorted(KO_ORDINALS, key=len, reverse=True))
    + r"))\s*(?:번째|번\s?째)|올해\s*(?:들어\s*)?(?P<first>처음)"
)
_KO_SINCE = re.compile(
    r"(?P<when>지난달\s*(?P<dd>\d{1,2})일|지난\s*(?P<m2>\d{1,2})월\s*(?P<d2>\d{1,2})일|지난\s*(?P<d3>\d{1,2})일|"
    r"(?=\d)(?:(?P<y>(?:19|20)\d{2})년\s*)?(?:(?P<m>\d{1,2})월\s*)?(?:(?P<d>\d{1,2})일)?(?<=[년월일]))"
    # "지난 4월 13일 이후 3개월 만", "지난달 25일 ICBM 등 3발을 쏜 지 11일 만"
    # "… 쏜 미사일이 발사 직후 공중 폭발한 지 15일 만": the end of that launch dates it too
    r"\s*(?P<what>[^.。,]{0,40}?)\s*(?:이후|(?:쏜|발사한|쏘아\s?올린|시험발사한|날려\s?보낸|날린|폭발한|추락한|실패한)\s*지)"
    r"\s*(?:약\s*)?"
    r"(?P<gap>\d+\s*(?:년|개월|일|주)|[가-힣]{1,3}\s*(?:달|해|년)|"
    # native day counts: "발사한 지 닷새 만", "사흘 만"
    r"하루|이틀|사흘|나흘|닷새|엿새|이레|여드레|아흐레|열흘|보름)\s*(?:여\s*)?만"
)
_JA_ORD = re.compile(
    # the period: this year (今年, 本年), month, week, or a span ("１週間で", "10日間で")
    r"(?P<per>今年|本年|今月|今週|(?P<pn>\d+|[０-９]+)\s*(?P<pu>週間|日間|か月|カ月|ヶ月|ヵ月)(?=で|の間に|間で))"
    r"(?:に入って|に入り|に入ってから|で|の間に|間で)?、?\s*(?P<what>[^。、\d０-９]{0,14}?)\s*"
    r"(?:(?P<n>\d+|[０-９]+)\s*(?:回目|度目)|(?P<first>初めて))"
)
_JA_SINCE = re.compile(
    r"(?P<when>(?=\d)(?:(?P<y>(?:19|20)\d{2})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?)\s*以来"
)
# the subject of a Korean "since" claim: "북한이 ICBM을 쏜 것은", "SRBM 발사는"
_KO_SINCE_SUBJECT = re.compile(r"([^\s.]{1,12})\s*(?:(?:을|를)?\s*(?:쏜|발사한)\s*것은|\s*발사는)\s*$")
# "昨年11月5日に短距離弾道ミサイルを発射して以来、約2カ月ぶり": the day of the launch before
_JA_SINCE_FIRED = re.compile(
    r"(?P<rel>昨年|去年)?(?:(?P<y>(?:19|20)\d{2})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?に?"
    # "2024年5月27日に1段目が空中爆発して失敗して以来": the end of that launch dates it too
    r"[^。]{0,50}?(?:(?:発射|打ち上げ|失敗|爆発)(?:して|した(?:とき|時|の))|撃って|撃った(?:とき|時|の))以来"
)
# "北朝鮮は先月29日にも…を発射し、…。北朝鮮による弾道ミサイルの発射はそれ以来で": the day of
# the launch the sentence before told of
_JA_SINCE_THAT = re.compile(
    r"それ以来|その時以来|その発射以来|"
    # "今月16日にも…を発射していて、発射は3日ぶり": since that other launch
    r"(?P<gap>\d+)\s*(?:日|週間|カ月|か月|ヶ月|ヵ月)\s*ぶり"
)
_JA_DAY_FIRED = re.compile(
    r"(?:(?P<y>(?:19|20)\d{2})年|(?P<lastyear>昨年|去年))?(?P<rel>先月)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?"
    r"(?<=[月日])に(?:も)?[^。]{0,60}?(?:発射|打ち上げ|撃)"
)
_KO_PERIOD_DAYS = {"열흘": 10, "보름": 15, "일주일": 7, "한 달": 30, "한달": 30}
# what an ordinal counts, named right after it ("올해 들어 세 번째 정찰위성 발사", "여섯 번째
# 미사일 발사"): that noun, not the sentence's subject, says the class (or that there is none)
_KO_ORD_NOUN = re.compile(
    r"\s*(?P<what>[가-힣A-Za-z0-9]{1,12}(?:\s[가-힣A-Za-z0-9]{1,12}){0,1}?)\s*(?:시험\s?)?발사"
)
# the topic of a Korean or Japanese sentence of a round claim ("북한의 ICBM 발사는 이달 3일
# 이후 보름 만이며, 올해 들어 여덟 번째다", "북한이 단거리 탄도미사일을 발사한 것은 올해 들어
# 처음이다", "偵察衛星の打ち上げは、5月31日に続いて今年2回目"): the class the claims count
_KO_TOPIC = re.compile(r"(?:시험\s?)?발사(?:는|가)(?=\s)|(?:발사한|쏜|쏘아\s?올린)\s*것은")
_JA_TOPIC = re.compile(r"の?(?:発射|打ち上げ)は")
# "1월 14일 이후 첫 IRBM 발사", "2009년 7월 이후 처음": the first since, in Korean
_KO_SINCE_FIRST = re.compile(
    r"(?P<when>지난달\s*(?P<dd>\d{1,2})일|지난\s*(?P<m2>\d{1,2})월\s*(?P<d2>\d{1,2})일|지난\s*(?P<d3>\d{1,2})일|"
    r"(?=\d)(?:(?P<y>(?:19|20)\d{2})년\s*)?(?:(?P<m>\d{1,2})월\s*)?(?:(?P<d>\d{1,2})일)?(?<=[년월일]))"
    r"\s*이후\s*(?:(?P<first>첫)\s*(?P<what>[^.,]{0,16}?)\s*(?:시험\s?)?발사|처음)"
)


def _topic_class(t: str, s0: int, end: int) -> str | None:
    """The class of the topic of the sentence a claim stands in, before ``end``: the last
    "… 발사는" (or "… 것은", "…の発射は") between ``s0`` and ``end``."""
    tops = list(_KO_TOPIC.finditer(t, s0, end)) + list(_JA_TOPIC.finditer(t, s0, end))
    if not tops:
        return None
    top = max(tops, key=lambda m: m.start())
    head = t[max(s0, top.start() - 24) : top.start()]
    head = re.split(r"[,、。]", head)[-1]
    return _class_of(head)


def _ordinal(word: str) -> int | None:
    w = word.lower()
    if w in ORDINAL_WORDS:
        return ORDINAL_WORDS[w]
    m = re.match(r"(\d+)", w)
    return int(m.group(1)) if m else None


_FAMILY = re.compile(r"\b(?:Hwasong|Musudan|Puk[gk]uksong)\b", re.IGNORECASE)
# a subset of a family's launches ("the second failed Musudan launch this month"): a count
# the register's rounds by class cannot check, so the family gives no class
_SUBSET_EN = re.compile(r"\b(?:failed|successful|unsuccessful|botched|aborted|attempted)\b", re.IGNORECASE)


def _class_of(text: str) -> str | None:
    for pat, cls in _CLASS_WORDS:
        m = re.search(pat, text, re.IGNORECASE)
        if m and _FAMILY.match(m.group(0)) and _SUBSET_EN.search(text):
            continue
        if m:
            return cls
    return None


def _ko_since_date(m: re.Match[str], ref: date | None) -> str | None:
    """The day a Korean "since ..." of ``m`` (groups ``y``, ``m``/``m2``, ``d``/``d2``/``dd``/``d3``;
    ``dd`` a day of last month) names (ISO text), relative to the report's date ``ref``."""
    return _since_cjk(
        m.group("y"),
        m.group("m") or m.group("m2"),
        m.group("d") or m.group("d2") or m.group("dd") or m.group("d3"),
        ref,
        last_month=bool(m.group("dd")),
    )


def read_round_claims(doc: Document, launch_day: date | None, ctx: Any = None) -> list[RoundClaim]:
    """The report's claims of this launch's ordinal and of what it is the first since
    (``ctx``: a :class:`~.attribution.Context`; claims of hypothetical clauses — "may be
    preparing its first test since 2017" — and of other actors are not this launch's)."""
    t = doc.text
    out: list[RoundClaim] = []
    ref = launch_day
    for m in doc.scan(_ORD_EN):
        n = _ordinal(m.group("n"))
        if n is None:
            continue
        per = m.group("per").lower()
        if m.group("pu"):
            k = m.group("pn").lower()
            k = int(k) if k.isdigit() else int(NUMBER_WORDS.get(k, 0))
            unit = {"days": "D", "weeks": "W", "months": "M"}[m.group("pu").lower()]
            period = f"P{k}{unit}" if k else None
        elif "month" in per:
            period = "month"
        elif "week" in per and "this" in per:
            period = "week"
        elif "week" in per:
            period = "P7D"
        elif m.group("yr"):
            period = "year"
        else:
            period = "year"
        if period is None:
            continue
        what = _class_of((m.group("what") or "") + " " + (m.group("mid") or ""))
        out.append(RoundClaim(m.group(0), m.span(), n=n, period=period, what=what))
    ordinals = list(out)
    for m in doc.scan(_FIRST_SINCE_EN):
        since = _since_en(m, ref)
        if since is None:
            continue
        what = _class_of(m.group("what") or "")
        if what is None and not (m.group("what") or "").strip():
            # "its fifth ICBM launch this year, and the first since July": the noun left out
            # is the ordinal's, and so is its class
            s0, _ = doc.sentence_at(m.start())
            prev = [c for c in ordinals if s0 <= c.span[0] and c.span[1] <= m.start() and c.what]
            if prev and re.fullmatch(r"[\s,]*(?:and|but)\s+(?:the|its)\s+", t[prev[-1].span[1] : m.start()]):
                what = prev[-1].what
        cond = (m.group("cond") or "").strip(" ,")
        fired = _FIRED_WHAT_EN.match(cond)
        if what is None and fired is not None and _class_of(fired.group(1)):
            # "the first time since July 2009 that the North had fired Rodong missiles": the
            # class fired is what the claim counts, no condition
            what, cond = _class_of(fired.group(1)), ""
        out.append(RoundClaim(m.group(0), m.span(), since=since, what=what, condition=cond))
    for m in doc.scan(_KO_ORD):
        if m.group("first"):
            # "북한이 단거리 탄도미사일을 발사한 것은 올해 들어 처음": the topic's class
            s0, _ = doc.sentence_at(m.start())
            what = _topic_class(t, s0, m.start())
            out.append(RoundClaim(m.group(0), m.span(), n=1, period="year", what=what))
            continue
        n = m.group("n") or m.group("n2")
        nk = m.group("nk") or m.group("nk2")
        num = int(n) if n else KO_ORDINALS.get(nk or "")
        if not num:
            continue
        if m.group("pw"):
            pw = m.group("pw").replace(" ", "")
            days = _KO_PERIOD_DAYS.get(pw) or (int(re.sub(r"\D", "", pw)) * (7 if "주" in pw else 1))
            period = f"P{days}D"
        else:
            per = m.group("per")
            period = "month" if "달" in per else "week" if "주" in per else "year"
        what = _class_of(m.group("what") or "")
        noun = None if m.group("first") else _KO_ORD_NOUN.match(t, m.end())
        if noun is not None and what is None:
            # "올해 들어 세 번째 정찰위성 발사": the noun after the ordinal says what it counts
            what = _class_of(noun.group("what"))
        elif what is None:
            # "북한의 ICBM 발사는 올해 들어 네 번째": the class is the subject's, before the period
            s0, _ = doc.sentence_at(m.start())
            subj = _KO_SUBJECT.search(t, max(s0, m.start() - 30), m.start())
            what = _class_of(subj.group(0)) if subj is not None else _topic_class(t, s0, m.start())
        out.append(RoundClaim(m.group(0), m.span(), n=num, period=period, what=what))
    ko_ordinals = [c for c in out if c.n is not None and re.search(r"[가-힣]", c.text)]
    for m in doc.scan(_KO_SINCE):
        since = _ko_since_date(m, ref)
        if since is None:
            continue
        what = m.group("what") or ""
        ended = re.search(r"(?:폭발|추락|실패)한\s*지", m.group(0))
        if ended and not re.search(r"쏜|발사한|쏘아\s?올린", what):
            continue  # "… 발사가 실패한 지 사흘 만": a failure's date, not a launch told of
        if re.search(r"\d\s*일|[이에]\s?이어", what):
            continue  # "지난 2일과 9일에 이어 … 쏜 지": another day between, the claim is not the first's
        cond = what if re.search(r"(?:일본|열도|상공|위를)", what) else ""
        # "지난달 25일 ICBM 등 3발을 쏜 지": the words between tell what was fired then, not
        # a class the claim counts (that is the sentence's subject's, below)
        fired_then = not re.search(r"이후", m.group(0)) or bool(
            re.search(r"발사|쏜|쏘아|쏴|쏘고|날려|날린", what)
        )
        cls = None if fired_then else _class_of(what)
        if cls is None:
            # "ICBM 발사는 올해 들어 네 번째로, 지난 4월 13일 이후 석 달 만": the ordinal's class
            s0, _ = doc.sentence_at(m.start())
            before = [c for c in ko_ordinals if s0 <= c.span[0] and c.span[1] <= m.start() and c.what]
            cls = before[-1].what if before else None
        if cls is None:
            # "북한이 ICBM을 쏜 것은 지난 4월 13일 이후": the class is the subject's
            s0, _ = doc.sentence_at(m.start())
            subj = _KO_SINCE_SUBJECT.search(t[max(s0, m.start() - 30) : m.start()])
            cls = _class_of(subj.group(1)) if subj is not None else _topic_class(t, s0, m.start())
        out.append(RoundClaim(m.group(0), m.span(), since=since, what=cls, condition=cond))
    for m in doc.scan(_KO_SINCE_FIRST):
        since = _ko_since_date(m, ref)
        if since is None:
            continue
        s0, _ = doc.sentence_at(m.start())
        cls = _class_of(m.group("what") or "") if m.group("first") else _topic_class(t, s0, m.start())
        out.append(RoundClaim(m.group(0), m.span(), since=since, what=cls))
    for m in doc.scan(_JA_ORD):
        # "今年に入って弾道ミサイルの発射は9回目", "今月に入って2回目の発射"
        digits = (m.group("n") or "1").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        n = 1 if m.group("first") else int(digits)
        if m.group("pu"):
            k = int(m.group("pn").translate(str.maketrans("０１２３４５６７８９", "0123456789")))
            unit = {"週間": "W", "日間": "D"}.get(m.group("pu"), "M")
            # "1週間で" is "in a week", a rolling seven days, as in English
            period = "P7D" if (k, unit) == (1, "W") else f"P{k}{unit}"
        else:
            period = {"今月": "month", "今週": "week"}.get(m.group("per"), "year")
        what = _class_of(m.group("what") or "")
        if what is None and re.match(r"の(?:人工衛星の|衛星の)?打ち上げ", t[m.end() : m.end() + 8]):
            # "今年2回目の打ち上げ": Japanese copy lifts (打ち上げ) rockets, fires (発射) missiles
            what = "SLV"
        if what is None and not (m.group("what") or "").strip():
            # "偵察衛星の打ち上げは、5月31日に続いて今年2回目": the topic's class
            s0, _ = doc.sentence_at(m.start())
            what = _topic_class(t, s0, m.start())
        out.append(RoundClaim(m.group(0), m.span(), n=n, period=period, what=what))
    for m in doc.scan(_JA_SINCE_FIRED):
        y = m.group("y")
        if m.group("rel") and not y:
            if ref is None:
                continue
            y = str(ref.year - 1)
        since = _since_cjk(y, m.group("m"), m.group("d"), ref)
        if since is not None:
            # the words between tell what was fired then, not a class the claim counts; the
            # sentence's topic does ("北朝鮮の衛星打ち上げは、…失敗して以来")
            s0, _ = doc.sentence_at(m.start())
            out.append(RoundClaim(m.group(0), m.span(), since=since, what=_topic_class(t, s0, m.start())))
    for m in doc.scan(_JA_SINCE_THAT):
        si = doc.sentence_index(m.start())
        s0, _ = doc.sentence_at(m.start())
        # the launch before, told of in this sentence ("…にも…発射していて、発射は3日ぶり") or
        # the one before ("…を発射し、…。…の発射はそれ以来で")
        days = [
            d for d in _JA_DAY_FIRED.finditer(t, s0, m.start()) if "にも" in d.group(0) or not m.group("gap")
        ]
        if not days and si > 0 and not m.group("gap"):
            days = list(_JA_DAY_FIRED.finditer(t, *doc.sentences[si - 1]))
        if not days:
            continue
        d = days[-1]
        y = d.group("y") or (str(ref.year - 1) if d.group("lastyear") and ref is not None else None)
        since = _since_cjk(y, d.group("m"), d.group("d"), ref, last_month=bool(d.group("rel")))
        if since is not None and ref is not None and since < ref.isoformat():
            out.append(RoundClaim(m.group(0), m.span(), since=since, what=_topic_class(t, s0, m.start())))
    for m in doc.scan(_JA_SINCE):
        since = _since_cjk(m.group("y"), m.group("m"), m.group("d"), ref)
        if since is None:
            continue
        s, _ = doc.sentence_at(m.start())
        cond_text = t[s : m.start()]
        cond = cond_text if re.search(r"上空|通過|日本の", cond_text) else ""
        out.append(RoundClaim(m.group(0), m.span(), since=since, what=_class_of(cond_text), condition=cond))
    if ctx is not None:
        out = [
            c
            for c in out
            if not ctx.at(c.span[0]).hypothetical and ctx.at(c.span[0]).reason != "another actor or event"
        ]
    # one claim said twice (headline and body) is one; the headline's only if the body has none
    body = [c for c in out if not doc.in_header(c.span[0])]
    head = [c for c in out if doc.in_header(c.span[0])]
    keep: list[RoundClaim] = []
    for c in sorted(body, key=lambda c: c.span[0]) + ([] if body else head):
        if not _possible(c):
            continue
        if not any(
            k.n == c.n and k.period == c.period and k.since == c.since and k.what == c.what for k in keep
        ):
            keep.append(c)
    return keep


#: Claims a report can make: an ordinal up to 1,000, a period up to ten years, a date of a
#: real calendar from 1900 on ("the 10^30th launch", "in 99999 days", "since Nov. 99" are
#: the text's mistakes, not claims to check).
_MAX_ORDINAL = 1000
_MAX_PERIOD_DAYS = 3660


def _possible(c: RoundClaim) -> bool:
    if c.n is not None and not 1 <= c.n <= _MAX_ORDINAL:
        return False
    if c.period and c.period.startswith("P"):
        k = int(re.sub(r"\D", "", c.period) or 0)
        if not 1 <= k * {"D": 1, "W": 7, "M": 31}.get(c.period[-1], 1) <= _MAX_PERIOD_DAYS:
            return False
    if c.since is not None:
        parts = c.since.split("-")
        try:
            nums = [int(x) for x in parts]
            if not 1900 <= nums[0] <= 2200:
                return False
            date(nums[0], nums[1] if len(nums) > 1 else 1, nums[2] if len(nums) > 2 else 1)
        except (ValueError, IndexError):
            return False
    return True


def _since_en(m: re.Match[str], ref: date | None) -> str | None:
    if m.group("rel"):
        if ref is None:
            return None
        return (
            str(ref.year - 1)
            if m.group("rel").lower() == "year"
            else f"{(ref.replace(day=1) - timedelta(days=1)):%Y-%m}"
        )
    if m.group("mon") or m.group("mon4"):
        mon, d = month_number(m.group("mon") or m.group("mon4")), int(m.group("d") or m.group("d4"))
        y = int(m.group("y") or m.group("y4")) if (m.group("y") or m.group("y4")) else None
        if y is None:
            if ref is None:
                return None
            y = ref.year if (mon, d) <= (ref.month, ref.day) else ref.year - 1
        return f"{y:04d}-{mon:02d}-{d:02d}"
    if m.group("mon2"):
        mon = month_number(m.group("mon2"))
        y = int(m.group("y2")) if m.group("y2") else None
        if y is None:
            if ref is None:
                return None
            y = ref.year if mon < ref.month else ref.year - 1
        return f"{y:04d}-{mon:02d}"
    if m.group("y3"):
        return m.group("y3")
    if m.group("wd"):
        # "the first launch since Sunday": the last such weekday before this launch's day
        if ref is None:
            return None
        wd = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday").index(
            m.group("wd").lower()
        )
        back = (ref.weekday() - wd) % 7 or 7
        return f"{ref - timedelta(days=back):%Y-%m-%d}"
    return None


def _since_cjk(
    y: str | None, mo: str | None, d: str | None, ref: date | None, last_month: bool = False
) -> str | None:
    if not (y or mo or d):
        return None
    if ref is None and not y:
        return None
    if last_month and ref is not None:
        prev = ref.replace(day=1) - timedelta(days=1)
        return f"{prev.year:04d}-{prev.month:02d}-{int(d):02d}"
    year = int(y) if y else None
    if mo is None:
        if d is not None:
            if y or ref is None:
                return None
            # "지난 17일 이후": the latest 17th before the launch's day
            prev = ref.replace(day=1) - timedelta(days=1)
            cand = _safe_date(ref.year, ref.month, int(d)) if int(d) < ref.day else None
            cand = cand or _safe_date(prev.year, prev.month, int(d))
            return None if cand is None else cand.isoformat()
        return f"{year:04d}" if year else None
    mon = int(mo)
    if year is None:
        year = ref.year if (mon, int(d or 1)) <= (ref.month, ref.day) else ref.year - 1
    return f"{year:04d}-{mon:02d}" + (f"-{int(d):02d}" if d else "")


# -- the register's view ------------------------------------------------------------------------
