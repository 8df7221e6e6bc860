"""What was launched and how it went, by what the text says of this launch.

**Class** (``SRBM`` .. ``ICBM``, ``SLBM``, ``HGV``, ``SLV``, ``CRUISE``) from the words of a
clause about this launch (``short-range ballistic missile``, ``ICBM-class``,
``long-range ballistic missile``, ``단거리탄도미사일``, ``ICBM級``, ``「衛星」と称するもの``);
a hedge (``suspected``, ``may have been``, ``추정``, ``とみられる``) lowers the confidence.
ICBMs at an exhibition, a comparison's missile or last month's test are not this
launch's.  **Name** (``Hwasong-14``, ``KN-23``, ``화성-15형``, ``火星18``, ``천리마-1형``) likewise,
in its canonical romanisation.

**Outcome**: *failure* when this launch ``exploded``, ``failed``, ``blew up``, ``flew
abnormally``, ``lost thrust``, ``crashed`` seconds after liftoff or on land, or, for a
satellite launch, crashed into the sea (``실패``, ``공중폭발``, ``추락`` of a satellite,
``失敗``, ``爆発``); *success* when the text says so (``successfully``, ``a success``,
``placed ... into orbit``, ``성공``, ``궤도에 진입``, ``成功``) — a claim, attributed to
whoever makes it.  A missile that ``crashed into Japanese waters`` landed as it should:
that is no failure.  A clause that wonders (``whether it entered orbit``, ``여부``,
``かどうか``) decides nothing, and past attempts are not this launch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution import Context, Sources
from .document import Document
from .lexicon import CLASSES, HEDGE_RE, KO_MEDIUM_RANGE, MRBM_FAMILIES, NAMES, canonical_name

__all__ = ["KindFact", "read_classes", "read_names", "read_outcomes"]


@dataclass
class KindFact:
    """A class, a name or an outcome said of this launch, with its text, span, source,
    confidence, note and whether it stands in the headline."""

    field: str
    value: str
    text: str
    span: tuple[int, int]
    source: str | None
    confidence: float
    note: str = ""
    headline: bool = False


_CLASS_RE = re.compile("|".join(f"(?P<c{i}>{p})" for i, (p, _) in enumerate(CLASSES)), re.IGNORECASE)
_NAME_RE = re.compile("|".join(f"(?P<n{i}>{p})" for i, (p, _) in enumerate(NAMES)))
_NAME_GROUPS = [re.compile(p) for p, _ in NAMES]

_FAIL = re.compile(
    r"\b(?:failed|failure|fails|exploded|explosion|explodes|exploding|explode|blew up|blowing up|blown up|"
    r"blow up|breaking up|break up|"
    r"disintegrated|"
    r"broke up|broken up|fell apart|malfunction\w*|abnormal(?:ly)?|lost thrust|lost its thrust|fizzled|"
    r"went wrong|did not (?:reach|enter|make it to) orbit|irregular flight|"
    # a negated orbit ("no satellite reached orbit", "No object entered orbit")
    r"(?:no|none of the)\s+(?:\S+\s+){0,2}?(?:satellites?|objects?|payloads?|stages?)\s+(?:\S+\s+){0,2}?"
    r"(?:reached|entered|went into|achieved)\s+(?:its\s+|the\s+)?orbit)\b|"
    r"실패|공중\s?폭발|폭발|비정상|추진력을\s?상실|失敗|爆発|異常|"
    # success denied ("궤도 진입은 성공하지 못했다", "軌道進入に成功しなかった")
    r"성공하지\s?못|성공하지\s?않|成功しなかった|成功せず|成功しませんでした",
    re.IGNORECASE,
)
_CRASH = re.compile(r"\bcrash(?:ed|es|ing)?\b|추락|墜落", re.IGNORECASE)
_CRASH_FAIL_AFTER = re.compile(
    r"^[^.]{0,25}?\b(?:(?:seconds|minutes|moments|shortly|soon|just) after|after (?:lift-?off|launch|"
    r"take-?off)|"
    r"on land|inland|in a (?:field|residential|city)|near (?:the )?(?:city|capital|Pyongyang)|"
    r"into a (?:field|"
    r"hillside|residential))",
    re.IGNORECASE,
)
_SUCCESS = re.compile(
    r"\b(?:successful(?:ly)?|success|succeeded|placed (?:\S+ ){0,4}?(?:in|into) orbit|"
    r"put (?:\S+ ){0,4}?into orbit|"
    r"entered (?:its |the )?orbit|reached orbit|"
    r"achieved? orbit)\b|성공|궤도에\s?(?:정확히\s?)?진입시켰|"
    r"궤도\s?진입에\s?성공|成功|軌道に(?:正確に)?投入|"
    # "物体が軌道に達したとみられる", "衛星は軌道に進入したと推定": an orbit reached
    r"軌道に(?:正確に)?(?:進入|到達|達し|乗っ|乗せ)|궤도에\s?(?:진입|도달|올랐|올려)",
    re.IGNORECASE,
)
_WONDER = re.compile(
    r"\b(?:whether|if it|not (?:yet )?(?:confirmed|clear|known)|unclear|unknown|assessing|analy[sz]ing|"
    r"plans? to|aim(?:ed|s)? to|dismissed|deception|"
    r"denied)\b|여부|분석\s?중|확인되지|확인되지\s?않|かどうか|分析中|確認されていません|確認されていない",
    re.IGNORECASE,
)
#: An attempt says nothing of success ("an attempt to put a satellite into orbit"), but an
#: attempt that failed is a failure ("the attempt ... failed")
_ATTEMPT = re.compile(r"\b(?:attempt(?:ed|s)? to|try(?:ing)? to|tried to|bid to)\b", re.IGNORECASE)
_NEGATED_EN = re.compile(r"\b(?:no|No)\s+$")
_SLV_WORDS = re.compile(r"satellite|rocket|space|위성|발사체|로켓|衛星|ロケット", re.IGNORECASE)


# a satellite's orbit or insertion not confirmed: the clause says no satellite is known to be up
_ORBIT_UNCONFIRMED = re.compile(
    r"(?:投入|軌道)[^。]{0,12}?確認されて(?:い)?(?:ません|ない)|(?:궤도|진입)[^.]{0,12}?확인되지"
)
_GLOSS_OPEN = re.compile(r"\s*[(（]\s*")
_GLOSS_CLOSE = re.compile(r"\s*[)）]")


def read_classes(doc: Document, ctx: Context, sources: Sources) -> list[KindFact]:
    """Classes said of this launch, in text order (see the module's text)."""
    out: list[KindFact] = []
    found = list(doc.scan(_CLASS_RE))
    medium_is_mrbm = None
    for j, m in enumerate(found):
        i = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        nxt = found[j + 1] if j + 1 < len(found) else None
        if (
            nxt is not None
            and _GLOSS_OPEN.fullmatch(doc.text, m.end(), nxt.start())
            and _GLOSS_CLOSE.match(doc.text, nxt.end())
        ):
            # a term glossed by its acronym ("中距離弾道ミサイル（MRBM）"): the gloss says
            # which class the writer means, whatever the term alone would be
            continue
        v = ctx.at(m.start())
        if not v.ok and v.reason != "headline":
            continue
        ss, se = doc.sentence_at(m.start())
        if m.group(0) == "長距離弾道ミサイル" and "衛星" in doc.text[ss:se]:
            continue  # "「人工衛星」と称する長距離弾道ミサイル": the satellite rocket, not an ICBM
        if CLASSES[i][1] == "SLV":
            cs, ce = ctx.clause(m.start())
            if doc.search(_ORBIT_UNCONFIRMED, cs, ce) is not None:
                continue  # "宇宙空間への衛星の投入は確認されていません": no satellite said to be launched
        if _NEGATED_EN.search(doc.text, max(0, m.start() - 8), m.start()):
            continue  # "no satellite reached orbit" says what did not happen
        hedge = doc.search(HEDGE_RE, max(0, m.start() - 35), min(len(doc.text), m.end() + 12)) is not None
        src = sources.at(m.start())
        cls = CLASSES[i][1]
        if cls == "IRBM" and KO_MEDIUM_RANGE.match(m.group(0)):
            # Korean 중거리 of an MRBM family this launch is named as ("노동 계열 중거리탄도미사일")
            if medium_is_mrbm is None:
                medium_is_mrbm = any(n.value in MRBM_FAMILIES for n in read_names(doc, ctx, sources))
            cls = "MRBM" if medium_is_mrbm else cls
        out.append(
            KindFact(
                "missile_class",
                cls,
                m.group(0),
                m.span(),
                None if src is None else src.name,
                0.6 if hedge else 0.9,
                "hedged" if hedge else "",
                headline=not v.ok,
            )
        )
    return out


def read_names(doc: Document, ctx: Context, sources: Sources) -> list[KindFact]:
    """Missile (or rocket) names said of this launch (see the module's text)."""
    out: list[KindFact] = []
    for m in doc.scan(_NAME_RE):
        i = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
        v = ctx.at(m.start())
        if not v.ok and v.reason != "headline":
            continue
        sub = _NAME_GROUPS[i].match(m.group(0))
        groups = sub.groups() if sub is not None else ()
        name = canonical_name(NAMES[i][1], groups)
        src = sources.at(m.start())
        out.append(
            KindFact(
                "missile_name",
                name,
                m.group(0),
                m.span(),
                None if src is None else src.name,
                0.85,
                headline=not v.ok,
            )
        )
    return out


def read_outcomes(doc: Document, ctx: Context, sources: Sources, slv: bool) -> list[KindFact]:
    """Outcomes said of this launch (``slv``: it was a satellite launch), in text order."""
    t = doc.text
    out: list[KindFact] = []
    hits = (
        [(m, "failure") for m in doc.scan(_FAIL)]
        + [(m, "crash") for m in doc.scan(_CRASH)]
        + [(m, "success") for m in doc.scan(_SUCCESS)]
    )
    hits.sort(key=lambda x: x[0].start())
    for m, kind in hits:
        v = ctx.at(m.start())
        if not v.ok and v.reason != "headline":
            continue
        cs, ce = ctx.clause(m.start())
        if doc.search(_WONDER, cs, ce):
            continue
        if kind == "crash":
            after = t[m.end() : min(ce, m.end() + 60)]
            sentence_slv = slv or doc.search(_SLV_WORDS, cs, ce) is not None
            if not (_CRASH_FAIL_AFTER.match(after) or sentence_slv):
                continue  # "crashed into Japanese waters": it landed
            kind = "failure"
        if kind == "success" and (doc.search(_FAIL, cs, ce) or doc.search(_ATTEMPT, cs, ce)):
            continue
        src = sources.at(m.start())
        out.append(
            KindFact(
                "outcome",
                kind,
                m.group(0),
                m.span(),
                None if src is None else src.name,
                0.8 if kind == "failure" else 0.6,
                "as claimed" if kind == "success" else "",
                headline=not v.ok,
            )
        )
    return out
