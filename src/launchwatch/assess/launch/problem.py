"""One track's boost observations in a family's site frame, and the fit of every member's
rigid move (east, north, launch time, azimuth) to them: rows of the track, unused infrared
lines of sight (robustly capped), the move's prior and the plume's end."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ...earth.frames import enu_basis, geodetic2ecef
from ...sensors.infrared import PLUME_VISIBLE_ABOVE_M
from .. import boost as fam
from .members import DEVIATION, _at, _deviation, _Local, _rot
from .observations import BoostObservations

_PIN = 1.0  # [m] how tightly a profile holds the launch point

_IR_CAP = 16.0  # chi-square of one line of sight beyond which it is another object's
_RISE_S = 0.5  # [s] how far before its first line of sight a member may clear the clouds
_GN_ITER = 6
#: 1-sigma of the prior on a member's move from where it was laid at first: east, north
#: [m], launch time [s], azimuth [rad] (broad: the evidence needs a proper prior, or a
#: member whose azimuth the data cannot fix, a vertical climb, would win by its flatness)
_MOVE_PRIOR = np.array([50e3, 50e3, 300.0, 0.5])


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
        scans = None if self.los is None else np.asarray(self.los.scans, float)
        self.scans = scans if scans is not None and scans.size else None

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
        rise, drise = np.zeros(n), np.zeros(n)
        if self.los is not None:
            lr, lJ, lok = self._los(loc, th)
            d2 = np.sum(lr**2, axis=-1)
            inl = lok & (d2 < _IR_CAP) & good[:, None]
            lr = np.where(inl[..., None], lr, math.sqrt(_IR_CAP / 2.0))
            lJ = np.where(inl[..., None, None], lJ, 0.0)
            parts_r.append(lr.reshape(n, -1))
            parts_J.append(lJ.reshape(n, -1, 4))
            los_in = inl.sum(axis=1)
            if self.scans is not None:
                first = np.min(np.where(inl, self.los.time[None, :], np.inf), axis=1)
                rise, drise = self._rise(loc, th, first)
        sig = _MOVE_PRIOR.copy()
        if pinned:  # the launch point held where it was put (a profile of the likelihood)
            sig[:2] = _PIN
        parts_r.append((th0 - th) / sig)
        parts_J.append(np.broadcast_to(np.diag(1.0 / sig), (n, 4, 4)))
        pr, pdr = self._plume(m, th)
        parts_r.append(np.stack([pr, rise], axis=1))
        pj = np.zeros((n, 2, 4))
        pj[:, 0, 2] = pdr
        pj[:, 1, 2] = drise
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

    def _rise(self, loc: _Local, th: np.ndarray, first: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
        """The plume's rise as a residual ``(N,)`` (``sqrt(-2 log L)``) and its derivative in
        the launch time.  An infrared sensor sees a plume only above
        :data:`~launchwatch.sensors.infrared.PLUME_VISIBLE_ABOVE_M`: the member must have
        cleared that height by its first line of sight ``first (N,)`` [s] (inf: none fits
        it; :data:`_RISE_S`), and every earlier scan of the sensors at which it was above it
        (and at least :data:`_RISE_S` after it rose) is a miss of probability ``1 - pd`` (a
        smooth step of 0.3 s).  This is what ties the launch time to the first sight: the
        seconds before it are the member's climb to that height."""
        n = th.shape[0]
        hm = loc.pos[..., 2] + (loc.pos[..., 0] ** 2 + loc.pos[..., 1] ** 2) / (2 * 6.371e6)
        hm = np.where(np.isfinite(hm), hm, -np.inf)
        above = hm >= PLUME_VISIBLE_ABOVE_M
        j = np.argmax(above, axis=1)
        idx = np.arange(n)
        has = above[idx, j] & (j > 0) & np.isfinite(first)
        j = np.maximum(j, 1)
        h0, h1 = hm[idx, j - 1], hm[idx, j]
        with np.errstate(invalid="ignore", divide="ignore"):
            frac = np.clip((PLUME_VISIBLE_ABOVE_M - h0) / (h1 - h0), 0.0, 1.0)
        rise_t = th[:, 2] + (j - 1 + np.nan_to_num(frac)) * loc.dt  # [s] it clears the clouds
        late = np.where(has, np.maximum(rise_t - first, 0.0), 0.0) / _RISE_S
        pen = 0.5 * late**2
        dpen = late / _RISE_S
        q = self.scans[None, :]
        z = (q - rise_t[:, None] - _RISE_S) / 0.3
        sg = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
        sg = np.where(has[:, None] & (q < first[:, None] - _RISE_S), sg, 0.0)
        pen = pen - self.log_miss * sg.sum(axis=1)
        dpen = dpen + self.log_miss * (sg * (1 - sg)).sum(axis=1) / 0.3
        pen = np.where(np.isfinite(pen), pen, 0.0)
        r = np.sqrt(2.0 * pen)
        dr = np.where(r > 1e-9, np.nan_to_num(dpen) / np.maximum(r, 1e-9), 0.0)
        return -r, dr

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
