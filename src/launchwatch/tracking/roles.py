"""The tracker's roles, as Stone Soup splits them, as functions on a whole track table.

Every role is a plain function of arrays (no hidden state).  A role consumes the table it
is given (it may write into its arrays) and returns the table to use next:

* predict  - :func:`predict`: IMM mixing and each model's prediction to the scan time;
* measure  - :func:`measure`: each model's predicted measurement and the mixture's;
* gate     - :func:`launchwatch.tracking.gating.gate`: sparse (track, measurement) pairs;
* associate- :func:`~launchwatch.tracking.association.associate_gnn` or ``associate_jpda``;
* update   - :func:`update`: the (J)PDA / nearest-neighbour IMM update of the hit tracks;
* initiate - :func:`~launchwatch.tracking.initiation.start_tracks` and, for the two-point
  start, :func:`~launchwatch.tracking.initiation.restart_two_point`;
* confirm  - :func:`confirm_m_of_n`;
* delete   - :func:`delete_lost`.

:class:`Roles` holds the functions a :class:`~launchwatch.tracking.TrackerConfig` chooses
(:meth:`Roles.from_config`); :class:`~launchwatch.tracking.Tracker` only calls them in order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

import numpy as np

from ._kernels import lost_rows
from .association import Association, associate_gnn, associate_jpda
from .config import TrackerConfig
from .filters import Predicted
from .gating import Gated, gate
from .imm import imm_combine, imm_measure, imm_mix, imm_mixture, imm_predict, imm_update
from .initiation import restart_two_point, start_tracks
from .models import EARTH, MotionModel
from .table import TrackTable

__all__ = ["Roles", "ScanPrediction", "candidates", "confirm_m_of_n", "delete_lost", "measure",
           "predict", "update"]


def predict(tracks: TrackTable, dt: float, models: Sequence[MotionModel], cfg: TrackerConfig
            ) -> tuple[TrackTable, np.ndarray]:
    """Mix and predict every track by ``dt`` [s]; returns the table and a mask ``(K,)`` of the
    tracks whose prediction diverged (NaN or infinite state or covariance)."""
    if not len(tracks) or dt <= 0:
        return tracks, np.zeros(len(tracks), bool)
    x0, P0, c = imm_mix(tracks.xm, tracks.Pm, tracks.mu, cfg.switching(dt))
    bad = np.empty(len(tracks), bool)
    xm, Pm = imm_predict(x0, P0, dt, models, cfg.filter, bad=bad)
    return tracks.replace(xm=xm, Pm=Pm, mu=c), bad


@dataclass(frozen=True)
class ScanPrediction:
    """Every model's predicted measurement (``per_model``: ``zhat (K, M, m)``, ``S``, ``C``)
    and the mixture's ``zc (K, m)``, ``Sc (K, m, m)`` used to gate and associate."""

    per_model: Predicted
    zc: np.ndarray
    Sc: np.ndarray


def measure(tracks: TrackTable, meas, cfg: TrackerConfig) -> ScanPrediction:
    """Predicted measurements of every track for a scan of ``meas``."""
    pred = imm_measure(tracks.xm, tracks.Pm, meas, cfg.filter)
    zc, Sc = imm_mixture(pred, tracks.mu, meas.angle)
    return ScanPrediction(pred, zc, Sc)


def candidates(assoc: Association, K: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The associated pairs as per-track lists: ``rows (h,)`` of the tracks with any, their
    measurements ``det (h, G)`` (padded with -1) and ``beta (h, G + 1)`` (column 0: none)."""
    if not assoc.track.size:
        return np.empty(0, np.intp), np.empty((0, 0), np.intp), np.empty((0, 1))
    order = np.lexsort((assoc.det, assoc.track))
    t, d, b = assoc.track[order], assoc.det[order], assoc.beta[order]
    rows, start, count = np.unique(t, return_index=True, return_counts=True)
    G = int(count.max())
    slot = np.arange(t.size) - np.repeat(start, count)
    pos = np.searchsorted(rows, t)
    det = np.full((rows.size, G), -1, np.intp)
    beta = np.zeros((rows.size, G + 1))
    det[pos, slot] = d
    beta[pos, slot + 1] = b
    beta[:, 0] = assoc.beta0[rows]
    return rows, det, beta


def update(tracks: TrackTable, pred: ScanPrediction, z: np.ndarray, assoc: Association, meas,
           cfg: TrackerConfig) -> tuple[TrackTable, np.ndarray, np.ndarray]:
    """IMM update of the tracks that got measurements.  Returns the table, ``hit (K,)`` and
    the most probable measurement of each track ``det_of (K,)`` (-1: none).  A track whose
    innovation covariance is not positive definite keeps its prediction and is not hit."""
    K = len(tracks)
    if not assoc.track.size:
        return tracks, np.zeros(K, bool), np.full(K, -1, np.int64)
    # every track, those without a candidate with beta0 = 1 (the kernels skip them)
    if np.bincount(assoc.track, minlength=K).max() == 1:  # one candidate each (GNN)
        det_all = np.full((K, 1), -1, np.intp)
        beta_all = np.zeros((K, 2))
        beta_all[:, 0] = assoc.beta0
        det_all[assoc.track, 0] = assoc.det
        beta_all[assoc.track, 1] = assoc.beta
    else:
        rows, det, beta = candidates(assoc, K)
        det_all = np.full((K, det.shape[1]), -1, np.intp)
        beta_all = np.zeros((K, det.shape[1] + 1))
        beta_all[:, 0] = 1.0
        det_all[rows], beta_all[rows] = det, beta
    p = pred.per_model
    zd = z[np.maximum(det_all, 0)]  # (K, G, m)
    nu = meas.residual(zd[:, None], p.zhat[:, :, None, :])  # (K, M, G, m)
    clutter = (np.where(tracks.confirmed, meas.clutter_density, 0.0)
               if cfg.association == "jpda" else np.zeros(K))
    xm, Pm, mu, ok = imm_update(tracks.xm, tracks.Pm, tracks.mu, p, nu, beta_all, clutter, meas.pd,
                                inplace=True)  # the table is consumed
    hit = ok & (beta_all[:, 0] < 1.0)
    mu = np.where(hit[:, None], mu, tracks.mu)
    best = det_all[np.arange(K), np.argmax(beta_all[:, 1:], axis=1)]
    det_of = np.where(hit, best, -1).astype(np.int64)
    return tracks.replace(xm=xm, Pm=Pm, mu=mu), hit, det_of


def confirm_m_of_n(tracks: TrackTable, cfg: TrackerConfig) -> tuple[TrackTable, np.ndarray]:
    """Confirm the tentative tracks with ``confirm_hits`` detections; returns the table and
    the newly confirmed ``(K,)``."""
    newly = ~tracks.confirmed & (tracks.hits >= cfg.confirm_hits)
    return tracks.replace(confirmed=tracks.confirmed | newly), newly


def delete_lost(tracks: TrackTable, cfg: TrackerConfig, x: np.ndarray | None = None,
                P: np.ndarray | None = None) -> np.ndarray:
    """Tracks to end ``(K,)``: tentative ones unconfirmed after ``confirm_scans`` scans in
    coverage, confirmed ones after ``delete_misses`` consecutive misses, any whose position
    sigma exceeds ``max_position_sigma``, whose covariance is not finite and positive
    definite, or that are 2 km under the ground.  ``x``, ``P``: the tracks' combined
    estimates, if already at hand."""
    dead = (~tracks.confirmed) & (tracks.scans >= cfg.confirm_scans)
    dead |= tracks.confirmed & (tracks.misses >= cfg.delete_misses)
    if not len(tracks):
        return dead
    if x is None or P is None:
        x, P = imm_combine(tracks.xm, tracks.Pm, tracks.mu)
    lost = np.empty(len(tracks), bool)
    lost_rows(np.ascontiguousarray(x, float), np.ascontiguousarray(P, float),
              cfg.max_position_sigma**2, -2000.0, EARTH.kernel_params(), lost)
    return dead | lost


@dataclass(frozen=True)
class Roles:
    """The role functions a tracker calls, in this order, on every scan."""

    predict: Callable = predict
    measure: Callable = measure
    gate: Callable = gate
    associate: Callable = associate_gnn
    update: Callable = update
    initiate: Callable = start_tracks
    restart: Callable | None = restart_two_point
    confirm: Callable = confirm_m_of_n
    delete: Callable = delete_lost

    @classmethod
    def from_config(cls, cfg: TrackerConfig) -> Roles:
        """The roles ``cfg`` names: the associator (``association``) and the two-point
        restart (``initiation``); the filter kind goes through ``cfg`` to predict/measure."""
        assoc: Callable = associate_gnn
        if cfg.association == "jpda":
            assoc = partial(associate_jpda, gate_probability=cfg.gate_probability)
        return cls(associate=assoc,
                   restart=restart_two_point if cfg.initiation == "two_point" else None)


__all__ += ["Gated"]
