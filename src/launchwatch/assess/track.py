"""Assessment of one tracked flight, as it grows and at its end.

From a confirmed track's history (states ``(R, 8)`` = position, velocity, kappa = 1/beta,
thrust acceleration, covariances, IMM mode probabilities) this derives: the launch point
and time (backward flight + boost correction, :mod:`.launch`), burnout, apogee (observed
or predicted), the impact prediction with its 95 % ellipse and CEP at regular times along
the track and at its end (:mod:`.impact`), ground range and bearing, the flight regime
(:func:`launchwatch.flight.invert`; quasi-ballistic when the manoeuvre model dominated a
stretch of the coast), the class by range, and flags with their evidence.  A track too
short to assess says so instead of guessing.
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
from .events import classify_range
from .impact import predict_impact
from .launch import estimate_launch

__all__ = ["ImpactHistory", "TrackAssessment", "assess_track"]

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
    burnout_alt: float = math.nan
    burnout_speed: float = math.nan
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
                 measured: np.ndarray | None = None) -> TrackAssessment:
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
    """
    time = np.asarray(time, float)
    x = np.asarray(x, float)
    P = np.asarray(P, float)
    mu = np.asarray(mu, float).reshape(time.size, -1)
    for name, rows_ in (("measured", measured), ("powered", powered)):
        if rows_ is not None and np.shape(rows_) != time.shape:
            raise InputError(name, np.shape(rows_), f"must have one flag per row, shape {time.shape}")
    if measured is not None:
        seen = np.flatnonzero(np.asarray(measured, bool))
        end = int(seen[-1]) + 1 if seen.size else 0
        time, x, P, mu = time[:end], x[:end], P[:end], mu[:end]
        if powered is not None:
            powered = np.asarray(powered, bool)[:end]
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
    # launch from an early coasting state (10 s into the coast, when the filter settled)
    k0 = rows[np.searchsorted(time[rows], time[rows[0]] + 10.0)] if span > 30 else rows[0]
    est = estimate_launch(x[k0][None], P[k0][None], float(time[k0]), earth=earth)
    if est.ok[0]:
        out.launch_lat, out.launch_lon = float(est.lat[0]), float(est.lon[0])
        out.launch_time, out.launch_time_sigma = float(est.time[0]), float(est.time_sigma[0])
        out.launch_semi_major = float(est.ellipse.semi_major[0])
        out.launch_semi_minor = float(est.ellipse.semi_minor[0])
        out.launch_orientation = float(est.ellipse.orientation[0])
        out.burnout_time = float(est.time[0] + est.burn_time[0])
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
