"""Reconciling the figures of several sources by one rule: the highest-ranked source's
figure, the largest of one source's salvo, bounds that agree (see
:mod:`launchwatch.register.ingest.draft`)."""

from __future__ import annotations

import math
import re

from ....assess.events import MAX_APOGEE, MAX_DISTANCE
from ..attribution import Context, Sources
from ..attribution.context import _CORR_TURN
from ..document import Document
from ..kinds import KindFact
from ..lexicon import AGENCY_BY_NAME, UNATTRIBUTED_RANK
from ..quantities import Figure
from .model import Extracted


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


# English: a sentence of revision ("the JCS revised its assessment: both missiles flew about
# 600 km", "..., South Korea's military said, revising its earlier estimate")
_REVISED_EN = re.compile(
    r"\b(?:revis(?:ed|es|ing)|reassess(?:ed|es|ing|ment)|re-?analy[sz](?:ed|is|ing)|"
    r"(?:correct|updat)(?:ed|ing) (?:its|their|the) (?:earlier |initial |previous )?(?:assessment|estimate|"
    r"figures?|account))\b",
    re.IGNORECASE,
)
_ARTICLE_COUNT = re.compile(r"(?:an?|one)\s", re.IGNORECASE)


def _revised_en(doc: Document, figs: list[Figure]) -> list[Figure]:
    """English: a figure in a sentence of revision supersedes the same source's figures of
    that field written before it (the first estimate of a running story)."""
    if doc.lang != "en":
        return figs
    out = list(figs)
    for f in figs:
        if f.headline:
            continue
        s, e = doc.sentence_at(f.span[0])
        if _REVISED_EN.search(doc.text, s, e):
            out = [g for g in out if not (g.source == f.source and g.field == f.field and g.span[0] < s)]
    return out


def _article_counts_en(doc: Document, ctx: Context, counts: list[Figure]) -> list[Figure]:
    """English: "a missile" counts one only where the body never numbers them: beside "two
    short-range ballistic missiles" it is the first alert's word, or one of them."""
    if doc.lang != "en":
        return counts
    numbered = any(
        not f.headline
        and f.value >= 2
        and f.qualifier == "exact"
        and not _ARTICLE_COUNT.match(f.text)
        and ctx.at(f.span[0]).ok
        # not a number taken back ("had detected two missiles but later corrected the figure")
        and not _CORR_TURN.search(doc.text, f.span[1], doc.sentence_at(f.span[0])[1])
        for f in counts
    )
    if not numbered:
        return counts
    return [f for f in counts if not (f.value == 1 and _ARTICLE_COUNT.match(f.text))]


_GENERIC_JAPAN_EN = re.compile(r"\b(?:Japan|Tokyo) sa(?:id|ys)\b")
_JOINT_BEFORE_EN = re.compile(r"\b(?:South Korea|Seoul|S\. Korea) and\s+$")


def _generic_japan_en(doc: Document, sources: Sources, who: list[str]) -> list[str]:
    """English: "South Korea and Japan said" in a lead names Japan's government only where
    the report quotes no Japanese agency by name: beside "Japan's Defense Ministry said" it
    sums up that agency's words; so does "Tokyo says ..." followed by "Those figures come
    from Japan's Defense Ministry"."""
    if doc.lang != "en" or "Japanese government" not in who:
        return who
    japanese = {"Japan Ministry of Defense", "Japan Chief Cabinet Secretary", "Japan Coast Guard"}
    if not japanese & set(who):
        return who
    t = doc.text
    for m in sources.mentions:
        if m.agency.name != "Japanese government":
            continue
        if not _GENERIC_JAPAN_EN.fullmatch(m.text):
            return who
        joint = _JOINT_BEFORE_EN.search(t, max(0, m.span[0] - 20), m.span[0]) is not None
        if not joint and sources.at(m.span[0]) is m.agency:
            return who
    return [w for w in who if w != "Japanese government"]


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
