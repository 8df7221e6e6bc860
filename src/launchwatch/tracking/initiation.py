"""Track initiation: positions from detections, infrared triangulation, the two-point start.

* the initiator roles: :func:`start_tracks` (a tentative track per unused detection, the
  one-point start), :func:`restart_two_point` (the two-point start at a tentative track's
  second detection) and :func:`pair_lines_of_sight` (infrared pairs to crossing points,
  :class:`~launchwatch.tracking.measurement.PositionMeasurement` detections);
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

from collections.abc import Sequence

import numpy as np

from ..earth.ellipsoid import WGS84
from ..earth.sight import los2direction
from ._kernels import start_rows
from .association import gnn
from .filters import sym
from .gating import gate_threshold
from .measurement import PositionMeasurement
from .models import KAPPA, N_STATE, THRUST, MotionModel, acceleration
from .table import TrackTable

__all__ = ["PositionMeasurement", "initial_state", "los_direction", "pair_lines_of_sight",
           "restart_two_point", "start_tracks", "triangulate", "two_point_state"]


def los_direction(z: np.ndarray) -> np.ndarray:
    """Unit ECEF direction ``(..., 3)`` of line-of-sight angles ``z (..., 2)`` (azimuth, elevation)."""
    return los2direction(z)


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


def initial_state(models: Sequence[MotionModel], x: np.ndarray, P: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Per-model copies ``(b, M, 8)``, ``(b, M, 8, 8)`` of states ``x (b, 8)``, ``P (b, 8, 8)``:
    a model without thrust holds the thrust acceleration at zero."""
    M = len(models)
    xm = np.repeat(x[:, None], M, 1)
    Pm = np.repeat(P[:, None], M, 1)
    for j, mdl in enumerate(models):
        if not mdl.thrust:
            xm[:, j, THRUST] = 0.0
            Pm[:, j, THRUST, :] = 0.0
            Pm[:, j, :, THRUST] = 0.0
    return xm, sym(Pm)


def start_tracks(meas, z: np.ndarray, rows: np.ndarray, time: float, cfg, models: Sequence[MotionModel],
                 mu0: np.ndarray, first_id: int) -> TrackTable:
    """One tentative track per detection ``rows (b,)`` of a scan ``z`` (the one-point start).

    Position from the detection; for a radar the radial velocity from its range-rate and
    the cross-range velocity diffuse (``init_speed_sigma``); kappa and thrust from their
    priors (``init_kappa``, ``init_kappa_sigma``, ``init_thrust_sigma``).  Ids from ``first_id``.
    """
    b = rows.size
    pos, pcov, rr, site, srr = meas.start(z, rows)
    M = len(models)
    xm, Pm = np.empty((b, M, N_STATE)), np.empty((b, M, N_STATE, N_STATE))
    start_rows(np.ascontiguousarray(pos, float), np.ascontiguousarray(pcov, float),
               np.ascontiguousarray(rr, float), np.ascontiguousarray(site, float),
               np.ascontiguousarray(srr, float), cfg.init_kappa, cfg.init_speed_sigma**2,
               cfg.init_kappa_sigma**2, cfg.init_thrust_sigma**2,
               np.array([m.thrust for m in models], bool), xm, Pm)
    one = np.ones(b, np.int64)
    mu = np.broadcast_to(mu0, (b, mu0.size)).copy()
    return TrackTable(xm, Pm, mu, first_id + np.arange(b, dtype=np.int64),
                      np.zeros(b, bool), one, one.copy(), 0 * one, np.full(b, time),
                      np.full(b, isinstance(meas, PositionMeasurement)), pos, pcov,
                      np.full(b, time), rr, site, srr)


def restart_two_point(tracks: TrackTable, meas, z: np.ndarray, idx: np.ndarray, det: np.ndarray,
                      time: float, cfg, models: Sequence[MotionModel]) -> TrackTable:
    """Restart tentative tracks ``idx (b,)`` at their second detection ``det (b,)`` of ``z``
    from the two detections (:func:`two_point_state`), kappa and thrust from their priors."""
    if not idx.size:
        return tracks
    p2, R2, rr2, site2, srr2 = meas.start(z, det)
    x6, P6 = two_point_state(tracks.first_p[idx], tracks.first_R[idx], tracks.first_t[idx], p2,
                             R2, np.full(idx.size, time), cfg.init_thrust_sigma,
                             tracks.first_rr[idx], tracks.first_site[idx], tracks.first_srr[idx],
                             rr2, site2, srr2)
    x = np.zeros((idx.size, N_STATE))
    x[:, :6] = x6
    x[:, KAPPA] = cfg.init_kappa
    P = np.zeros((idx.size, N_STATE, N_STATE))
    P[:, :6, :6] = P6
    P[:, KAPPA, KAPPA] = cfg.init_kappa_sigma**2
    P[:, THRUST, THRUST] = cfg.init_thrust_sigma**2
    tracks.xm[idx], tracks.Pm[idx] = initial_state(models, x, P)  # the table is consumed
    return tracks


def pair_lines_of_sight(meas_a, za: np.ndarray, meas_b, zb: np.ndarray, dt: float,
                        gate_probability: float, pair_speed: float
                        ) -> tuple[np.ndarray, np.ndarray, PositionMeasurement | None, np.ndarray]:
    """Crossing points of two infrared sensors' lines of sight, paired by optimal assignment.

    ``za (m, 2)``, ``zb (n, 2)`` from two sensors ``dt`` [s] apart; a target may move
    ``pair_speed`` [m/s] in between.  Pairs are gated by the chi-square (1 dof) miss
    statistic and points between 2 km under and 2000 km above the ellipsoid.  Returns the
    paired rows ``(ia (p,), ib (p,))``, a :class:`PositionMeasurement` of their crossing
    points (``None`` when no pair) and the points ``(p, 3)``.
    """
    pts, covs, stat = triangulate(meas_a.site, za, float(meas_a.sigma[0]), meas_b.site, zb,
                                  float(meas_b.sigma[0]), (pair_speed * dt) ** 2 / 3.0)
    h = WGS84.height(np.where(np.isfinite(stat)[..., None], pts, meas_a.site))
    gamma = gate_threshold(gate_probability, 1)
    cost = np.where(np.isfinite(stat) & (h > -2000.0) & (h < 2.0e6), stat, np.inf)
    r, c = gnn(cost, gamma)
    if not r.size:
        return r, c, None, np.empty((0, 3))
    pm = PositionMeasurement(covs[r, c].mean(axis=0), covs[r, c], pd=meas_a.pd)
    return r, c, pm, pts[r, c]
