"""The multi-target tracker: a composition of roles on one table of tracks.

:class:`Tracker` holds a :class:`~launchwatch.tracking.table.TrackTable` and, per scan, calls
the roles its :class:`~launchwatch.tracking.config.TrackerConfig` chose
(:class:`~launchwatch.tracking.roles.Roles`): predict, measure, gate, associate, update,
restart (two-point), confirm, delete, initiate; it keeps only the clock, the counters and
the record.  :func:`run_tracker` feeds a whole recorded batch of detections.

Scans come in time order.  Rows that cannot be used are counted in :attr:`Tracker.rejected`
by reason (:data:`~launchwatch.tracking.config.REJECT_REASONS`, :mod:`.intake`), never
raised, and so are ``clutter``: the detections of a tentative track that ended unconfirmed.
A malformed call raises :class:`~launchwatch.errors.InputError` naming the argument.
:attr:`Tracker.counts`: tracks ended as ``clutter``, ``diverged`` or ``stale`` (a silence).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .config import MODELS, REJECT_REASONS, SWITCH_RATES, TrackerConfig
from .history import Recorder, TrackHistory
from .imm import imm_combine
from .initiation import pair_lines_of_sight
from .intake import accept
from .measurement import LosMeasurement, PositionMeasurement, RadarMeasurement, from_config
from .models import N_STATE
from .roles import Roles
from .table import TrackTable

__all__ = ["MODELS", "REJECT_REASONS", "SWITCH_RATES", "TrackHistory", "Tracker", "TrackerConfig",
           "run_tracker"]


class Tracker:
    """Streaming multi-target tracker over a fixed list of sensors.

    ``sensors``: sensor configurations (radar or ``kind='ir'``) or ready measurement models;
    ``roles``: the role functions (default: those ``config`` names).  Feed scans with
    :meth:`update` in time order; read :meth:`tracks` and :meth:`history` at any time.
    """

    def __init__(self, sensors: Sequence, config: TrackerConfig | None = None,
                 roles: Roles | None = None) -> None:
        self.config = config or TrackerConfig()
        self.roles = roles or Roles.from_config(self.config)
        self.meas = [s if isinstance(s, RadarMeasurement | LosMeasurement | PositionMeasurement)
                     else from_config(s) for s in sensors]
        self.models = self.config.motion_models()
        M = len(self.models)
        mu0 = np.asarray(self.config.initial_mode or np.full(M, 1.0 / M), float)
        self.mu0 = mu0 / mu0.sum()
        self.time = -math.inf
        self.last_scan = np.full(len(self.meas), -math.inf)
        self.rejected = dict.fromkeys(REJECT_REASONS, 0)
        self.counts = {"clutter": 0, "diverged": 0, "stale": 0}
        self.table = TrackTable.empty(M, N_STATE)
        self.confirmed_at: dict[int, float] = {}
        self._record = Recorder(self.config.history, N_STATE, M)
        self._next_id = 0
        self._ir_pending: dict[int, tuple[float, np.ndarray, np.ndarray]] = {}

    def tracks(self) -> dict[str, np.ndarray]:
        """Current confirmed tracks: ``id (T,)``, ``x (T, 8)``, ``P (T, 8, 8)``, ``mu (T, M)``, ``time``."""
        t = self.table.select(self.table.confirmed)
        x, P = imm_combine(t.xm, t.Pm, t.mu)
        return {"id": t.id.copy(), "x": x, "P": P, "mu": t.mu.copy(), "time": np.full(len(t), self.time)}

    def history(self) -> TrackHistory:
        """Everything recorded so far (see :class:`TrackHistory`)."""
        return self._record.history(self.confirmed_at)

    def update(self, time: float, sensor: int, z: np.ndarray, ids: np.ndarray | None = None) -> None:
        """Process one scan: ``z (m, k)`` from ``sensor`` at ``time`` [s] (radar: range,
        azimuth, elevation, range-rate; infrared: the two angles first).

        ``ids (m,)`` optional detection ids recorded in the history (for scoring).
        """
        got = self._accept(time, sensor, z, ids)
        if got is None:
            return
        meas, z, ids = got
        self._advance(float(time))
        used = self._scan(meas, sensor, z, ids)
        if isinstance(meas, LosMeasurement) and self.config.ir_initiation:
            self._pair(sensor, meas, z[~used], ids[~used])

    def _accept(self, time, sensor, z, ids) -> tuple | None:
        """The scan's rows to use ``(meas, z, ids)``, or None (see :func:`.intake.accept`)."""
        got = accept(self.meas, self.last_scan, self.time, self.rejected, time, sensor, z, ids)
        if got is not None:
            self.last_scan[sensor] = float(time)
        return got

    def _advance(self, time: float) -> None:
        """Predict the tracks to ``time``; after a silence longer than ``max_silence`` (a new
        recording) drop them as stale; a prediction that diverged ends its track alone."""
        dt = time - self.time
        if len(self.table) and dt > self.config.max_silence:
            self._end(np.ones(len(self.table), bool), "stale")
        self.table, bad = self.roles.predict(self.table, dt, self.models, self.config)
        if bad.any():
            self._end(bad, "diverged")
        self.time = time

    def _end(self, ended: np.ndarray, why: str) -> None:
        """End the tracks where ``ended (K,)``, counted as ``why``."""
        t = self.table
        self.counts[why] += int(ended.sum())
        self.rejected["clutter"] += int(t.hits[ended & ~t.confirmed].sum())
        self.table = t.select(~ended)

    def _scan(self, meas, sensor: int, z: np.ndarray, ids: np.ndarray, record: bool = True
              ) -> np.ndarray:
        """One scan through the roles; returns the rows of ``z`` taken or claimed ``(m,)``."""
        cfg, r, t = self.config, self.roles, self.table
        used = np.zeros(z.shape[0], bool)
        det_of = np.full(len(t), -1, np.int64)
        x, P = np.empty((0, N_STATE)), np.empty((0, N_STATE, N_STATE))
        if len(t):
            pred = r.measure(t, meas, cfg)
            eligible = np.where(t.confirmed, meas.updates_confirmed, meas.updates_tentative)
            gated = r.gate(pred.zc, pred.Sc, z, meas, cfg.gate_probability, eligible)
            assoc = r.associate(gated, t.confirmed, meas)
            used = assoc.used
            t, hit, det_of = r.update(t, pred, z, assoc, meas, cfg)
            visible = meas.visible(pred.zc, t)
            t = t.replace(scans=t.scans + (visible | hit), hits=t.hits + hit,
                          misses=np.where(hit, 0, t.misses + visible))
            if r.restart is not None and meas.initiates:
                idx = np.flatnonzero(hit & ~t.confirmed & (t.hits == 2) & (self.time > t.first_t))
                t = r.restart(t, meas, z, idx, det_of[idx], self.time, cfg, self.models)
            x, P = imm_combine(t.xm, t.Pm, t.mu)  # once: for the deleter and the record
            t, keep = self._manage(t, x, P)
            det_of, x, P = det_of[keep], x[keep], P[keep]
        if meas.initiates and (~used).any():
            new = r.initiate(meas, z, np.flatnonzero(~used), self.time, cfg, self.models, self.mu0,
                             self._next_id)
            self._next_id += len(new)
            xn, Pn = np.zeros((len(new), N_STATE)), np.zeros((len(new), N_STATE, N_STATE))
            if cfg.confirm_hits <= 1:  # born confirmed: judged (and recorded) at once
                xn, Pn = imm_combine(new.xm, new.Pm, new.mu)
                new, keep = self._manage(new, xn, Pn)
                xn, Pn = xn[keep], Pn[keep]
            t = t.append(new)
            det_of = np.concatenate([det_of, np.full(len(new), -1, np.int64)])
            x, P = np.concatenate([x, xn]), np.concatenate([P, Pn])
        self.table = t
        if record:
            c = t.confirmed
            d = det_of[c]
            self._record.add(self.time, t.id[c].copy(), x[c],
                             P[c] if self.config.history == "full" else None, t.mu[c].copy(),
                             np.where(d >= 0, ids[np.maximum(d, 0)] if len(ids) else -1, -1), sensor)
        return used

    def _manage(self, t: TrackTable, x: np.ndarray, P: np.ndarray) -> tuple[TrackTable, np.ndarray]:
        """Confirm, then delete (``x``, ``P`` the combined estimates); returns the kept tracks
        and the mask ``(K,)`` kept."""
        t, newly = self.roles.confirm(t, self.config)
        for i in t.id[newly]:
            self.confirmed_at[int(i)] = self.time
        keep = ~self.roles.delete(t, self.config, x, P)
        lost = ~keep & ~t.confirmed
        self.counts["clutter"] += int(lost.sum())
        self.rejected["clutter"] += int(t.hits[lost].sum())
        return (t if keep.all() else t.select(keep)), keep

    def _pair(self, sensor: int, meas: LosMeasurement, z: np.ndarray, ids: np.ndarray) -> None:
        """Pair this scan's unused lines of sight with another infrared sensor's recent ones;
        the crossing points go through the roles as position detections."""
        cfg, time = self.config, self.time
        pending = {s: v for s, v in self._ir_pending.items()
                   if time - v[0] <= cfg.ir_pair_window and s != sensor}
        for other, (t_o, z_o, ids_o) in list(pending.items()):
            if not (z.shape[0] and z_o.shape[0]):
                continue
            ia, ib, pm, pts = pair_lines_of_sight(meas, z, self.meas[other], z_o, time - t_o,
                                                  cfg.gate_probability, cfg.ir_pair_speed)
            if pm is None:
                continue
            self._scan(pm, sensor, pts, ids[ia], record=False)
            pending[other] = (t_o, np.delete(z_o, ib, axis=0), np.delete(ids_o, ib))
            z, ids = np.delete(z, ia, axis=0), np.delete(ids, ia)
        pending[sensor] = (time, z, ids)
        self._ir_pending = pending


def run_tracker(detections, sensors: Sequence | None = None, config: TrackerConfig | None = None,
                roles: Roles | None = None) -> tuple[TrackHistory, Tracker]:
    """Batch mode: run a whole recorded scenario through a new :class:`Tracker`.

    ``detections``: anything with ``scans()`` yielding ``(time, sensor, slice)`` and
    arrays ``z`` (e.g. :class:`launchwatch.sensors.Detections`); ``sensors`` defaults to
    ``detections.sensors``.  History rows carry the detections' row indices.
    """
    tr = Tracker(sensors if sensors is not None else detections.sensors, config, roles)
    z = detections.z
    rows = np.arange(z.shape[0])
    for t, s, sl in detections.scans():
        tr.update(t, s, z[sl], rows[sl])
    return tr.history(), tr
