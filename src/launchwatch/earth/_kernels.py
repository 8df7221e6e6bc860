"""Scalar numba kernels of the Earth model, shared by the public wrappers and the integrator.

Everything here is SI, scalar and ``nopython``: these functions are called per
integration stage inside :mod:`launchwatch.flight._integrator`, so they must be cheap
and allocation free.  The public, batch-first API is in the sibling modules.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from .constants import J2_EARTH, MU_EARTH, WGS84_A, WGS84_B, WGS84_E2

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


# --- WGS-84 geodetic coordinates -------------------------------------------------------
@njit(cache=True)
def ecef2geodetic(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Geodetic latitude [rad], longitude [rad] and height [m] of an ECEF point [m].

    Closed form of Heikkinen (1982) with one Newton refinement in height, exact to
    well below a millimetre for points outside the inner 100 km of the Earth.
    """
    a = WGS84_A
    b = WGS84_B
    e2 = WGS84_E2
    ep2 = (a * a - b * b) / (b * b)
    p = math.sqrt(x * x + y * y)
    lon = math.atan2(y, x)
    f = 54.0 * b * b * z * z
    g = p * p + (1.0 - e2) * z * z - e2 * (a * a - b * b)
    c = e2 * e2 * f * p * p / (g * g * g)
    s = np.cbrt(1.0 + c + math.sqrt(c * c + 2.0 * c))
    k = s + 1.0 + 1.0 / s
    pp = f / (3.0 * k * k * g * g)
    q = math.sqrt(1.0 + 2.0 * e2 * e2 * pp)
    arg = 0.5 * a * a * (1.0 + 1.0 / q) - pp * (1.0 - e2) * z * z / (q * (1.0 + q)) - 0.5 * pp * p * p
    if arg < 0.0:
        arg = 0.0
    r0 = -pp * e2 * p / (1.0 + q) + math.sqrt(arg)
    u = math.sqrt((p - e2 * r0) ** 2 + z * z)
    v = math.sqrt((p - e2 * r0) ** 2 + (1.0 - e2) * z * z)
    z0 = b * b * z / (a * v)
    lat = math.atan2(z + ep2 * z0, p)
    h = u * (1.0 - b * b / (a * v))
    # One Bowring-style refinement of the height from the latitude (removes cancellation).
    sl = math.sin(lat)
    cl = math.cos(lat)
    n = a / math.sqrt(1.0 - e2 * sl * sl)
    h = p * cl + z * sl - a * a / n
    return lat, lon, h


@njit(cache=True)
def altitude(x: float, y: float, z: float, ellipsoid: bool, radius: float) -> float:
    """Height [m] above the WGS-84 ellipsoid, or above a sphere of ``radius`` [m]."""
    if ellipsoid:
        return ecef2geodetic(x, y, z)[2]
    return math.sqrt(x * x + y * y + z * z) - radius


@njit(cache=True)
def up_vector(x: float, y: float, z: float, ellipsoid: bool) -> tuple[float, float, float]:
    """Unit local vertical (geodetic normal, or radial for a sphere) at an ECEF point."""
    if ellipsoid:
        lat, lon, _ = ecef2geodetic(x, y, z)
        cl = math.cos(lat)
        return cl * math.cos(lon), cl * math.sin(lon), math.sin(lat)
    r = math.sqrt(x * x + y * y + z * z)
    return x / r, y / r, z / r


@njit(cache=True)
def gravity(x: float, y: float, z: float, j2: bool) -> tuple[float, float, float]:
    """Gravitational acceleration [m/s^2] at an ECEF point: point mass, plus J2 if ``j2``."""
    r2 = x * x + y * y + z * z
    r = math.sqrt(r2)
    k = -MU_EARTH / (r2 * r)
    if not j2:
        return k * x, k * y, k * z
    c = 1.5 * J2_EARTH * WGS84_A * WGS84_A / r2
    zr2 = 5.0 * z * z / r2
    fxy = 1.0 + c * (1.0 - zr2)
    fz = 1.0 + c * (3.0 - zr2)
    return k * x * fxy, k * y * fxy, k * z * fz
