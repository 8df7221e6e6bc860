"""Track initiation: positions from detections, infrared triangulation, the two-point start.

* :class:`PositionMeasurement` - a 3-D position "detection" (a triangulated infrared
  pair) with its own noise, so the tracker can gate, update and start tentative tracks on it.
* :func:`triangulate` - the least-squares crossing point of two lines of sight from two
  infrared sensors, with its covariance and a chi-square miss statistic for pairing.
* :func:`two_point_state` - a ballistic state from two position detections (a difference
  with gravity), refined by the detections' range-rates, with its covariance from the
  geometry.

Why a track does not start from one infrared sensor: a geostationary sensor is fixed in
the rotating frame, so a line of sight gives two angles and no range, and with an
unknown, changing thrust the range along the line of sight stays unobservable (angle-only
tracking needs an observer that moves across the line of sight; gravity alone makes it
observable only over times and accelerations a boost phase does not offer). Two sensors
some tens of degrees apart cross their lines of sight and fix the position at each scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .models import N_STATE, acceleration

__all__ = ["PositionMeasurement", "los_direction", "triangulate", "two_point_state"]


@dataclass(frozen=True, eq=False)
class PositionMeasurement:
    """ECEF position ``(3,)`` measurements with scan noise ``R (3, 3)`` [m^2].

    ``covs (m, 3, 3)`` the covariance of each detection (used to start tracks); ``R`` their
    mean (used to gate and update: the detections of one scan share a geometry).
    """

    R: np.ndarray
    covs: np.ndarray
    pd: float = 0.95
    clutter_density: float = 1e-20
    dim: int = 3
    angle_index: tuple[int, ...] = ()
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

    def visible(self, zhat: np.ndarray) -> np.ndarray:
        """No coverage model: the tracker decides which tracks a pair scan counts against."""
        return np.zeros(zhat.shape[0], bool)

    def position(self, z: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Positions ``(b, 3)`` and covariances ``(b, 3, 3)`` of detections ``rows (b,)``."""
        return z[rows], self.covs[rows]


def los_direction(z: np.ndarray) -> np.ndarray:
    """Unit ECEF direction ``(..., 3)`` of line-of-sight angles ``z (..., 2)`` (azimuth, elevation)."""
    ca, sa = np.cos(z[..., 0]), np.sin(z[..., 0])
    ce, se = np.cos(z[..., 1]), np.sin(z[..., 1])
    return np.stack([ce * ca, ce * sa, se], axis=-1)


def triangulate(site_a: np.ndarray, za: np.ndarray, sigma_a: float, site_b: np.ndarray,
                zb: np.ndarray, sigma_b: float, extra_var: float = 0.0
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Crossing points of every pair of lines of sight from two sensors.

    ``site_a``, ``site_b (3,)`` ECEF [m]; ``za (m, 2)``, ``zb (n, 2)`` angles [rad] with
    noise ``sigma_a``, ``sigma_b`` [rad]; ``extra_var`` [m^2] lateral variance added to
    both lines (e.g. the motion between two scans a little apart in time).  Each line
    constrains the two directions across it with variance ``(sigma rho)^2 + extra_var``
    (``rho`` the distance along it); the point minimises the weighted squared distances to
    both lines.  Returns points ``(m, n, 3)``, covariances ``(m, n, 3, 3)`` and the miss
    statistic ``(m, n)``, chi-square with 1 degree of freedom for a true pair (NaN where
    the lines do not cross in front of both sensors).
    """
    da = los_direction(za)[:, None, :]  # (m, 1, 3)
    db = los_direction(zb)[None, :, :]  # (1, n, 3)
    eye = np.eye(3)
    proj_a = eye - da[..., :, None] * da[..., None, :]
    proj_b = eye - db[..., :, None] * db[..., None, :]
    # first pass: unweighted closest point to get the distances along each line
    rho_a = np.full(np.broadcast_shapes(da.shape, db.shape)[:-1], np.linalg.norm(site_a))
    rho_b = np.full_like(rho_a, np.linalg.norm(site_b))
    for _ in range(2):
        wa = 1.0 / ((sigma_a * rho_a) ** 2 + extra_var)
        wb = 1.0 / ((sigma_b * rho_b) ** 2 + extra_var)
        Ia = wa[..., None, None] * proj_a
        Ib = wb[..., None, None] * proj_b
        info = Ia + Ib
        rhs = Ia @ site_a + Ib @ site_b
        x = np.linalg.solve(info, rhs[..., None])[..., 0]
        rho_a = np.einsum("...i,...i->...", x - site_a, da)
        rho_b = np.einsum("...i,...i->...", x - site_b, db)
        rho_a, rho_b = np.maximum(rho_a, 1.0), np.maximum(rho_b, 1.0)
    cov = np.linalg.inv(info)
    ea, eb = x - site_a, x - site_b
    stat = (np.einsum("...i,...ij,...j->...", ea, Ia, ea)
            + np.einsum("...i,...ij,...j->...", eb, Ib, eb))
    front = (np.einsum("...i,...i->...", ea, da) > 0) & (np.einsum("...i,...i->...", eb, db) > 0)
    return x, 0.5 * (cov + np.swapaxes(cov, -1, -2)), np.where(front, stat, np.nan)


def _range_rate(x: np.ndarray, site: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Range-rate ``(K,)`` of states ``x (K, 6)`` seen from ``site (K, 3)`` and its Jacobian ``(K, 6)``."""
    d = x[:, :3] - site
    v = x[:, 3:6]
    rho = np.linalg.norm(d, axis=1)
    rr = np.einsum("ki,ki->k", d, v) / rho
    H = np.concatenate([(v - (rr / rho)[:, None] * d) / rho[:, None], d / rho[:, None]], axis=1)
    return rr, H


def two_point_state(p1: np.ndarray, R1: np.ndarray, t1: np.ndarray, p2: np.ndarray,
                    R2: np.ndarray, t2: np.ndarray, sigma_accel: float,
                    rr1: np.ndarray | None = None, site1: np.ndarray | None = None,
                    sigma_rr1: np.ndarray | None = None, rr2: np.ndarray | None = None,
                    site2: np.ndarray | None = None, sigma_rr2: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Position/velocity ``(K, 6)`` at ``t2`` and covariance ``(K, 6, 6)`` from two detections.

    ``p1``, ``p2 (K, 3)`` ECEF positions [m] at ``t1 < t2 (K,)`` [s] with covariances
    ``R1``, ``R2 (K, 3, 3)``.  Over ``dt = t2 - t1``, ``p1 = p2 - v dt + a dt^2 / 2``
    with ``a`` gravity (J2), Coriolis and centrifugal terms, so
    ``v = (p2 - p1) / dt + a dt / 2``; an unmodelled acceleration of ``sigma_accel``
    [m/s^2] per axis (thrust, drag) adds ``(sigma_accel dt / 2)^2``.  Covariance from the
    geometry: ``Ppp = R2``, ``Ppv = R2 / dt``, ``Pvv = (R1 + R2) / dt^2 + ...``.  Optional
    range-rates ``rr1``, ``rr2 (K,)`` [m/s, NaN: none] from sites ``site1``, ``site2 (K, 3)``
    with noise ``sigma_rr1``, ``sigma_rr2 (K,)`` then refine it (EKF updates; the first is
    mapped to ``t2`` through the same constant-acceleration step).
    """
    dt = np.maximum(np.asarray(t2, float) - np.asarray(t1, float), 1e-3)
    k = p1.shape[0]
    x8 = np.zeros((k, N_STATE))
    x8[:, :3] = p2
    x8[:, 3:6] = (p2 - p1) / dt[:, None]
    for _ in range(2):  # Coriolis depends on the velocity
        a = acceleration(x8, thrust=False, drag=False)
        x8[:, 3:6] = (p2 - p1) / dt[:, None] + 0.5 * a * dt[:, None]
    x = x8[:, :6].copy()
    P = np.zeros((k, 6, 6))
    P[:, :3, :3] = R2
    P[:, :3, 3:] = R2 / dt[:, None, None]
    P[:, 3:, :3] = R2 / dt[:, None, None]
    P[:, 3:, 3:] = ((R1 + R2) / (dt**2)[:, None, None]
                    + ((sigma_accel * dt / 2.0) ** 2)[:, None, None] * np.eye(3))

    def update(x, P, z, zhat, H, var):
        ok = np.isfinite(z)
        S = np.einsum("ki,kij,kj->k", H, P, H) + var
        K = np.einsum("kij,kj->ki", P, H) / np.where(ok, S, 1.0)[:, None]
        nu = np.where(ok, z - zhat, 0.0)
        K = np.where(ok[:, None], K, 0.0)
        x = x + K * nu[:, None]
        IKH = np.eye(6) - K[:, :, None] * H[:, None, :]
        P = IKH @ P @ np.swapaxes(IKH, -1, -2) + var[:, None, None] * K[:, :, None] * K[:, None, :]
        return x, 0.5 * (P + np.swapaxes(P, -1, -2))

    if rr2 is not None and site2 is not None and sigma_rr2 is not None:
        zhat, H = _range_rate(x, site2)
        x, P = update(x, P, rr2, zhat, H, np.asarray(sigma_rr2, float) ** 2)
    if rr1 is not None and site1 is not None and sigma_rr1 is not None:
        # state at t1 as a linear function of the state at t2
        x1 = np.concatenate([x[:, :3] - x[:, 3:] * dt[:, None] + 0.5 * a * dt[:, None] ** 2,
                             x[:, 3:] - a * dt[:, None]], axis=1)
        zhat, H1 = _range_rate(x1, site1)
        # d x1 / d x2: position picks -dt of the velocity
        H = H1.copy()
        H[:, 3:] = H1[:, 3:] - dt[:, None] * H1[:, :3]
        var = np.asarray(sigma_rr1, float) ** 2 + (sigma_accel * dt) ** 2
        x, P = update(x, P, rr1, zhat, H, var)
    return x, P
