"""Gating: which measurements a track may take, as sparse (track, measurement) pairs.

Two stages, so that the cost grows with the pairs that pass, not with tracks x
measurements: a coarse gate in 3-D (each measurement model embeds its measurements as
points, and each track's predicted measurement as a point with a radius that holds its
whole chi-square gate; a k-d tree finds the candidates when the scan is large), then the
exact squared Mahalanobis distance of each candidate under the track's innovation
covariance.  A track whose innovation covariance is not positive definite gates nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2

from . import _kernels as _k

__all__ = ["Gated", "candidate_pairs", "gate", "gate_threshold", "mahalanobis2"]

#: Below this many track x measurement pairs every pair is a candidate (no tree).
DENSE_PAIRS = 4096


@functools.cache
def gate_threshold(probability: float, dim: int) -> float:
    """Squared Mahalanobis distance that a true measurement falls inside with ``probability``.

    The quantile of the chi-square distribution with ``dim`` degrees of freedom.
    """
    return float(chi2.ppf(probability, dim))


def mahalanobis2(nu: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Squared Mahalanobis distances ``(K, G)`` of innovations ``nu (K, G, m)`` under ``S (K, m, m)``
    (NaN for a track whose ``S`` is not positive definite)."""
    K, G, m = nu.shape
    L, _, ok = _factor(S)
    d2 = np.empty(K * G)
    track = np.repeat(np.arange(K), G)
    _k.pair_distances(track, np.ascontiguousarray(nu.reshape(K * G, m), float), L, d2)
    d2 = d2.reshape(K, G)
    d2[~ok] = np.nan
    return d2


def _factor(S: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    S = np.ascontiguousarray(S, float)
    K, m, _ = S.shape
    L, logdet, ok = np.zeros((K, m, m)), np.empty(K), np.empty(K, bool)
    _k.cholesky_rows(S, L, logdet, ok)
    L[~ok] = np.eye(m)  # a harmless factor; those tracks are marked and gate nothing
    return L, logdet, ok


@dataclass(frozen=True)
class Gated:
    """Pairs inside the gate: ``track (P,)``, ``det (P,)``, squared distances ``d2 (P,)``;
    ``logdet (K,)`` of each track's innovation covariance (NaN: not positive definite),
    ``gamma`` the threshold and the scan's sizes ``n_tracks``, ``n_dets``."""

    track: np.ndarray
    det: np.ndarray
    d2: np.ndarray
    logdet: np.ndarray
    gamma: float
    n_tracks: int
    n_dets: int

    def select(self, keep: np.ndarray) -> Gated:
        """The pairs where ``keep (P,)`` is true."""
        return Gated(self.track[keep], self.det[keep], self.d2[keep], self.logdet, self.gamma,
                     self.n_tracks, self.n_dets)


def candidate_pairs(pred_pts: np.ndarray, radius: np.ndarray, det_pts: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``(track, det)`` whose embedded points lie within each track's radius: a k-d
    tree on the measurements queried for the nearest ``k`` of each track within the largest
    radius, ``k`` grown for the tracks whose gate may hold more."""
    K, m = pred_pts.shape[0], det_pts.shape[0]
    if K == 0 or m == 0:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    ok = np.isfinite(radius) & np.isfinite(pred_pts).all(axis=1)
    from scipy.spatial import cKDTree

    tree = cKDTree(det_pts)
    out_t, out_d = [np.empty(0, np.intp)], [np.empty(0, np.intp)]
    rows = np.flatnonzero(ok)
    # query tracks in buckets of similar radius (powers of two): a few wide tentative gates
    # must not widen the search of every confirmed track
    bucket = np.ceil(np.log2(np.maximum(radius[rows], 1e-12)))
    for b in np.unique(bucket):
        pending = rows[bucket == b]
        r_max = float(radius[pending].max())
        k = min(4, m)
        while pending.size:
            dist, idx = tree.query(pred_pts[pending], k=k, distance_upper_bound=r_max)
            dist, idx = dist.reshape(pending.size, k), idx.reshape(pending.size, k)
            inside = dist <= radius[pending, None]
            full = inside[:, -1] & (k < m)  # the k-th nearest is inside: there may be more
            t, j = np.nonzero(inside[~full])
            out_t.append(pending[~full][t])
            out_d.append(idx[~full][t, j])
            pending = pending[full]
            k = min(4 * k, m)
    return np.concatenate(out_t).astype(np.intp), np.concatenate(out_d).astype(np.intp)


def gate(zc: np.ndarray, Sc: np.ndarray, z: np.ndarray, meas, probability: float,
         eligible: np.ndarray) -> Gated:
    """The (track, measurement) pairs inside the chi-square gate of ``probability``.

    ``zc (K, m)``, ``Sc (K, m, m)`` the tracks' predicted measurements, ``z (M, m)`` the
    scan, ``meas`` its measurement model, ``eligible (K,)`` the tracks that may take
    measurements of this kind.
    """
    K, M = zc.shape[0], z.shape[0]
    gamma = gate_threshold(probability, meas.dim)
    L, logdet, ok = _factor(Sc)
    rows = np.flatnonzero(eligible & ok)
    if not rows.size or not M:
        empty = np.empty(0, np.intp)
        return Gated(empty, empty, np.empty(0), logdet, gamma, K, M)
    if rows.size * M <= DENSE_PAIRS:  # a small scan: every pair, in one compiled pass
        n = rows.size * M
        t, d, d2 = np.empty(n, np.intp), np.empty(n, np.intp), np.empty(n)
        n = _k.dense_gate(rows.astype(np.intp), np.ascontiguousarray(zc, float),
                          np.ascontiguousarray(z, float), np.asarray(meas.angle, bool), L, gamma,
                          t, d, d2)
        return Gated(t[:n], d[:n], d2[:n], logdet, gamma, K, M)
    pts, radius = meas.embed_gate(zc[rows], Sc[rows], gamma)
    t, d = candidate_pairs(pts, radius, meas.embed(z))
    t = rows[t]
    nu = meas.residual(z[d], zc[t])
    d2 = np.empty(t.size)
    _k.pair_distances(t, np.ascontiguousarray(nu, float), L, d2)
    inside = d2 < gamma
    return Gated(t[inside], d[inside], d2[inside], logdet, gamma, K, M)
