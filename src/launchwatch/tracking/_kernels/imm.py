"""Compiled IMM and PDA steps per row (track x model): mixing, combination, measurement
moments, the mixture of a measurement's models, the PDA update and the joint IMM-PDA update.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .linalg import _cholesky, _wrap


@njit(cache=True)
def mix_rows(xm: np.ndarray, Pm: np.ndarray, mu: np.ndarray, PI: np.ndarray, x0: np.ndarray,
             P0: np.ndarray, c: np.ndarray) -> None:
    """IMM mixing of ``xm (K, M, n)``, ``Pm (K, M, n, n)``, ``mu (K, M)`` with the switching
    matrix ``PI (M, M)``: mixed ``x0``, ``P0`` and predicted mode probabilities ``c (K, M)``."""
    K, M, n = xm.shape
    w = np.empty(M)
    d = np.empty(n)
    for k in range(K):
        for j in range(M):
            s = 0.0
            for i in range(M):
                s += mu[k, i] * PI[i, j]
            c[k, j] = s
            den = s if s > 1e-300 else 1e-300
            for i in range(M):
                w[i] = mu[k, i] * PI[i, j] / den
            for a in range(n):
                t = 0.0
                for i in range(M):
                    t += w[i] * xm[k, i, a]
                x0[k, j, a] = t
            for a in range(n):
                for b in range(n):
                    P0[k, j, a, b] = 0.0
            for i in range(M):
                for a in range(n):
                    d[a] = xm[k, i, a] - x0[k, j, a]
                for a in range(n):
                    for b in range(n):
                        P0[k, j, a, b] += w[i] * (Pm[k, i, a, b] + d[a] * d[b])
            for a in range(n):
                for b in range(a + 1, n):
                    v = 0.5 * (P0[k, j, a, b] + P0[k, j, b, a])
                    P0[k, j, a, b] = v
                    P0[k, j, b, a] = v


@njit(cache=True)
def combine_rows(xm: np.ndarray, Pm: np.ndarray, mu: np.ndarray, x: np.ndarray,
                 P: np.ndarray) -> None:
    """Moment-matched combination ``x (K, n)``, ``P (K, n, n)`` (symmetrised) of an IMM: the
    moment matching of :func:`mixture_rows`, no angles."""
    K, n = xm.shape[0], xm.shape[2]
    mixture_rows(xm, Pm, mu, np.zeros(n, np.bool_), x, P)
    for k in range(K):
        for a in range(n):
            for b in range(a + 1, n):
                v = 0.5 * (P[k, a, b] + P[k, b, a])
                P[k, a, b] = v
                P[k, b, a] = v


@njit(cache=True)
def moments_rows(P: np.ndarray, H: np.ndarray, R: np.ndarray, S: np.ndarray, C: np.ndarray
                 ) -> None:
    """``C = P H^T (N, n, m)`` and ``S = H C + R (N, m, m)`` (symmetrised) for every row."""
    N, m, n = H.shape
    for r in range(N):
        for a in range(n):
            for i in range(m):
                t = 0.0
                for b in range(n):
                    t += P[r, a, b] * H[r, i, b]
                C[r, a, i] = t
        for i in range(m):
            for j in range(i, m):
                t = 0.0
                for b in range(n):
                    t += H[r, i, b] * C[r, b, j]
                t2 = 0.0
                for b in range(n):
                    t2 += H[r, j, b] * C[r, b, i]
                v = 0.5 * (t + t2) + 0.5 * (R[i, j] + R[j, i])
                S[r, i, j] = v
                S[r, j, i] = v


@njit(cache=True)
def mixture_rows(zhat: np.ndarray, S: np.ndarray, c: np.ndarray, angle: np.ndarray,
                 zc: np.ndarray, Sc: np.ndarray) -> None:
    """Moment-matched predicted measurement ``zc (K, m)``, ``Sc (K, m, m)`` of the IMM's
    models ``zhat (K, M, m)``, ``S (K, M, m, m)`` with probabilities ``c (K, M)``; components
    flagged in ``angle (m,)`` are differenced about the first model and wrapped."""
    K, M, m = zhat.shape
    dz = np.empty(m)
    for k in range(K):
        for i in range(m):
            t = 0.0
            for j in range(M):
                dv = zhat[k, j, i] - zhat[k, 0, i]
                if angle[i]:
                    dv = _wrap(dv)
                t += c[k, j] * dv
            zc[k, i] = zhat[k, 0, i] + t
        for a in range(m):
            for b in range(m):
                Sc[k, a, b] = 0.0
        for j in range(M):
            for i in range(m):
                dv = zhat[k, j, i] - zc[k, i]
                dz[i] = _wrap(dv) if angle[i] else dv
            for a in range(m):
                for b in range(m):
                    Sc[k, a, b] += c[k, j] * (S[k, j, a, b] + dz[a] * dz[b])


@njit(cache=True)
def pda_update_rows(x: np.ndarray, P: np.ndarray, C: np.ndarray, S: np.ndarray, nu: np.ndarray,
                    beta: np.ndarray, ok: np.ndarray) -> None:
    """(J)PDA / nearest-neighbour update of ``x (K, n)``, ``P (K, n, n)`` in place.

    ``C (K, n, m)`` state/measurement cross-covariance, ``S (K, m, m)``, innovations
    ``nu (K, G, m)`` (ignored where ``beta == 0``), ``beta (K, G + 1)`` (column 0: none).
    ``K = C S^-1``, ``x += K sum(beta nu)``,
    ``P -= (1 - beta0) K S K^T - K (sum(beta nu nu^T) - nu_c nu_c^T) K^T``, symmetrised;
    rows with ``beta0 == 1`` are left alone.  ``ok (K,)`` False (row untouched) where ``S``
    is not positive definite.  (:func:`imm_pda_rows` with one model.)
    """
    K, n = x.shape
    G, m = nu.shape[1], nu.shape[2]
    valid = np.empty((K, G), np.bool_)
    for k in range(K):
        for g in range(G):
            valid[k, g] = beta[k, g + 1] > 0.0
    loglik = np.empty((K, 1, G))
    imm_pda_rows(x.reshape(K, 1, n), P.reshape(K, 1, n, n), C.reshape(K, 1, n, m),
                 S.reshape(K, 1, m, m), nu.reshape(K, 1, G, m), beta, valid, loglik, ok)


@njit(cache=True)
def imm_pda_rows(xm: np.ndarray, Pm: np.ndarray, C: np.ndarray, S: np.ndarray, nu: np.ndarray,
                 beta: np.ndarray, valid: np.ndarray, loglik: np.ndarray, ok: np.ndarray) -> None:
    """(J)PDA update of every model of every track in place (:func:`pda_update_rows` per
    model) and the log likelihoods ``loglik (K, M, G)`` of the candidates under each model.

    ``xm (K, M, n)``, ``Pm (K, M, n, n)``, ``C (K, M, n, m)``, ``S (K, M, m, m)``, ``nu (K, M,
    G, m)``, ``beta (K, G + 1)``, ``valid (K, G)``.  Rows with ``beta0 == 1`` are skipped;
    ``ok (K,)`` False where a model's ``S`` is not positive definite (the track left as
    predicted).
    """
    K, Mm, n = xm.shape
    G = nu.shape[2]
    m = S.shape[2]
    L = np.empty((m, m))
    Kg = np.empty((n, m))
    nc = np.empty(m)
    M = np.empty((m, m))
    KM = np.empty((n, m))
    y = np.empty(m)
    c = m * math.log(2.0 * math.pi)
    xs = np.empty(n)
    for k in range(K):
        ok[k] = True
        b0 = beta[k, 0]
        for j in range(Mm):
            for g in range(G):
                loglik[k, j, g] = -np.inf
        if b0 == 1.0:
            continue
        good = True
        for j in range(Mm):
            if not _cholesky(S[k, j], L):
                good = False
                break
        if not good:
            ok[k] = False
            continue
        for j in range(Mm):
            _cholesky(S[k, j], L)
            ld = 0.0
            for i in range(m):
                ld += 2.0 * math.log(L[i, i])
            for g in range(G):
                if valid[k, g]:
                    s = 0.0
                    for i in range(m):
                        t = nu[k, j, g, i]
                        for q in range(i):
                            t -= L[i, q] * y[q]
                        y[i] = t / L[i, i]
                        s += y[i] * y[i]
                    loglik[k, j, g] = -0.5 * (s + ld + c)
            for a in range(n):  # Kg = C S^-1
                for i in range(m):
                    t = C[k, j, a, i]
                    for q in range(i):
                        t -= L[i, q] * Kg[a, q]
                    Kg[a, i] = t / L[i, i]
                for i in range(m - 1, -1, -1):
                    t = Kg[a, i]
                    for q in range(i + 1, m):
                        t -= L[q, i] * Kg[a, q]
                    Kg[a, i] = t / L[i, i]
            for i in range(m):
                nc[i] = 0.0
            for g in range(G):
                b = beta[k, g + 1]
                if b > 0.0:
                    for i in range(m):
                        nc[i] += b * nu[k, j, g, i]
            for i in range(m):
                for q in range(m):
                    M[i, q] = (1.0 - b0) * S[k, j, i, q] + nc[i] * nc[q]
            for g in range(G):
                b = beta[k, g + 1]
                if b > 0.0:
                    for i in range(m):
                        for q in range(m):
                            M[i, q] -= b * nu[k, j, g, i] * nu[k, j, g, q]
            for a in range(n):
                s = 0.0
                for i in range(m):
                    s += Kg[a, i] * nc[i]
                xs[a] = s
                for q in range(m):
                    t = 0.0
                    for i in range(m):
                        t += Kg[a, i] * M[i, q]
                    KM[a, q] = t
            for a in range(n):
                xm[k, j, a] += xs[a]
                for cc in range(a, n):
                    t = 0.0
                    for q in range(m):
                        t += KM[a, q] * Kg[cc, q]
                    v = 0.5 * ((Pm[k, j, a, cc] - t) + (Pm[k, j, cc, a] - t))
                    Pm[k, j, a, cc] = v
                    Pm[k, j, cc, a] = v
