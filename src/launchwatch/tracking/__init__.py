"""Tracking: state models, EKF/UKF/IMM filters over batches, gating, association, track
management as roles on one track table, multi-sensor fusion, metrics and the PCRLB."""

from __future__ import annotations

from .association import Association, associate_gnn, associate_jpda, clusters, gnn, gnn_pairs, jpda
from .config import MODELS, REJECT_REASONS, SWITCH_RATES, TrackerConfig
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
from .gating import Gated, gate, gate_threshold, mahalanobis2
from .history import TrackHistory
from .imm import imm_combine, imm_measure, imm_mix, imm_mixture, imm_predict, imm_update
from .measurement import LosMeasurement, PositionMeasurement, RadarMeasurement, from_config
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
from .roles import Roles, ScanPrediction
from .table import TrackTable
from .tracker import Tracker, run_tracker
from .warmup import warm_up

__all__ = [
    "BALLISTIC", "BOOST", "MANOEUVRE", "MODELS", "N_STATE", "REJECT_REASONS", "SWITCH_RATES",
    "Association", "Gated", "LosMeasurement", "MotionModel", "PositionMeasurement", "Predicted",
    "RadarMeasurement", "Roles", "ScanPrediction", "TrackHistory", "TrackScore", "TrackTable",
    "Tracker", "TrackerConfig", "acceleration", "associate_gnn", "associate_jpda", "clusters",
    "ekf_measure", "ekf_predict", "from_config", "gate", "gate_threshold", "gnn", "gnn_pairs",
    "gospa", "imm_combine", "imm_measure", "imm_mix", "imm_mixture", "imm_predict", "imm_update",
    "jacobian", "jpda", "kf_predict", "kf_update", "label_tracks", "mahalanobis2", "moment_update",
    "nees", "nees_interval", "ospa", "ospa_gospa_over_time", "pcrlb", "pda_update", "run_tracker",
    "score_tracks", "transition", "ukf_measure", "ukf_predict", "ukf_weights", "warm_up",
]
