"""Scalar numba kernels of the Earth: atmosphere, geodetic height and vertical, gravity.

Everything here is SI, scalar and ``nopython``: these functions are called per
integration stage by the flight integrator and per track by the tracker (through
:mod:`launchwatch.flight._dynamics`), so they must be cheap and allocation free.  The
Earth they describe is a parameter vector (``E_*`` below), not a global.  The public,
batch-first API is in the sibling modules.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

# --- US Standard Atmosphere 1976, 0-86 km (closed form of the standard) ----------------
# Geopotential layer bases [m'], lapse rates [K/m'], base molecular temperatures [K] and
# base pressures [Pa] as published in NOAA-S/T 76-1562, table 4 and eq. 33a/33b.
_R_STAR = 8.31432  # J/(mol K), the standard's gas constant
_M0 = 28.9644e-3  # kg/mol, sea-level mean molar mass
_G0 = 9.80665
_R0 = 6356766.0  # m, effective Earth radius of the geopotential altitude
_GMR = _G0 * _M0 / _R_STAR
_HB = np.array([0.0, 11000.0, 20000.0, 32000.0, 47000.0, 51000.0, 71000.0, 84852.0])
_LB = np.array([-0.0065, 0.0, 0.001, 0.0028, 0.0, -0.0028, -0.002, 0.0])
_TB = np.array([288.15, 216.65, 216.65, 228.65, 270.65, 270.65, 214.65, 186.946])
_PB = np.zeros(8)
_PB[0] = 101325.0
for _i in range(7):
    _dh = _HB[_i + 1] - _HB[_i]
    if _LB[_i] == 0.0:
        _PB[_i + 1] = _PB[_i] * math.exp(-_GMR * _dh / _TB[_i])
    else:
        _PB[_i + 1] = _PB[_i] * (_TB[_i] / (_TB[_i] + _LB[_i] * _dh)) ** (_GMR / _LB[_i])
# Molecular-weight ratio M/M0 from 80 to 86 km geometric altitude (table 8 of the standard),
# every 500 m: the kinetic temperature is T = TM * (M/M0).
_MRATIO = np.array([1.0, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909, 0.999870,
                    0.999829, 0.999786, 0.999741, 0.999694, 0.999641, 0.999579])

#: Altitude where the closed form hands over to the tabulated upper atmosphere [m].
Z_TABLE = 86000.0
#: Grid step of the upper-atmosphere table [m].
DZ_TABLE = 100.0
#: Top of the model [m].
Z_TOP = 1_000_000.0


@njit(cache=True, fastmath=False)
def atmosphere(h: float, tab: np.ndarray) -> tuple[float, float, float, float]:
    """US Standard Atmosphere 1976 at geometric altitude ``h`` [m].

    Returns (density [kg/m^3], pressure [Pa], kinetic temperature [K], speed of sound [m/s]).
    Below 0 m the lowest layer is extrapolated (to -5 km); above 1000 km the density is 0.
    ``tab`` is the upper-atmosphere table (see :func:`launchwatch.earth.atmosphere.upper_table`).
    """
    if h <= Z_TABLE:
        if h < -5000.0:
            h = -5000.0
        hg = _R0 * h / (_R0 + h)  # geopotential altitude
        i = 0
        while i < 6 and hg >= _HB[i + 1]:
            i += 1
        dh = hg - _HB[i]
        lb = _LB[i]
        tm = _TB[i] + lb * dh
        if lb == 0.0:
            p = _PB[i] * math.exp(-_GMR * dh / _TB[i])
        else:
            p = _PB[i] * (_TB[i] / tm) ** (_GMR / lb)
        rho = p * _M0 / (_R_STAR * tm)
        a = math.sqrt(1.4 * _R_STAR * tm / _M0)
        t = tm
        if h > 80000.0:
            x = (h - 80000.0) / 500.0
            j = int(x)
            if j > 11:
                j = 11
            f = x - j
            t = tm * (_MRATIO[j] + f * (_MRATIO[j + 1] - _MRATIO[j]))
        return rho, p, t, a
    if h > Z_TOP:
        return 0.0, 0.0, tab[tab.shape[0] - 1, 2], tab[tab.shape[0] - 1, 3]
    x = (h - Z_TABLE) / DZ_TABLE
    j = int(x)
    if j > tab.shape[0] - 2:
        j = tab.shape[0] - 2
    f = x - j
    lr = tab[j, 0] + f * (tab[j + 1, 0] - tab[j, 0])
    lp = tab[j, 1] + f * (tab[j + 1, 1] - tab[j, 1])
    t = tab[j, 2] + f * (tab[j + 1, 2] - tab[j, 2])
    a = tab[j, 3] + f * (tab[j + 1, 3] - tab[j, 3])
    return math.exp(lr), math.exp(lp), t, a


# --- the Earth parameter vector ---------------------------------------------------------
# One float array describes the Earth a kernel sees (built by
# :meth:`launchwatch.earth.EarthModel.kernel_params`; an :class:`~launchwatch.earth.Ellipsoid`
# fills the first three entries): the ellipsoid, gravity (point mass, plus J2 when
# ``E_J2R2`` is not 0), the rotation rate (0: a non-rotating Earth) and a steady wind.
E_A = 0  #: equatorial radius [m]
E_B = 1  #: polar radius [m]
E_E2 = 2  #: first eccentricity squared (0: a sphere)
E_MU = 3  #: gravitational parameter [m^3/s^2]
E_J2R2 = 4  #: J2 times the square of its reference radius [m^2] (0: point mass)
E_OMEGA = 5  #: rotation rate about +z [rad/s]
E_WIND_E = 6  #: steady wind towards the east [m/s]
E_WIND_N = 7  #: steady wind towards the north [m/s]
E_EP2 = 8  #: second eccentricity squared, (a^2 - b^2) / b^2
NEARTH = 9


@njit(cache=True, inline="always")
def geodetic(x: float, y: float, z: float, ep: np.ndarray, iterations: int
             ) -> tuple[float, float, float, float, float]:
    """Height [m] and the local vertical of an ECEF point [m]: ``(h, sin lat, cos lat, sin lon,
    cos lon)`` for the ellipsoid of ``ep`` (geodetic latitude; geocentric for a sphere).

    Bowring's (1976) iteration from the parametric latitude, trig-free.  One iteration gives
    the height within 3e-8 m and the latitude within 1e-8 rad of ``erfa.gc2gd`` from the
    ground to 40,000 km (what the integrator needs: it uses the height and the direction of
    the vertical); two give the latitude within 3e-11 rad.  Exact for a sphere.  The
    origin returns ``(-b, 0, 1, 0, 1)``.
    """
    a, b, e2, ep2 = ep[E_A], ep[E_B], ep[E_E2], ep[E_EP2]
    rxy = math.sqrt(x * x + y * y)
    if rxy > 0.0:
        so, co = y / rxy, x / rxy
    else:
        so, co = 0.0, 1.0
    za = z * a
    pb = rxy * b
    nrm = math.sqrt(za * za + pb * pb)
    if nrm == 0.0:
        return -b, 0.0, 1.0, so, co
    st, ct = za / nrm, pb / nrm  # parametric latitude, first guess
    num = z + ep2 * b * st * st * st
    den = rxy - e2 * a * ct * ct * ct
    nrm = math.sqrt(num * num + den * den)
    sl, cl = num / nrm, den / nrm
    for _ in range(iterations - 1):  # tan(parametric) = (b / a) tan(geodetic), and again
        st, ct = b * sl, a * cl
        nrm = math.sqrt(st * st + ct * ct)
        st, ct = st / nrm, ct / nrm
        num = z + ep2 * b * st * st * st
        den = rxy - e2 * a * ct * ct * ct
        nrm = math.sqrt(num * num + den * den)
        sl, cl = num / nrm, den / nrm
    n = a / math.sqrt(1.0 - e2 * sl * sl)
    return rxy * cl + z * sl - a * a / n, sl, cl, so, co


@njit(cache=True, inline="always")
def gravity(x: float, y: float, z: float, ep: np.ndarray) -> tuple[float, float, float]:
    """Gravitational acceleration [m/s^2] at an ECEF point: point mass, plus J2 when the
    Earth of ``ep`` has it."""
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    k = -ep[E_MU] / (r2 * r)
    j2r2 = ep[E_J2R2]
    if j2r2 == 0.0:
        return k * x, k * y, k * z
    c = 1.5 * j2r2 / r2
    zr2 = 5.0 * z * z / r2
    fxy = 1.0 + c * (1.0 - zr2)
    fz = 1.0 + c * (3.0 - zr2)
    return k * x * fxy, k * y * fxy, k * z * fz


@njit(cache=True)
def gravity_gradient(x: float, y: float, z: float, ep: np.ndarray, G: np.ndarray) -> None:
    """Gradient ``G (3, 3)`` [1/s^2] of the point-mass gravity at an ECEF point (the J2 part,
    ~1e-3 of it, is left out: the tracker's state-transition matrix needs no more)."""
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    mu = ep[E_MU] / (r2 * r)
    u = (x / r, y / r, z / r)
    for i in range(3):
        for j in range(3):
            G[i, j] = mu * (3.0 * u[i] * u[j] - (1.0 if i == j else 0.0))
