"""The words launch reports are written in: months, weekdays, numbers, zones, agencies,
missile classes and names, directions, and the cue words that say what a sentence is
about, in English, Korean and Japanese.

Everything here is data (tables and compiled patterns); the readers that use it live
beside it (:mod:`.times`, :mod:`.quantities`, :mod:`.places`, :mod:`.attribution`,
:mod:`.kinds`).  Patterns run on the report's normalised text (:mod:`.document`: full-
width ASCII folded, dashes and quotes made plain), case-insensitively unless noted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# -- calendar ------------------------------------------------------------------------
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH_RE = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAY_RE = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?"
KO_WEEKDAYS = {"월": 0, "화": 1, "수": 2, "목": 3, "금": 4, "토": 5, "일": 6}
JA_WEEKDAYS = {"月": 0, "火": 1, "水": 2, "木": 3, "金": 4, "土": 5, "日": 6}
#: Japanese era names and the Gregorian year of their first year (令和元年 = 2019).
JA_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}


def month_number(word: str) -> int:
    """1..12 from an English month name or abbreviation (``"Sept."`` -> 9)."""
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or MONTHS[w[:3]]


def weekday_number(word: str) -> int:
    """0 (Monday) .. 6 from an English weekday or its abbreviation."""
    w = word.lower()[:3]
    return [d[:3] for d in WEEKDAYS].index(w)


# -- numbers -------------------------------------------------------------------------
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "a dozen": 12,
    "a single": 1,
    "a pair of": 2,
    "a couple of": 2,
    "twin": 2,
    "a": 1,
    "an": 1,
    "half": 0.5,
    "a half": 0.5,
}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
ORDINAL_RE = r"(?:\d{1,3}(?:st|nd|rd|th)|" + "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True)) + r")"
#: Vague plurals: the number is not given, only a lower bound (``several``: at least 3).
VAGUE_COUNTS = {
    "several": 3,
    "multiple": 2,
    "a flurry of": 2,
    "a barrage of": 2,
    "a salvo of": 2,
    "a volley of": 2,
    "a series of": 2,
    "a number of": 2,
    "a string of": 2,
    "a handful of": 2,
    "more than one": 2,
    "a burst of": 2,
    "dozens of": 24,
    "scores of": 40,
}
KO_NATIVE = {
    "한": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "열한": 11,
    "열두": 12,
    "스무": 20,
}
KO_ORDINALS = {
    "첫": 1,
    "두": 2,
    "세": 3,
    "네": 4,
    "다섯": 5,
    "여섯": 6,
    "일곱": 7,
    "여덟": 8,
    "아홉": 9,
    "열": 10,
    "열한": 11,
    "열두": 12,
    "열세": 13,
    "열네": 14,
    "열다섯": 15,
    "스무": 20,
}
JA_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

#: A number as wire copy writes it: ``1,080``, ``4.5``, Korean ``4천500`` (4,500) or
#: ``1만5천`` (15,000).
NUMBER = (
    r"(?:(?<![-\w])\d{1,3}(?: \d{3})+(?:\.\d+)?(?=\s?(?:km|㎞|킬로|キロ|s간|s\s?동안|초|秒))|"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s?만(?:\s?\d+\s?천)?(?:\s?\d+(?:\.\d+)?)?|"
    r"\s?천(?:\s?\d+(?:\.\d+)?)?)?"
    r"|\d+(?:\.\d+)?)"
)


def parse_number(text: str) -> float:
    """A number written as :data:`NUMBER` (``"4천500"`` -> 4500, ``"1,080"`` -> 1080)."""
    t = text.replace(",", "").replace(" ", "")
    if "만" in t or "천" in t:
        total = 0.0
        m = re.fullmatch(r"(?:(\d+(?:\.\d+)?)만)?(?:(\d+(?:\.\d+)?)천)?(\d+(?:\.\d+)?)?", t)
        if m is None:
            raise ValueError(text)
        if m.group(1):
            total += float(m.group(1)) * 1e4
        if m.group(2):
            total += float(m.group(2)) * 1e3
        if m.group(3):
            total += float(m.group(3))
        return total
    return float(t)


# -- zones -----------------------------------------------------------------------------
#: Zone words after (or before) a clock time -> IANA zone (``"local"``: the place's own).
ZONES = {
    "kst": "Asia/Seoul",
    "korean time": "Asia/Seoul",
    "korea time": "Asia/Seoul",
    "seoul time": "Asia/Seoul",
    "south korean time": "Asia/Seoul",
    "jst": "Asia/Tokyo",
    "japan time": "Asia/Tokyo",
    "japanese time": "Asia/Tokyo",
    "tokyo time": "Asia/Tokyo",
    "pyongyang time": "Asia/Pyongyang",
    "north korean time": "Asia/Pyongyang",
    "gmt": "UTC",
    "utc": "UTC",
    "z": "UTC",
    "zulu": "UTC",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern time": "America/New_York",
    "washington time": "America/New_York",
    "local time": "local",
    "local": "local",
    "한국시간": "Asia/Seoul",
    "한국 시간": "Asia/Seoul",
    "평양시간": "Asia/Pyongyang",
    "평양 시간": "Asia/Pyongyang",
    "일본시간": "Asia/Tokyo",
    "일본 시간": "Asia/Tokyo",
    "현지시간": "local",
    "현지 시간": "local",
    "日本時間": "Asia/Tokyo",
    "韓国時間": "Asia/Seoul",
    "平壌時間": "Asia/Pyongyang",
    "現地時間": "local",
}
ZONE_RE = (
    r"(?:KST|JST|GMT|UTC|EST|EDT|ET|Z|Zulu|local time|Korean time|Korea time|South Korean time|"
    r"Seoul time|Tokyo time|Japan time|Japanese time|Pyongyang time|North Korean time|"
    r"Washington time|Eastern time|한국\s?시간|평양\s?시간|일본\s?시간|현지\s?시간|日本時間|韓国時間|"
    r"平壌時間|現地時間)"
)


# -- agencies --------------------------------------------------------------------------
@dataclass(frozen=True)
class Agency:
    """A source that reports launches: ``name`` (canonical), ``kind`` (``observer``: a
    government watching the launch; ``state``: the launching state's own media;
    ``outlet``: a news agency), ``rank`` (lower wins a reconciliation), ``zone`` (the
    zone its clock times are in) and the ``pattern`` that names it."""

    name: str
    kind: str
    rank: int
    zone: str | None
    pattern: str


JCS = "South Korea Joint Chiefs of Staff"
JAPAN_MOD = "Japan Ministry of Defense"
KCNA = "KCNA (North Korea)"

AGENCIES: tuple[Agency, ...] = (
    Agency(
        JCS,
        "observer",
        1,
        "Asia/Seoul",
        r"(?:South Korea's |South Korean |Seoul's |S\. Korea's |"
        r"the )?(?:Office of the )?Joint Chiefs of Staff|"
        r"(?<![A-Za-z])JCS(?![A-Za-z])|(?:the )?ROK military|the South(?:'s| Korean) military|군\s?당국|"
        r"South Korea's military|"
        r"South Korean military|Seoul's military|"
        r"S\. Korean military|"
        r"South Korea's armed forces|South Korean armed forces|(?<![\w])[Oo]ur military\b|"
        r"합동참모본부|합참|우리\s?군은|우리\s?군이|우리 군은|"
        r"韓国軍(?:合同参謀本部)?|(?:韓国の?)?合同参謀本部|韓国合同参謀本部",
    ),
    Agency(
        "South Korea Ministry of National Defense",
        "observer",
        1,
        "Asia/Seoul",
        r"South Korea's (?:Defen[cs]e Ministry|Ministry of (?:National )?Defen[cs]e)|"
        r"South Korean (?:Defen[cs]e Ministry|Ministry of (?:National )?Defen[cs]e)|"
        r"Seoul's (?:Defen[cs]e Ministry|Ministry of (?:National )?Defen[cs]e)|Ministry of National Defense|"
        r"국방부|韓国国防省|韓国国防部",
    ),
    Agency(
        "South Korea National Intelligence Service",
        "observer",
        2,
        "Asia/Seoul",
        r"National Intelligence Service|(?<![A-Za-z])NIS(?![A-Za-z])|국가정보원|국정원|韓国国家情報院",
    ),
    Agency(
        "South Korea Presidential Office",
        "observer",
        2,
        "Asia/Seoul",
        r"(?:South Korea's |Seoul's )?(?:presidential office|Blue House)|대통령실|청와대|韓国大統領府",
    ),
    Agency(
        JAPAN_MOD,
        "observer",
        2,
        "Asia/Tokyo",
        r"Japan(?:ese|'s)? (?:Ministry of Defen[cs]e|[Dd]efen[cs]e [Mm]inistry)|Japan's defen[cs]e ministry|"
        r"Japan's Defen[cs]e Ministry|Ministry of Defen[cs]e of Japan|"
        r"Japan(?:ese|'s)? (?:(?:Senior )?Vice |State )?[Dd]efen[cs]e [Mm]inister|"
        r"(?<=\n)Ministry of Defense(?=\s*\n)|"
        r"^Ministry of Defense|"
        r"防衛省|防衛相|防衛大臣|일본\s?방위성|방위성|일본\s?방위상|방위장관|방위대신|"
        r"(?<=\. )[Dd]efen[cs]e Minister [A-Z]\w+ [A-Z]\w+ (?:said|told)",
    ),
    Agency(
        "Japanese government",
        "observer",
        2,
        "Asia/Tokyo",
        r"Japan's government|the Japanese government|Japanese government|Japanese officials|"
        r"\bJapan said\b|\bTokyo said\b|the South Korean and Japanese governments|"
        r"日本政府|(?<![韓米])政府は|(?<![韓米])政府に(?:よりますと|よると|よれば)|政府関係者|일본\s?정부",
    ),
    Agency(
        "Japan Chief Cabinet Secretary",
        "observer",
        2,
        "Asia/Tokyo",
        r"Chief Cabinet Secretary|官房長官|관방장관",
    ),
    Agency(
        "Japan Prime Minister's Office",
        "observer",
        3,
        "Asia/Tokyo",
        r"Prime Minister's (?:O|o)ffice|首相官邸",
    ),
    Agency(
        "Japan Coast Guard",
        "observer",
        3,
        "Asia/Tokyo",
        r"Japan Coast Guard|Japan's coast guard|海上保安庁|해상보안청",
    ),
    Agency(
        "US Indo-Pacific Command",
        "observer",
        3,
        None,
        r"(?:U\.S\. |US )?Indo-Pacific Command|INDOPACOM|(?:U\.S\. |US )?Pacific Command|"
        r"(?<![A-Za-z])PACOM(?![A-Za-z])|"
        r"인도태평양사령부|インド太平洋軍",
    ),
    Agency("US Strategic Command", "observer", 3, None, r"(?:U\.S\. |US )?Strategic Command|STRATCOM"),
    Agency(
        "US Forces Korea",
        "observer",
        3,
        None,
        r"(?:U\.S\. |US )?Forces Korea|(?<![A-Za-z])USFK(?![A-Za-z])|주한미군",
    ),
    Agency("NORAD", "observer", 3, None, r"(?<![A-Za-z])NORAD(?![A-Za-z])"),
    Agency(
        "US Department of Defense",
        "observer",
        3,
        None,
        r"\bPentagon\b|(?:U\.S\. |US )?Department of Defense|국방부 대변인실",
    ),
    Agency(
        KCNA,
        "state",
        6,
        "Asia/Pyongyang",
        r"Korean Central News Agency|(?<![A-Za-z])KCNA(?![A-Za-z])|(?:North Korea's |the North's |"
        r"North Korean |Pyongyang's |"
        r"its )?"
        r"(?:official |state )(?:media|news agency|television|TV)|\bRodong Sinmun\b|"
        r"(?<![A-Za-z])KCTV(?![A-Za-z])|"
        r"National Aerospace Development Administration|(?<![A-Za-z])NADA(?![A-Za-z])|"
        r"(?:North Korea|Pyongyang)\s+(?:(?:on|late|early|late on|early on)\s+[A-Z][a-z]+day\s+)?"
        r"(?:later |also |earlier |has |had )?(?:said|says|claimed|claims|"
        r"announced|reported)|"
        r"the North\s+(?:(?:on|late|early)\s+[A-Z][a-z]+day\s+)?(?:later |also )?(?:said|claimed|announced)|"
        r"according to the North|"
        r"(?<![가-힣])통신(?=에\s?따르면|은\s|이\s|은\s?\"|에\s?의하면)|Missile (?:General )?(?:Bureau|"
        r"Administration)|"
        r"Academy of (?:National )?Defen[cs]e Science|조선중앙통신|조선중앙TV|조선중앙텔레비전|북한\s?매체|"
        r"노동신문|국가우주개발국|국가항공우주기술총국|"
        r"북한은\s+[^.\n]{0,80}?(?:주장|발표|보도)했|"
        r"朝鮮中央通信|朝鮮中央テレビ|北朝鮮メディア|国家宇宙開発局|北朝鮮は、?その後、?発射は|"
        r"北朝鮮は[^。\n]{0,60}?と(?:発表|主張|報じ)",
    ),
    # outlets (who carried the report): a source only of what they state themselves
    Agency("Yonhap", "outlet", 5, "Asia/Seoul", r"\bYonhap\b|연합뉴스|聯合ニュース|聯合"),
    Agency("Reuters", "outlet", 5, None, r"\bReuters\b|로이터|ロイター"),
    Agency(
        "Associated Press",
        "outlet",
        5,
        None,
        r"\bAssociated Press\b|\(AP\)|(?<![A-Za-z])AP(?![A-Za-z])(?= -)",
    ),
    Agency("Kyodo", "outlet", 5, "Asia/Tokyo", r"\bKyodo\b|共同通信|교도통신|【[^】]{0,6}共同】"),
    Agency("Jiji Press", "outlet", 5, "Asia/Tokyo", r"\bJiji\b|時事通信|【[^】]{0,6}時事】|지지통신"),
    Agency("NHK", "outlet", 5, "Asia/Tokyo", r"(?<![A-Za-z])NHK(?![A-Za-z])"),
    Agency("AFP", "outlet", 5, None, r"(?<![A-Za-z])AFP(?![A-Za-z])|Agence France-Presse"),
)
AGENCY_BY_NAME = {a.name: a for a in AGENCIES}
#: Rank of a source not in :data:`AGENCIES` (an outlet's own statement, or unattributed).
UNATTRIBUTED_RANK = 5

#: Verbs of saying: an agency named within a few words of one is the source of its sentence.
SAY_RE = re.compile(
    r"\b(?:said|says|say|told|tells|according to|announced|announces|reported|reports|added|adds|stated|"
    r"confirmed|estimated|assessed|detected|tracked|claimed|claims|identified|described|called|"
    r"put the launch|"
    r"noted|explained|disclosed|revealed|warned|statement|briefing|briefed|citing|cited)\b|"
    r"\bissued (?:an? |the )?(?:\w+ ){0,2}(?:alert|order|warning|notice|advisory)s?\b|"
    r"밝혔|말했|전했|발표했|발표하|설명했|보도했|주장했|따르면|의하면|알렸|공지|포착했|포착하였|탐지했|"
    r"당부했|"
    r"덧붙였|분석했|추정했|판단했|보고\s?있|강조했|"
    r"によると|によりますと|によれば|発表|明らかにし|述べ|としている|と説明|報じ|伝え|確認し|とみて|とみら|"
    r"と推定|と分析|"
    r"is aware|are aware",
    re.IGNORECASE,
)


# -- missile classes, names ----------------------------------------------------------------
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
        r"medium[- ]range ballistic missiles?|(?<![A-Za-z])MRBMs?(?![A-Za-z])|준중거리\s?탄도\s?미사일|"
        r"準中距離弾道ミサイル",
        "MRBM",
    ),
    (
        r"intermediate[- ]range (?:strategic |new |[A-Z][\w-]+ ){0,2}(?:ballistic )?(?:missile|rocket)s?|"
        r"(?<![A-Za-z])IRBMs?(?![A-Za-z])|"
        r"중장거리\s?탄도\s?미사일|중거리\s?탄도\s?미사일|중거리급|中距離弾道ミサイル|中距離級",
        "IRBM",
    ),
    (
        r"intercontinental ballistic (?:missile|rocket)s?|(?<![A-Za-z])ICBMs?(?![A-Za-z])|ICBM-class|"
        r"long-range ballistic missiles?|"
        r"대륙간\s?탄도\s?미사일|장거리\s?탄도\s?미사일|ICBM급|大陸間弾道ミサイル|ICBM級",
        "ICBM",
    ),
    (
        r"submarine[- ]launched ballistic missiles?|(?<![A-Za-z])SLBMs?(?![A-Za-z])|"
        r"잠수함\s?발사\s?탄도\s?미사일|"
        r"潜水艦発射弾道ミサイル",
        "SLBM",
    ),
    (
        r"hypersonic (?:glide vehicle|missile|warhead|gliding warhead)s?|(?<![A-Za-z])HGVs?(?![A-Za-z])|"
        r"극초음속|極超音速",
        "HGV",
    ),
    (
        r"(?:military |spy |reconnaissance |earth observation )?satellite(?! images?|"
        r" launch(?:ing)? (?:ground|station|site|facility|center|centre))(?: launch vehicle)?|"
        r"space launch vehicles?|satellite launch vehicles?|satellite carrier rocket|carrier rocket|"
        r"(?<![A-Za-z])SLVs?(?![A-Za-z])|"
        r"우주\s?발사체|위성\s?운반\s?로켓|위성운반로켓|정찰\s?위성|군사\s?정찰\s?위성|인공\s?위성|"
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
    (r"화성포?-?(\d{1,2})([가-힣A-Za-z]?)[》」』\"']?(?:형|호)", "Hwasong-{0}"),  # KCNA: 《화성포-17》형
    (r"북극성-?(\d)형?", "Pukguksong-{0}"),
    (r"천리마-?(\d)형?", "Chollima-{0}"),
    (r"은하-?(\d)호?", "Unha-{0}"),
    (r"무수단(?!리)", "Musudan"),
    (r"火星-?(\d{1,2})型?", "Hwasong-{0}"),
    (r"北極星-?(\d)型?", "Pukguksong-{0}"),
    (r"千里馬-?(\d)型?", "Chollima-{0}"),
    (r"ムスダン(?!リ)", "Musudan"),
    (r"ノドン", "Nodong"),
)


def canonical_name(template: str, groups: tuple[str | None, ...]) -> str:
    """The canonical missile name from a :data:`NAMES` template and its groups."""
    vals = [g for g in groups if g is not None] + ["", ""]
    out = template.format(*vals)
    if out.startswith("Hwasong-") and out[-1:].islower():
        out = out[:-1] + out[-1].upper()
    if out == "Scud" and groups and groups[0]:
        out = f"Scud-{groups[0]}"
    if out == "Nodong" and groups and groups[0]:
        out = f"Nodong-{groups[0]}"
    return out.rstrip("-")


# -- directions ---------------------------------------------------------------------------
DIRECTIONS = {
    "north": 0.0,
    "north-northeast": 22.5,
    "northeast": 45.0,
    "east-northeast": 67.5,
    "east": 90.0,
    "east-southeast": 112.5,
    "southeast": 135.0,
    "south-southeast": 157.5,
    "south": 180.0,
    "south-southwest": 202.5,
    "southwest": 225.0,
    "west-southwest": 247.5,
    "west": 270.0,
    "west-northwest": 292.5,
    "northwest": 315.0,
    "north-northwest": 337.5,
    "북": 0.0,
    "북북동": 22.5,
    "북동": 45.0,
    "동북동": 67.5,
    "동": 90.0,
    "동남동": 112.5,
    "남동": 135.0,
    "남": 180.0,
    "남서": 225.0,
    "서": 270.0,
    "북서": 315.0,
    "동북": 45.0,
    "北": 0.0,
    "北北東": 22.5,
    "北東": 45.0,
    "東北東": 67.5,
    "東": 90.0,
    "東南東": 112.5,
    "南東": 135.0,
    "南": 180.0,
    "南西": 225.0,
    "西": 270.0,
    "北西": 315.0,
}

# -- cue words -----------------------------------------------------------------------------
#: Verbs (and nouns) of the launch itself.
LAUNCH_RE = re.compile(
    r"\b(?:launch(?:ed|es|ing)?|fir(?:ed|es|ing)|fire|test-fired|test-launched|test-fire|tested|tests|"
    r"test(?= of\b)|test-firing|"
    r"lift(?:ed|s)? off|"
    r"liftoff|lift-off|blast(?:ed)? off|took off|shot|detected)\b|"
    r"발사|쏘아\s?올|쐈|쏜|포착|탐지|発射|打ち上げ|探知",
    re.IGNORECASE,
)
#: Words of the end of a flight (a time near one is the impact's, not the launch's).
IMPACT_RE = re.compile(
    r"\b(?:land(?:ed|ing|s)?|fell|fall(?:ing|en|s)?|splash(?:ed|ing)?(?: down)?|splashdown|came down|"
    r"impact(?:ed)?|crash(?:ed|ing)?|plunged|dropped|hit|struck|reentered)\b|"
    r"낙하|탄착|추락|떨어|落下|着弾|墜落",
    re.IGNORECASE,
)
#: Other moments a report dates: orbit, overflight, radar loss, alerts, statements, response.
OTHER_MOMENT_RE = re.compile(
    r"\b(?:orbit|passed over|flew over|overflew|crossed|disappeared|vanished|lost from radar|sirens?|"
    r"J-?Alert|alerts?|warnings?|shelter|evacuat\w*|response|responded|retaliat\w*|drills?|exercises?|"
    r"press conference|news conference|briefing|announced|statement|meeting|convened|issued)\b|"
    r"궤도|통과|소실|경보|대응|훈련|기자회견|브리핑|軌道|通過|消失|警報|Jアラート|避難|記者会見|会見|訓練",
    re.IGNORECASE,
)
#: Speech verbs that a day phrase next to them dates (the statement's day, not the launch's).
SPEECH_DAY_RE = re.compile(
    r"\b(?:said|says|claimed|announced|reported|told|stated|confirmed)\b", re.IGNORECASE
)
