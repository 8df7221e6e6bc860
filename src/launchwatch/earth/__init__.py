"""The Earth: WGS-84, frames, gravity, the 1976 standard atmosphere and geodesics."""

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
from .gravity import gravity_j2, gravity_spherical

__all__ = [
    "G0", "J2_EARTH", "MU_EARTH", "OMEGA_EARTH", "R_ROUND_EARTH", "WGS84_A", "WGS84_B",
    "WGS84_E2", "WGS84_F", "Atmosphere", "aer2ecef", "ecef2aer", "ecef2eci", "ecef2enu",
    "ecef2enuv", "ecef2geodetic", "ecef2ned_velocity", "eci2ecef", "enu2ecef", "enu2ecefv",
    "enu_basis", "geodesic_direct", "geodesic_inverse", "geodetic2ecef", "gravity_j2",
    "gravity_spherical", "standard_atmosphere",
]
