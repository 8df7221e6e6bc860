"""Column layout of the per-flight parameter rows handed to the compiled integrator.

One row of ``params`` (float64) describes one flight completely; the integrator reads it
by these indices.  Times are absolute (seconds from the scenario epoch).
"""

from __future__ import annotations

MAX_STAGES = 4

T0 = 0  # integration start time [s]
T_MAX = 1  # time limit [s]
N_STAGES = 2  # number of powered stages (0 = unpowered)
# per stage k: STAGE0 + k*STAGE_W + (t_start, t_end, thrust [N], mass at ignition [kg], mdot [kg/s])
STAGE0 = 3
STAGE_W = 5
_S = STAGE0 + MAX_STAGES * STAGE_W  # 23
M_COAST = _S + 0  # mass after final burnout [kg]
AREA_BOOST = _S + 1  # reference area while powered [m^2]
TABLE_BOOST = _S + 2  # index of the Cd(Mach) table while powered
AREA_COAST = _S + 3  # reference area after final burnout [m^2]
TABLE_COAST = _S + 4  # index of the Cd(Mach) table after final burnout
AZIMUTH = _S + 5  # launch azimuth [rad from north]
T_VERTICAL = _S + 6  # end of vertical rise [s, absolute]
KICK = _S + 7  # pitch-over kick angle from vertical [rad]
T_KICK_END = _S + 8  # end of the kick manoeuvre [s, absolute]
STEER_MODE = _S + 9  # 0 gravity turn, 1 constant pitch rate
PITCH_RATE = _S + 10  # [rad/s] (mode 1)
PITCH_MAX = _S + 11  # largest pitch from vertical [rad] (mode 1)
LIFT_LD = _S + 12  # lift-to-drag ratio (0 = no lift)
LIFT_BANK = _S + 13  # bank angle [rad]
LIFT_T_ON = _S + 14  # lift segment start [s, absolute]
LIFT_T_OFF = _S + 15  # lift segment end [s, absolute]
WIND_E = _S + 16  # steady wind, east [m/s]
WIND_N = _S + 17  # steady wind, north [m/s]
T_SAMPLE0 = _S + 18  # time of the first trajectory sample [s]
NPARAM = _S + 19

# status codes (one per flight)
OK = 0  #: reached the ground
TIME_LIMIT = 1  #: still flying at the time limit
STEP_UNDERFLOW = 2  #: step size collapsed (stiff or singular dynamics)
DIVERGED = 3  #: state became NaN/inf
MAX_STEPS = 4  #: too many steps
INVALID = 5  #: bad row (NaN parameters or a start below the ground)

STATUS_NAMES = {OK: "impact", TIME_LIMIT: "time-limit", STEP_UNDERFLOW: "step-underflow",
                DIVERGED: "diverged", MAX_STEPS: "max-steps", INVALID: "invalid"}

# scalar outputs per flight (``info`` array columns)
I_T_END = 0
I_T_BURNOUT = 1
I_T_APOGEE = 2
I_H_APOGEE = 3
I_VMAX = 4
I_NSTEPS = 5
I_NFEV = 6
NINFO = 7
