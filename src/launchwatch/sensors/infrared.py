"""Space-based infrared early warning: line-of-sight angles to burning motors."""

from __future__ import annotations

import math

import numpy as np

from ..earth.constants import WGS84_B
from ..earth.ellipsoid import WGS84
from ..earth.sight import earth_blocks, ecef2los
from .config import InfraredConfig
from .detections import Detections
from .truth import Truth

__all__ = ["PLUME_VISIBLE_ABOVE_M", "earth_blocks", "ir_detections", "los_measure"]

#: [m] height above which a space infrared sensor sees a boost's plume (it clears the
#: clouds; a generic figure): the estimator of the launch reads the plume's rise by it
PLUME_VISIBLE_ABOVE_M = 1000.0


def los_measure(states: np.ndarray, site: np.ndarray) -> np.ndarray:
    """Line-of-sight angles ``(..., 2)`` [rad] from ``site (3,)`` to ECEF states ``(..., >=3)``
    (:func:`launchwatch.earth.sight.ecef2los`)."""
    return ecef2los(states, site)


def ir_detections(truth: Truth, cfg: InfraredConfig, sensor_index: int, t_start: float,
                  t_end: float, rng: np.random.Generator) -> Detections:
    """Detections of one infrared sensor between ``t_start`` and ``t_end`` [s] for every flight.

    A flight is seen at a revisit instant while its motor burns (``t_launch <= t <=
    t_burnout``), above 1 km (the plume clears the clouds, a generic figure) and not
    behind the Earth, with probability ``pd``.  ``z[:, 2:]`` is NaN.
    """
    k0 = math.ceil((t_start - cfg.phase) / cfg.revisit - 1e-9)
    k1 = math.floor((t_end - cfg.phase) / cfg.revisit + 1e-9)
    times = cfg.phase + np.arange(max(k0, 0), k1 + 1) * cfg.revisit
    site = cfg.site_ecef
    x = truth.states(times)
    ok = np.isfinite(x[..., 0]) & truth.burning(times)
    r = np.linalg.norm(np.where(ok[..., None], x[..., :3], 0.0), axis=-1)
    ok &= r > WGS84_B  # crude: anything above the polar radius; refined below
    ok &= ~earth_blocks(np.where(ok[..., None], x[..., :3] * (1 - 1e-7), site), site)
    h = WGS84.height(np.where(ok[..., None], x[..., :3], site))
    ok &= h > PLUME_VISIBLE_ABOVE_M
    det = ok & (rng.random(ok.shape) < cfg.pd)
    ti, si = np.nonzero(det.T)
    z = ecef2los(x[si, ti], site) + rng.standard_normal((ti.size, 2)) * cfg.sigma_los
    zz = np.full((ti.size, 4), np.nan)
    zz[:, :2] = z
    return Detections(times[ti], np.full(ti.size, sensor_index, np.intp), zz, si.astype(np.intp),
                      (), times, np.full(times.size, sensor_index, np.intp))
