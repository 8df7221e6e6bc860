"""The Earth: its figure (:class:`Ellipsoid`, :data:`WGS84`), the :class:`EarthModel` the
dynamics take, frames, lines of sight, gravity, the 1976 standard atmosphere, geodesics."""

from __future__ import annotations

from .atmosphere import Atmosphere, standard_atmosphere
from .constants import (
    G0,
    J2_EARTH,
    MU_EARTH,
    OMEGA_EARTH,
    R_ROUND_EARTH,
    WGS84_A,
    WGS84_B,
    WGS84_E2,
    WGS84_F,
)
from .ellipsoid import WGS84, Ellipsoid
from .frames import (
    aer2ecef,
    ecef2aer,
    ecef2eci,
    ecef2enu,
    ecef2enuv,
    ecef2geodetic,
    ecef2ned_velocity,
    eci2ecef,
    enu2ecef,
    enu2ecefv,
    enu_basis,
    geodetic2ecef,
)
from .geodesic import geodesic_direct, geodesic_inverse
from .gravity import gravity, gravity_j2, gravity_spherical
from .model import EarthModel
from .sight import (
    Coverage,
    earth_blocks,
    ecef2los,
    ecef2radar,
    horizon_range,
    los2direction,
    radar2ecef,
    wrap_angle,
)

__all__ = [
    "G0",
    "J2_EARTH",
    "MU_EARTH",
    "OMEGA_EARTH",
    "R_ROUND_EARTH",
    "WGS84",
    "WGS84_A",
    "WGS84_B",
    "WGS84_E2",
    "WGS84_F",
    "Atmosphere",
    "Coverage",
    "EarthModel",
    "Ellipsoid",
    "aer2ecef",
    "earth_blocks",
    "ecef2aer",
    "ecef2eci",
    "ecef2enu",
    "ecef2enuv",
    "ecef2geodetic",
    "ecef2los",
    "ecef2ned_velocity",
    "ecef2radar",
    "eci2ecef",
    "enu2ecef",
    "enu2ecefv",
    "enu_basis",
    "geodesic_direct",
    "geodesic_inverse",
    "geodetic2ecef",
    "gravity",
    "gravity_j2",
    "gravity_spherical",
    "horizon_range",
    "los2direction",
    "radar2ecef",
    "standard_atmosphere",
    "wrap_angle",
]
