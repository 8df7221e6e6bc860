"""Tracker configuration: which roles, models and thresholds a :class:`~launchwatch.tracking.Tracker` uses.

A frozen pydantic model (round-trips to YAML/JSON, the ``tracker:`` entry of a scenario):
``filter`` picks the predictor and measurement functions (EKF or UKF), ``models`` the IMM
model set, ``association`` the associator (GNN or JPDA), ``initiation`` the initiator
(one- or two-point), the ``confirm_*`` and ``delete_*`` fields the confirmer and the
deleter (:mod:`launchwatch.tracking.roles`).
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator

from .models import BALLISTIC, BOOST, MANOEUVRE, MotionModel

__all__ = ["MODELS", "REJECT_REASONS", "SWITCH_RATES", "TrackerConfig"]

MODELS: dict[str, MotionModel] = {"ballistic": BALLISTIC, "boost": BOOST, "manoeuvre": MANOEUVRE}
#: Why a measurement row is rejected (counted in :attr:`Tracker.rejected`): before it reaches
#: the tracks, an old scan, a repeat, NaN, an impossible value (range <= 0) or an unknown
#: sensor; after, ``clutter``: the detections of a tentative track that ended unconfirmed.
REJECT_REASONS = ("out_of_order", "duplicate", "nan", "invalid", "clutter")
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
