"""Compiled per-row kernel of the tracker's dynamics (bench/bench_tracker_stonesoup.py shows
that the numpy version of the acceleration dominated a scan: ~170 us against ~3 us)."""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..earth import _kernels as _ek
from ..earth.constants import OMEGA_EARTH


@njit(cache=True)
def accel_batch(x: np.ndarray, thrust: bool, drag: bool, tab: np.ndarray, out: np.ndarray) -> None:
    """Acceleration ``out (K, 3)`` of states ``x (K, >=8)``; see :func:`models.acceleration`."""
    w = OMEGA_EARTH
    for i in range(x.shape[0]):
        rx, ry, rz = x[i, 0], x[i, 1], x[i, 2]
        vx, vy, vz = x[i, 3], x[i, 4], x[i, 5]
        gx, gy, gz = _ek.gravity(rx, ry, rz, True)
        ax = gx + 2.0 * w * vy + w * w * rx
        ay = gy - 2.0 * w * vx + w * w * ry
        az = gz
        speed = math.sqrt(vx * vx + vy * vy + vz * vz)
        if drag:
            kappa = x[i, 6]
            if kappa > 0.0:
                h = _ek.ecef2geodetic(rx, ry, rz)[2]
                rho = _ek.atmosphere(h, tab)[0]
                f = 0.5 * rho * kappa * speed
                ax -= f * vx
                ay -= f * vy
                az -= f * vz
        if thrust and speed > 1e-6:
            f = x[i, 7] / speed
            ax += f * vx
            ay += f * vy
            az += f * vz
        out[i, 0] = ax
        out[i, 1] = ay
        out[i, 2] = az
