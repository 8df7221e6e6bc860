"""Whether a clause is about this launch: past events, other days, other actors,
comparisons, corrections, launches that may come and hypotheticals (see
:mod:`launchwatch.register.ingest.attribution`)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from ..document import Document

# -- context ------------------------------------------------------------------------------
# the start of a clause that tells of another event
_SUB_EN = re.compile(
    r";|\s-{1,2}\s|,\s+(?:adding|saying|noting|explaining)\b|,\s+(?:the|its|in what)\s+(?!\w+\s+said\b)|"
    r",\s+(?:just |only |some |about |barely |less than |more than )?(?:hours?|days?|weeks?|"
    r"months?|years?|a day|a week|a month|a year|two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r"(?:\s+(?:days|weeks|months|years|hours))?\s+(?:after|before|since)\b|"
    r"(?<!\bin the )\b(?:hours|days|weeks|months|years|a day|a week|a month|a year)\s+(?:after|before|since|"
    r"earlier|ago)\b|"
    r",\s+(?:when|where|which|while|whereas|amid|during|ahead of|as|with)\b|"
    # a relative clause of what was done with the vehicle before ("possibly the Hwasong-20 that
    # the North displayed at a parade in October 2025"): its own clause, never the launch's
    r"(?<!\bsaid)(?<!\bsays)(?<!\bclaimed)(?<!\breported)(?<!\bannounced)(?<!\badded)(?<!\bstated)"
    r"(?<!\bconfirmed)\s(?:that|which)\s+(?=(?:the North|North Korea|Pyongyang|it|they)\s+(?:had\s+|has\s+)?"
    r"(?:first\s+)?(?:displayed|unveiled|showed|showcased|paraded|revealed|rolled out|exhibited)\b)|"
    # "..., South Korea's military said, on the first day of the allies' annual exercise"
    r",\s+(?:on|at)\s+the\s+(?:first|second|third|last|final|opening|closing)\s+day\s+of\b|"
    r",\s+on\s+the\s+eve\s+of\b|"
    # "... flew some 3,700 km, a distance that would put Guam within reach": the capability
    r",\s+(?:a|an)\s+(?:distance|range|altitude)\s+(?:that|which)\b|\s(?:amid|ahead of|in response to|"
    r"exceed(?:ed|s|ing)?|surpass(?:ed|es|ing)?|"
    r"in protest (?:of|against)|compared (?:with|to)|(?<!more )(?<!less )(?<!fewer )(?<!rather )than|"
    r"similar to|like the)\b|"
    r",\s+(?:after|following|before)\s+(?!(?:it|they|the missiles?|the rocket)\s+(?:was|were|had been)\s+"
    r"(?:launched|fired)|(?:landing|falling|flying|splashing|reaching|lifting|crashing|being|traveling|"
    r"travelling|covering|soaring|hitting|striking|disappearing|exploding|breaking)\b)",
    re.IGNORECASE,
)
_PAST_EN = re.compile(
    r"\blast (?:week|month|year|time|night's|spring|summer|autumn|fall|winter|fired|launched|tested|"
    r"conducted|flew|test|launch)\b|\bearlier (?:this|in the) (?:week|month|year)\b|"
    r"\bprevious(?:ly)?\b|\bprior\b|\bago\b|\bhad (?:fired|launched|tested|conducted|flown|carried)\b|"
    r"^\s*(?:That|Those|The earlier|The previous) (?:launch|test|missile|rocket|flight)s?\b|"
    r"\bin (?:its|the) (?:first|previous|last|earlier) (?:\w+ )?(?:test|launch)\b|"
    # "Satellite imagery of the shipyard in the weeks before the test showed ...": a time before
    r"\bin the (?:hours|days|weeks|months) (?:before|leading up to|ahead of)\b|"
    # "Pyongyang first tested what it called a hypersonic missile, the Hwasong-8, in September"
    r"\bfirst (?:tested|flight-tested|unveiled|displayed|revealed)\b",
    re.IGNORECASE | re.MULTILINE,
)
# reported speech in the past perfect ("Japan's ministry said the missiles had flown about 300
# km"): the tense of the report's verb shifted back, not an earlier flight
_BACKSHIFT_EN = re.compile(
    r"\b(?:said|says|told|reported|announced|added|confirmed|estimated|assessed)\s+(?:\w+\s+)?(?:that\s+)?"
    r"(?:(?:the|both|all|each|its)\s+)?(?:[\w-]+\s+){0,2}?(?:missiles?|rockets?|projectiles?|vehicles?|it|they)"
    r"\s+$",
    re.IGNORECASE,
)


def _past_en(doc: Document, a: int, b: int) -> bool:
    """Whether ``text[a:b]`` tells of a past event (:data:`_PAST_EN`), but for a report's
    backshifted "had flown" of the vehicle just launched."""
    for m in doc.scan(_PAST_EN, a, b):
        if re.match(r"had (?:flown|carried)\b", m.group(0), re.IGNORECASE) and _BACKSHIFT_EN.search(
            doc.text[max(a, m.start() - 80) : m.start()]
        ):
            continue
        return True
    return False


# a sentence about the past event just named ("That launch, of a Hwasong-12, covered about
# 3,700 km.", "That missile flew 933 km."): its opening words refer back, wherever it starts
_THAT_EVENT = re.compile(
    r"[\s\"']*(?:(?:That|Those|The earlier|The previous|Its (?:previous|earlier)|"
    r"The (?:\d{4}|[A-Z][a-z]+ \d{4}) )\s*(?:\w+\s+)?"
    r"(?:launch|test|missile|rocket|flight|firing|test-fire|one|round|satellite)s?|"
    r"(?:The|Its) last (?:\w+\s+)?(?:launch|test|firing|round)s?|"
    # "... first launch since January 14. On that day, the North fired ...": the day just named
    r"On that (?:day|date|occasion)|That day)\b"
)
# "It followed a drill of the ICBM on February 18, in which ...", "This launch follows the
# North's launch of ... this morning": what the launch follows is another event
_FOLLOWS_EN = re.compile(
    r"[\s\"']*(?:It|(?:This|The|Today's|[A-Z]\w+day's)\s+(?:\w+\s+)?(?:launch|test|firing)(?:es|s)?)"
    r"\s+(?:also\s+)?(?P<v>follow(?:s|ed)|c(?:a|o)me(?:s)?\s+(?:just\s+)?after)\b"
    r"(?!\s+by\b)"
)
# a correction: what a source said first, then revised ("The JCS initially said they were
# ballistic missiles but later said ...", "had first put the distance at 300 km but revised
# it to ...", "당초 1발이라고 공지했다가 ... 정정", "当初 ... としていたが ... 訂正"): the words
# before the turn are superseded, the rest stands
_CORR_FIRST = re.compile(
    r"\b(?:initially|originally|at first|first|earlier)\b|당초|애초|처음에는|当初|第\d報|先に", re.IGNORECASE
)
_CORR_TURN = re.compile(
    r",?\s+(?:but|before|and then)\s+(?:(?!but\b)\w+\s+){0,3}?(?:later|subsequently|then|revis\w*|"
    r"correct\w*|chang\w*|updat\w*|lower\w*|rais\w*)\b|"
    r"(?:했다가|였다가|했으나|였으나|했지만)(?=[^.]{0,80}?(?:정정|수정|번복))|"
    r"(?:ていたが|としたが|したが|ましたが)(?=[^。]{0,80}?(?:訂正|修正|確認されていません))",
    re.IGNORECASE,
)
_CORR_SAID = re.compile(
    r"\b(?:said|says|described|put|estimated|reported|announced|called|identified|told|stated|"
    r"assessed|counted)\b|공지|발표|밝혔|発表|お伝え|としていた",
    re.IGNORECASE,
)
# a launch that may come, not one that happened ("may be preparing to launch an ICBM",
# "plans to fire", "is expected to test"): a clause of one and no launch done
_FUTURE_LAUNCH = re.compile(
    r"\b(?:may|might|could|would|will|is expected to|are expected to|plans? to|planning to|preparing to|"
    r"prepares? to|set to|threaten(?:ed|s)? to|vow(?:ed|s)? to|is likely to|are likely to|is ready to)\s+"
    r"(?:\w+\s+){0,2}?(?:launch|fire|test|conduct)\b",
    re.IGNORECASE,
)
_LAUNCH_DONE = re.compile(
    r"\b(?:fired|launched|test-fired|test-launched|tested|lifted off|blasted off|flew|detected)\b",
    re.IGNORECASE,
)
_PAST_CJK = re.compile(
    # "과거 최장", "過去最長", "これまでで最も高い": a record this launch sets, not a past event
    r"지난\s?(?:달|해|주|번|\d)|지난달|지난해|작년|이전|과거(?!\s?최)|당시|앞선\s|"
    # "先月29日にも…発射": also on a day before; not "同日午後4時5分ごろにも" (the same day)
    r"昨年|去年|先月|先週|前回|以前|過去(?!最)|これまで(?!で最|最)|(?:(?<!同)(?<!本)(?<!当)(?<!今)日|月|年)にも"
)
_OTHER_ACTOR = re.compile(
    r"\bin response\b|\bresponded\b|\bretaliat\w*|\bair-to-ground\b|\bfighter jets?\b|\bwarplanes?\b|"
    r"\baircraft carriers?\b|\bdisplayed\b|\bexhibition\b|\bparade\b|"
    # another state's own launch ("The Republic of Korea also test-fired a submarine-launched
    # ballistic missile this afternoon", "the ROK conducted a test at around 2:55 p.m.")
    r"\b(?:the Republic of Korea|the ROK|South Korea|Seoul|the United States|the U\.S\.|Japan)"
    r"(?:'s (?:military|navy|army|air force|forces))?\s+(?:also\s+|itself\s+|then\s+)?(?:test-fired|"
    r"test-launched|fired|launched|conducted)\b|"
    r"\bunveiled\b|\bshowcased\b|\binterceptors?\b|\bartillery\b|"
    r"대응\s?사격|맞대응|열병식|전시회|軍事パレード|展示|"
    # the allies' force firing in answer ("韓国軍は対抗措置として…計5発を発射", "우리 군은 …
    # 발사에 대응하여 … 사격"), not the North's launch "in answer to" the allies' drills
    r"(?:韓国軍|米韓|日米|自衛隊|米軍|우리\s?군|한국군|국군|미군|한미\s?(?:양국\s?)?군)(?:は|が|은|는|이|가)、?"
    r"[^。.]{0,40}?(?:対抗措置|対抗して|대응하여|대응해\s|대응\s?차원|대응으로)",
    re.IGNORECASE,
)
# a drill or an exercise: another actor's (the allies' drills the launch came amid) unless
# the clause launches something in it and names no other state: the North calls its own
# launches drills ("missiles launched in the drill travelled ...", "a drill of launching
# strategic cruise missiles", "발사훈련", "発射訓練")
_DRILL = re.compile(r"\bdrills?\b|\bexercises?\b|훈련|演習|訓練", re.IGNORECASE)
_DRILL_LAUNCH = re.compile(
    r"\b(?:launch(?:ed|es|ing)?|fir(?:ed|ing)|test-fir(?:ed|ing)|flew|travell?ed)\b|발사|発射", re.IGNORECASE
)
_ALLIED = re.compile(
    r"\ballie[sd]\b|\bjoint\b|\bcombined\b|\bU\.S\.|\bUS\b|\bAmerican\b|\bSouth Korea|\bS\.\s?Korea|"
    r"\bSeoul\b|\bJapan|\bTokyo\b|한미|연합|우리 군|한국군|미군|국군|日米|米韓|日韓|自衛隊|米軍|韓国軍",
    re.IGNORECASE,
)
# the allies' drills as the reason of the North's launch ("북한은 한미 연합훈련에 반발해 …
# 발사했다", "米韓演習に対抗して発射"): the clause is still this launch's
_DRILL_REASON = re.compile(
    r"(?:훈련|연습|演習|訓練)\s?(?:에\s?(?:대한\s?)?(?:대응|반발|맞서|항의)|을\s?빌미|に(?:対抗|反発|抗議)|への(?:対抗|反発|抗議))"
)


def _only_drill_reasons(doc: Document, a: int, b: int) -> bool:
    """Whether every drill named in ``text[a:b]`` is the reason the North gives or is given
    for its launch, in a clause that launches something."""
    drills = list(doc.scan(_DRILL, a, b))
    return (
        bool(drills)
        and doc.search(_DRILL_LAUNCH, a, b) is not None
        and all(_DRILL_REASON.match(doc.text, m.start(), min(b, m.end() + 12)) for m in drills)
    )


_MODAL_EN = re.compile(
    r"\b(?:could|might|would|can|capable|potential(?:ly)?|enough to|designed to|able to|theoretical(?:ly)?|"
    r"if (?:it (?:was|were|had been) )?(?:fired|launched|flown)|on a (?:normal|standard) (?:trajectory|"
    r"angle)|"
    r"(?<!, a )(?<!: a )range of|ranges? up to|within (?:range|reach)|puts?\b[^.]{0,30}\bwithin)\b|"
    r"\bmay\b(?! have been)"
)
_MODAL_CJK = re.compile(
    r"수\s?있|가능성|정상\s?(?:각도|궤도)|사거리|했다면|라면|경우|可能性|であれば|場合|射程|通常の軌道"
)


_NORTH = re.compile(r"\bN\.\s?Korea|\bNorth Korea|\bNK\b|\bNorth\b|\bPyongyang\b|\bKim\b|북한|北朝鮮|北|북")
_OTHER_STATE = re.compile(
    r"\bSeoul\b|South Korea|\bS\.\s?Korea|\bU\.S\.|\bUS\b|\bJapan\b|\bTokyo\b|한국|우리 군|"
    r"한미|미국|日本|韓国|米"
)


# a sentence opening with a subordinate clause ("A week after launching an ICBM, ...",
# "After days of warnings, ...", "Hours before ..., ")
_LEAD_IN = re.compile(
    r"\s*(?:(?:just |only |barely |less than |more than )?(?:a|an|one|two|three|four|five|six|seven|\d+|"
    r"hours|"
    r"days|weeks|months|years)\s+(?:\w+\s+)?(?:after|before|since)|after|before|following|since|while|when|"
    r"as|"
    r"amid|despite|in response to|ahead of|asked)\b",
    re.IGNORECASE,
)


# "North Korea said Monday it test-fired ..., a day after it launched the missile from near
# Kusong": the launch told of again, with the definite missile, in a report of it made later
_SAME_LAUNCH_AFTER = re.compile(
    r"[,\s]*(?:just |only |barely )?(?:a|an|one|two|three|\d+|several|some)?\s*(?:hours?|days?)\s+after\s+"
    r"(?:it|they|the North|North Korea|Pyongyang)\s+(?:had\s+)?(?:launched|fired|test-fired|test-launched)\s+"
    r"(?:the|its|it|them)\b",
    re.IGNORECASE,
)
# a photo caption or an agency's photo credit line: it tells of the picture, often of an
# earlier launch ("In this file photo ...", "This photo, released by ..., shows", "(For Use
# Only in the Republic of Korea. No Redistribution)", "[사진 = 연합뉴스]", "写真は...")
_CAPTION = re.compile(
    r"\A\s*(?:\(?(?:In )?(?:this|a|the)\s+(?:\w+\s+){0,2}?(?:photos?|images?|pictures?|footage|"
    r"screenshot|screen grab)\b|(?:File )?(?:Photo|Image)\s*(?::|by\b|courtesy\b)|"
    r"\(?(?:Yonhap|AP|AFP|Reuters|KCNA)\s+(?:file\s+)?photo\)?)|"
    r"\(For Use Only in the Republic of Korea|No Redistribution\)|"
    r"\A\s*(?:\[사진|\(사진|사진\s*=|写真\s*[:：は＝=])",
    re.IGNORECASE,
)
# an editor's note on the story, not a report of the launch: "(Corrects distance in
# paragraph 2 to 800 km from 600 km)", "(ATTN: ADDS details in paras 3-5)", "This story has
# been corrected to say ...", "※ 2보 내용 보강", "（訂正）": its figures are the story's history
_EDITORS_NOTE = re.compile(
    r"\A\s*(?:\(\s*(?:Corrects|Correcting|Updates|Updating|Adds|Adding|Recasts|Refiles|Changes|Removes|"
    r"Fixes|Clarifies|Rewrites|Writes through|Repeats|Inserts|Deletes|ATTN|Editor'?s note)\b|"
    r"(?:This|The) (?:story|article|report|version) (?:has been|was|is being) (?:corrected|updated|"
    r"changed|amended)\b|Editor'?s note\b|Correction\s*:|※|\[(?:정정|바로잡습니다|수정)\]|[（(]\s*訂正)",
    re.IGNORECASE,
)
# a release's reference item on other launches ("(参考1)本日8時39分頃 …", "(참고) 지난 …"):
# the ministry's notes of the day's other launches or earlier ones, not this launch
_REFERENCE_ITEM = re.compile(r"\A\s*[(（]\s*(?:参考|참고)\s*\d*\s*[)）]")
_REPORT_VERB = re.compile(r"\b(?:said|says|claimed|claims|announced|reported|confirmed)\b", re.IGNORECASE)


# a sentence opening with a subject that refers back to the sentence before
_BACK_REFERENCE = re.compile(
    r"[\s\"']*(?:They|It|Its|Their|These|Those|Both|Each|The (?:two|three|four)|Both of them|One of them|"
    r"The (?:missiles?|projectiles?|rockets?|launch(?:es)?))\s+(?!said\b|says\b)\w+"
)


# a Korean or Japanese sentence that opens on a bare figure of the flight ("고도는 550㎞
# 안팎이었습니다.", "最高高度は約50キロでした。"): it goes on with the event just told of
_BACK_REFERENCE_CJK = re.compile(
    r"[\s\"']*(?:최고\s?|정점\s?|최대\s?)?(?:고도|비행\s?거리|비행\s?시간|속도)(?:는|은)\s|"
    r"[\s「]*(?:最高高度|高度|飛行距離|飛距離|飛行時間|速度)は"
)


# a question (the sentence ends with "?", perhaps inside quotes)
_QUESTION_END = re.compile(r"\?[\"'”’)]*\s*\Z")
# the writer's or an interviewee's own guess ("My guess is this was a Hwasong-18", "I think it
# was an IRBM", "I'd say it flew further"): no agency's statement and no fact of the launch
_SPECULATION_EN = re.compile(
    r"\b(?:my|our) (?:own )?(?:guess|bet|hunch|sense|suspicion|rough estimate|estimate)\b|"
    r"\bI(?:'d| would)? (?:think|guess|suspect|believe|say|bet|imagine)\b|\bI'm (?:guessing|fairly sure)\b",
    re.IGNORECASE,
)


@dataclass
class Verdict:
    """Whether a clause is about this launch: ``ok``; ``reason`` when not (``past event``,
    ``another day``, ``another actor``, ``headline``); ``hypothetical`` for a clause of
    capability or condition (its figures are not this flight's)."""

    ok: bool
    reason: str = ""
    hypothetical: bool = False


@dataclass
class _Segment:
    start: int
    end: int
    verdict: Verdict


@dataclass
class Context:
    """Clause-level verdicts for a report (see the module's text).

    ``other_dates`` holds ``(span, why)`` of dated phrases that are not this launch's day
    (from :mod:`.times`); the rest is found from the words.
    """

    doc: Document
    other_dates: list[tuple[tuple[int, int], str]] = field(default_factory=list)
    story_day: date | None = None
    _cache: dict[int, list[_Segment]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._dates_by_sentence: dict[int, list[tuple[tuple[int, int], str]]] = {}
        for span, why in self.other_dates:
            self._dates_by_sentence.setdefault(self.doc.sentence_index(span[0]), []).append((span, why))
        # English: a report whose launch is itself a drill ("conducted a drill of launching
        # strategic cruise missiles"): its later "the drill" is that launch, not another actor's
        doc = self.doc
        # (in Korean and Japanese, "전략순항미싸일발사훈련을 진행하였다", "発射訓練を実施": the
        # North's own launch drill; its later "훈련은 성공적으로 진행되였으며" is that launch)
        self._own_drill = any(
            re.search(r"\bdrills?\s+of\s+(?:\w+\s+){0,2}?(?:launching|firing)\b|\blaunching\s+drills?\b|"
                      r"\bfiring\s+drills?\b|(?:발사|사격)\s?훈련|発射訓練", doc.text[a:b], re.IGNORECASE)
            and not _ALLIED.search(doc.text, a, b)
            and not doc.in_headline(a)
            for a, b in doc.sentences[:40]
        )

    def _segments(self, si: int) -> list[_Segment]:
        if si in self._cache:
            return self._cache[si]
        doc = self.doc
        s, e = doc.sentences[si] if doc.sentences else (0, len(doc.text))
        cuts = [s]
        lead_in = None  # a sentence opening with a subordinate clause: its main clause comes after the comma
        if doc.lang == "en" or not re.search(r"[\u3040-\u30ff\uac00-\ud7a3]", doc.text[s : min(e, s + 40)]):
            cuts += [m.start() for m in doc.scan(_SUB_EN, s, e)]
            s0 = s
            if s <= doc.body_start < e:  # the dateline's sentence: its own text starts after the dash
                dash = re.search(r"\s-{1,2}\s|\)\s*-{1,2}\s?|=\s", doc.text[s : min(e, s + 90)])
                s0 = s + dash.end() if dash else s
            li = doc.match(_LEAD_IN, s0, e)
            if li is not None:
                comma = doc.text.find(",", s0, min(e, s0 + 160))
                if comma > 0:
                    cuts = [c for c in cuts if not s0 < c <= comma] + ([s0] if s0 > s else []) + [comma]
                    lead_in = comma
        follows = _FOLLOWS_EN.match(doc.text, s, e) if doc.lang == "en" else None
        if follows is not None:
            cuts.append(follows.start("v"))
        superseded = None  # the end of a correction's first version
        turn = doc.search(_CORR_TURN, s, e)
        if turn is not None:
            first = doc.search(_CORR_FIRST, s, turn.start())
            if first is not None and doc.search(_CORR_SAID, first.start(), turn.end()):
                superseded = turn.start() if turn.group(0)[:1] in ", " else turn.end()
                cuts = [c for c in cuts if not s < c < superseded] + [superseded]
        cuts = [*sorted(set(cuts)), e]
        segs: list[_Segment] = []
        dates = self._dates_by_sentence.get(si, [])
        cjk = doc.lang != "en"
        pi = doc.paragraph_index(s)
        ps, pe = doc.paragraphs[pi] if doc.paragraphs else (0, len(doc.text))
        para = doc.text[ps : min(pe, ps + 2000)]
        aside = (
            ""
            if doc.in_headline(s)
            else "a photo caption"
            if _CAPTION.search(para)
            else "an editor's note"
            if _EDITORS_NOTE.search(para)
            else "a reference item"
            if _REFERENCE_ITEM.search(para)
            else ""
        )
        for k, (a, b) in enumerate(itertools.pairwise(cuts)):
            reason = ""
            if aside:
                reason = aside
            elif superseded is not None and b <= superseded:
                reason = "superseded by a correction"
            elif any(a <= sp[0] < b for sp, _ in dates):
                reason = next(w for sp, w in dates if a <= sp[0] < b)
            elif (_past_en(doc, a, b) or (cjk and doc.search(_PAST_CJK, a, b))
                  or (k == 0 and _THAT_EVENT.match(doc.text, a, b))):
                reason = "past event"
            elif follows is not None and a == follows.start("v"):
                reason = "another event"
            elif doc.search(_OTHER_ACTOR, a, b) or (
                doc.search(_DRILL, a, b)
                and (doc.search(_ALLIED, a, b) or not (self._own_drill or doc.search(_DRILL_LAUNCH, a, b)))
                and not (cjk and _only_drill_reasons(doc, a, b))
            ):
                reason = "another actor or event"
            elif not cjk and doc.search(_SPECULATION_EN, a, b):
                reason = "speculation"
            elif doc.search(_FUTURE_LAUNCH, a, b) and not doc.search(_LAUNCH_DONE, a, b):
                reason = "a launch that may come"
            elif (
                k > 0
                and re.match(r"[,\s]*(?:when|where|which)\b", doc.text[a:b])
                and segs
                and not segs[-1].verdict.ok
            ):
                reason = segs[-1].verdict.reason
            elif (
                k > 0
                and segs
                and re.match(r"[,\s]*when\b", doc.text[a:b])
                and re.search(r"\bsince\s+[^,;]{1,30}$", doc.text[segs[-1].start : segs[-1].end])
            ):
                reason = "past event"  # "the first since Oct. 19, when North Korea fired ..."
            elif (
                k > 0
                and re.match(
                    r"[,\s]*(?:\S+\s+){0,4}?(?:hours?|days?|weeks?|months?|years?)\s+"
                    r"(?:after|before|since|earlier|ago)\b",
                    doc.text[a:b],
                    re.IGNORECASE,
                )
                and not (
                    _SAME_LAUNCH_AFTER.match(doc.text, a, b)
                    and any(x.verdict.ok and _REPORT_VERB.search(doc.text, x.start, x.end) for x in segs)
                )
            ):
                reason = "another event"
            elif (
                lead_in is not None
                and b == lead_in
                and re.match(
                    r"\s*(?:\S+\s+){0,4}?(?:after|before|since|following)\b", doc.text[a:b], re.IGNORECASE
                )
            ):
                reason = "another event"
            elif lead_in is not None and b == lead_in and re.match(r"\s*asked\b", doc.text[a:b], re.I):
                # "Asked whether the launch resembled the 2022 missile that flew ..., X said"
                reason = "a question"
            elif k > 0 and re.match(
                r"[,\s]*(?:compared|than|similar|like the)\b", doc.text[a:b], re.IGNORECASE
            ):
                reason = "a comparison"
            hyp = bool(doc.search(_MODAL_EN, a, b) or (cjk and doc.search(_MODAL_CJK, a, b)))
            segs.append(_Segment(a, b, Verdict(not reason, reason, hyp)))
        # a marker in the main clause (the first, or the one after an opening subordinate
        # clause) speaks for the whole sentence but that opening clause
        main = next((k + 1 for k, x in enumerate(segs) if x.end == lead_in), 0) if lead_in is not None else 0
        main = min(main, len(segs) - 1)
        if segs and not segs[main].verdict.ok and segs[main].verdict.reason != "superseded by a correction":
            first = segs[main].verdict
            segs = segs[:main] + [
                _Segment(
                    x.start, x.end, Verdict(False, first.reason, x.verdict.hypothetical or first.hypothetical)
                )
                for x in segs[main:]
            ]
        if (
            si > 0
            and segs
            and segs[0].verdict.ok
            and (_BACK_REFERENCE.match(doc.text, s, e) or (cjk and _BACK_REFERENCE_CJK.match(doc.text, s, e)))
            and doc.paragraph_index(doc.sentences[si - 1][0]) == pi
            and not doc.in_headline(doc.sentences[si - 1][0])
        ):
            # "On March 2, it launched two projectiles ... They flew some 240 km": a sentence
            # whose subject refers back to an event the sentence before told of (its main
            # clause was not about this launch) is about that event too
            before = self._segments(si - 1)
            first = before[0].verdict
            if not first.ok and first.reason not in ("headline", "superseded by a correction"):
                segs = [_Segment(x.start, x.end, Verdict(False, first.reason, x.verdict.hypothetical))
                        for x in segs]
        if not cjk and _QUESTION_END.search(doc.text, s, e) and not doc.in_headline(s):
            # "Was it a success?", "Do you have details on where they landed, and was this an
            # ICBM?": a question states nothing of the launch
            segs = [
                _Segment(x.start, x.end, Verdict(False, "a question", x.verdict.hypothetical)) for x in segs
            ]
        if doc.in_headline(s):
            # a headline speaks of this launch only in a part naming the North and no other actor
            parts = [(m.start(), m.end()) for m in re.finditer(r"[^;:|]+", doc.text[s:e])]
            out = []
            for x in segs:
                reason = x.verdict.reason or "headline"
                for a, b in parts:
                    if a <= x.start - s < b or (x.start - s < a and reason == "headline"):
                        part = doc.text[s + a : s + b]
                        if _OTHER_STATE.search(part) and not _NORTH.search(part):
                            reason = "headline of another actor"
                        break
                out.append(_Segment(x.start, x.end, Verdict(False, reason, x.verdict.hypothetical)))
            segs = out
        self._cache[si] = segs
        return segs

    def at(self, i: int) -> Verdict:
        """The verdict of the clause holding offset ``i``."""
        if not self.doc.sentences:
            return Verdict(True)
        si = self.doc.sentence_index(i)
        for seg in self._segments(si):
            if seg.start <= i < seg.end:
                return seg.verdict
        return self._segments(si)[-1].verdict

    def hypothetical(self, start: int, end: int) -> bool:
        """Whether the figure at ``text[start:end]`` is a capability or a condition: the
        clause's modal words in English; in Korean and Japanese, where one sentence often
        holds a figure flown and a figure of "if on a normal trajectory", only a modal word
        right before or after the figure."""
        if re.search(r"[\u3040-\u30ff\uac00-\ud7a3]", self.doc.text[max(0, start - 12) : end + 6]):
            # the next sentence's "if on a normal angle" is not this one's
            ss, se = self.doc.sentence_at(start)
            return self.doc.search(_MODAL_CJK, max(ss, start - 20), min(se, end + 12)) is not None
        return self.at(start).hypothetical

    def clause(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the clause holding offset ``i``."""
        if not self.doc.sentences:
            return 0, len(self.doc.text)
        si = self.doc.sentence_index(i)
        for seg in self._segments(si):
            if seg.start <= i < seg.end:
                return seg.start, seg.end
        seg = self._segments(si)[-1]
        return seg.start, seg.end
