"""A figure read from the text and the qualifiers of figures (see
:mod:`launchwatch.register.ingest.quantities`)."""

from __future__ import annotations

from dataclasses import dataclass

from ...units import QUALIFIER_WORDS
from ..lexicon import NUMBER_WORDS, parse_number


@dataclass
class Figure:
    """One figure: ``field`` (``distance``, ``apogee``, ``flight_time``, ``count``),
    ``value`` (SI: m, s; a count), ``qualifier`` and bounds ``low``/``high`` (SI), the
    text and its span, the ``unit`` as written, the quoting agency (``source``), a
    ``confidence``, a ``note``, and where it stands (``headline``)."""

    field: str
    value: float
    qualifier: str
    text: str
    span: tuple[int, int]
    unit: str = ""
    low: float | None = None
    high: float | None = None
    source: str | None = None
    confidence: float = 0.85
    note: str = ""
    headline: bool = False



_QUAL_MAP = dict(QUALIFIER_WORDS)



def _qual(*words: str | None) -> str:
    for w in words:
        if not w:
            continue
        k = " ".join(w.strip().lower().split())
        if k in _QUAL_MAP:
            return _QUAL_MAP[k]
    return "exact"


def _bounds(value: float, q: str) -> tuple[float | None, float | None]:
    if q in ("at_least", "more_than"):
        return value, None
    if q in ("at_most", "less_than"):
        return None, value
    return None, None



def _num(w: str | None) -> float:
    if w is None:
        return 0.0
    w = w.lower()
    if w in NUMBER_WORDS:
        return float(NUMBER_WORDS[w])
    return parse_number(w)  # "4천491" (Korean thousands) as well as "1,080"
