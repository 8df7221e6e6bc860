"""The multi-target tracker: gating, association, IMM filtering and track management.

Roles (after Stone Soup's split, on arrays): a :class:`TrackerConfig` names the filter
(EKF/UKF), the IMM model set, the associator (GNN/JPDA), the gate, the initiator
(M-of-N) and the deleter; :class:`Tracker` holds the live tracks of a scenario as one
batch of arrays and processes one scan at a time (streaming); :func:`run_tracker` feeds
a whole recorded batch of detections (batch mode).

Measurements must come in time order.  A scan earlier than the tracker's clock is
rejected as ``out_of_order``; a scan of a sensor at a time it already reported, or a
repeated row inside a scan, as ``duplicate``; rows with NaN as ``nan``; impossible
values (range <= 0) as ``invalid``.  Counts are in :attr:`Tracker.rejected`; nothing
raises on bad measurements.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..earth.frames import ecef2geodetic
from ._kernels import mahalanobis_batch
from .association import gnn, jpda
from .filters import sym
from .gating import gate_threshold, mahalanobis2
from .imm import imm_combine, imm_measure, imm_mix, imm_predict, imm_update
from .initiation import PositionMeasurement, triangulate, two_point_state
from .measurement import LosMeasurement, RadarMeasurement, from_config
from .models import BALLISTIC, BOOST, KAPPA, MANOEUVRE, N_STATE, THRUST, MotionModel

__all__ = ["MODELS", "REJECT_REASONS", "SWITCH_RATES", "TrackHistory", "Tracker", "TrackerConfig",
           "run_tracker"]

MODELS: dict[str, MotionModel] = {"ballistic": BALLISTIC, "boost": BOOST, "manoeuvre": MANOEUVRE}
REJECT_REASONS = ("out_of_order", "duplicate", "nan", "invalid")
#: Default mode-jump rates [1/s] (docs/tracking.md, "Process noise and mode switching").
#: Asymmetric, from the flight physics: powered flight ends (burn times of 60-100 s: a
#: mean stay of 50 s in boost); a missile that has burnt out does not re-ignite (a staging
#: coast lasts seconds and stays in boost), so leaving ballistic flight for boost is very
#: unlikely; a ballistic body cannot manoeuvre in vacuum (no lift, no thrust), so that
#: jump is as unlikely; a manoeuvre lasts ~5 s.  The rare jumps are not zero: a real
#: re-ignition or manoeuvre makes the data's likelihood ratio grow by orders of magnitude
#: per scan, which overcomes the small prior within a few scans.
SWITCH_RATES: dict[str, float] = {
    "boost->ballistic": 0.02,
    "boost->manoeuvre": 1e-4,
    "ballistic->boost": 1e-5,
    "ballistic->manoeuvre": 1e-6,
    "manoeuvre->ballistic": 0.2,
    "manoeuvre->boost": 1e-4,
}


class TrackerConfig(BaseModel):
    """Tracker configuration (frozen; round-trips to YAML/JSON).

    ``models``: IMM model names (one name = a plain EKF/UKF); mode switching is a Markov
    process in time, not per scan: ``switch_rates`` [1/s] maps ``"from->to"`` model-name
    pairs to their jump rates (:data:`SWITCH_RATES` by default), ``switch_rate`` [1/s] is
    the rate of a pair not listed, and a step of ``dt`` seconds leaves mode ``i`` with
    probability ``1 - exp(-rate_i dt)`` (``rate_i`` the sum of its pairs), shared among
    the targets in proportion to their rates, so the prior does not depend on how many
    sensors scan.  ``switch_probability`` (legacy, per scan, default unset) restores the
    old constant per-scan matrix.  ``initial_mode``: starting mode probabilities (default
    uniform).  Gate: ``gate_probability`` (chi-square).  Initiation: one radar detection
    starts a tentative track (position from the measurement, radial velocity from the
    range-rate, the cross-range velocity with ``init_speed_sigma``), confirmed after
    ``confirm_hits`` detections within its first ``confirm_scans`` scans in coverage.
    Deletion: ``delete_misses`` consecutive misses in coverage, a position standard
    deviation above ``max_position_sigma`` [m], or the ground.

    ``initiation='two_point'`` (default) restarts a tentative track at its second position
    detection from the two detections (:func:`~launchwatch.tracking.initiation.two_point_state`:
    a difference with gravity, the range-rates, ``init_thrust_sigma`` [m/s^2] of unmodelled
    acceleration); ``'one_point'`` keeps the Kalman update of the one-point start.
    ``ir_initiation``: lines of sight from two infrared sensors that no confirmed track
    took, no more than ``ir_pair_window`` [s] apart, are paired by triangulation
    (:func:`~launchwatch.tracking.initiation.triangulate`; a target may move
    ``ir_pair_speed`` [m/s] between the two scans) and the crossing points start and grow
    tentative tracks; one infrared sensor never starts a track (no range).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    filter: Literal["ekf", "ukf"] = "ekf"
    models: tuple[str, ...] = ("boost", "ballistic", "manoeuvre")
    switch_rate: float = Field(0.02, ge=0.0, description="[1/s] jump rate of a pair of modes "
                               "not in switch_rates")
    switch_rates: dict[str, float] = Field(default_factory=lambda: dict(SWITCH_RATES),
                                           description="[1/s] 'from->to': jump rate")
    switch_probability: float | None = Field(None, ge=0.0, lt=1.0, description="legacy: chance "
                                             "per scan of leaving a mode (overrides the rates)")
    initial_mode: tuple[float, ...] | None = None
    association: Literal["gnn", "jpda"] = "gnn"
    gate_probability: float = Field(0.9997, gt=0.5, lt=1.0)
    confirm_hits: int = Field(3, ge=1)
    confirm_scans: int = Field(4, ge=1)
    delete_misses: int = Field(8, ge=1)
    max_position_sigma: float = Field(30_000.0, gt=0.0)
    max_silence: float = Field(300.0, gt=0.0, description="[s] with no scan from any sensor "
                               "for longer, the live tracks are dropped as stale")
    init_speed_sigma: float = Field(2500.0, gt=0.0, description="[m/s]")
    init_kappa: float = Field(1.0e-4, ge=0.0, description="[m^2/kg]")
    init_kappa_sigma: float = Field(1.5e-4, gt=0.0)
    init_thrust_sigma: float = Field(30.0, gt=0.0, description="[m/s^2]")
    initiation: Literal["one_point", "two_point"] = "two_point"
    ir_initiation: bool = True
    ir_pair_window: float = Field(0.5, ge=0.0, description="[s]")
    ir_pair_speed: float = Field(3000.0, ge=0.0, description="[m/s]")
    history: Literal["full", "states", "none"] = "full"

    def motion_models(self) -> list[MotionModel]:
        """The IMM's :class:`MotionModel` objects."""
        return [MODELS[n] for n in self.models]

    @field_validator("switch_rates")
    @classmethod
    def _check_rates(cls, v: dict[str, float]) -> dict[str, float]:
        for key, rate in v.items():
            a, sep, b = key.partition("->")
            if not sep or a not in MODELS or b not in MODELS or a == b:
                raise ValueError(f"{key!r}: expected 'from->to' with two different model names "
                                 f"of {sorted(MODELS)}")
            if not (rate >= 0.0 and math.isfinite(rate)):
                raise ValueError(f"{key!r}: rate must be finite and >= 0")
        return v

    def rates(self) -> np.ndarray:
        """Jump rates ``(M, M)`` [1/s] between the configured models (zero diagonal)."""
        m = len(self.models)
        lam = np.full((m, m), self.switch_rate)
        for i, a in enumerate(self.models):
            for j, b in enumerate(self.models):
                lam[i, j] = self.switch_rates.get(f"{a}->{b}", self.switch_rate)
        np.fill_diagonal(lam, 0.0)
        return lam

    def switching(self, dt: float = 1.0) -> np.ndarray:
        """Markov mode-switching matrix ``(M, M)`` over a step of ``dt`` [s].

        Mode ``i`` is left with probability ``1 - exp(-rate_i dt)``, split among the other
        modes in proportion to their rates; with the legacy ``switch_probability`` the
        per-scan matrix whatever ``dt``.
        """
        m = len(self.models)
        if m == 1:
            return np.ones((1, 1))
        if self.switch_probability is not None:
            p = self.switch_probability
            return np.full((m, m), p / (m - 1)) + np.eye(m) * (1.0 - p - p / (m - 1))
        lam = self.rates()
        out = lam.sum(axis=1)
        leave = -np.expm1(-out * max(dt, 0.0))
        PI = lam * (leave / np.where(out > 0.0, out, 1.0))[:, None]
        PI[np.diag_indices(m)] = 1.0 - leave
        return PI


@dataclass
class TrackHistory:
    """Per-scan record of the confirmed tracks, rows in time order.

    ``time (R,)``, ``track_id (R,)``, ``x (R, 8)``, ``P (R, 8, 8)`` (empty unless
    ``history='full'``), ``mu (R, M)`` mode probabilities, ``detection (R,)`` the id of the
    detection that updated the row (-1: none; with JPDA the most probable one),
    ``sensor (R,)`` the scan's sensor.
    """

    time: np.ndarray
    track_id: np.ndarray
    x: np.ndarray
    P: np.ndarray
    mu: np.ndarray
    detection: np.ndarray
    sensor: np.ndarray
    confirmed_at: dict[int, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.time.shape[0])

    @property
    def ids(self) -> np.ndarray:
        """Distinct track ids."""
        return np.unique(self.track_id)

    def select(self, rows: np.ndarray) -> TrackHistory:
        """The rows ``rows`` (indices or a boolean mask ``(R,)``) of the history."""
        return TrackHistory(self.time[rows], self.track_id[rows], self.x[rows],
                            self.P[rows] if self.P.size else self.P, self.mu[rows],
                            self.detection[rows], self.sensor[rows], dict(self.confirmed_at))

    def track(self, track_id: int) -> TrackHistory:
        """Rows of one track."""
        m = self.track_id == track_id
        return TrackHistory(self.time[m], self.track_id[m], self.x[m],
                            self.P[m] if self.P.size else self.P, self.mu[m], self.detection[m],
                            self.sensor[m], {track_id: self.confirmed_at.get(track_id, np.nan)})


class Tracker:
    """Streaming multi-target tracker over a fixed list of sensors.

    ``sensors``: sensor configurations (radar or ``kind='ir'``) or ready measurement models.
    Feed scans with :meth:`update` in time order; read :meth:`tracks` at any time.
    """

    def __init__(self, sensors: Sequence, config: TrackerConfig | None = None) -> None:
        self.config = config or TrackerConfig()
        self.meas = [s if isinstance(s, RadarMeasurement | LosMeasurement) else from_config(s)
                     for s in sensors]
        self.models = self.config.motion_models()
        self.PI = self.config.switching()  # over 1 s; each prediction uses its own step
        M = len(self.models)
        mu0 = np.asarray(self.config.initial_mode or np.full(M, 1.0 / M), float)
        self.mu0 = mu0 / mu0.sum()
        self.time = -math.inf
        self.last_scan = np.full(len(self.meas), -math.inf)
        self.rejected = dict.fromkeys(REJECT_REASONS, 0)
        self.n_scans = 0
        n = N_STATE
        self.xm = np.empty((0, M, n))
        self.Pm = np.empty((0, M, n, n))
        self.mu = np.empty((0, M))
        self.tid = np.empty(0, np.int64)
        self.confirmed = np.empty(0, bool)
        self.hits = np.empty(0, np.int64)
        self.scans = np.empty(0, np.int64)
        self.misses = np.empty(0, np.int64)
        # initiation memory: born from infrared pairs; the first detection's position
        # (K, 3), covariance (K, 3, 3), time, range-rate, site and range-rate sigma
        self.ir_born = np.empty(0, bool)
        self.p1 = np.empty((0, 3))
        self.R1 = np.empty((0, 3, 3))
        self.t1 = np.empty(0)
        self.rr1 = np.empty(0)
        self.site1 = np.empty((0, 3))
        self.srr1 = np.empty(0)
        self._ir_pending: dict[int, tuple[float, np.ndarray, np.ndarray]] = {}
        self._next_id = 0
        self._rec: list[tuple] = []
        self.confirmed_at: dict[int, float] = {}

    # --- public ----------------------------------------------------------------------
    def tracks(self) -> dict[str, np.ndarray]:
        """Current confirmed tracks: ``id (T,)``, ``x (T, 8)``, ``P (T, 8, 8)``, ``mu (T, M)``, ``time``."""
        c = self.confirmed
        x, P = imm_combine(self.xm[c], self.Pm[c], self.mu[c])
        return {"id": self.tid[c].copy(), "x": x, "P": P, "mu": self.mu[c].copy(),
                "time": np.full(int(c.sum()), self.time)}

    def history(self) -> TrackHistory:
        """Everything recorded so far (see :class:`TrackHistory`)."""
        M = len(self.models)
        if not self._rec:
            return TrackHistory(np.empty(0), np.empty(0, np.int64), np.empty((0, N_STATE)),
                                np.empty((0, N_STATE, N_STATE)), np.empty((0, M)),
                                np.empty(0, np.int64), np.empty(0, np.int64), dict(self.confirmed_at))
        cols = list(zip(*self._rec, strict=True))
        P = (np.concatenate(cols[3]) if self.config.history == "full"
             else np.empty((0, N_STATE, N_STATE)))
        return TrackHistory(np.concatenate(cols[0]), np.concatenate(cols[1]),
                            np.concatenate(cols[2]), P, np.concatenate(cols[4]),
                            np.concatenate(cols[5]), np.concatenate(cols[6]), dict(self.confirmed_at))

    def update(self, time: float, sensor: int, z: np.ndarray, ids: np.ndarray | None = None) -> None:
        """Process one scan: ``z (m, 4)`` (IR: first two columns) from ``sensor`` at ``time`` [s].

        ``ids (m,)`` optional detection ids recorded in the history (for scoring).
        """
        z = np.atleast_2d(np.asarray(z, float))
        m_in = z.shape[0] if z.size else 0
        ids = np.arange(m_in) if ids is None else np.asarray(ids)
        if not (isinstance(sensor, int | np.integer) and 0 <= sensor < len(self.meas)):
            self.rejected["invalid"] += m_in
            return
        meas = self.meas[sensor]
        if not math.isfinite(time):
            self.rejected["nan"] += m_in
            return
        if time < self.time:
            self.rejected["out_of_order"] += m_in
            return
        if time <= self.last_scan[sensor]:
            self.rejected["duplicate"] += m_in
            return
        self.last_scan[sensor] = time
        z = z[:, :meas.dim] if m_in else np.empty((0, meas.dim))
        keep = np.isfinite(z).all(axis=1)
        self.rejected["nan"] += int((~keep).sum())
        if isinstance(meas, RadarMeasurement) and m_in:
            bad = keep & (z[:, 0] <= 0.0)
            self.rejected["invalid"] += int(bad.sum())
            keep &= ~bad
        if keep.sum() > 1:
            zk = z[keep]
            order = np.lexsort(zk.T[::-1])  # rows sorted, ties in input order
            zs = zk[order]
            same = np.concatenate([[False], (zs[1:] == zs[:-1]).all(axis=1)])
            dup = np.zeros(zk.shape[0], bool)
            dup[order[same]] = True  # every repeat after a row's first occurrence
            self.rejected["duplicate"] += int(dup.sum())
            idx = np.flatnonzero(keep)
            keep[idx[dup]] = False
        z, ids = z[keep], ids[keep]
        self.n_scans += 1
        self._predict(time)
        used = self._scan(meas, sensor, z, ids)
        if isinstance(meas, LosMeasurement) and self.config.ir_initiation:
            self._ir_pairs(sensor, meas, z[~used], ids[~used])

    # --- internals -------------------------------------------------------------------
    def _predict(self, time: float) -> None:
        dt = time - self.time
        if self.xm.shape[0] and dt > self.config.max_silence:
            # no sensor has scanned for longer than max_silence: what was tracked then is
            # stale (a new recording), and an hour-long prediction is meaningless
            self._drop(np.ones(self.xm.shape[0], bool))
        if self.xm.shape[0] and dt > 0:
            x0, P0, c = imm_mix(self.xm, self.Pm, self.mu, self.config.switching(dt))
            self.xm, self.Pm = imm_predict(x0, P0, dt, self.models, self.config.filter)
            self.mu = c
            # a prediction that diverged (NaN/inf) ends its track rather than the run
            bad = ~(np.isfinite(self.xm).all(axis=(1, 2)) & np.isfinite(self.Pm).all(axis=(1, 2, 3)))
            if bad.any():
                self._drop(bad)
        self.time = time

    def _drop(self, dead: np.ndarray) -> None:
        """Remove the tracks marked ``dead (K,)`` from every state array."""
        keep = ~dead
        for name in self._STATE_ARRAYS:
            setattr(self, name, getattr(self, name)[keep])

    _STATE_ARRAYS = ("xm", "Pm", "mu", "tid", "confirmed", "hits", "scans", "misses", "ir_born",
                     "p1", "R1", "t1", "rr1", "site1", "srr1")

    def _scan(self, meas, sensor: int, z: np.ndarray, ids: np.ndarray, record: bool = True
              ) -> np.ndarray:
        """Gate, associate, update, manage and initiate on one scan; returns the used rows ``(m,)``."""
        cfg = self.config
        K, M = self.mu.shape
        m = z.shape[0]
        used = np.zeros(m, bool)
        det_of = np.full(K, -1, np.int64)
        if K:
            pred = imm_measure(self.xm, self.Pm, meas, cfg.filter)
            c = self.mu
            # moment-matched predicted measurement for gating and association
            if M == 1:  # the mixture of one: the model's own (the formula gives the same)
                zc, Sc = pred.zhat[:, 0], pred.S[:, 0]
            else:
                ref = pred.zhat[:, 0]
                dz = meas.residual(pred.zhat, ref[:, None, :].repeat(M, 1))
                zc = ref + np.einsum("km,kmi->ki", c, dz)
                dzc = meas.residual(pred.zhat, zc[:, None, :].repeat(M, 1))
                Sc = (np.einsum("km,kmij->kij", c, pred.S)
                      + np.einsum("km,kmi,kmj->kij", c, dzc, dzc))
            visible = meas.visible(zc)
            if isinstance(meas, PositionMeasurement):
                visible = self.ir_born & ~self.confirmed  # pair scans only judge IR-born tentatives
            gamma = gate_threshold(cfg.gate_probability, meas.dim)
            nu = meas.residual(z[None, :, :], zc[:, None, :])  # (K, m, dim)
            d2, logdet = _mahalanobis_logdet(nu, Sc)
            gated = d2 < gamma
            if isinstance(meas, LosMeasurement):
                gated &= self.confirmed[:, None]  # angles alone never grow a tentative track
            elif isinstance(meas, PositionMeasurement):
                gated &= ~self.confirmed[:, None]  # confirmed tracks already took these angles
            beta_full = np.zeros((K, m + 1))
            beta_full[:, 0] = 1.0
            conf = np.flatnonzero(self.confirmed)
            tent = np.flatnonzero(~self.confirmed)
            if conf.size and m:
                if cfg.association == "gnn":
                    cost = np.where(gated[conf], d2[conf] + logdet[conf, None], np.inf)
                    r, col = gnn(cost, gamma + logdet[conf])
                    beta_full[conf[r], 0] = 0.0
                    beta_full[conf[r], col + 1] = 1.0
                else:
                    lik = np.exp(-0.5 * d2[conf] - 0.5 * logdet[conf, None]
                                 - 0.5 * meas.dim * math.log(2 * math.pi))
                    beta_full[conf] = jpda(lik, gated[conf], meas.pd, cfg.gate_probability,
                                           meas.clutter_density)
                used |= (beta_full[conf, 1:] > 0).any(axis=0) | gated[conf].any(axis=0)
            if tent.size and m:
                avail = gated[tent] & ~used[None, :]
                cost = np.where(avail, d2[tent] + logdet[tent, None], np.inf)
                r, col = gnn(cost, gamma + logdet[tent])
                beta_full[tent[r], 0] = 0.0
                beta_full[tent[r], col + 1] = 1.0
                used[col] = True
            # candidates per track: the measurements with beta > 0, padded
            pos = beta_full[:, 1:] > 0
            G = int(pos.sum(axis=1).max()) if m else 0
            if G:
                order = np.argsort(~pos, axis=1, kind="stable")[:, :G]
                valid = np.take_along_axis(pos, order, axis=1)
                beta = np.concatenate([beta_full[:, :1],
                                       np.where(valid, np.take_along_axis(beta_full[:, 1:], order, 1),
                                                0.0)], axis=1)
                zc_ = z[order]  # (K, G, dim)
                nu_m = meas.residual(zc_[:, None], pred.zhat[:, :, None, :])  # (K, M, G, dim)
                clutter = np.where(self.confirmed, meas.clutter_density, 0.0) \
                    if cfg.association == "jpda" else np.zeros(K)
                self.xm, self.Pm, self.mu = imm_update(self.xm, self.Pm, c, pred, nu_m, beta,
                                                       clutter, meas.pd)
                best = np.argmax(beta[:, 1:], axis=1)
                hit = beta[:, 0] < 1.0
                row_of = order[np.arange(K), best]
                det_of = np.where(hit, ids[row_of] if m else -1, -1)
            else:
                hit = np.zeros(K, bool)
            counted = visible | hit
            self.scans += counted
            self.hits += hit
            if G and cfg.initiation == "two_point" and not isinstance(meas, LosMeasurement):
                self._two_point(meas, z, hit & ~self.confirmed & (self.hits == 2)
                                & (self.time > self.t1), row_of)
            self.misses = np.where(hit, 0, self.misses + visible)
            self._manage()
            det_of = det_of[self._alive_index] if self._alive_index is not None else det_of
        self._initiate(meas, z, ids, used)
        if record:
            self._record(sensor, det_of)
        return used

    _alive_index: np.ndarray | None = None

    def _manage(self) -> None:
        cfg = self.config
        newly = (~self.confirmed) & (self.hits >= cfg.confirm_hits)
        for t in self.tid[newly]:
            self.confirmed_at[int(t)] = self.time
        self.confirmed |= newly
        dead = (~self.confirmed) & (self.scans >= cfg.confirm_scans)
        dead |= self.confirmed & (self.misses >= cfg.delete_misses)
        x, P = imm_combine(self.xm, self.Pm, self.mu)
        var = np.trace(P[:, :3, :3], axis1=1, axis2=2)
        dead |= ~(var < cfg.max_position_sigma**2)
        _, _, h = ecef2geodetic(x[:, :3])
        dead |= h < -2000.0
        if dead.any():
            keep = ~dead
            self._alive_index = np.flatnonzero(keep)
            for name in self._STATE_ARRAYS:
                setattr(self, name, getattr(self, name)[keep])
        else:
            self._alive_index = None

    def _positions(self, meas, z: np.ndarray, rows: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Position ``(b, 3)``, covariance ``(b, 3, 3)``, range-rate ``(b,)`` (NaN: none), the
        sensor site ``(b, 3)`` and the range-rate sigma ``(b,)`` of position-type detections."""
        b = rows.size
        if isinstance(meas, PositionMeasurement):
            pos, cov = meas.position(z, rows)
            return pos, cov, np.full(b, np.nan), np.zeros((b, 3)), np.ones(b)
        pos, cov, _ = meas.to_state(z[rows])
        return (pos, cov, z[rows, 3].copy(), np.tile(meas.site, (b, 1)),
                np.full(b, float(meas.sigma[3])))

    def _set_state(self, idx: np.ndarray, x: np.ndarray, P: np.ndarray) -> None:
        """Overwrite every model of tracks ``idx`` with ``x (b, 8)``, ``P (b, 8, 8)``."""
        M = len(self.models)
        xm = np.repeat(x[:, None], M, 1)
        Pm = np.repeat(P[:, None], M, 1)
        for j, mdl in enumerate(self.models):
            if not mdl.thrust:
                xm[:, j, THRUST] = 0.0
                Pm[:, j, THRUST, :] = 0.0
                Pm[:, j, :, THRUST] = 0.0
        self.xm[idx] = xm
        self.Pm[idx] = sym(Pm)

    def _two_point(self, meas, z: np.ndarray, second: np.ndarray, row_of: np.ndarray) -> None:
        """Restart tentative tracks ``second (K,)`` at their second detection (two-point start)."""
        idx = np.flatnonzero(second)
        if not idx.size:
            return
        cfg = self.config
        p2, R2, rr2, site2, srr2 = self._positions(meas, z, row_of[idx])
        x6, P6 = two_point_state(self.p1[idx], self.R1[idx], self.t1[idx], p2, R2,
                                 np.full(idx.size, self.time), cfg.init_thrust_sigma,
                                 self.rr1[idx], self.site1[idx], self.srr1[idx], rr2, site2, srr2)
        x = np.zeros((idx.size, N_STATE))
        x[:, :6] = x6
        x[:, KAPPA] = cfg.init_kappa
        P = np.zeros((idx.size, N_STATE, N_STATE))
        P[:, :6, :6] = P6
        P[:, KAPPA, KAPPA] = cfg.init_kappa_sigma**2
        P[:, THRUST, THRUST] = cfg.init_thrust_sigma**2
        self._set_state(idx, x, P)

    def _ir_pairs(self, sensor: int, meas: LosMeasurement, z: np.ndarray, ids: np.ndarray) -> None:
        """Pair this scan's unused lines of sight with another infrared sensor's recent ones."""
        cfg = self.config
        t = self.time
        self._ir_pending = {s: v for s, v in self._ir_pending.items()
                            if t - v[0] <= cfg.ir_pair_window and s != sensor}
        for other, (t_o, z_o, ids_o) in list(self._ir_pending.items()):
            if not (z.shape[0] and z_o.shape[0]):
                continue
            mo = self.meas[other]
            dt = t - t_o
            pts, covs, stat = triangulate(meas.site, z, float(meas.sigma[0]), mo.site, z_o,
                                          float(mo.sigma[0]), (cfg.ir_pair_speed * dt) ** 2 / 3.0)
            _, _, h = ecef2geodetic(np.where(np.isfinite(stat)[..., None], pts, meas.site))
            gamma = gate_threshold(cfg.gate_probability, 1)
            cost = np.where(np.isfinite(stat) & (h > -2000.0) & (h < 2.0e6), stat, np.inf)
            r, c = gnn(cost, gamma)
            if not r.size:
                continue
            pm = PositionMeasurement(covs[r, c].mean(axis=0), covs[r, c], pd=meas.pd)
            self._scan(pm, sensor, pts[r, c], ids[r], record=False)
            keep_o = np.ones(z_o.shape[0], bool)
            keep_o[c] = False
            self._ir_pending[other] = (t_o, z_o[keep_o], ids_o[keep_o])
            keep = np.ones(z.shape[0], bool)
            keep[r] = False
            z, ids = z[keep], ids[keep]
        self._ir_pending[sensor] = (t, z, ids)

    def _initiate(self, meas, z: np.ndarray, ids: np.ndarray, used: np.ndarray) -> None:
        if not isinstance(meas, RadarMeasurement | PositionMeasurement) or not z.shape[0]:
            return
        new = np.flatnonzero(~used)
        if not new.size:
            return
        cfg = self.config
        b = new.size
        pos, pcov, rr, site, srr = self._positions(meas, z, new)
        x = np.zeros((b, N_STATE))
        x[:, :3] = pos
        x[:, KAPPA] = cfg.init_kappa
        P = np.zeros((b, N_STATE, N_STATE))
        P[:, :3, :3] = pcov + np.eye(3) * 1.0
        if isinstance(meas, RadarMeasurement):
            u = pos - meas.site
            u /= np.linalg.norm(u, axis=1)[:, None]
            x[:, 3:6] = z[new, 3:4] * u
            uu = u[:, :, None] * u[:, None, :]
            P[:, 3:6, 3:6] = cfg.init_speed_sigma**2 * (np.eye(3) - uu) + meas.sigma[3] ** 2 * uu
        else:
            P[:, 3:6, 3:6] = cfg.init_speed_sigma**2 * np.eye(3)
        P[:, KAPPA, KAPPA] = cfg.init_kappa_sigma**2
        P[:, THRUST, THRUST] = cfg.init_thrust_sigma**2
        M = len(self.models)
        xm = np.repeat(x[:, None], M, 1)
        Pm = np.repeat(P[:, None], M, 1)
        for j, mdl in enumerate(self.models):
            if not mdl.thrust:
                Pm[:, j, THRUST, :] = 0.0
                Pm[:, j, :, THRUST] = 0.0
        self.ir_born = np.concatenate([self.ir_born, np.full(b, isinstance(meas, PositionMeasurement))])
        self.p1 = np.concatenate([self.p1, pos])
        self.R1 = np.concatenate([self.R1, pcov])
        self.t1 = np.concatenate([self.t1, np.full(b, self.time)])
        self.rr1 = np.concatenate([self.rr1, rr])
        self.site1 = np.concatenate([self.site1, site])
        self.srr1 = np.concatenate([self.srr1, srr])
        self.xm = np.concatenate([self.xm, xm])
        self.Pm = np.concatenate([self.Pm, sym(Pm)])
        self.mu = np.concatenate([self.mu, np.tile(self.mu0, (b, 1))])
        self.tid = np.concatenate([self.tid, self._next_id + np.arange(b)])
        self._next_id += b
        self.confirmed = np.concatenate([self.confirmed, np.zeros(b, bool)])
        one = np.ones(b, np.int64)
        self.hits = np.concatenate([self.hits, one])
        self.scans = np.concatenate([self.scans, one])
        self.misses = np.concatenate([self.misses, 0 * one])
        if cfg.confirm_hits <= 1:
            self._manage()

    def _record(self, sensor: int, det_of: np.ndarray) -> None:
        if self.config.history == "none":
            return
        c = self.confirmed
        if not c.any():
            return
        x, P = imm_combine(self.xm[c], self.Pm[c], self.mu[c])
        k = x.shape[0]
        d = np.full(self.tid.shape[0], -1, np.int64)
        d[: det_of.shape[0]] = det_of
        self._rec.append((np.full(k, self.time), self.tid[c].copy(), x,
                          P if self.config.history == "full" else None, self.mu[c].copy(), d[c],
                          np.full(k, sensor, np.int64)))


def _mahalanobis_logdet(nu: np.ndarray, S: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Squared Mahalanobis distances ``(K, G)`` of ``nu (K, G, m)`` under ``S (K, m, m)`` and
    ``log det S (K,)`` (compiled; numpy where an ``S`` is not positive definite)."""
    K, G, _ = nu.shape
    d2, logdet = np.empty((K, G)), np.empty(K)
    if mahalanobis_batch(np.ascontiguousarray(nu, dtype=float),
                         np.ascontiguousarray(S, dtype=float), d2, logdet):
        return d2, logdet
    d2 = mahalanobis2(nu, S) if G else np.empty((K, 0))
    return d2, np.linalg.slogdet(S)[1]


def run_tracker(detections, sensors: Sequence | None = None,
                config: TrackerConfig | None = None) -> tuple[TrackHistory, Tracker]:
    """Batch mode: run a whole recorded scenario through a new :class:`Tracker`.

    ``detections``: anything with ``scans()`` yielding ``(time, sensor, slice)`` and
    arrays ``z`` (e.g. :class:`launchwatch.sensors.Detections`); ``sensors`` defaults to
    ``detections.sensors``.  History rows carry the detections' row indices.
    """
    tr = Tracker(sensors if sensors is not None else detections.sensors, config)
    z = detections.z
    rows = np.arange(z.shape[0])
    for t, s, sl in detections.scans():
        tr.update(t, s, z[sl], rows[sl])
    return tr.history(), tr
