"""Compiled per-row kernels of sensor lines of sight (see :mod:`launchwatch.earth.sight`).

Rows are independent; outputs are preallocated by the caller.  ``H`` may have more than
six columns (a tracker's state carries more): the extra columns are set to zero.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

_TWO_PI = 2.0 * math.pi


@njit(cache=True)
def radar_rows(x: np.ndarray, site: np.ndarray, enu: np.ndarray, with_jacobian: bool,
               z: np.ndarray, H: np.ndarray) -> None:
    """Range, azimuth, elevation, range-rate ``z (N, 4)`` of states ``x (N, >=6)`` seen from
    ``site (3,)`` with ENU rows ``enu (3, 3)``, and the Jacobian ``H (N, 4, n)``."""
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
        s = min(max(e2 / rng, -1.0), 1.0)
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
def radar_to_ecef_rows(z: np.ndarray, site: np.ndarray, enu: np.ndarray, cov_in: np.ndarray,
                       pos: np.ndarray, cov: np.ndarray, u: np.ndarray) -> None:
    """ECEF position ``pos (N, 3)``, the linearised image ``cov (N, 3, 3)`` of the (range,
    azimuth, elevation) covariance ``cov_in (N or 1, 3, 3)`` and the line of sight ``u (N, 3)``
    of radar measurements ``z (N, >=3)``."""
    Je = np.empty((3, 3))  # ENU columns: d/d range, d/d az, d/d el
    J = np.empty((3, 3))
    one = cov_in.shape[0] == 1
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
        c = cov_in[0] if one else cov_in[k]
        for i in range(3):
            for j in range(3):
                t = 0.0
                for a in range(3):
                    for b in range(3):
                        t += J[i, a] * c[a, b] * J[j, b]
                cov[k, i, j] = t


@njit(cache=True)
def los_rows(x: np.ndarray, site: np.ndarray, with_jacobian: bool, z: np.ndarray,
             H: np.ndarray) -> None:
    """Line-of-sight angles ``z (N, 2)`` (azimuth ``atan2(dy, dx)``, elevation
    ``asin(dz / |d|)`` of ``d = x - site`` in ECEF axes) and the Jacobian ``H (N, 2, n)``."""
    for k in range(x.shape[0]):
        d0, d1, d2 = x[k, 0] - site[0], x[k, 1] - site[1], x[k, 2] - site[2]
        rng = math.sqrt(d0 * d0 + d1 * d1 + d2 * d2)
        g2 = d0 * d0 + d1 * d1
        g = math.sqrt(g2)
        z[k, 0] = math.atan2(d1, d0)
        z[k, 1] = math.asin(min(max(d2 / rng, -1.0), 1.0))
        if not with_jacobian:
            continue
        H[k, :, :] = 0.0
        r2 = rng * rng
        H[k, 0, 0] = -d1 / g2
        H[k, 0, 1] = d0 / g2
        H[k, 1, 0] = -d2 * d0 / (r2 * g)
        H[k, 1, 1] = -d2 * d1 / (r2 * g)
        H[k, 1, 2] = g / r2
