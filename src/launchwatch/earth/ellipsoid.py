"""The figure of the Earth as an object: an ellipsoid of revolution (a sphere when ``f = 0``).

In the spirit of Skyfield's ``Geoid``: one object carries the shape and the conversions
that depend on it, so a caller passes ``WGS84`` or ``Ellipsoid.sphere(r)`` instead of a
shape string and a radius::

    >>> from launchwatch.earth import WGS84, Ellipsoid
    >>> import math
    >>> p = WGS84.geodetic2ecef(math.radians(39.17), math.radians(127.48), 1000.0)
    >>> lat, lon, h = WGS84.ecef2geodetic(p)
    >>> round(math.degrees(float(lat)), 9), round(float(h), 6)
    (39.17, 1000.0)
    >>> round(float(Ellipsoid.sphere(6371e3).height(p)) / 1e3, 3)  # the same point, above a sphere
    -0.351

Conversions are batch-first (arrays broadcast, coordinates on the last axis), angles in
radians, lengths in metres.  ECEF -> geodetic is Bowring's trig-free iteration
(:func:`launchwatch.earth._kernels.geodetic`, compiled), exact for a sphere and within
2e-11 rad / 3e-8 m of ``erfa.gc2gd`` from the ground to beyond geostationary height.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numba import njit
from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import _kernels as _k
from .constants import R_ROUND_EARTH, WGS84_A, WGS84_F

__all__ = ["WGS84", "Ellipsoid"]


class Ellipsoid(BaseModel):
    """An ellipsoid of revolution: equatorial radius ``a`` [m] and flattening ``f`` (0: sphere)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = "WGS84"
    a: float = Field(WGS84_A, gt=0.0, allow_inf_nan=False, description="equatorial radius [m]")
    f: float = Field(WGS84_F, ge=0.0, lt=0.5, description="flattening [-]")

    @model_validator(mode="after")
    def _finite(self) -> Ellipsoid:
        if not math.isfinite(self.f):
            raise ValueError(f"f={self.f!r} must be finite")
        return self

    @classmethod
    def sphere(cls, radius: float = R_ROUND_EARTH, name: str = "sphere") -> Ellipsoid:
        """A sphere of ``radius`` [m] (default: the NESC check cases' round Earth)."""
        return cls(name=name, a=radius, f=0.0)

    @property
    def b(self) -> float:
        """Polar radius [m]."""
        return self.a * (1.0 - self.f)

    @property
    def e2(self) -> float:
        """First eccentricity squared [-]."""
        return self.f * (2.0 - self.f)

    @property
    def is_sphere(self) -> bool:
        """True for a sphere (``f == 0``)."""
        return self.f == 0.0

    def kernel_params(self) -> np.ndarray:
        """``(a, b, e2)`` as the leading entries of an Earth parameter vector (see ``_kernels``)."""
        return _params(self.a, self.f).copy()

    def geodetic2ecef(self, lat: np.ndarray | float, lon: np.ndarray | float,
                      h: np.ndarray | float = 0.0) -> np.ndarray:
        """ECEF position ``(..., 3)`` [m] of geodetic ``lat``, ``lon`` [rad] and height ``h`` [m]."""
        lat, lon, h = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (lat, lon, h)))
        sl, cl = np.sin(lat), np.cos(lat)
        n = self.a / np.sqrt(1.0 - self.e2 * sl * sl)
        return np.stack([(n + h) * cl * np.cos(lon), (n + h) * cl * np.sin(lon),
                         (n * (1.0 - self.e2) + h) * sl], axis=-1)

    def ecef2geodetic(self, xyz: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Geodetic latitude, longitude [rad] and height [m] of ECEF points ``(..., 3)`` [m].

        NaN points give NaN.  Each output has the shape ``xyz.shape[:-1]``.
        """
        out = self._geodetic(xyz, 2)
        return (np.arctan2(out[..., 1], out[..., 2]), np.arctan2(out[..., 3], out[..., 4]),
                out[..., 0])

    def height(self, xyz: np.ndarray) -> np.ndarray:
        """Height [m] above the ellipsoid of ECEF points ``(..., 3)``."""
        return self._geodetic(xyz, 1)[..., 0]

    def up(self, xyz: np.ndarray) -> np.ndarray:
        """Unit outward normal ``(..., 3)`` (the local vertical) at ECEF points ``(..., 3)``."""
        g = self._geodetic(xyz, 2)
        return np.stack([g[..., 2] * g[..., 4], g[..., 2] * g[..., 3], g[..., 1]], axis=-1)

    def _geodetic(self, xyz: np.ndarray, iterations: int) -> np.ndarray:
        xyz = np.asarray(xyz, dtype=float)
        if xyz.shape[-1:] != (3,):
            from ..errors import InputError

            raise InputError("xyz", xyz, f"must have shape (..., 3), got {xyz.shape}")
        flat = np.ascontiguousarray(xyz.reshape(-1, 3))
        out = np.empty((flat.shape[0], 5))
        _geodetic_rows(flat, self.kernel_params(), iterations, out)
        return out.reshape(*xyz.shape[:-1], 5)


@functools.cache
def _params(a: float, f: float) -> np.ndarray:
    p = np.zeros(_k.NEARTH)
    p[_k.E_A] = a
    p[_k.E_B] = a * (1.0 - f)
    p[_k.E_E2] = f * (2.0 - f)
    p[_k.E_EP2] = (a * a - p[_k.E_B] ** 2) / p[_k.E_B] ** 2
    p.setflags(write=False)
    return p


@njit(cache=True)
def _geodetic_rows(xyz: np.ndarray, ep: np.ndarray, iterations: int, out: np.ndarray) -> None:
    for i in range(xyz.shape[0]):
        x, y, z = xyz[i, 0], xyz[i, 1], xyz[i, 2]
        if not (np.isfinite(x) and np.isfinite(y) and np.isfinite(z)):
            out[i, :] = np.nan
            continue
        h, sl, cl, so, co = _k.geodetic(x, y, z, ep, iterations)
        out[i, 0] = h
        out[i, 1] = sl
        out[i, 2] = cl
        out[i, 3] = so
        out[i, 4] = co


#: The WGS-84 ellipsoid (a = 6378137 m, 1/f = 298.257223563).
WGS84 = Ellipsoid(name="WGS84", a=WGS84_A, f=WGS84_F)
