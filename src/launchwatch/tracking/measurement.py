"""Measurement functions for the tracker: radar (range, az, el, range-rate) and IR line of sight.

A measurement model is a small frozen object with ``h(x) -> (zhat (K, m), H (K, m, n))``,
the noise ``R (m, m)`` and ``residual(z, zhat)`` that wraps angles.  The tracker does
not import :mod:`launchwatch.sensors` (layers stay apart): it builds these from any
object with the fields of a sensor configuration (see :func:`from_config`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..earth.frames import enu_basis, geodetic2ecef
from ._kernels import radar_h, radar_to_state
from .models import N_STATE

__all__ = ["LosMeasurement", "RadarMeasurement", "from_config", "wrap_angle"]

TWO_PI = 2.0 * math.pi


def wrap_angle(a: np.ndarray) -> np.ndarray:
    """Angles [rad] wrapped to ``[-pi, pi)``."""
    return np.mod(np.asarray(a) + math.pi, TWO_PI) - math.pi


@dataclass(frozen=True, eq=False)
class RadarMeasurement:
    """Radar at ``site (3,)`` ECEF [m] with ENU rows ``enu (3, 3)`` and noise sigmas ``(4,)``.

    Coverage (for miss counting and clutter): ``min_elevation``/``max_elevation`` [rad],
    ``max_range`` [m]; ``pd`` and ``clutter_density`` [1/(m rad^2 m/s)] per scan.
    """

    site: np.ndarray
    enu: np.ndarray
    sigma: np.ndarray
    min_elevation: float = 0.0
    max_elevation: float = math.pi / 2
    min_range: float = 0.0
    max_range: float = np.inf
    pd: float = 0.9
    clutter_density: float = 1e-20
    dim: int = 4
    angle_index: tuple[int, ...] = (1,)
    R: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "R", np.diag(np.asarray(self.sigma, float) ** 2))
        object.__setattr__(self, "_site", np.ascontiguousarray(self.site, dtype=float))
        object.__setattr__(self, "_enu", np.ascontiguousarray(self.enu, dtype=float))
        object.__setattr__(self, "_sigma", np.ascontiguousarray(self.sigma, dtype=float))

    def h(self, x: np.ndarray, with_jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """Predicted measurement ``(K, 4)`` and Jacobian ``(K, 4, 8)`` of states ``(K, >=6)``."""
        x = np.ascontiguousarray(x, dtype=float)
        k = x.shape[0]
        z = np.empty((k, 4))
        H = np.empty((k, 4, N_STATE)) if with_jacobian else np.empty((0, 4, N_STATE))
        radar_h(x, self._site, self._enu, with_jacobian, z, H)
        return z, (H if with_jacobian else None)

    def _h_numpy(self, x: np.ndarray, with_jacobian: bool = True
                 ) -> tuple[np.ndarray, np.ndarray | None]:
        """Reference numpy version of :meth:`h` (the tests compare the two)."""
        d = x[:, :3] - self.site
        v = x[:, 3:6]
        e = d @ self.enu.T
        rng = np.linalg.norm(d, axis=-1)
        g2 = e[:, 0] ** 2 + e[:, 1] ** 2
        g = np.sqrt(g2)
        rr = np.einsum("ki,ki->k", d, v) / rng
        z = np.stack([rng, np.mod(np.arctan2(e[:, 0], e[:, 1]), TWO_PI),
                      np.arcsin(np.clip(e[:, 2] / rng, -1.0, 1.0)), rr], axis=-1)
        if not with_jacobian:
            return z, None
        k = x.shape[0]
        H = np.zeros((k, 4, N_STATE))
        H[:, 0, :3] = d / rng[:, None]
        daz = np.stack([e[:, 1], -e[:, 0], np.zeros(k)], -1) / g2[:, None]
        H[:, 1, :3] = daz @ self.enu
        r2 = rng**2
        del_ = np.stack([-e[:, 2] * e[:, 0] / (r2 * g), -e[:, 2] * e[:, 1] / (r2 * g), g / r2], -1)
        H[:, 2, :3] = del_ @ self.enu
        H[:, 3, :3] = (v - (rr / rng)[:, None] * d) / rng[:, None]
        H[:, 3, 3:6] = d / rng[:, None]
        return z, H

    def residual(self, z: np.ndarray, zhat: np.ndarray) -> np.ndarray:
        """``z - zhat`` with the azimuth wrapped; broadcasts ``(..., 4)``."""
        r = z - zhat
        r[..., 1] = wrap_angle(r[..., 1])
        return r

    def visible(self, zhat: np.ndarray) -> np.ndarray:
        """Boolean ``(K,)``: predicted measurements ``(K, 4)`` inside the coverage."""
        return ((zhat[:, 2] >= self.min_elevation) & (zhat[:, 2] <= self.max_elevation)
                & (zhat[:, 0] >= self.min_range) & (zhat[:, 0] <= self.max_range))

    def to_state(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """ECEF position ``(M, 3)``, its covariance ``(M, 3, 3)`` and the line of sight ``(M, 3)``.

        The covariance is the linearised image of ``R`` (range and the two angles).
        """
        z = np.ascontiguousarray(z, dtype=float)
        m = z.shape[0]
        pos, cov, u = np.empty((m, 3)), np.empty((m, 3, 3)), np.empty((m, 3))
        radar_to_state(z, self._site, self._enu, self._sigma, pos, cov, u)
        return pos, cov, u

    def _to_state_numpy(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Reference numpy version of :meth:`to_state` (the tests compare the two)."""
        rng, az, el = z[:, 0], z[:, 1], z[:, 2]
        ce, se, ca, sa = np.cos(el), np.sin(el), np.cos(az), np.sin(az)
        u_enu = np.stack([ce * sa, ce * ca, se], -1)
        u = u_enu @ self.enu  # ECEF line of sight
        pos = self.site + rng[:, None] * u
        # columns: d/d range, d/d az, d/d el in ENU then rotated to ECEF
        J = np.stack([u_enu, rng[:, None] * np.stack([ce * ca, -ce * sa, np.zeros_like(ce)], -1),
                      rng[:, None] * np.stack([-se * sa, -se * ca, ce], -1)], axis=-1)
        J = self.enu.T @ J
        s = np.asarray(self.sigma, float)[:3] ** 2
        cov = J @ (s[:, None] * np.swapaxes(J, -1, -2))
        return pos, cov, u


@dataclass(frozen=True, eq=False)
class LosMeasurement:
    """Line of sight (two angles in ECEF axes) from a satellite at ``site (3,)`` ECEF [m]."""

    site: np.ndarray
    sigma: np.ndarray
    pd: float = 0.98
    clutter_density: float = 1e-20
    dim: int = 2
    angle_index: tuple[int, ...] = (0,)
    R: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "R", np.diag(np.asarray(self.sigma, float) ** 2))

    def h(self, x: np.ndarray, with_jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """Predicted angles ``(K, 2)`` and Jacobian ``(K, 2, 8)``."""
        d = x[:, :3] - self.site
        rng = np.linalg.norm(d, axis=-1)
        g2 = d[:, 0] ** 2 + d[:, 1] ** 2
        g = np.sqrt(g2)
        z = np.stack([np.arctan2(d[:, 1], d[:, 0]), np.arcsin(np.clip(d[:, 2] / rng, -1, 1))], -1)
        if not with_jacobian:
            return z, None
        k = x.shape[0]
        H = np.zeros((k, 2, N_STATE))
        H[:, 0, :3] = np.stack([-d[:, 1], d[:, 0], np.zeros(k)], -1) / g2[:, None]
        r2 = rng**2
        H[:, 1, :3] = np.stack([-d[:, 2] * d[:, 0] / (r2 * g), -d[:, 2] * d[:, 1] / (r2 * g),
                                g / r2], -1)
        return z, H

    def residual(self, z: np.ndarray, zhat: np.ndarray) -> np.ndarray:
        """``z - zhat`` with the azimuth wrapped."""
        r = z - zhat
        r[..., 0] = wrap_angle(r[..., 0])
        return r

    def visible(self, zhat: np.ndarray) -> np.ndarray:
        """Every track is in view (burning is not known to the tracker)."""
        return np.zeros(zhat.shape[0], bool)  # never count IR misses against a track


def from_config(cfg) -> RadarMeasurement | LosMeasurement:
    """Measurement model from a sensor configuration (duck-typed: radar or ``kind == 'ir'``)."""
    if getattr(cfg, "kind", "radar") == "ir":
        return LosMeasurement(np.asarray(cfg.site_ecef, float), np.asarray(cfg.sigma, float),
                              pd=cfg.pd)
    lat, lon = math.radians(cfg.lat_deg), math.radians(cfg.lon_deg)
    return RadarMeasurement(
        geodetic2ecef(lat, lon, cfg.alt_m), enu_basis(lat, lon), np.asarray(cfg.sigma, float),
        min_elevation=math.radians(cfg.min_elevation_deg),
        max_elevation=math.radians(cfg.max_elevation_deg), min_range=cfg.min_range,
        max_range=cfg.max_range, pd=cfg.pd, clutter_density=max(cfg.clutter_density, 1e-20))
