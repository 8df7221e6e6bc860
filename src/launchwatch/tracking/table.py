"""The track table: every live track of a tracker as one structure of arrays.

Row ``k`` of each field is track ``k``; the roles of :mod:`launchwatch.tracking.roles`
read and return tables (``select`` to keep rows, ``append`` to add them, ``replace`` to
change fields), so no role keeps hidden state between calls.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

__all__ = ["TrackTable"]


@dataclass(frozen=True)
class TrackTable:
    """K tracks of an M-model IMM over an n-state.

    ``xm (K, M, n)``, ``Pm (K, M, n, n)``, ``mu (K, M)``: the per-model estimates and mode
    probabilities; ``id (K,)``; ``confirmed (K,)``; ``hits``, ``scans`` (scans in coverage
    since birth) and ``misses`` (consecutive misses in coverage) ``(K,)``; ``born (K,)``
    [s]; ``ir_born (K,)`` started from an infrared pair.  The first detection of each track
    (for the two-point start): ``first_p (K, 3)``, ``first_R (K, 3, 3)``, ``first_t (K,)``,
    ``first_rr (K,)`` (range-rate, NaN: none), ``first_site (K, 3)``, ``first_srr (K,)``.
    """

    xm: np.ndarray
    Pm: np.ndarray
    mu: np.ndarray
    id: np.ndarray
    confirmed: np.ndarray
    hits: np.ndarray
    scans: np.ndarray
    misses: np.ndarray
    born: np.ndarray
    ir_born: np.ndarray
    first_p: np.ndarray
    first_R: np.ndarray
    first_t: np.ndarray
    first_rr: np.ndarray
    first_site: np.ndarray
    first_srr: np.ndarray

    @classmethod
    def empty(cls, models: int, n: int) -> TrackTable:
        """A table of no tracks."""
        return cls(np.empty((0, models, n)), np.empty((0, models, n, n)), np.empty((0, models)),
                   np.empty(0, np.int64), np.empty(0, bool), np.empty(0, np.int64),
                   np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), np.empty(0, bool),
                   np.empty((0, 3)), np.empty((0, 3, 3)), np.empty(0), np.empty(0),
                   np.empty((0, 3)), np.empty(0))

    def __len__(self) -> int:
        return int(self.id.shape[0])

    def select(self, rows: np.ndarray) -> TrackTable:
        """The tracks ``rows`` (indices, or a boolean mask ``(K,)``), in that order."""
        return TrackTable(*(getattr(self, f.name)[rows] for f in dataclasses.fields(self)))

    def append(self, other: TrackTable) -> TrackTable:
        """These tracks followed by ``other``'s."""
        if not len(other):
            return self
        return TrackTable(*(np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                            for f in dataclasses.fields(self)))

    def replace(self, **fields: np.ndarray) -> TrackTable:
        """A table with some fields replaced (arrays of the same length)."""
        new = object.__new__(TrackTable)  # frozen: no __init__ per scan, just the fields
        new.__dict__.update(self.__dict__)
        for name, value in fields.items():
            if name not in new.__dict__:
                raise TypeError(f"TrackTable has no field {name!r}")
            new.__dict__[name] = value
        return new
