"""The vehicle's forces for the compiled integrator: thrust, steering and lift on top of the
shared gravity-drag-rotation kernel (:mod:`._dynamics`), in the rotating Earth-fixed frame.

``_phase`` gives a time's stage, steering segment and lift state (fixed inside a step, as
steps never cross a breakpoint); ``_cd`` the drag coefficient of a Mach table; ``_local``
the local vertical, east and north at a state; ``_rhs`` the derivative of the state
(position [m], velocity [m/s], mass [kg]) for one flight's parameter row (:mod:`._layout`).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..earth import _kernels as ek
from . import _dynamics as dyn
from . import _layout as L


@njit(cache=True)
def _cd(tab_m: np.ndarray, tab_c: np.ndarray, k: int, mach: float) -> float:
    """Drag coefficient of table ``k`` at ``mach``: piecewise cubic (PCHIP) in Mach.

    ``tab_m[k]`` holds the Mach knots, ``tab_c[k, :, j]`` the cubic coefficients of
    interval ``j`` (highest power first); the curve is C1, so the integrator's error
    control does not stumble on table corners.  Clamped outside the table.
    """
    n = tab_m.shape[1]
    if mach <= tab_m[k, 0]:
        return tab_c[k, 3, 0]
    if mach >= tab_m[k, n - 1]:
        x = tab_m[k, n - 1] - tab_m[k, n - 2]
        j = n - 2
    else:
        lo = 0
        hi = n - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if tab_m[k, mid] <= mach:
                lo = mid
            else:
                hi = mid
        x = mach - tab_m[k, lo]
        j = lo
    return ((tab_c[k, 0, j] * x + tab_c[k, 1, j]) * x + tab_c[k, 2, j]) * x + tab_c[k, 3, j]


@njit(cache=True)
def _local(y: np.ndarray, ep: np.ndarray) -> tuple[float, float, float, float, float]:
    """Height [m] and trig of the local vertical of state ``y`` (one Bowring step)."""
    return ek.geodetic(y[0], y[1], y[2], ep, 1)


@njit(cache=True)
def _phase(t: float, p: np.ndarray) -> tuple[int, int, int]:
    """Phase at time ``t`` (just inside a step): (powered stage or -1, steering segment, lift on)."""
    kst = -1
    for k in range(int(p[L.N_STAGES])):
        b = L.STAGE0 + k * L.STAGE_W
        if p[b + L.S_T_START] <= t < p[b + L.S_T_END]:
            kst = k
            break
    seg = 2
    if t < p[L.T_VERTICAL]:
        seg = 0
    elif t < p[L.T_KICK_END]:
        seg = 1
    lift = 1 if (p[L.LIFT_LD] != 0.0 and p[L.LIFT_T_ON] <= t < p[L.LIFT_T_OFF]) else 0
    return kst, seg, lift


@njit(cache=True)
def _rhs(t: float, y: np.ndarray, p: np.ndarray, kst: int, seg: int, lift: int,
         ep: np.ndarray, atm: np.ndarray, tab_m: np.ndarray,
         tab_c: np.ndarray, out: np.ndarray) -> None:
    x, yy, z, vx, vy, vz = y[0], y[1], y[2], y[3], y[4], y[5]
    _, sl, cl, so, co, rho, asnd = dyn.environment(x, yy, z, ep, atm)
    ux, uy, uz = cl * co, cl * so, sl  # up
    ex, ey = -so, co  # east (ez = 0)
    nx, ny, nz = -sl * co, -sl * so, cl  # north
    if kst >= 0:
        b = L.STAGE0 + kst * L.STAGE_W
        thrust = p[b + L.S_THRUST]
        m = p[b + L.S_MASS] - p[b + L.S_MDOT] * (t - p[b + L.S_T_START])
        area = p[L.AREA_BOOST]
        tabk = int(p[L.TABLE_BOOST])
    else:
        thrust = 0.0
        m = p[L.M_COAST]
        area = p[L.AREA_COAST]
        tabk = int(p[L.TABLE_COAST])
    rvx, rvy, rvz = dyn.air_velocity(vx, vy, vz, sl, cl, so, co, p[L.WIND_E], p[L.WIND_N])
    vr = math.sqrt(rvx * rvx + rvy * rvy + rvz * rvz)
    kappa = _cd(tab_m, tab_c, tabk, vr / asnd) * area / m if vr > 0.0 and area > 0.0 else 0.0
    ax, ay, az, dacc = dyn.acceleration(x, yy, z, vx, vy, vz, ep, rho, rvx, rvy, rvz, kappa)
    if lift == 1 and dacc > 0.0:
        # lift perpendicular to the air-relative velocity, in the vertical plane for
        # zero bank, rotated about the velocity by the bank angle
        dx, dy, dz = rvx / vr, rvy / vr, rvz / vr
        ud = ux * dx + uy * dy + uz * dz
        lx, ly, lz = ux - ud * dx, uy - ud * dy, uz - ud * dz
        ln = math.sqrt(lx * lx + ly * ly + lz * lz)
        if ln > 1e-12:
            lx, ly, lz = lx / ln, ly / ln, lz / ln
            sx, sy, sz = dy * lz - dz * ly, dz * lx - dx * lz, dx * ly - dy * lx
            cb, sb = math.cos(p[L.LIFT_BANK]), math.sin(p[L.LIFT_BANK])
            lacc = p[L.LIFT_LD] * dacc
            ax += lacc * (cb * lx + sb * sx)
            ay += lacc * (cb * ly + sb * sy)
            az += lacc * (cb * lz + sb * sz)
    if thrust > 0.0:
        if seg == 0:
            tx, ty, tz = ux, uy, uz
        elif seg == 2 and p[L.STEER_MODE] < 0.5 and vr > 1.0:
            tx, ty, tz = rvx / vr, rvy / vr, rvz / vr
        else:
            if seg == 1:
                dur = p[L.T_KICK_END] - p[L.T_VERTICAL]
                th = p[L.KICK] * (t - p[L.T_VERTICAL]) / dur if dur > 0.0 else p[L.KICK]
            elif seg == 2 and p[L.STEER_MODE] >= 0.5:
                th = p[L.KICK] + p[L.PITCH_RATE] * (t - p[L.T_KICK_END])
                if th > p[L.PITCH_MAX]:
                    th = p[L.PITCH_MAX]
            else:
                th = p[L.KICK]
            ca, sa = math.cos(p[L.AZIMUTH]), math.sin(p[L.AZIMUTH])
            hx, hy, hz = ca * nx + sa * ex, ca * ny + sa * ey, ca * nz
            ct, st = math.cos(th), math.sin(th)
            tx, ty, tz = ct * ux + st * hx, ct * uy + st * hy, ct * uz + st * hz
        f = thrust / m
        ax += f * tx
        ay += f * ty
        az += f * tz
    out[0] = vx
    out[1] = vy
    out[2] = vz
    out[3] = ax
    out[4] = ay
    out[5] = az
