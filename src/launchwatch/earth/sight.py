"""Sensor lines of sight: radar (range, azimuth, elevation, range-rate), space infrared
(two angles), what a sensor can see (coverage sectors, the horizon, the Earth in the way).

The one place both the sensor models (:mod:`launchwatch.sensors`, which draw detections)
and the tracker (:mod:`launchwatch.tracking`, which predicts them) take their geometry
from, so the two cannot disagree about what a radar sees::

    >>> import math, numpy as np
    >>> from launchwatch.earth import WGS84, enu_basis
    >>> from launchwatch.earth.sight import Coverage, ecef2radar
    >>> lat, lon = math.radians(37.5), math.radians(129.1)
    >>> site, enu = WGS84.geodetic2ecef(lat, lon, 50.0), enu_basis(lat, lon)
    >>> target = np.concatenate([WGS84.geodetic2ecef(math.radians(39.0), math.radians(131.0), 2e5),
    ...                          [0.0, 0.0, 0.0]])
    >>> z = ecef2radar(target, site, enu)           # range, azimuth, elevation, range-rate
    >>> round(float(z[0]) / 1e3, 1), round(math.degrees(float(z[1])), 1)
    (311.6, 44.4)
    >>> east = Coverage(azimuth_min=math.radians(60.0), azimuth_span=math.radians(60.0))
    >>> bool(Coverage().visible(z)), bool(east.visible(z))   # 44.4 deg is outside 60-120 deg
    (True, False)

Conventions: azimuth clockwise from north in ``[0, 2 pi)``, elevation above the site's
geodetic horizontal plane (a target beyond the curve of the Earth has negative
elevation: that is the radar horizon), infrared angles in the ECEF axes.  Arrays are
batch-first ``(..., k)``; the kernels are in :mod:`._sight`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import _sight
from .constants import WGS84_A
from .ellipsoid import WGS84, Ellipsoid

__all__ = ["TWO_PI", "Coverage", "earth_blocks", "ecef2los", "ecef2radar", "horizon_range",
           "los2direction", "radar2ecef", "wrap_angle"]

TWO_PI = 2.0 * math.pi


def wrap_angle(a: np.ndarray | float) -> np.ndarray:
    """Angles [rad] wrapped to ``[-pi, pi)``."""
    return np.mod(np.asarray(a) + math.pi, TWO_PI) - math.pi


@dataclass(frozen=True)
class Coverage:
    """Where a radar looks: elevations, an azimuth sector and ranges (radians, metres).

    The sector starts at ``azimuth_min`` and spans ``azimuth_span`` clockwise (wrapping
    through north).  Elevations are above the site's horizontal plane.
    """

    min_elevation: float = 0.0
    max_elevation: float = math.pi / 2
    azimuth_min: float = 0.0
    azimuth_span: float = TWO_PI
    min_range: float = 0.0
    max_range: float = math.inf

    def visible(self, z: np.ndarray) -> np.ndarray:
        """Boolean ``(...)``: radar measurements ``z (..., >=3)`` (range, azimuth, elevation)
        inside the coverage; NaN is not visible."""
        z = np.asarray(z, float)
        rng, az, el = z[..., 0], z[..., 1], z[..., 2]
        rel = np.mod(az - self.azimuth_min, TWO_PI)
        with np.errstate(invalid="ignore"):
            return ((el >= self.min_elevation) & (el <= self.max_elevation)
                    & (rng >= self.min_range) & (rng <= self.max_range)
                    & (rel <= self.azimuth_span))


def _rows(a: np.ndarray, k: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """Rows ``(N, >=k)`` (C-contiguous; the kernels read the first ``k`` columns) and the batch shape."""
    a = np.asarray(a, dtype=float)
    if a.shape[-1:] < (k,):
        from ..errors import InputError

        raise InputError("states", a, f"must have shape (..., >={k}), got {a.shape}")
    return np.ascontiguousarray(a.reshape(-1, a.shape[-1])), a.shape[:-1]


def ecef2radar(states: np.ndarray, site: np.ndarray, enu: np.ndarray,
               with_jacobian: bool = False) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Noise-free radar measurements ``(..., 4)`` of ECEF states ``(..., >=6)``.

    ``site (3,)`` ECEF [m], ``enu (3, 3)`` its east/north/up rows.  Returns range [m],
    azimuth [rad in ``[0, 2 pi)``, clockwise from north], elevation [rad] and range-rate
    [m/s] (the site turns with the Earth, as the states do); with ``with_jacobian`` also
    ``H (..., 4, 6)`` with respect to position and velocity.
    """
    x, shape = _rows(states, 6)
    n = x.shape[0]
    z = np.empty((n, 4))
    H = np.empty((n, 4, 6)) if with_jacobian else np.empty((0, 4, 6))
    _sight.radar_rows(x, np.ascontiguousarray(site, float), np.ascontiguousarray(enu, float),
                      with_jacobian, z, H)
    z = z.reshape(*shape, 4)
    return (z, H.reshape(*shape, 4, 6)) if with_jacobian else z


def radar2ecef(z: np.ndarray, site: np.ndarray, enu: np.ndarray,
               cov: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ECEF positions ``(..., 3)`` of radar measurements ``z (..., >=3)`` (range, azimuth,
    elevation), the linearised covariance ``(..., 3, 3)`` of the position [m^2] and the unit
    line of sight ``(..., 3)``.

    ``cov``: covariance of (range, azimuth, elevation), ``(3, 3)`` shared or ``(..., 3, 3)``
    per measurement, or the standard deviations ``(3,)`` (zero covariance if ``None``).
    """
    zr, shape = _rows(z, 3)
    n = zr.shape[0]
    if cov is None:
        c = np.zeros((1, 3, 3))
    else:
        c = np.asarray(cov, float)
        c = np.diag(c[:3] ** 2)[None] if c.ndim == 1 else c.reshape(-1, 3, 3)
    pos, out, u = np.empty((n, 3)), np.empty((n, 3, 3)), np.empty((n, 3))
    _sight.radar_to_ecef_rows(zr, np.ascontiguousarray(site, float),
                              np.ascontiguousarray(enu, float), np.ascontiguousarray(c), pos, out, u)
    return pos.reshape(*shape, 3), out.reshape(*shape, 3, 3), u.reshape(*shape, 3)


def ecef2los(states: np.ndarray, site: np.ndarray, with_jacobian: bool = False
             ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Line-of-sight angles ``(..., 2)`` [rad] from ``site (3,)`` to ECEF points ``(..., >=3)``:
    azimuth ``atan2(dy, dx)`` and elevation ``asin(dz / |d|)`` of ``d = r - site`` in ECEF
    axes; with ``with_jacobian`` also ``H (..., 2, 3)``."""
    x, shape = _rows(states, 3)
    n = x.shape[0]
    z = np.empty((n, 2))
    H = np.empty((n, 2, 3)) if with_jacobian else np.empty((0, 2, 3))
    _sight.los_rows(x, np.ascontiguousarray(site, float), with_jacobian, z, H)
    z = z.reshape(*shape, 2)
    return (z, H.reshape(*shape, 2, 3)) if with_jacobian else z


def los2direction(z: np.ndarray) -> np.ndarray:
    """Unit ECEF direction ``(..., 3)`` of line-of-sight angles ``z (..., 2)`` (azimuth, elevation)."""
    z = np.asarray(z, float)
    ce = np.cos(z[..., 1])
    return np.stack([ce * np.cos(z[..., 0]), ce * np.sin(z[..., 0]), np.sin(z[..., 1])], axis=-1)


def earth_blocks(points: np.ndarray, site: np.ndarray, ellipsoid: Ellipsoid = WGS84) -> np.ndarray:
    """Boolean ``(...)``: the segment from ``site (3,)`` to ``points (..., 3)`` crosses the Earth.

    The ellipsoid is scaled to a unit sphere along z for the test; points below the
    surface (a launch pad) may touch it.
    """
    scale = np.array([ellipsoid.a, ellipsoid.a, ellipsoid.b])
    s = np.asarray(site, float) / scale
    p = np.asarray(points, float) / scale
    d = p - s
    dd = np.einsum("...i,...i->...", d, d)
    t = np.clip(-np.einsum("...i,...i->...", d, s) / np.where(dd > 0, dd, 1.0), 0.0, 1.0)
    closest = s + t[..., None] * d
    return np.einsum("...i,...i->...", closest, closest) < 1.0 - 1e-9


def horizon_range(site_alt: float | np.ndarray, target_alt: float | np.ndarray,
                  radius: float = WGS84_A) -> np.ndarray:
    """Longest line of sight [m] between heights ``site_alt`` and ``target_alt`` [m] over a sphere.

    ``sqrt((R + h1)^2 - R^2) + sqrt((R + h2)^2 - R^2)``: a target further away is below the
    geometric horizon (no refraction).
    """
    h1, h2 = np.asarray(site_alt, float), np.asarray(target_alt, float)
    return np.sqrt((radius + h1) ** 2 - radius**2) + np.sqrt((radius + h2) ** 2 - radius**2)
