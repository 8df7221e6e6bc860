"""The integrator against closed-form vacuum ballistics (no drag, inverse-square gravity,
non-rotating spherical Earth), for ranges from 100 to 10,000 km."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from launchwatch.earth import R_ROUND_EARTH
from launchwatch.flight import EarthModel, propagate
from launchwatch.flight.analytic import min_energy, speed_for_range, vacuum_flight

VACUUM = EarthModel(gravity="spherical", rotating=False, shape="sphere", radius=R_ROUND_EARTH)


def _states(v: np.ndarray, gamma: np.ndarray, az: np.ndarray) -> np.ndarray:
    """Surface states at lat 20 deg, lon 30 deg flying at speed v, fpa gamma, azimuth az."""
    lat, lon = np.radians(20.0), np.radians(30.0)
    up = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    east = np.array([-np.sin(lon), np.cos(lon), 0.0])
    north = np.cross(up, east)
    horiz = np.cos(az)[:, None] * north + np.sin(az)[:, None] * east
    vel = v[:, None] * (np.cos(gamma)[:, None] * horiz + np.sin(gamma)[:, None] * up)
    pos = np.broadcast_to(R_ROUND_EARTH * up, vel.shape)
    return np.concatenate([pos, vel], axis=1)


def test_vacuum_range_apogee_time_match_kepler() -> None:
    ranges = np.array([100e3, 300e3, 800e3, 1500e3, 3000e3, 5500e3, 8000e3, 10000e3])
    gam_me = min_energy(ranges)["fpa"]
    # lofted, minimum-energy and depressed shots for every range
    gamma = np.concatenate([gam_me + np.radians(15.0), gam_me, gam_me - np.radians(15.0)])
    rng = np.tile(ranges, 3)
    v = speed_for_range(rng, gamma)
    az = np.linspace(0.0, 2 * np.pi, v.size, endpoint=False)
    res = propagate(_states(v, gamma, az), 0.0, earth=VACUUM)
    assert (res.status == 0).all()
    s = res.summary()
    ref = vacuum_flight(v, gamma)
    np.testing.assert_allclose(ref["range"], rng, rtol=1e-12)
    np.testing.assert_allclose(s.ground_range, ref["range"], rtol=1e-6)
    np.testing.assert_allclose(s.apogee_alt, ref["apogee"], rtol=1e-6)
    np.testing.assert_allclose(s.time_of_flight, ref["time"], rtol=1e-6)
    np.testing.assert_allclose(np.cos(s.initial_azimuth), np.cos(az), atol=1e-6)


@settings(max_examples=25, deadline=None)
@given(range_km=st.floats(100.0, 10000.0), dgamma_deg=st.floats(-20.0, 20.0))
def test_vacuum_property(range_km: float, dgamma_deg: float) -> None:
    r = np.array([range_km * 1e3])
    g = min_energy(r)["fpa"] + np.radians(dgamma_deg)
    g = np.clip(g, np.radians(3.0), np.radians(87.0))
    v = speed_for_range(r, g)
    res = propagate(_states(v, g, np.array([1.0])), 0.0, earth=VACUUM)
    ref = vacuum_flight(v, g)
    s = res.summary()
    np.testing.assert_allclose(s.ground_range, ref["range"], rtol=1e-6)
    np.testing.assert_allclose(s.apogee_alt, ref["apogee"], rtol=1e-6)
    np.testing.assert_allclose(s.time_of_flight, ref["time"], rtol=1e-6)


def test_min_energy_is_the_cheapest() -> None:
    r = np.full(41, 800e3)
    me = min_energy(r[:1])
    g = me["fpa"] + np.radians(np.linspace(-20, 20, 41))
    assert np.nanmin(speed_for_range(r, g)) >= me["speed"][0] * (1 - 1e-12)
    # the textbook figure: ~190 km minimum-energy apogee for 800 km
    assert 180e3 < me["apogee"][0] < 200e3
