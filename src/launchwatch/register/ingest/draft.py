"""The draft: fields of this launch with their spans, each agency's claims, the figures
reconciled by one rule, conflicts and gaps flagged, and the draft event.

**Reconciliation** (what the draft's single fields show): for each field, the figure of
the highest-ranked source — South Korea's JCS and defence ministry first, then Japan's
ministry and government, then US commands, then other named agencies, then the outlet's
own or unattributed words, and the launching state's media (KCNA) last, its claims being
claims and not observations — and, of one source's figures of a salvo, the largest (the
round "flew up to" it).  The headline's figures count only where the body has none.
Each agency's figure is also kept as its own claim (``fields["claims"]``), and two
agencies whose figures differ by more than 1 % (and 2 km for lengths, a minute for flight
times; a bound agrees with any value beyond it: "more than 6,000 km" with 6,100 km) are
flagged: ``distance: South Korea Joint Chiefs of Staff 4,500 km; Japan Ministry of
Defense about 4,600 km``.

**The event** has one launch per launch instant (or one, dated, without an instant).
A figure goes onto a launch only when the text ties it to one: the report has one
launch, or the figure stands in the same sentence or line as that launch's time alone,
or its subject is all of them (``They flew about 800 km``, ``いずれも``); a salvo's "up to
800 km" goes onto none of them (it is in the event's notes and flagged), so that a
250-km missile never carries an 800-km flight.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import ValidationError

from ... import __version__
from ...assess.events import MAX_APOGEE, MAX_DISTANCE
from ...errors import InputError
from ..models import Event, Launch, Place, Provenance, Source
from .attribution import Context, Sources
from .checks import check_claims, read_round_claims
from .document import Document
from .kinds import KindFact, read_classes, read_names, read_outcomes
from .lexicon import AGENCY_BY_NAME, UNATTRIBUTED_RANK
from .places import PlaceFact, best_site, read_bearings, read_places
from .quantities import Figure, bare_plural, read_counts, read_durations, read_lengths
from .times import SITE_ZONE, LaunchTime, TimeReader

__all__ = ["FIELDS", "MAX_REPORT_CHARS", "Draft", "Extracted", "ingest_text"]

#: Longest report :func:`ingest_text` reads [characters]: 1,048,576 (a report of 1 MiB of
#: ASCII; reading takes time linear in the length, about a second per 100,000 characters
#: on a laptop core).  Longer text is refused with an :class:`~launchwatch.errors.InputError`.
MAX_REPORT_CHARS = 1 << 20

FIELDS = (
    "report_date",
    "report_place",
    "launch_date",
    "state",
    "times",
    "site",
    "landing",
    "distance",
    "apogee",
    "flight_time",
    "bearing",
    "count",
    "count_min",
    "missile_class",
    "missile_name",
    "outcome",
    "reporters",
    "claims",
    "round_claims",
)


@dataclass
class Extracted:
    """One extracted fact: ``value`` (SI units: m, s, rad; aware UTC datetimes), the text
    it came from, its ``span`` (start, end) in the report, a ``confidence`` in [0, 1] and
    a ``note``; where known, the ``source`` (agency) that says it, the ``qualifier`` it was
    given with (``exact``, ``about``, ``at_least``, ``more_than``, ``at_most``,
    ``less_than``, ``interval``) and its bounds ``low``/``high`` (SI), the ``unit`` as
    written, and for a launch time its ``local`` time (aware, in the zone the report
    gives it in) and that ``zone``."""

    value: Any
    text: str
    span: tuple[int, int]
    confidence: float
    note: str = ""
    source: str | None = None
    qualifier: str | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    local: datetime | None = None
    zone: str | None = None

    def as_dict(self) -> dict[str, Any]:
        v = self.value
        if isinstance(v, datetime | date):
            v = v.isoformat()
        elif isinstance(v, Place):
            v = v.model_dump(mode="json")
        out: dict[str, Any] = {
            "value": v,
            "text": self.text,
            "span": list(self.span),
            "confidence": round(self.confidence, 2),
            "note": self.note,
        }
        for k in ("source", "qualifier", "low", "high", "unit", "zone"):
            x = getattr(self, k)
            if x is not None:
                out[k] = x
        if self.local is not None:
            out["local"] = self.local.isoformat()
        return out


@dataclass
class Draft:
    """A draft event read from a report: ``fields`` (name -> :class:`Extracted`, a list of
    them for ``times``/``missile_class``/``reporters``/``claims``/``round_claims``, or
    ``None`` when not found), the ``event`` built from them (``None`` without a date),
    ``flags`` (inconsistencies, conflicts between agencies and gaps for the analyst) and
    the report's ``language`` (``en``, ``ko``, ``ja``); ``scanned`` counts the characters the
    readers' patterns scanned (a measure of the work done, linear in the report's length)."""

    text: str
    fields: dict[str, Any]
    event: Event | None = None
    flags: list[str] = field(default_factory=list)
    language: str = "en"
    scanned: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (what ``launchwatch ingest --json`` prints)."""
        out: dict[str, Any] = {}
        for k in FIELDS:
            v = self.fields.get(k)
            out[k] = [x.as_dict() for x in v] if isinstance(v, list) else None if v is None else v.as_dict()
        return {
            "fields": out,
            "flags": list(self.flags),
            "language": self.language,
            "event": None if self.event is None else self.event.model_dump(mode="json"),
        }


def _rank(source: str | None) -> int:
    a = AGENCY_BY_NAME.get(source or "")
    return UNATTRIBUTED_RANK if a is None or a.kind == "outlet" else a.rank


def _km(v: float) -> str:
    return f"{v / 1e3:,.0f} km" if v >= 1e4 else f"{v / 1e3:,.1f} km".replace(".0 km", " km")


def _say(fig: Figure) -> str:
    q = {
        "about": "about ",
        "at_least": "at least ",
        "more_than": "more than ",
        "at_most": "up to ",
        "less_than": "less than ",
        "exact": "",
        "interval": "",
    }.get(fig.qualifier, "")
    if fig.field == "flight_time":
        return f"{q}{fig.value / 60:.0f} min"
    if fig.qualifier == "interval" and fig.low is not None and fig.high is not None:
        return f"{fig.low / 1e3:,.0f}-{_km(fig.high)}"
    return q + _km(fig.value)


def _agree(a: Figure, b: Figure) -> bool:
    tol = {"distance": (0.01, 2e3), "apogee": (0.01, 2e3), "flight_time": (0.01, 60.0)}[a.field]
    lo_a, hi_a = (a.low if a.low is not None else a.value), (a.high if a.high is not None else a.value)
    lo_b, hi_b = (b.low if b.low is not None else b.value), (b.high if b.high is not None else b.value)
    if a.qualifier in ("at_least", "more_than"):
        hi_a = math.inf
    if b.qualifier in ("at_least", "more_than"):
        hi_b = math.inf
    if a.qualifier in ("at_most", "less_than"):
        lo_a = 0.0
    if b.qualifier in ("at_most", "less_than"):
        lo_b = 0.0
    slack = max(tol[0] * max(abs(a.value), abs(b.value)), tol[1])
    return lo_a - slack <= hi_b and lo_b - slack <= hi_a


def _best_per_source(figs: list[Figure]) -> dict[str | None, Figure]:
    """Each source's figure for the round: its largest point value (else its first)."""
    out: dict[str | None, Figure] = {}
    for f in figs:
        cur = out.get(f.source)
        if cur is None:
            out[f.source] = f
            continue
        if f.field == "count":
            continue
        point = f.qualifier in ("exact", "about", "interval", "at_most")
        cur_point = cur.qualifier in ("exact", "about", "interval", "at_most")
        if (point and not cur_point) or (point == cur_point and f.value > cur.value):
            out[f.source] = f
    return out


def _reconcile(
    figs: list[Figure], name: str, flags: list[str]
) -> tuple[Figure | None, dict[str | None, Figure]]:
    body = [f for f in figs if not f.headline]
    figs = body or figs
    per = _best_per_source(figs)
    if not per:
        return None, per
    best = min(per.values(), key=lambda f: (_rank(f.source), f.span[0]))
    others = [f for f in per.values() if f is not best]
    if name != "count":
        bad = [f for f in others if not _agree(best, f)]
        if bad:
            flags.append(
                f"{name}: " + "; ".join(f"{f.source or 'the report'} {_say(f)}" for f in [best, *bad])
            )
    return best, per


#: The figures a flight can have, by field [SI]: the register's own limits
#: (:mod:`launchwatch.assess.events`: once round the Earth, 100,000 km up, a day, 1,000
#: missiles).  A figure beyond them (or not finite: "9...9 km" overflows a float) is the
#: text's mistake or not a flight's figure: it is left out and flagged, never stored.
FIGURE_LIMITS: dict[str, tuple[float, float]] = {
    "distance": (0.0, MAX_DISTANCE),
    "apogee": (0.0, MAX_APOGEE),
    "flight_time": (0.0, 86400.0),
    "count": (1.0, 1000.0),
}


def _possible(figs: list[Figure], flags: list[str]) -> list[Figure]:
    """The figures within :data:`FIGURE_LIMITS` (above the lower bound, a count from it);
    the others are flagged."""
    out: list[Figure] = []
    for f in figs:
        lo, hi = FIGURE_LIMITS[f.field]
        vals = [f.value, *(x for x in (f.low, f.high) if x is not None)]
        if all(math.isfinite(v) and (lo < v or (f.field == "count" and v == lo)) and v <= hi for v in vals):
            out.append(f)
            continue
        what = f.field.replace("_", " ")
        shown = f.text if len(f.text) <= 60 else f.text[:57] + "..."
        flags.append(
            f"{shown!r}: not a figure a flight can have (a {what} beyond "
            f"{_limit_words(f.field, hi)}): left out"
        )
    return out


def _limit_words(field_name: str, hi: float) -> str:
    if field_name in ("distance", "apogee"):
        return f"{hi / 1e3:,.0f} km"
    if field_name == "flight_time":
        return f"{hi / 3600:,.0f} h"
    return f"{hi:,.0f}"


def _x(f: Figure, note: str = "") -> Extracted:
    return Extracted(
        int(f.value) if f.field == "count" else f.value,
        f.text,
        f.span,
        f.confidence,
        "; ".join(x for x in (f.note, note) if x),
        f.source,
        f.qualifier,
        f.low,
        f.high,
        f.unit or None,
    )


def _kind_best(facts: list[KindFact]) -> list[KindFact]:
    body = [f for f in facts if not f.headline] or facts
    return sorted(body, key=lambda f: (_rank(f.source), -f.confidence, f.span[0]))


def ingest_text(
    text: str,
    *,
    report_date: date | None = None,
    reconstruct: bool = True,
    source_url: str | None = None,
    register: Any = None,
) -> Draft:
    """Read a report (English, Korean or Japanese) into a :class:`Draft`.

    ``report_date`` fixes the date relative phrases are resolved against (default: the
    dateline's, else the header's; see :mod:`.times`).  With ``reconstruct`` the event's
    launches that have a located site and a distance, apogee or flight time are fitted by
    the flight engine and its findings added to ``flags``.  ``register`` (a
    :class:`~launchwatch.register.Register`) checks the report's own claims ("the fourth
    round this year") against its rounds.  A text longer than :data:`MAX_REPORT_CHARS`
    raises :class:`~launchwatch.errors.InputError`.
    """
    if not isinstance(text, str):
        raise InputError("report", type(text).__name__, "must be text")
    if len(text) > MAX_REPORT_CHARS:
        raise InputError(
            "report",
            f"{len(text):,} characters",
            f"a report may be at most {MAX_REPORT_CHARS:,} characters: split it",
        )
    doc = Document(text)
    flags: list[str] = []
    sources = Sources(doc)
    tr = TimeReader(doc, sources, report_date)
    ctx = Context(doc, tr.other_dates(), tr.story_day)
    launch_times = tr.launch_times(ctx)
    flags.extend(tr.flags)
    rd = tr.report

    lengths = _possible(read_lengths(doc, ctx, sources, flags), flags)
    durations = _possible(read_durations(doc, ctx, sources), flags)
    counts = _possible(read_counts(doc, ctx, sources), flags)
    places = read_places(doc, ctx, sources, flags)
    classes = read_classes(doc, ctx, sources)
    slv = any(c.value == "SLV" and not c.headline for c in classes)
    outcomes = read_outcomes(doc, ctx, sources, slv)
    names = read_names(doc, ctx, sources)
    bearings = read_bearings(doc, ctx, sources)

    fields: dict[str, Any] = {k: None for k in FIELDS}
    for k in ("times", "missile_class", "reporters", "claims", "round_claims"):
        fields[k] = []
    if rd.value is not None:
        fields["report_date"] = Extracted(rd.value, rd.text, rd.span, rd.confidence, rd.note)
    if rd.place is not None:
        fields["report_place"] = Extracted(
            rd.place.name, rd.place_text, rd.place_span, 0.9, f"zone {rd.place.tz}"
        )
    if tr.story_day is not None and tr.story_span != (0, 0):
        sp = tr.story_span
        fields["launch_date"] = Extracted(
            tr.story_day,
            doc.raw[sp[0] : sp[1]],
            sp,
            0.9 if sp != (0, 0) else 0.5,
            f"local calendar day at the site, {tr.story_note}",
        )
    if launch_times:
        first = launch_times[0].utc.astimezone(_site_tz()).date()
        if fields["launch_date"] is None or fields["launch_date"].value != first:
            lt0 = launch_times[0]
            fields["launch_date"] = Extracted(
                first,
                lt0.text,
                lt0.span,
                lt0.confidence,
                "local calendar day at the site of the first launch",
            )
    fields["times"] = [
        Extracted(
            t.utc,
            t.text,
            t.span,
            t.confidence,
            t.note,
            t.source,
            "about" if t.approx else "exact",
            local=t.local,
            zone=t.zone,
        )
        for t in launch_times
    ]

    # -- figures -----------------------------------------------------------------------
    per_source: dict[str, dict[str | None, Figure]] = {}
    for name, figs in (
        ("distance", [f for f in lengths if f.field == "distance"]),
        ("apogee", [f for f in lengths if f.field == "apogee"]),
        ("flight_time", durations),
    ):
        best, per = _reconcile(figs, name, flags)
        per_source[name] = per
        if best is not None:
            fields[name] = _x(best, "the highest-ranked source's figure" if len(per) > 1 else "")
    bounds = [f for f in counts if f.qualifier == "at_least"]
    floor = max((f.value for f in bounds if not f.headline), default=0.0)
    # an exact number below a lower bound tells of one of them ("미사일 1발이 ... 비행했다")
    # and "a ballistic missile" says less than "at least one ballistic missile"
    # the headline counts only where the body gives no count ("２発発射" over a body's
    # "少なくとも２発": the body's lower bound is what the report states)
    in_body = any(not f.headline for f in counts)
    exact = [
        f
        for f in counts
        if f.qualifier in ("exact", "about", "at_most")
        and f.value >= floor
        and not (bounds and f.confidence < 0.8)
        and not (f.headline and in_body)
    ]
    if exact:
        best, per = _reconcile(exact, "count", flags)
        fields["count"] = _x(best) if best is not None else None
        per_source["count"] = per
        others = {int(f.value) for f in per.values()}
        if len(others) > 1:
            flags.append(
                "count: " + "; ".join(f"{f.source or 'the report'} {int(f.value)}" for f in per.values())
            )
    elif bounds:
        body = [f for f in bounds if not f.headline] or bounds
        lo = max(body, key=lambda f: (f.value, -f.span[0]))
        fields["count_min"] = _x(lo, lo.note or f"{lo.text!r}: a lower bound")
        per_source["count"] = _best_per_source(body)
    else:
        bp = bare_plural(doc, ctx, sources)
        if bp is not None:
            fields["count_min"] = _x(bp)

    # -- places -----------------------------------------------------------------------------
    state = next((f for f in places["state"]), None)
    if state is not None:
        fields["state"] = Extracted(state.place.name, state.text, state.span, state.confidence)
    else:  # a dispatch of the launching state's own media that never names the state
        own = next(
            (m for m in sources.mentions if m.agency.kind == "state" and m.agency.name.startswith("KCNA")),
            None,
        )
        if own is not None:
            fields["state"] = Extracted(
                "North Korea", own.text, own.span, 0.7, "the state of the media quoted"
            )
    site = best_site(places["site"])
    if site is not None:
        fields["site"] = Extracted(site.place, site.text, site.span, site.confidence, site.note, site.source)
    land = sorted(
        [f for f in places["landing"] if not f.headline] or places["landing"],
        key=lambda f: (_rank(f.source), f.span[0]),
    )
    if land:
        f0 = land[0]
        fields["landing"] = Extracted(f0.place, f0.text, f0.span, f0.confidence, f0.note, f0.source)
        distinct = {f.place.key for f in land}
        if len(distinct) > 1:
            flags.append(
                "landing areas differ: "
                + ", ".join(
                    f"{f.place.name} ({f.source or 'the report'})" for f in land if f.place.key in distinct
                )
            )
    if bearings:
        b = min(bearings, key=lambda x: (_rank(x[3]), x[2][0]))
        fields["bearing"] = Extracted(b[0], b[1], b[2], 0.3, "a compass direction: +/- 22.5 deg", b[3])

    # -- kinds ------------------------------------------------------------------------------
    cls = _kind_best(classes)
    seen: list[str] = []
    for c in cls:
        if c.value not in seen:
            seen.append(c.value)
            fields["missile_class"].append(Extracted(c.value, c.text, c.span, c.confidence, c.note, c.source))
    by_src_cls: dict[str | None, str] = {}
    for c in cls:
        by_src_cls.setdefault(c.source, c.value)
    if len(set(by_src_cls.values())) > 1:
        flags.append(
            "missile classes differ between statements: "
            + ", ".join(f"{v} ({s or 'the report'})" for s, v in by_src_cls.items())
        )
    nm = _kind_best(names)
    if nm:
        fields["missile_name"] = Extracted(
            nm[0].value, nm[0].text, nm[0].span, nm[0].confidence, "", nm[0].source
        )
    oc = _kind_best(outcomes)
    if oc:
        fields["outcome"] = Extracted(
            oc[0].value, oc[0].text, oc[0].span, oc[0].confidence, oc[0].note, oc[0].source
        )
        by_src: dict[str | None, str] = {}
        for o in oc:
            by_src.setdefault(o.source, o.value)
        if len(set(by_src.values())) > 1:
            flags.append("outcome: " + "; ".join(f"{s or 'the report'} {v}" for s, v in by_src.items()))

    # -- claims per source --------------------------------------------------------------------
    publication = sources.outlet[0] if sources.outlet else None
    claims: list[Extracted] = []

    def claim(fname: str, value: Any, src: str | None, x: Extracted, **extra: Any) -> None:
        who = src or publication or "unattributed report"
        v = (
            value.model_dump(mode="json")
            if isinstance(value, Place)
            else (value.isoformat() if isinstance(value, datetime | date) else value)
        )
        claims.append(
            Extracted(
                {
                    "field": fname,
                    "value": v,
                    "source": who,
                    **{k: e for k, e in extra.items() if e is not None},
                },
                x.text,
                x.span,
                x.confidence,
                f"{who} says so",
                who,
                x.qualifier,
                x.low,
                x.high,
                x.unit,
            )
        )

    for t in fields["times"]:
        claim("time", t.value, t.source, t)
    for fname in ("distance", "apogee", "flight_time", "count"):
        for src, f in per_source.get(fname, {}).items():
            claim(fname, int(f.value) if fname == "count" else f.value, src, _x(f), qualifier=f.qualifier)
    for fname, facts in (("site", places["site"]), ("landing", places["landing"])):
        done: set[str | None] = set()
        ordered = sorted(
            [f for f in facts if not f.headline],
            key=lambda f: (f.specificity if fname == "site" else (0, 0), f.span[0]),
        )
        for f in ordered:
            if f.source in done:
                continue
            done.add(f.source)
            claim(
                fname, f.place, f.source, Extracted(f.place, f.text, f.span, f.confidence, f.note, f.source)
            )
    for fname, facts in (("missile_class", classes), ("missile_name", names), ("outcome", outcomes)):
        done = set()
        for f in [f for f in facts if not f.headline]:
            if (f.source, f.value) in done or any(d[0] == f.source for d in done):
                continue
            done.add((f.source, f.value))
            claim(
                fname, f.value, f.source, Extracted(f.value, f.text, f.span, f.confidence, f.note, f.source)
            )
    if bearings:
        done = set()
        for b in bearings:
            if b[3] in done:
                continue
            done.add(b[3])
            claim("bearing", b[0], b[3], Extracted(b[0], b[1], b[2], 0.3, "", b[3]))
    fields["claims"] = claims
    who: list[str] = []
    if publication:
        who.append(publication)
    if sources.issuer is not None and sources.issuer.name not in who:
        who.append(sources.issuer.name)  # a KCNA dispatch: outlet and issuer are one
    # the agencies quoted about this launch (a figure or not), and every claim's source
    quoted = [
        (m.span[0], m.agency.name)
        for m in sources.mentions
        if m.said
        and ctx.at(m.span[0]).ok
        and not (sources.outlet and sources.outlet[1][0] <= m.span[0] < sources.outlet[1][1])
    ]
    quoted += [(c.span[0], c.source) for c in claims if c.source]
    for _, s in sorted(quoted):
        if s and s not in who and s != "unattributed report":
            who.append(s)
    fields["reporters"] = []
    for name in who:
        mention = next((m for m in sources.mentions if m.agency.name == name), None)
        if mention is not None:
            fields["reporters"].append(
                Extracted(
                    name,
                    mention.text,
                    mention.span,
                    0.9 if mention.said else 0.6,
                    "quoted" if mention.said else "named",
                )
            )
        elif sources.outlet and name == sources.outlet[0]:
            sp = sources.outlet[1]
            fields["reporters"].append(Extracted(name, doc.raw[sp[0] : sp[1]], sp, 0.9, "the outlet"))
        else:
            fields["reporters"].append(Extracted(name, "", (0, 0), 0.7, "the issuer"))

    # -- the report's own claims about its place in the record ---------------------------
    ld = fields["launch_date"].value if fields["launch_date"] is not None else None
    rclaims = read_round_claims(doc, ld, ctx)

    draft = Draft(text=text, fields=fields, flags=flags, language=doc.lang)
    for name in ("site", "distance", "apogee"):
        if fields.get(name) is None:
            flags.append(f"{name} not found in the report")
    day = ld or tr.story_day
    if day is None:
        flags.append("no date found: give the report's date (--date) to build an event")
        fields["round_claims"] = [Extracted(c.as_value(), c.text, c.span, 0.8, c.check) for c in rclaims]
        _raw_texts(draft, doc)
        return draft
    if ld is None:
        flags.append(
            f"the report names no day for the launch: the event is dated {day.isoformat()}, the report's date"
        )
    facts = _Facts(
        places,
        classes,
        names,
        outcomes,
        bearings,
        per_source,
        lengths + durations,
        publication,
        source_url,
        sentence_of=lambda i: doc.text[slice(*doc.sentence_at(i))].strip()[:300],
    )
    try:
        draft.event = _event(draft, doc, launch_times, facts, day, ld is not None)
    except (ValidationError, InputError) as exc:  # a safety net: one line, never a traceback
        flags.append(f"no event drafted: {_one_line(exc)}")
        draft.event = None
    check_claims(rclaims, draft.event, register, flags)
    fields["round_claims"] = [Extracted(c.as_value(), c.text, c.span, 0.8, c.check) for c in rclaims]
    if reconstruct and draft.event is not None:
        _reconstruct(draft)
    _raw_texts(draft, doc)
    return draft


def _one_line(exc: Exception) -> str:
    """An error in one line naming the field and the value (pydantic's are several)."""
    if isinstance(exc, ValidationError):
        e = exc.errors()[0]
        loc = ".".join(str(x) for x in e.get("loc", ())) or "event"
        return f"{loc}={e.get('input')!r:.60}: {e.get('msg', 'invalid')}"
    return " ".join(str(exc).split())


def _raw_texts(draft: Draft, doc: Document) -> None:
    """Every field's text as the report writes it (the readers saw the normalised text)."""
    draft.scanned = doc.scanned
    for v in draft.fields.values():
        for x in v if isinstance(v, list) else [] if v is None else [v]:
            if x.span != (0, 0) and x.span[1] <= len(doc.raw):
                x.text = doc.raw[x.span[0] : x.span[1]]


def _site_tz():
    from zoneinfo import ZoneInfo

    return ZoneInfo(SITE_ZONE)


_PLURAL_SUBJECT = re.compile(
    r"\b(?:they|the missiles|both|each|all of them|the projectiles|the rockets)\b|"
    r"いずれも|모두|두 발 모두|각각",
    re.IGNORECASE,
)


@dataclass
class _Facts:
    """What the readers found, handed to the event builder."""

    places: dict[str, list[PlaceFact]]
    classes: list[KindFact]
    names: list[KindFact]
    outcomes: list[KindFact]
    bearings: list[tuple[float, str, tuple[int, int], str | None]]
    per_source: dict[str, dict[str | None, Figure]]  # field -> source -> its figure for the round
    figures: list[Figure]
    publication: str | None
    url: str | None
    sentence_of: Any


def _event(
    draft: Draft, doc: Document, times: list[LaunchTime], facts: _Facts, day: date, dated: bool
) -> Event:
    """The draft event: one launch per launch instant, each made from its claims (see the
    module's text) and reconciled by the register's rule
    (:func:`launchwatch.register.claims.launch_from_claims`)."""
    from ..claims import launch_from_claims
    from ..models import Claim

    f = draft.fields
    provenance = Provenance(
        kind="reported", software=__version__, importer="ingest", recorded=datetime.now(UTC)
    )
    pub = facts.publication

    def who(src: str | None) -> str:
        return src or pub or "unattributed report"

    def mk(
        field: str, value: Any, src: str | None, text: str, span: tuple[int, int], conf: float, **kw: Any
    ) -> Claim | None:
        try:
            return Claim(
                field=field,
                value=value,
                source=who(src),
                publication=pub,
                url=facts.url,
                reported=text or None,
                span=span if span != (0, 0) else None,
                quote=facts.sentence_of(span[0]) if span != (0, 0) else None,
                confidence=round(min(1.0, max(0.0, conf)), 2),
                **kw,
            )
        except (ValidationError, ValueError) as exc:
            draft.flags.append(
                f"{field} {text!r} ({who(src)}): not kept as a claim ({exc.__class__.__name__})"
            )
            return None

    def ranked(items: list[Any], src_of, pos_of) -> list[Any]:
        return sorted(items, key=lambda x: (_rank(src_of(x)), pos_of(x)))

    # round-level claims, one per source and field, best-ranked first
    round_claims: list[Claim] = []
    for field_name, kind in (("site", "site"), ("landing", "landing")):
        pf = [x for x in facts.places[kind] if not x.headline] or facts.places[kind]
        if field_name == "site":
            pf = sorted(pf, key=lambda x: (x.specificity, x.span[0]))
        seen: set[str] = set()
        for x in ranked(pf, lambda x: x.source, lambda x: 0):
            if who(x.source) in seen:
                continue
            seen.add(who(x.source))
            e = x.entry
            prec = (
                "point"
                if e is not None and e.kind in ("launch-area", "point", "island") and e.uncertainty <= 5e3
                else "near"
                if e is not None and e.kind in ("launch-area", "city", "point", "island")
                else "region"
            )
            c = mk(field_name, x.place, x.source, x.text, x.span, x.confidence, place_precision=prec)
            if c is not None:
                round_claims.append(c)
    for field_name, kfacts in (
        ("missile_class", facts.classes),
        ("missile_name", facts.names),
        ("outcome", facts.outcomes),
    ):
        seen = set()
        for x in _kind_best(kfacts):  # the order the draft's fields take (rank, confidence, place)
            if who(x.source) in seen:
                continue
            seen.add(who(x.source))
            c = mk(field_name, x.value, x.source, x.text, x.span, x.confidence)
            if c is not None:
                round_claims.append(c)
    seen = set()
    for b in ranked(facts.bearings, lambda b: b[3], lambda b: b[2][0]):
        if who(b[3]) in seen:
            continue
        seen.add(who(b[3]))
        c = mk("bearing", b[0] % (2 * math.pi), b[3], b[1], b[2], 0.3, qualifier="about", low=None, high=None)
        if c is not None:
            round_claims.append(c)

    def fig_claim(x: Figure) -> Claim | None:
        return mk(
            x.field,
            int(x.value) if x.field == "count" else x.value,
            x.source,
            x.text,
            x.span,
            x.confidence,
            qualifier=x.qualifier,
            low=x.low,
            high=x.high,
            unit=x.unit or None,
        )

    body = [x for x in facts.figures if not x.headline] or facts.figures
    # each source's figure for the round, as the draft's fields reconcile them (the same rule)
    per_source = {k: v for k, v in facts.per_source.items() if v}
    count = int(f["count"].value) if f["count"] is not None else None
    count_min = int(f["count_min"].value) if f["count_min"] is not None else None
    names: list[str] = [r.value for r in f["reporters"]]
    sources = [Source(name=n, url=facts.url) for n in names] or [
        Source(name="unattributed report", url=facts.url)
    ]
    launches: list[Launch] = []
    notes: list[str] = []

    def build(seq: int, claims: list[Claim], extra_notes: str = "") -> Launch:
        claims = [c for c in claims if c is not None]
        la = launch_from_claims(
            claims,
            seq=seq,
            confirmation="unconfirmed",
            sources=sources,
            provenance=provenance,
            notes=extra_notes,
        )
        return la

    if times:
        figs_by_sent: dict[int, list[Figure]] = {}
        figs_by_line: dict[int, list[Figure]] = {}
        times_by_sent: dict[int, int] = {}
        times_by_line: dict[int, int] = {}
        for x in body:
            figs_by_sent.setdefault(doc.sentence_index(x.span[0]), []).append(x)
            figs_by_line.setdefault(doc.line_at(x.span[0])[0], []).append(x)
        for u in times:
            si, li = doc.sentence_index(u.span[0]), doc.line_at(u.span[0])[0]
            times_by_sent[si] = times_by_sent.get(si, 0) + 1
            times_by_line[li] = times_by_line.get(li, 0) + 1
        plural = {
            x.field: bool(_PLURAL_SUBJECT.search(doc.text, *doc.sentence_at(x.span[0])))
            for x in body
            if x.field in ("distance", "apogee", "flight_time")
        }
        tied_any: set[int] = set()
        for i, t in enumerate(times):
            claims = [
                mk(
                    "time",
                    t.utc,
                    t.source,
                    t.text,
                    t.span,
                    t.confidence,
                    time_precision="minute",
                    qualifier="about" if t.approx else "exact",
                )
            ]
            tied: list[Figure] = []
            if len(times) == 1:
                tied = [x for per in per_source.values() for x in per.values() if x.field != "count"]
            else:
                si, li = doc.sentence_index(t.span[0]), doc.line_at(t.span[0])[0]
                mine = (figs_by_sent.get(si, []) if times_by_sent.get(si) == 1 else []) + (
                    figs_by_line.get(li, []) if times_by_line.get(li) == 1 else []
                )
                tied = [x for x in mine if x.field != "count" and x.qualifier != "at_most"]
                have = {x.field for x in tied}
                for fld, per in per_source.items():
                    if fld in have or fld == "count":
                        continue
                    for x in per.values():
                        if x.qualifier != "at_most" and plural.get(fld):
                            tied.append(x)
            for x in ranked(tied, lambda x: x.source, lambda x: x.span[0]):
                tied_any.add(id(x))
                claims.append(fig_claim(x))
            claims += round_claims
            if len(times) == 1:
                for x in ranked(
                    list(per_source.get("count", {}).values()), lambda x: x.source, lambda x: x.span[0]
                ):
                    if x.qualifier != "at_least":
                        claims.append(fig_claim(x))
                if count is None and count_min is not None and count_min > 1:
                    claims.append(
                        mk(
                            "count",
                            count_min,
                            f["count_min"].source,
                            f["count_min"].text,
                            f["count_min"].span,
                            f["count_min"].confidence,
                            qualifier="at_least",
                            low=float(count_min),
                        )
                    )
            elif i == len(times) - 1:
                total = count if count is not None else count_min
                if total is not None and total > len(times):
                    src = (f["count"] or f["count_min"]).source
                    rest = total - len(times) + 1
                    claims.append(
                        mk(
                            "count",
                            rest,
                            src,
                            (f["count"] or f["count_min"]).text,
                            (f["count"] or f["count_min"]).span,
                            0.5,
                            qualifier="exact" if count is not None else "at_least",
                        )
                    )
                    draft.flags.append(
                        f"{total} missiles{'' if count is not None else ' at least'} but "
                        f"{len(times)} launch time(s): the last time carries {rest}"
                    )
            launches.append(build(i + 1, claims))
        untied = [
            x
            for per in per_source.values()
            for x in per.values()
            if x.field != "count" and id(x) not in tied_any
        ]
        for x in untied:
            notes.append(
                f"{x.field.replace('_', ' ')}: {x.text} ({x.source or 'the report'}), not tied to one launch"
            )
        if notes and len(times) > 1:
            draft.flags.append("figures of the round not tied to a launch: " + "; ".join(notes))
        if count is not None and count < len(times):
            draft.flags.append(f"{count} missile(s) reported but {len(times)} distinct launch times")
    else:
        claims = [
            mk(
                "time",
                datetime.combine(day, time(0), tzinfo=UTC),
                None,
                "",
                (0, 0),
                0.5,
                time_precision="day",
            )
        ]
        for per in per_source.values():
            for x in ranked(list(per.values()), lambda x: x.source, lambda x: x.span[0]):
                if x.field != "count" or x.qualifier != "at_least":
                    claims.append(fig_claim(x))
        if count is None and count_min is not None and count_min > 1:
            claims.append(
                mk(
                    "count",
                    count_min,
                    f["count_min"].source,
                    f["count_min"].text,
                    f["count_min"].span,
                    f["count_min"].confidence,
                    qualifier="at_least",
                    low=float(count_min),
                )
            )
        launches.append(build(1, claims + round_claims))
        draft.flags.append("no launch time found: the date only" if dated else "no launch time or day found")
    if count is None and count_min is not None:
        launches[0].notes = f"number of missiles not given: at least {count_min} ({f['count_min'].text!r})"
    if notes and len(times) > 1:
        launches[0].notes = (launches[0].notes + "\n" + "\n".join(notes)).strip()
    state = f["state"].value if f["state"] else "North Korea" if f["site"] else None
    return Event(state=state, launches=launches, notes="drafted from a report by launchwatch ingest")


def _reconstruct(draft: Draft) -> None:
    from ..reconstruct import reconstruct

    ev = draft.event
    fit = [
        la
        for la in ev.launches
        if la.site.known and any(v is not None for v in (la.distance, la.apogee, la.flight_time))
    ]
    la = ev.launches[0]
    if not la.site.known:
        draft.flags.append("no located launch site: no trajectory reconstruction")
        return
    if not fit:
        draft.flags.append("no distance, apogee or flight time on a launch: no trajectory reconstruction")
        return
    if la.outcome == "failure":
        draft.flags.append("a failed launch: no trajectory reconstruction")
        return
    if la.missile_class == "SLV":
        draft.flags.append("a space launch: no ballistic trajectory reconstruction")
        return
    rep = reconstruct([ev])
    for _key, seq, why in rep.skipped:
        draft.flags.append(f"reconstruction of launch {seq}: none ({why})")
    for x in fit:
        rc = x.reconstruction
        if rc is None:
            continue
        bad = [k for k, v in rc.model_dump().items() if isinstance(v, float) and not math.isfinite(v)]
        if bad:  # never hand on (or store) a fit with non-finite numbers
            x.reconstruction = None
            draft.flags.append(f"reconstruction of launch {x.seq}: none (not finite: {', '.join(bad)})")
            continue
        verdict = "a ballistic flight fits" if rc.ballistic else "no ballistic flight fits"
        draft.flags.append(f"reconstruction of launch {x.seq}: {rc.regime}, {verdict}")
        draft.flags.extend(m for m in rc.messages if m not in draft.flags)
