"""Gravity models: point mass (inverse square) and point mass + J2 (zonal oblateness).

A gravity model is a function ``g(r_ecef) -> a`` on arrays ``(..., 3)`` [m] -> [m/s^2];
the integrator uses the compiled scalar versions in :mod:`launchwatch.earth._kernels`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _kernels as _k

__all__ = ["gravity_j2", "gravity_spherical"]


@njit(cache=True)
def _flat(r: np.ndarray, j2: bool, out: np.ndarray) -> None:
    for i in range(r.shape[0]):
        gx, gy, gz = _k.gravity(r[i, 0], r[i, 1], r[i, 2], j2)
        out[i, 0] = gx
        out[i, 1] = gy
        out[i, 2] = gz


def _apply(r: np.ndarray, j2: bool) -> np.ndarray:
    r = np.asarray(r, float)
    flat = np.ascontiguousarray(r.reshape(-1, 3))
    out = np.empty_like(flat)
    _flat(flat, j2, out)
    return out.reshape(r.shape)


def gravity_j2(r: np.ndarray) -> np.ndarray:
    """Point-mass + J2 gravitational acceleration [m/s^2] at ECEF positions ``(..., 3)`` [m]."""
    return _apply(r, True)


def gravity_spherical(r: np.ndarray) -> np.ndarray:
    """Inverse-square gravitational acceleration [m/s^2] at positions ``(..., 3)`` [m]."""
    return _apply(r, False)
