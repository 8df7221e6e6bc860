"""The one acceleration kernel: gravity, drag and the Earth's rotation, in the rotating frame.

Both the flight integrator (:mod:`._integrator`, with thrust, steering and lift on top)
and the tracker's prediction (:mod:`launchwatch.tracking._motion`, with a thrust state
on top) call these scalar ``nopython`` functions; the Earth they fly over is an
:class:`~launchwatch.earth.EarthModel`'s parameter vector ``ep``::

    dv/dt = g(r) - 2 w x v - w x (w x r) - 0.5 rho(h) kappa |v_a| v_a      (+ thrust, lift)

with ``w = (0, 0, omega)``, ``v_a = v - wind`` the air-relative velocity, ``h`` the height
above the ellipsoid and ``kappa = Cd A / m`` [m^2/kg] (the inverse ballistic coefficient;
0: no drag).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..earth import _kernels as ek


@njit(cache=True, inline="always")
def environment(x: float, y: float, z: float, ep: np.ndarray, atm: np.ndarray
                ) -> tuple[float, float, float, float, float, float, float]:
    """``(h, sin lat, cos lat, sin lon, cos lon, rho, a)`` at an ECEF point: the height [m],
    the local vertical, the 1976 atmosphere's density [kg/m^3] and speed of sound [m/s]."""
    h, sl, cl, so, co = ek.geodetic(x, y, z, ep, 1)
    rho, _, _, asnd = ek.atmosphere(h, atm)
    return h, sl, cl, so, co, rho, asnd


@njit(cache=True, inline="always")
def air_velocity(vx: float, vy: float, vz: float, sl: float, cl: float, so: float, co: float,
                 we: float, wn: float) -> tuple[float, float, float]:
    """Velocity relative to the air [m/s]: Earth-relative velocity minus a steady wind
    ``we`` east, ``wn`` north [m/s] (an Earth model's, ``ep[E_WIND_E]``, or a flight's own)."""
    return vx + we * so + wn * sl * co, vy - we * co + wn * sl * so, vz - wn * cl


@njit(cache=True, inline="always")
def acceleration(x: float, y: float, z: float, vx: float, vy: float, vz: float,
                 ep: np.ndarray, rho: float, rvx: float, rvy: float, rvz: float, kappa: float
                 ) -> tuple[float, float, float, float]:
    """``(ax, ay, az, d)``: gravity, Coriolis, centrifugal and drag acceleration [m/s^2] in
    the rotating frame, and the drag deceleration ``d = 0.5 rho kappa |v_a|^2`` alone.

    ``rho`` [kg/m^3] and the air-relative velocity ``rv*`` [m/s] from :func:`environment`
    and :func:`air_velocity`; ``kappa <= 0`` is no drag.
    """
    ax, ay, az = ek.gravity(x, y, z, ep)
    w = ep[ek.E_OMEGA]
    if w != 0.0:
        ax += 2.0 * w * vy + w * w * x
        ay += -2.0 * w * vx + w * w * y
    d = 0.0
    if kappa > 0.0 and rho > 0.0:
        vr = math.sqrt(rvx * rvx + rvy * rvy + rvz * rvz)
        if vr > 0.0:
            f = 0.5 * rho * kappa * vr
            d = f * vr
            ax -= f * rvx
            ay -= f * rvy
            az -= f * rvz
    return ax, ay, az, d
