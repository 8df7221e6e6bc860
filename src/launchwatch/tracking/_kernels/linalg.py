"""Small compiled linear algebra of the filter steps: Cholesky factors and log-determinants
per row, Mahalanobis distances of gated pairs, Gaussian log-likelihoods, angle wrapping.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit


@njit(cache=True)
def _wrap(a: float) -> float:
    return (a + math.pi) % (2.0 * math.pi) - math.pi


@njit(cache=True)
def _cholesky(S: np.ndarray, L: np.ndarray) -> bool:
    """Lower Cholesky factor ``L`` of ``S (m, m)``; False if ``S`` is not positive definite."""
    m = S.shape[0]
    for i in range(m):
        for j in range(i + 1):
            s = S[i, j]
            for k in range(j):
                s -= L[i, k] * L[j, k]
            if i == j:
                if not s > 0.0:
                    return False
                L[i, i] = math.sqrt(s)
            else:
                L[i, j] = s / L[j, j]
        for j in range(i + 1, m):
            L[i, j] = 0.0
    return True


@njit(cache=True)
def cholesky_rows(S: np.ndarray, L: np.ndarray, logdet: np.ndarray, ok: np.ndarray) -> None:
    """Cholesky factors ``L (K, m, m)`` and ``log det`` ``(K,)`` of ``S (K, m, m)``; ``ok (K,)``
    False (and ``logdet`` NaN) where an ``S`` is not positive definite (or not finite)."""
    m = S.shape[1]
    for k in range(S.shape[0]):
        ok[k] = _cholesky(S[k], L[k])
        if ok[k]:
            ld = 0.0
            for i in range(m):
                ld += 2.0 * math.log(L[k, i, i])
            logdet[k] = ld
        else:
            logdet[k] = np.nan


@njit(cache=True)
def pair_distances(track: np.ndarray, nu: np.ndarray, L: np.ndarray, d2: np.ndarray) -> None:
    """Squared Mahalanobis distances ``d2 (P,)`` of innovations ``nu (P, m)`` of pairs whose
    track is ``track (P,)``, under the Cholesky factors ``L (K, m, m)``."""
    m = nu.shape[1]
    y = np.empty(m)
    for p in range(nu.shape[0]):
        k = track[p]
        s = 0.0
        for i in range(m):
            t = nu[p, i]
            for j in range(i):
                t -= L[k, i, j] * y[j]
            y[i] = t / L[k, i, i]
            s += y[i] * y[i]
        d2[p] = s


@njit(cache=True)
def log_likelihood_rows(nu: np.ndarray, S: np.ndarray, valid: np.ndarray, out: np.ndarray
                        ) -> None:
    """``log N(nu; 0, S)`` ``out (K, G)`` of innovations ``nu (K, G, m)`` under ``S (K, m, m)``;
    ``-inf`` where not ``valid (K, G)`` or where ``S`` is not positive definite."""
    K, G, m = nu.shape
    L = np.empty((m, m))
    y = np.empty(m)
    c = m * math.log(2.0 * math.pi)
    for k in range(K):
        ok = _cholesky(S[k], L)
        ld = 0.0
        if ok:
            for i in range(m):
                ld += 2.0 * math.log(L[i, i])
        for g in range(G):
            if not (ok and valid[k, g]):
                out[k, g] = -np.inf
                continue
            s = 0.0
            for i in range(m):
                t = nu[k, g, i]
                for j in range(i):
                    t -= L[i, j] * y[j]
                y[i] = t / L[i, i]
                s += y[i] * y[i]
            out[k, g] = -0.5 * (s + ld + c)
