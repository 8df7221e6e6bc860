"""The patterns of dates, day phrases, clock times and zones in English, Korean and
Japanese (see :mod:`launchwatch.register.ingest.times`)."""

from __future__ import annotations

import re

from ..lexicon import (
    MONTH_RE,
    ZONE_RE,
)

# -- patterns --------------------------------------------------------------------------
_MON = rf"(?:{MONTH_RE}|{MONTH_RE.upper()})"  # "JULY 4, 2017" in page stamps
_EN_DATE = re.compile(
    rf"\b(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b|"
    rf"\b(?<![:.,]\d)(?<![:.,-])(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MON})(?:,?\s+(?P<y2>(?:19|"
    rf"20)\d{{2}}))?\b"
)
_EN_MONTH = re.compile(
    rf"\b(?P<pre>(?i:in|since|last|early|late|mid-?|until|through|of|during|from))\s+(?:early |late |mid-)?"
    rf"(?P<mon>{_MON})(?:,?\s+(?P<y>(?:19|20)\d{{2}}))?\b(?!\s*\d)(?!\.\s*\d)"
)
# a month with its year and no preposition ("the October 2022 missile", "its March 2023 test")
_EN_MONTH_YEAR = re.compile(rf"(?<![\w])(?P<mon>{_MON})\s+(?P<y>(?:19|20)\d{{2}})\b(?![-/.]\d)")
_EN_YEAR = re.compile(
    r"\b(?i:in|since|of|during|until|through|last|the|early|late)\s+(?P<y>(?:19|20)\d{2})\b(?![-/.]\d)"
)
_EN_WEEKDAY = re.compile(
    r"(?P<q>\b(?:early|late|on|last|this|next|before dawn on|in the early hours of|early on|late on)\s+)?"
    r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?P<part>\s+(?:morning|afternoon|evening|night))?"
)
_EN_REL = re.compile(
    r"\b(?P<rel>today|tonight|this morning|this afternoon|this evening|yesterday|last night|"
    r"earlier today|the previous day|the day before|the same day)\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})[-./]\s?(?P<m>\d{1,2})[-./]\s?(?P<d>\d{1,2})\b")
#: a numeric date with the year last ("18/12/2023", "12/18/2023"): read only where the
#: order is unambiguous (one of the first two numbers above 12)
_DMY = re.compile(r"(?<![\d./])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?![\d/])")
_KO_DATE = re.compile(
    # a Juche year with the common era's in parentheses ("주체111(2022)년 1월 12일")
    r"(?:(?:주체\s?\d{2,3}\s?\()?(?P<y>(?:19|20)\d{2})\)?년\s*)?(?:(?P<m>\d{1,2})월\s*)?(?P<d>\d{1,2})일"
    r"(?!\s*(?:만|간|째|동안|이내|새|만에))"
)
_KO_MONTH = re.compile(
    r"(?P<y>(?:19|20)\d{2})년\s*(?P<m>\d{1,2})월(?!\s*\d{1,2}\s*일)|"
    r"(?P<y2>(?:19|20)\d{2})년(?!\s*\d{1,2}\s*월)|"
    # a month alone ("앞서 5월과 8월 두 차례 발사는"): the latest such month
    r"(?<![\d년.])(?<!년\s)(?<!\d\.\s)(?P<m3>\d{1,2})월(?!\s*\d{1,2}\s*일)(?=\s*(?:과|와|에|및|,|말|초|중순|하순|상순))"
)
_KO_REL = re.compile(r"(?P<rel>어젯밤|지난밤|오늘|금일|어제|그제|이날|당일|전날)")
_KO_WEEKDAY = re.compile(r"(?P<wd>[월화수목금토일])요일")
_JA_DATE = re.compile(
    r"(?:(?P<era>令和|平成)(?P<ey>\d{1,2}|元)年|(?P<y>(?:19|20)\d{2})年)?\s*"
    r"(?:(?P<m>\d{1,2})月)?\s*(?P<d>\d{1,2})日(?!間|本)"
)
_JA_MONTH = re.compile(
    r"(?:(?P<era>令和|平成)(?P<ey>\d{1,2}|元)年|(?P<y>(?:19|20)\d{2})年)\s*(?P<m>\d{1,2})月"
    r"(?!\s*\d{1,2}\s*日)|(?P<y2>(?:19|20)\d{2})年(?!\s*\d{1,2}\s*月)|"
    # a month alone ("5月と8月の2回"): the latest such month
    r"(?<![\d年])(?P<m3>\d{1,2})月(?!\s*\d{1,2}\s*日)(?=\s*(?:と|に|、|,|末|初め|上旬|中旬|下旬))"
)
_JA_REL = re.compile(r"(?P<rel>本日|今日|きょう|同日|昨日|きのう|前日|当日)")

_AP = r"[ap]\.?\s?m\.?(?![a-z])"
_EN_CLOCK = re.compile(
    rf"(?<![\d:.,/+])(?:(?P<h>\d{{1,2}}):(?P<m>[0-5]\d)(?![\d:])(?:\s*(?P<ap>{_AP}))?|"
    rf"(?P<h3>\d{{1,2}})\.(?P<m3>[0-5]\d)(?:\s*(?P<ap3>{_AP})|"
    # a 24-hour time with a dot, as British copy writes it, only before a zone ("07.23 local
    # time (22.23 GMT)"): a decimal ("4.60 km") is never one
    r"(?=\s*\(?(?:local time|GMT|UTC|KST|JST|BST|Seoul time|Japan time|Tokyo time|Pyongyang time|"
    r"Korean time|Japanese time)\b))|"
    rf"(?P<h2>\d{{1,2}})\s*(?P<ap2>{_AP})|"
    r"(?P<h4>[01]\d|2[0-3])(?P<m4>[0-5]\d)(?!\d)(?=\s*(?:GMT|UTC|KST|JST|Z\b|hrs\b|hours\b)|"
    r"-(?:[01]\d|2[0-3])[0-5]\d\s*(?:GMT|UTC|KST|JST))|"
    r"(?P<word>\bnoon\b|\bmidday\b|\bmidnight\b)|"
    r"(?P<h5>\d{1,2})\s+(?:o'clock\s+)?in the (?P<part>morning|afternoon|evening|night))",
    re.IGNORECASE,
)
_KO_CLOCK = re.compile(
    r"(?P<pre>오전|오후|새벽|아침|낮|저녁|밤)?\s*(?P<h>\d{1,2})\s*시(?!간|각|점|작|대|민|장|도|험)"
    r"(?:\s*(?P<m>\d{1,2})\s*분)?(?P<half>\s*반)?(?P<suf>\s*(?:께|쯤|경|무렵|가량))?|(?P<word>정오|자정)"
)
_JA_CLOCK = re.compile(
    r"(?P<pre>午前|午後|未明|早朝|朝|夜|深夜|夕方)?\s*(?P<h>\d{1,2})\s*時(?!間|台|点|期|代|刻|事|半ば)"
    r"(?:\s*(?P<m>\d{1,2})\s*分)?(?P<half>半)?(?P<suf>\s*(?:頃|ごろ|ころ|過ぎ))?|(?P<word>正午)"
)
_MINUTE_ONLY = re.compile(
    r"(?:と|、|,|과|와|및)\s*(?P<m>\d{1,2})\s*(?:分|분)(?!\s*간)"
    r"(?P<suf>\s*(?:ごろ|頃|께|쯤|경))?"
)
_ZONE_AFTER = re.compile(
    rf"\s*(?:\(\s*)?(?P<z>{ZONE_RE}|(?:GMT|UTC)\s?[+-]\s?\d{{1,2}}(?::?\d{{2}})?)(?![A-Za-z])\)?",
    re.IGNORECASE,
)
_ZONE_BEFORE = re.compile(
    r"(?P<z>한국\s?시간|평양\s?시간|일본\s?시간|현지\s?시간|日本時間|韓国時間|平壌時間|現地時間)"
    r"(?:으로|で)?\s*$"
)
_APPROX_BEFORE = re.compile(
    r"(?:\b(?:around|about|approximately|roughly|some|shortly (?:before|after)|"
    r"just (?:before|after)|circa)\s+(?:at\s+)?)$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(
    r"^[\s,]*(?:(?:and|to|through|until|till|-|~)\s*(?:about |around |approximately )?|"
    r"(?:께|쯤|경)?\s*(?:부터|에서|~|-)\s*|(?:頃|ごろ)?\s*(?:から|~|-)\s*)$",
    re.IGNORECASE,
)
_LIST_JOIN = re.compile(
    r"^[\s,]*(?:(?:and|or|,|then)\s*(?:again\s+)?(?:at\s+)?(?:about |around )?|"
    r"(?:께|쯤|경)?\s*(?:와|과|,|및|그리고)\s*|(?:頃|ごろ)?\s*(?:と|、|,)\s*(?:同)?)$",
    re.IGNORECASE,
)
_BETWEEN = re.compile(r"\b(?:between|from)\s+(?:about |around |approximately )?$", re.IGNORECASE)
# an agency as the topic right before a date dates its statement ("일본 정부는 31일 ... 밝혔다",
# "防衛省は18日、... と発表した")
_AGENCY_TOPIC = re.compile(
    r"(?:정부|방위성|합참|합동참모본부|통신|매체|국방부|보안청|당국|군|신문)(?:은|는|이|가)\s*$|"
    r"(?:防衛省|政府|官房長官|防衛相|合同参謀本部|韓国軍|通信|新聞|メディア)は、?\s*$"
)
_TOPIC = re.compile(r"[가-힣A-Za-z]{2,}(?:은|는)\s*$|[\u4e00-\u9fff\u30a0-\u30ff]{2,}は、?\s*$")
_SAID_END = re.compile(
    r"(?:밝혔|주장했|보도했|발표했|전했|말했|설명했|알렸)(?:다|습니다)[.\"']?\s*$|"
    r"(?:発表|明らかに|報じ|述べ|主張)(?:した|しました|ている|ています)[。]?\s*$"
)
_LOCAL_WORDS = ("local time", "local", "현지시간", "현지 시간", "現地時間")


#: A page's time stamp on a line of its own, wherever the page puts it (above or below the story)
_STAMP_LINE = re.compile(
    r"^[ \t]*(?:Published|Updated|Last updated|Posted|First published)\b(?: on)?[^\n]{0,80}$|"
    # a wire story's closing stamp on a line of its own ("2026/02/26 11:02 KST", Yonhap's)
    r"^[ \t]*(?:19|20)\d{2}/\d{1,2}/\d{1,2}[ \t]+\d{1,2}:\d{2}(?:[ \t]*(?:KST|JST|GMT|UTC))?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)
