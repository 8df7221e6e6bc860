"""Compiled association helpers: the connected groups of gated track-detection pairs
(union-find) and the dense gate of a group's pairs.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .linalg import _wrap


@njit(cache=True)
def _root(parent: np.ndarray, i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


@njit(cache=True)
def pair_groups(track: np.ndarray, det: np.ndarray, n_tracks: int, n_dets: int,
                group: np.ndarray, tracks_per: np.ndarray, dets_per: np.ndarray) -> int:
    """Connected groups of (track, measurement) pairs (union-find): ``group (P,)`` labels
    0..G-1, the number of distinct tracks and measurements per group (``(P,)`` buffers, the
    first G filled); returns G."""
    parent = np.arange(n_tracks + n_dets)
    for p in range(track.shape[0]):
        a = _root(parent, track[p])
        b = _root(parent, n_tracks + det[p])
        if a != b:
            parent[b] = a
    label = np.full(n_tracks + n_dets, -1)
    seen = np.zeros(n_tracks + n_dets, np.bool_)
    G = 0
    for p in range(track.shape[0]):
        r = _root(parent, track[p])
        if label[r] < 0:
            label[r] = G
            tracks_per[G] = 0
            dets_per[G] = 0
            G += 1
        g = label[r]
        group[p] = g
        if not seen[track[p]]:
            seen[track[p]] = True
            tracks_per[g] += 1
        if not seen[n_tracks + det[p]]:
            seen[n_tracks + det[p]] = True
            dets_per[g] += 1
    return G


@njit(cache=True)
def dense_gate(rows: np.ndarray, zc: np.ndarray, z: np.ndarray, angle: np.ndarray, L: np.ndarray,
               gamma: float, t_out: np.ndarray, d_out: np.ndarray, d2_out: np.ndarray) -> int:
    """Every (track, measurement) pair of the tracks ``rows`` and the scan ``z (M, m)`` inside
    the gate ``gamma``: the residual against ``zc (K, m)`` (components flagged in ``angle``
    wrapped) and its squared Mahalanobis distance under the Cholesky factors ``L (K, m, m)``.
    Writes the pairs into ``t_out``, ``d_out``, ``d2_out`` (length at least ``len(rows) M``);
    returns their number."""
    M, m = z.shape
    nu = np.empty(m)
    y = np.empty(m)
    n = 0
    for r in range(rows.shape[0]):
        k = rows[r]
        for d in range(M):
            for i in range(m):
                v = z[d, i] - zc[k, i]
                nu[i] = _wrap(v) if angle[i] else v
            s = 0.0
            for i in range(m):
                t = nu[i]
                for j in range(i):
                    t -= L[k, i, j] * y[j]
                y[i] = t / L[k, i, i]
                s += y[i] * y[i]
            if s < gamma:
                t_out[n] = k
                d_out[n] = d
                d2_out[n] = s
                n += 1
    return n
