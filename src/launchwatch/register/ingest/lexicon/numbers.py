"""Numbers in words and digits, ordinals and vague counts, in English, Korean and Japanese.

Data only (tables and compiled patterns), part of :mod:`launchwatch.register.ingest.lexicon`."""

from __future__ import annotations

import re

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
    "열여섯": 16,
    "열일곱": 17,
    "열여덟": 18,
    "열아홉": 19,
    "스무": 20,
    "스물한": 21,
    "스물두": 22,
    "스물세": 23,
    "스물네": 24,
    "스물다섯": 25,
}
JA_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

#: A number as wire copy writes it: ``1,080``, ``4.5``, Korean ``4천500`` (4,500) or
#: ``1만5천`` (15,000), Japanese ``6千`` (6,000) or ``1万5000`` (15,000).
NUMBER = (
    r"(?:(?<![-\w])\d{1,3}(?: \d{3})+(?:\.\d+)?(?=\s?(?:km|㎞|킬로|キロ|s간|s\s?동안|초|秒))|"
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?(?:\s?[만万](?:\s?\d+\s?[천千])?(?:\s?\d+(?:\.\d+)?)?|"
    r"\s?[천千](?:\s?\d+(?:\.\d+)?)?)?"
    r"|\d+(?:\.\d+)?)"
)


def parse_number(text: str) -> float:
    """A number written as :data:`NUMBER` (``"4천500"`` -> 4500, ``"1,080"`` -> 1080)."""
    # Japanese 6千 and 1万5000 as Korean 6천 and 1만5000
    t = text.replace(",", "").replace(" ", "").replace("万", "만").replace("千", "천")
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
