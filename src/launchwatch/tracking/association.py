"""Data association: global nearest neighbour (optimal assignment) and JPDA, on sparse pairs.

The associators take the gated (track, measurement) pairs of :func:`.gating.gate`, never a
tracks x measurements matrix: they split the pairs into connected groups (tracks and
measurements that share gates), solve the groups of one track in closed form, vectorised,
and the rest exactly (GNN: one sparse assignment, :func:`scipy.sparse.csgraph.
min_weight_full_bipartite_matching`; JPDA: a dynamic programme over measurement subsets
per group).  Memory and time grow with the pairs.

:func:`gnn` and :func:`jpda` keep the dense interface (a cost or likelihood matrix) for
callers that have one; they call the sparse solvers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching

from ._kernels import pair_groups

__all__ = ["Association", "associate_gnn", "associate_jpda", "clusters", "gnn", "gnn_pairs",
           "jpda", "jpda_pairs"]


#: Up to this many tracks x measurements of the pairs' rows and columns, GNN solves one
#: dense assignment (cheaper than grouping); beyond, it works group by group.
DENSE_CELLS = 16_384


def _groups(track: np.ndarray, det: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Connected groups of pairs: ``(group (P,), tracks per group, dets per group)``."""
    P = track.size
    group, tpg, dpg = np.empty(P, np.int64), np.empty(P, np.int64), np.empty(P, np.int64)
    G = pair_groups(track.astype(np.int64), det.astype(np.int64), int(track.max()) + 1,
                    int(det.max()) + 1, group, tpg, dpg)
    return group, tpg[:G], dpg[:G]


def _gnn_dense(track: np.ndarray, det: np.ndarray, gain: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One augmented assignment over the pairs' own rows and columns (a miss gains 0)."""
    ut, ti = np.unique(track, return_inverse=True)
    ud, di = np.unique(det, return_inverse=True)
    nt, nd = ut.size, ud.size
    big = 1e12
    aug = np.full((nt, nd + nt), big)
    aug[ti, di] = gain
    aug[np.arange(nt), nd + np.arange(nt)] = 0.0
    r, c = linear_sum_assignment(aug)
    hit = (c < nd) & (aug[r, c] < big)
    return ut[r[hit]], ud[c[hit]]


def gnn_pairs(track: np.ndarray, det: np.ndarray, cost: np.ndarray, miss: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """Global nearest neighbour over sparse pairs: the assignment of least total cost.

    ``track``, ``det (P,)`` the candidate pairs (unique), ``cost (P,)`` their costs,
    ``miss (K,)`` the cost of leaving track ``k`` unassigned (a measurement left over costs
    nothing).  Returns the assigned ``(tracks, dets)``.
    """
    if track.size == 0:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    track, det = np.asarray(track, np.intp), np.asarray(det, np.intp)
    gain = cost - miss[track]  # < 0: better than a miss
    if np.bincount(track).max() == 1 and np.bincount(det).max() == 1:
        keep = gain < 0  # the pairs share no track and no measurement: each on its own
        return track[keep], det[keep]
    if np.unique(track).size * np.unique(det).size <= DENSE_CELLS:
        return _gnn_dense(track, det, gain)
    group, tpg, dpg = _groups(track, det)
    one = (tpg[group] == 1) | (dpg[group] == 1)
    out_t, out_d = [np.empty(0, np.intp)], [np.empty(0, np.intp)]
    # one track (or one measurement) in the group: its best pair, if that gains
    idx = np.flatnonzero(one & (gain < 0))
    order = idx[np.lexsort((gain[idx], group[idx]))]
    first = np.ones(order.size, bool)
    first[1:] = group[order][1:] != group[order][:-1]
    out_t.append(track[order[first]])
    out_d.append(det[order[first]])
    rest = np.flatnonzero(~one)
    if rest.size:
        ut, ti = np.unique(track[rest], return_inverse=True)
        ud, di = np.unique(det[rest], return_inverse=True)
        nt, nd = ut.size, ud.size
        g = gain[rest]
        # shift each row to positive weights (one assignment per row: the optimum stays);
        # a miss gains 0
        low = np.zeros(nt)
        np.minimum.at(low, ti, g)
        w = np.concatenate([g - low[ti] + 1.0, -low + 1.0])
        rows = np.concatenate([ti, np.arange(nt)])
        cols = np.concatenate([di, nd + np.arange(nt)])
        r, c = min_weight_full_bipartite_matching(csr_matrix((w, (rows, cols)), shape=(nt, nd + nt)))
        hit = c < nd
        out_t.append(ut[r[hit]])
        out_d.append(ud[c[hit]])
    return np.concatenate(out_t).astype(np.intp), np.concatenate(out_d).astype(np.intp)


def gnn(cost: np.ndarray, miss_cost: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Global nearest neighbour on a dense ``cost (K, M)`` matrix (``inf`` = outside the gate).

    A track left unassigned costs ``miss_cost`` (scalar or ``(K,)``), a measurement left
    unassigned costs nothing.  Returns ``(tracks, measurements)`` index arrays of the pairs,
    sorted by track.
    """
    k = cost.shape[0]
    miss = np.broadcast_to(np.asarray(miss_cost, float), (k,))
    t, d = np.nonzero(np.isfinite(cost))
    r, c = gnn_pairs(t, d, cost[t, d], miss)
    o = np.argsort(r, kind="stable")
    return r[o], c[o]


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


def jpda_pairs(track: np.ndarray, det: np.ndarray, likelihood: np.ndarray, n_tracks: int,
               pd: float, pg: float, clutter_density: float, max_cluster_measurements: int = 18
               ) -> tuple[np.ndarray, np.ndarray]:
    """JPDA association probabilities over sparse pairs: ``(beta (P,), beta0 (n_tracks,))``.

    ``likelihood (P,)`` the Gaussian likelihood of each pair; ``pd``, ``pg`` detection and
    gate probabilities; clutter density in the measurement's units.  A track alone in its
    group gets the closed form (vectorised); larger groups are solved exactly; a group
    with more than ``max_cluster_measurements`` measurements falls back to per-track PDA
    (the joint constraint dropped) so that the cost stays bounded.
    """
    beta = np.zeros(track.size)
    beta0 = np.ones(n_tracks)
    if track.size == 0:
        return beta, beta0
    w = pd * likelihood / max(clutter_density, 1e-300)
    w0 = 1.0 - pd * pg
    group, tpg, dpg = _groups(track, det)
    # closed form for tracks alone in their group (PDA), and the fallback groups
    pda = (tpg[group] == 1) | (dpg[group] > max_cluster_measurements)
    tot = np.full(n_tracks, w0)
    np.add.at(tot, track[pda], w[pda])
    beta[pda] = w[pda] / tot[track[pda]]
    alone = np.unique(track[pda])
    beta0[alone] = w0 / tot[alone]
    for g in np.unique(group[~pda]):
        idx = np.flatnonzero(group == g)
        ut, ti = np.unique(track[idx], return_inverse=True)
        ud, di = np.unique(det[idx], return_inverse=True)
        wg = np.zeros((ut.size, ud.size))
        wg[ti, di] = w[idx]
        b = _cluster_marginals(wg, np.full(ut.size, w0))
        beta0[ut] = b[:, 0]
        beta[idx] = b[ti, di + 1]
    return beta, beta0


def jpda(likelihood: np.ndarray, gated: np.ndarray, pd: float, pg: float, clutter_density: float,
         max_cluster_measurements: int = 18) -> np.ndarray:
    """Joint probabilistic data association probabilities on dense matrices.

    ``likelihood (K, M)`` Gaussian likelihood of measurement j under track k's prediction;
    ``gated (K, M)``.  Returns ``beta (K, M + 1)``, column 0 = no measurement (see
    :func:`jpda_pairs`).
    """
    k, m = likelihood.shape
    t, d = np.nonzero(gated)
    b, b0 = jpda_pairs(t, d, likelihood[t, d], k, pd, pg, clutter_density,
                       max_cluster_measurements)
    beta = np.zeros((k, m + 1))
    beta[:, 0] = b0
    beta[t, d + 1] = b
    return beta


@dataclass(frozen=True)
class Association:
    """What a scan's associator decided.

    ``track``, ``det``, ``beta (Q,)``: the (track, measurement) pairs with a probability
    (1 for an assignment); ``beta0 (K,)`` the probability that a track got none;
    ``used (M,)`` the measurements taken or claimed by a confirmed track (no new track
    starts on them).
    """

    track: np.ndarray
    det: np.ndarray
    beta: np.ndarray
    beta0: np.ndarray
    used: np.ndarray


def _tentative(gated, confirmed: np.ndarray, used: np.ndarray, logdet: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """GNN of the tentative tracks on the measurements no confirmed track claimed."""
    keep = ~confirmed[gated.track] & ~used[gated.det]
    t, d = gated.track[keep], gated.det[keep]
    return gnn_pairs(t, d, gated.d2[keep] + logdet[t], gated.gamma + logdet)


def _assemble(K: int, M: int, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
              beta0: np.ndarray, used: np.ndarray) -> Association:
    t = np.concatenate([p[0] for p in parts])
    d = np.concatenate([p[1] for p in parts])
    b = np.concatenate([p[2] for p in parts])
    keep = b > 0
    return Association(t[keep].astype(np.intp), d[keep].astype(np.intp), b[keep], beta0, used)


def associate_gnn(gated, confirmed: np.ndarray, meas) -> Association:
    """GNN, confirmed tracks first (cost ``d2 + log det S``, a miss ``gamma + log det S``),
    then the tentative ones on what no confirmed track claimed (every measurement in a
    confirmed track's gate is claimed: clutter near a track starts no track)."""
    K, M = gated.n_tracks, gated.n_dets
    logdet = np.where(np.isfinite(gated.logdet), gated.logdet, 0.0)
    conf = confirmed[gated.track]
    t, d = gnn_pairs(gated.track[conf], gated.det[conf], gated.d2[conf] + logdet[gated.track[conf]],
                     gated.gamma + logdet)
    used = np.zeros(M, bool)
    used[gated.det[conf]] = True
    tt, td = _tentative(gated, confirmed, used, logdet)
    used[td] = True
    beta0 = np.ones(K)
    beta0[t] = 0.0
    beta0[tt] = 0.0
    return _assemble(K, M, [(t, d, np.ones(t.size)), (tt, td, np.ones(tt.size))], beta0, used)


def associate_jpda(gated, confirmed: np.ndarray, meas, gate_probability: float) -> Association:
    """JPDA for the confirmed tracks (the scan's clutter density and ``pd``), then GNN for
    the tentative ones on what no confirmed track claimed."""
    K, M = gated.n_tracks, gated.n_dets
    logdet = np.where(np.isfinite(gated.logdet), gated.logdet, 0.0)
    conf = confirmed[gated.track]
    t, d = gated.track[conf], gated.det[conf]
    lik = np.exp(-0.5 * gated.d2[conf] - 0.5 * logdet[t] - 0.5 * meas.dim * np.log(2 * np.pi))
    b, beta0 = jpda_pairs(t, d, lik, K, meas.pd, gate_probability, meas.clutter_density)
    beta0 = np.where(confirmed, beta0, 1.0)
    used = np.zeros(M, bool)
    used[d] = True
    tt, td = _tentative(gated, confirmed, used, logdet)
    used[td] = True
    beta0[tt] = 0.0
    return _assemble(K, M, [(t, d, b), (tt, td, np.ones(tt.size))], beta0, used)
