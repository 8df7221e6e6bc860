"""Assessment of one tracked flight, as it grows and at its end.

From a confirmed track's history (states ``(R, 8)`` = position, velocity, kappa = 1/beta,
thrust acceleration, covariances, IMM mode probabilities) this derives: the launch point
and time, burnout with its uncertainty, stage count and lift-off thrust-to-weight, all from
the boost and early coast that were seen and the infrared lines of sight of the plume
(:mod:`.launch`, marginalised over a broad family of generic boosts), apogee (observed or
predicted), the impact prediction with its 95 % ellipse and CEP at regular times along the
track and at its end (:mod:`.impact`), ground range and bearing, the flight regime
(:func:`launchwatch.flight.invert`; quasi-ballistic when the manoeuvre model dominated a
stretch of the coast), the class by range, and flags with their evidence.  A track too
short to assess says so instead of guessing.

:func:`assess_tracks` assesses every track of a tracker's history from the detections it
was made of (so that each track's launch can use the lines of sight no track took, before
it began): one entry for recorded tracks and for a live service's growing history.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..earth.frames import ecef2geodetic
from ..earth.geodesic import geodesic_inverse
from ..errors import InputError
from ..flight import EarthModel, invert, propagate
from .events import LAUNCH_NOT_DETERMINED, classify_range
from .impact import predict_impact
from .launch import BoostObservations, LosObservations, estimate_launch

__all__ = ["LAUNCH_NOT_DETERMINED", "UNUSUAL_TW", "ImpactHistory", "TrackAssessment",
           "assess_track", "assess_tracks"]


#: lift-off thrust-to-weight range of common single-stage ballistic missiles (the generic
#: family flies 2.2); an estimate whose 95 % interval lies outside it is flagged
UNUSUAL_TW = (1.7, 2.7)
#: rows of the boost (and one of the early coast) the launch fit uses at most
_FIT_ROWS = 6

#: fewest track updates and coasting seconds needed for an assessment
MIN_UPDATES = 15
MIN_COAST_S = 20.0
_THRUST_COL = 7
_KAPPA_COL = 6


@dataclass
class ImpactHistory:
    """Impact predictions along a track: ``time (J,)`` of the state used [s], predicted
    ``lat``/``lon`` [rad], ``impact_time`` and its 1-sigma ``impact_time_sigma`` [s], the
    95 % ellipse (``semi_major``/``semi_minor`` [m], ``orientation`` [rad] clockwise from
    north), ``cep`` [m] and the east/north covariance ``cov (J, 2, 2)`` [m^2]."""

    time: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    impact_time: np.ndarray
    semi_major: np.ndarray
    cep: np.ndarray
    semi_minor: np.ndarray
    orientation: np.ndarray
    impact_time_sigma: np.ndarray
    cov: np.ndarray


@dataclass
class TrackAssessment:
    """What one track tells about its flight (SI units, radians, seconds from the epoch).

    ``status`` is ``"ok"`` or ``"too-short"`` (``reason`` says why; the numbers are NaN).
    Uncertainties: ``*_semi_major`` are 95 % ellipse semi-major axes [m], ``*_sigma`` 1-sigma.
    ``boost_stages``: probabilities of one, two and three stages; ``liftoff_tw`` the
    lift-off thrust-to-weight and its 95 % interval; ``boost_family``: ``"generic"`` when
    the boost is that of :func:`launchwatch.flight.generic_vehicle`, ``"broad"`` when it
    takes the broad family of :mod:`launchwatch.assess.boost`; ``boost_family_rejected``
    why the generic family, though it fitted best, was not used (its fit is worse than its
    own vehicles'; "" when not rejected); ``launch_determined``: whether the observations
    pin the launch (False: a track that began after burnout, or a 95 % region or interval
    beyond the sizes of :mod:`launchwatch.assess.launch.calibration`; the numbers are kept
    and the flags say "launch point not determined" with the reason).
    """

    track_id: int
    status: str
    reason: str = ""
    confirmed_at: float = math.nan
    t_first: float = math.nan
    t_last: float = math.nan
    launch_lat: float = math.nan
    launch_lon: float = math.nan
    launch_time: float = math.nan
    launch_time_sigma: float = math.nan
    launch_semi_major: float = math.nan
    launch_semi_minor: float = math.nan
    launch_orientation: float = math.nan
    burnout_time: float = math.nan
    burnout_time_sigma: float = math.nan
    burnout_alt: float = math.nan
    burnout_speed: float = math.nan
    boost_stages: tuple[float, float, float] = (math.nan, math.nan, math.nan)
    liftoff_tw: float = math.nan
    liftoff_tw_95: tuple[float, float] = (math.nan, math.nan)
    boost_family: str = ""
    boost_family_rejected: str = ""
    launch_determined: bool = False
    apogee_alt: float = math.nan
    apogee_time: float = math.nan
    apogee_sigma: float = math.nan
    apogee_observed: bool = False
    impact_lat: float = math.nan
    impact_lon: float = math.nan
    impact_time: float = math.nan
    impact_time_sigma: float = math.nan
    impact_semi_major: float = math.nan
    impact_semi_minor: float = math.nan
    impact_orientation: float = math.nan
    impact_cep: float = math.nan
    range_m: float = math.nan
    bearing: float = math.nan
    regime: str = ""
    missile_class: str = ""
    max_speed: float = math.nan
    flags: list[str] = field(default_factory=list)
    impact_history: ImpactHistory | None = None
    ground_track: np.ndarray = field(default_factory=lambda: np.empty((0, 3)))


def _mode_index(models: Sequence[str], name: str) -> int | None:
    return list(models).index(name) if name in models else None


def assess_track(time: np.ndarray, x: np.ndarray, P: np.ndarray, mu: np.ndarray, *,
                 track_id: int = 0, confirmed_at: float = math.nan,
                 models: Sequence[str] = ("boost", "ballistic", "manoeuvre"),
                 history_every: float = 1.0, earth: EarthModel | None = None,
                 powered: np.ndarray | None = None,
                 measured: np.ndarray | None = None,
                 ir_scans: np.ndarray | None = None,
                 unused_los: LosObservations | None = None,
                 ir_pd: float = 0.98) -> TrackAssessment:
    """Assess one track from its history.

    Parameters
    ----------
    time : ``(R,)`` [s from the epoch], increasing.
    x, P : ``(R, n)`` states (n >= 7: column 6 is kappa [m^2/kg], 7 thrust [m/s^2]) and
        ``(R, n, n)`` covariances.
    mu : ``(R, M)`` mode probabilities of ``models`` (IMM), or ``(R, 0)``.
    history_every : seconds between impact predictions along the track.
    powered : ``(R,)`` rows known to be powered whatever the filter says (updated by an
        infrared sensor, which sees only a burning motor).
    measured : ``(R,)`` rows updated by a measurement.  The track ends at the last of them:
        the rows a tracker appends while it coasts on predictions before deleting a lost
        track (below the radar horizon, say) carry no information and are left out.
    ir_scans : ``(R,)`` rows that were scans of an infrared sensor, with or without a line
        of sight (after the last powered one, each one without is a scan that saw no
        plume; detection probability ``ir_pd``).
    unused_los : lines of sight of infrared sensors that no track took, before this one
        began: candidates for its plume from lift-off on (:func:`assess_tracks` finds them).
    """
    time = np.asarray(time, float)
    x = np.asarray(x, float)
    P = np.asarray(P, float)
    mu = np.asarray(mu, float).reshape(time.size, -1)
    for name, rows_ in (("measured", measured), ("powered", powered), ("ir_scans", ir_scans)):
        if rows_ is not None and np.shape(rows_) != time.shape:
            raise InputError(name, np.shape(rows_), f"must have one flag per row, shape {time.shape}")
    if measured is not None:
        seen = np.flatnonzero(np.asarray(measured, bool))
        end = int(seen[-1]) + 1 if seen.size else 0
        time, x, P, mu = time[:end], x[:end], P[:end], mu[:end]
        if powered is not None:
            powered = np.asarray(powered, bool)[:end]
        if ir_scans is not None:
            ir_scans = np.asarray(ir_scans, bool)[:end]
        measured = np.asarray(measured, bool)[:end]
    out = TrackAssessment(track_id=track_id, status="ok", confirmed_at=confirmed_at)
    if time.size:
        out.t_first, out.t_last = float(time[0]), float(time[-1])
    lat, lon, alt = ecef2geodetic(x[:, :3]) if time.size else (np.empty(0),) * 3
    out.ground_track = np.column_stack([lat, lon, alt])
    # the coasting part: no thrust estimated and the boost mode unlikely
    i_boost = _mode_index(models, "boost")
    coast = np.ones(time.size, bool)
    if x.shape[1] > _THRUST_COL:
        coast &= np.abs(x[:, _THRUST_COL]) < 3.0
    if i_boost is not None and mu.shape[1] > i_boost:
        coast &= mu[:, i_boost] < 0.5
    if powered is not None:
        # the coast cannot start before the last row known to be powered
        pw = np.flatnonzero(np.asarray(powered, bool))
        if pw.size:
            coast[: pw[-1] + 1] = False
    # the coast starts at the first row from which ten in a row are unpowered (a passing
    # blip of the boost mode later on does not move it)
    run = np.convolve(coast.astype(int), np.ones(10, int), mode="valid") == 10
    start = int(np.argmax(run)) if run.any() else time.size
    rows = np.arange(start, time.size)
    span = time[rows[-1]] - time[rows[0]] if rows.size else 0.0
    if time.size < MIN_UPDATES or rows.size < MIN_UPDATES or span < MIN_COAST_S:
        out.status = "too-short"
        out.reason = (f"track of {time.size} updates with {span:.0f} s of coast is too short to "
                      f"assess (needs {MIN_UPDATES} updates and {MIN_COAST_S:.0f} s)")
        return out
    if not np.all(np.isfinite(P[rows])):
        out.status = "too-short"
        out.reason = "the track carries no covariance (tracker history must be 'full')"
        return out
    # launch, burnout and the boost from what was seen of the ascent
    obs = _boost_observations(time, x, P, start, measured, powered, ir_scans, unused_los, ir_pd)
    est = estimate_launch(obs)
    if est.ok:
        out.launch_lat, out.launch_lon = est.lat, est.lon
        out.launch_time, out.launch_time_sigma = est.time, est.time_sigma
        out.launch_semi_major = float(est.ellipse.semi_major[0])
        out.launch_semi_minor = float(est.ellipse.semi_minor[0])
        out.launch_orientation = float(est.ellipse.orientation[0])
        out.burnout_time, out.burnout_time_sigma = est.burnout_time, est.burnout_sigma
        out.boost_stages = tuple(float(v) for v in est.stages)
        out.liftoff_tw, out.liftoff_tw_95 = est.liftoff_tw, est.liftoff_tw_95
        out.boost_family = est.family
        out.boost_family_rejected = est.family_rejected
        out.launch_determined = est.determined
        if not est.determined:
            out.flags.append(f"{LAUNCH_NOT_DETERMINED} ({est.undetermined}): the point and time "
                             f"are kept with their uncertainty")
        ev = est.staging
        if ev is not None and ev.staged:  # (assess/launch/staging.py: the rule)
            lr = "no single stage fits" if math.isinf(ev.lr) else (
                f"likelihood ratio {ev.lr:.0f} > {ev.needed:.0f}")
            out.flags.append(f"boost of {ev.stages} stages ({lr}; upper stages "
                             f"{100 * ev.upper_share:.0f} % of the velocity): not a single-stage "
                             f"profile")
        lo, hi = est.liftoff_tw_95
        if lo > UNUSUAL_TW[1] or hi < UNUSUAL_TW[0]:
            out.flags.append(f"unusual lift-off thrust-to-weight {est.liftoff_tw:.1f} (95 %: "
                             f"{lo:.1f}-{hi:.1f}), outside the {UNUSUAL_TW[0]:g}-{UNUSUAL_TW[1]:g} "
                             f"of common single-stage boosts")
    # impact predictions along the coast, all in one batch, from states still well above
    # the ground (a sigma point must not start below it)
    aloft = rows[alt[rows] > 1000.0]
    if aloft.size == 0:
        aloft = rows[:1]
    marks = time[aloft[0]] + np.arange(0.0, time[aloft[-1]] - time[aloft[0]] + 1e-9, history_every)
    pick = np.unique(np.append(aloft[np.minimum(np.searchsorted(time[aloft], marks),
                                                aloft.size - 1)], aloft[-1]))
    g = predict_impact(x[pick], P[pick], time[pick], earth=earth)
    out.impact_history = ImpactHistory(time=time[pick], lat=g.lat, lon=g.lon,
                                       impact_time=g.time, semi_major=g.ellipse.semi_major,
                                       cep=g.ellipse.cep, semi_minor=g.ellipse.semi_minor,
                                       orientation=g.ellipse.orientation,
                                       impact_time_sigma=g.time_sigma, cov=g.ellipse.cov)
    good = np.flatnonzero(g.ok)
    if good.size:  # the latest prediction whose sigma points all flew (none underground)
        j = int(good[-1])
        out.impact_lat, out.impact_lon = float(g.lat[j]), float(g.lon[j])
        out.impact_time, out.impact_time_sigma = float(g.time[j]), float(g.time_sigma[j])
        out.impact_semi_major = float(g.ellipse.semi_major[j])
        out.impact_semi_minor = float(g.ellipse.semi_minor[j])
        out.impact_orientation = float(g.ellipse.orientation[j])
        out.impact_cep = float(g.ellipse.cep[j])
    # apogee: observed when the altitude peaks inside the track, else predicted
    speed = np.linalg.norm(x[:, 3:6], axis=1)
    out.max_speed = float(speed.max())
    top = int(np.argmax(alt))
    up_var = np.einsum("i,ij,j->", x[top, :3] / np.linalg.norm(x[top, :3]), P[top, :3, :3],
                       x[top, :3] / np.linalg.norm(x[top, :3]))
    if 0 < top < time.size - 1:
        out.apogee_alt, out.apogee_time = float(alt[top]), float(time[top])
        out.apogee_sigma = math.sqrt(max(up_var, 0.0))
        out.apogee_observed = True
    else:
        kap = x[-1, _KAPPA_COL] if x.shape[1] > _KAPPA_COL else 0.0
        beta = 1.0 / kap if kap > 1e-12 else math.inf
        fl = propagate(x[-1:, :6], float(time[-1]), ballistic_coefficient=beta, earth=earth)
        if np.isfinite(fl.h_apogee[0]) and fl.h_apogee[0] > alt[top]:
            out.apogee_alt, out.apogee_time = float(fl.h_apogee[0]), float(fl.t_apogee[0])
        else:
            out.apogee_alt, out.apogee_time = float(alt[top]), float(time[top])
        out.apogee_sigma = math.sqrt(max(up_var, 0.0))
    if math.isfinite(out.burnout_time):
        kb = int(np.clip(np.searchsorted(time, out.burnout_time), 0, time.size - 1))
        if abs(time[kb] - out.burnout_time) < 5.0:
            out.burnout_alt, out.burnout_speed = float(alt[kb]), float(speed[kb])
    # range, bearing, class, regime
    if math.isfinite(out.launch_lat) and math.isfinite(out.impact_lat):
        d, az, _ = geodesic_inverse(out.launch_lat, out.launch_lon, out.impact_lat,
                                    out.impact_lon)
        out.range_m, out.bearing = float(d), float(np.mod(az, 2 * math.pi))
        out.missile_class = str(classify_range(out.range_m))
        if math.isfinite(out.apogee_alt) and out.range_m > 20e3:
            inv = invert(out.launch_lat, out.launch_lon, ground_range=out.range_m,
                         apogee=out.apogee_alt)
            out.regime = str(inv.regime[0])
    i_man = _mode_index(models, "manoeuvre")
    if i_man is not None and mu.shape[1] > i_man:
        m = mu[rows, i_man]
        hot = m > 0.8
        if hot.any():
            # the longest run of manoeuvre-dominated updates
            edges = np.flatnonzero(np.diff(np.concatenate([[0], hot.astype(int), [0]])))
            runs = edges.reshape(-1, 2)
            j = int(np.argmax(time[rows][runs[:, 1] - 1] - time[rows][runs[:, 0]]))
            a, b = runs[j]
            dur = time[rows][b - 1] - time[rows][a]
            if dur >= 10.0:
                out.flags.append(
                    f"irregular trajectory: manoeuvre model probability {m[a:b].max():.2f} for "
                    f"{dur:.0f} s from {time[rows][a]:.0f} s (altitude "
                    f"{alt[rows][a] / 1e3:.0f} km), a pull-up or glide")
                out.regime = "quasi-ballistic"
    if out.regime == "quasi-ballistic" and not out.flags:
        out.flags.append("irregular trajectory: apogee too low for a ballistic flight of this range")
    return out


def _boost_observations(time: np.ndarray, x: np.ndarray, P: np.ndarray, start: int,
                        measured: np.ndarray | None, powered: np.ndarray | None,
                        ir_scans: np.ndarray | None, unused_los: LosObservations | None,
                        ir_pd: float) -> BoostObservations:
    """The rows the launch fit uses (at most :data:`_FIT_ROWS`: spread over the boost, its
    last row, and one 5 s into the coast; a track seen only in coast gives its first
    rows) and the plume's end."""
    meas = np.ones(time.size, bool) if measured is None else np.asarray(measured, bool)
    boost = np.flatnonzero(meas[:start])
    if boost.size:
        n_b = _FIT_ROWS - 1
        marks = np.linspace(time[boost[0]], time[boost[-1]], min(n_b, boost.size))
        rows = list(boost[np.unique(np.clip(np.searchsorted(time[boost], marks), 0,
                                            boost.size - 1))])
        after = np.flatnonzero(meas & (time >= time[min(start, time.size - 1)] + 5.0))
        if after.size:
            rows.append(int(after[0]))
    else:
        coast = np.flatnonzero(meas)
        marks = time[coast[0]] + np.array([5.0, 15.0, 25.0])
        rows = list(coast[np.unique(np.clip(np.searchsorted(time[coast], marks), 0,
                                            coast.size - 1))])
    rows = np.unique(np.asarray(rows, int))
    last = math.nan
    misses = np.empty(0)
    if powered is not None and np.any(powered):
        pw = np.flatnonzero(np.asarray(powered, bool))
        last = float(time[pw[-1]])
        if ir_scans is not None:
            later = np.asarray(ir_scans, bool) & ~meas & (time > last)
            misses = time[later & (time < last + 300.0)]
    return BoostObservations(time=time[rows], x=x[rows, :6], P=P[rows, :6, :6],
                             unused_los=unused_los, last_plume=last, plume_misses=misses,
                             pd=ir_pd, powered=bool(boost.size))


def assess_tracks(history, detections=None, sensors: Sequence | None = None, *,
                  models: Sequence[str] = ("boost", "ballistic", "manoeuvre"),
                  id_offset: int = 0, history_every: float = 1.0,
                  earth: EarthModel | None = None) -> list[TrackAssessment]:
    """Assess every track of a tracker's history.

    ``history``: a :class:`launchwatch.tracking.TrackHistory` (``history='full'``);
    ``detections``: the :class:`launchwatch.sensors.Detections` it was made of (rows
    referred to by ``history.detection``), and ``sensors`` their configurations (default
    ``detections.sensors``).  Each track's launch fit is given the infrared lines of sight
    no track took in the 300 s before it began; without detections, the track's own rows
    only.  Track ids are ``id_offset`` + the tracker's.
    """
    from ..tracking.measurement import LosMeasurement, from_config

    sensors = list(sensors if sensors is not None else getattr(detections, "sensors", ()))
    meas = [from_config(c) for c in sensors]
    infrared = np.array([isinstance(m, LosMeasurement) for m in meas] + [False])
    pd = [float(getattr(c, "pd", 0.98)) for c in sensors]
    ir_pd = min((pd[i] for i in range(len(sensors)) if infrared[i]), default=0.98)
    used = np.zeros(len(detections) if detections is not None else 0, bool)
    taken = history.detection[history.detection >= 0]
    used[taken[taken < used.size]] = True
    out = []
    for tid in history.ids:
        h = history.track(int(tid))
        sensor = np.where((h.sensor >= 0) & (h.sensor < len(sensors)), h.sensor, len(sensors))
        ir_row = infrared[sensor]
        los = None
        if detections is not None and infrared.any() and len(h):
            t0 = float(h.time[0])
            cand = np.flatnonzero(infrared[np.minimum(detections.sensor, len(sensors))] & ~used
                                  & (detections.time < t0) & (detections.time > t0 - 300.0))
            if cand.size:
                scans = np.empty(0)
                if detections.scan_time is not None and detections.scan_sensor is not None:
                    st = np.asarray(detections.scan_time, float)
                    ss = np.minimum(np.asarray(detections.scan_sensor, int), len(sensors))
                    scans = np.unique(st[infrared[ss] & (st < t0) & (st > t0 - 300.0)])
                los = LosObservations(np.asarray(detections.time[cand], float),
                                      np.asarray(detections.z[cand, :2], float),
                                      np.asarray(detections.sensor[cand], int), meas, scans)
        out.append(assess_track(
            h.time, h.x, h.P, h.mu, track_id=id_offset + int(tid),
            confirmed_at=h.confirmed_at.get(int(tid), math.nan), models=models,
            history_every=history_every, earth=earth, powered=ir_row & (h.detection >= 0),
            measured=h.detection >= 0, ir_scans=ir_row, unused_los=los, ir_pd=ir_pd))
    return out
