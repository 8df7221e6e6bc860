"""One structured layout for the per-flight rows handed to the compiled integrator.

A flight is one row of :data:`PARAMS` (a numpy structured dtype of float64 fields); every
packer fills rows from :func:`new_rows` by field name, and the integrator reads the same
row as a plain float64 vector through the indices derived here from the dtype, so the
names and the kernel's offsets cannot drift apart.  Times are absolute (seconds from the
scenario epoch).  The default row is an unpowered, unsteered, lift-free flight with no
drag.

The outputs per flight (:data:`INFO`) follow the same scheme.
"""

from __future__ import annotations

import numpy as np

from ..status import DIVERGED, INVALID, MAX_STEPS, OK, STEP_UNDERFLOW, TIME_LIMIT

__all__ = ["INFO", "PARAMS", "info_view", "matrix", "new_rows"]

MAX_STAGES = 4
#: per powered stage: start and end of the burn [s], thrust [N], mass at ignition [kg],
#: mass flow [kg/s]
STAGE_FIELDS = ("t_start", "t_end", "thrust", "mass", "mdot")

PARAMS = np.dtype([
    ("t0", "f8"),  # integration start time [s]
    ("t_max", "f8"),  # time limit [s] (before t0: the flight runs backward)
    ("n_stages", "f8"),  # number of powered stages (0 = unpowered)
    ("stage", "f8", (MAX_STAGES, len(STAGE_FIELDS))),
    ("m_coast", "f8"),  # mass after final burnout [kg]
    ("area_boost", "f8"),  # reference area while powered [m^2]
    ("table_boost", "f8"),  # index of the Cd(Mach) table while powered
    ("area_coast", "f8"),  # reference area after final burnout [m^2]
    ("table_coast", "f8"),  # index of the Cd(Mach) table after final burnout
    ("azimuth", "f8"),  # launch azimuth [rad from north]
    ("t_vertical", "f8"),  # end of the vertical rise [s]
    ("kick", "f8"),  # pitch-over kick angle from the vertical [rad]
    ("t_kick_end", "f8"),  # end of the kick [s]
    ("steer_mode", "f8"),  # 0 gravity turn, 1 constant pitch rate
    ("pitch_rate", "f8"),  # [rad/s] (mode 1)
    ("pitch_max", "f8"),  # largest pitch from the vertical [rad] (mode 1)
    ("lift_ld", "f8"),  # lift-to-drag ratio (0 = no lift)
    ("lift_bank", "f8"),  # bank angle [rad]
    ("lift_t_on", "f8"),  # lift segment start [s]
    ("lift_t_off", "f8"),  # lift segment end [s]
    ("wind_east", "f8"),  # steady wind, east [m/s] (per flight: Monte Carlo over winds)
    ("wind_north", "f8"),  # steady wind, north [m/s]
    ("t_sample0", "f8"),  # time of the first trajectory sample [s]
])
NPARAM = PARAMS.itemsize // 8

INFO = np.dtype([("t_end", "f8"), ("t_burnout", "f8"), ("t_apogee", "f8"), ("h_apogee", "f8"),
                 ("v_max", "f8"), ("n_steps", "f8"), ("n_fev", "f8")])
NINFO = INFO.itemsize // 8


def _index(dtype: np.dtype, name: str) -> int:
    return dtype.fields[name][1] // 8


T0 = _index(PARAMS, "t0")
T_MAX = _index(PARAMS, "t_max")
N_STAGES = _index(PARAMS, "n_stages")
STAGE0 = _index(PARAMS, "stage")
STAGE_W = len(STAGE_FIELDS)
S_T_START, S_T_END, S_THRUST, S_MASS, S_MDOT = range(STAGE_W)
M_COAST = _index(PARAMS, "m_coast")
AREA_BOOST = _index(PARAMS, "area_boost")
TABLE_BOOST = _index(PARAMS, "table_boost")
AREA_COAST = _index(PARAMS, "area_coast")
TABLE_COAST = _index(PARAMS, "table_coast")
AZIMUTH = _index(PARAMS, "azimuth")
T_VERTICAL = _index(PARAMS, "t_vertical")
KICK = _index(PARAMS, "kick")
T_KICK_END = _index(PARAMS, "t_kick_end")
STEER_MODE = _index(PARAMS, "steer_mode")
PITCH_RATE = _index(PARAMS, "pitch_rate")
PITCH_MAX = _index(PARAMS, "pitch_max")
LIFT_LD = _index(PARAMS, "lift_ld")
LIFT_BANK = _index(PARAMS, "lift_bank")
LIFT_T_ON = _index(PARAMS, "lift_t_on")
LIFT_T_OFF = _index(PARAMS, "lift_t_off")
WIND_E = _index(PARAMS, "wind_east")
WIND_N = _index(PARAMS, "wind_north")
T_SAMPLE0 = _index(PARAMS, "t_sample0")

I_T_END = _index(INFO, "t_end")
I_T_BURNOUT = _index(INFO, "t_burnout")
I_T_APOGEE = _index(INFO, "t_apogee")
I_H_APOGEE = _index(INFO, "h_apogee")
I_VMAX = _index(INFO, "v_max")
I_NSTEPS = _index(INFO, "n_steps")
I_NFEV = _index(INFO, "n_fev")

# integrator status codes (the shared table of launchwatch.status)
__all__ += ["DIVERGED", "INVALID", "MAX_STEPS", "OK", "STEP_UNDERFLOW", "TIME_LIMIT"]


def new_rows(n: int) -> np.ndarray:
    """``n`` default rows of :data:`PARAMS`: unpowered (stage times at +inf), no steering
    (its times at -inf), no lift, no drag (zero areas), starting at t = 0."""
    rows = np.zeros(n, PARAMS)
    rows["stage"][..., S_T_START] = np.inf
    rows["stage"][..., S_T_END] = np.inf
    rows["m_coast"] = 1.0
    rows["t_vertical"] = -np.inf
    rows["t_kick_end"] = -np.inf
    rows["lift_t_on"] = -np.inf
    rows["lift_t_off"] = np.inf
    return rows


def matrix(rows: np.ndarray) -> np.ndarray:
    """The rows ``(N,)`` of :data:`PARAMS` as the integrator's ``(N, NPARAM)`` float64 matrix."""
    return np.ascontiguousarray(rows).view(np.float64).reshape(rows.shape[0], NPARAM)


def info_view(info: np.ndarray) -> np.ndarray:
    """The integrator's ``(N, NINFO)`` output matrix as rows of :data:`INFO` (a view)."""
    return np.ascontiguousarray(info).view(INFO).reshape(info.shape[0])
