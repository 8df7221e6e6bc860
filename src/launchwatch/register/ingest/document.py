"""A report as the readers see it: normalised text, language, lines, paragraphs,
sentences, the header (headline, timestamps) and the body.

The normalised text has the same length as the report, character for character, so
that every span found in it is a span of the report: full-width ASCII (``１８``, ``ｋｍ``)
becomes ASCII, the ideographic and no-break spaces become spaces, curly quotes straight
ones, dashes ``-`` and wave dashes ``~``.

Everything is computed once, in passes linear in the text's length; lookups of the
sentence or paragraph holding a position are binary searches.  :meth:`Document.scan`
counts the characters the readers' patterns scan (``Document.scanned``), which is how
the tests check that reading stays linear in the report's length.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Document"]

_FOLD = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {
        0x3000: 0x20,
        0x00A0: 0x20,
        0x2009: 0x20,
        0x202F: 0x20,
        0x2007: 0x20,
        0x2018: 0x27,
        0x2019: 0x27,
        0x201B: 0x27,
        0x2032: 0x27,
        0x201C: 0x22,
        0x201D: 0x22,
        0x2010: 0x2D,
        0x2011: 0x2D,
        0x2012: 0x2D,
        0x2013: 0x2D,
        0x2014: 0x2D,
        0x2015: 0x2D,
        0x2212: 0x2D,
        0x301C: 0x7E,
        0x223C: 0x7E,
        0xFF5E: 0x7E,
        0x2026: 0x2E,
        0x3002: 0x3002,
    }
)

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")

# words after "a.m."/"p.m." that continue the sentence (a zone, a day) rather than begin one
_TIME_CONTINUES = re.compile(
    r"\(|(?:KST|JST|GMT|UTC|ET|EST|EDT|HST|PST|PDT|PT|ChST|BST|Hawaii|Honolulu|Pacific|Guam|Greenwich|"
    r"Coordinated|Beijing|British|London|New York|Seoul|Korean?|Japan(?:ese)?|Tokyo|Pyongyang|"
    r"Washington|local|"
    r"Eastern|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|on|and|to)\b"
)
_ABBREV = re.compile(
    r"Mr|Mrs|Ms|Dr|Gen|Lt|Col|Sgt|Capt|Adm|Maj|No|St|Jr|Inc|Co|Corp|vs|approx|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.N|U\.K|e\.g|i\.e|Rep|Sen|Gov|Prof|[A-Z]"
)
_SENT_END = re.compile(
    r"[.!?]['\")\]]*(?=\s+['\"(\[]?[A-Z0-9\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff])"
    r"|[\u3002\uff01\uff1f][\u300d\u300f\uff09)\"']*|\n"
)
_MAX_SENTENCE = 1500
_AMPM_END = re.compile(r"(?:[ap]\.m|a\.m\.|p\.m\.)$", re.IGNORECASE)


@dataclass
class Document:
    """A report, split for reading.

    ``raw`` is the report as given, ``text`` its normalised form (same length); ``lang``
    ``"en"``, ``"ko"`` or ``"ja"`` by the script most of its letters are in;
    ``sentences`` and ``paragraphs`` are ``(start, end)`` spans in order; ``body_start``
    the offset where the body begins (after the headline, timestamps and bylines);
    ``headline`` the span of the headline, if any.
    """

    raw: str
    text: str = ""
    lang: str = "en"
    sentences: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)
    body_start: int = 0
    headline: tuple[int, int] | None = None
    scanned: int = 0

    def __post_init__(self) -> None:
        # the North's spelling of 미사일 (same length, so spans still hold)
        self.text = self.raw.translate(_FOLD).replace("미싸일", "미사일")
        t = self.text
        n_ko = len(_HANGUL.findall(t))
        n_ja = len(_KANA.findall(t)) + len(_HAN.findall(t))
        n_en = len(_LATIN.findall(t))
        total = max(1, n_ko + n_ja + n_en)
        self.lang = "ko" if n_ko / total > 0.2 else "ja" if n_ja / total > 0.2 and _KANA.search(t) else "en"
        self._split()
        self._sent_starts = [s for s, _ in self.sentences]
        self._para_starts = [s for s, _ in self.paragraphs]
        self._line_starts = [s for s, _ in self.lines]

    # -- structure -------------------------------------------------------------------
    def _split(self) -> None:
        t = self.text
        pos = 0
        for line in t.split("\n"):
            self.lines.append((pos, pos + len(line)))
            pos += len(line) + 1
        # paragraphs: blocks between blank lines (each line when there are none)
        blocks: list[tuple[int, int]] = []
        start = None
        for s, e in self.lines:
            if t[s:e].strip():
                if start is None:
                    start = s
                end = e
            elif start is not None:
                blocks.append((start, end))
                start = None
        if start is not None:
            blocks.append((start, end))
        if len(blocks) == 1 and len([1 for s, e in self.lines if t[s:e].strip()]) > 2:
            blocks = [(s, e) for s, e in self.lines if t[s:e].strip()]
        self.paragraphs = blocks
        # a hard-wrapped report (most lines 50-100 characters, running on without a stop)
        body_lines = [t[s:e] for s, e in self.lines if len(t[s:e].strip()) >= 20]
        runs_on = [
            ln for ln in body_lines if 50 <= len(ln) <= 100 and ln.rstrip()[-1:] not in ".!?\u3002\"')"
        ]
        wrapped = len(body_lines) >= 4 and len(runs_on) >= 0.5 * len(body_lines)
        # sentences: ends found in one pass; "a.m." and abbreviations do not end one
        cuts = [0]
        for m in _SENT_END.finditer(t):
            end = m.end()
            if m.group(0) == "\n":
                ls = t.rfind("\n", 0, m.start()) + 1
                line = t[ls : m.start()]
                nxt = t[m.end() : m.end() + 1]
                if (
                    len(line) >= 50
                    and line[-1:] not in ".!?\u3002\"')"
                    and (nxt[:1].islower() or (wrapped and nxt[:1].strip() != ""))
                ):
                    continue  # a hard-wrapped line: the sentence goes on
            elif m.group(0)[0] == ".":
                ws = t.rfind(" ", 0, m.start()) + 1
                word = t[max(ws, t.rfind("\n", 0, m.start()) + 1) : m.start()]
                if _AMPM_END.search(t[max(0, m.start() - 4) : m.start() + 1]):
                    if _TIME_CONTINUES.match(t[m.end() : m.end() + 20].lstrip()):
                        continue
                elif _ABBREV.fullmatch(word.lstrip("(\"'")):
                    continue
            cuts.append(end)
        cuts.append(len(t))
        # a run of text without sentence ends is read in pieces of at most _MAX_SENTENCE
        # characters (cut at a space), so that no reader's work grows with its square
        capped = [cuts[0]]
        for b in cuts[1:]:
            while b - capped[-1] > _MAX_SENTENCE:
                cut = t.rfind(" ", capped[-1] + _MAX_SENTENCE // 2, capped[-1] + _MAX_SENTENCE)
                capped.append(cut if cut > capped[-1] else capped[-1] + _MAX_SENTENCE)
            capped.append(b)
        cuts = capped
        for a, b in itertools.pairwise(cuts):
            while a < b and t[a].isspace():
                a += 1
            while b > a and t[b - 1].isspace():
                b -= 1
            if b > a:
                self.sentences.append((a, b))
        self._find_body()

    def _find_body(self) -> None:
        t = self.text
        body = None
        for s, e in self.lines:
            line = t[s:e].strip()
            if not line:
                continue
            if _TIMESTAMP_LINE.match(line) and len(line) < 60 and not line.endswith("."):
                continue  # "Posted : 2025-08-08 11:02" is a page's stamp, not a dateline ("SEOUL:")
            if _DATELINE.match(line) or _KO_DATELINE.search(line[:40]) or _JA_DATELINE.match(line):
                body = s
                break
            # a sentence of prose: 60 characters in English, 25 in the denser Korean and Japanese
            cjk_line = len(_HANGUL.findall(line)) + len(_KANA.findall(line)) + len(_HAN.findall(line))
            ends = line[-1:] in ".!?\u3002\"'" or line.endswith("다.")
            cjk_end = line.endswith("\u3002") or line.endswith("다.")
            prose = (ends and len(line) >= 60) or (
                cjk_end and cjk_line >= 0.5 * len(line) and len(line) >= 25
            )
            numbered = re.match(r"(?:\d+[.)]?|\(\d+\)|[①-⑩])\s", line) and len(line) >= 40
            if prose or numbered:
                body = s
                break
        self.body_start = 0 if body is None else body
        for s, e in self.lines:
            if s >= self.body_start:
                break
            line = t[s:e].strip()
            if line and not _TIMESTAMP_LINE.search(line) and not _BYLINE.match(line) and len(line) > 12:
                self.headline = (s + (len(t[s:e]) - len(t[s:e].lstrip())), e)
                break

    # -- lookups ---------------------------------------------------------------------
    def sentence_index(self, i: int) -> int:
        """Index of the sentence holding offset ``i`` (the one before a gap)."""
        return max(0, bisect.bisect_right(self._sent_starts, i) - 1)

    def sentence_at(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding offset ``i``."""
        return self.sentences[self.sentence_index(i)] if self.sentences else (0, len(self.text))

    def paragraph_index(self, i: int) -> int:
        """Index of the paragraph holding offset ``i``."""
        return max(0, bisect.bisect_right(self._para_starts, i) - 1)

    def line_at(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the line holding offset ``i``."""
        return self.lines[max(0, bisect.bisect_right(self._line_starts, i) - 1)]

    def in_header(self, i: int) -> bool:
        """Whether offset ``i`` lies before the body (headline, timestamps, bylines)."""
        return i < self.body_start

    def in_headline(self, i: int) -> bool:
        """Whether offset ``i`` lies in the headline."""
        return self.headline is not None and self.headline[0] <= i < self.headline[1]

    # -- scanning ----------------------------------------------------------------------
    def scan(
        self, pattern: re.Pattern[str], start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over ``text[start:end]`` (lookarounds see the whole text);
        the characters scanned are counted in :attr:`scanned`."""
        end = len(self.text) if end is None else min(end, len(self.text))
        self.scanned += max(0, end - start)
        return pattern.finditer(self.text, start, end)

    def search(
        self, pattern: re.Pattern[str], start: int = 0, end: int | None = None
    ) -> re.Match[str] | None:
        """``pattern.search`` over ``text[start:end]``, counted as :meth:`scan`."""
        end = len(self.text) if end is None else min(end, len(self.text))
        self.scanned += max(0, end - start)
        return pattern.search(self.text, start, end)

    def match(self, pattern: re.Pattern[str], start: int, end: int | None = None) -> re.Match[str] | None:
        """``pattern.match`` at ``start`` (up to ``end``), counted as :meth:`scan`."""
        end = len(self.text) if end is None else min(end, len(self.text))
        self.scanned += max(0, min(end, start + 200) - start)
        return pattern.match(self.text, start, end)


#: "SEOUL, Oct. 4 (Yonhap) --", "TOKYO, Nov 3 (Reuters) -", "SEOUL, South Korea (AP) -",
#: "WASHINGTON, March 24, 2022 -", "TOKYO, Jan. 15 Kyodo -"
_DATELINE = re.compile(
    r"(?:\(LEAD\)\s*|\(\d+(?:st|nd|rd|th) LD\)\s*)?([A-Z][A-Z .'-]{2,30}|[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r"(?:,\s*(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z]\.[A-Z]\.))?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?|,\s*\d{1,2}\s+[A-Z][a-z]{2,8}(?:\s+\d{4})?)?"
    r"\s*(?:\([A-Za-z .]{2,30}\)|[A-Z][a-z]+(?= -))?\s*(?:-{1,2}|:)\s"
)
_KO_DATELINE = re.compile(r"\([가-힣]{1,6}=[가-힣A-Za-z]{2,10}\)")
# 【ソウル時事】, 【평양 3월 25일발 조선중앙통신】; not a headline's tag (【随時更新】, 【速報】, 【社説】)
_JA_DATELINE = re.compile(
    r"(?!【\s*(?:随時更新|速報|詳報|解説|独自|動画|更新|ライブ|LIVE|中継|写真|特集|社説|図解|Q&A|続報|"
    r"第\d+報|news|NEWS)[^】]*】)【[^】]{1,24}】"
)
_TIMESTAMP_LINE = re.compile(
    r"^(?:All News|Published|Updated|Posted|송고시간|입력|수정|최종수정|기사입력|更新|配信)|"
    r"^\d{4}[-./年]\s?\d{1,2}[-./月]\s?\d{1,2}|^[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4}|^\d{1,2}:\d{2}|"
    r"^\(?(?:令和|平成)\S*年",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:By\s|[A-Z][A-Z .]+,\s*(?:Reuters|AP|AFP)|\(?[가-힣]{2,4}\s?기자\)?$|Reporting by)")
