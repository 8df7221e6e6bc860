"""Illustrative salvo scenarios for tests, benchmarks and demonstrations (generic values)."""

from __future__ import annotations

import math

import numpy as np

from .config import InfraredConfig, RadarConfig
from .truth import Truth

__all__ = ["demo_infrared", "demo_radars", "demo_salvo"]


def demo_salvo(n: int = 3, *, seed: int = 0, spread_s: float = 10.0, sample_dt: float = 0.1
               ) -> Truth:
    """Truth of ``n`` generic missiles (250-800 km class) launched eastwards from a notional coast.

    Sites within ~40 km of (39.1 N, 127.4 E), azimuths 75-105 deg, launches within
    ``spread_s`` seconds; the first three are the 300, 500 and 800 km classes.
    """
    from ..flight import generic_vehicle, simulate

    rng = np.random.default_rng(seed)
    classes = np.array([300.0, 500.0, 800.0])
    vehicles = [generic_vehicle(c) for c in classes]
    idx = np.arange(n) % 3
    if n > 3:
        idx[3:] = rng.integers(0, 3, n - 3)
    lat = math.radians(39.1) + np.radians(rng.uniform(-0.3, 0.3, n))
    lon = math.radians(127.4) + np.radians(rng.uniform(-0.3, 0.3, n))
    az = np.radians(rng.uniform(75.0, 105.0, n))
    kick = np.array([0.35, 0.38, 0.40])[idx] + rng.uniform(-0.02, 0.02, n)
    t0 = rng.uniform(0.0, spread_s, n)
    res = simulate(vehicles, lat, lon, az, vehicle_index=idx, kick_angle=kick, launch_time=t0,
                   sample_dt=sample_dt)
    return Truth.from_flight(res)


def demo_radars(n: int = 2, *, clutter_per_scan: float = 5.0, revisit: float = 1.0,
                **overrides) -> list[RadarConfig]:
    """``n`` (up to 4) generic radars around the notional sea area, phased across the revisit."""
    sites = [(37.5, 129.1), (40.5, 131.5), (36.0, 133.0), (41.5, 134.5)]
    return [RadarConfig(name=f"radar-{i}", lat_deg=sites[i][0], lon_deg=sites[i][1],
                        clutter_per_scan=clutter_per_scan, revisit=revisit,
                        phase=revisit * i / n, **overrides) for i in range(n)]


def demo_infrared(n: int = 2, *, revisit: float = 1.0, **overrides) -> list[InfraredConfig]:
    """``n`` (up to 3) generic geostationary infrared sensors that see the notional launch area.

    Sub-satellite longitudes 95, 160 and 128 E: two well-separated lines of sight
    (about 60 degrees apart as seen from the launch area) make a good triangulation.
    """
    lons = [95.0, 160.0, 128.0]
    return [InfraredConfig(name=f"ir-{i}", lon_deg=lons[i], revisit=revisit, **overrides)
            for i in range(n)]
