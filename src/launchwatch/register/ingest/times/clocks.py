"""Clock times of the text: their meridiems, zones, parentheses, lists and ranges, and
the day phrase of each (see :mod:`launchwatch.register.ingest.times`)."""

from __future__ import annotations

import bisect
import re
from datetime import date
from zoneinfo import ZoneInfo

from .model import (
    SITE_ZONE,
    Clock,
    DayRef,
    LaunchTime,
    _hour24,
)
from .patterns import (
    _APPROX_BEFORE,
    _BETWEEN,
    _EN_CLOCK,
    _JA_CLOCK,
    _KO_CLOCK,
    _LIST_JOIN,
    _MINUTE_ONLY,
    _RANGE_JOIN,
    _ZONE_AFTER,
    _ZONE_BEFORE,
)

#: the end of a clock range right after a clock ("-1505", "– 00:05", "-9:43 a.m.")
_RANGE_END = re.compile(r"\s*[-\u2013]\s*\d{1,2}:?[0-5]\d(?!\d)(?:\s*[ap]\.?\s?m\.?(?![a-z]))?",
                        re.IGNORECASE)


_WEEKDAY_BEFORE_ZONE = re.compile(r"\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?=\s)")


class ClockReading:
    """Clock times and their days: a part of :class:`~.reader.TimeReader`."""

    # -- clocks -----------------------------------------------------------------------------
    def _clocks(self) -> list[Clock]:
        doc, t = self.doc, self.doc.text
        found: list[Clock] = []
        for m in doc.scan(_EN_CLOCK):
            if m.group("word"):
                w = m.group("word").lower()
                h, mi, ap = (0, 0, "am") if w == "midnight" else (12, 0, "pm")
            else:
                h = int(m.group("h") or m.group("h2") or m.group("h3") or m.group("h4") or m.group("h5"))
                mi = int(m.group("m") or m.group("m3") or m.group("m4") or 0)
                ap_raw = m.group("ap") or m.group("ap2") or m.group("ap3")
                ap = None if ap_raw is None else ("pm" if ap_raw.lower().startswith("p") else "am")
                if m.group("part"):
                    ap = "am" if m.group("part") == "morning" else "pm"
                if ap is not None and not 1 <= h <= 12:
                    continue
                if h > 23:
                    continue
            c = Clock(
                m.span(),
                m.group(0),
                h,
                mi,
                ap,
                ap is None
                and 1 <= h <= 12
                and m.group("h4") is None
                and not (m.group("h") and len(m.group("h")) == 2 and m.group("h")[0] == "0"),
            )
            found.append(c)
        for rx, _lang in ((_KO_CLOCK, "ko"), (_JA_CLOCK, "ja")):
            for m in doc.scan(rx):
                if m.group("word"):
                    w = m.group("word")
                    h, mi, pre = (0, 0, "am") if w == "자정" else (12, 0, "pm")
                else:
                    h = int(m.group("h"))
                    mi = int(m.group("m")) if m.group("m") else (30 if m.group("half") else 0)
                    pre = m.group("pre")
                if h > 24 or mi > 59:
                    continue
                span = (m.start() + (len(m.group(0)) - len(m.group(0).lstrip())), m.end())
                # "0시"/"0時" is a 24-hour clock: a meridiem carried from before never applies
                c = Clock(span, t[span[0] : span[1]], h, mi, pre, pre is None and 1 <= h <= 12)
                c.approx = bool(m.groupdict().get("suf"))
                found.append(c)
        found.sort(key=lambda c: c.span[0])
        # "午前1時47分ごろと53分ごろ", "5시 34분과 57분": a minute alone after a list word keeps the hour
        ends = {c.span[1]: c for c in found if re.search(r"[시時]", c.text)}
        for m in doc.scan(_MINUTE_ONLY):
            prev = ends.get(m.start()) or ends.get(m.start() - 1)
            if prev is None:
                continue
            span = (m.start("m"), m.end())
            c = Clock(
                span, t[span[0] : span[1]], prev.hour, int(m.group("m")), prev.meridiem, prev.needs_meridiem
            )
            c.approx = bool(m.group("suf"))
            if c.minute > 59:
                continue
            found.append(c)
            ends[m.end()] = c
        found.sort(key=lambda c: c.span[0])
        # meridiems and 24-hour forms
        for c in found:
            c.hour = _hour24(c.hour, c.meridiem)
        # zones, parentheses, approximations
        for c in found:
            c.end = c.span[1]
            zm = doc.match(_ZONE_AFTER, c.span[1], min(len(t), c.span[1] + 30))
            if (zm and not re.match(r"\s*\(?\s*(?:Z)\b", t[c.span[1] : c.span[1] + 4])) or (
                zm and zm.group("z").upper() == "Z" and t[c.span[1] : c.span[1] + 1] in "Z"
            ):
                c.zone_word = zm.group("z")
                c.end = zm.end()
            elif doc.lang == "en" and (wd := _WEEKDAY_BEFORE_ZONE.match(t, c.span[1])) and (
                zw := doc.match(_ZONE_AFTER, wd.end(), min(len(t), wd.end() + 30))
            ) and zw.group("z").upper() not in ("Z", "LOCAL"):
                # "7:51 p.m. Tuesday EST": the zone written after the clock's day (the day
                # stays a phrase of its own, after the clock)
                c.zone_word = zw.group("z")
            else:
                # the first clock of a range takes the zone written after the range's end
                # ("1455-1505 GMT Monday", "23:55-00:05 UTC"); its own span ends where it did
                rm = _RANGE_END.match(t, c.span[1])
                zr = doc.match(_ZONE_AFTER, rm.end(), min(len(t), rm.end() + 30)) if rm else None
                zb = _ZONE_BEFORE.search(t, max(0, c.span[0] - 12), c.span[0])
                if zr and zr.group("z").upper() != "Z":
                    c.zone_word = zr.group("z")
                elif zb:
                    c.zone_word = zb.group("z")
            if _APPROX_BEFORE.search(t, max(0, c.span[0] - 30), c.span[0]):
                c.approx = True
            c.sentence = doc.sentence_index(c.span[0])
            c.header = doc.in_header(c.span[0])
        self._parens_and_groups(found)
        self._attach_days(found)
        self._group_days(found)
        return found

    def _parens_and_groups(self, clocks: list[Clock]) -> None:
        doc, t = self.doc, self.doc.text
        by_sentence: dict[int, list[Clock]] = {}
        for c in clocks:
            by_sentence.setdefault(c.sentence, []).append(c)
        gid = 0
        for si, cs in by_sentence.items():
            s, e = doc.sentences[si] if doc.sentences else (0, len(t))
            # parenthesis pairs of the sentence
            pairs, stack = [], []
            for k in range(s, e):
                ch = t[k]
                if ch in "(（":
                    stack.append(k)
                elif ch in ")）" and stack:
                    pairs.append((stack.pop(), k))
            if doc.lang == "en":
                # an aside between two dashes is a parenthesis ("at 5:34 a.m. and 5:57 a.m.
                # local time — 20:34 and 20:57 UTC on Wednesday — and flew ...")
                dashes = [m.start() for m in re.finditer(r"\s(?:-{1,2}|\u2014|\u2013)\s", t[s:e])]
                pairs += [(s + a + 1, s + b + 1) for a, b in zip(dashes[::2], dashes[1::2], strict=False)]
            for c in cs:
                for a, b in pairs:
                    if a < c.span[0] < b and (c.paren is None or a > c.paren):
                        c.paren, c.paren_end = a, b
                # a zone in parentheses right after ("8:10 (KST)") is not a parenthetical time
            main = [c for c in cs if c.paren is None]
            # CJK meridiem carried forward within the sentence
            carry = None
            for c in main:
                if c.meridiem in (
                    "오전",
                    "오후",
                    "새벽",
                    "아침",
                    "낮",
                    "저녁",
                    "밤",
                    "午前",
                    "午後",
                    "未明",
                    "早朝",
                    "朝",
                    "夜",
                    "深夜",
                    "夕方",
                ):
                    carry = c.meridiem
                elif c.needs_meridiem and carry is not None and not re.search(r"[ap]", c.text, re.IGNORECASE):
                    c.hour = _hour24(c.hour, carry)
                    c.meridiem = carry
                    c.needs_meridiem = False
            # groups of main clocks joined by a list or range connector
            prev: Clock | None = None
            for c in main:
                joined = False
                if prev is not None:
                    gap_start = prev.end
                    # skip a parenthetical right after the previous clock
                    for a, b in pairs:
                        if prev.end <= a <= prev.end + 3 and b < c.span[0]:
                            gap_start = b + 1
                    gap = t[gap_start : c.span[0]]
                    if _RANGE_JOIN.match(gap) and (len(gap) < 20):
                        joined, c.range_prev = (
                            True,
                            bool(
                                re.search(r"to|through|until|till|-|~|부터|에서|から", gap, re.IGNORECASE)
                                or _BETWEEN.search(t, max(s, prev.span[0] - 20), prev.span[0])
                            ),
                        )
                        if re.search(r"\band\b", gap) and not _BETWEEN.search(
                            t, max(s, prev.span[0] - 20), prev.span[0]
                        ):
                            c.range_prev = False
                    elif _LIST_JOIN.match(gap) and len(gap) < 20:
                        joined = True
                if not joined:
                    gid += 1
                c.group = gid
                prev = c
            # English: a missing meridiem from the other end of the group ("7:06 and 7:40 a.m.")
            groups: dict[int, list[Clock]] = {}
            for c in main:
                groups.setdefault(c.group, []).append(c)
            for g in groups.values():
                known = [c.meridiem for c in g if c.meridiem in ("am", "pm")]
                for c in g:
                    if c.needs_meridiem and known and c.meridiem is None:
                        c.hour = _hour24(c.hour, known[-1] if known else None)
                        c.meridiem = known[-1]
                        c.needs_meridiem = False
                # and a zone written once for the group ("2:30 p.m. and 2:46 p.m. ET", "05:24
                # and 05:36 KST"): every clock of a list or range shares it
                zones = {c.zone_word for c in g if c.zone_word}
                if len(zones) == 1 and len(g) > 1:
                    (z,) = zones
                    for c in g:
                        c.zone_word = c.zone_word or z
            # parenthetical equivalents: pair each with the main clock(s) just before
            for a, _b in pairs:
                inner = [c for c in cs if c.paren == a]
                if not inner:
                    continue
                zones = {c.zone_word for c in inner if c.zone_word}
                if len(zones) == 1:  # "(2:30 p.m. and 2:46 p.m. ET Tuesday)": one zone for all
                    (z,) = zones
                    for c in inner:
                        c.zone_word = c.zone_word or z
                before = [c for c in main if c.end <= a and re.fullmatch(r"[\s,]*", t[c.end : a])]
                if not before:
                    continue
                g = groups[before[-1].group]
                g = [c for c in g if c.span[0] <= before[-1].span[0]]
                targets = g[-len(inner) :] if len(inner) <= len(g) else g
                for x, y in zip(inner, targets, strict=False):
                    x.partner, y.partner = y, x
                    x.group = y.group

    def _group_days(self, clocks: list[Clock]) -> None:
        groups: dict[int, list[Clock]] = {}
        for c in clocks:
            if c.paren is None:
                groups.setdefault(c.group, []).append(c)
        for g in groups.values():
            dated = [c for c in g if c.day is not None]
            if len(g) > 1 and len(dated) == 1 and dated[0] is g[-1] and dated[0].day.span[0] > g[-1].span[0]:
                g[0].day, g[-1].day = g[-1].day, None

    def _attach_days(self, clocks: list[Clock]) -> None:
        """The day phrase of each clock: the nearest in its clause after it (before a
        parenthesis that holds another clock's day) or before it."""
        doc, t = self.doc, self.doc.text
        days = [r for r in self.days if r.precision == "day" and not r.speech]
        starts = [r.span[0] for r in days]

        for c in clocks:
            s, e = doc.sentence_at(c.span[0])
            cands = []
            lo = bisect.bisect_left(starts, max(s, c.span[0] - 70))
            hi = bisect.bisect_right(starts, min(e, c.end + 40))
            for r in days[lo:hi]:
                if c.span[0] <= r.span[0] < c.span[1]:
                    continue
                if c.paren is not None and not (c.paren < r.span[0] < (c.paren_end or 0)):
                    continue  # a parenthetical time takes only its parenthesis' day
                if r.span[0] >= c.end:
                    between = t[c.end : r.span[0]]
                    if c.paren is None and "(" in between:
                        continue  # "(23:10 GMT on Wednesday)" is the parenthesis' own day
                    if c.paren is not None and ")" in between:
                        continue
                    if re.search(r"\d\s*(?::|시|時)|[ap]\.?m\b", between):
                        continue  # another time comes first
                    if re.search(r"[.;]|\bwhen\b|\bafter\b|\bsince\b", between):
                        continue
                    dist = r.span[0] - c.end
                else:
                    between = t[r.span[1] : c.span[0]]
                    if c.paren is not None and "(" not in between:
                        continue  # a day outside the parenthesis is the main time's
                    if (
                        c.paren is None
                        and ")" in between
                        and not re.fullmatch(r"\s*(?:\(\s*\d{1,2}\s*日\s*\)|\))\s*", between)
                    ):
                        continue  # not "昨日(24日)23時55分" (the day's own parenthesis)
                    if re.search(r"[;]|\bwhen\b|\bafter\b|\bsince\b|\bthan\b", between):
                        continue
                    dist = c.span[0] - r.span[1]
                cands.append((dist, r.span[0] < c.span[0], r))
            if cands:
                # after the time first in English ("at 7:40 a.m. on Thursday"), before it in
                # Korean and Japanese ("4일 오전 7시", "4日午前7時")
                cjk = bool(re.search(r"[시時]", c.text))
                c.day = min(cands, key=lambda x: x[0] + (0 if x[1] == cjk else 15))[2]

    def _after_midnight_of(self, x: LaunchTime, keep: list[LaunchTime], S: date) -> bool:
        """Whether launch time ``x``, on the day after this launch's day ``S``, follows a
        kept launch time of the same sentence by less than six hours (one salvo across
        midnight: "23時55分頃及び本日（25日）0時5分頃")."""
        day = x.utc.astimezone(ZoneInfo(SITE_ZONE)).date()
        if (day - S).days != 1 or not keep:
            return False
        prev = keep[-1]
        if self.doc.sentence_at(prev.span[0]) != self.doc.sentence_at(x.span[0]):
            return False
        return 0 < (x.utc - prev.utc).total_seconds() < 6 * 3600

    def _next_day_of_window(self, a: DayRef, b: DayRef) -> bool:
        """Whether day phrase ``b`` is the day after ``a`` within one launch window: the
        two a day apart and joined, with at most a clock time between them, by a word of
        listing or range (``及び``, ``and``, ``から``, ``부터``)."""
        if a.value is None or b.value is None or not 0 <= (b.value - a.value).days <= 1:
            return False
        between = self.doc.text[a.span[1] : b.span[0]]
        if a.value == b.value:
            return bool(re.fullmatch(r"\s*[（(]\s*", between))  # "昨日（24日）": one day
        if not re.search(r"\d\s*(?::|時|시)|[ap]\.?m\b", between) and not re.fullmatch(r"[^\d]*", between):
            return False
        if len(between) > 40 or re.search(r"[.。;]|\b(?:after|since|when|before|than)\b", between):
            return False
        return bool(
            re.search(r"及び|および|から|にかけて|ごろと|頃と|\band\b|\bto\b|부터|및|과|와|、|,", between)
        )
