"""Time-zone words and abbreviations and the zones they name.

Data only (tables and compiled patterns), part of :mod:`launchwatch.register.ingest.lexicon`."""

from __future__ import annotations

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
    "pyongyang standard time": "Asia/Pyongyang",
    "gmt": "UTC",
    "utc": "UTC",
    "z": "UTC",
    "zulu": "UTC",
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "eastern time": "America/New_York",
    "washington time": "America/New_York",
    "eastern standard time": "America/New_York",
    "eastern daylight time": "America/New_York",
    "new york time": "America/New_York",
    "hst": "Pacific/Honolulu",
    "hawaii time": "Pacific/Honolulu",
    "hawaii standard time": "Pacific/Honolulu",
    "hawaii-aleutian standard time": "Pacific/Honolulu",
    "honolulu time": "Pacific/Honolulu",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "pacific standard time": "America/Los_Angeles",
    "pacific daylight time": "America/Los_Angeles",
    "chst": "Pacific/Guam",
    "guam time": "Pacific/Guam",
    "chamorro standard time": "Pacific/Guam",
    "korea standard time": "Asia/Seoul",
    "korean standard time": "Asia/Seoul",
    "japan standard time": "Asia/Tokyo",
    "greenwich mean time": "UTC",
    "coordinated universal time": "UTC",
    "beijing time": "Asia/Shanghai",
    "bst": "Europe/London",
    "british summer time": "Europe/London",
    "london time": "Europe/London",
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
    r"(?:KST|JST|GMT|UTC|EST|EDT|ET|HST|PST|PDT|PT|ChST|BST|Z|Zulu|local time|Korean time|"
    r"Korea time|South Korean time|Korean? Standard Time|Japan Standard Time|"
    r"Seoul time|Tokyo time|Japan time|Japanese time|Pyongyang (?:Standard )?time|North Korean time|"
    r"Washington time|New York time|Eastern time|Eastern (?:Standard|Daylight) Time|"
    r"Hawaii(?:-Aleutian)? Standard Time|Hawaii time|Honolulu time|"
    r"Pacific (?:Standard |Daylight )?time|Guam time|Chamorro Standard Time|Greenwich Mean Time|"
    r"Coordinated Universal Time|Beijing time|British Summer Time|London time|"
    r"한국\s?시간|평양\s?시간|일본\s?시간|현지\s?시간|日本時間|韓国時間|"
    r"平壌時間|現地時間)"
)
