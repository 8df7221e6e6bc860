"""Compiled track life-cycle tests: which tracks are lost (covariance too large, not positive
definite, below the ground) and the first state of new tracks from detections.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ...earth import _kernels as ek
from .linalg import _cholesky


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
