"""The draft event: one launch per launch instant, figures only on the launch the text
ties them to, and the flight engine's reconstruction (see
:mod:`launchwatch.register.ingest.draft`)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import ValidationError

from .... import __version__
from ...models import Event, Launch, Provenance, Source
from ..document import Document
from ..kinds import KindFact
from ..places import PlaceFact
from ..quantities import Figure
from ..times import SITE_ZONE, LaunchTime
from .model import Draft
from .reconcile import (
    _kind_best,
    _rank,
)


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
    from ...claims import launch_from_claims
    from ...models import Claim

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

    def at_least_count() -> list[Claim | None]:
        """The round's "at least n" count claim (n > 1), where no exact count was read."""
        if count is None and count_min is not None and count_min > 1:
            m = f["count_min"]
            return [mk("count", count_min, m.source, m.text, m.span, m.confidence,
                       qualifier="at_least", low=float(count_min))]
        return []

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
                claims += at_least_count()
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
        claims += at_least_count()
        launches.append(build(1, claims + round_claims))
        draft.flags.append("no launch time found: the date only" if dated else "no launch time or day found")
    if count is None and count_min is not None:
        launches[0].notes = f"number of missiles not given: at least {count_min} ({f['count_min'].text!r})"
    if notes and len(times) > 1:
        launches[0].notes = (launches[0].notes + "\n" + "\n".join(notes)).strip()
    state = f["state"].value if f["state"] else "North Korea" if f["site"] else None
    return Event(state=state, launches=launches, notes="drafted from a report by launchwatch ingest")


def _reconstruct(draft: Draft) -> None:
    from ...reconstruct import reconstruct

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
