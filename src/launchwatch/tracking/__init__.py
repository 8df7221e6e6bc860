"""Tracking: state models, EKF/UKF/IMM filters over batches, gating, association, track
management, multi-sensor fusion, metrics and the PCRLB."""

from __future__ import annotations

from .association import clusters, gnn, jpda
from .filters import (
    Predicted,
    ekf_measure,
    ekf_predict,
    kf_predict,
    kf_update,
    moment_update,
    pda_update,
    ukf_measure,
    ukf_predict,
    ukf_weights,
)
from .gating import gate_threshold, mahalanobis2
from .imm import imm_combine, imm_measure, imm_mix, imm_predict, imm_update
from .measurement import LosMeasurement, RadarMeasurement, from_config
from .metrics import (
    TrackScore,
    gospa,
    label_tracks,
    nees,
    nees_interval,
    ospa,
    ospa_gospa_over_time,
    score_tracks,
)
from .models import BALLISTIC, BOOST, MANOEUVRE, N_STATE, MotionModel, acceleration, jacobian, transition
from .pcrlb import pcrlb
from .tracker import MODELS, REJECT_REASONS, Tracker, TrackerConfig, TrackHistory, run_tracker

__all__ = [
    "BALLISTIC", "BOOST", "MANOEUVRE", "MODELS", "N_STATE", "REJECT_REASONS", "LosMeasurement",
    "MotionModel", "Predicted", "RadarMeasurement", "TrackHistory", "TrackScore", "Tracker",
    "TrackerConfig", "acceleration", "clusters", "ekf_measure", "ekf_predict", "from_config",
    "gate_threshold", "gnn", "gospa", "imm_combine", "imm_measure", "imm_mix", "imm_predict",
    "imm_update", "jacobian", "jpda", "kf_predict", "kf_update", "label_tracks",
    "mahalanobis2", "moment_update", "nees", "nees_interval", "ospa", "ospa_gospa_over_time",
    "pcrlb", "pda_update", "run_tracker", "score_tracks", "transition", "ukf_measure",
    "ukf_predict", "ukf_weights",
]
