"""Gravity: point mass (inverse square) and point mass + J2 (zonal oblateness).

A gravity model is a function ``g(r_ecef) -> a`` on arrays ``(..., 3)`` [m] -> [m/s^2];
which one is set by an :class:`~launchwatch.earth.EarthModel` (``gravity="j2"`` or
``"spherical"``).  The compiled scalar kernel (:func:`launchwatch.earth._kernels.gravity`)
is the one the flight integrator and the tracker call.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from . import _kernels as _k
from .model import EarthModel

__all__ = ["gravity", "gravity_j2", "gravity_spherical"]

_J2 = EarthModel()
_POINT = EarthModel(gravity="spherical")


@njit(cache=True)
def _flat(r: np.ndarray, ep: np.ndarray, out: np.ndarray) -> None:
    for i in range(r.shape[0]):
        gx, gy, gz = _k.gravity(r[i, 0], r[i, 1], r[i, 2], ep)
        out[i, 0] = gx
        out[i, 1] = gy
        out[i, 2] = gz


def gravity(r: np.ndarray, earth: EarthModel = _J2) -> np.ndarray:
    """Gravitational acceleration [m/s^2] of ``earth`` at ECEF positions ``(..., 3)`` [m]."""
    r = np.asarray(r, float)
    flat = np.ascontiguousarray(r.reshape(-1, 3))
    out = np.empty_like(flat)
    _flat(flat, earth.kernel_params(), out)
    return out.reshape(r.shape)


def gravity_j2(r: np.ndarray) -> np.ndarray:
    """Point-mass + J2 gravitational acceleration [m/s^2] at ECEF positions ``(..., 3)`` [m]."""
    return gravity(r, _J2)


def gravity_spherical(r: np.ndarray) -> np.ndarray:
    """Inverse-square gravitational acceleration [m/s^2] at positions ``(..., 3)`` [m]."""
    return gravity(r, _POINT)
