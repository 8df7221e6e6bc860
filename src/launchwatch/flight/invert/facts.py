"""Inversion of reported facts: which flights reproduce a report's range, apogee, time?

Given launch points and any of {ground range, apogee, flight time, bearing, impact
point}, :func:`invert` finds, for a whole batch of reports at once:

1. the **ballistic** flight (:mod:`.ballistic`; or a boost profile, :mod:`.boost`) that
   reproduces the facts, by a batched Levenberg-Marquardt iteration (:mod:`.solver`)
   whose Jacobians come from finite differences computed in the same integrator call.
   With fewer shape facts than unknowns the minimum-energy flight is chosen (a weak prior
   on the flight-path angle), so "800 km" alone gives the minimum-energy shot;
2. its **regime** by the rules of a :class:`~.rules.RegimeRules` (lofted,
   minimum-energy, depressed, quasi-ballistic), and whether the facts are reproduced
   within reporting tolerance;
3. for quasi-ballistic reports with a range and an apogee, a **lift fit** (:mod:`.lift`):
   the pull-up or glide the facts imply.

Reports are a 1-D batch ``(K,)``; SI units (radians, metres, seconds); NaN or ``None``
marks an unknown fact.  A report that cannot be fitted (no shape fact, no convergence, a
fitted flight that never comes down) is a row with its status (:mod:`launchwatch.status`)
and NaN, never an exception for the batch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ...earth.geodesic import geodesic_inverse
from ...earth.model import EarthModel
from ...errors import InputError, check_range
from ...status import NO_FACTS, NO_FIT, NOT_CONVERGED, OK, status_names
from .. import _layout as L
from ..analytic import min_energy
from ..engine import ballistic_states, propagate
from ..result import FlightResult
from ..vehicle import IntegratorOptions, Vehicle
from . import ballistic, boost, lift
from .rules import RegimeRules
from .solver import levenberg_marquardt, wrap

__all__ = ["InversionResult", "invert"]

# Scales of the least-squares residuals (range m, apogee m, time s, bearing rad).
_SCALE = np.array([100.0, 100.0, 0.1, 1e-5])


@dataclass
class InversionResult:
    """Flights consistent with K reports.  Arrays have shape ``(K,)`` unless noted.

    ``status`` (0 = ok; ``no-facts``, ``not-converged``, ``no-fit``: the row's numbers are
    NaN); ``speed`` [m/s], ``fpa`` [rad] and ``azimuth`` [rad] describe the fitted ballistic
    flight (impulsive, from the launch point); ``ground_range``/``apogee``/``flight_time``/
    ``bearing`` are what it flies; ``residual (K, 4)`` is fitted minus reported (m, m, s,
    rad; NaN for facts not reported); ``me_apogee`` the minimum-energy apogee for the range
    [m]; ``ballistic`` whether a ballistic flight fits; ``regime`` a word from
    :data:`~.rules.REGIMES`; ``lift_to_drag`` the lift needed by the quasi-ballistic fit
    (NaN otherwise); ``messages`` human-readable findings per report; ``flights`` the
    fitted flights of every report (:class:`~launchwatch.flight.FlightResult`, K rows;
    sampled if asked; ``invalid`` for failed rows) and ``lift_flights`` the lift fits of
    the reports ``lift_rows``.  With ``model="boost"`` ``speed``/``fpa`` are at burnout of
    the fitted boost and ``propellant_scale``/``kick_angle`` [rad] its parameters (NaN for
    the burnout model).  ``azimuth`` is NaN when no bearing was reported (an eastward
    flight was assumed); ``launch_azimuth`` [rad] is the azimuth the fitted flights were
    launched on.
    """

    status: np.ndarray
    speed: np.ndarray
    fpa: np.ndarray
    azimuth: np.ndarray
    ground_range: np.ndarray
    apogee: np.ndarray
    flight_time: np.ndarray
    bearing: np.ndarray
    residual: np.ndarray
    me_apogee: np.ndarray
    ballistic: np.ndarray
    regime: np.ndarray
    lift_to_drag: np.ndarray
    propellant_scale: np.ndarray
    kick_angle: np.ndarray
    launch_azimuth: np.ndarray
    messages: list[list[str]] = field(default_factory=list)
    flights: FlightResult | None = None
    lift_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))
    lift_flights: FlightResult | None = None

    def __len__(self) -> int:
        return int(self.speed.shape[0])

    @property
    def ok(self) -> np.ndarray:
        """Rows with a fit (``status == 0``)."""
        return self.status == OK

    @property
    def converged(self) -> np.ndarray:
        """Rows whose fit converged (a failed row did not)."""
        return self.status == OK

    def status_names(self) -> np.ndarray:
        """Status of each report as a word."""
        return status_names(self.status)


def _facts(k: int, **given: np.ndarray | float | None) -> dict[str, np.ndarray]:
    return {name: np.full(k, np.nan) if val is None else
            np.broadcast_to(np.asarray(val, float), (k,)).astype(float)
            for name, val in given.items()}


def _scatter(res: FlightResult, rows: np.ndarray, k: int) -> FlightResult:
    """A K-row result holding ``res`` in ``rows``; the other rows ``invalid`` and NaN."""
    def full(a: np.ndarray, fill: float) -> np.ndarray:
        out = np.full((k, *a.shape[1:]), fill, dtype=a.dtype)
        out[rows] = a
        return out

    status = full(res.status, L.INVALID)
    return FlightResult(
        status=status, t0=full(res.t0, np.nan), t_launch=full(res.t_launch, np.nan),
        y0=full(res.y0, np.nan), t_end=full(res.t_end, np.nan), end=full(res.end, np.nan),
        t_burnout=full(res.t_burnout, np.nan), burnout=full(res.burnout, np.nan),
        t_apogee=full(res.t_apogee, np.nan), apogee=full(res.apogee, np.nan),
        h_apogee=full(res.h_apogee, np.nan), v_max=full(res.v_max, np.nan),
        n_steps=full(res.n_steps, np.nan), n_fev=full(res.n_fev, np.nan), earth=res.earth,
        sample_times=res.sample_times, samples=full(res.samples, np.nan))


def invert(
    lat: np.ndarray | float,
    lon: np.ndarray | float,
    *,
    ground_range: np.ndarray | float | None = None,
    apogee: np.ndarray | float | None = None,
    flight_time: np.ndarray | float | None = None,
    bearing: np.ndarray | float | None = None,
    impact_lat: np.ndarray | float | None = None,
    impact_lon: np.ndarray | float | None = None,
    alt: np.ndarray | float = 0.0,
    boost_time: float = 0.0,
    ballistic_coefficient: float = np.inf,
    rules: RegimeRules | None = None,
    min_apogee_ratio: float | None = None,
    lift_ballistic_coefficient: float = 4000.0,
    earth: EarthModel | None = None,
    options: IntegratorOptions | None = None,
    model: str = "burnout",
    vehicle: Vehicle | None = None,
    sample_dt: float | None = None,
    max_iter: int = 40,
) -> InversionResult:
    """Find the flights consistent with reported facts, for K reports at once.

    Parameters
    ----------
    lat, lon : launch point [rad], ``(K,)`` or scalar.
    ground_range : ground range [m] (geodesic, launch to impact).
    apogee : apogee height [m].
    flight_time : launch to impact [s].
    bearing : direction of the impact point from the launch point [rad from north].
    impact_lat, impact_lon : impact point [rad]; gives range and bearing.
    alt : launch height [m].
    boost_time : seconds added to the ballistic time of flight for the powered phase.
    ballistic_coefficient : [kg/m^2] of the ballistic fit (``inf``: drag-free arc).
    rules : the regime thresholds and reporting tolerances (:class:`RegimeRules`);
        ``min_apogee_ratio`` overrides its quasi-ballistic threshold.
    lift_ballistic_coefficient : [kg/m^2] of the lifting descent in the lift fit.
    model : ``"burnout"`` (default) fits an impulsive ballistic arc from the launch point;
        ``"boost"`` fits a boost profile instead: the propellant load (burnout speed) and
        pitch-over kick (burnout angle) of the generic vehicle of the report's range class
        (:func:`~launchwatch.flight.generic_vehicle`), with drag, so flight times include the boost.
    vehicle : with ``model="boost"``, the vehicle whose propellant load and kick are fitted
        (instead of the generic vehicle of each report's range class).
    sample_dt : sample the fitted trajectories every ``sample_dt`` s (``flights.samples``).

    Unknown facts are ``None`` or NaN.  A report with no range, apogee or flight time gets
    the status ``no-facts`` (its numbers NaN); arguments wrong for the whole call raise
    :class:`~launchwatch.errors.InputError`.
    """
    rules = rules or RegimeRules()
    if min_apogee_ratio is not None:
        if not (0.0 < min_apogee_ratio <= rules.min_energy_ratio):
            raise InputError("min_apogee_ratio", min_apogee_ratio,
                             f"must be in (0, {rules.min_energy_ratio}]")
        rules = rules.model_copy(update={"min_apogee_ratio": float(min_apogee_ratio)})
    earth = earth or EarthModel()
    options = options or IntegratorOptions(rtol=1e-9, atol_position=1e-3, atol_velocity=1e-6)
    if model not in ("burnout", "boost"):
        raise InputError("model", model, "must be 'burnout' or 'boost'")
    args = {"lat": lat, "lon": lon, "range": ground_range, "apogee": apogee,
            "flight_time": flight_time, "bearing": bearing, "impact_lat": impact_lat,
            "impact_lon": impact_lon, "alt": alt}
    shapes = [np.shape(v) for v in args.values() if v is not None]
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError as exc:
        raise InputError("reports", shapes, "facts do not broadcast to one batch") from exc
    if len(shape) > 1:
        raise InputError("reports", shape, "reports form a 1-D batch (K,)")
    k = int(np.prod(shape)) if shape else 1
    if k == 0:
        raise InputError("lat", lat, "empty batch: no reports to invert")
    f = _facts(k, **args)
    check_range("lat", f["lat"], -math.pi / 2, math.pi / 2)
    check_range("lon", f["lon"], -4 * math.pi, 4 * math.pi)
    for name, hi in (("range", 20_000e3), ("apogee", 1e8), ("flight_time", 86400.0)):
        known = f[name][np.isfinite(f[name])]
        check_range("ground_range" if name == "range" else name, known, 0.0, hi, lo_open=True)
    has_impact = np.isfinite(f["impact_lat"]) & np.isfinite(f["impact_lon"])
    if has_impact.any():
        d, az, _ = geodesic_inverse(f["lat"], f["lon"], f["impact_lat"], f["impact_lon"])
        f["range"] = np.where(has_impact & ~np.isfinite(f["range"]), d, f["range"])
        f["bearing"] = np.where(has_impact & ~np.isfinite(f["bearing"]), az, f["bearing"])
    shape_facts = (np.isfinite(f["range"]).astype(int) + np.isfinite(f["apogee"])
                   + np.isfinite(f["flight_time"]))
    status = np.where(shape_facts == 0, NO_FACTS, OK).astype(np.int8)
    good = np.flatnonzero(status == OK)
    g = {name: v[good] for name, v in f.items()}

    target = np.column_stack([g["range"], g["apogee"], g["flight_time"], g["bearing"]])
    known = np.isfinite(target)
    az0 = np.where(np.isfinite(g["bearing"]), g["bearing"], math.pi / 2)
    beta = np.full(good.size, ballistic_coefficient)
    if model == "burnout":
        v0, g0 = ballistic.initial_guess(g)
        u0 = np.column_stack([v0, g0, az0])
        (lo, hi), steps, tiny = ballistic.BOUNDS, ballistic.STEPS, ballistic.TINY

        def forward(rows: np.ndarray, uu: np.ndarray) -> np.ndarray:
            return ballistic.forward(g["lat"][rows], g["lon"][rows], uu, g["alt"][rows],
                                     boost_time, beta[rows], earth, options)[0]
    else:
        if vehicle is not None:
            vehicles, vidx = [vehicle], np.zeros(good.size, dtype=np.intp)
        else:
            vehicles, vidx = boost.vehicles_for(g)
        kick0 = np.array([math.radians(v.steering.kick_angle_deg) for v in vehicles])[vidx]
        u0 = np.column_stack([np.ones(good.size), kick0, az0])
        (lo, hi), steps, tiny = boost.BOUNDS, boost.STEPS, boost.TINY

        def forward(rows: np.ndarray, uu: np.ndarray) -> np.ndarray:
            return boost.forward(vehicles, vidx[rows], g["lat"][rows], g["lon"][rows], uu,
                                 g["alt"][rows], earth, options)[0]
    prior_w = np.where(shape_facts[good] >= 2, 0.0, 1.0 / math.radians(0.01))
    az_w = np.where(np.isfinite(g["bearing"]), 0.0, 1.0 / 1e-6)
    if good.size:
        u, fitted, converged = levenberg_marquardt(forward, u0, target, known, _SCALE, prior_w,
                                                   az_w, lo, hi, steps, tiny, max_iter)
    else:
        u, fitted, converged = np.empty((0, 3)), np.empty((0, 4)), np.empty(0, bool)
    status[good[~converged]] = NOT_CONVERGED
    status[good[converged & ~np.isfinite(fitted[:, :3]).all(axis=1)]] = NO_FIT
    ok_g = status[good] == OK
    u[~ok_g] = np.nan
    fitted[~ok_g] = np.nan

    def full(a: np.ndarray) -> np.ndarray:
        out = np.full((k, *a.shape[1:]), np.nan)
        out[good] = a
        return out

    U, F = full(u), full(fitted)
    target_all = np.column_stack([f["range"], f["apogee"], f["flight_time"], f["bearing"]])
    known_all = np.isfinite(target_all)
    residual = np.where(known_all, F - target_all, np.nan)
    residual[:, 3] = np.where(known_all[:, 3], wrap(residual[:, 3]), np.nan)
    tol = rules.tolerances
    fits = np.all(~known_all | (np.abs(np.nan_to_num(residual)) <= tol), axis=1)
    fits &= status == OK
    me_h = min_energy(F[:, 0])["apogee"]
    with np.errstate(invalid="ignore"):
        ratio = F[:, 1] / me_h
    regime = rules.regime(ratio).astype(object)
    ballistic_ok = fits & (ratio >= rules.min_apogee_ratio)
    messages = _messages(f, status, shape_facts, fits, known_all, residual, F, ratio, me_h, tol,
                         rules)
    ld = np.full(k, np.nan)
    me_rep = min_energy(np.nan_to_num(f["range"], nan=1e5))["apogee"]
    with np.errstate(invalid="ignore"):
        need_lift = ((status == OK) & ~ballistic_ok & np.isfinite(f["range"])
                     & np.isfinite(f["apogee"]) & (f["apogee"] / me_rep < rules.min_apogee_ratio))
    lift_rows = np.flatnonzero(need_lift)
    lift_flights = None
    if lift_rows.size:
        ld_fit, u_lift, ok_lift = lift.lift_fit(f, lift_rows, rules.min_apogee_ratio,
                                                lift_ballistic_coefficient, earth, options)
        ld[lift_rows] = ld_fit
        regime[lift_rows] = "quasi-ballistic"
        for j, i in enumerate(lift_rows):
            messages[i].append(
                f"a descent with lift-to-drag {ld_fit[j]:.2f} after a ballistic ascent to "
                f"{f['apogee'][i] / 1e3:.0f} km reaches {f['range'][i] / 1e3:.0f} km"
                if ok_lift[j] else "no lifting descent up to L/D 6 reaches the reported range")
        st = ballistic_states(f["lat"][lift_rows], f["lon"][lift_rows], u_lift[:, 0],
                              u_lift[:, 1], u_lift[:, 2], f["alt"][lift_rows], earth=earth)
        lift_flights = propagate(st, 0.0, ballistic_coefficient=lift_ballistic_coefficient,
                                 lift_to_drag=np.nan_to_num(ld_fit), aero_start=lift.ascent_time(u_lift),
                                 earth=earth, options=options, sample_dt=sample_dt)
    # the fitted flights, sampled if asked (failed rows: invalid, NaN)
    if model == "boost":
        ok_rows = np.flatnonzero(status == OK)
        sub = boost.forward(vehicles, vidx[np.searchsorted(good, ok_rows)], f["lat"][ok_rows],
                            f["lon"][ok_rows], U[ok_rows], f["alt"][ok_rows], earth, options,
                            sample_dt)[1] if ok_rows.size else None
        flights = _scatter(sub, ok_rows, k) if sub is not None else None
        fs = flights.summary() if flights is not None else None
        speed = fs.burnout_speed if fs is not None else np.full(k, np.nan)
        fpa = fs.burnout_fpa if fs is not None else np.full(k, np.nan)
        prop_scale, kick = U[:, 0], U[:, 1]
    else:
        st = ballistic_states(f["lat"], f["lon"], np.nan_to_num(U[:, 0]), np.nan_to_num(U[:, 1]),
                              np.nan_to_num(U[:, 2]), f["alt"], earth=earth)
        st[status != OK] = np.nan  # failed rows fly as invalid
        flights = propagate(st, 0.0, ballistic_coefficient=ballistic_coefficient, earth=earth,
                            options=options, sample_dt=sample_dt)
        speed, fpa = U[:, 0], U[:, 1]
        prop_scale = kick = np.full(k, np.nan)
    return InversionResult(
        status=status, speed=speed, fpa=fpa,
        azimuth=np.where(np.isfinite(f["bearing"]), U[:, 2] % (2 * np.pi), np.nan),
        ground_range=F[:, 0], apogee=F[:, 1], flight_time=F[:, 2],
        bearing=F[:, 3] % (2 * np.pi), residual=residual, me_apogee=me_h,
        ballistic=ballistic_ok, regime=regime.astype(str), lift_to_drag=ld,
        propellant_scale=prop_scale, kick_angle=kick, launch_azimuth=U[:, 2] % (2 * np.pi),
        messages=messages, flights=flights, lift_rows=lift_rows, lift_flights=lift_flights)


def _messages(f, status, shape_facts, fits, known, residual, F, ratio, me_h, tol, rules
              ) -> list[list[str]]:
    """The findings of each report, in words."""
    out: list[list[str]] = [[] for _ in range(status.size)]
    for i in range(status.size):
        if status[i] == NO_FACTS:
            out[i].append("no range, apogee or flight time: nothing to fit")
            continue
        if status[i] != OK:
            out[i].append(f"no fit: {status_names(status[i:i + 1])[0]}")
            continue
        if shape_facts[i] < 2:
            out[i].append("one shape fact only: the minimum-energy flight is assumed")
        if not np.isfinite(f["bearing"][i]):
            out[i].append("bearing unknown: an eastward flight is assumed")
        if not fits[i]:
            bad = [n for n, kn, rr, t in zip(("range", "apogee", "flight time", "bearing"),
                                              known[i], residual[i], tol, strict=True)
                   if kn and not abs(rr) <= t]
            out[i].append("no ballistic flight reproduces the reported "
                          + ", ".join(bad) + " within reporting tolerance")
        if np.isfinite(ratio[i]) and ratio[i] < rules.min_apogee_ratio:
            out[i].append(
                f"apogee {F[i, 1] / 1e3:.0f} km is {ratio[i]:.2f} of the minimum-energy "
                f"apogee ({me_h[i] / 1e3:.0f} km) for {F[i, 0] / 1e3:.0f} km: too flat for "
                "a ballistic flight; a pull-up or glide (lift) is implied")
    return out
