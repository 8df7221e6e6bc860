"""The agencies, governments and outlets reports quote, their rank and zone, and the
verbs of saying.

Data only (tables and compiled patterns), part of :mod:`launchwatch.register.ingest.lexicon`."""

from __future__ import annotations

import re
from dataclasses import dataclass


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
        r"Japan's Defen[cs]e Ministry|Ministry of Defen[cs]e of Japan|Japan(?:'s|ese)? MOD\b|"
        r"Japan(?:ese|'s)? (?:(?:Senior )?Vice |State )?[Dd]efen[cs]e [Mm]inister|"
        r"(?<=\n)Ministry of Defense(?=\s*\n)|"
        r"^Ministry of Defense|"
        # the Defense Agency (防衛庁, 방위청) was the ministry until January 2007
        r"防衛省|防衛相|防衛大臣|防衛庁|일본\s?방위성|방위성|일본\s?방위상|방위장관|방위대신|일본\s?방위청|"
        r"(?<=\. )[Dd]efen[cs]e Minister [A-Z]\w+ [A-Z]\w+ (?:said|told)",
    ),
    Agency(
        "Japanese government",
        "observer",
        2,
        "Asia/Tokyo",
        r"Japan's government|the Japanese government|Japanese government|Japanese officials|"
        r"(?:the )?Government of Japan|"
        r"\bJapan sa(?:id|ys)\b|\bTokyo sa(?:id|ys)\b|the South Korean and Japanese governments|"
        r"日本政府|(?<![韓米])政府(?:として)?は|(?<![韓米])政府に(?:よりますと|よると|よれば)|政府関係者|일본\s?정부",
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
        # the prime minister speaking ("安倍首相は記者団に…と述べた") speaks for his office
        # (not another country's: "韓国の…首相", "英国首相", a name in katakana "モディ首相")
        r"Prime Minister's (?:O|o)ffice|首相官邸|"
        r"(?<![一-龥ァ-ヿ])(?<!国の)(?:(?!韓国|中国|英国|米国|豪州)[一-龥]{1,4})?首相(?=は|が|も)",
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
    Agency(
        "NORAD",
        "observer",
        3,
        None,
        r"(?<![A-Za-z])NORAD(?![A-Za-z])|노라드|북미항공우주방위사령부|北米航空宇宙防衛司令部",
    ),
    Agency(
        "US Department of Defense",
        "observer",
        3,
        None,
        r"\bPentagon\b|(?:U\.S\. |US )?Department of Defense|국방부 대변인실|"
        r"(?:U\.S\. |US )(?:Defen[cs]e Secretary|Secretary of Defen[cs]e)|미\s?국방장관|米国防長官|"
        r"米国防総省|미\s?국방부|미국\s?국방부|펜타곤",
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
        # the North's own organs in Korean and Japanese: state media, the missile bureau, the academy
        r"북한\s?관영\s?(?:매체|언론|방송)|관영\s?조선중앙|미사일총국|국방과학원|"
        r"労働新聞|北朝鮮の?国営(?:メディア|テレビ|通信)|ミサイル総局|国防科学院|"
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
    Agency("UPI", "outlet", 5, None, r"(?<![A-Za-z])UPI(?![A-Za-z])|United Press International"),
    Agency("CNN", "outlet", 5, None, r"(?<![A-Za-z])CNN(?![A-Za-z])"),
)
AGENCY_BY_NAME = {a.name: a for a in AGENCIES}
#: Rank of a source not in :data:`AGENCIES` (an outlet's own statement, or unattributed).
UNATTRIBUTED_RANK = 5

#: Verbs of saying: an agency named within a few words of one is the source of its sentence.
SAY_RE = re.compile(
    r"\b(?:said|says|say|told|tells|according to|announced|announces|reported|reports|added|adds|stated|"
    r"confirmed|estimated|assessed|detected|tracked|claimed|claims|identified|described|called|"
    r"put the launch|reporting(?=,? (?:the next day|the following day|later|on [A-Z][a-z]+day)\b)|"
    r"(?:gave|given|gives) (?:a |an |its |their )?(?:\w+ )?(?:account|figures|estimates?)|"
    r"noted|explained|disclosed|revealed|warned|statement|briefing|briefed|citing|cited)\b|"
    r"\bissued (?:an? |the )?(?:\w+ ){0,2}(?:alert|order|warning|notice|advisory)s?\b|"
    r"밝혔|말했|전했|발표했|발표하|발표한\s?것으로|설명했|보도했|주장했|따르면|의하면|알렸|공지|포착했|포착하였|탐지했|"
    r"당부했|정정했|수정했|번복했|지시했|발령했|"
    r"덧붙였|분석했|추정했|판단했|보고\s?있|강조했|"
    r"によると|によりますと|によれば|発表|明らかにし|述べ|としている|と説明|報じ|伝え|確認し|とみて|とみら|"
    r"と推定|と分析|との分析|見方を示|記者団に|としています|とした(?=。|$)|声明|と(?:強く)?非難し|強く非難し|厳重に抗議し|"
    r"is aware|are aware",
    re.IGNORECASE,
)
