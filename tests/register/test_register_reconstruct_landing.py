"""A reconstructed landing point is where the fitted flight lands, also at long range."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from launchwatch.earth import geodesic_inverse
from launchwatch.register.models import Event, Launch, Place
from launchwatch.register.reconstruct import landing_point, reconstruct, trajectories


def test_landing_point_matches_the_flown_trajectory() -> None:
    la = Launch(utc=datetime(2022, 10, 3, 22, 23, tzinfo=UTC),
                site=Place(name="site", lat=math.radians(40.0), lon=math.radians(126.0)),
                distance=4500e3, apogee=970e3)
    ev = Event(key="T-1", launches=[la])
    assert reconstruct([ev]).fitted == [("T-1", 1)]
    lat, lon, how = landing_point(ev.launches[0])
    assert how == "reconstructed"
    (tr,) = trajectories([ev], sample_dt=5.0)
    miss = float(geodesic_inverse(lat, lon, tr.lat[-1], tr.lon[-1])[0])
    assert miss < 20e3, f"landing point {miss / 1e3:.0f} km from the flight's end"
