"""Compiled batch integrator: Dormand-Prince 5(4) with dense output and events.

Each flight is integrated on its own adaptive step sequence (error control per flight),
and the flights of a batch run in parallel threads (``numba.prange``).  Steps never
cross a breakpoint (stage ignition/burnout, end of vertical rise or kick, lift on/off),
so the right-hand side is smooth inside every step and its phase is fixed per step.
Events located on the 5th-order continuous extension (Hairer, Norsett & Wanner, II.6):
burnout (a breakpoint), apogee (altitude rate + -> -) and impact (altitude + -> 0).
A flight whose time limit lies before its start is integrated backward in time (the
same events: "impact" is then where the flight left the ground).

Equations of motion are written in the rotating Earth-fixed (ECEF) frame:

    dv/dt = g(r) + a_thrust + a_drag + a_lift - 2 w x v - w x (w x r)

with w = (0, 0, OMEGA) (OMEGA = 0 for a non-rotating Earth).  Gravity, drag and the
rotation terms are the shared kernel of :mod:`._dynamics`; thrust, steering and lift are
added in :mod:`._vehicle`.  The Earth is the parameter vector ``ep`` of an
:class:`~launchwatch.earth.EarthModel`.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

from . import _layout as L
from ._vehicle import _local, _phase, _rhs

# integrator options (``opts`` array)
O_RTOL = 0
O_ATOL_POS = 1
O_ATOL_VEL = 2
O_HMAX = 3
O_HINIT = 4
O_MAXSTEPS = 5
O_SAMPLE_DT = 6
NOPTS = 7

# Dormand-Prince 5(4) tableau
C2, C3, C4, C5 = 1 / 5, 3 / 10, 4 / 5, 8 / 9
A21 = 1 / 5
A31, A32 = 3 / 40, 9 / 40
A41, A42, A43 = 44 / 45, -56 / 15, 32 / 9
A51, A52, A53, A54 = 19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729
A61, A62, A63, A64, A65 = 9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656
B1, B3, B4, B5, B6 = 35 / 384, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84
E1, E3, E4, E5, E6, E7 = (71 / 57600, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525,
                          -1 / 40)
D1, D3, D4, D5, D6, D7 = (-12715105075 / 11282082432, 87487479700 / 32700410799,
                          -10690763975 / 1880347072, 701980252875 / 199316789632,
                          -1453857185 / 822651844, 69997945 / 29380423)


@njit(cache=True)
def _dense(th: float, h: float, y0: np.ndarray, y1: np.ndarray, k1: np.ndarray,
           k3: np.ndarray, k4: np.ndarray, k5: np.ndarray, k6: np.ndarray, k7: np.ndarray,
           out: np.ndarray) -> None:
    th1 = 1.0 - th
    for j in range(6):
        ydiff = y1[j] - y0[j]
        bspl = h * k1[j] - ydiff
        r4 = ydiff - h * k7[j] - bspl
        r5 = h * (D1 * k1[j] + D3 * k3[j] + D4 * k4[j] + D5 * k5[j] + D6 * k6[j] + D7 * k7[j])
        out[j] = y0[j] + th * (ydiff + th1 * (bspl + th * (r4 + th1 * r5)))


@njit(cache=True)
def _hdot(y: np.ndarray, ep: np.ndarray) -> float:
    _, sl, cl, so, co = _local(y, ep)
    return cl * co * y[3] + cl * so * y[4] + sl * y[5]


@njit(cache=True)
def _event_fn(kind: int, y: np.ndarray, ep: np.ndarray) -> float:
    if kind == 0:
        return _local(y, ep)[0]
    return _hdot(y, ep)


@njit(cache=True)
def _locate(kind: int, g0: float, g1: float, h: float, y0: np.ndarray, y1: np.ndarray,
            k1: np.ndarray, k3: np.ndarray, k4: np.ndarray, k5: np.ndarray, k6: np.ndarray,
            k7: np.ndarray, ep: np.ndarray, out: np.ndarray) -> float:
    """Root in [0, 1] of an event function on the dense output (Illinois method)."""
    a, b = 0.0, 1.0
    ga, gb = g0, g1
    side = 0
    th = 1.0
    for _ in range(60):
        th = (a * gb - b * ga) / (gb - ga)
        if not (a < th < b):
            th = 0.5 * (a + b)
        _dense(th, h, y0, y1, k1, k3, k4, k5, k6, k7, out)
        g = _event_fn(kind, out, ep)
        if g == 0.0 or (b - a) * abs(h) < 1e-10:
            break
        if (g > 0.0) == (ga > 0.0):
            a, ga = th, g
            if side == -1:
                gb *= 0.5
            side = -1
        else:
            b, gb = th, g
            if side == 1:
                ga *= 0.5
            side = 1
    return th


@njit(cache=True)
def _fly(p: np.ndarray, y_init: np.ndarray, opts: np.ndarray, ep: np.ndarray, atm: np.ndarray,
         tab_m: np.ndarray, tab_c: np.ndarray, info: np.ndarray, s_bo: np.ndarray,
         s_ap: np.ndarray, s_end: np.ndarray, samples: np.ndarray) -> int:
    """Integrate one flight; fills the output slices and returns its status code."""
    for j in range(L.NPARAM):
        if math.isnan(p[j]):
            return L.INVALID
    for j in range(6):
        if not math.isfinite(y_init[j]):
            return L.INVALID
    t = p[L.T0]
    t_max = p[L.T_MAX]
    rtol = opts[O_RTOL]
    hmax = opts[O_HMAX]
    max_steps = int(opts[O_MAXSTEPS])
    dt_s = opts[O_SAMPLE_DT]
    n_s = samples.shape[0]

    # breakpoints: every time at which the right-hand side changes form
    nst = int(p[L.N_STAGES])
    bps = np.empty(2 * nst + 6)
    nb = 0
    for k in range(nst):
        b = L.STAGE0 + k * L.STAGE_W
        bps[nb] = p[b + L.S_T_START]
        bps[nb + 1] = p[b + L.S_T_END]
        nb += 2
    for val in (p[L.T_VERTICAL], p[L.T_KICK_END], p[L.LIFT_T_ON], p[L.LIFT_T_OFF], t_max):
        bps[nb] = val
        nb += 1
    bps = np.sort(bps[:nb])
    t_burnout = p[L.STAGE0 + (nst - 1) * L.STAGE_W + L.S_T_END] if nst > 0 else -np.inf

    y = y_init.copy()
    yn = np.empty(6)
    ytmp = np.empty(6)
    yev = np.empty(6)
    k1 = np.empty(6)
    k2 = np.empty(6)
    k3 = np.empty(6)
    k4 = np.empty(6)
    k5 = np.empty(6)
    k6 = np.empty(6)
    k7 = np.empty(6)

    hcur = _local(y, ep)[0]
    if hcur < -1.0:
        return L.INVALID
    armed = hcur > 1.0
    hdot_cur = _hdot(y, ep)
    best_ap = -np.inf
    vmax = 0.0
    nfev = 0
    nsteps = 0

    # first sample index at or after t0
    ks = 0
    if dt_s > 0.0 and n_s > 0:
        ks = math.ceil((t - p[L.T_SAMPLE0]) / dt_s - 1e-9)
        if ks < 0:
            ks = 0
        if ks < n_s and abs(p[L.T_SAMPLE0] + ks * dt_s - t) < 1e-9:
            samples[ks, :] = y
            ks += 1

    if nst > 0 and t >= t_burnout:
        s_bo[:] = y
        info[L.I_T_BURNOUT] = t

    # direction of time: backward when the limit lies before the start (no samples then)
    d = 1.0 if t_max >= t else -1.0
    if d < 0.0:
        n_s = 0
    step = d * opts[O_HINIT]
    kst, seg, lift = _phase(t + d * 1e-9 * max(1.0, abs(t)), p)
    _rhs(t, y, p, kst, seg, lift, ep, atm, tab_m, tab_c, k1)
    nfev += 1
    status = L.TIME_LIMIT
    err_old = 1e-4
    rejected = False
    while True:
        if nsteps >= max_steps:
            status = L.MAX_STEPS
            break
        # next breakpoint strictly after t
        nxt = t_max
        if d > 0.0:
            for j in range(nb):
                if bps[j] > t:
                    nxt = bps[j]
                    break
        else:
            for j in range(nb - 1, -1, -1):
                if bps[j] < t:
                    nxt = max(bps[j], t_max)
                    break
        if abs(step) > hmax:
            step = d * hmax
        hit = False
        if d * (t + step - nxt) >= 0.0:
            step = nxt - t
            hit = True
        if abs(step) < 1e-10 * max(1.0, abs(t)):
            if hit and nxt != t_max:
                # a breakpoint within round-off of t: step onto it, enter the next phase
                t = nxt
                kst, seg, lift = _phase(t + d * 1e-9 * max(1.0, abs(t)), p)
                _rhs(t, y, p, kst, seg, lift, ep, atm, tab_m, tab_c, k1)
                nfev += 1
                step = d * opts[O_HINIT]
                continue
            status = L.STEP_UNDERFLOW
            break
        hh = step
        for j in range(6):
            ytmp[j] = y[j] + hh * A21 * k1[j]
        _rhs(t + C2 * hh, ytmp, p, kst, seg, lift, ep, atm, tab_m, tab_c, k2)
        for j in range(6):
            ytmp[j] = y[j] + hh * (A31 * k1[j] + A32 * k2[j])
        _rhs(t + C3 * hh, ytmp, p, kst, seg, lift, ep, atm, tab_m, tab_c, k3)
        for j in range(6):
            ytmp[j] = y[j] + hh * (A41 * k1[j] + A42 * k2[j] + A43 * k3[j])
        _rhs(t + C4 * hh, ytmp, p, kst, seg, lift, ep, atm, tab_m, tab_c, k4)
        for j in range(6):
            ytmp[j] = y[j] + hh * (A51 * k1[j] + A52 * k2[j] + A53 * k3[j] + A54 * k4[j])
        _rhs(t + C5 * hh, ytmp, p, kst, seg, lift, ep, atm, tab_m, tab_c, k5)
        for j in range(6):
            ytmp[j] = y[j] + hh * (A61 * k1[j] + A62 * k2[j] + A63 * k3[j] + A64 * k4[j]
                                   + A65 * k5[j])
        _rhs(t + hh, ytmp, p, kst, seg, lift, ep, atm, tab_m, tab_c, k6)
        for j in range(6):
            yn[j] = y[j] + hh * (B1 * k1[j] + B3 * k3[j] + B4 * k4[j] + B5 * k5[j] + B6 * k6[j])
        _rhs(t + hh, yn, p, kst, seg, lift, ep, atm, tab_m, tab_c, k7)
        nfev += 6
        err = 0.0
        for j in range(6):
            atol = opts[O_ATOL_POS] if j < 3 else opts[O_ATOL_VEL]
            sc = atol + rtol * max(abs(y[j]), abs(yn[j]))
            e = hh * (E1 * k1[j] + E3 * k3[j] + E4 * k4[j] + E5 * k5[j] + E6 * k6[j]
                      + E7 * k7[j]) / sc
            err += e * e
        err = math.sqrt(err / 6.0)
        if not math.isfinite(err):
            if abs(hh) < 1e-6:
                status = L.DIVERGED
                break
            step = 0.25 * hh
            continue
        if err > 1.0:
            step = hh * max(0.2, 0.9 * err ** -0.2)
            rejected = True
            continue
        # accepted step [t, t + hh]
        nsteps += 1
        tn = t + hh
        if hit:
            tn = nxt
        hnew = _local(yn, ep)[0]
        hdot_new = _hdot(yn, ep)
        impact = armed and hnew <= 0.0
        t_stop = tn
        th_imp = 1.0
        if impact:
            th_imp = _locate(0, hcur, hnew, hh, y, yn, k1, k3, k4, k5, k6, k7, ep, yev)
            t_stop = t + th_imp * hh
            s_end[:] = yev
        if d * hdot_cur > 0.0 and d * hdot_new <= 0.0:
            th = _locate(1, hdot_cur, hdot_new, hh, y, yn, k1, k3, k4, k5, k6, k7, ep, ytmp)
            if th <= th_imp:
                hap = _local(ytmp, ep)[0]
                if hap > best_ap:
                    best_ap = hap
                    s_ap[:] = ytmp
                    info[L.I_T_APOGEE] = t + th * hh
                    info[L.I_H_APOGEE] = hap
        while ks < n_s and dt_s > 0.0 and p[L.T_SAMPLE0] + ks * dt_s <= t_stop + 1e-9:
            th = (p[L.T_SAMPLE0] + ks * dt_s - t) / hh
            _dense(th, hh, y, yn, k1, k3, k4, k5, k6, k7, ytmp)
            for j in range(6):
                samples[ks, j] = ytmp[j]
            ks += 1
        if impact:
            vimp = math.sqrt(yev[3] ** 2 + yev[4] ** 2 + yev[5] ** 2)
            if vimp > vmax:
                vmax = vimp
            info[L.I_T_END] = t_stop
            status = L.OK
            break
        vn = math.sqrt(yn[3] ** 2 + yn[4] ** 2 + yn[5] ** 2)
        if vn > vmax:
            vmax = vn
        for j in range(6):
            y[j] = yn[j]
        t = tn
        hcur = hnew
        hdot_cur = hdot_new
        if not armed and hcur > 1.0:
            armed = True
        if hit and nst > 0 and t == t_burnout:
            s_bo[:] = y
            info[L.I_T_BURNOUT] = t
        if d * (t - t_max) >= 0.0:
            info[L.I_T_END] = t
            s_end[:] = y
            status = L.TIME_LIMIT
            break
        if hit:
            kst, seg, lift = _phase(t + d * 1e-9 * max(1.0, abs(t)), p)
            _rhs(t, y, p, kst, seg, lift, ep, atm, tab_m, tab_c, k1)
            nfev += 1
        else:
            for j in range(6):
                k1[j] = k7[j]
        # step-size controller (PI, Hairer's dopri5 constants)
        errc = max(err, 1e-10)
        fac = 0.9 * errc ** -0.17 * err_old ** 0.04
        err_old = errc
        step = hh * min(1.0 if rejected else 10.0, max(0.2, fac))
        rejected = False
    info[L.I_VMAX] = vmax
    info[L.I_NSTEPS] = nsteps
    info[L.I_NFEV] = nfev
    return status


@njit(parallel=True, cache=True)
def integrate_batch(params: np.ndarray, y0: np.ndarray, opts: np.ndarray, ep: np.ndarray,
                    atm: np.ndarray,
                    tab_m: np.ndarray, tab_c: np.ndarray, info: np.ndarray, s_bo: np.ndarray,
                    s_ap: np.ndarray, s_end: np.ndarray, samples: np.ndarray,
                    status: np.ndarray) -> None:
    """Integrate every row of ``params``/``y0`` (shapes ``(N, NPARAM)``/``(N, 6)``) in parallel.

    ``ep`` is the Earth (:meth:`~launchwatch.earth.EarthModel.kernel_params`).
    Outputs are preallocated by the caller and NaN-filled: ``info (N, NINFO)``, burnout,
    apogee and end states ``(N, 6)``, trajectory samples ``(N, S, 6)`` and ``status (N,)``.
    """
    for i in prange(params.shape[0]):
        status[i] = _fly(params[i], y0[i], opts, ep, atm, tab_m, tab_c, info[i], s_bo[i],
                         s_ap[i], s_end[i], samples[i])
