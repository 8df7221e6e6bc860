"""This launch's day, the zone and role of each clock time, and the launch instants in
UTC and local time (see :mod:`launchwatch.register.ingest.times`)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..attribution import Context
from ..lexicon import (
    IMPACT_RE,
    LAUNCH_RE,
    OTHER_MOMENT_RE,
)
from .model import (
    SITE_ZONE,
    Clock,
    DayRef,
    LaunchTime,
    _nearest,
    _on_local_day,
    _rank,
    _zone_name,
    zone_info,
)
from .patterns import (
    _LOCAL_WORDS,
)

_OWN_CLAUSE = re.compile(r"\b(?:that|which|and|before|after|then|while)\b|,")
# a day phrase that names the day in a zone west of the site ("on Tuesday evening in
# Washington", "Monday, U.S. time", "Sunday night Eastern time"): that calendar's day
_FOREIGN_DAY = re.compile(
    r"(?:\s+(?:morning|afternoon|evening|night))?,?\s*(?:\(\s*)?(?:in|at)\s+(?:Washington|New\s+York|"
    r"Honolulu|Hawaii|the\s+U\.?\s?S\.?(?!\w)|the\s+United\s+States|Guam)\b"
    r"|(?:\s+(?:morning|afternoon|evening|night))?,?\s*(?:\(\s*)?(?:U\.?\s?S\.?|Washington|Eastern|"
    r"Pacific|Hawaii|EST|EDT|ET|PST|PDT|HST)\s+time\b",
    re.IGNORECASE,
)
_RECORD_DATE_KEY = re.compile(
    r"\s*(?:(?P<kind>launch|test|event|firing)\s+date|date(?P<kind2>\s+of\s+(?:launch|test|firing))?"
    r"|발사\s?일(?:자|시)?|発射日(?:時)?)\s*[:：]\s*",
    re.IGNORECASE,
)
_RECORD_TIME_KEY = re.compile(r"^\s*(?:launch\s+)?time\s*[:：]", re.IGNORECASE | re.MULTILINE)
#: what ends a dateline after its date: the outlet in parentheses and a dash ("Nov 2 (Reuters) -")
_DATELINE_END = re.compile(r"\s*\([^()\n]{2,30}\)\s*(?:--|-|\u2013|\u2014)")
# a log's stamp: a clock alone in square brackets opening a line ("[20:40] 합참은 …" in a log
# of text alerts received): the message's time, not the moment it tells of
_LOG_STAMP = re.compile(r"[ \t]*[\[【]\s*$")
_LOG_STAMP_END = re.compile(r"\s*[\]】]")
# a broadcast or statement named right after a time ("오후 3시 30분 '특별중대보도'를 통해",
# "午後3時に「重大報道」で"): the time is the statement's
_CJK_BROADCAST = re.compile(
    r"\s*(?:에\s?|に\s?)?['\"‘“「『]?[^\s'\"’”」』]{0,10}(?:보도|발표|성명|담화|報道|発表|声明|談話)"
    r"['\"’”」』]?\s*(?:를|을|で|を)?\s*(?:통해|通じて|で)"
)
# a chronology's entry of an announcement ("11時15分　防衛省が、…が発射された旨を発表",
# "11시 15분 합참, … 발사 사실 공지"): the clock opening the line is the statement's
_CHRONO_STATEMENT = re.compile(
    r"[^\n]*(?:旨|と|こと)を?(?:発表|公表|発信|伝達)(?:した|しました)?[。]?[ \t]*$|"
    r"[^\n]*(?:사실을?|내용을?)\s?(?:발표|공지|공개)(?:했다|함|했음)?[.]?[ \t]*$",
    re.MULTILINE,
)


# an agency as a sentence's topic ("防衛省は、", "합참은 ") and what an announcement ends on
_ANNOUNCER_TOPIC = re.compile(
    r"(?:防衛省|政府|官邸|内閣官房|海上保安庁|防衛大臣|官房長官|합참|합동참모본부|국방부|정부|통일부)"
    r"(?:は|では|が|은|는|이|가)[、,]?\s*"
)
_NORTH_CJK = re.compile(r"北朝鮮|북한|北(?:が|から|は)|북(?:이|은|측)")
_ANNOUNCED = re.compile(
    r"[^。.]{0,12}?(?:(?:旨|こと)を?\s?(?:発表|公表|発信|伝達|お知らせ)|"
    r"(?:고|며)\s?(?:공지|발표|알렸|밝혔|전파))"
)


class LaunchReading:
    """This launch's day and its launch instants: a part of :class:`~.reader.TimeReader`."""

    # -- this launch's day -----------------------------------------------------------------
    def _story_day(self) -> tuple[date | None, str, tuple[int, int]]:
        doc, t = self.doc, self.doc.text
        # a record's key-value fields ("Launch date: 6 August 2019"; "Date: ..." in the block of
        # a "Launch time:" field): the record's own launch day
        for r in self.days:
            if r.precision != "day" or r.value is None or doc.in_header(r.span[0]):
                continue
            ls = t.rfind("\n", 0, r.span[0]) + 1
            km = _RECORD_DATE_KEY.fullmatch(t, ls, r.span[0])
            if km is None:
                continue
            if (
                km.group("kind")
                or km.group("kind2")
                or _RECORD_TIME_KEY.search(t, r.span[1], r.span[1] + 300)
            ):
                return r.value, f"from the record's field {t[ls : r.span[1]].strip()!r}", r.span
        for _si, (s, e) in enumerate(doc.sentences):
            if e <= doc.body_start or doc.in_headline(s):
                continue
            lm = doc.search(LAUNCH_RE, s, e)
            if lm is None:
                continue
            cands = [
                r
                for r in self.days
                if s <= r.span[0] < e and r.precision == "day" and not r.speech and r.value is not None
            ]
            # not the day of a clause of another event ("days after", "since", "when")
            ok = []
            for r in cands:
                before = t[s : r.span[0]]
                if re.search(
                    r"\b(?:after|since|when|before|following|than)\b[^,]*$", before
                ) and not re.search(r"\bafter (?:it|they) (?:was|were) (?:launched|fired)", before):
                    continue
                if _FOREIGN_DAY.match(t, r.span[1]):
                    continue  # "on Tuesday evening in Washington, Wednesday morning local time"
                c = self._by_day.get(id(r))
                if c is not None and c.zone_word and not self._site_day_zone(c):
                    continue  # the day of a clock in another zone (UTC, EST, HST) is that zone's
                ok.append(r)
            # the dateline's day is the report's: a day the sentence names itself wins
            # ("WASHINGTON, Nov 2 (Reuters) - North Korea fired ... early on Thursday local time")
            dl = self._dateline_span
            own = [r for r in ok if not (dl[0] <= r.span[0] < dl[1] or _DATELINE_END.match(t, r.span[1]))]
            if own and len(own) < len(ok):
                ok = own
            if ok:
                r = min(ok, key=lambda r: abs(r.span[0] - lm.start()))
                k = ok.index(r)
                while k > 0 and re.fullmatch(
                    r"\s*(?:과|와|,|and|と|、|及び|및)\s*", t[ok[k - 1].span[1] : ok[k].span[0]]
                ):
                    k -= 1  # a launch over several days is dated by its first
                while k > 0 and self._next_day_of_window(ok[k - 1], ok[k]):
                    k -= 1  # "昨日（24日）23時55分頃及び本日（25日）0時5分頃": the first day
                r = ok[k]
                return r.value, f"from {r.text!r}", r.span
            # the first sentence of launch gives no day: its first dated launch time's day
            break
        R = self.report.value
        for c in self.clocks:
            if c.header or c.day is None or c.day.value is None:
                continue
            if R is not None and not -2 <= (c.day.value - R).days <= 1:
                continue  # an earlier launch told of for context
            inst = self._dated_instant(c)
            return inst.astimezone(ZoneInfo(SITE_ZONE)).date(), f"from the time {c.text!r}", c.span
        if self.report.value is not None:
            return self.report.value, "the report's date", (0, 0)
        return None, "", (0, 0)

    # -- zones ----------------------------------------------------------------------------
    def _site_day_zone(self, c: Clock) -> bool:
        """Whether a dated clock's zone keeps the site's calendar day (Korean, Japanese or
        Pyongyang time, or the local time): its day is then the launch's day at the site."""
        if c.day is None or c.day.value is None:
            return True
        noon = datetime.combine(c.day.value, time(12), tzinfo=ZoneInfo(SITE_ZONE))
        there = noon.astimezone(zone_info(self._zone_of(c)[0]))
        return abs((there.utcoffset() - noon.utcoffset()).total_seconds()) <= 3600

    def _dated_instant(self, c: Clock) -> datetime:
        """The instant of a clock that has its own day, in its zone (see :meth:`_zone_of`)."""
        return datetime.combine(
            c.day.value, time(c.hour % 24, c.minute), tzinfo=zone_info(self._zone_of(c)[0])
        )

    def _zone_of(self, c: Clock) -> tuple[str, str, float]:
        """(zone name, why, confidence) for a clock."""
        if c.zone_word:
            w = c.zone_word
            if w.lower() in _LOCAL_WORDS:
                z = (
                    self.report.zone
                    if self.report.zone in ("Asia/Seoul", "Asia/Tokyo", "Asia/Pyongyang")
                    else SITE_ZONE
                )
                return z, f"local time ({z})", 0.85
            return _zone_name(w), f"zone {w}", 0.9
        a = self.sources.at(c.span[0])
        if a is not None and a.zone:
            return a.zone, f"zone of {a.name}", 0.8
        if self.doc.lang == "ko":
            return "Asia/Seoul", "a Korean report: Korean time", 0.8
        if self.doc.lang == "ja":
            return "Asia/Tokyo", "a Japanese report: Japanese time", 0.8
        if self.report.zone in ("Asia/Seoul", "Asia/Tokyo", "Asia/Pyongyang"):
            return self.report.zone, f"zone of the dateline ({self.report.zone})", 0.75
        return "Asia/Seoul", "no zone given: Korean time assumed", 0.5

    # -- roles and launch times ----------------------------------------------------------------
    def _role(self, c: Clock, ctx: Context) -> str:
        doc, _t = self.doc, self.doc.text
        if c.header:
            return "publication"
        if c.partner is not None and c.paren is not None:
            return c.partner.role or self._role(c.partner, ctx)
        v = ctx.at(c.span[0])
        if not v.ok:
            return f"not this launch ({v.reason})"
        ls = _t.rfind("\n", 0, c.span[0]) + 1
        if _LOG_STAMP.fullmatch(_t, ls, c.span[0]) and _LOG_STAMP_END.match(_t, c.end):
            return "a log's stamp"
        if (
            re.search(r"[시時]", c.text)
            and re.fullmatch(r"[ \t▼・■●]*", _t[ls : c.span[0]])
            and _CHRONO_STATEMENT.match(_t, c.end)
        ):
            return "statement"
        if _RECORD_TIME_KEY.match(_t, ls) and _RECORD_TIME_KEY.match(_t, ls).end() >= c.span[0] - 40:
            # a record's "Time:" / "Launch time:" field: its clocks are the launch's
            return "launch"
        cs, ce = ctx.clause(c.span[0])
        cjk = bool(re.search(r"[시時]", c.text))
        if cjk and doc.match(_CJK_BROADCAST, c.end, min(len(_t), c.end + 30)) is not None:
            return "statement"  # "오후 3시 30분 '특별중대보도'를 통해": the broadcast's hour
        # a time said right before a quote, or right after "said", is the statement's
        if re.match(r"\s*(?:에는|에|には|に)?\s*[\"“「『]", doc.text[c.end : c.end + 6]) or re.search(
            r"\b(?:said|announced|reported|told|confirmed|issued)\s+(?:at\s+)?(?:about\s+|around\s+)?$",
            doc.text[max(0, c.span[0] - 30) : c.span[0]],
        ):
            return "statement"
        if cjk and self._announced_at(c):
            return "statement"
        if cjk:
            # the verb after the time (after the last time of its group) decides
            last = max(
                (x for x in self._by_group.get(c.group, []) if x.paren is None),
                key=lambda x: x.end,
                default=c,
            )
            s, e = doc.sentence_at(c.span[0])
            nxt = [
                x.span[0]
                for x in self._by_sentence.get(c.sentence, [])
                if x.span[0] > last.end and x.group != c.group
            ]
            stop = min(nxt) if nxt else e
            hits = []
            for rx, role in ((LAUNCH_RE, "launch"), (IMPACT_RE, "impact"), (OTHER_MOMENT_RE, "other")):
                m = doc.search(rx, last.end, stop)
                if m is not None:
                    hits.append((m.start(), role))
            if hits:
                return min(hits)[1]
            return "launch" if doc.search(LAUNCH_RE, s, e) else ""
        lo, hi = max(cs, c.span[0] - 90), min(ce, c.end + 70)
        hits = []
        for rx, role in ((LAUNCH_RE, "launch"), (IMPACT_RE, "impact"), (OTHER_MOMENT_RE, "other")):
            for m in doc.scan(rx, lo, hi):
                if m.end() <= c.span[0]:
                    d = c.span[0] - m.end()
                    # a verb before the time governs it unless another verb comes between
                    hits.append((d, 0, role, m))
                elif m.start() >= c.end:
                    # a verb after the time that opens its own clause ("fired a missile at 7:10
                    # a.m. that landed at 7:20", "launched ... at 6:57 a.m., passed over Hokkaido
                    # at 7:04") governs the time after it, not this one
                    own = re.search(_OWN_CLAUSE, _t[c.end : m.start()])
                    hits.append((m.start() - c.end + 8 + (60 if own else 0), 1, role, m))
        # "detected the launch" and "the launch at" count as launching
        if not hits and not doc.search(LAUNCH_RE, cs, ce) and cs > 0:
            # a relative clause closed before the time ("fired from the Uiju area, which borders
            # China, at 2:41 p.m."): the time goes back to the clause it interrupted, whose last
            # verb governs it
            rel = re.match(r"[,\s]*(?:which|where|who)\b[^,]*,", _t[cs : c.span[0]])
            if rel is not None:
                ps, _pe = ctx.clause(cs - 1)
                back = [
                    (m.end(), role)
                    for rx, role in ((LAUNCH_RE, "launch"), (IMPACT_RE, "impact"), (OTHER_MOMENT_RE, "other"))
                    for m in doc.scan(rx, ps, cs)
                ]
                if back:
                    return max(back)[1]
        if not hits and doc.lang == "en" and cs < lo:
            # a long clause ("and came down in the Sea of Japan about 350 km north of Dogo
            # Island in the Oki chain at around 7:27 a.m."): the last verb before the time,
            # however far back in its clause, governs it
            back = [
                (m.end(), role)
                for rx, role in ((LAUNCH_RE, "launch"), (IMPACT_RE, "impact"), (OTHER_MOMENT_RE, "other"))
                for m in doc.scan(rx, cs, c.span[0])
            ]
            if back:
                return max(back)[1]
        if not hits:
            return "launch?" if doc.search(LAUNCH_RE, cs, ce) else ""
        d, _, role, m = min(hits, key=lambda x: (x[0], x[1]))
        return role

    def _announced_at(self, c: Clock) -> bool:
        """Whether a Korean or Japanese clock is the hour an agency announced the launch
        ("防衛省は、5時13分に、北朝鮮から…が発射された旨を発表しました", "합참은 오전 7시 20분
        북한이 … 발사했다고 공지했다"): the agency is the topic before the time, the launching
        state the subject after it, and the sentence ends on the verb of announcing."""
        t = self.doc.text
        s, e = self.doc.sentence_at(c.span[0])
        topic = None
        for m in _ANNOUNCER_TOPIC.finditer(t, s, c.span[0]):
            topic = m
        if topic is None or _NORTH_CJK.search(t, topic.end(), c.span[0]):
            return False
        if self.doc.lang == "ko" and c.approx:
            return False  # "합참은 오전 7시께 북한이 …": Korean copy times the launch so too
        north = _NORTH_CJK.search(t, c.end, e)
        if north is None:
            return False
        verb = LAUNCH_RE.search(t, north.end(), e)
        return verb is not None and _ANNOUNCED.match(t, verb.end(), min(e, verb.end() + 30)) is not None

    def launch_times(self, ctx: Context) -> list[LaunchTime]:
        """Every launch instant of this launch, resolved (see the module's text)."""
        out: list[LaunchTime] = []
        group_role: dict[int, str] = {}
        for c in self.clocks:
            if c.paren is None and c.group in group_role:
                c.role = group_role[c.group]  # the times of one list or range share their verb
                continue
            c.role = self._role(c, ctx)
            if c.paren is None:
                group_role[c.group] = c.role
        S = self.story_day
        R = self.report.value
        resolved: dict[int, datetime] = {}
        notes: dict[int, str] = {}
        order = sorted(self.clocks, key=lambda c: (c.partner is None or c.day is None, c.span[0]))
        for c in order:
            if c.role not in ("launch", "launch?") or id(c) in resolved:
                continue
            z, why, conf = self._zone_of(c)
            tz = zone_info(z)
            inst: datetime | None = None
            note = why
            if c.day is not None and c.day.value is not None:
                inst = datetime.combine(c.day.value, time(c.hour % 24, c.minute), tzinfo=tz)
                note += f"; day from {c.day.text!r}"
            elif c.partner is not None and id(c.partner) in resolved:
                p_inst = resolved[id(c.partner)]
                inst = _nearest(p_inst, c.hour, c.minute, tz)
                note += f"; day from {c.partner.text!r}, the same moment"
                conf -= 0.05
            else:
                prev = next(
                    (
                        x
                        for x in reversed(self._by_group.get(c.group, []))
                        if x.span[0] < c.span[0] and id(x) in resolved and x.paren is None
                    ),
                    None,
                )
                if prev is not None and c.paren is None:
                    p_local = resolved[id(prev)].astimezone(tz)
                    inst = datetime.combine(p_local.date(), time(c.hour % 24, c.minute), tzinfo=tz)
                    # a window runs forwards; so does a list of one salvo's times, whose next
                    # time half a day "earlier" is after midnight ("11:50 p.m. and 12:10 a.m.")
                    if inst < resolved[id(prev)] and (
                        c.range_prev or resolved[id(prev)] - inst > timedelta(hours=12)
                    ):
                        inst += timedelta(days=1)
                        note += f"; the {'window' if c.range_prev else 'list'} crosses midnight"
                    note += f"; day of {prev.text!r}"
                elif S is not None:
                    inst = _on_local_day(S, c.hour, c.minute, tz)
                    note += f"; on this launch's day ({S.isoformat()}, {self.story_note})"
                    conf -= 0.05
                else:
                    self.flags.append(f"time {c.text!r}: no date for it (no report date): not converted")
                    continue
            if c.needs_meridiem and c.meridiem is None and c.hour <= 12:
                conf -= 0.2
                note += "; a.m./p.m. not given (read as written)"
            resolved[id(c)] = inst
            notes[id(c)] = note
            if c.partner is not None and id(c.partner) not in resolved:
                pz, _pwhy, _ = self._zone_of(c.partner)
                ptz = zone_info(pz)
                pinst = (
                    _nearest(inst, c.partner.hour, c.partner.minute, ptz)
                    if c.partner.day is None
                    else datetime.combine(
                        c.partner.day.value, time(c.partner.hour % 24, c.partner.minute), tzinfo=ptz
                    )
                    if c.partner.day.value is not None
                    else _nearest(inst, c.partner.hour, c.partner.minute, ptz)
                )
                resolved[id(c.partner)] = pinst
                if abs((pinst - inst).total_seconds()) > 90:
                    self.flags.append(
                        f"times {c.text!r} and {c.partner.text!r} are given as the same moment but "
                        f"differ by {abs((pinst - inst).total_seconds()) / 3600:.1f} h"
                    )
            # the main (local) time stands for the moment; its parenthesis confirms it
            shown, shown_inst, shown_zone = c, inst, z
            if c.paren is not None and c.partner is not None and c.partner.paren is None:
                shown, shown_inst = c.partner, resolved[id(c.partner)]
                shown_zone = self._zone_of(c.partner)[0]
                note = f"{self._zone_of(c.partner)[1]}; the same moment as {c.text!r} ({why}" + (
                    f", day from {c.day.text!r})" if c.day is not None else ")"
                )
            local = shown_inst if shown_zone != "UTC" else shown_inst.astimezone(ZoneInfo(SITE_ZONE))
            lt = LaunchTime(
                shown_inst.astimezone(UTC),
                local,
                shown_zone,
                self.doc.text[shown.span[0] : shown.end].strip(),
                (shown.span[0], shown.end),
                note,
                max(0.05, min(1.0, conf - (0.15 if c.role == "launch?" else 0.0))),
                None,
                shown.approx,
                shown,
            )
            a = self.sources.at(shown.span[0])
            lt.source = a.name if a is not None else None
            if c.partner is not None:
                other = c if shown is not c else c.partner
                if other.text not in lt.note:
                    lt.note += f"; confirmed by {other.text!r}"
                lt.confidence = min(1.0, lt.confidence + 0.05)
            out.append(lt)
        # one launch instant given twice (by two agencies, or twice in the text) is one
        merged: list[LaunchTime] = []
        for x in sorted(out, key=lambda x: (x.utc, x.span[0])):
            if merged and abs((x.utc - merged[-1].utc).total_seconds()) <= 60:
                same = merged[-1]
                same.confidence = min(1.0, max(same.confidence, x.confidence) + 0.03)
                if x.text not in same.note:
                    same.note += f"; also {x.text!r}"
                continue
            merged.append(x)
        # two agencies timing the same launches a few minutes apart: the higher-ranked
        # agency's times stand, the other's are noted (and flagged when they differ)
        ranks = {x.source: _rank(x.source) for x in merged}
        if len({r for r in ranks.values()}) > 1:
            import bisect

            best = min(ranks.values())
            top = sorted(x.utc for x in merged if ranks[x.source] == best)
            per_source: dict[str | None, int] = {}
            for x in merged:
                per_source[x.source] = per_source.get(x.source, 0) + 1
            best_src = next(x.source for x in merged if ranks[x.source] == best)
            kept = []
            for x in merged:
                if ranks[x.source] == best:
                    kept.append(x)
                    continue
                k = bisect.bisect_left(top, x.utc)
                near = [top[j] for j in (k - 1, k) if 0 <= j < len(top)]
                window = 600 if per_source.get(x.source) != per_source.get(best_src) else 2100
                close = [u for u in near if abs((u - x.utc).total_seconds()) <= window]
                if close:
                    u = min(close, key=lambda u: abs((u - x.utc).total_seconds()))
                    if abs((u - x.utc).total_seconds()) > 60:
                        self.flags.append(
                            f"launch time: {x.source or 'the report'} {x.local:%H:%M}; the higher-"
                            f"ranked source gives {u.astimezone(x.local.tzinfo):%H:%M}"
                        )
                    continue
                kept.append(x)
            merged = kept
        merged.sort(key=lambda x: x.span[0])
        # a launch time on another local day than this launch's is another round's
        keep: list[LaunchTime] = []
        for x in merged:
            day = x.utc.astimezone(ZoneInfo(SITE_ZONE)).date()
            if (
                S is not None
                and abs((day - S).days) >= 1
                and not (x.clock is not None and x.clock.range_prev)
                and not self._after_midnight_of(x, keep, S)
            ):
                self.flags.append(
                    f"time {x.text!r} is on {day.isoformat()}, not this launch's day "
                    f"({S.isoformat()}): left out as another round's"
                )
                continue
            keep.append(x)
        keep.sort(key=lambda x: x.utc)
        if R is None and keep:
            self.flags.append("no report date: launch days from the report's own dates only")
        return keep

    def other_dates(self) -> list[tuple[tuple[int, int], str]]:
        """Dated phrases that are not this launch's day (for the clause verdicts)."""
        S = self.story_day
        out: list[tuple[tuple[int, int], str]] = []
        if S is None:
            return out
        zone_frame = {
            id(c.day)
            for c in self.clocks
            if c.day is not None and c.zone_word and _zone_name(c.zone_word) == "UTC"
        }
        # the day of a clock in a zone of another calendar day (EST, HST: "3:14 p.m. Hawaii
        # Standard Time, Nov. 17") is that zone's: its clause is this launch's when the
        # instant falls on this launch's day at the site
        for c in self.clocks:
            if c.day is None or c.day.value is None or not c.zone_word or self._site_day_zone(c):
                continue
            if self._dated_instant(c).astimezone(ZoneInfo(SITE_ZONE)).date() == S:
                zone_frame.add(id(c.day))
        # a next day written beside a clock time ("11:50 p.m. Tuesday and 12:10 a.m. Wednesday")
        # dates that time alone (left out as another round's, flagged), not its clause
        clock_day = {id(c.day) for c in self.clocks if c.day is not None}
        # the second day of a launch window across midnight is this launch's too
        window = {
            id(b) for a, b in zip(self.days, self.days[1:], strict=False) if self._next_day_of_window(a, b)
        }
        # this launch's day read from the text itself (not the report's date taken for it)
        own_day = self.story_span != (0, 0)
        for r in self.days:
            if r.value is None or self.doc.in_header(r.span[0]):
                continue
            if r.speech:
                # a statement made two or more days before this launch ("The North said Monday
                # the cruise missiles it fired over the weekend ..." in a story of Wednesday's
                # launch) tells of an earlier event; a day before may be the other zone's day
                if (
                    own_day
                    and not r.dateline
                    and r.precision == "day"
                    and r.kind != "same"
                    and (r.value - S).days < -1
                ):
                    out.append((r.span, "a statement made before this launch"))
                continue
            if r.precision == "day":
                delta = (r.value - S).days
                if delta in (-1, 0) and _FOREIGN_DAY.match(self.doc.text, r.span[1]):
                    continue  # the same moment on the US calendar ("Tuesday evening in Washington")
                if id(r) in zone_frame and delta in (-1, 0):
                    continue
                if delta == 1 and (id(r) in clock_day or id(r) in window):
                    continue
                if delta < 0:
                    out.append((r.span, "past event" if delta < -1 or r.kind != "weekday" else "another day"))
                elif delta > 1 or (
                    delta == 1
                    and r.kind in ("weekday", "dom", "date")
                    and id(r) not in zone_frame
                    and not self._launch_day_utc(r)
                ):
                    out.append((r.span, "another day"))
            elif r.precision == "month":
                if (r.value.year, r.value.month) < (S.year, S.month):
                    out.append((r.span, "past event"))
            elif r.precision == "year" and r.value.year < S.year:
                out.append((r.span, "past event"))
        return out

    def _launch_day_utc(self, r: DayRef) -> bool:
        return False
