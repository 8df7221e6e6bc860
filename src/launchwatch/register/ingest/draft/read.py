"""Reading a report into a draft: the readers of every concern run once, their facts
reconciled into fields, claims per source and flags (see
:mod:`launchwatch.register.ingest.draft`)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from ....errors import InputError
from ...models import Place
from ..attribution import Context, Sources
from ..checks import check_claims, read_round_claims
from ..document import Document
from ..kinds import read_classes, read_names, read_outcomes
from ..places import best_site, read_bearings, read_places
from ..quantities import Figure, bare_plural, read_counts, read_durations, read_lengths
from ..times import TimeReader
from .event import _event, _Facts, _one_line, _raw_texts, _reconstruct, _site_tz
from .model import FIELDS, MAX_REPORT_CHARS, Draft, Extracted
from .othersite import other_site_sentences
from .reconcile import (
    _article_counts_en,
    _best_per_source,
    _generic_japan_en,
    _kind_best,
    _possible,
    _rank,
    _reconcile,
    _revised_en,
    _x,
)

# English: an agency named beside a verb of saying that tells nothing of this launch: it
# said nothing ("The North's state media had not reported on the launch", "KCNA has yet to
# comment", "Tokyo declined to give details"), or only what its weapons can do ("Pyongyang
# says its newest missiles can carry warheads to targets 600 km away")
_NOT_SAYING_EN = re.compile(
    r"\s*(?:\w+\s+){0,3}?(?:(?:had|has|have|did|does|do|was|were|is|are)\s*(?:not|n't|never)\s+"
    r"(?:yet\s+)?(?:\w+\s+)?(?:report|comment|confirm|mention|say|announce|acknowledge|disclose|release|"
    r"publish|carr)\w*|(?:has|have|had)\s+yet\s+to\b|made no mention|"
    r"(?:was|were|remained|kept|stayed)\s+silent|"
    r"declined to|refused to|gave no (?:word|comment|report|account))\b",
    re.IGNORECASE,
)
_SAYS_NOW_EN = re.compile(r"\s*(?:has\s+|had\s+)?(?:says|said|claims|claimed|boasts|boasted)\b")
_LAUNCH_DONE_EN = re.compile(
    r"\b(?:fired|launched|test-fired|test-launched|tested|lifted off|flew|flown|detected|conducted|"
    r"landed|fell|reached)\b",
    re.IGNORECASE,
)


def _not_reporting_en(doc: Document, ctx: Context, span: tuple[int, int]) -> bool:
    """English: whether the agency named at ``span`` tells nothing of this launch (see
    :data:`_NOT_SAYING_EN`)."""
    if doc.lang != "en":
        return False
    if _NOT_SAYING_EN.match(doc.text, span[1]):
        return True
    s, e = doc.sentence_at(span[0])
    return (
        ctx.at(span[0]).hypothetical
        and (
            _SAYS_NOW_EN.match(doc.text, span[1]) is not None
            or re.search(r"\b(?:says|said|claims|claimed)$", doc.text[span[0] : span[1]]) is not None
        )
        and doc.search(_LAUNCH_DONE_EN, s, e) is None
    )


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
    if report_date is not None and not isinstance(report_date, date):
        raise InputError("report_date", report_date, "must be a datetime.date")
    doc = Document(text)
    flags: list[str] = []
    sources = Sources(doc)
    tr = TimeReader(doc, sources, report_date)
    ctx = Context(doc, tr.other_dates(), tr.story_day)
    launch_times = tr.launch_times(ctx)
    flags.extend(tr.flags)
    rd = tr.report

    lengths = _revised_en(doc, _possible(read_lengths(doc, ctx, sources, flags), flags))
    durations = _revised_en(doc, _possible(read_durations(doc, ctx, sources), flags))
    counts = _article_counts_en(doc, ctx, _possible(read_counts(doc, ctx, sources), flags))
    places = read_places(doc, ctx, sources, flags)
    classes = read_classes(doc, ctx, sources)
    slv = any(c.value == "SLV" and not c.headline for c in classes)
    outcomes = read_outcomes(doc, ctx, sources, slv)
    names = read_names(doc, ctx, sources)
    bearings = read_bearings(doc, ctx, sources)
    # the day's launches from another site, told of beside this one: not this launch's
    exact_n = [int(f.value) for f in counts if f.qualifier == "exact" and not f.headline]
    n_times = len({t.utc for t in launch_times})
    others = other_site_sentences(
        doc, places["site"], best_site(places["site"]), n_times, min(exact_n) if exact_n else None
    )
    if others:
        def _here(span: tuple[int, int]) -> bool:
            return doc.sentence_index(span[0]) not in others

        dropped = [x.text for x in launch_times if not _here(x.span)]
        dropped += [f.text for f in lengths + durations if not _here(f.span)]
        if dropped:
            flags.append("another site's launches told of beside this one: left out " + ", ".join(dropped))
        launch_times = [x for x in launch_times if _here(x.span)]
        lengths = [f for f in lengths if _here(f.span)]
        durations = [f for f in durations if _here(f.span)]

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
    # a vague word ("several", "multiple", "여러 발") says for sure only "more than one": another
    # agency's "two missiles" is then the number the report states, but its "1발" tells of
    # one of them; the vague word's conventional floor bounds only its own source's numbers
    vague = [f for f in bounds if "the number is not given" in f.note]
    floor = max(
        (f.value for f in bounds if not f.headline),
        default=0.0,
    )
    floor_firm = max((f.value for f in bounds if not f.headline and f not in vague), default=0.0)
    # an exact number below a lower bound tells of one of them ("미사일 1발이 ... 비행했다")
    # and "a ballistic missile" says less than "at least one ballistic missile"
    # the headline counts only where the body gives no count ("２発発射" over a body's
    # "少なくとも２発": the body's lower bound is what the report states)
    in_body = any(not f.headline for f in counts)
    exact = [
        f
        for f in counts
        if f.qualifier in ("exact", "about", "at_most")
        and (
            f.value >= floor
            or (
                f.value >= max(2.0, floor_firm)
                and not any(b.source == f.source for b in vague if not b.headline)
            )
        )
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
        elif sources.issuer is not None and sources.issuer.kind == "state":
            # the North's own paper, known by its Juche date line
            fields["state"] = Extracted("North Korea", "", (0, 0), 0.6, "the state of the issuer")
    site = best_site(places["site"])
    if site is not None:
        fields["site"] = Extracted(site.place, site.text, site.span, site.confidence, site.note, site.source)
    land = sorted(
        [f for f in places["landing"] if not f.headline] or places["landing"],
        key=lambda f: (f.transit, _rank(f.source), f.span[0]),
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
        and not _not_reporting_en(doc, ctx, m.span)
    ]
    quoted += [(c.span[0], c.source) for c in claims if c.source]
    for _, s in sorted(quoted):
        if s and s not in who and s != "unattributed report":
            who.append(s)
    who = _generic_japan_en(doc, sources, who)
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
