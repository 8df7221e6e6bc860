"""Load (or compile) every kernel of the tracker once, before the first real scan.

numba compiles a kernel on its first call (or loads it from the on-disk cache, tens of
milliseconds each); without this the first scans that reach each kernel cost 50 ms or
more, which is most of what the mean scan time exceeds the median by.  A watch floor or a
benchmark calls :func:`warm_up` at start-up.
"""

from __future__ import annotations

import functools

import numpy as np

__all__ = ["warm_up"]


@functools.cache
def warm_up() -> None:
    """Run a tiny two-radar, two-infrared scene through every tracker path (EKF and UKF,
    GNN and JPDA, IMM and single model), so that no kernel compiles during a real run."""
    import math

    from ..earth.ellipsoid import WGS84
    from ..earth.frames import enu_basis
    from ..earth.sight import ecef2los, ecef2radar
    from .config import TrackerConfig
    from .measurement import LosMeasurement, RadarMeasurement
    from .tracker import Tracker

    lat, lon = math.radians(38.0), math.radians(130.0)
    site = WGS84.geodetic2ecef(lat, lon, 0.0)
    radar = RadarMeasurement(site, enu_basis(lat, lon), np.array([20.0, 1e-3, 1e-3, 2.0]))
    geo = [LosMeasurement(WGS84.geodetic2ecef(0.0, math.radians(lo), 35_786e3), np.full(2, 2e-5))
           for lo in (95.0, 160.0)]
    x = np.concatenate([WGS84.geodetic2ecef(math.radians(39.0), math.radians(131.0), 1e5),
                        [500.0, 1000.0, 1500.0]])
    for cfg in (TrackerConfig(), TrackerConfig(association="jpda"),
                TrackerConfig(filter="ukf", models=("ballistic", "boost")),
                TrackerConfig(models=("ballistic",), history="states")):
        tr = Tracker([radar, *geo], cfg)
        for k in range(6):
            t = 0.5 * k
            xt = x.copy()
            xt[:3] += xt[3:] * t
            tr.update(t, 0, ecef2radar(xt, site, radar.enu)[None])
            for j, g in enumerate(geo):
                tr.update(t + 0.1 * (j + 1), 1 + j, ecef2los(xt, g.site)[None])
        tr.history()
