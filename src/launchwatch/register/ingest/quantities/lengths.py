"""Distances and apogees in every wire form: intervals, qualifiers, miles and nautical
miles, conversions in parentheses, offsets that are not flights (see
:mod:`launchwatch.register.ingest.quantities`)."""

from __future__ import annotations

import re

from ...units import length_unit
from ..attribution import Context, Sources
from ..document import Document
from ..lexicon import NUMBER, parse_number
from .model import Figure, _bounds, _qual

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
    r"(?P<k2>\s*(?:가량|정도|이상|이하|남짓|[를을]\s?넘(?:는|은|을|어|었|겼)|程度|以上|超|余り|前後|"
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
    r"into space|altitude|(?:의\s*)?높이|の?高さ)",
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
    # "1,587㎞ 거리의 … 궤도를 따라 비행", "600㎞ 거리를 날아": a distance named so
    r"^\s*거리(?:의|를)|^\s*사거리\s?계선|"
    r"^[^,、，]{0,12}?(?:비행|날아|날았|비상|표적|목표물|명중|飛翔|飛行|飛しょう|飛んで|飛び|目標|標的|命中|"
    # "1,000㎞ 떨어진 수역의 목표를 정확히 타격": a target that far away
    r"떨어진\s?(?:수역|해역|해상)?의?\s?목표)"
)
_CORRECTED_TO = re.compile(r"\s*(?:に|へ|로|으로)\s*(?:訂正|修正|정정|수정|변경|変更)")
_RANGE_LINE = re.compile(r"\s*사거리\s?계선")
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

# "高度151キロ付近で爆発", "고도 약 20㎞에서 소실": the altitude where the flight ended
_CJK_FAILED_AT = re.compile(
    r"\s*(?:付近|地点|부근|지점|상공)?\s*(?:で|에서)\s*(?:爆発|分解|消失|破損|폭발|소실|사라|분해|파괴)"
)


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
        if kind is None and prev_fig is not None and _CORRECTED_TO.match(t, end):
            # "最高高度を約50kmとお伝えしましたが、約70kmに訂正します", "당초 약 300km로 공지했으나
            # 약 360km로 정정함": the corrected figure is of the kind it corrects
            s0, _ = doc.sentence_at(m.start("n1"))
            if prev_fig[0] >= s0:
                kind = prev_fig[1]
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
        if kind == "apogee" and (_FAILED_AT.search(before) or _CJK_FAILED_AT.match(t, end)):
            continue  # the altitude at which it failed, not an apogee
        v = ctx.at(m.start("n1"))
        # KCNA's "1,000㎞ 사거리 계선의 목표 수역에 … 탄착": the range line the flight reached
        range_line = kind == "distance" and _RANGE_LINE.match(t, end) is not None
        if ctx.hypothetical(start, end) and not range_line:
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
