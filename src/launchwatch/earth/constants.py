"""Earth constants (SI units).

WGS-84 defining parameters, the gravity constants used by the NESC check cases
(NASA/TM-2015-218675) and conversions for English units used by those references.
"""

from __future__ import annotations

#: WGS-84 semi-major axis [m].
WGS84_A = 6378137.0
#: WGS-84 flattening [-].
WGS84_F = 1.0 / 298.257223563
#: WGS-84 semi-minor axis [m].
WGS84_B = WGS84_A * (1.0 - WGS84_F)
#: WGS-84 first eccentricity squared [-].
WGS84_E2 = WGS84_F * (2.0 - WGS84_F)
#: Earth's gravitational parameter (WGS-84 / EGM96) [m^3/s^2].
MU_EARTH = 3.986004418e14
#: Second zonal harmonic (as used by the NESC check cases) [-].
J2_EARTH = 1.08262982e-3
#: Earth rotation rate [rad/s].
OMEGA_EARTH = 7.292115e-5
#: Mean radius of the round (spherical) Earth of the NESC check cases [m].
R_ROUND_EARTH = 6371007.1809
#: Standard gravity [m/s^2].
G0 = 9.80665

#: Feet to metres (exact).
FT = 0.3048
#: Slug to kilograms.
SLUG = 14.593902937206364
