"""The register's *versions*: one row per round (key, row id, last update, state, local
year and day, start, simulated), read in one small query, and the :class:`Changes`
between two readings (the rounds added, replaced or removed, by this process or by any
other, the local years they were in and the rounds whose round number may have moved)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Changes", "Version", "diff_versions", "read_versions"]


@dataclass(frozen=True)
class Version:
    """One round as the register's ``events`` table holds it (its row is written anew,
    with a new id, whenever the round changes)."""

    id: int
    updated: Any
    state: str | None
    year: int
    local_day: str
    start: Any
    simulated: bool


@dataclass(frozen=True)
class Changes:
    """What changed between two readings of the versions: round ``keys`` added,
    replaced or removed, the local ``years`` they were in (before and after) and the
    rounds whose round number may have moved (``numbering``: every round of the same
    state and local year); ``count`` whether the number of rounds changed."""

    generation: int
    keys: frozenset[str]
    years: frozenset[int]
    numbering: frozenset[str]
    count: bool
    everything: bool = False

    def touches(self, scope: tuple) -> bool:
        """Whether a rendering of ``scope`` (see :func:`scope_of`) may differ now."""
        if self.everything or scope[0] == "all":
            return True
        if scope[0] == "event":
            return scope[1] in self.keys or scope[1] in self.numbering
        return scope[1] in self.years  # ("year", Y)


def read_versions(reg: Any) -> dict[str, Version]:
    """Every round's :class:`Version`, by key (one query)."""
    from sqlalchemy import select

    from ...register.schema import EventRow

    q = select(EventRow.key, EventRow.id, EventRow.updated_utc, EventRow.state, EventRow.year,
               EventRow.local_day, EventRow.start_utc, EventRow.simulated)
    with reg.engine.connect() as conn:
        return {k: Version(i, u, s, int(y), d, t, bool(sim))
                for k, i, u, s, y, d, t, sim in conn.execute(q)}


def diff_versions(old: dict[str, Version] | None, new: dict[str, Version],
                  generation: int) -> Changes | None:
    """The :class:`Changes` from ``old`` to ``new`` (``None``: nothing changed)."""
    if old is None:
        return Changes(generation, frozenset(new), frozenset(v.year for v in new.values()),
                       frozenset(new), True, everything=True)
    keys = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
    if not keys:
        return None
    groups = {(v.state, v.year) for k in keys for v in (old.get(k), new.get(k)) if v is not None}
    numbering = {k for k, v in new.items() if (v.state, v.year) in groups}
    return Changes(generation, frozenset(keys), frozenset(y for _s, y in groups),
                   frozenset(numbering), len(old) != len(new))
