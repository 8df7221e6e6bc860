"""The earth layer against references nobody here wrote: the published 1976 standard
atmosphere tables, erfa's geodetic conversion, GeographicLib geodesics and the NESC
check cases' gravity."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchwatch.earth import (
    OMEGA_EARTH,
    aer2ecef,
    ecef2aer,
    ecef2eci,
    ecef2enu,
    ecef2geodetic,
    eci2ecef,
    enu2ecef,
    geodesic_direct,
    geodesic_inverse,
    geodetic2ecef,
    gravity_j2,
    gravity_spherical,
    standard_atmosphere,
)
from launchwatch.earth.constants import FT

# U.S. Standard Atmosphere 1976 (NOAA-S/T 76-1562), geometric-altitude tables: the
# values quoted in the project's issue and ecosystem notes, plus sea level and 32 km.
PUBLISHED = [
    # altitude m, temperature K, pressure Pa, density kg/m^3 (None: not checked)
    (0.0, 288.150, 101325.0, 1.2250),
    (11000.0, 216.774, 22699.9, None),
    (20000.0, 216.650, 5529.3, 0.088910),
    (32000.0, 228.490, 889.06, 0.013555),
    (50000.0, 270.650, 79.779, None),
    (86000.0, 186.87, 0.37338, 6.958e-6),
]


@pytest.mark.parametrize(("h", "t", "p", "rho"), PUBLISHED)
def test_atmosphere_matches_published_tables(h: float, t: float, p: float,
                                             rho: float | None) -> None:
    a = standard_atmosphere(h)
    assert float(a.temperature) == pytest.approx(t, rel=1e-4)
    assert float(a.pressure) == pytest.approx(p, rel=1e-4)
    if rho is not None:
        assert float(a.density) == pytest.approx(rho, rel=1e-4)


def test_atmosphere_is_vectorised_and_continuous() -> None:
    h = np.linspace(0.0, 1e6, 200000).reshape(1000, 200)
    a = standard_atmosphere(h)
    assert a.density.shape == h.shape
    flat = standard_atmosphere(np.linspace(0.0, 1e6, 100001))
    jumps = np.abs(np.diff(np.log(flat.density)))
    assert jumps.max() < 0.02  # 10 m steps: no discontinuity, incl. the 86 km join
    assert (np.diff(flat.pressure) < 0).all()
    assert np.isnan(standard_atmosphere(np.nan).density)
    # speed of sound at sea level and 11 km (published: 340.29 and 295.07 m/s)
    assert float(standard_atmosphere(0.0).speed_of_sound) == pytest.approx(340.29, abs=0.01)
    assert float(standard_atmosphere(11019.0).speed_of_sound) == pytest.approx(295.07, abs=0.01)


def test_atmosphere_agrees_with_ussa1976_package() -> None:
    import ussa1976
    z = np.linspace(0.0, 999e3, 1111)
    ds = ussa1976.compute(z=z, variables=["p", "rho"])
    a = standard_atmosphere(z)
    # an independent implementation of the whole model, 0-1000 km (ours is the closed
    # form below 86 km and a 100 m table of the package above)
    np.testing.assert_allclose(a.pressure, ds["p"].values, rtol=3e-5)
    np.testing.assert_allclose(a.density, ds["rho"].values, rtol=3e-5)
    top = standard_atmosphere(np.array([1e6, 1e6 + 1.0]))
    assert top.density[0] == pytest.approx(3.5719e-15, rel=1e-3) and top.density[1] == 0.0


@pytest.mark.parametrize("h_max", [1e6, 4e7])  # up to 1000 km (the documented figure), to GEO
def test_ecef_to_geodetic_against_erfa(h_max: float) -> None:
    import erfa

    rng = np.random.default_rng(4)
    n = 100_000
    lat = rng.uniform(-math.pi / 2, math.pi / 2, n)
    lon = rng.uniform(-math.pi, math.pi, n)
    h = rng.uniform(-500.0, h_max, n)
    xyz = geodetic2ecef(lat, lon, h)
    la, lo, hh = ecef2geodetic(xyz)
    elong, phi, height = erfa.gc2gd(1, xyz)  # 1 = WGS84
    # docs/flight.md: 4e-9 m below 1000 km (round-off of metres-sized numbers beyond)
    tol = 1e-8 if h_max <= 1e6 else 5e-8
    assert np.abs(hh - height).max() < tol
    # angular differences as ground distances [m]: 2 Bowring steps, 8e-13 rad below 1000 km
    assert (np.abs(la - phi) * 6.4e6).max() < (1e-5 if h_max <= 1e6 else 5e-4)
    assert (np.abs(np.angle(np.exp(1j * (lo - elong)))) * 6.4e6 * np.cos(phi)).max() < 1e-6
    assert np.abs(hh - h).max() < tol


def test_sphere_and_ellipsoid_objects() -> None:
    """A sphere is an ellipsoid with f = 0: heights and latitudes are the geocentric ones."""
    from launchwatch.earth import WGS84, Ellipsoid

    sph = Ellipsoid.sphere(6371e3)
    rng = np.random.default_rng(5)
    xyz = rng.normal(size=(50, 3)) * 7e6
    r = np.linalg.norm(xyz, axis=1)
    lat, _, h = sph.ecef2geodetic(xyz)
    np.testing.assert_allclose(h, r - 6371e3, atol=1e-6)
    np.testing.assert_allclose(lat, np.arcsin(xyz[:, 2] / r), atol=1e-14)
    np.testing.assert_allclose(sph.up(xyz), xyz / r[:, None], atol=1e-14)
    # the WGS-84 normal at a geodetic latitude is (cos lat cos lon, cos lat sin lon, sin lat)
    p = WGS84.geodetic2ecef(0.7, -2.0, 3e5)
    np.testing.assert_allclose(WGS84.up(p), [math.cos(0.7) * math.cos(-2.0),
                                             math.cos(0.7) * math.sin(-2.0), math.sin(0.7)],
                               atol=1e-14)
    assert WGS84.b == pytest.approx(6356752.314245, abs=1e-6)  # published polar radius
    # great circles on the sphere: a quarter of the equator
    d, az, _ = geodesic_inverse(0.0, 0.0, 0.0, math.pi / 2, sph)
    assert float(d) == pytest.approx(math.pi / 2 * 6371e3, rel=1e-12)
    assert float(az) == pytest.approx(math.pi / 2)


@settings(max_examples=50, deadline=None)
@given(lat=st.floats(-89.9, 89.9), lon=st.floats(-180, 180), h=st.floats(-100, 9e5),
       e=st.floats(-5e5, 5e5), n=st.floats(-5e5, 5e5), u=st.floats(-1e4, 5e5))
def test_local_frames_round_trip(lat: float, lon: float, h: float, e: float, n: float,
                                 u: float) -> None:
    la, lo = math.radians(lat), math.radians(lon)
    xyz = enu2ecef(np.array([e, n, u]), la, lo, h)
    np.testing.assert_allclose(ecef2enu(xyz, la, lo, h), [e, n, u], atol=1e-6)
    aer = ecef2aer(xyz, la, lo, h)
    np.testing.assert_allclose(aer2ecef(aer, la, lo, h), xyz, atol=1e-4)  # 0.1 mm


def test_eci_round_trip_and_transport_velocity() -> None:
    rng = np.random.default_rng(1)
    s = np.concatenate([geodetic2ecef(rng.uniform(-1, 1, (4, 5)), rng.uniform(-3, 3, (4, 5)),
                                      1e4), rng.normal(size=(4, 5, 3))], axis=-1)
    t = rng.uniform(0, 3600, (4, 5))
    np.testing.assert_allclose(eci2ecef(ecef2eci(s, t), t), s, atol=1e-6)
    # a point at rest on the equator moves east at omega * a in the inertial frame
    at_rest = np.array([6378137.0, 0, 0, 0, 0, 0])
    assert ecef2eci(at_rest, 0.0)[4] == pytest.approx(OMEGA_EARTH * 6378137.0)


def test_geodesics_against_geographiclib() -> None:
    from geographiclib.geodesic import Geodesic

    g = Geodesic.WGS84
    rng = np.random.default_rng(2)
    lat1, lon1 = rng.uniform(-80, 80, 50), rng.uniform(-180, 180, 50)
    lat2, lon2 = rng.uniform(-80, 80, 50), rng.uniform(-180, 180, 50)
    d, a1, a2 = geodesic_inverse(*np.radians([lat1, lon1, lat2, lon2]))
    for i in range(50):
        ref = g.Inverse(lat1[i], lon1[i], lat2[i], lon2[i])
        assert d[i] == pytest.approx(ref["s12"], abs=1e-6)
        assert math.degrees(a1[i]) == pytest.approx(ref["azi1"], abs=1e-9)
        assert math.degrees(a2[i]) == pytest.approx(ref["azi2"], abs=1e-9)
    la2, _lo2 = geodesic_direct(np.radians(lat1), np.radians(lon1), a1, d)
    np.testing.assert_allclose(np.degrees(la2), lat2, atol=1e-9)
    # NaN inputs give NaN rows, not an error
    assert np.isnan(geodesic_inverse(np.nan, 0.0, 0.1, 0.1)[0])


def test_gravity_matches_nesc_local_gravity() -> None:
    # NESC case 01/05 initial states, localGravity_ft_s2 at t = 0
    r_wgs = np.array([6378137.0 + 30000 * FT, 0.0, 0.0])
    assert np.linalg.norm(gravity_j2(r_wgs)) / FT == pytest.approx(32.10653595191867, rel=1e-9)
    r_round = np.array([6371007.1809 + 30000 * FT, 0.0, 0.0])
    assert np.linalg.norm(gravity_spherical(r_round)) / FT == pytest.approx(32.12631207,
                                                                           rel=1e-8)
    # J2 pulls toward the equator off it, and batches broadcast
    g = gravity_j2(np.array([[4e6, 0.0, 5e6], [4e6, 0.0, -5e6]]))
    assert g.shape == (2, 3) and g[0, 2] < 0 < g[1, 2]
