"""The Earth a flight or a track sees: figure, gravity, rotation and a steady wind.

:class:`EarthModel` is a frozen configuration (it round-trips to YAML/JSON, as in a
scenario's ``earth:`` entry) and the one object that the compiled dynamics take: its
:meth:`~EarthModel.kernel_params` vector is what the flight integrator and the tracker's
prediction read (:mod:`launchwatch.flight._dynamics`).

    >>> from launchwatch.earth import EarthModel, Ellipsoid
    >>> EarthModel().ellipsoid.name, EarthModel().gravity
    ('WGS84', 'j2')
    >>> vacuum = EarthModel(gravity="spherical", rotating=False, ellipsoid=Ellipsoid.sphere())
    >>> vacuum.ellipsoid.is_sphere
    True

For files written before the ellipsoid object, ``shape: sphere`` (with ``radius``) and
``shape: wgs84`` are still read.
"""

from __future__ import annotations

import functools
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import _kernels as _k
from .constants import J2_EARTH, MU_EARTH, OMEGA_EARTH, R_ROUND_EARTH, WGS84_A
from .ellipsoid import WGS84, Ellipsoid

__all__ = ["EarthModel"]


class EarthModel(BaseModel):
    """Gravity (point mass or with J2), rotation, the ellipsoid and a steady wind.

    ``ellipsoid``: an :class:`Ellipsoid` (or ``"wgs84"`` / ``"sphere"``, the round Earth of
    radius 6371007.1809 m of the NESC check cases); heights, the local vertical and the
    atmosphere are taken above it.  The J2 term is referred to the WGS-84 equatorial radius
    whatever the ellipsoid.  ``wind_east``/``wind_north`` [m/s]: a steady wind, the same
    at every height.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    gravity: Literal["j2", "spherical"] = "j2"
    rotating: bool = True
    ellipsoid: Ellipsoid = WGS84
    wind_east: float = Field(default=0.0, ge=-200, le=200, allow_inf_nan=False,
                             description="m/s, steady")
    wind_north: float = Field(default=0.0, ge=-200, le=200, allow_inf_nan=False,
                              description="m/s, steady")

    @model_validator(mode="before")
    @classmethod
    def _legacy_shape(cls, data: Any) -> Any:
        """``shape: wgs84|sphere`` and ``radius`` (files before the ellipsoid object)."""
        if isinstance(data, dict) and ("shape" in data or "radius" in data):
            data = dict(data)
            shape = data.pop("shape", "sphere" if "radius" in data else "wgs84")
            radius = data.pop("radius", R_ROUND_EARTH)
            if "ellipsoid" in data:
                raise ValueError("give either ellipsoid or the older shape/radius, not both")
            if shape == "wgs84":
                data["ellipsoid"] = WGS84
            elif shape == "sphere":
                data["ellipsoid"] = Ellipsoid.sphere(radius)
            else:
                raise ValueError(f"shape={shape!r} must be 'wgs84' or 'sphere'")
        return data

    @field_validator("ellipsoid", mode="before")
    @classmethod
    def _named(cls, v: Any) -> Any:
        if isinstance(v, str):
            if v.lower() == "wgs84":
                return WGS84
            if v.lower() == "sphere":
                return Ellipsoid.sphere()
            raise ValueError(f"{v!r}: a named ellipsoid is 'wgs84' or 'sphere'")
        return v

    @property
    def omega(self) -> float:
        """Rotation rate [rad/s] (0 for a non-rotating Earth)."""
        return OMEGA_EARTH if self.rotating else 0.0

    def kernel_params(self) -> np.ndarray:
        """The parameter vector ``(NEARTH,)`` of the compiled kernels (a fresh copy)."""
        return _params(self).copy()


@functools.lru_cache(maxsize=64)
def _params(earth: EarthModel) -> np.ndarray:
    p = np.array(earth.ellipsoid.kernel_params())
    p[_k.E_MU] = MU_EARTH
    p[_k.E_J2R2] = J2_EARTH * WGS84_A**2 if earth.gravity == "j2" else 0.0
    p[_k.E_OMEGA] = earth.omega
    p[_k.E_WIND_E] = earth.wind_east
    p[_k.E_WIND_N] = earth.wind_north
    p.setflags(write=False)
    return p
