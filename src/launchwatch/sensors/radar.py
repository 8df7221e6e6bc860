"""Radar detections: range, azimuth, elevation, range-rate from a site, with noise and clutter.

The geometry (what a radar measures, what it can see) is :mod:`launchwatch.earth.sight`,
the same the tracker predicts with.
"""

from __future__ import annotations

import math

import numpy as np

from ..earth.sight import TWO_PI, ecef2radar, horizon_range
from .config import RadarConfig
from .detections import CLUTTER, Detections
from .truth import Truth

__all__ = ["radar_detections", "radar_horizon_range", "radar_measure", "radar_visible"]

#: The spherical line-of-sight limit (:func:`launchwatch.earth.sight.horizon_range`).
radar_horizon_range = horizon_range


def radar_measure(states: np.ndarray, site: np.ndarray, enu: np.ndarray) -> np.ndarray:
    """Noise-free radar measurements ``(..., 4)`` of ECEF states ``(..., 6)``
    (:func:`launchwatch.earth.sight.ecef2radar`)."""
    return ecef2radar(states, site, enu)


def radar_visible(z: np.ndarray, cfg: RadarConfig) -> np.ndarray:
    """Boolean ``(...)``: noise-free measurements ``z (..., 4)`` inside the radar's coverage
    (:attr:`RadarConfig.coverage`: elevations, range, azimuth sector; NaN is not visible)."""
    return cfg.coverage.visible(z)


def _merge_cso(z: np.ndarray, truth: np.ndarray, scan: np.ndarray, cfg: RadarConfig
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge detections of one scan closer than the resolution cell (range and angle).

    ``z (M, 4)`` noise-free, ``truth (M,)``, ``scan (M,)`` sorted by scan.  Returns the kept
    rows' mask, their merged measurements and the number of objects merged into each.
    """
    m = z.shape[0]
    keep = np.ones(m, bool)
    out = z.copy()
    count = np.ones(m, np.intp)
    if m < 2 or cfg.cso_range_resolution is None or cfg.cso_angle_resolution is None:
        return keep, out, count
    order = np.lexsort((z[:, 0], scan))
    zs, ss = z[order], scan[order]
    # groups: consecutive in range within a resolution cell, same scan, close in angle
    daz = np.abs(np.angle(np.exp(1j * (zs[1:, 1] - zs[:-1, 1])))) * np.cos(zs[1:, 2])
    dang = np.hypot(daz, zs[1:, 2] - zs[:-1, 2])
    join = ((ss[1:] == ss[:-1]) & (zs[1:, 0] - zs[:-1, 0] < cfg.cso_range_resolution)
            & (dang < cfg.cso_angle_resolution))
    group = np.concatenate([[0], np.cumsum(~join)])
    ng = group[-1] + 1
    cnt = np.bincount(group, minlength=ng)
    sums = np.zeros((ng, 4))
    unit = np.exp(1j * zs[:, 1])
    az_sum = np.zeros(ng, complex)
    np.add.at(sums, group, zs)
    np.add.at(az_sum, group, unit)
    mean = sums / cnt[:, None]
    mean[:, 1] = np.mod(np.angle(az_sum), TWO_PI)
    first = np.concatenate([[True], ~join])
    kept_sorted = np.zeros(m, bool)
    kept_sorted[first] = True
    keep[order] = kept_sorted
    merged = np.empty_like(zs)
    merged[:] = mean[group]
    out[order] = merged
    count[order] = cnt[group]
    return keep, out, count


def radar_detections(truth: Truth, cfg: RadarConfig, sensor_index: int, t_start: float,
                     t_end: float, rng: np.random.Generator) -> Detections:
    """All detections of one radar between ``t_start`` and ``t_end`` [s], for every flight at once.

    Scans at ``phase + k * revisit``; each visible target is detected with probability
    ``pd`` and gets Gaussian noise; Poisson clutter is added per scan.
    """
    k0 = math.ceil((t_start - cfg.phase) / cfg.revisit - 1e-9)
    k1 = math.floor((t_end - cfg.phase) / cfg.revisit + 1e-9)
    times = cfg.phase + np.arange(max(k0, 0), k1 + 1) * cfg.revisit
    nt = times.size
    site, enu = cfg.site_ecef, cfg.enu
    x = truth.states(times)  # (N, T, 6)
    z = ecef2radar(x, site, enu)  # (N, T, 4)
    vis = cfg.coverage.visible(z)
    det = vis & (rng.random(vis.shape) < cfg.pd)
    ti, si = np.nonzero(det.T)  # time-major
    zt = z[si, ti]
    tr = si.astype(np.intp)
    keep, zt, _ = _merge_cso(zt, tr, ti, cfg)
    zt, ti, tr = zt[keep], ti[keep], tr[keep]
    zt = zt + rng.standard_normal(zt.shape) * cfg.sigma
    zt[:, 1] = np.mod(zt[:, 1], TWO_PI)
    # clutter: Poisson count per scan, uniform over the measurement volume
    nc = rng.poisson(cfg.clutter_per_scan, nt)
    tc = np.repeat(np.arange(nt), nc)
    c = tc.size
    el0, el1 = math.radians(cfg.min_elevation_deg), math.radians(cfg.max_elevation_deg)
    zc = np.column_stack([
        rng.uniform(cfg.min_range, cfg.max_range, c),
        np.mod(math.radians(cfg.azimuth_min_deg)
               + rng.uniform(0.0, math.radians(cfg.azimuth_span_deg), c), TWO_PI),
        rng.uniform(el0, el1, c),
        rng.uniform(-cfg.max_range_rate, cfg.max_range_rate, c)])
    all_t = np.concatenate([ti, tc])
    all_z = np.concatenate([zt, zc])
    all_tr = np.concatenate([tr, np.full(c, CLUTTER, np.intp)])
    # shuffle within a scan so that row order carries no truth information
    perm = rng.permutation(all_t.size)
    order = perm[np.argsort(all_t[perm], kind="stable")]
    return Detections(times[all_t[order]], np.full(all_t.size, sensor_index, np.intp),
                      all_z[order], all_tr[order], (), times,
                      np.full(nt, sensor_index, np.intp))
