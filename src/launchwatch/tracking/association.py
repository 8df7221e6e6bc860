"""Data association: global nearest neighbour (optimal assignment) and JPDA with clustering."""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["clusters", "gnn", "jpda"]

_BIG = 1e12


def gnn(cost: np.ndarray, miss_cost: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Global nearest neighbour: the assignment of tracks to measurements of least total cost.

    ``cost (K, M)`` [any unit, ``inf`` = outside the gate]; a track left unassigned costs
    ``miss_cost`` (scalar or ``(K,)``), a measurement left unassigned costs nothing.  Solved
    exactly by :func:`scipy.optimize.linear_sum_assignment` on the matrix augmented with one
    "miss" column per track.  Returns ``(tracks, measurements)`` index arrays of the pairs.
    """
    k, m = cost.shape
    if k == 0 or m == 0:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    miss = np.broadcast_to(np.asarray(miss_cost, float), (k,))
    fin = np.isfinite(cost)
    # rows and columns in no gate take no part (a row's miss column is its only choice):
    # solve the smaller problem that holds the rest (the same optimum)
    rows_in, cols_in = fin.any(axis=1), fin.any(axis=0)
    if not rows_in.all() or not cols_in.all():
        ri, ci = np.flatnonzero(rows_in), np.flatnonzero(cols_in)
        if not ri.size:
            return np.empty(0, np.intp), np.empty(0, np.intp)
        r, c = gnn(cost[np.ix_(ri, ci)], miss[ri])
        return ri[r], ci[c]
    c = np.where(fin, cost, _BIG)
    aug = np.full((k, m + k), _BIG)
    aug[:, :m] = c
    aug[np.arange(k), m + np.arange(k)] = miss
    rows, cols = linear_sum_assignment(aug)
    ok = (cols < m) & (aug[rows, cols] < _BIG)
    return rows[ok], cols[ok]


def clusters(gated: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Connected groups of tracks and measurements that share gates.

    ``gated (K, M)`` boolean.  Returns ``(n, track_label (K,), meas_label (M,))``: tracks and
    measurements with the same label interact; a measurement in no gate has its own label.
    """
    k, m = gated.shape
    r, c = np.nonzero(gated)
    g = coo_matrix((np.ones(r.size), (r, k + c)), shape=(k + m, k + m))
    n, lab = connected_components(g, directed=False)
    return n, lab[:k], lab[k:]


def _cluster_marginals(w: np.ndarray, w0: np.ndarray) -> np.ndarray:
    """Exact JPDA marginals for one cluster: ``w (T, G)`` weights (0 = not gated), ``w0 (T,)``.

    Dynamic programme over tracks with the set of used measurements as a bitmask
    (forward and backward sums), exact and far cheaper than listing joint events.
    Returns ``beta (T, G + 1)``.
    """
    T, G = w.shape
    fwd: list[dict[int, float]] = [{0: 1.0}]
    for t in range(T):
        nxt: dict[int, float] = {}
        for mask, val in fwd[-1].items():
            nxt[mask] = nxt.get(mask, 0.0) + val * w0[t]
            for j in np.flatnonzero(w[t]):
                if not mask >> j & 1:
                    nm = mask | (1 << int(j))
                    nxt[nm] = nxt.get(nm, 0.0) + val * w[t, j]
        fwd.append(nxt)
    # backward: bwd[t][mask] = total weight of tracks t.. given measurements in mask are taken
    bwd: list[dict[int, float]] = [{} for _ in range(T + 1)]

    def back(t: int, mask: int) -> float:
        if t == T:
            return 1.0
        memo = bwd[t]
        if mask in memo:
            return memo[mask]
        s = w0[t] * back(t + 1, mask)
        for j in np.flatnonzero(w[t]):
            if not mask >> j & 1:
                s += w[t, j] * back(t + 1, mask | (1 << int(j)))
        memo[mask] = s
        return s

    total = back(0, 0)
    beta = np.zeros((T, G + 1))
    for t in range(T):
        for mask, val in fwd[t].items():
            beta[t, 0] += val * w0[t] * back(t + 1, mask)
            for j in np.flatnonzero(w[t]):
                if not mask >> j & 1:
                    beta[t, j + 1] += val * w[t, j] * back(t + 1, mask | (1 << int(j)))
    return beta / total


def jpda(likelihood: np.ndarray, gated: np.ndarray, pd: float, pg: float, clutter_density: float,
         max_cluster_measurements: int = 18) -> np.ndarray:
    """Joint probabilistic data association probabilities, cluster by cluster.

    ``likelihood (K, M)`` Gaussian likelihood of measurement j under track k's prediction;
    ``gated (K, M)``; ``pd``, ``pg`` detection and gate probabilities; clutter density in
    the same measurement units.  Returns ``beta (K, M + 1)``, column 0 = no measurement.

    A track alone in its cluster gets the closed form (vectorised over all such tracks);
    larger clusters are solved exactly by a dynamic programme over measurement subsets.
    A cluster with more than ``max_cluster_measurements`` measurements falls back to
    per-track PDA (the joint constraint dropped) so that the cost stays bounded.
    """
    k, m = likelihood.shape
    beta = np.zeros((k, m + 1))
    if k == 0:
        return beta
    w = np.where(gated, pd * likelihood / max(clutter_density, 1e-300), 0.0)
    w0 = 1.0 - pd * pg
    n, tl, ml = clusters(gated)
    size = np.bincount(tl, minlength=n)
    single = size[tl] == 1
    # closed form for single-track clusters (PDA)
    tot = w0 + w[single].sum(axis=1)
    beta[single, 0] = w0 / tot
    beta[single, 1:] = w[single] / tot[:, None]
    for lab in np.unique(tl[~single]):
        tr = np.flatnonzero(tl == lab)
        ms = np.flatnonzero(ml == lab)
        if ms.size > max_cluster_measurements:
            sub = w[np.ix_(tr, ms)]
            tot = w0 + sub.sum(axis=1)
            beta[tr, 0] = w0 / tot
            beta[np.ix_(tr, ms + 1)] = sub / tot[:, None]
            continue
        b = _cluster_marginals(w[np.ix_(tr, ms)], np.full(tr.size, w0))
        beta[tr, 0] = b[:, 0]
        beta[np.ix_(tr, ms + 1)] = b[:, 1:]
    return beta
