"""Packing flights into integrator rows (:data:`launchwatch.flight._layout.PARAMS`).

Two packers, one layout: :func:`launch_rows` for powered launches of vehicles from the
ground, :func:`coast_rows` for unpowered objects flown from given states.  Both start
from :func:`~launchwatch.flight._layout.new_rows` and set fields by name.  Arguments
broadcast to one batch of any shape; the rows are flat, the shape is returned.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..earth.constants import G0
from ..earth.model import EarthModel
from ..errors import InputError, check_finite, check_range
from . import _layout as L
from .vehicle import DragTable, IntegratorOptions, Vehicle

__all__ = ["UNIT_DRAG", "broadcast_batch", "coast_rows", "drag_tables", "launch_rows"]

#: the Cd = 1 table: with area 1 and "mass" beta, kappa = 1 / beta exactly
UNIT_DRAG = DragTable.constant(1.0)


def broadcast_batch(**arrays: np.ndarray | float | None) -> tuple[tuple[int, ...], dict[str, np.ndarray]]:
    """Broadcast the given (non-``None``) arguments to one batch; returns its shape and the
    flattened float arrays."""
    given = {k: np.asarray(v, float) for k, v in arrays.items() if v is not None}
    try:
        shape = np.broadcast_shapes(*(a.shape for a in given.values()))
    except ValueError as exc:
        raise InputError("batch", {k: a.shape for k, a in given.items()},
                         "arguments do not broadcast to one batch shape") from exc
    return shape, {k: np.broadcast_to(a, shape).astype(float).ravel() for k, a in given.items()}


def drag_tables(tables: Sequence[DragTable]) -> tuple[np.ndarray, np.ndarray]:
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


def _vehicle_table(vehicles: Sequence[Vehicle]) -> tuple[dict[str, np.ndarray], list[DragTable]]:
    """Per-vehicle arrays ``(V, ...)`` that :func:`launch_rows` indexes and scales."""
    tables: list[DragTable] = [UNIT_DRAG]

    def table(t: DragTable) -> int:
        if t not in tables:
            tables.append(t)
        return tables.index(t)

    cols: dict[str, list] = {k: [] for k in (
        "prop", "dry", "burn", "thrust", "n_stages", "payload", "area", "table", "coast_extra",
        "area_coast", "table_coast", "separates", "t_vert", "kick", "kick_dur", "mode",
        "rate", "pmax", "ld", "bank", "lift_on", "lift_off")}
    for v in vehicles:
        pad = [0.0] * (L.MAX_STAGES - len(v.stages))
        cols["prop"].append([s.propellant_mass for s in v.stages] + pad)
        cols["dry"].append([s.dry_mass for s in v.stages] + pad)
        cols["burn"].append([s.burn_time for s in v.stages] + pad)
        cols["thrust"].append([s.thrust_n for s in v.stages] + pad)
        cols["n_stages"].append(len(v.stages))
        cols["payload"].append(v.payload_mass)
        cols["area"].append(v.reference_area)
        cols["table"].append(table(v.drag))
        body = v.reentry
        cols["separates"].append(1.0 if body else 0.0)
        cols["area_coast"].append(body.reference_area if body else v.reference_area)
        cols["table_coast"].append(table(body.drag) if body else table(v.drag))
        cols["coast_extra"].append(body.mass - v.payload_mass if body else 0.0)
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


def launch_rows(vehicles: Vehicle | Sequence[Vehicle], lat, lon, azimuth, *, alt=0.0,
                launch_time=0.0, vehicle_index=0, kick_angle=None, propellant_scale=None,
                payload_scale=None, lift_to_drag=None, bank=None, lift_start=None,
                wind_east=None, wind_north=None, earth: EarthModel, options: IntegratorOptions
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[DragTable], tuple[int, ...]]:
    """Rows of launches from the ground (see :func:`launchwatch.flight.simulate` for the
    arguments): ``(rows (N,) of PARAMS, y0 (N, 6), t_launch (N,), drag tables, batch shape)``.

    Bad input names the field, the row and the value.
    """
    vlist = [vehicles] if isinstance(vehicles, Vehicle) else list(vehicles)
    if not vlist:
        raise InputError("vehicles", vlist, "at least one vehicle is needed")
    shape, b = broadcast_batch(
        lat=lat, lon=lon, azimuth=azimuth, alt=alt, launch_time=launch_time,
        vehicle_index=vehicle_index, kick_angle=kick_angle, propellant_scale=propellant_scale,
        payload_scale=payload_scale, lift_to_drag=lift_to_drag, bank=bank, lift_start=lift_start,
        wind_east=wind_east, wind_north=wind_north)
    n = b["lat"].size
    if n == 0:
        raise InputError("lat", b["lat"], "empty batch: no flights to simulate")
    for name, arr in b.items():
        check_finite(name, arr)
    check_range("lat", b["lat"], -math.pi / 2, math.pi / 2)
    check_range("alt", b["alt"], -500.0, 1e5)
    idx = b["vehicle_index"]
    bad = (idx < 0) | (idx >= len(vlist)) | (idx != np.round(idx))
    if bad.any():
        raise InputError("vehicle_index", idx[bad][0], f"must be an integer in [0, {len(vlist) - 1}]")
    for name in ("propellant_scale", "payload_scale"):
        if name in b:
            check_range(name, b[name], 0.0, 100.0, lo_open=True)
    if "kick_angle" in b:
        check_range("kick_angle", b["kick_angle"], 0.0, math.pi / 2)
    if "lift_to_drag" in b:
        check_range("lift_to_drag", b["lift_to_drag"], 0.0, 10.0)
    for name in ("wind_east", "wind_north"):
        if name in b:
            check_range(name, b[name], -200.0, 200.0)
    idx = idx.astype(np.intp)
    V, tables = _vehicle_table(vlist)

    def col(key: str) -> np.ndarray:
        return V[key][idx]

    tl = b["launch_time"]
    ps = b.get("propellant_scale", np.ones(n))
    ms = b.get("payload_scale", np.ones(n))
    prop = col("prop") * ps[:, None]
    burn = col("burn") * ps[:, None]
    dry, thrust = col("dry"), col("thrust")
    ns = col("n_stages").astype(int)
    payload = col("payload") * ms

    rows = L.new_rows(n)
    rows["t0"] = tl
    rows["t_max"] = tl + options.t_max
    rows["n_stages"] = ns
    # mass at ignition of stage k = payload + everything of stages k..end
    above = np.cumsum((prop + dry)[:, ::-1], axis=1)[:, ::-1]
    t_start = tl[:, None] + np.concatenate([np.zeros((n, 1)), np.cumsum(burn, axis=1)[:, :-1]],
                                           axis=1)
    live = np.arange(L.MAX_STAGES)[None, :] < ns[:, None]
    stage = rows["stage"]
    stage[..., L.S_T_START] = np.where(live, t_start, np.inf)
    stage[..., L.S_T_END] = np.where(live, t_start + burn, np.inf)
    stage[..., L.S_THRUST] = np.where(live, thrust, 0.0)
    stage[..., L.S_MASS] = np.where(live, payload[:, None] + above, 0.0)
    stage[..., L.S_MDOT] = np.where(live, prop / np.where(live, burn, 1.0), 0.0)
    rows["stage"] = stage
    last_dry = np.take_along_axis(dry, np.maximum(ns - 1, 0)[:, None], axis=1)[:, 0]
    rows["m_coast"] = np.where(col("separates") > 0.5, payload + col("coast_extra") * ms,
                               payload + np.where(ns > 0, last_dry, 0.0))
    rows["area_boost"] = col("area")
    rows["table_boost"] = col("table")
    rows["area_coast"] = col("area_coast")
    rows["table_coast"] = col("table_coast")
    rows["azimuth"] = b["azimuth"]
    rows["t_vertical"] = tl + col("t_vert")
    rows["kick"] = b.get("kick_angle", col("kick"))
    rows["t_kick_end"] = rows["t_vertical"] + col("kick_dur")
    rows["steer_mode"] = col("mode")
    rows["pitch_rate"] = col("rate")
    rows["pitch_max"] = col("pmax")
    rows["lift_ld"] = b.get("lift_to_drag", col("ld"))
    rows["lift_bank"] = b.get("bank", col("bank"))
    rows["lift_t_on"] = tl + b.get("lift_start", col("lift_on"))
    rows["lift_t_off"] = np.inf if "lift_start" in b else tl + col("lift_off")
    rows["wind_east"] = b.get("wind_east", earth.wind_east)
    rows["wind_north"] = b.get("wind_north", earth.wind_north)
    rows["t_sample0"] = tl
    y0 = np.zeros((n, 6))
    y0[:, :3] = earth.ellipsoid.geodetic2ecef(b["lat"], b["lon"], b["alt"])
    # thrust-to-weight below 1 at lift-off: the vehicle would never leave the pad
    s0 = stage[:, 0]
    tw = np.where(ns > 0, s0[:, L.S_THRUST] / (s0[:, L.S_MASS] * G0), np.inf)
    if np.any(tw < 1.0):
        i = int(np.argmax(tw < 1.0))
        raise InputError(f"vehicles[{int(idx[i])}].stages[0].thrust", float(s0[i, L.S_THRUST]),
                         f"thrust-to-weight at lift-off is {tw[i]:.2f} < 1: it cannot lift off")
    return rows, y0, tl.copy(), tables, shape


def coast_rows(t0: np.ndarray, beta: np.ndarray, lift_to_drag: np.ndarray, bank: np.ndarray,
               aero_start: np.ndarray | None, backward: bool, earth: EarthModel,
               options: IntegratorOptions) -> np.ndarray:
    """Rows ``(N,)`` of unpowered flights from given states at ``t0 (N,)`` [s]: ballistic
    coefficient ``beta`` [kg/m^2] (``inf``: no drag), lift, and aerodynamics off until
    ``aero_start`` (a zero-thrust pseudo-stage with no reference area)."""
    n = t0.size
    rows = L.new_rows(n)
    rows["t0"] = t0
    rows["t_max"] = t0 - options.t_max if backward else t0 + options.t_max
    drag = np.isfinite(beta)
    # drag: Cd = 1 (table 0), area 1, "mass" beta, so that kappa = 1 / beta
    rows["m_coast"] = np.where(drag, beta, 1.0)
    rows["area_coast"] = np.where(drag, 1.0, 0.0)
    if aero_start is not None:
        rows["n_stages"] = 1
        stage = rows["stage"]
        stage[:, 0, L.S_T_START] = t0
        stage[:, 0, L.S_T_END] = np.maximum(aero_start, t0)
        stage[:, 0, L.S_MASS] = np.where(drag, beta, 1.0)
        rows["stage"] = stage
    rows["lift_ld"] = lift_to_drag
    rows["lift_bank"] = bank
    rows["wind_east"] = earth.wind_east
    rows["wind_north"] = earth.wind_north
    rows["t_sample0"] = t0
    return rows
