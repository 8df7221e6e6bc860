"""What the launch estimator is given and what it states: the boost's observations of one
track (:class:`BoostObservations`, :class:`LosObservations`) and the estimate
(:class:`LaunchEstimate`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ...tracking.measurement import LosMeasurement
from ..uncertainty import GroundEllipse
from .staging import StagingEvidence

__all__ = ["BoostObservations", "LaunchEstimate", "LosObservations"]


@dataclass
class LosObservations:
    """Lines of sight of infrared sensors: ``time (M,)`` [s], ``z (M, 2)`` angles [rad],
    ``sensor (M,)`` index into ``sensors`` (:class:`LosMeasurement` models); ``scans (Q,)``
    [s] the times those sensors scanned over the same span, with or without a line of sight
    (empty: not known; the plume's rise is then not used)."""

    time: np.ndarray
    z: np.ndarray
    sensor: np.ndarray
    sensors: Sequence[LosMeasurement]
    scans: np.ndarray = field(default_factory=lambda: np.empty(0))


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
    when above 1); ``staging`` the evidence that the boost was staged
    (:class:`~.staging.StagingEvidence`; None where the boost was not seen);
    ``family_rejected``: why the generic family, which fitted best, was not used (it failed
    its goodness-of-fit test, :func:`.calibration.generic_adequate`; "" where it was not
    rejected); ``undetermined``: why the observations do not determine the launch ("" where
    they do, :func:`.calibration.launch_undetermined`; the numbers are kept); ``ok``.
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
    staging: StagingEvidence | None = None
    family_rejected: str = ""
    undetermined: str = ""
    ok: bool = False

    @property
    def determined(self) -> bool:
        """Whether the observations pin the launch (an estimate that is ``ok`` and has no
        ``undetermined`` reason)."""
        return self.ok and not self.undetermined
