"""Measurement models of the tracker: radar, infrared line of sight, triangulated position.

A measurement model is a small frozen object with ``h(x) -> (zhat (K, m), H (K, m, n))``,
the noise ``R (m, m)``, ``residual(z, zhat)`` that wraps angles, ``visible`` (which tracks
a scan counts a miss against), an embedding of measurements in 3-D for the coarse gate,
and three role flags: whether it updates confirmed tracks, tentative tracks, and starts
tracks.  The geometry is :mod:`launchwatch.earth.sight`, the one the sensors draw
detections with (a radar's azimuth sector included).  The tracker does not import
:mod:`launchwatch.sensors` (layers stay apart): :func:`from_config` builds models from any
object with the fields of a sensor configuration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..earth import _sight
from ..earth.frames import enu_basis, geodetic2ecef
from ..earth.sight import Coverage, los2direction, radar2ecef, wrap_angle
from .models import N_STATE

__all__ = ["LosMeasurement", "PositionMeasurement", "RadarMeasurement", "from_config",
           "wrap_angle"]


def _h(kernel, x: np.ndarray, m: int, with_jacobian: bool, *args) -> tuple[np.ndarray, np.ndarray | None]:
    x = np.ascontiguousarray(np.atleast_2d(x), dtype=float)
    k = x.shape[0]
    z = np.empty((k, m))
    H = np.empty((k, m, N_STATE)) if with_jacobian else np.empty((0, m, N_STATE))
    kernel(x, *args, with_jacobian, z, H)
    return z, (H if with_jacobian else None)


def _gate_radius(cov: np.ndarray, gamma: float) -> np.ndarray:
    """A radius [embedding units] that holds every point inside the chi-square gate ``gamma``
    of an embedded covariance ``cov (K, 3, 3)``: ``sqrt(gamma trace)`` (trace >= the largest
    eigenvalue), 5 % wider for the linearisation."""
    return 1.05 * np.sqrt(gamma * np.maximum(np.trace(cov, axis1=-2, axis2=-1), 0.0))


@dataclass(frozen=True, eq=False)
class RadarMeasurement:
    """Radar at ``site (3,)`` ECEF [m] with ENU rows ``enu (3, 3)`` and noise sigmas ``(4,)``
    (range [m], azimuth, elevation [rad], range-rate [m/s]).

    ``coverage``: what it sees (elevations, azimuth sector, ranges): a track predicted
    outside it is not counted as missed; ``pd`` and ``clutter_density`` [1/(m rad^2 m/s)]
    per scan.
    """

    site: np.ndarray
    enu: np.ndarray
    sigma: np.ndarray
    coverage: Coverage = field(default_factory=Coverage)
    pd: float = 0.9
    clutter_density: float = 1e-20
    dim: int = 4
    angle: tuple[bool, ...] = (False, True, False, False)
    updates_confirmed: bool = True
    updates_tentative: bool = True
    initiates: bool = True
    R: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "R", np.diag(np.asarray(self.sigma, float) ** 2))
        object.__setattr__(self, "site", np.ascontiguousarray(self.site, dtype=float))
        object.__setattr__(self, "enu", np.ascontiguousarray(self.enu, dtype=float))
        object.__setattr__(self, "sigma", np.ascontiguousarray(self.sigma, dtype=float))

    def h(self, x: np.ndarray, with_jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """Predicted measurement ``(K, 4)`` and Jacobian ``(K, 4, 8)`` of states ``(K, >=6)``."""
        return _h(_sight.radar_rows, x, 4, with_jacobian, self.site, self.enu)

    def residual(self, z: np.ndarray, zhat: np.ndarray) -> np.ndarray:
        """``z - zhat`` with the azimuth wrapped; broadcasts ``(..., 4)``."""
        r = z - zhat
        r[..., 1] = wrap_angle(r[..., 1])
        return r

    def visible(self, zhat: np.ndarray, tracks=None) -> np.ndarray:
        """Boolean ``(K,)``: predicted measurements ``(K, 4)`` inside the coverage."""
        return self.coverage.visible(zhat)

    def to_state(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """ECEF position ``(M, 3)``, its covariance ``(M, 3, 3)`` and the line of sight ``(M, 3)``.

        The covariance is the linearised image of ``R`` (range and the two angles).
        """
        return radar2ecef(z, self.site, self.enu, self.sigma[:3])

    def embed(self, z: np.ndarray) -> np.ndarray:
        """Measurements ``(M, 4)`` as ECEF points ``(M, 3)`` for the coarse gate."""
        return radar2ecef(z, self.site, self.enu)[0]

    def embed_gate(self, zc: np.ndarray, Sc: np.ndarray, gamma: float
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Predicted measurements ``(K, 4)`` as ECEF points and radii [m] that hold their gates."""
        pos, cov, _ = radar2ecef(zc, self.site, self.enu, Sc[:, :3, :3])
        return pos, _gate_radius(cov, gamma) + 100.0

    def start(self, z: np.ndarray, rows: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Position ``(b, 3)``, its covariance ``(b, 3, 3)``, range-rate ``(b,)``, site ``(b, 3)``
        and range-rate sigma ``(b,)`` of the detections ``rows (b,)`` (a track's first look)."""
        pos, cov, _ = self.to_state(z[rows])
        b = rows.size
        return (pos, cov, z[rows, 3].copy(), np.broadcast_to(self.site, (b, 3)).copy(),
                np.full(b, float(self.sigma[3])))


@dataclass(frozen=True, eq=False)
class LosMeasurement:
    """Line of sight (two angles in ECEF axes) from a satellite at ``site (3,)`` ECEF [m].

    Angles alone never grow a tentative track or start one (no range: see
    :mod:`.initiation`); a scan counts no miss (the tracker cannot tell whether the motor
    still burns).
    """

    site: np.ndarray
    sigma: np.ndarray
    pd: float = 0.98
    clutter_density: float = 1e-20
    dim: int = 2
    angle: tuple[bool, ...] = (True, False)
    updates_confirmed: bool = True
    updates_tentative: bool = False
    initiates: bool = False
    R: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "R", np.diag(np.asarray(self.sigma, float) ** 2))
        object.__setattr__(self, "site", np.ascontiguousarray(self.site, dtype=float))

    def h(self, x: np.ndarray, with_jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """Predicted angles ``(K, 2)`` and Jacobian ``(K, 2, 8)``."""
        return _h(_sight.los_rows, x, 2, with_jacobian, self.site)

    def residual(self, z: np.ndarray, zhat: np.ndarray) -> np.ndarray:
        """``z - zhat`` with the azimuth wrapped."""
        r = z - zhat
        r[..., 0] = wrap_angle(r[..., 0])
        return r

    def visible(self, zhat: np.ndarray, tracks=None) -> np.ndarray:
        """No miss is counted (burning is not known to the tracker)."""
        return np.zeros(zhat.shape[0], bool)

    def embed(self, z: np.ndarray) -> np.ndarray:
        """Angles ``(M, 2)`` as unit directions ``(M, 3)`` (chord ~ angle) for the coarse gate."""
        return los2direction(z)

    def embed_gate(self, zc: np.ndarray, Sc: np.ndarray, gamma: float
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Predicted angles as unit directions and radii [rad] that hold their gates."""
        return los2direction(zc), _gate_radius(Sc, gamma) + 1e-7


@dataclass(frozen=True, eq=False)
class PositionMeasurement:
    """ECEF position ``(3,)`` measurements with scan noise ``R (3, 3)`` [m^2]: the crossing
    points of triangulated infrared pairs.

    ``covs (m, 3, 3)`` the covariance of each detection (used to start tracks); ``R`` their
    mean (used to gate and update: the detections of one scan share a geometry).  They
    grow and start tentative tracks only (a confirmed track took the angles already); a
    scan counts misses against the tentative tracks born from infrared pairs.
    """

    R: np.ndarray
    covs: np.ndarray
    pd: float = 0.95
    clutter_density: float = 1e-20
    dim: int = 3
    angle: tuple[bool, ...] = (False, False, False)
    updates_confirmed: bool = False
    updates_tentative: bool = True
    initiates: bool = True
    site: np.ndarray = field(default_factory=lambda: np.full(3, np.nan))

    def h(self, x: np.ndarray, with_jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
        """Position ``(K, 3)`` and Jacobian ``(K, 3, 8)`` of states ``(K, >=3)``."""
        z = x[:, :3].copy()
        if not with_jacobian:
            return z, None
        H = np.zeros((x.shape[0], 3, N_STATE))
        H[:, :, :3] = np.eye(3)
        return z, H

    def residual(self, z: np.ndarray, zhat: np.ndarray) -> np.ndarray:
        """``z - zhat``; broadcasts ``(..., 3)``."""
        return z - zhat

    def visible(self, zhat: np.ndarray, tracks=None) -> np.ndarray:
        """The tentative tracks born from infrared pairs (a pair scan judges only those)."""
        if tracks is None:
            return np.zeros(zhat.shape[0], bool)
        return tracks.ir_born & ~tracks.confirmed

    def embed(self, z: np.ndarray) -> np.ndarray:
        """Positions as they are."""
        return np.asarray(z, float)

    def embed_gate(self, zc: np.ndarray, Sc: np.ndarray, gamma: float
                   ) -> tuple[np.ndarray, np.ndarray]:
        """Predicted positions and radii [m] that hold their gates."""
        return zc, _gate_radius(Sc, gamma) + 1.0

    def start(self, z: np.ndarray, rows: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Positions ``(b, 3)``, covariances, no range-rate (NaN), no site, unit sigma."""
        b = rows.size
        return z[rows], self.covs[rows], np.full(b, np.nan), np.zeros((b, 3)), np.ones(b)


Measurement = RadarMeasurement | LosMeasurement | PositionMeasurement


def from_config(cfg) -> RadarMeasurement | LosMeasurement:
    """Measurement model from a sensor configuration (duck-typed: radar or ``kind == 'ir'``)."""
    if getattr(cfg, "kind", "radar") == "ir":
        return LosMeasurement(np.asarray(cfg.site_ecef, float), np.asarray(cfg.sigma, float),
                              pd=cfg.pd)
    lat, lon = math.radians(cfg.lat_deg), math.radians(cfg.lon_deg)
    coverage = cfg.coverage if hasattr(cfg, "coverage") else Coverage(
        math.radians(cfg.min_elevation_deg), math.radians(cfg.max_elevation_deg),
        math.radians(getattr(cfg, "azimuth_min_deg", 0.0)),
        math.radians(getattr(cfg, "azimuth_span_deg", 360.0)), cfg.min_range, cfg.max_range)
    return RadarMeasurement(
        geodetic2ecef(lat, lon, cfg.alt_m), enu_basis(lat, lon), np.asarray(cfg.sigma, float),
        coverage=coverage, pd=cfg.pd, clutter_density=max(cfg.clutter_density, 1e-20))
