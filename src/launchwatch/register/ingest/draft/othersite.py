"""Figures and times of launches from another site told of beside this one.

A report of one launch often adds the day's other firings from another base ("북한은
이날 새벽 3시 32분께부터 … 깃대령 기지에서 … 잇따라 쏘았으며"): their times and figures
are not this launch's.  The sign that the report tells of more launches than this one is
its own count: fewer missiles than distinct launch times.  Then a sentence that names a
launch site of the gazetteer far from this launch's site, and not this launch's site
itself, is another launch's, and what it holds is left out (and flagged).
"""

from __future__ import annotations

import math

from ..document import Document
from ..places import PlaceFact

__all__ = ["other_site_sentences"]

# two facilities this far apart are two sites (a salvo's pads of one area are closer)
_APART_M = 30e3
_SITE_KINDS = ("launch-area", "point", "island", "city")


def _apart(a: PlaceFact, b: PlaceFact) -> bool:
    if a.place.lat is None or b.place.lat is None or a.place.lon is None or b.place.lon is None:
        return False
    # the places hold latitude and longitude in radians
    dlat = a.place.lat - b.place.lat
    dlon = (a.place.lon - b.place.lon) * math.cos((a.place.lat + b.place.lat) / 2)
    return 6.371e6 * math.hypot(dlat, dlon) > _APART_M


def other_site_sentences(
    doc: Document, sites: list[PlaceFact], best: PlaceFact | None, n_times: int, count: int | None
) -> set[int]:
    """Indexes of the sentences telling of launches from another site than ``best``, when
    the report's exact ``count`` is below its ``n_times`` distinct launch times (else none)."""
    if best is None or best.entry is None or count is None or n_times <= count:
        return set()
    own = {doc.sentence_index(f.span[0]) for f in sites if f.place.key == best.place.key}
    out = set()
    for f in sites:
        if f.headline or f.entry is None or f.entry.kind not in _SITE_KINDS:
            continue
        if f.place.key == best.place.key or not _apart(f, best):
            continue
        si = doc.sentence_index(f.span[0])
        if si not in own:
            out.add(si)
    return out
