"""Launch point, launch time and burnout of a tracked missile, from what was seen of it.

Nothing is assumed about the vehicle beyond the broad family of generic boosts of
:mod:`.boost` (one to three stages, lift-off thrust-to-weight 1.2-5, burns of 15-200 s,
vertical rise, kick, gravity turn or pitch programme).  Each member of the family, flown
by the flight engine, is laid over the observations by a rigid move on the Earth: where it
left the ground (east, north), when (``T0``) and towards which azimuth.  The move is fitted
by Gauss-Newton to

* the track's states at a few rows of its boost and of its first seconds of coast (ECEF
  position and velocity with the tracker's covariance, inflated by the number of rows
  used, since a filter's successive states share their information);
* the infrared lines of sight that no track took before the track began (a geostationary
  sensor sees the plume from the first kilometre; one sensor gives angles, no range), each
  with a robust cap, so that another missile's plume or clutter costs every member alike;
* when an infrared sensor updated the track, the plume's end: the member must still burn at
  the last line of sight the track took, and every later scan of that sensor without one,
  while the member would still burn, is a miss of probability ``1 - pd``.

A member's evidence is its fit (the Laplace approximation over the move); members are
drawn by population Monte Carlo: the base family (a scrambled Sobol' set), then up to
:data:`GENERATIONS` generations drawn around the members that fit, weighted against the
mixture of everything drawn (deterministic-mixture importance weights), until the
effective sample size reaches :data:`TARGET_ESS`.  The launch point and time are the
weighted mixture of the members' fitted moves: its mean, and a covariance that holds both
each member's fit and the spread between members, so that a boost seen from lift-off
gives a tight estimate and a track that starts in mid-course an honestly wide one.  The
same mixture gives the burnout time, the stage count and the lift-off thrust-to-weight.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..earth.frames import ecef2geodetic, enu2ecef, enu_basis, geodetic2ecef
from ..tracking.measurement import LosMeasurement
from . import boost as fam
from .uncertainty import GroundEllipse, ground_ellipse

__all__ = ["BoostObservations", "LaunchEstimate", "LosObservations", "estimate_launch"]

_TOP = 48  # best members of the base set a second draw is made about
_DENSE = 512  # members of that draw
_JITTER = 0.04  # its spread in the unit cube
_STARTS = 6  # members of the base family refined
#: [m^2/s^3] intensity of the white acceleration by which the truth may stray from the
#: family member that explains it: the family's resolution (see _deviation)
DEVIATION = 1.0
_PIN = 1.0  # [m] how tightly a profile holds the launch point
#: deviations [m^2/s^3] tried in turn for a track seen only in its coast, until the prior
#: sample's effective size reaches _PRIOR_ESS
_PRIOR_Q = (30.0, 100.0, 300.0, 1000.0)
_PRIOR_ESS = 50.0
#: when a list, every boosted estimate appends its mixture's parts to it (calibration)
DIAGNOSTICS: list | None = None
_IR_CAP = 16.0  # chi-square of one line of sight beyond which it is another object's
_GN_ITER = 6
#: 1-sigma of the prior on a member's move from where it was laid at first: east, north
#: [m], launch time [s], azimuth [rad] (broad: the evidence needs a proper prior, or a
#: member whose azimuth the data cannot fix, a vertical climb, would win by its flatness)
_MOVE_PRIOR = np.array([50e3, 50e3, 300.0, 0.5])


@dataclass
class LosObservations:
    """Lines of sight of infrared sensors: ``time (M,)`` [s], ``z (M, 2)`` angles [rad],
    ``sensor (M,)`` index into ``sensors`` (:class:`LosMeasurement` models)."""

    time: np.ndarray
    z: np.ndarray
    sensor: np.ndarray
    sensors: Sequence[LosMeasurement]


@dataclass
class BoostObservations:
    """What is known of one track's ascent.

    ``time (R,)`` [s], ``x (R, 6)`` ECEF states and ``P (R, 6, 6)`` covariances of the rows
    to fit (boost and early coast); ``unused_los``: lines of sight before the track that no
    track took (candidates for its plume); ``last_plume`` [s]: the last line of sight the
    track took (NaN: none), with ``plume_sensors`` the infrared sensors (indices into
    ``unused_los.sensors``-like ``los_sensors``) and ``plume_misses (Q,)`` [s] the times of
    their later scans without one; ``pd`` their detection probability; ``powered``: some of
    the rows are of the boost (else the track began in the coast).
    """

    time: np.ndarray
    x: np.ndarray
    P: np.ndarray
    unused_los: LosObservations | None = None
    last_plume: float = math.nan
    plume_misses: np.ndarray = field(default_factory=lambda: np.empty(0))
    pd: float = 0.98
    powered: bool = True


@dataclass
class LaunchEstimate:
    """Launch of one track (SI units, radians, seconds from the epoch).

    ``lat``/``lon``, ``time`` and ``time_sigma`` (1-sigma), ``ellipse`` (95 %, east/north
    metres), ``azimuth`` of the ascent; ``burnout_time`` and ``burnout_sigma``;
    ``stages (3,)`` the probabilities of one, two and three stages; ``liftoff_tw`` and its
    95 % interval ``liftoff_tw_95``; ``ess`` the effective number of members behind it and
    ``members`` how many were refined; ``los_used`` lines of sight that fitted; ``family``
    the family that explains it best and ``family_p`` its posterior probability;
    ``misfit`` the reduced chi-square of the best member (the covariance is scaled by it
    when above 1); ``ok``.
    """

    lat: float = math.nan
    lon: float = math.nan
    time: float = math.nan
    time_sigma: float = math.nan
    ellipse: GroundEllipse | None = None
    azimuth: float = math.nan
    burnout_time: float = math.nan
    burnout_sigma: float = math.nan
    stages: np.ndarray = field(default_factory=lambda: np.full(3, np.nan))
    liftoff_tw: float = math.nan
    liftoff_tw_95: tuple[float, float] = (math.nan, math.nan)
    ess: float = 0.0
    members: int = 0
    los_used: int = 0
    family: str = ""
    family_p: float = math.nan
    misfit: float = math.nan
    ok: bool = False


# --- member states -----------------------------------------------------------------------
@dataclass
class _Local:
    """Members in the site's east/north/up frame: positions ``(N, S, 3)``, velocities."""

    pos: np.ndarray
    vel: np.ndarray
    dt: float


def _local(m: fam.Members) -> _Local:
    E = enu_basis(m.lat, m.lon)
    site = geodetic2ecef(m.lat, m.lon, 0.0)
    return _Local(pos=(m.samples[..., :3] - site) @ E.T, vel=m.samples[..., 3:] @ E.T, dt=m.dt)


def _at(loc: _Local, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions, velocities and accelerations ``(N, T, 3)`` at member times ``tau (N, T)``
    [s after launch] (cubic Hermite positions; NaN outside the sampled span)."""
    n, s, _ = loc.pos.shape
    u = tau / loc.dt
    inside = (u >= 0.0) & (u <= s - 1) & np.isfinite(u)
    k = np.clip(np.floor(np.where(inside, u, 0.0)).astype(np.intp), 0, s - 2)
    f = np.where(inside, u - k, 0.0)[..., None]
    rows = np.arange(n)[:, None]
    p0, p1 = loc.pos[rows, k], loc.pos[rows, k + 1]
    v0, v1 = loc.vel[rows, k], loc.vel[rows, k + 1]
    h = loc.dt
    f2, f3 = f * f, f * f * f
    pos = ((2 * f3 - 3 * f2 + 1) * p0 + (f3 - 2 * f2 + f) * h * v0 + (-2 * f3 + 3 * f2) * p1
           + (f3 - f2) * h * v1)
    vel = (1 - f) * v0 + f * v1
    acc = (v1 - v0) / h
    bad = ~inside
    pos[bad] = vel[bad] = acc[bad] = np.nan
    return pos, vel, acc


def _rot(x: np.ndarray, c: np.ndarray, s: np.ndarray) -> np.ndarray:
    """East/north of ``x (N, T, 3)`` turned clockwise (bearing + alpha), ``c``/``s (N,)``."""
    out = x.copy()
    out[..., 0] = x[..., 0] * c[:, None] + x[..., 1] * s[:, None]
    out[..., 1] = -x[..., 0] * s[:, None] + x[..., 1] * c[:, None]
    return out


def _deviation(tau: np.ndarray, q: float | None = None) -> np.ndarray:
    """Covariance ``(N, 6R, 6R)`` of how far the truth may stray from a member at its
    times ``tau (N, R)`` [s after launch]: a white acceleration of intensity ``q``
    [m^2/s^3] on each axis from lift-off (zero at the pad), rows ordered (position,
    velocity) per time."""
    q = DEVIATION if q is None else q
    n, r = tau.shape
    a = np.maximum(tau, 0.0)[:, :, None]
    b = np.maximum(tau, 0.0)[:, None, :]
    m = np.minimum(a, b)
    rr = q * (a * b * m - (a + b) * m * m / 2.0 + m**3 / 3.0)
    rv = q * (a * m - m * m / 2.0)  # position at a, velocity at b
    vv = q * m
    blk = np.zeros((n, r, r, 2, 2))
    blk[..., 0, 0] = rr
    blk[..., 0, 1] = rv
    blk[..., 1, 0] = np.swapaxes(rv, 1, 2)
    blk[..., 1, 1] = vv
    out = np.zeros((n, r, 2, 3, r, 2, 3))
    for a in range(3):
        out[:, :, :, a, :, :, a] = blk.transpose(0, 1, 3, 2, 4)
    return out.reshape(n, 6 * r, 6 * r) + 1e-6 * np.eye(6 * r)


# --- the fit of one population -----------------------------------------------------------
@dataclass
class _Scored:
    logl: np.ndarray  # (N,)
    theta: np.ndarray  # (N, 4): east, north [m], T0 [s], alpha [rad]
    cov: np.ndarray  # (N, 4, 4)
    los: np.ndarray  # (N,) lines of sight inside the cap
    resid: np.ndarray  # (N, L) whitened residuals


class _Problem:
    """One track's observations in the site frame of a family."""

    def __init__(self, obs: BoostObservations, lat: float, lon: float) -> None:
        self.lat, self.lon = lat, lon
        E = enu_basis(lat, lon)
        self.E = E
        self.site = geodetic2ecef(lat, lon, 0.0)
        self.t = np.asarray(obs.time, float)
        r = obs.x[:, :3] - self.site
        self.p = r @ E.T
        self.v = obs.x[:, 3:6] @ E.T
        B = np.zeros((6, 6))
        B[:3, :3] = B[3:, 3:] = E
        cov = B @ obs.P[:, :6, :6] @ B.T * float(len(self.t))
        self.cov_rows = cov  # (R, 6, 6)
        self.q = DEVIATION
        self.alt = self.p[:, 2] + (self.p[:, 0] ** 2 + self.p[:, 1] ** 2) / (2 * 6.371e6)
        hv = self.v[:, :2]
        self.bearing = np.arctan2(hv[:, 0], hv[:, 1])
        los = obs.unused_los
        self.los = los if los is not None and los.time.size else None
        self.last_plume = obs.last_plume
        self.misses = np.asarray(obs.plume_misses, float)
        self.log_miss = math.log(max(1.0 - obs.pd, 1e-6))
        if self.los is not None:
            sig = np.array([np.asarray(self.los.sensors[s].sigma, float) for s in self.los.sensor])
            self.los_sigma = sig  # (M, 2)

    # the model of the observations for moves theta (N, 4)
    def _rows(self, loc: _Local, th: np.ndarray):
        tau = self.t[None, :] - th[:, 2:3]
        pos, vel, acc = _at(loc, tau)
        c, s = np.cos(th[:, 3]), np.sin(th[:, 3])
        p = _rot(pos, c, s)
        v = _rot(vel, c, s)
        a = _rot(acc, c, s)
        p[..., 0] += th[:, None, 0]
        p[..., 1] += th[:, None, 1]
        n, r = tau.shape
        J = np.zeros((n, r, 6, 4))
        J[..., 0, 0] = 1.0
        J[..., 1, 1] = 1.0
        J[..., :3, 2] = -v
        J[..., 3:, 2] = -a
        # d/d alpha of (e c + n s, -e s + n c) = (n', -e')
        pe, pn = p[..., 0] - th[:, None, 0], p[..., 1] - th[:, None, 1]
        J[..., 0, 3], J[..., 1, 3] = pn, -pe
        J[..., 3, 3], J[..., 4, 3] = v[..., 1], -v[..., 0]
        res = np.concatenate([self.p[None] - p, self.v[None] - v], axis=-1)  # (N, R, 6)
        return res, J

    def _los(self, loc: _Local, th: np.ndarray):
        los = self.los
        tau = los.time[None, :] - th[:, 2:3]
        pos, vel, _ = _at(loc, tau)
        c, s = np.cos(th[:, 3]), np.sin(th[:, 3])
        p = _rot(pos, c, s)
        v = _rot(vel, c, s)
        p[..., 0] += th[:, None, 0]
        p[..., 1] += th[:, None, 1]
        n, m = tau.shape
        ecef = self.site + p @ self.E  # (N, M, 3)
        x8 = np.zeros((n * m, 8))
        good = np.isfinite(ecef[..., 0]).reshape(-1)
        x8[:, :3] = np.where(good[:, None], ecef.reshape(-1, 3), self.site + 1e7)
        res = np.zeros((n, m, 2))
        H = np.zeros((n, m, 2, 3))
        x8 = x8.reshape(n, m, 8)
        for k in np.unique(los.sensor):
            cols = np.flatnonzero(los.sensor == k)
            xs = x8 if cols.size == m else x8[:, cols]
            zh, Hk = los.sensors[k].h(xs.reshape(-1, 8))
            zz = np.broadcast_to(los.z[None, cols], (n, cols.size, 2)).reshape(-1, 2)
            r_k = los.sensors[k].residual(zz.copy(), zh).reshape(n, cols.size, 2)
            H_k = Hk[:, :, :3].reshape(n, cols.size, 2, 3)
            if cols.size == m:
                res, H = r_k, H_k
            else:
                res[:, cols], H[:, cols] = r_k, H_k
        res /= self.los_sigma[None]
        H /= self.los_sigma[None, :, :, None]
        dp = np.zeros((n, m, 3, 4))
        dp[..., 0, 0] = 1.0
        dp[..., 1, 1] = 1.0
        dp[..., :, 2] = -v
        pe, pn = p[..., 0] - th[:, None, 0], p[..., 1] - th[:, None, 1]
        dp[..., 0, 3], dp[..., 1, 3] = pn, -pe
        J = (H @ self.E.T) @ dp  # ECEF = site + E^T enu
        ok = good.reshape(n, m)
        return res, J, ok

    def whitening(self, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Inverse Cholesky factors ``(N, 6R, 6R)`` and log-determinants ``(N,)`` of the rows'
        covariance plus the deviation of members at times ``tau (N, R)``."""
        S = _deviation(tau, self.q)
        for k in range(tau.shape[1]):
            S[:, 6 * k:6 * k + 6, 6 * k:6 * k + 6] += self.cov_rows[k]
        L = np.linalg.cholesky(S)
        Li = np.linalg.inv(L)
        return Li, 2.0 * np.sum(np.log(np.einsum("nii->ni", L)), axis=1)

    def residuals(self, m: fam.Members, loc: _Local, th: np.ndarray, th0: np.ndarray,
                  whiten: tuple[np.ndarray, np.ndarray] | None = None,
                  pinned: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Whitened residuals ``(N, L)`` (observation minus member), their Jacobian
        ``(N, L, 4)`` in the move, the members that could be evaluated ``(N,)`` and the
        lines of sight inside the cap ``(N,)``.  Rows, lines of sight (an outlier costs the
        cap and pulls nothing), the move's prior and the plume's end."""
        n = len(m)
        res, J = self._rows(loc, th)
        good = np.isfinite(res).all(axis=(1, 2)) & np.isfinite(th).all(axis=1) & m.ok
        res = np.where(good[:, None, None], res, 0.0)
        J = np.where(good[:, None, None, None], J, 0.0)
        # whiten with the rows' covariance plus the member's deviation (module text); the
        # whitening is kept while the launch time moves by less than a second
        if whiten is None:
            whiten = self.whitening(np.where(good[:, None], self.t[None, :] - th[:, 2:3], 1.0))
        Li, self.logdet_s = whiten
        rw = (Li @ res.reshape(n, -1, 1))[..., 0]
        Jw = Li @ J.reshape(n, -1, 4)
        parts_r, parts_J = [rw], [Jw]
        los_in = np.zeros(n)
        if self.los is not None:
            lr, lJ, lok = self._los(loc, th)
            d2 = np.sum(lr**2, axis=-1)
            inl = lok & (d2 < _IR_CAP) & good[:, None]
            lr = np.where(inl[..., None], lr, math.sqrt(_IR_CAP / 2.0))
            lJ = np.where(inl[..., None, None], lJ, 0.0)
            parts_r.append(lr.reshape(n, -1))
            parts_J.append(lJ.reshape(n, -1, 4))
            los_in = inl.sum(axis=1)
        sig = _MOVE_PRIOR.copy()
        if pinned:  # the launch point held where it was put (a profile of the likelihood)
            sig[:2] = _PIN
        parts_r.append((th0 - th) / sig)
        parts_J.append(np.broadcast_to(np.diag(1.0 / sig), (n, 4, 4)))
        pr, pdr = self._plume(m, th)
        parts_r.append(pr[:, None])
        pj = np.zeros((n, 1, 4))
        pj[:, 0, 2] = pdr
        parts_J.append(pj)
        r = np.concatenate(parts_r, axis=1)
        Jall = np.concatenate(parts_J, axis=1)
        return r, Jall, good, los_in

    def score(self, m: fam.Members, loc: _Local, th: np.ndarray | None = None,
              iterations: int = _GN_ITER, pin: np.ndarray | None = None) -> _Scored:
        """Fit every member's move (Gauss-Newton from ``th`` or from where it is laid at
        first) and its evidence (Laplace over the move); ``pin (N, 2)`` holds the launch
        point (east, north) of each member."""
        n = len(m)
        th0 = self._initial(m, loc)
        th = th0.copy() if th is None else th.copy()
        if pin is not None:
            th0[:, :2] = pin
            th[:, :2] = pin
        whiten = None
        t_white = th[:, 2].copy()
        for it in range(iterations + 1):
            if whiten is not None and it == iterations and np.any(np.abs(th[:, 2] - t_white) > 1.0):
                whiten = None  # refresh for the evidence where the launch time moved
            if whiten is None:
                tau = self.t[None, :] - th[:, 2:3]
                whiten = self.whitening(np.where(np.isfinite(tau) & (tau > 0), tau, 1.0))
                t_white = th[:, 2].copy()
            r, J, good, los_in = self.residuals(m, loc, th, th0, whiten, pin is not None)
            Jt = np.swapaxes(J, 1, 2)
            A = Jt @ J
            if it == iterations:
                break
            b = (Jt @ r[..., None])[..., 0]
            damp = A + 1e-6 * np.eye(4) * np.maximum(np.trace(A, axis1=1, axis2=2), 1e-9)[:, None, None]
            step = np.linalg.solve(damp, b[..., None])[..., 0]
            step = np.where(np.isfinite(step) & good[:, None], step, 0.0)
            step[:, 2] = np.clip(step[:, 2], -20.0, 20.0)
            step[:, 3] = np.clip(step[:, 3], -0.3, 0.3)
            th = th + step
        chi = np.where(good, np.sum(r * r, axis=1), np.inf)
        sign, logdet = np.linalg.slogdet(A)
        ok = good & (sign > 0) & np.isfinite(chi)
        cov = np.full((n, 4, 4), np.nan)
        cov[ok] = np.linalg.inv(A[ok])
        logl = np.where(ok, -0.5 * chi - 0.5 * logdet - 0.5 * self.logdet_s, -np.inf)
        return _Scored(logl=logl, theta=th, cov=cov, los=los_in, resid=r)

    def _plume(self, m: fam.Members, th: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The plume's end as a residual ``(N,)`` (``sqrt(-2 log L)``) and its derivative in
        the launch time: the member must burn at the last line of sight (0.5 s), and every
        later scan of the sensor without one while it would burn is a miss of probability
        ``1 - pd`` (a smooth step of 0.3 s)."""
        n = len(m)
        if not math.isfinite(self.last_plume):
            return np.zeros(n), np.zeros(n)
        end = th[:, 2] + m.t_burnout
        late = np.maximum(self.last_plume - end, 0.0) / 0.5
        pen = 0.5 * late**2
        dpen = -late / 0.5
        if self.misses.size:
            z = (end[:, None] - self.misses[None, :] - 0.5) / 0.3
            sg = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
            pen = pen - self.log_miss * sg.sum(axis=1)
            dpen = dpen - self.log_miss * (sg * (1 - sg)).sum(axis=1) / 0.3
        pen = np.where(np.isfinite(pen), pen, 0.0)
        r = np.sqrt(2.0 * pen)
        dr = np.where(r > 1e-9, np.nan_to_num(dpen) / np.maximum(r, 1e-9), 0.0)
        # residual = observation (no penalty) - model; the Jacobian is the model's
        return -r, dr

    def _initial(self, m: fam.Members, loc: _Local) -> np.ndarray:
        """Starting moves ``(N, 4)``: the member's time at the altitude of the track's
        latest row, its bearing turned to the track's, its ground point moved under it."""
        k = int(np.argmax(self.t))
        hm = loc.pos[..., 2] + (loc.pos[..., 0] ** 2 + loc.pos[..., 1] ** 2) / (2 * 6.371e6)
        hm = np.where(np.isfinite(hm), hm, -np.inf)
        n = np.arange(len(m))
        above = hm >= self.alt[k]
        if self.v[k, 2] >= 0.0:  # the first sample at or above the row's altitude (ascent)
            j = np.argmax(above, axis=1)
        else:  # the first one below it after the highest point (descent)
            top = np.argmax(hm, axis=1)
            after = ~above & (np.arange(hm.shape[1])[None, :] > top[:, None])
            j = np.argmax(after, axis=1)
            above = after
        has = above[n, j] & (j > 0)
        j = np.maximum(j, 1)
        h0, h1 = hm[n, j - 1], hm[n, j]
        frac = np.clip((self.alt[k] - h0) / np.where(h1 != h0, h1 - h0, 1.0), 0.0, 1.0)
        tau = (j - 1 + frac) * loc.dt
        tau = np.where(has, tau, np.nan)
        pos, vel, _ = _at(loc, tau[:, None])
        alpha = self.bearing[k] - np.arctan2(vel[:, 0, 0], vel[:, 0, 1])
        alpha = np.mod(alpha + math.pi, 2 * math.pi) - math.pi
        p = _rot(pos, np.cos(alpha), np.sin(alpha))[:, 0]
        th = np.stack([self.p[k, 0] - p[:, 0], self.p[k, 1] - p[:, 1], self.t[k] - tau, alpha],
                      axis=1)
        return th


# --- the search over the family ---------------------------------------------------------
_FD = 2e-3  # finite-difference step in logit(u)


def _logit(u: np.ndarray) -> np.ndarray:
    u = np.clip(u, 1e-6, 1 - 1e-6)
    return np.log(u) - np.log1p(-u)


def _expit(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _log_prior_z(z: np.ndarray, cont: np.ndarray) -> np.ndarray:
    """Log density ``(N,)`` in logit space of the uniform prior on the cube (continuous
    dims ``cont``): ``sum log(u (1 - u))``."""
    zc = z[:, cont]
    return np.sum(-np.logaddexp(0.0, zc) - np.logaddexp(0.0, -zc), axis=1)


@dataclass
class _Optimum:
    """Members refined to the observations: ``u (K, D)``, the objective ``f (K,)`` (half
    the chi-square minus the log prior), its curvature ``H (K, C, C)`` in the continuous
    dims (logit space), the fitted moves ``theta (K, 4)`` with their covariance given the
    member ``cov (K, 4, 4)`` and evidence term ``logdet (K,)``, and the sensitivities in
    the continuous dims of the move ``dtheta (K, 4, C)`` and of the burn time ``dburn (K, C)``."""

    u: np.ndarray
    f: np.ndarray
    H: np.ndarray
    theta: np.ndarray
    cov: np.ndarray
    logdet: np.ndarray
    dtheta: np.ndarray
    dburn: np.ndarray
    members: fam.Members
    los: np.ndarray
    chi2: np.ndarray  # (K,) of the observations alone
    dof: int  # observations minus the four moves' parameters
    resid: np.ndarray | None = None  # (K, L) whitened residuals (rows, lines of sight, ...)


def _refine(prob: _Problem, family: fam.Family, starts: np.ndarray, lat: float, lon: float,
            az: float, span: float = fam.SAMPLE_SPAN,
            schedule: tuple[tuple[float, int], ...] = ((30.0, 3), (5.0, 3), (DEVIATION, 8)),
            pins: np.ndarray | None = None, theta: np.ndarray | None = None) -> _Optimum:
    """Levenberg-Marquardt in logit space from members ``starts (K, D)``: the move profiled
    out (refitted for every trial), Jacobians by finite differences (one flight of the
    engine per continuous dimension and start).  ``schedule``: (deviation intensity,
    iterations) from loose to the final one, so that the early steps see a smooth
    objective (continuation)."""
    z = _logit(starts)
    cont = np.array(family.continuous)
    k, c = z.shape[0], cont.size
    lam = np.full(k, 1e-2)

    def objective(zz: np.ndarray, th: np.ndarray | None = None, owner: np.ndarray | None = None):
        m = fam.fly(_expit(zz), lat, lon, az, family, span)
        pin = None if pins is None else pins[np.arange(len(zz)) if owner is None else owner]
        sc = prob.score(m, _local(m), th, pin=pin)
        f = 0.5 * np.sum(sc.resid**2, axis=1) - _log_prior_z(zz, cont)
        return np.where(np.isfinite(sc.logl), f, np.inf), sc, m

    def jacobian(zz: np.ndarray, sc: _Scored, m: fam.Members):
        # one flight per start and continuous dimension that changes its flight
        ki, ci = np.nonzero(family.relevant(_expit(zz)))
        zp = zz[ki].copy()
        zp[np.arange(ki.size), cont[ci]] += _FD
        _, sp, mp = objective(zp, sc.theta[ki], ki)
        G = np.zeros((k, c, sc.resid.shape[1]))
        G[ki, ci] = -(sp.resid - sc.resid[ki]) / _FD  # d model / d z
        dth = np.zeros((k, c, 4))
        dth[ki, ci] = (sp.theta - sc.theta[ki]) / _FD
        db = np.zeros((k, c))
        db[ki, ci] = (mp.t_burnout - m.t_burnout[ki]) / _FD
        sg = _expit(zz[:, cont])
        H = G @ np.swapaxes(G, 1, 2) + (2.0 * sg * (1.0 - sg))[:, :, None] * np.eye(c)
        g = (G @ sc.resid[..., None])[..., 0] - (2.0 * sg - 1.0)
        good = np.isfinite(G).all(axis=(1, 2))
        H = np.where(good[:, None, None], H, np.eye(c))
        g = np.where(good[:, None], g, 0.0)
        return H, g, np.swapaxes(dth, 1, 2), db

    prob.q = schedule[0][0]
    f, sc, m = objective(z, theta)
    active = np.isfinite(f)
    plan = [q for q, n in schedule for _ in range(n)]
    for it, q in enumerate(plan):
        if q != prob.q:  # the next stage of the continuation: every live start again
            prob.q = q
            f, sc, m = objective(z, sc.theta)
            active = np.isfinite(f) & (f < np.nanmin(f) + 200.0)
            lam[:] = 1e-2
        if not active.any():
            continue
        H, g, _, _ = jacobian(z, sc, m)
        damp = lam[:, None] * np.maximum(np.einsum("kii->ki", H), 1e-6)  # Marquardt's scaling
        step = np.linalg.solve(H + damp[:, :, None] * np.eye(c), g[..., None])[..., 0]
        step = np.clip(np.where(np.isfinite(step) & active[:, None], step, 0.0), -1.5, 1.5)
        zt = z.copy()
        zt[:, cont] += step
        ft, st, _ = objective(zt, sc.theta)
        better = ft < f
        with np.errstate(invalid="ignore"):
            gain = np.where(better, np.nan_to_num(f - ft, posinf=1e9), 0.0)
        z = np.where(better[:, None], zt, z)
        sc = _Scored(*(np.where(better.reshape((-1,) + (1,) * (a_.ndim - 1)), b_, a_)
                       for a_, b_ in zip((sc.logl, sc.theta, sc.cov, sc.los, sc.resid),
                                         (st.logl, st.theta, st.cov, st.los, st.resid),
                                         strict=True)))
        m = fam.fly(_expit(z), lat, lon, az, family, span) if better.any() else m
        f = np.where(better, ft, f)
        lam = np.where(better, lam * 0.3, lam * 10.0)
        # a start stops when it no longer gains, or when it is far behind the best one
        active &= ~((better & (gain < 0.05)) | (lam > 1e4) | (f > np.nanmin(f) + 200.0))
        del it
    H, _, dth, db = jacobian(z, sc, m)
    A = np.linalg.inv(np.where(np.isfinite(sc.cov), sc.cov, np.eye(4)))
    obs_r = sc.resid[:, :-5]  # the move's prior (4) and the plume's end (1) are last
    return _Optimum(u=_expit(z), f=f, H=H, theta=sc.theta, cov=sc.cov,
                    logdet=np.linalg.slogdet(A)[1], dtheta=dth, dburn=db, members=m,
                    los=sc.los, chi2=np.sum(obs_r**2, axis=1), dof=max(obs_r.shape[1] - 4, 1),
                    resid=sc.resid)


def _screen(prob: _Problem, m: fam.Members, keep: int = 384) -> _Scored:
    """Scores of the base set: each member laid at the track's latest row and judged by
    its rows alone (no fit), the ``keep`` best then fitted (a few Gauss-Newton steps)."""
    loc = _local(m)
    th = prob._initial(m, loc)
    res, _ = prob._rows(loc, th)
    W = np.linalg.inv(prob.cov_rows)
    chi = np.einsum("nri,rij,nrj->n", res, W, res)
    chi = np.where(np.isfinite(chi) & m.ok, chi, np.inf)
    pick = np.argsort(chi)[:keep]
    pick = pick[np.isfinite(chi[pick])]
    n = len(m)
    logl = np.full(n, -np.inf)
    theta = np.full((n, 4), np.nan)
    if pick.size:
        sub = fam.Members(u=m.u[pick], samples=m.samples[pick], dt=m.dt,
                          t_burnout=m.t_burnout[pick], stages=m.stages[pick],
                          liftoff_tw=m.liftoff_tw[pick], ok=m.ok[pick], lat=m.lat, lon=m.lon,
                          azimuth=m.azimuth, family=m.family)
        sc = prob.score(sub, _local(sub), iterations=3)
        logl[pick], theta[pick] = sc.logl, sc.theta
    return _Scored(logl=logl, theta=theta, cov=np.full((n, 4, 4), np.nan), los=np.zeros(n),
                   resid=np.zeros((n, 0)))


def _reflect(u: np.ndarray) -> np.ndarray:
    """``u`` folded back into the unit cube."""
    u = np.abs(u)
    return np.clip(1.0 - np.abs(1.0 - np.mod(u, 2.0)), 1e-6, 1.0 - 1e-6)


def _prior_mixture(out: LaunchEstimate, obs: BoostObservations,
                   site: tuple[float, float, float]) -> LaunchEstimate:
    """A track that began after burnout: what its coast says of the launch, marginalised
    over the broad family by importance sampling from the prior (each member's move fitted
    to the rows), the member's deviation loose enough that a few hundred members count."""
    base = fam.fly(fam._sobol(fam.FAMILY_SIZE, 17), site[0], site[1], site[2])
    prob = _Problem(obs, site[0], site[1])
    for q in _PRIOR_Q:
        prob.q = q
        sc = prob.score(base, _local(base), iterations=_GN_ITER)
        ok = np.isfinite(sc.logl) & np.isfinite(sc.cov).all(axis=(1, 2))
        if not ok.any():
            continue
        w = np.exp(np.where(ok, sc.logl - np.max(sc.logl[ok]), -np.inf))
        w /= w.sum()
        if 1.0 / np.sum(w**2) >= _PRIOR_ESS:
            break
    else:
        if not np.isfinite(sc.logl).any():
            return out
    use = w > 0
    w, th, cov = w[use], sc.theta[use], sc.cov[use, :3, :3]
    mu = w @ th[:, :3]
    d = th[:, :3] - mu
    C = np.einsum("k,kij->ij", w, cov) + np.einsum("k,ki,kj->ij", w, d, d)
    enu = np.array([[mu[0], mu[1], 0.0]])
    lat, lon, _ = ecef2geodetic(enu2ecef(enu, site[0], site[1], 0.0))
    out.lat, out.lon, out.time = float(lat[0]), float(lon[0]), float(mu[2])
    out.time_sigma = math.sqrt(max(C[2, 2], 0.0))
    out.ellipse = ground_ellipse(C[None, :2, :2])
    out.azimuth = float(np.mod(site[2] + w @ th[:, 3], 2 * math.pi))
    bo = th[:, 2] + base.t_burnout[use]
    out.burnout_time = float(w @ bo)
    out.burnout_sigma = math.sqrt(max(float(w @ (bo - out.burnout_time) ** 2 + w @ cov[:, 2, 2]), 0.0))
    out.stages = np.array([float(w[base.stages[use] == s].sum()) for s in (1, 2, 3)])
    ln_tw = np.log(base.liftoff_tw[use])
    m_ln = float(w @ ln_tw)
    sd = math.sqrt(max(float(w @ (ln_tw - m_ln) ** 2), 0.0))
    out.liftoff_tw = math.exp(m_ln)
    out.liftoff_tw_95 = (math.exp(m_ln - 1.96 * sd), math.exp(m_ln + 1.96 * sd))
    out.ess = float(1.0 / np.sum(w**2))
    out.members = len(base)
    out.family, out.family_p = "broad", 1.0
    out.ok = True
    return out


def _starts(m: fam.Members, sc: _Scored, k: int) -> np.ndarray:
    """The ``k`` best members, the best of each stage count and steering mode first."""
    order = np.argsort(-np.where(np.isfinite(sc.logl), sc.logl, -np.inf))
    order = order[np.isfinite(sc.logl[order])]
    pick: list[int] = []
    cls = m.family.describe(m.u)[2]
    for c in np.unique(cls[order]):
        pick.append(int(order[cls[order] == c][0]))
    for i in order:
        if len(pick) >= k:
            break
        if int(i) not in pick:
            pick.append(int(i))
    return m.u[np.array(pick[:k], int)]


def estimate_launch(obs: BoostObservations, *, seed: int = 0) -> LaunchEstimate:
    """Launch point, time and burnout of one track from ``obs`` (module text).

    The family is flown from the ground point under the track's earliest row, towards the
    bearing of its velocity; ``seed`` makes the importance sampling reproducible.
    """
    out = LaunchEstimate()
    if obs.time.size == 0:
        return out
    # the family flown from under the track's earliest row towards the bearing of its
    # best-known velocity (its latest row's) picks where to start; the refinement is then
    # flown from where those starts put the launch, towards their azimuth (a family flown
    # the wrong way differs by its Coriolis deflection, hundreds of metres in a boost)
    k0, k1 = int(np.argmin(obs.time)), int(np.argmax(obs.time))
    lat0, lon0, _ = ecef2geodetic(obs.x[k0:k0 + 1, :3])
    E = enu_basis(float(lat0[0]), float(lon0[0]))
    hv = E @ obs.x[k1, 3:6]
    az0 = math.atan2(hv[0], hv[1])
    seen = math.isfinite(obs.last_plume) or obs.unused_los is not None or obs.powered
    families = fam.FAMILIES if seen else (fam.BROAD,)
    bases = [fam.base_family(float(lat0[0]), float(lon0[0]), az0, f) for f in families]
    prob = _Problem(obs, bases[0].lat, bases[0].lon)
    scores = [_screen(prob, bm) for bm in bases]
    best_l, best = -np.inf, None
    for sc0 in scores:
        if np.isfinite(sc0.logl).any():
            i = int(np.nanargmax(np.where(np.isfinite(sc0.logl), sc0.logl, -np.inf)))
            if sc0.logl[i] > best_l:
                best_l, best = sc0.logl[i], sc0.theta[i]
    if best is None:
        return out
    enu = np.array([[best[0], best[1], 0.0]])
    la, lo, _ = ecef2geodetic(enu2ecef(enu, bases[0].lat, bases[0].lon, 0.0))
    site = (float(la[0]), float(lo[0]), float(np.mod(bases[0].azimuth + best[3], 2 * math.pi)))
    prob = _Problem(obs, site[0], site[1])
    if not seen:
        return _prior_mixture(out, obs, site)
    # members are flown only as long as the latest row needs (with a minute to spare)
    span = float(np.clip(np.max(obs.time) - best[2] + 60.0, 60.0, fam.SAMPLE_SPAN))
    # the best members of each family, refined in its continuous parameters; the posterior
    # is the mixture of the Laplace approximations about the optima
    rng = np.random.default_rng(seed)
    optima = []
    for bm, sc0 in zip(bases, scores, strict=True):
        if not np.isfinite(sc0.logl).any():
            continue
        # a second draw about the base set's best members, flown from the refined site
        top = np.argsort(-np.where(np.isfinite(sc0.logl), sc0.logl, -np.inf))[:_TOP]
        top = top[np.isfinite(sc0.logl[top])]
        u = _reflect(bm.u[rng.choice(top, _DENSE)] + _JITTER * rng.standard_normal(
            (_DENSE, bm.family.dims)))
        dense = fam.fly(u, *site, bm.family, span)
        sc1 = _screen(prob, dense)
        both = fam.Members(u=np.concatenate([bm.u[top], dense.u]),
                           samples=np.zeros((0, 0, 6)), dt=dense.dt,
                           t_burnout=np.empty(0), stages=np.concatenate([bm.stages[top],
                                                                         dense.stages]),
                           liftoff_tw=np.empty(0), ok=np.empty(0, bool), lat=site[0],
                           lon=site[1], azimuth=site[2], family=bm.family)
        sc_both = _Scored(logl=np.concatenate([sc0.logl[top], sc1.logl]), theta=np.empty((0, 4)),
                          cov=np.empty((0, 4, 4)), los=np.empty(0), resid=np.empty((0, 0)))
        k = _STARTS if bm.family is fam.BROAD else _STARTS // 2
        optima.append(_refine(prob, bm.family, _starts(both, sc_both, k), *site, span=span))
    return _laplace(out, optima, site, prob, span)


@dataclass
class _Modes:
    """Optima of all families, flattened: per optimum ``loge``, ``theta (K, 4)``, launch
    covariance ``Sig (K, 3, 3)``, burnout time and variance, stages, ln thrust-to-weight
    and its variance, class label, and (family, index) to find it again."""

    loge: np.ndarray
    theta: np.ndarray
    Sig: np.ndarray
    burn: np.ndarray
    burn_var: np.ndarray
    stages: np.ndarray
    ln_tw: np.ndarray
    ln_tw_var: np.ndarray
    cls: np.ndarray
    where: list[tuple[int, int]]


def _modes(optima: Sequence[_Optimum]) -> _Modes:
    parts: dict[str, list] = {k: [] for k in _Modes.__dataclass_fields__}
    for fi, o in enumerate(optima):
        fml = o.members.family
        Hi = np.full_like(o.H, np.nan)
        sign, logdet_h = np.linalg.slogdet(o.H)
        good = np.isfinite(o.f) & np.isfinite(o.cov).all(axis=(1, 2)) & (sign > 0)
        Hi[good] = np.linalg.inv(o.H[good])
        Hz = np.nan_to_num(Hi)
        parts["loge"].append(np.where(good, -o.f - 0.5 * logdet_h - 0.5 * o.logdet
                                      + math.log(fml.prior), -np.inf))
        parts["theta"].append(o.theta)
        parts["Sig"].append((o.cov + np.einsum("kic,kcd,kjd->kij", o.dtheta, Hz, o.dtheta))[:, :3, :3])
        parts["burn"].append(o.theta[:, 2] + o.members.t_burnout)
        jb = o.dtheta[:, 2, :] + o.dburn
        parts["burn_var"].append(o.cov[:, 2, 2] + np.einsum("kc,kcd,kd->k", jb, Hz, jb))
        st, tw, cls = fml.describe(o.u)
        parts["stages"].append(st)
        parts["ln_tw"].append(np.log(tw))
        dim, scale = fml.tw_scale(o.u)
        if dim is None:
            parts["ln_tw_var"].append(np.zeros(len(o.u)))
        else:
            j = fml.continuous.index(dim)
            parts["ln_tw_var"].append(np.maximum(Hz[:, j, j], 0.0) * scale**2)
        parts["cls"].append(cls + 100 * fi)
        parts["where"].append([(fi, i) for i in range(len(o.u))])
    return _Modes(**{k: ([x for part in v for x in part] if k == "where" else np.concatenate(v))
                     for k, v in parts.items()})


#: offsets [m] along the flight from the best launch point at which the likelihood is
#: profiled
_PROFILE = np.array([-2000.0, -1200.0, -700.0, -350.0, 0.0, 350.0, 700.0, 1200.0, 2000.0])
#: offsets [m] beyond the end of :data:`_PROFILE` profiled when the likelihood is highest there
_PROFILE_MORE = np.array([1000.0, 2200.0, 3800.0, 6000.0])
#: temperatures of the likelihood where the broad family explains the boost (launch point,
#: launch time).  The family is an approximation of the vehicle, and the truth differs
#: from the member that fits best by one smooth error common to every row and line of
#: sight, which the likelihood (independent errors of the sensors' size) does not know:
#: the weights of the mixture are the likelihood's to the power 1 / T and each member's
#: covariance is scaled by T (the effective number of independent observations is their
#: number / T).  Calibrated on bench/bench_out_of_family.py's campaign (5 seeds, 50
#: boosts of the broad family: launch point inside its 95 % region 40 % at T = 1, 84 % at
#: 3, 94 % at 8; launch time 84 % at T = 1, 94 % at 3) and checked on its held-back lists;
#: the generic family (the vehicles the model holds exactly) keeps T = 1.
MODEL_TEMPERATURE = (8.0, 3.0)


def _laplace(out: LaunchEstimate, optima: Sequence[_Optimum], site: tuple[float, float, float],
             prob: _Problem, span: float = fam.SAMPLE_SPAN) -> LaunchEstimate:
    """The mixture over the optima (each the Laplace approximation of its mode, weighted by
    its evidence and its family's prior share) of the launch point and time, burnout,
    stages and thrust-to-weight.  The best mode's spread along the flight, where the
    observations leave the launch point least fixed and the Laplace approximation is poor
    (a ridge of early climbs that meet the same plume), is its profile: the member refitted
    with the launch point held at offsets along the flight."""
    md = _modes(optima)
    if not np.isfinite(md.loge).any():
        return out
    # the same mode found from two starts counts once: same class, launch within 1 sigma
    kept: list[int] = []
    for i in np.argsort(-md.loge):
        if not np.isfinite(md.loge[i]):
            continue
        if not any(md.cls[i] == md.cls[j] and (md.theta[i, :3] - md.theta[j, :3]) @ np.linalg.solve(
                md.Sig[j], md.theta[i, :3] - md.theta[j, :3]) < 1.0 for j in kept):
            kept.append(int(i))
    idx = np.array(kept, int)
    b = idx[0]
    fi, bi = md.where[b]
    ob = optima[fi]
    # the best mode's profile along the flight
    az = site[2] + md.theta[b, 3]
    along = np.array([math.sin(az), math.cos(az)])
    offsets = _PROFILE
    for _ in range(2):
        pins = md.theta[b, :2] + offsets[:, None] * along
        g = len(offsets)
        pr = _refine(prob, ob.members.family, np.repeat(ob.u[bi:bi + 1], g, axis=0), *site,
                     schedule=((prob.q, 8),), pins=pins, span=span,
                     theta=np.repeat(ob.theta[bi:bi + 1], g, axis=0))
        pm = _modes([pr])
        le = pm.loge - math.log(ob.members.family.prior)
        top = int(np.nanargmax(np.where(np.isfinite(le), le, -np.inf)))
        if 0 < top < g - 1 or offsets is not _PROFILE:
            break
        # the likelihood still rises at the end of the profile: it goes on that way
        side = -1.0 if top == 0 else 1.0
        offsets = np.sort(np.concatenate([_PROFILE, side * (_PROFILE[-1] + _PROFILE_MORE)]))
    width = np.gradient(offsets)
    wp = np.exp(le - np.max(le)) * width
    wp /= wp.sum()
    cross = np.array([along[1], -along[0]])
    var_cross = float(cross @ md.Sig[b, :2, :2] @ cross)
    prof = np.zeros((g, 3, 3))
    prof[:, :2, :2] = (var_cross * np.outer(cross, cross)
                       + (width**2 / 12.0)[:, None, None] * np.outer(along, along))
    prof[:, 2, 2] = np.nan_to_num(pm.Sig[:, 2, 2])
    # the other modes keep their Laplace approximations; the best one is its profile
    rest = idx[1:]
    lw = np.concatenate([md.loge[b] + np.log(np.maximum(wp, 1e-300)), md.loge[rest]])
    w0 = np.exp(lw - lw.max())
    w0 /= w0.sum()
    fam_of = np.array([ob.members.family.name] * g
                      + [optima[md.where[i][0]].members.family.name for i in rest])
    p_broad = float(w0[fam_of == fam.BROAD.name].sum())
    t_pos = 1.0 + (MODEL_TEMPERATURE[0] - 1.0) * p_broad
    t_time = 1.0 + (MODEL_TEMPERATURE[1] - 1.0) * p_broad
    # the launch and burnout from the tempered mixture (MODEL_TEMPERATURE); the stages,
    # the thrust-to-weight and the family from the likelihood as it is (which explanation
    # fits best); the profile's weights hold its bins' widths, which are not tempered
    wp_t = np.exp((le - np.max(le)) / t_pos) * width
    wp_t /= wp_t.sum()
    lw_t = np.concatenate([md.loge[b] / t_pos + np.log(np.maximum(wp_t, 1e-300)),
                           md.loge[rest] / t_pos])
    w = np.exp(lw_t - lw_t.max())
    w /= w.sum()
    th = np.concatenate([pm.theta, md.theta[rest]])
    D = np.sqrt(np.array([t_pos, t_pos, t_time]))
    S = np.concatenate([prof, md.Sig[rest]]) * D[:, None] * D[None, :]
    mu = w @ th[:, :3]
    d = th[:, :3] - mu
    C = np.einsum("k,kij->ij", w, S) + np.einsum("k,ki,kj->ij", w, d, d)
    # where even the best member does not fit the observations to their noise, what they
    # say is known less well than the fit claims: the covariance grows by the reduced
    # chi-square (Birge's ratio)
    ratio = max(min(float(ob.chi2[bi]), float(np.min(np.where(np.isfinite(pr.f), pr.chi2,
                                                               np.inf)))) / ob.dof, 1.0)
    if DIAGNOSTICS is not None:
        DIAGNOSTICS.append({"site": site, "w": w, "th": th, "S": S, "ratio": ratio,
                            "chi2": float(ob.chi2[bi]), "dof": ob.dof, "rows": prob.t.size,
                            "resid": ob.resid[bi], "los_t": None if prob.los is None
                            else prob.los.time, "wp": wp, "le": le, "mu": mu, "C": C * ratio,
                            "pr_chi2": pr.chi2, "burn": np.concatenate([pm.burn, md.burn[rest]]),
                            "burn_var": np.concatenate([np.full(g, md.burn_var[b]), md.burn_var[rest]]),
                            "w0": w0, "t": (t_pos, t_time)})
    C = C * ratio
    out.misfit = ratio
    enu = np.array([[mu[0], mu[1], 0.0]])
    lat, lon, _ = ecef2geodetic(enu2ecef(enu, site[0], site[1], 0.0))
    out.lat, out.lon = float(lat[0]), float(lon[0])
    out.time = float(mu[2])
    out.time_sigma = math.sqrt(max(C[2, 2], 0.0))
    out.ellipse = ground_ellipse(C[None, :2, :2])
    out.azimuth = float(np.mod(site[2] + w @ th[:, 3], 2 * math.pi))
    bo = np.concatenate([pm.burn, md.burn[rest]])
    vb = np.concatenate([np.full(g, md.burn_var[b]), md.burn_var[rest]])
    out.burnout_time = float(w @ bo)
    out.burnout_sigma = math.sqrt(max(ratio * float(w @ (t_time * np.nan_to_num(vb)
                                                         + (bo - out.burnout_time) ** 2)), 0.0))
    w = w0
    sel = np.concatenate([np.full(g, b), rest])
    out.stages = np.array([float(w[md.stages[sel] == s].sum()) for s in (1, 2, 3)])
    m_ln = float(w @ md.ln_tw[sel])
    v_ln = float(w @ (md.ln_tw_var[sel] + (md.ln_tw[sel] - m_ln) ** 2))
    out.liftoff_tw = math.exp(m_ln)
    out.liftoff_tw_95 = (math.exp(m_ln - 1.96 * math.sqrt(v_ln)),
                         math.exp(m_ln + 1.96 * math.sqrt(v_ln)))
    out.ess = float(1.0 / np.sum(w**2))
    out.members = int(sum(len(o.u) for o in optima) + g)
    out.los_used = round(float(pr.los[np.argmax(wp)]))
    out.family = ob.members.family.name
    out.family_p = float(w[:g].sum() + sum(w[g + k] for k, i in enumerate(rest)
                                            if md.where[i][0] == fi))
    out.ok = True
    return out
