"""Inversion of reported facts: which flights reproduce a report's range, apogee, time?

Given launch points and any of {ground range, apogee, flight time, bearing, impact
point}, :func:`invert` finds, for a whole batch of reports at once:

1. the **ballistic** flight (burnout speed, flight-path angle, azimuth of an impulsive
   ballistic arc from the launch point over the rotating WGS-84 Earth with J2, drag-free
   by default) that reproduces the facts, by a batched Levenberg-Marquardt iteration
   whose Jacobians come from finite differences computed in the same integrator call.
   With fewer shape facts than unknowns the minimum-energy flight is chosen (a weak
   prior on the flight-path angle), so "800 km" alone gives the minimum-energy shot;
2. its **regime** from the ratio of its apogee to the minimum-energy apogee for its
   range: lofted (> 1.15), minimum-energy (0.85-1.15), depressed (``min_apogee_ratio``
   to 0.85) and, below ``min_apogee_ratio`` (default 0.5), **quasi-ballistic**: a flight
   that flat is not what a ground-launched boost-then-coast missile flies (the generic
   gravity-turn vehicles of :func:`launchwatch.flight.generic_vehicle` with pitch-over
   kicks up to 45 deg stay above 0.5 at 150-800 km, see ``tests/test_invert.py``; only
   extreme pitch-overs skimming the dense atmosphere go lower).  The threshold is an
   analyst's convention, configurable, not a law of physics.  Reports whose facts no
   ballistic flight reproduces within reporting tolerance are flagged too;
3. for quasi-ballistic reports with a range and an apogee, a **lift fit**: the flattest
   ballistic ascent allowed to the reported apogee, then a descent through the 1976
   atmosphere with the smallest lift-to-drag ratio (bank 0, ballistic coefficient
   ``lift_ballistic_coefficient``) that reaches the reported range: the pull-up or glide
   the facts imply.

All inputs broadcast to one batch ``(K,)``; SI units (radians, metres, seconds); NaN or
``None`` marks an unknown fact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ..earth.geodesic import geodesic_inverse
from ..errors import InputError, check_range
from .analytic import apogee_for_range, min_energy, speed_for_range, vacuum_flight
from .engine import FlightResult, ballistic_states, propagate
from .vehicle import EarthModel, IntegratorOptions, Vehicle

__all__ = ["REGIMES", "InversionResult", "invert"]

REGIMES = ("lofted", "minimum-energy", "depressed", "quasi-ballistic", "unknown")

# Reporting tolerances: a ballistic flight "fits" when every known fact is reproduced
# within these (reports give ranges and apogees to a few km, times to ~10 s).
_TOL = np.array([5e3, 5e3, 20.0, math.radians(2.0)])
# Scales of the least-squares residuals (range m, apogee m, time s, bearing rad).
_SCALE = np.array([100.0, 100.0, 0.1, 1e-5])
_V_BOUNDS = (50.0, 10500.0)  # below escape speed (11.2 km/s): lofted ICBM shots fit
_G_BOUNDS = (math.radians(0.5), math.radians(89.5))


@dataclass
class InversionResult:
    """Flights consistent with K reports.  Arrays have shape ``(K,)`` unless noted.

    ``speed`` [m/s], ``fpa`` [rad] and ``azimuth`` [rad] describe the fitted ballistic
    flight (impulsive, from the launch point); ``ground_range``/``apogee``/``flight_time``/
    ``bearing`` are what it flies; ``residual (K, 4)`` is fitted minus reported (m, m, s,
    rad; NaN for facts not reported); ``me_apogee`` the minimum-energy apogee for the
    range [m]; ``ballistic`` whether a ballistic flight fits; ``regime`` a word from
    :data:`REGIMES`; ``lift_to_drag`` the lift needed by the quasi-ballistic fit (NaN
    otherwise); ``messages`` human-readable findings per report; ``flights`` the fitted
    flights of every report (``FlightResult``, K rows; sampled if asked) and
    ``lift_flights`` the lift fits of the reports ``lift_rows``.  With ``model="boost"``
    ``speed``/``fpa`` are at burnout of the fitted boost and ``propellant_scale``/
    ``kick_angle`` [rad] its parameters (NaN for the burnout model).  ``azimuth`` is NaN
    when no bearing was reported (an eastward flight was assumed); ``launch_azimuth``
    [rad] is always the azimuth the fitted flights were launched on.
    """

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
    converged: np.ndarray
    propellant_scale: np.ndarray
    kick_angle: np.ndarray
    launch_azimuth: np.ndarray
    messages: list[list[str]] = field(default_factory=list)
    flights: FlightResult | None = None
    lift_rows: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=int))
    lift_flights: FlightResult | None = None

    def __len__(self) -> int:
        return int(self.speed.shape[0])


def _facts(k: int, **given: np.ndarray | float | None) -> dict[str, np.ndarray]:
    out = {}
    for name, val in given.items():
        arr = np.full(k, np.nan) if val is None else np.broadcast_to(
            np.asarray(val, float), (k,)).astype(float)
        out[name] = arr
    return out


def _forward(lat, lon, u, alt, t_boost, beta, earth, options):
    """Facts (K, 4) flown by parameter rows u (K, 3) = (speed, fpa, azimuth)."""
    st = ballistic_states(lat, lon, u[:, 0], u[:, 1], u[:, 2], alt)
    res = propagate(st, 0.0, ballistic_coefficient=beta, earth=earth, options=options)
    s = res.summary()
    f = np.column_stack([s.ground_range, s.apogee_alt, s.time_of_flight + t_boost,
                         s.initial_azimuth])
    return f, res


def _wrap(a: np.ndarray) -> np.ndarray:
    return (a + np.pi) % (2 * np.pi) - np.pi


def _initial_guess(f: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Vacuum spherical-Earth (speed, fpa) from whatever shape facts are known."""
    R, H, T = f["range"], f["apogee"], f["flight_time"]
    k = R.size
    v = np.full(k, np.nan)
    g = np.full(k, np.nan)
    # range (+ apogee or time): bisection on gamma in the vacuum relations
    lo = np.full(k, _G_BOUNDS[0])
    hi = np.full(k, _G_BOUNDS[1])
    have_r = np.isfinite(R)
    use_h = have_r & np.isfinite(H)
    use_t = have_r & ~use_h & np.isfinite(T)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        val = np.where(use_h, apogee_for_range(np.where(have_r, R, 1e5), mid),
                       vacuum_flight(speed_for_range(np.where(have_r, R, 1e5), mid), mid)["time"])
        target = np.where(use_h, H, T)
        up = val < target  # apogee and time both grow with gamma at fixed range
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    g = np.where(use_h | use_t, 0.5 * (lo + hi), g)
    me = min_energy(np.where(have_r, R, 1e5))
    g = np.where(have_r & ~use_h & ~use_t, me["fpa"], g)
    v = np.where(have_r, speed_for_range(np.where(have_r, R, 1e5), g), v)
    # apogee only: minimum-energy flight with that apogee (ME apogee ~ R/4 for short R)
    only_h = ~have_r & np.isfinite(H)
    if only_h.any():
        rr = np.linspace(20e3, 12000e3, 4000)
        ha = min_energy(rr)["apogee"]
        r_guess = np.interp(H[only_h], ha, rr)
        me_h = min_energy(r_guess)
        g[only_h] = me_h["fpa"]
        v[only_h] = me_h["speed"]
    only_t = ~have_r & ~np.isfinite(H) & np.isfinite(T)
    if only_t.any():
        rr = np.linspace(20e3, 12000e3, 4000)
        tt = min_energy(rr)["time"]
        me_t = min_energy(np.interp(T[only_t], tt, rr))
        g[only_t] = me_t["fpa"]
        v[only_t] = me_t["speed"]
    return v, g


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
    min_apogee_ratio: float = 0.5,
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
    min_apogee_ratio : below this ratio of the minimum-energy apogee a flight is
        quasi-ballistic.
    lift_ballistic_coefficient : [kg/m^2] of the lifting descent in the lift fit.
    model : ``"burnout"`` (default) fits an impulsive ballistic arc from the launch point;
        ``"boost"`` fits a boost profile instead: the propellant load (burnout speed) and
        pitch-over kick (burnout angle) of the generic vehicle of the report's range class
        (:func:`generic_vehicle`), with drag, so flight times include the boost.
    vehicle : with ``model="boost"``, the vehicle whose propellant load and kick are fitted
        (instead of the generic vehicle of each report's range class).
    sample_dt : sample the fitted trajectories every ``sample_dt`` s (``flights.samples``).

    Unknown facts are ``None`` or NaN.  A report with no range, apogee or time raises
    :class:`~launchwatch.errors.InputError`.
    """
    earth = earth or EarthModel()
    options = options or IntegratorOptions(rtol=1e-9, atol_position=1e-3, atol_velocity=1e-6)
    args = {"lat": lat, "lon": lon, "range": ground_range, "apogee": apogee,
            "flight_time": flight_time, "bearing": bearing, "impact_lat": impact_lat,
            "impact_lon": impact_lon, "alt": alt}
    shapes = [np.shape(v) for v in args.values() if v is not None]
    try:
        shape = np.broadcast_shapes(*shapes)
    except ValueError as exc:
        raise InputError("reports", shapes, "facts do not broadcast to one batch") from exc
    k = int(np.prod(shape)) if shape else 1
    if k == 0:
        raise InputError("lat", lat, "empty batch: no reports to invert")
    f = _facts(k, **args)
    check_range("lat", f["lat"], -math.pi / 2, math.pi / 2)
    check_range("lon", f["lon"], -4 * math.pi, 4 * math.pi)
    for name, hi in (("range", 20_000e3), ("apogee", 1e8), ("flight_time", 86400.0)):
        known = f[name][np.isfinite(f[name])]
        check_range("ground_range" if name == "range" else name, known, 0.0, hi, lo_open=True)
    if not (0.0 < min_apogee_ratio < 1.0):
        raise InputError("min_apogee_ratio", min_apogee_ratio, "must be between 0 and 1")
    has_impact = np.isfinite(f["impact_lat"]) & np.isfinite(f["impact_lon"])
    if has_impact.any():
        d, az, _ = geodesic_inverse(f["lat"], f["lon"], f["impact_lat"], f["impact_lon"])
        f["range"] = np.where(has_impact & ~np.isfinite(f["range"]), d, f["range"])
        f["bearing"] = np.where(has_impact & ~np.isfinite(f["bearing"]), az, f["bearing"])
    shape_facts = np.isfinite(f["range"]).astype(int) + np.isfinite(f["apogee"]) + np.isfinite(
        f["flight_time"])
    if np.any(shape_facts == 0):
        i = int(np.argmax(shape_facts == 0))
        raise InputError(f"reports[{i}]", "no range, apogee or flight time",
                         "at least one of ground_range, apogee, flight_time or impact is needed")

    target = np.column_stack([f["range"], f["apogee"], f["flight_time"], f["bearing"]])
    known = np.isfinite(target)
    az0 = np.where(np.isfinite(f["bearing"]), f["bearing"], math.pi / 2)
    beta = np.full(k, ballistic_coefficient)
    if model == "burnout":
        v0, g0 = _initial_guess(f)
        u0 = np.column_stack([v0, g0, az0])
        lo, hi = np.array([_V_BOUNDS[0], _G_BOUNDS[0]]), np.array([_V_BOUNDS[1], _G_BOUNDS[1]])
        steps = np.array([1e-3, 1e-6, 1e-6])  # relative speed step, absolute angle steps
        tiny = np.array([1e-4, 1e-9, 1e-9])

        def forward(rows: np.ndarray, uu: np.ndarray) -> np.ndarray:
            return _forward(f["lat"][rows], f["lon"][rows], uu, f["alt"][rows], boost_time,
                            beta[rows], earth, options)[0]
    elif model == "boost":
        if vehicle is not None:
            vehicles, vidx = [vehicle], np.zeros(k, dtype=np.intp)
        else:
            vehicles, vidx = _boost_vehicles(f)
        kick0 = np.array([math.radians(v.steering.kick_angle_deg) for v in vehicles])[vidx]
        u0 = np.column_stack([np.ones(k), kick0, az0])
        lo, hi = np.array([0.2, math.radians(1.0)]), np.array([4.0, math.radians(70.0)])
        steps = np.array([1e-5, 1e-5, 1e-6])  # relative propellant step, angle steps
        tiny = np.array([1e-8, 1e-9, 1e-9])

        def forward(rows: np.ndarray, uu: np.ndarray) -> np.ndarray:
            return _boost_forward(vehicles, vidx[rows], f["lat"][rows], f["lon"][rows], uu,
                                  f["alt"][rows], earth, options)[0]
    else:
        raise InputError("model", model, "must be 'burnout' or 'boost'")
    prior_w = np.where(shape_facts >= 2, 0.0, 1.0 / math.radians(0.01))
    az_w = np.where(np.isfinite(f["bearing"]), 0.0, 1.0 / 1e-6)
    u, fv, converged = _levenberg_marquardt(forward, u0, target, known, prior_w, az_w, lo, hi,
                                            steps, tiny, max_iter)

    fitted = fv.copy()
    residual = np.where(known, fitted - target, np.nan)
    residual[:, 3] = np.where(known[:, 3], _wrap(residual[:, 3]), np.nan)
    fits = np.all(~known | (np.abs(np.nan_to_num(residual)) <= _TOL), axis=1)
    fits &= np.isfinite(fitted[:, :3]).all(axis=1)
    me_h = min_energy(fitted[:, 0])["apogee"]
    ratio = fitted[:, 1] / me_h
    regime = np.where(ratio > 1.15, "lofted", np.where(
        ratio >= 0.85, "minimum-energy", np.where(ratio >= min_apogee_ratio, "depressed",
                                                  "quasi-ballistic"))).astype(object)
    regime[~np.isfinite(ratio)] = "unknown"
    ballistic = fits & (ratio >= min_apogee_ratio)
    messages: list[list[str]] = [[] for _ in range(k)]
    for i in range(k):
        if shape_facts[i] < 2:
            messages[i].append("one shape fact only: the minimum-energy flight is assumed")
        if not np.isfinite(f["bearing"][i]):
            messages[i].append("bearing unknown: an eastward flight is assumed")
        if not fits[i]:
            bad = [n for n, kn, rr, tol in zip(("range", "apogee", "flight time", "bearing"),
                                                known[i], residual[i], _TOL, strict=True)
                   if kn and not abs(rr) <= tol]
            messages[i].append("no ballistic flight reproduces the reported "
                               + ", ".join(bad) + " within reporting tolerance")
        if np.isfinite(ratio[i]) and ratio[i] < min_apogee_ratio:
            messages[i].append(
                f"apogee {fitted[i, 1] / 1e3:.0f} km is {ratio[i]:.2f} of the minimum-energy "
                f"apogee ({me_h[i] / 1e3:.0f} km) for {fitted[i, 0] / 1e3:.0f} km: too flat for "
                "a ballistic flight; a pull-up or glide (lift) is implied")
    ld = np.full(k, np.nan)
    need_lift = (~ballistic) & np.isfinite(f["range"]) & np.isfinite(f["apogee"])
    need_lift &= (f["apogee"] / min_energy(np.nan_to_num(f["range"], nan=1e5))["apogee"]
                  < min_apogee_ratio)
    lift_rows = np.flatnonzero(need_lift)
    lift_flights = None
    if lift_rows.size:
        ld_fit, u_lift, ok_lift = _lift_fit(f, lift_rows, min_apogee_ratio,
                                            lift_ballistic_coefficient, earth, options)
        ld[lift_rows] = ld_fit
        regime[lift_rows] = "quasi-ballistic"
        for j, i in enumerate(lift_rows):
            if ok_lift[j]:
                messages[i].append(
                    f"a descent with lift-to-drag {ld_fit[j]:.2f} after a ballistic ascent to "
                    f"{f['apogee'][i] / 1e3:.0f} km reaches {f['range'][i] / 1e3:.0f} km")
            else:
                messages[i].append("no lifting descent up to L/D 6 reaches the reported range")
        st = ballistic_states(f["lat"][lift_rows], f["lon"][lift_rows], u_lift[:, 0],
                              u_lift[:, 1], u_lift[:, 2], f["alt"][lift_rows])
        lift_flights = propagate(st, 0.0, ballistic_coefficient=lift_ballistic_coefficient,
                                 lift_to_drag=np.nan_to_num(ld_fit), aero_start=_ascent_time(u_lift),
                                 earth=earth, options=options, sample_dt=sample_dt)
    # the fitted flights, sampled if asked
    if model == "boost":
        flights = _boost_forward(vehicles, vidx, f["lat"], f["lon"], u, f["alt"], earth, options,
                                 sample_dt)[1]
        fs = flights.summary()
        speed, fpa = fs.burnout_speed, fs.burnout_fpa
        prop_scale, kick = u[:, 0], u[:, 1]
    else:
        st = ballistic_states(f["lat"], f["lon"], u[:, 0], u[:, 1], u[:, 2], f["alt"])
        flights = propagate(st, 0.0, ballistic_coefficient=beta, earth=earth, options=options,
                            sample_dt=sample_dt)
        speed, fpa = u[:, 0], u[:, 1]
        prop_scale = kick = np.full(k, np.nan)
    return InversionResult(
        speed=speed, fpa=fpa,
        azimuth=np.where(np.isfinite(f["bearing"]), u[:, 2] % (2 * np.pi), np.nan),
        ground_range=fitted[:, 0], apogee=fitted[:, 1], flight_time=fitted[:, 2],
        bearing=fitted[:, 3] % (2 * np.pi), residual=residual, me_apogee=me_h,
        ballistic=ballistic, regime=regime.astype(str), lift_to_drag=ld, converged=converged,
        propellant_scale=prop_scale, kick_angle=kick, launch_azimuth=u[:, 2] % (2 * np.pi),
        messages=messages, flights=flights,
        lift_rows=lift_rows, lift_flights=lift_flights)


def _levenberg_marquardt(forward, u0, target, known, prior_w, az_w, lo, hi, steps, tiny,
                         max_iter):
    """Batched Levenberg-Marquardt over parameter rows (energy, shape, azimuth).

    ``forward(rows, u)`` returns the facts (m, 4) flown by parameter rows ``u (m, 3)`` of
    the reports ``rows``.  Residuals: the known facts scaled by ``_SCALE``, a prior tying
    the shape parameter to its start (weight ``prior_w``: the minimum-energy choice when
    facts are too few) and the azimuth to its start (``az_w``: when the bearing is
    unknown).  Jacobians by forward differences, all rows and perturbations in one call.
    """
    k = u0.shape[0]
    u = u0.copy()
    g_prior = u0[:, 1].copy()
    az0 = u0[:, 2].copy()
    all_rows = np.arange(k)

    def residuals(rows: np.ndarray, fv: np.ndarray, uu: np.ndarray) -> np.ndarray:
        d = fv - target[rows]
        d[:, 3] = _wrap(d[:, 3])
        r = np.nan_to_num(np.where(known[rows], d / _SCALE, 0.0), nan=1e6)
        return np.column_stack([r, prior_w[rows] * (uu[:, 1] - g_prior[rows]),
                                az_w[rows] * _wrap(uu[:, 2] - az0[rows])])

    fv = forward(all_rows, u)
    r = residuals(all_rows, fv, u)
    cost = np.sum(r * r, axis=1)
    lam = np.full(k, 1e-3)
    converged = np.zeros(k, dtype=bool)
    active = np.ones(k, dtype=bool)
    for _ in range(max_iter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        m = idx.size
        uu = u[idx]
        du = np.column_stack([steps[0] * uu[:, 0], np.full(m, steps[1]), np.full(m, steps[2])])
        pert = np.repeat(uu[None], 3, axis=0)
        for j in range(3):
            pert[j, :, j] += du[:, j]
        fp = forward(np.tile(idx, 3), pert.reshape(-1, 3)).reshape(3, m, 4)
        jac = np.empty((m, r.shape[1], 3))
        for j in range(3):
            d = fp[j] - fv[idx]
            d[:, 3] = _wrap(d[:, 3])
            dr = np.where(known[idx], d / _SCALE, 0.0) / du[:, j:j + 1]
            prior = np.zeros((m, 2))
            prior[:, 0] = prior_w[idx] * (j == 1)
            prior[:, 1] = az_w[idx] * (j == 2)
            jac[:, :, j] = np.nan_to_num(np.column_stack([dr, prior]), nan=0.0)
        jtj = np.einsum("mri,mrj->mij", jac, jac)
        jtr = np.einsum("mri,mr->mi", jac, r[idx])
        diag = np.einsum("mii->mi", jtj)
        a = jtj + lam[idx, None, None] * np.einsum("mi,ij->mij", np.maximum(diag, 1e-12), np.eye(3))
        delta = -np.linalg.solve(a + 1e-300 * np.eye(3), jtr[..., None])[..., 0]
        un = uu + delta
        un[:, :2] = np.clip(un[:, :2], lo, hi)
        un[:, 2] = _wrap(un[:, 2])
        fn = forward(idx, un)
        rn = residuals(idx, fn, un)
        cn = np.sum(rn * rn, axis=1)
        better = cn < cost[idx]
        acc = idx[better]
        u[acc] = un[better]
        fv[acc] = fn[better]
        r[acc] = rn[better]
        small = np.abs(delta) < tiny
        step_done = better & (small.all(axis=1) | (cost[idx] - cn < 1e-10 * (1 + cost[idx])))
        cost[acc] = cn[better]
        lam[idx] = np.where(better, lam[idx] * 0.3, lam[idx] * 10.0)
        stalled = lam[idx] > 1e8  # no step improves: a minimum at the integrator's noise
        done = step_done | stalled
        converged[idx[done]] = True
        active[idx[done]] = False
    return u, fv, converged


def _boost_vehicles(f: dict[str, np.ndarray]):
    """Generic vehicles (one per 10-km range class) for the reports, and each report's index."""
    from .vehicle import generic_vehicle

    R = f["range"].copy()
    rr = np.linspace(20e3, 12000e3, 4000)
    me = min_energy(rr)
    R = np.where(np.isfinite(R), R, np.interp(f["apogee"], me["apogee"], rr))
    R = np.where(np.isfinite(R), R, np.interp(f["flight_time"], me["time"], rr))
    classes = np.clip(np.round(R / 10e3) * 10.0, 50.0, 3000.0)
    uniq, vidx = np.unique(classes, return_inverse=True)
    return [generic_vehicle(float(c)) for c in uniq], vidx


def _boost_forward(vehicles, vidx, lat, lon, u, alt, earth, options, sample_dt=None):
    """Facts (K, 4) of generic boosted flights with parameter rows (propellant scale, kick, az)."""
    from .engine import simulate

    res = simulate(vehicles, lat, lon, u[:, 2], alt=alt, vehicle_index=vidx,
                   propellant_scale=u[:, 0], kick_angle=u[:, 1], earth=earth, options=options,
                   sample_dt=sample_dt)
    s = res.summary()
    return np.column_stack([s.ground_range, s.apogee_alt, s.time_of_flight,
                            s.initial_azimuth]), res


def _ascent_time(u: np.ndarray) -> np.ndarray:
    """Vacuum time from launch to apogee [s] of arcs u (K, 3) (half the time of flight)."""
    return 0.5 * vacuum_flight(u[:, 0], u[:, 1])["time"]


def _lift_fit(f, rows, ratio, beta_lift, earth, options):
    """Smallest L/D that stretches the flattest allowed ballistic ascent to the range."""
    R = f["range"][rows]
    H = f["apogee"][rows]
    # the ballistic range whose depressed-limit apogee equals the reported apogee
    lo = np.full(rows.size, 1e3)
    hi = R.copy()
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        up = ratio * min_energy(mid)["apogee"] < H
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    r_b = 0.5 * (lo + hi)
    # flight-path angle that gives apogee H at range r_b (bisection on the vacuum relation)
    glo = np.full(rows.size, _G_BOUNDS[0])
    ghi = min_energy(r_b)["fpa"]
    for _ in range(60):
        mid = 0.5 * (glo + ghi)
        up = apogee_for_range(r_b, mid) < H
        glo = np.where(up, mid, glo)
        ghi = np.where(up, ghi, mid)
    g = 0.5 * (glo + ghi)
    v = speed_for_range(r_b, g)
    az = np.where(np.isfinite(f["bearing"][rows]), f["bearing"][rows], math.pi / 2)
    u = np.column_stack([v, g, az])
    st = ballistic_states(f["lat"][rows], f["lon"][rows], v, g, az, f["alt"][rows])
    t_on = _ascent_time(u)

    def flown(ld: np.ndarray) -> np.ndarray:
        res = propagate(st, 0.0, ballistic_coefficient=beta_lift, lift_to_drag=ld,
                        aero_start=t_on, earth=earth, options=options)
        return res.summary().ground_range

    # range grows with L/D: bisection in [0, 6], vectorised over rows
    a = np.zeros(rows.size)
    b = np.full(rows.size, 6.0)
    ok = flown(b) >= R
    for _ in range(22):
        mid = 0.5 * (a + b)
        short = flown(mid) < R
        a = np.where(short, mid, a)
        b = np.where(short, b, mid)
    ld = np.where(ok, 0.5 * (a + b), np.nan)
    return ld, u, ok
