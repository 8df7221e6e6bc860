"""Batch flight simulation: pack flights into rows, integrate, collect results.

Two entry points, both batch-first with any leading shape:

* :func:`simulate` flies launches of generic vehicles from the ground;
* :func:`propagate` flies unpowered objects from given ECEF states (a tracked
  missile after burnout, a re-entry vehicle), with a ballistic coefficient.

A row that fails (NaN input, time limit, divergence) gets a status code and NaN in its
results (:mod:`launchwatch.status`); the rest of the batch is unaffected.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np

from ..earth.atmosphere import upper_table
from ..earth.model import EarthModel
from ..errors import InputError, check_finite, check_range
from ..status import OK, TIME_LIMIT
from . import _layout as L
from ._integrator import (
    NOPTS,
    O_ATOL_POS,
    O_ATOL_VEL,
    O_HINIT,
    O_HMAX,
    O_MAXSTEPS,
    O_RTOL,
    O_SAMPLE_DT,
    integrate_batch,
)
from .pack import UNIT_DRAG, broadcast_batch, coast_rows, drag_tables, launch_rows
from .result import FlightResult
from .vehicle import DragTable, IntegratorOptions, Vehicle

__all__ = ["ballistic_states", "propagate", "simulate", "warm_up"]


def _options_array(options: IntegratorOptions, sample_dt: float) -> np.ndarray:
    o = np.zeros(NOPTS)
    o[O_RTOL] = options.rtol
    o[O_ATOL_POS] = options.atol_position
    o[O_ATOL_VEL] = options.atol_velocity
    o[O_HMAX] = options.max_step
    o[O_HINIT] = options.initial_step
    o[O_MAXSTEPS] = options.max_steps
    o[O_SAMPLE_DT] = sample_dt
    return o


def _run(rows: np.ndarray, y0: np.ndarray, t_launch: np.ndarray, earth: EarthModel,
         options: IntegratorOptions, tables: Sequence[DragTable], sample_dt: float | None
         ) -> FlightResult:
    """Integrate flat rows ``(N,)`` of :data:`~._layout.PARAMS` from states ``y0 (N, 6)``."""
    n = rows.shape[0]
    tm, tc = drag_tables(tables)
    atm = upper_table()
    params = L.matrix(rows)
    y0 = np.ascontiguousarray(y0, dtype=float)
    ep = earth.kernel_params()

    def once(dt: float, n_samples: int) -> tuple:
        info = np.full((n, L.NINFO), np.nan)
        s_bo = np.full((n, 6), np.nan)
        s_ap = np.full((n, 6), np.nan)
        s_end = np.full((n, 6), np.nan)
        samples = np.full((n, n_samples, 6), np.nan)
        status = np.zeros(n, dtype=np.int8)
        integrate_batch(params, y0, _options_array(options, dt), ep, atm, tm, tc, info,
                        s_bo, s_ap, s_end, samples, status)
        return L.info_view(info), s_bo, s_ap, s_end, samples, status

    info, s_bo, s_ap, s_end, samples, status = once(0.0, 0)
    times = np.empty(0)
    if sample_dt is not None:
        if not (sample_dt > 0 and math.isfinite(sample_dt)):
            raise InputError("sample_dt", sample_dt, "must be a positive number of seconds")
        # second pass with the sample buffer sized to the longest flight
        span = np.nanmax(info["t_end"] - t_launch) if n and np.isfinite(info["t_end"]).any() else 0.0
        n_samples = math.floor(span / sample_dt + 1e-9) + 1
        info, s_bo, s_ap, s_end, samples, status = once(sample_dt, n_samples)
        times = np.arange(n_samples) * sample_dt
    s_end[(status != OK) & (status != TIME_LIMIT)] = np.nan
    return FlightResult(
        status=status, t0=rows["t0"].copy(), t_launch=t_launch, y0=y0,
        t_end=info["t_end"].copy(), end=s_end, t_burnout=info["t_burnout"].copy(), burnout=s_bo,
        t_apogee=info["t_apogee"].copy(), apogee=s_ap, h_apogee=info["h_apogee"].copy(),
        v_max=info["v_max"].copy(), n_steps=info["n_steps"].copy(), n_fev=info["n_fev"].copy(),
        earth=earth, sample_times=times, samples=samples)


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
    """Fly launches of generic vehicles from the ground, in one compiled parallel call.

    Parameters (arrays broadcast to one batch shape ``B``, any number of axes)
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
    :class:`FlightResult` of shape ``B``; bad rows have a status code and NaN, never an
    exception, except for inputs that are wrong for the whole call (named in an
    :class:`~launchwatch.errors.InputError`).
    """
    earth = earth or EarthModel()
    options = options or IntegratorOptions()
    rows, y0, tl, tables, shape = launch_rows(
        vehicles, lat, lon, azimuth, alt=alt, launch_time=launch_time, vehicle_index=vehicle_index,
        kick_angle=kick_angle, propellant_scale=propellant_scale, payload_scale=payload_scale,
        lift_to_drag=lift_to_drag, bank=bank, lift_start=lift_start, wind_east=wind_east,
        wind_north=wind_north, earth=earth, options=options)
    return _run(rows, y0, tl, earth, options, tables, sample_dt).reshape(shape or (1,))


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
    """Fly unpowered objects from ECEF states until they reach the ground.

    Parameters (the batch shape ``B`` is ``states.shape[:-1]``; the others broadcast to it)
    ----------
    states : ``B + (6,)`` ECEF position [m] and Earth-relative velocity [m/s].
    t0 : time of the states [s from the epoch].
    ballistic_coefficient : ``m / (Cd A)`` [kg/m^2]; ``inf`` = no drag.
    lift_to_drag, bank : lift throughout [-], bank [rad].
    aero_start : time [s from the epoch] before which drag and lift are off (an
        exo-atmospheric ascent); ``None``: aerodynamics from ``t0``.
    backward : fly back in time (to where the flight left the ground, ``end``/``t_end``);
        drag then acts as it did on the way up.  No samples, no aerodynamic start.
    sample_dt : sample the trajectory every ``sample_dt`` seconds from ``t0``.

    Rows with NaN states get status ``invalid``; the others are unaffected.
    """
    earth = earth or EarthModel()
    options = options or IntegratorOptions()
    s = np.asarray(states, dtype=float)
    if s.ndim < 1 or s.shape[-1] != 6:
        raise InputError("states", s, f"must have shape (..., 6), got {s.shape}")
    shape = s.shape[:-1] or (1,)
    n = int(np.prod(shape))
    if n == 0:
        raise InputError("states", s, "empty batch: no states to propagate")
    try:
        _, b = broadcast_batch(t0=np.broadcast_to(np.asarray(t0, float), shape),
                               beta=np.broadcast_to(np.asarray(ballistic_coefficient, float), shape),
                               ld=np.broadcast_to(np.asarray(lift_to_drag, float), shape),
                               bank=np.broadcast_to(np.asarray(bank, float), shape),
                               aero=None if aero_start is None else
                               np.broadcast_to(np.asarray(aero_start, float), shape))
    except ValueError as exc:
        raise InputError("states", shape, "t0, ballistic_coefficient, lift and aero_start "
                         "must broadcast to the states' batch shape") from exc
    if np.any(b["beta"] <= 0):
        raise InputError("ballistic_coefficient", float(b["beta"][b["beta"] <= 0][0]),
                         "must be > 0 kg/m^2")
    if backward and (sample_dt is not None or aero_start is not None):
        raise InputError("backward", True, "backward flights take no sample_dt or aero_start")
    rows = coast_rows(b["t0"], b["beta"], b["ld"], b["bank"], b.get("aero"), backward, earth,
                      options)
    res = _run(rows, s.reshape(n, 6), b["t0"].copy(), earth, options, [UNIT_DRAG], sample_dt)
    if aero_start is not None:  # the pseudo-stage is no burnout
        res.t_burnout[:] = np.nan
        res.burnout[:] = np.nan
    return res.reshape(shape)


def ballistic_states(lat: np.ndarray | float, lon: np.ndarray | float,
                     speed: np.ndarray | float, fpa: np.ndarray | float,
                     azimuth: np.ndarray | float, alt: np.ndarray | float = 0.0,
                     earth: EarthModel | None = None) -> np.ndarray:
    """ECEF states ``B + (6,)`` at a geodetic point with an Earth-relative velocity.

    ``lat``, ``lon`` [rad], ``alt`` [m] above ``earth``'s ellipsoid; ``speed`` [m/s],
    flight-path angle ``fpa`` above the local horizontal [rad] and ``azimuth`` [rad from
    north].  Arguments broadcast to the batch shape ``B`` (at least one axis).
    """
    from ..earth.frames import enu_basis

    names = ("lat", "lon", "speed", "fpa", "azimuth", "alt")
    vals = [check_finite(nm, np.atleast_1d(np.asarray(a, float))) for nm, a in
            zip(names, (lat, lon, speed, fpa, azimuth, alt), strict=True)]
    check_range("lat", vals[0], -math.pi / 2, math.pi / 2)
    check_range("speed", vals[2], 0.0)
    lat, lon, speed, fpa, azimuth, alt = np.broadcast_arrays(*vals)
    ell = (earth or EarthModel()).ellipsoid
    east, north, up = np.moveaxis(enu_basis(lat, lon), -2, 0)
    horiz = np.cos(azimuth)[..., None] * north + np.sin(azimuth)[..., None] * east
    vel = speed[..., None] * (np.cos(fpa)[..., None] * horiz + np.sin(fpa)[..., None] * up)
    return np.concatenate([ell.geodetic2ecef(lat, lon, alt), vel], axis=-1)


@functools.cache
def warm_up() -> None:
    """Compile (or load from the on-disk cache) the integrator once, on a tiny batch."""
    propagate(np.array([[6378137.0 + 1000.0, 0, 0, 100.0, 0, 0]]))
