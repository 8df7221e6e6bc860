"""Compiled per-row kernels of the tracker's filter steps: IMM mixing and combination,
measurement moments, gating, updates, association groups.

Each function loops over rows (tracks, or track x model) with preallocated outputs, so a
scan costs a few compiled calls whatever the number of tracks: numpy's fixed overhead per
call on 8 x 8 blocks dominated a scan before (a profile at 8 targets: ~1180 Python-level
calls, the RK4 step with its Jacobian ~250 us in ~60 small numpy calls).  The motion
kernels are in :mod:`._motion`.  The numpy references the tests compare these with live
in ``tests/tracking/twins.py``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..earth import _kernels as ek


# --- IMM ---------------------------------------------------------------------------------
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


# --- measurement moments -------------------------------------------------------------------
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
def _wrap(a: float) -> float:
    return (a + math.pi) % (2.0 * math.pi) - math.pi


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


# --- gating and updates ------------------------------------------------------------------------
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


# --- association ---------------------------------------------------------------------------
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


@njit(cache=True)
def lost_rows(x: np.ndarray, P: np.ndarray, max_var: float, min_height: float, ep: np.ndarray,
              dead: np.ndarray) -> None:
    """``dead (K,)``: a combined estimate ``x (K, n)``, ``P (K, n, n)`` whose covariance is not
    finite, whose position/velocity block is not positive definite, whose position variance
    (trace) is not below ``max_var`` [m^2], or whose height is below ``min_height`` [m]."""
    L = np.empty((6, 6))
    for k in range(x.shape[0]):
        bad = False
        for a in range(P.shape[1]):
            for b in range(P.shape[2]):
                if not np.isfinite(P[k, a, b]):
                    bad = True
        if not bad:
            var = P[k, 0, 0] + P[k, 1, 1] + P[k, 2, 2]
            bad = not (var < max_var) or not _cholesky(P[k, :6, :6], L)
        if not bad:
            if not (np.isfinite(x[k, 0]) and np.isfinite(x[k, 1]) and np.isfinite(x[k, 2])):
                bad = True
            else:
                bad = not (ek.geodetic(x[k, 0], x[k, 1], x[k, 2], ep, 1)[0] >= min_height)
        dead[k] = bad


@njit(cache=True)
def start_rows(pos: np.ndarray, pcov: np.ndarray, rr: np.ndarray, site: np.ndarray,
               srr: np.ndarray, kappa0: float, speed_var: float, kappa_var: float,
               thrust_var: float, thrusting: np.ndarray, xm: np.ndarray, Pm: np.ndarray) -> None:
    """The one-point start of a track per detection, for each of the IMM's models.

    Position ``pos (b, 3)`` with covariance ``pcov (b, 3, 3)`` (+1 m^2 per axis); with a
    range-rate ``rr (b,)`` (NaN: none) seen from ``site (b, 3)`` with sigma ``srr``, the
    radial velocity from it and the cross-range velocity diffuse (variance ``speed_var``),
    else every velocity component diffuse; kappa ``kappa0`` with ``kappa_var``, the thrust
    acceleration 0 with ``thrust_var`` for the models ``thrusting (M,)`` (0 for the others).
    Fills ``xm (b, M, n)``, ``Pm (b, M, n, n)``.
    """
    b, M, n = xm.shape
    for k in range(b):
        radial = np.isfinite(rr[k])
        u0, u1, u2 = pos[k, 0] - site[k, 0], pos[k, 1] - site[k, 1], pos[k, 2] - site[k, 2]
        nrm = math.sqrt(u0 * u0 + u1 * u1 + u2 * u2) if radial else 1.0
        u = (u0 / nrm, u1 / nrm, u2 / nrm)
        for j in range(M):
            for a in range(n):
                xm[k, j, a] = 0.0
                for c in range(n):
                    Pm[k, j, a, c] = 0.0
            for a in range(3):
                xm[k, j, a] = pos[k, a]
                xm[k, j, 3 + a] = rr[k] * u[a] if radial else 0.0
                for c in range(3):
                    Pm[k, j, a, c] = pcov[k, a, c] + (1.0 if a == c else 0.0)
                    uu = u[a] * u[c] if radial else 0.0
                    Pm[k, j, 3 + a, 3 + c] = (speed_var * ((1.0 if a == c else 0.0) - uu)
                                              + (srr[k] * srr[k] * uu if radial else 0.0))
            xm[k, j, 6] = kappa0
            Pm[k, j, 6, 6] = kappa_var
            if thrusting[j]:
                Pm[k, j, 7, 7] = thrust_var
