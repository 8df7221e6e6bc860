"""Batch flight simulation: pack flights into parameter rows, integrate, collect results.

Two entry points, both batch-first:

* :func:`simulate` flies N launches of generic vehicles from the ground;
* :func:`propagate` flies N unpowered objects from given ECEF states (a tracked
  missile after burnout, a re-entry vehicle), with a ballistic coefficient.

A row that fails (NaN input, time limit, divergence) gets a status code and NaN in its
results; the rest of the batch is unaffected.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..earth.atmosphere import upper_table
from ..earth.frames import geodetic2ecef
from ..errors import InputError, check_finite, check_range
from . import _layout as L
from ._integrator import (
    NOPTS,
    O_ATOL_POS,
    O_ATOL_VEL,
    O_ELLIPSOID,
    O_HINIT,
    O_HMAX,
    O_J2,
    O_MAXSTEPS,
    O_OMEGA,
    O_RADIUS,
    O_RTOL,
    O_SAMPLE_DT,
    integrate_batch,
)
from .vehicle import DragTable, EarthModel, IntegratorOptions, Vehicle

__all__ = ["FlightResult", "ballistic_states", "propagate", "simulate"]

_UNIT_DRAG = DragTable.constant(1.0)


@dataclass
class FlightResult:
    """Outcome of a batch of N flights (all times absolute seconds from the epoch).

    Arrays: ``status (N,)`` (codes in :data:`launchwatch.flight.STATUS_NAMES`),
    ``t0``/``t_launch``/``t_end``/``t_burnout``/``t_apogee``/``h_apogee``/``v_max (N,)``,
    ``y0``/``burnout``/``apogee``/``end (N, 6)`` ECEF states, and, when sampled,
    ``sample_times (S,)`` relative to each flight's ``t_launch`` and ``samples (N, S, 6)``
    (NaN after a flight ended).  ``end`` is the impact state when ``status == 0``.
    """

    status: np.ndarray
    t0: np.ndarray
    t_launch: np.ndarray
    y0: np.ndarray
    t_end: np.ndarray
    end: np.ndarray
    t_burnout: np.ndarray
    burnout: np.ndarray
    t_apogee: np.ndarray
    apogee: np.ndarray
    h_apogee: np.ndarray
    v_max: np.ndarray
    n_steps: np.ndarray
    n_fev: np.ndarray
    earth: EarthModel
    sample_times: np.ndarray = field(default_factory=lambda: np.empty(0))
    samples: np.ndarray = field(default_factory=lambda: np.empty((0, 0, 6)))

    def __len__(self) -> int:
        return int(self.status.shape[0])

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask of flights that reached the ground."""
        return self.status == L.OK

    def status_names(self) -> list[str]:
        """Status of each flight as a word (``impact``, ``time-limit``, ...)."""
        return [L.STATUS_NAMES[int(s)] for s in self.status]

    def summary(self):  # -> FlightSummary (import cycle avoided)
        """Per-flight summary: launch, burnout, apogee, impact, range, azimuth, speeds."""
        from .summary import summarize

        return summarize(self)


def _options_array(earth: EarthModel, options: IntegratorOptions, sample_dt: float) -> np.ndarray:
    o = np.zeros(NOPTS)
    o[O_J2] = 1.0 if earth.gravity == "j2" else 0.0
    o[O_OMEGA] = 7.292115e-5 if earth.rotating else 0.0
    o[O_ELLIPSOID] = 1.0 if earth.shape == "wgs84" else 0.0
    o[O_RADIUS] = earth.radius
    o[O_RTOL] = options.rtol
    o[O_ATOL_POS] = options.atol_position
    o[O_ATOL_VEL] = options.atol_velocity
    o[O_HMAX] = options.max_step
    o[O_HINIT] = options.initial_step
    o[O_MAXSTEPS] = options.max_steps
    o[O_SAMPLE_DT] = sample_dt
    return o


def _tables(tables: Sequence[DragTable]) -> tuple[np.ndarray, np.ndarray]:
    """Stack drag tables as Mach knots ``(T, n)`` and PCHIP coefficients ``(T, 4, n - 1)``."""
    from scipy.interpolate import PchipInterpolator

    n = max(max(len(t.mach) for t in tables), 2)
    tm = np.empty((len(tables), n))
    tc = np.zeros((len(tables), 4, n - 1))
    for i, t in enumerate(tables):
        mach = np.asarray(t.mach, float)
        cd = np.asarray(t.cd, float)
        if mach.size == 1:  # constant
            mach = np.array([mach[0], mach[0] + 1.0])
            cd = np.array([cd[0], cd[0]])
        k = mach.size
        coef = PchipInterpolator(mach, cd).c  # (4, k - 1), highest power first
        tm[i, :k] = mach
        tc[i, :, :k - 1] = coef
        # pad: further knots beyond the end, constant at the last value
        tm[i, k:] = mach[-1] + 1.0 + np.arange(n - k)
        tc[i, 3, k - 1:] = cd[-1]
    return tm, tc


def _run(params: np.ndarray, y0: np.ndarray, t_launch: np.ndarray, earth: EarthModel,
         options: IntegratorOptions, tables: Sequence[DragTable], sample_dt: float | None
         ) -> FlightResult:
    n = params.shape[0]
    tm, tc = _tables(tables)
    atm = upper_table()
    params = np.ascontiguousarray(params)
    y0 = np.ascontiguousarray(y0)

    def once(dt: float, n_samples: int) -> tuple:
        info = np.full((n, L.NINFO), np.nan)
        s_bo = np.full((n, 6), np.nan)
        s_ap = np.full((n, 6), np.nan)
        s_end = np.full((n, 6), np.nan)
        samples = np.full((n, n_samples, 6), np.nan)
        status = np.zeros(n, dtype=np.int8)
        integrate_batch(params, y0, _options_array(earth, options, dt), atm, tm, tc, info,
                        s_bo, s_ap, s_end, samples, status)
        return info, s_bo, s_ap, s_end, samples, status

    info, s_bo, s_ap, s_end, samples, status = once(0.0, 0)
    times = np.empty(0)
    if sample_dt is not None:
        if not (sample_dt > 0 and math.isfinite(sample_dt)):
            raise InputError("sample_dt", sample_dt, "must be a positive number of seconds")
        # second pass with the sample buffer sized to the longest flight
        span = np.nanmax(info[:, L.I_T_END] - t_launch) if n and np.isfinite(
            info[:, L.I_T_END]).any() else 0.0
        n_samples = math.floor(span / sample_dt + 1e-9) + 1
        info, s_bo, s_ap, s_end, samples, status = once(sample_dt, n_samples)
        times = np.arange(n_samples) * sample_dt
    bad = status != L.OK
    s_end[bad & (status != L.TIME_LIMIT)] = np.nan
    return FlightResult(
        status=status, t0=params[:, L.T0].copy(), t_launch=t_launch, y0=y0,
        t_end=info[:, L.I_T_END], end=s_end, t_burnout=info[:, L.I_T_BURNOUT], burnout=s_bo,
        t_apogee=info[:, L.I_T_APOGEE], apogee=s_ap, h_apogee=info[:, L.I_H_APOGEE],
        v_max=info[:, L.I_VMAX], n_steps=info[:, L.I_NSTEPS], n_fev=info[:, L.I_NFEV],
        earth=earth, sample_times=times, samples=samples)


def _vehicle_rows(vehicles: Sequence[Vehicle]) -> tuple[dict[str, np.ndarray], list[DragTable]]:
    """Per-vehicle arrays (V vehicles) that :func:`simulate` indexes and scales."""
    tables: list[DragTable] = [_UNIT_DRAG]
    cols: dict[str, list] = {k: [] for k in (
        "prop", "dry", "burn", "thrust", "payload", "area", "table", "m_coast_extra",
        "area_coast", "table_coast", "separates", "t_vert", "kick", "kick_dur", "mode",
        "rate", "pmax", "ld", "bank", "lift_on", "lift_off", "n_stages")}
    for v in vehicles:
        ns = len(v.stages)
        pad = L.MAX_STAGES - ns
        cols["prop"].append([s.propellant_mass for s in v.stages] + [0.0] * pad)
        cols["dry"].append([s.dry_mass for s in v.stages] + [0.0] * pad)
        cols["burn"].append([s.burn_time for s in v.stages] + [0.0] * pad)
        cols["thrust"].append([s.thrust_n for s in v.stages] + [0.0] * pad)
        cols["n_stages"].append(ns)
        cols["payload"].append(v.payload_mass)
        cols["area"].append(v.reference_area)
        if v.drag not in tables:
            tables.append(v.drag)
        cols["table"].append(tables.index(v.drag))
        if v.reentry is not None:
            if v.reentry.drag not in tables:
                tables.append(v.reentry.drag)
            cols["separates"].append(1.0)
            cols["area_coast"].append(v.reentry.reference_area)
            cols["table_coast"].append(tables.index(v.reentry.drag))
            cols["m_coast_extra"].append(v.reentry.mass - v.payload_mass)
        else:
            cols["separates"].append(0.0)
            cols["area_coast"].append(v.reference_area)
            cols["table_coast"].append(tables.index(v.drag))
            cols["m_coast_extra"].append(0.0)
        st = v.steering
        cols["t_vert"].append(st.vertical_time)
        cols["kick"].append(math.radians(st.kick_angle_deg))
        cols["kick_dur"].append(st.kick_duration)
        cols["mode"].append(0.0 if st.mode == "gravity_turn" else 1.0)
        cols["rate"].append(math.radians(st.pitch_rate_deg_s))
        cols["pmax"].append(math.radians(st.max_pitch_deg))
        lift = v.lift
        cols["ld"].append(lift.lift_to_drag if lift else 0.0)
        cols["bank"].append(math.radians(lift.bank_deg) if lift else 0.0)
        cols["lift_on"].append(lift.start if lift else 0.0)
        cols["lift_off"].append(lift.end if lift else 0.0)
    return {k: np.asarray(val, dtype=float) for k, val in cols.items()}, tables


def _pack(
    vehicles: Vehicle | Sequence[Vehicle],
    lat: np.ndarray | float,
    lon: np.ndarray | float,
    azimuth: np.ndarray | float,
    *,
    alt: np.ndarray | float = 0.0,
    launch_time: np.ndarray | float = 0.0,
    vehicle_index: np.ndarray | int = 0,
    kick_angle: np.ndarray | float | None = None,
    propellant_scale: np.ndarray | float | None = None,
    payload_scale: np.ndarray | float | None = None,
    lift_to_drag: np.ndarray | float | None = None,
    bank: np.ndarray | float | None = None,
    lift_start: np.ndarray | float | None = None,
    wind_east: np.ndarray | float | None = None,
    wind_north: np.ndarray | float | None = None,
    earth: EarthModel | None = None,
    options: IntegratorOptions | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[DragTable], EarthModel, IntegratorOptions]:
    """Pack N launches into parameter rows: ``(params, y0, t_launch, tables, earth, options)``."""
    earth = earth or EarthModel()
    options = options or IntegratorOptions()
    vlist = [vehicles] if isinstance(vehicles, Vehicle) else list(vehicles)
    if not vlist:
        raise InputError("vehicles", vlist, "at least one vehicle is needed")
    arrays = {"lat": lat, "lon": lon, "azimuth": azimuth, "alt": alt,
              "launch_time": launch_time, "vehicle_index": vehicle_index}
    overrides = {"kick_angle": kick_angle, "propellant_scale": propellant_scale,
                 "payload_scale": payload_scale, "lift_to_drag": lift_to_drag, "bank": bank,
                 "lift_start": lift_start, "wind_east": wind_east, "wind_north": wind_north}
    given = {k: np.asarray(v, float) for k, v in {**arrays, **overrides}.items() if v is not None}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in given.values()))
    except ValueError as exc:
        raise InputError("batch", {k: a.shape for k, a in given.items()},
                         "arguments do not broadcast to one batch shape") from exc
    if len(shape) > 1:
        raise InputError("batch", shape, "flights form a 1-D batch")
    b = {k: np.broadcast_to(a, shape).astype(float).ravel() for k, a in given.items()}
    n = b["lat"].size
    if n == 0:
        raise InputError("lat", b["lat"], "empty batch: no flights to simulate")
    # Bad input is an error naming the field, the row and the value; what fails during
    # the flight itself (time limit, divergence) is a per-row status instead.
    for name, arr in b.items():
        check_finite(name, arr)
    check_range("lat", b["lat"], -math.pi / 2, math.pi / 2)
    check_range("alt", b["alt"], -500.0, 1e5)
    idx = b["vehicle_index"]
    if np.any((idx < 0) | (idx >= len(vlist)) | (idx != np.round(idx))):
        bad = idx[(idx < 0) | (idx >= len(vlist)) | (idx != np.round(idx))][0]
        raise InputError("vehicle_index", bad, f"must be an integer in [0, {len(vlist) - 1}]")
    for name in ("propellant_scale", "payload_scale"):
        if name in b:
            check_range(name, b[name][np.isfinite(b[name])], 0.0, 100.0, lo_open=True)
    if "kick_angle" in b:
        check_range("kick_angle", b["kick_angle"][np.isfinite(b["kick_angle"])], 0.0,
                    math.pi / 2)
    idx = idx.astype(np.intp)
    V, tables = _vehicle_rows(vlist)

    def col(key: str) -> np.ndarray:
        return V[key][idx]

    tl = b["launch_time"]
    ps = b.get("propellant_scale", np.ones(n))
    ms = b.get("payload_scale", np.ones(n))
    prop = V["prop"][idx] * ps[:, None]
    dry = V["dry"][idx]
    burn = V["burn"][idx] * ps[:, None]
    thrust = V["thrust"][idx]
    ns = col("n_stages").astype(int)
    payload = col("payload") * ms

    P = np.zeros((n, L.NPARAM))
    P[:, L.T0] = tl
    P[:, L.T_MAX] = tl + options.t_max
    P[:, L.N_STAGES] = ns
    # mass at ignition of stage k = payload + everything of stages k..end
    stage_mass = prop + dry
    above = np.cumsum(stage_mass[:, ::-1], axis=1)[:, ::-1]  # sum over j >= k
    t_start = tl[:, None] + np.concatenate([np.zeros((n, 1)), np.cumsum(burn, axis=1)[:, :-1]],
                                           axis=1)
    for k in range(L.MAX_STAGES):
        base = L.STAGE0 + k * L.STAGE_W
        live = k < ns
        P[:, base] = np.where(live, t_start[:, k], np.inf)
        P[:, base + 1] = np.where(live, t_start[:, k] + burn[:, k], np.inf)
        P[:, base + 2] = np.where(live, thrust[:, k], 0.0)
        P[:, base + 3] = np.where(live, payload + above[:, k], 0.0)
        P[:, base + 4] = np.where(live, prop[:, k] / np.where(live, burn[:, k], 1.0), 0.0)
    last_dry = np.take_along_axis(dry, np.maximum(ns - 1, 0)[:, None], axis=1)[:, 0]
    sep = col("separates") > 0.5
    coast_mass = np.where(sep, (payload + col("m_coast_extra") * ms),
                          payload + np.where(ns > 0, last_dry, 0.0))
    P[:, L.M_COAST] = coast_mass
    P[:, L.AREA_BOOST] = col("area")
    P[:, L.TABLE_BOOST] = col("table")
    P[:, L.AREA_COAST] = col("area_coast")
    P[:, L.TABLE_COAST] = col("table_coast")
    P[:, L.AZIMUTH] = b["azimuth"]
    P[:, L.T_VERTICAL] = tl + col("t_vert")
    P[:, L.KICK] = b.get("kick_angle", col("kick"))
    P[:, L.T_KICK_END] = P[:, L.T_VERTICAL] + col("kick_dur")
    P[:, L.STEER_MODE] = col("mode")
    P[:, L.PITCH_RATE] = col("rate")
    P[:, L.PITCH_MAX] = col("pmax")
    ld = b.get("lift_to_drag", col("ld"))
    P[:, L.LIFT_LD] = ld
    P[:, L.LIFT_BANK] = b.get("bank", col("bank"))
    P[:, L.LIFT_T_ON] = tl + b.get("lift_start", col("lift_on"))
    P[:, L.LIFT_T_OFF] = np.where("lift_start" in b, np.inf, tl + col("lift_off"))
    for name in ("wind_east", "wind_north"):
        if name in b:
            check_range(name, b[name], -200.0, 200.0)
    P[:, L.WIND_E] = b.get("wind_east", earth.wind_east)
    P[:, L.WIND_N] = b.get("wind_north", earth.wind_north)
    P[:, L.T_SAMPLE0] = tl
    if "lift_to_drag" in b:
        check_range("lift_to_drag", ld[np.isfinite(ld)], 0.0, 10.0)

    if earth.shape == "wgs84":
        y0 = np.zeros((n, 6))
        y0[:, :3] = geodetic2ecef(b["lat"], b["lon"], b["alt"])
    else:
        r = earth.radius + b["alt"]
        cl = np.cos(b["lat"])
        y0 = np.column_stack([r * cl * np.cos(b["lon"]), r * cl * np.sin(b["lon"]),
                              r * np.sin(b["lat"]), np.zeros((n, 3))])
    # thrust-to-weight below 1 at lift-off: the vehicle would never leave the pad
    tw = np.where(ns > 0, P[:, L.STAGE0 + 2] / (P[:, L.STAGE0 + 3] * 9.80665), np.inf)
    if np.any(tw < 1.0):
        i = int(np.argmax(tw < 1.0))
        raise InputError(f"vehicles[{int(idx[i])}].stages[0].thrust", float(P[i, L.STAGE0 + 2]),
                         f"thrust-to-weight at lift-off is {tw[i]:.2f} < 1: it cannot lift off")
    return P, y0, tl.copy(), tables, earth, options


def simulate(
    vehicles: Vehicle | Sequence[Vehicle],
    lat: np.ndarray | float,
    lon: np.ndarray | float,
    azimuth: np.ndarray | float,
    *,
    alt: np.ndarray | float = 0.0,
    launch_time: np.ndarray | float = 0.0,
    vehicle_index: np.ndarray | int = 0,
    kick_angle: np.ndarray | float | None = None,
    propellant_scale: np.ndarray | float | None = None,
    payload_scale: np.ndarray | float | None = None,
    lift_to_drag: np.ndarray | float | None = None,
    bank: np.ndarray | float | None = None,
    lift_start: np.ndarray | float | None = None,
    wind_east: np.ndarray | float | None = None,
    wind_north: np.ndarray | float | None = None,
    earth: EarthModel | None = None,
    options: IntegratorOptions | None = None,
    sample_dt: float | None = None,
) -> FlightResult:
    """Fly N launches of generic vehicles from the ground, in one compiled parallel call.

    Parameters (arrays broadcast to the batch shape ``(N,)``)
    ----------
    vehicles : a :class:`Vehicle` or a sequence of them, chosen per flight by ``vehicle_index``.
    lat, lon : launch point, geodetic [rad].
    azimuth : launch azimuth [rad clockwise from north].
    alt : launch height above the ellipsoid [m].
    launch_time : ignition time [s from the scenario epoch].
    kick_angle : overrides the steering kick angle [rad].
    propellant_scale : multiplies every stage's propellant and burn time (same thrust and
        mass flow): the knob that sets burnout speed.
    payload_scale : multiplies the payload (and separated re-entry) mass.
    lift_to_drag, bank [rad], lift_start [s after launch] : override the lift segment
        (a lift segment with ``lift_start`` and no end).
    wind_east, wind_north : per-flight steady wind [m/s], overriding ``earth``'s (a Monte
        Carlo batch whose flights see different winds).
    sample_dt : if given, the trajectory is sampled every ``sample_dt`` seconds from launch.

    Returns
    -------
    FlightResult with N rows; bad rows have a status code and NaN, never an exception,
    except for inputs that are wrong for the whole call (named in an :class:`InputError`).
    """
    P, y0, tl, tables, earth, options = _pack(
        vehicles, lat, lon, azimuth, alt=alt, launch_time=launch_time, vehicle_index=vehicle_index,
        kick_angle=kick_angle, propellant_scale=propellant_scale, payload_scale=payload_scale,
        lift_to_drag=lift_to_drag, bank=bank, lift_start=lift_start, wind_east=wind_east,
        wind_north=wind_north, earth=earth, options=options)
    return _run(P, y0, tl, earth, options, tables, sample_dt)


def propagate(
    states: np.ndarray,
    t0: np.ndarray | float = 0.0,
    *,
    ballistic_coefficient: np.ndarray | float = np.inf,
    lift_to_drag: np.ndarray | float = 0.0,
    bank: np.ndarray | float = 0.0,
    aero_start: np.ndarray | float | None = None,
    backward: bool = False,
    earth: EarthModel | None = None,
    options: IntegratorOptions | None = None,
    sample_dt: float | None = None,
) -> FlightResult:
    """Fly N unpowered objects from ECEF states until they reach the ground.

    Parameters
    ----------
    states : ``(N, 6)`` ECEF position [m] and Earth-relative velocity [m/s].
    t0 : ``(N,)`` or scalar, time of the states [s from the epoch].
    ballistic_coefficient : ``(N,)`` or scalar ``m / (Cd A)`` [kg/m^2]; ``inf`` = no drag.
    lift_to_drag, bank : ``(N,)`` or scalar, lift throughout [-], bank [rad].
    aero_start : ``(N,)`` or scalar time [s from the epoch] before which drag and lift are
        off (an exo-atmospheric ascent); ``None``: aerodynamics from ``t0``.
    backward : fly back in time (to where the flight left the ground, ``end``/``t_end``);
        drag then acts as it did on the way up.  No samples, no aerodynamic start.
    sample_dt : sample the trajectory every ``sample_dt`` seconds from ``t0``.

    Rows with NaN states get status ``invalid``; the others are unaffected.
    """
    earth = earth or EarthModel()
    options = options or IntegratorOptions()
    s = np.asarray(states, dtype=float)
    if s.ndim != 2 or s.shape[1] != 6:
        raise InputError("states", s, f"must have shape (N, 6), got {s.shape}")
    n = s.shape[0]
    if n == 0:
        raise InputError("states", s, "empty batch: no states to propagate")
    t0a = np.broadcast_to(np.asarray(t0, float), (n,)).copy()
    beta = np.broadcast_to(np.asarray(ballistic_coefficient, float), (n,))
    if np.any(beta <= 0):
        raise InputError("ballistic_coefficient", float(beta[beta <= 0][0]), "must be > 0 kg/m^2")
    if backward and (sample_dt is not None or aero_start is not None):
        raise InputError("backward", True, "backward flights take no sample_dt or aero_start")
    P = np.zeros((n, L.NPARAM))
    P[:, L.T0] = t0a
    P[:, L.T_MAX] = t0a - options.t_max if backward else t0a + options.t_max
    for k in range(L.MAX_STAGES):
        P[:, L.STAGE0 + k * L.STAGE_W] = np.inf
        P[:, L.STAGE0 + k * L.STAGE_W + 1] = np.inf
    drag = np.isfinite(beta)
    if aero_start is not None:
        # a zero-thrust pseudo-stage with no reference area until aero_start
        t_on = np.broadcast_to(np.asarray(aero_start, float), (n,))
        P[:, L.N_STAGES] = 1
        P[:, L.STAGE0] = t0a
        P[:, L.STAGE0 + 1] = np.maximum(t_on, t0a)
        P[:, L.STAGE0 + 3] = np.where(drag, beta, 1.0)
    P[:, L.M_COAST] = np.where(drag, beta, 1.0)
    P[:, L.AREA_COAST] = np.where(drag, 1.0, 0.0)
    P[:, L.AREA_BOOST] = 0.0
    P[:, L.T_VERTICAL] = -np.inf
    P[:, L.T_KICK_END] = -np.inf
    P[:, L.LIFT_LD] = np.broadcast_to(np.asarray(lift_to_drag, float), (n,))
    P[:, L.LIFT_BANK] = np.broadcast_to(np.asarray(bank, float), (n,))
    P[:, L.LIFT_T_ON] = -np.inf
    P[:, L.LIFT_T_OFF] = np.inf
    P[:, L.WIND_E] = earth.wind_east
    P[:, L.WIND_N] = earth.wind_north
    P[:, L.T_SAMPLE0] = t0a
    res = _run(P, s, t0a, earth, options, [_UNIT_DRAG], sample_dt)
    if aero_start is not None:  # the pseudo-stage is no burnout
        res.t_burnout[:] = np.nan
        res.burnout[:] = np.nan
    return res


def ballistic_states(lat: np.ndarray | float, lon: np.ndarray | float,
                     speed: np.ndarray | float, fpa: np.ndarray | float,
                     azimuth: np.ndarray | float, alt: np.ndarray | float = 0.0) -> np.ndarray:
    """ECEF states ``(N, 6)`` at a geodetic point with an Earth-relative velocity.

    ``lat``, ``lon`` [rad], ``alt`` [m]; ``speed`` [m/s], flight-path angle ``fpa`` above the
    local horizontal [rad] and ``azimuth`` [rad from north].  Arguments broadcast to ``(N,)``.
    """
    names = ("lat", "lon", "speed", "fpa", "azimuth", "alt")
    vals = [check_finite(nm, np.atleast_1d(np.asarray(a, float))) for nm, a in
            zip(names, (lat, lon, speed, fpa, azimuth, alt), strict=True)]
    check_range("lat", vals[0], -math.pi / 2, math.pi / 2)
    check_range("speed", vals[2], 0.0)
    lat, lon, speed, fpa, azimuth, alt = np.broadcast_arrays(*vals)
    pos = geodetic2ecef(lat, lon, alt)
    sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
    east = np.stack([-so, co, np.zeros_like(so)], -1)
    north = np.stack([-sl * co, -sl * so, cl], -1)
    up = np.stack([cl * co, cl * so, sl], -1)
    horiz = np.cos(azimuth)[:, None] * north + np.sin(azimuth)[:, None] * east
    vel = speed[:, None] * (np.cos(fpa)[:, None] * horiz + np.sin(fpa)[:, None] * up)
    return np.concatenate([pos, vel], axis=-1)


@functools.cache
def warm_up() -> None:
    """Compile (or load from the on-disk cache) the integrator once, on a tiny batch."""
    propagate(np.array([[6378137.0 + 1000.0, 0, 0, 100.0, 0, 0]]))
