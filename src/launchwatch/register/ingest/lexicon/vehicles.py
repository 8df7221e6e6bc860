"""Missile classes, hedges and the names of missile families.

Data only (tables and compiled patterns), part of :mod:`launchwatch.register.ingest.lexicon`."""

from __future__ import annotations

import re

#: (pattern, class) for this launch's kind; a hedge word before it lowers the confidence.
CLASSES: tuple[tuple[str, str], ...] = (
    (
        r"short[- ]range (?:ballistic )?(?:missile|rocket)s?|(?<![A-Za-z])SRBMs?(?![A-Za-z])|"
        r"단거리\s?탄도\s?미사일|"
        r"단거리탄도미사일|"
        r"短距離弾道ミサイル",
        "SRBM",
    ),
    (r"close[- ]range ballistic missiles?|(?<![A-Za-z])CRBMs?(?![A-Za-z])|근거리\s?탄도\s?미사일", "CRBM"),
    (
        r"medium[- ]range (?:(?:Rodong|Nodong|new|new-type) )?ballistic missiles?|"
        r"(?<![A-Za-z])MRBMs?(?![A-Za-z])|medium[- ]range (?:Rodong|Nodong)s?\b|"
        r"준중거리\s?탄도\s?미사일|"
        r"準中距離弾道ミサイル",
        "MRBM",
    ),
    (
        r"intermediate[- ]range (?:strategic |new |[A-Z][\w-]+ ){0,2}(?:ballistic )?(?:missile|rocket)s?|"
        # "believed to be an intermediate-range Hwasong-12": the class before the name alone
        r"intermediate[- ]range(?= (?:Hwasong-1[02]|Musudan)\b)|"
        # KCNA's term for the class ("medium long-range strategic ballistic rocket", 중장거리)
        r"medium[- ]long[- ]range (?:strategic )?(?:ballistic )?(?:missile|rocket)s?|"
        r"(?<![A-Za-z])IRBMs?(?![A-Za-z])|"
        r"중장거리\s?(?:전략\s?)?탄도\s?(?:미사일|로케트|로켓)|중거리\s?탄도\s?미사일|중거리급|中距離弾道ミサイル|中距離級",
        "IRBM",
    ),
    (
        r"intercontinental ballistic (?:missile|rocket)s?|(?<![A-Za-z])ICBMs?(?![A-Za-z])|ICBM-class|"
        r"long-range ballistic missiles?|"
        r"대륙간\s?탄도\s?(?:미사일|로케트|로켓)|장거리\s?탄도\s?미사일|ICBM급|大陸間弾道ミサイル|ICBM級|長距離弾道ミサイル",
        "ICBM",
    ),
    (
        r"submarine[- ]launched (?:(?:strategic|new|new-type|underwater|tactical) ){0,2}ballistic missiles?|"
        r"(?<![A-Za-z])SLBMs?(?![A-Za-z])|"
        r"잠수함\s?발사\s?탄도\s?미사일|"
        r"潜水艦発射弾道ミサイル",
        "SLBM",
    ),
    (
        r"hypersonic (?:glide vehicle|(?:ballistic )?missile|warhead|gliding warhead|weapon)s?|"
        r"(?<![A-Za-z])HGVs?(?![A-Za-z])|"
        r"극초음속|極超音速",
        "HGV",
    ),
    (
        r"(?:military |spy |reconnaissance |earth observation )?satellite(?! images?|"
        r" launch(?:ing)? (?:ground|station|site|facility|center|centre))(?: launch vehicle)?|"
        r"space launch vehicles?|satellite launch vehicles?|satellite carrier rocket|carrier rocket|"
        r"(?<![A-Za-z])SLVs?(?![A-Za-z])|"
        r"우주\s?발사체|위성\s?운반\s?로켓|위성운반로켓|정찰\s?위성|군사\s?정찰\s?위성|인공\s?위성|"
        # KCNA's Korean: the carrier rocket (운반로케트) and the satellite's kind (지구관측위성)
        r"운반\s?로케트|운반\s?로켓|(?:지구\s?)?관측\s?위성|실용\s?위성|"
        r"「衛星」と称する|衛星と称する|人工衛星|偵察衛星|宇宙発射体|衛星",
        "SLV",
    ),
    (r"(?:long-range |strategic )?cruise missiles?|순항\s?미사일|巡航ミサイル", "CRUISE"),
)
#: Words before a class that make it an assessment, not a statement (lower confidence).
HEDGE_RE = re.compile(
    r"\b(?:suspected|possibly|possible|presumed|apparent(?:ly)?|believed to be|appeared to be|"
    r"may have been|might have been|what appeared to be|assessed to be|a type of|"
    r"what (?:it|they) called|unidentified)\b|추정|으로 보이는|가능성|とみられる|可能性|"
    r"と推定",
    re.IGNORECASE,
)

#: (pattern, canonical form: a format string over the pattern's groups).
NAMES: tuple[tuple[str, str], ...] = (
    (r"\bHwasong(?:-?pho)?[- ]?(\d{1,2})([A-Za-z]?)\b(?!-\d)", "Hwasong-{0}{1}"),
    (r"\bKN-?(\d{2})\b", "KN-{0}"),
    (r"\bPuk(?:g|k)uksong-?(\d)\b|\bPolaris-?(\d)\b", "Pukguksong-{0}"),
    (r"\bChollima-?(\d)\b", "Chollima-{0}"),
    (r"\bUnha-?(\d)\b", "Unha-{0}"),
    (r"\bTaepodong-?(\d)\b", "Taepodong-{0}"),
    (r"\bHwasal-?(\d)\b", "Hwasal-{0}"),
    (r"\bMusudan\b(?!-ri|-ni)", "Musudan"),
    (r"\b(?:Nodong|Rodong)(?:-(\d))?\b(?! Sinmun)", "Nodong"),
    (r"\bScud(?:-([BCD]|ER))?\b", "Scud"),
    # KCNA: 《화성포-17》형; a variant's letter in hangul ("화성포-16나형": 16B)
    (r"화성포?-?(\d{1,2})([가나다라마바]?)[》」』\"']?(?:형|호)", "Hwasong-{0}{1}"),
    (r"북극성-?(\d)형?", "Pukguksong-{0}"),
    # KCNA's unnumbered 북극성 / 北極星 (2015-2016) is the first of the family
    (r"(?:북극성|北極星)(?![\s-]?\d)", "Pukguksong-1"),
    (r"천리마-?(\d)형?", "Chollima-{0}"),
    (r"은하-?(\d)호?|은하\s(\d)호", "Unha-{0}"),
    (r"대포동\s?-?(\d)호", "Taepodong-{0}"),
    # the Nodong by its family ("노동 계열 중거리탄도미사일"), not labour (노동당, 노동신문)
    (r"노동(?=\s?(?:계열|미사일|1호))", "Nodong"),
    (r"무수단(?!리)", "Musudan"),
    # the variant's hangul letter in katakana ("火星11マ" is 화성-11마: 11E; "火星16ナ" 16B)
    (r"火星-?(\d{1,2})([カガナダラマバ](?![ァ-ヿ]))?型?", "Hwasong-{0}{1}"),
    (r"北極星-?(\d)型?", "Pukguksong-{0}"),
    (r"千里馬-?(\d)型?", "Chollima-{0}"),
    (r"銀河-?(\d)号", "Unha-{0}"),
    (r"ムスダン(?!リ)", "Musudan"),
    (r"ノドン", "Nodong"),
    (r"テポドン\s?-?(\d)号", "Taepodong-{0}"),
)
#: The class of a family whose Korean class word is ambiguous: 중거리 (medium range) covered
#: the MRBM and the IRBM alike before 준중거리 came into use (the Nodong, the Pukguksong-2).
MRBM_FAMILIES = frozenset({"Nodong", "Pukguksong-2", "Scud-ER", "KN-15"})
#: Korean "medium range" without 준 (MRBM) or 중장 (KCNA's IRBM): the family named decides.
KO_MEDIUM_RANGE = re.compile(r"(?<![준장])중거리")


def canonical_name(template: str, groups: tuple[str | None, ...]) -> str:
    """The canonical missile name from a :data:`NAMES` template and its groups."""
    vals = [g for g in groups if g is not None] + ["", ""]
    out = template.format(*vals)
    if out.startswith("Hwasong-") and out[-1] in "가나다라마바":
        out = out[:-1] + "ABCDEF"["가나다라마바".index(out[-1])]
    if out.startswith("Hwasong-") and out[-1] in "カガナダラマバ":
        out = out[:-1] + "AABCDEF"["カガナダラマバ".index(out[-1])]
    if out.startswith("Hwasong-") and out[-1:].islower():
        out = out[:-1] + out[-1].upper()
    if out == "Scud" and groups and groups[0]:
        out = f"Scud-{groups[0]}"
    if out == "Nodong" and groups and groups[0]:
        out = f"Nodong-{groups[0]}"
    return out.rstrip("-")
