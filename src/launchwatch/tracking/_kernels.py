"""Compiled per-row kernels of the tracker's dynamics and radar measurement.

The numpy versions in :mod:`.models` and :mod:`.measurement` stay the readable reference
(the tests compare the two).  A profile of a scan at 8 targets
(``bench/bench_tracker_stonesoup.py``) showed fixed numpy overhead per call dominating:
the acceleration ~170 us against ~3 us compiled; the RK4 step with its Jacobian
(~250 us in ~60 small numpy calls) and the radar measurement with its Jacobian (~60 us)
went the same way.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..earth import _kernels as _ek
from ..earth.constants import MU_EARTH, OMEGA_EARTH

_TWO_PI = 2.0 * math.pi
#: Height step [m] of the finite-difference density gradient (as ``models._density``).
_DH = 50.0


@njit(cache=True)
def _accel_row(x: np.ndarray, thrust: bool, drag: bool, tab: np.ndarray
               ) -> tuple[float, float, float]:
    w = OMEGA_EARTH
    rx, ry, rz = x[0], x[1], x[2]
    vx, vy, vz = x[3], x[4], x[5]
    gx, gy, gz = _ek.gravity(rx, ry, rz, True)
    ax = gx + 2.0 * w * vy + w * w * rx
    ay = gy - 2.0 * w * vx + w * w * ry
    az = gz
    speed = math.sqrt(vx * vx + vy * vy + vz * vz)
    if drag:
        kappa = x[6]
        if kappa > 0.0:
            h = _ek.ecef2geodetic(rx, ry, rz)[2]
            rho = _ek.atmosphere(h, tab)[0]
            f = 0.5 * rho * kappa * speed
            ax -= f * vx
            ay -= f * vy
            az -= f * vz
    if thrust and speed > 1e-6:
        f = x[7] / speed
        ax += f * vx
        ay += f * vy
        az += f * vz
    return ax, ay, az


@njit(cache=True)
def accel_batch(x: np.ndarray, thrust: bool, drag: bool, tab: np.ndarray, out: np.ndarray) -> None:
    """Acceleration ``out (K, 3)`` of states ``x (K, >=8)``; see :func:`models.acceleration`."""
    for i in range(x.shape[0]):
        out[i, 0], out[i, 1], out[i, 2] = _accel_row(x[i], thrust, drag, tab)


@njit(cache=True)
def _jacobian_row(x: np.ndarray, thrust: bool, drag: bool, tab: np.ndarray, A: np.ndarray) -> None:
    """State-derivative Jacobian ``A (8, 8)`` at ``x``; see :func:`models.jacobian`."""
    w = OMEGA_EARTH
    A[:, :] = 0.0
    rx, ry, rz = x[0], x[1], x[2]
    rn = math.sqrt(rx * rx + ry * ry + rz * rz)
    ur = (rx / rn, ry / rn, rz / rn)
    v = (x[3], x[4], x[5])
    speed = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
    safe = speed if speed > 1e-6 else 1e-6
    uv = (v[0] / safe, v[1] / safe, v[2] / safe)
    mu = MU_EARTH / rn**3
    for i in range(3):
        A[i, i + 3] = 1.0
        for j in range(3):
            A[3 + i, j] = mu * (3.0 * ur[i] * ur[j] - (1.0 if i == j else 0.0))
    A[3, 0] += w * w  # - W x (W x .)
    A[4, 1] += w * w
    A[3, 4] = 2.0 * w  # - 2 W x .
    A[4, 3] = -2.0 * w
    if drag:
        h = _ek.ecef2geodetic(rx, ry, rz)[2]
        rho = _ek.atmosphere(h, tab)[0]
        drho = (_ek.atmosphere(h + _DH, tab)[0] - rho) / _DH
        kappa = x[6] if x[6] > 0.0 else 0.0
        c = -0.5 * rho * kappa
        for i in range(3):
            dd = -0.5 * kappa * speed * v[i]
            for j in range(3):
                A[3 + i, j] += dd * (drho * ur[j])
                A[3 + i, 3 + j] += c * ((safe if i == j else 0.0) + v[i] * uv[j])
            A[3 + i, 6] = -0.5 * rho * speed * v[i]
    if thrust:
        f = x[7] / safe
        for i in range(3):
            for j in range(3):
                A[3 + i, 3 + j] += f * ((1.0 if i == j else 0.0) - uv[i] * uv[j])
            A[3 + i, 7] = uv[i]


@njit(cache=True)
def _deriv_row(x: np.ndarray, thrust: bool, drag: bool, tab: np.ndarray, d: np.ndarray) -> None:
    d[:] = 0.0
    d[0], d[1], d[2] = x[3], x[4], x[5]
    d[3], d[4], d[5] = _accel_row(x, thrust, drag, tab)


@njit(cache=True)
def propagate(x: np.ndarray, h: np.ndarray, nsub: int, thrust: bool, drag: bool,
              tab: np.ndarray, with_jacobian: bool, F: np.ndarray) -> None:
    """RK4 in ``nsub`` substeps ``h (K,)`` [s] of states ``x (K, 8)`` in place; see
    :func:`models.transition`.  With ``with_jacobian`` also ``F (K, 8, 8)``: the product of
    ``I + A h + (A h)^2 / 2`` over the substeps, ``A`` taken before each substep."""
    n = x.shape[1]
    A = np.empty((n, n))
    S = np.empty((n, n))
    T = np.empty((n, n))
    k1 = np.empty(n)
    k2 = np.empty(n)
    k3 = np.empty(n)
    k4 = np.empty(n)
    y = np.empty(n)
    for r in range(x.shape[0]):
        xr = x[r]
        hr = h[r]
        if not thrust:
            xr[7] = 0.0
        if with_jacobian:
            F[r, :, :] = 0.0
            for i in range(n):
                F[r, i, i] = 1.0
        for _ in range(nsub):
            if with_jacobian:
                _jacobian_row(xr, thrust, drag, tab, A)
                for i in range(n):
                    for j in range(n):
                        A[i, j] *= hr
                for i in range(n):  # S = I + A + A A / 2
                    for j in range(n):
                        s = 0.0
                        for m in range(n):
                            s += A[i, m] * A[m, j]
                        S[i, j] = (1.0 if i == j else 0.0) + A[i, j] + 0.5 * s
                for i in range(n):  # F = S F
                    for j in range(n):
                        s = 0.0
                        for m in range(n):
                            s += S[i, m] * F[r, m, j]
                        T[i, j] = s
                F[r, :, :] = T
            _deriv_row(xr, thrust, drag, tab, k1)
            for i in range(n):
                y[i] = xr[i] + 0.5 * hr * k1[i]
            _deriv_row(y, thrust, drag, tab, k2)
            for i in range(n):
                y[i] = xr[i] + 0.5 * hr * k2[i]
            _deriv_row(y, thrust, drag, tab, k3)
            for i in range(n):
                y[i] = xr[i] + hr * k3[i]
            _deriv_row(y, thrust, drag, tab, k4)
            for i in range(n):
                xr[i] = xr[i] + hr / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
        if not thrust:
            xr[7] = 0.0
            if with_jacobian:
                F[r, 7, :] = 0.0


@njit(cache=True)
def radar_h(x: np.ndarray, site: np.ndarray, enu: np.ndarray, with_jacobian: bool,
            z: np.ndarray, H: np.ndarray) -> None:
    """Range, azimuth, elevation, range-rate ``z (K, 4)`` and Jacobian ``H (K, 4, n)``;
    see :meth:`measurement.RadarMeasurement.h`."""
    for k in range(x.shape[0]):
        d0, d1, d2 = x[k, 0] - site[0], x[k, 1] - site[1], x[k, 2] - site[2]
        v0, v1, v2 = x[k, 3], x[k, 4], x[k, 5]
        e0 = d0 * enu[0, 0] + d1 * enu[0, 1] + d2 * enu[0, 2]
        e1 = d0 * enu[1, 0] + d1 * enu[1, 1] + d2 * enu[1, 2]
        e2 = d0 * enu[2, 0] + d1 * enu[2, 1] + d2 * enu[2, 2]
        rng = math.sqrt(d0 * d0 + d1 * d1 + d2 * d2)
        g2 = e0 * e0 + e1 * e1
        g = math.sqrt(g2)
        rr = (d0 * v0 + d1 * v1 + d2 * v2) / rng
        s = e2 / rng
        s = min(max(s, -1.0), 1.0)
        z[k, 0] = rng
        z[k, 1] = math.atan2(e0, e1) % _TWO_PI
        z[k, 2] = math.asin(s)
        z[k, 3] = rr
        if not with_jacobian:
            continue
        H[k, :, :] = 0.0
        r2 = rng * rng
        a0, a1 = e1 / g2, -e0 / g2
        l0, l1, l2 = -e2 * e0 / (r2 * g), -e2 * e1 / (r2 * g), g / r2
        dv = (d0, d1, d2)
        vv = (v0, v1, v2)
        for j in range(3):
            H[k, 0, j] = dv[j] / rng
            H[k, 1, j] = a0 * enu[0, j] + a1 * enu[1, j]
            H[k, 2, j] = l0 * enu[0, j] + l1 * enu[1, j] + l2 * enu[2, j]
            H[k, 3, j] = (vv[j] - rr / rng * dv[j]) / rng
            H[k, 3, 3 + j] = dv[j] / rng


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
def mahalanobis_batch(nu: np.ndarray, S: np.ndarray, d2: np.ndarray, logdet: np.ndarray) -> bool:
    """Squared Mahalanobis distances ``d2 (K, G)`` of ``nu (K, G, m)`` under ``S (K, m, m)`` and
    ``logdet (K,)`` = log det S; False (outputs partly filled) if an ``S`` is not positive definite."""
    K, G, m = nu.shape
    L = np.empty((m, m))
    y = np.empty(m)
    for k in range(K):
        if not _cholesky(S[k], L):
            return False
        ld = 0.0
        for i in range(m):
            ld += 2.0 * math.log(L[i, i])
        logdet[k] = ld
        for g in range(G):
            s = 0.0
            for i in range(m):
                t = nu[k, g, i]
                for j in range(i):
                    t -= L[i, j] * y[j]
                y[i] = t / L[i, i]
                s += y[i] * y[i]
            d2[k, g] = s
    return True


@njit(cache=True)
def pda_update_rows(x: np.ndarray, P: np.ndarray, C: np.ndarray, S: np.ndarray, nu: np.ndarray,
                    beta: np.ndarray) -> bool:
    """(J)PDA / nearest-neighbour update of ``x (K, n)``, ``P (K, n, n)`` in place.

    ``C (K, n, m)`` state/measurement cross-covariance, ``S (K, m, m)``, innovations
    ``nu (K, G, m)`` (ignored where ``beta == 0``), ``beta (K, G + 1)`` (column 0: none).
    ``K = C S^-1``, ``x += K sum(beta nu)``,
    ``P -= (1 - beta0) K S K^T - K (sum(beta nu nu^T) - nu_c nu_c^T) K^T``, symmetrised;
    rows with ``beta0 == 1`` are left alone.  False if an ``S`` is not positive definite.
    """
    K, n = x.shape
    G = nu.shape[1]
    m = S.shape[1]
    L = np.empty((m, m))
    Kg = np.empty((n, m))
    nc = np.empty(m)
    M = np.empty((m, m))  # (1 - b0) S - spread
    KM = np.empty((n, m))
    for k in range(K):
        b0 = beta[k, 0]
        if b0 == 1.0:
            continue
        if not _cholesky(S[k], L):
            return False
        # Kg = C S^-1: solve L L^T Kg^T = C^T row by row of C
        for a in range(n):
            for i in range(m):
                t = C[k, a, i]
                for j in range(i):
                    t -= L[i, j] * Kg[a, j]
                Kg[a, i] = t / L[i, i]
            for i in range(m - 1, -1, -1):
                t = Kg[a, i]
                for j in range(i + 1, m):
                    t -= L[j, i] * Kg[a, j]
                Kg[a, i] = t / L[i, i]
        for i in range(m):
            nc[i] = 0.0
        for g in range(G):
            b = beta[k, g + 1]
            if b > 0.0:
                for i in range(m):
                    nc[i] += b * nu[k, g, i]
        for i in range(m):
            for j in range(m):
                M[i, j] = (1.0 - b0) * S[k, i, j] + nc[i] * nc[j]
        for g in range(G):
            b = beta[k, g + 1]
            if b > 0.0:
                for i in range(m):
                    for j in range(m):
                        M[i, j] -= b * nu[k, g, i] * nu[k, g, j]
        for a in range(n):
            s = 0.0
            for i in range(m):
                s += Kg[a, i] * nc[i]
            x[k, a] += s
            for j in range(m):
                t = 0.0
                for i in range(m):
                    t += Kg[a, i] * M[i, j]
                KM[a, j] = t
        for a in range(n):
            for c in range(a, n):
                t = 0.0
                for j in range(m):
                    t += KM[a, j] * Kg[c, j]
                v = 0.5 * ((P[k, a, c] - t) + (P[k, c, a] - t))
                P[k, a, c] = v
                P[k, c, a] = v
    return True


@njit(cache=True)
def radar_to_state(z: np.ndarray, site: np.ndarray, enu: np.ndarray, sigma: np.ndarray,
                   pos: np.ndarray, cov: np.ndarray, u: np.ndarray) -> None:
    """ECEF position ``pos (M, 3)``, its covariance ``cov (M, 3, 3)`` and line of sight
    ``u (M, 3)`` of radar detections ``z (M, >=3)``; see
    :meth:`measurement.RadarMeasurement.to_state`."""
    s0, s1, s2 = sigma[0] ** 2, sigma[1] ** 2, sigma[2] ** 2
    Je = np.empty((3, 3))  # ENU columns: d/d range, d/d az, d/d el
    J = np.empty((3, 3))
    for k in range(z.shape[0]):
        rng, az, el = z[k, 0], z[k, 1], z[k, 2]
        ce, se, ca, sa = math.cos(el), math.sin(el), math.cos(az), math.sin(az)
        Je[0, 0], Je[1, 0], Je[2, 0] = ce * sa, ce * ca, se
        Je[0, 1], Je[1, 1], Je[2, 1] = rng * ce * ca, -rng * ce * sa, 0.0
        Je[0, 2], Je[1, 2], Je[2, 2] = -rng * se * sa, -rng * se * ca, rng * ce
        for i in range(3):
            t = 0.0
            for a in range(3):
                t += Je[a, 0] * enu[a, i]
            u[k, i] = t
            pos[k, i] = site[i] + rng * t
            for j in range(3):
                t = 0.0
                for a in range(3):
                    t += enu[a, i] * Je[a, j]
                J[i, j] = t
        for i in range(3):
            for j in range(3):
                cov[k, i, j] = J[i, 0] * s0 * J[j, 0] + J[i, 1] * s1 * J[j, 1] + J[i, 2] * s2 * J[j, 2]
