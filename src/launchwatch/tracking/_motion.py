"""Compiled per-row kernels of the tracker's motion models: acceleration, Jacobian, RK4 with
the state-transition matrix, process noise, the EKF prediction.

The acceleration is the shared kernel of :mod:`launchwatch.flight._dynamics` over an
:class:`~launchwatch.earth.EarthModel` parameter vector ``ep``; a motion model is a
parameter vector ``mp`` (``P_*`` below, :meth:`~launchwatch.tracking.MotionModel.kernel_params`).
The readable numpy references the tests compare these with live in ``tests/tracking/twins.py``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ..earth import _kernels as ek
from ..flight import _dynamics as dyn

#: Height step [m] of the finite-difference density gradient.
DH = 50.0
#: State layout: position, velocity, kappa (= 1 / ballistic coefficient), thrust acceleration.
KAPPA = 6
THRUST = 7

# motion-model parameter vector
P_ACCEL = 0  #: white acceleration [m^2/s^3] per axis
P_KAPPA = 1  #: random walk of kappa [(m^2/kg)^2/s]
P_THRUST_NOISE = 2  #: random walk of the thrust acceleration [m^2/s^5]
P_THRUST = 3  #: 1: the model carries thrust (else held at 0)
P_DRAG = 4  #: 1: the model applies drag
P_MAX_STEP = 5  #: longest RK4 substep [s]
P_DRAG_NOISE = 6  #: [s] white acceleration ``drag_noise * |a_drag|^2`` on top of P_ACCEL
P_KAPPA_MACH = 7  #: [s] random walk of ln kappa ``kappa_mach_noise * (dM/dt)^2`` in the air
NMODEL = 8
#: [m/s^2] drag acceleration (about 1 mg) below which kappa neither shows nor matters
DRAG_FLOOR = 0.01
#: [m^2/kg] kappa below which the Mach-driven noise no longer shrinks
KAPPA_FLOOR = 1.0e-5


# --- dynamics -------------------------------------------------------------------------
@njit(cache=True)
def accel_row(x: np.ndarray, thrust: bool, drag: bool, ep: np.ndarray, atm: np.ndarray
              ) -> tuple[float, float, float, float]:
    """Acceleration of state ``x`` in the rotating frame and the drag deceleration ``|a_drag|``.

    Gravity, rotation and drag (``kappa = x[6]``; a negative kappa, which an estimate can
    undershoot to, is no drag) from the shared kernel; thrust ``x[7]`` along the velocity.
    """
    rx, ry, rz, vx, vy, vz = x[0], x[1], x[2], x[3], x[4], x[5]
    rho, rvx, rvy, rvz, kappa = 0.0, vx, vy, vz, 0.0
    if drag and x[KAPPA] > 0.0:
        _, sl, cl, so, co, rho, _ = dyn.environment(rx, ry, rz, ep, atm)
        rvx, rvy, rvz = dyn.air_velocity(vx, vy, vz, sl, cl, so, co, ep[ek.E_WIND_E],
                                         ep[ek.E_WIND_N])
        kappa = x[KAPPA]
    ax, ay, az, d = dyn.acceleration(rx, ry, rz, vx, vy, vz, ep, rho, rvx, rvy, rvz, kappa)
    if thrust:
        speed = math.sqrt(vx * vx + vy * vy + vz * vz)
        if speed > 1e-6:
            f = x[THRUST] / speed
            ax += f * vx
            ay += f * vy
            az += f * vz
    return ax, ay, az, d


@njit(cache=True)
def jacobian_row(x: np.ndarray, thrust: bool, drag: bool, ep: np.ndarray, atm: np.ndarray,
                 A: np.ndarray) -> None:
    """Jacobian ``A (n, n)`` of the state derivative at ``x`` (:func:`deriv_jacobian_row`)."""
    deriv_jacobian_row(x, thrust, drag, ep, atm, np.empty(x.shape[0]), A)


@njit(cache=True)
def deriv_jacobian_row(x: np.ndarray, thrust: bool, drag: bool, ep: np.ndarray,
                       atm: np.ndarray, d: np.ndarray, A: np.ndarray) -> None:
    """The state derivative ``d (n,)`` at ``x`` and its Jacobian ``A (n, n)``, from one
    evaluation of the environment.

    Gravity gradient of the point mass (the J2 part, ~1e-3 of it, left out), centrifugal
    and Coriolis terms, drag (density gradient along the local vertical, speed, kappa; the
    kappa column is kept for a negative kappa too, so that the filter can pull an
    undershoot back up) and thrust along the velocity.
    """
    w = ep[ek.E_OMEGA]
    A[:, :] = 0.0
    rx, ry, rz = x[0], x[1], x[2]
    v = (x[3], x[4], x[5])
    speed = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
    safe = speed if speed > 1e-6 else 1e-6
    uv = (v[0] / safe, v[1] / safe, v[2] / safe)
    for i in range(3):
        A[i, i + 3] = 1.0
    ek.gravity_gradient(rx, ry, rz, ep, A[3:6, 0:3])
    A[3, 0] += w * w  # - W x (W x .)
    A[4, 1] += w * w
    A[3, 4] = 2.0 * w  # - 2 W x .
    A[4, 3] = -2.0 * w
    rho, rvx, rvy, rvz = 0.0, v[0], v[1], v[2]
    if drag:
        h, sl, cl, so, co, rho, _ = dyn.environment(rx, ry, rz, ep, atm)
        rvx, rvy, rvz = dyn.air_velocity(v[0], v[1], v[2], sl, cl, so, co, ep[ek.E_WIND_E],
                                         ep[ek.E_WIND_N])
        drho = (ek.atmosphere(h + DH, atm)[0] - rho) / DH
        up = (cl * co, cl * so, sl)
        kappa = x[KAPPA] if x[KAPPA] > 0.0 else 0.0
        c = -0.5 * rho * kappa
        for i in range(3):
            dd = -0.5 * kappa * speed * v[i]
            for j in range(3):
                A[3 + i, j] += dd * (drho * up[j])
                A[3 + i, 3 + j] += c * ((safe if i == j else 0.0) + v[i] * uv[j])
            A[3 + i, KAPPA] = -0.5 * rho * speed * v[i]
    ax, ay, az, _ = dyn.acceleration(rx, ry, rz, v[0], v[1], v[2], ep, rho, rvx, rvy, rvz,
                                     x[KAPPA] if drag else 0.0)
    if thrust:
        f = x[THRUST] / safe
        if speed > 1e-6:
            ax += f * v[0]
            ay += f * v[1]
            az += f * v[2]
        for i in range(3):
            for j in range(3):
                A[3 + i, 3 + j] += f * ((1.0 if i == j else 0.0) - uv[i] * uv[j])
            A[3 + i, THRUST] = uv[i]
    d[:] = 0.0
    d[0], d[1], d[2] = v[0], v[1], v[2]
    d[3], d[4], d[5] = ax, ay, az


@njit(cache=True)
def _deriv_row(x: np.ndarray, thrust: bool, drag: bool, ep: np.ndarray, atm: np.ndarray,
               d: np.ndarray) -> None:
    d[:] = 0.0
    d[0], d[1], d[2] = x[3], x[4], x[5]
    d[3], d[4], d[5], _ = accel_row(x, thrust, drag, ep, atm)


@njit(cache=True)
def accel_rows(x: np.ndarray, thrust: bool, drag: bool, ep: np.ndarray, atm: np.ndarray,
               out: np.ndarray, drag_out: np.ndarray) -> None:
    """Accelerations ``out (K, 3)`` and drag decelerations ``drag_out (K,)`` of states ``x (K, n)``."""
    for i in range(x.shape[0]):
        out[i, 0], out[i, 1], out[i, 2], drag_out[i] = accel_row(x[i], thrust, drag, ep, atm)


@njit(cache=True)
def jacobian_rows(x: np.ndarray, thrust: bool, drag: bool, ep: np.ndarray, atm: np.ndarray,
                  A: np.ndarray) -> None:
    """Jacobians ``A (K, n, n)`` of states ``x (K, n)``."""
    for i in range(x.shape[0]):
        jacobian_row(x[i], thrust, drag, ep, atm, A[i])


@njit(cache=True)
def sparse_matmul(A: np.ndarray, B: np.ndarray, out: np.ndarray) -> None:
    """``out = A B`` for small square matrices, skipping the zeros of ``A`` (the Jacobians
    and transition matrices of the motion models are mostly zeros)."""
    n = A.shape[0]
    for i in range(n):
        for j in range(B.shape[1]):
            out[i, j] = 0.0
        for m in range(n):
            a = A[i, m]
            if a != 0.0:
                for j in range(B.shape[1]):
                    out[i, j] += a * B[m, j]


@njit(cache=True)
def propagate_row(x: np.ndarray, dt: float, mp: np.ndarray, ep: np.ndarray, atm: np.ndarray,
                  with_jacobian: bool, F: np.ndarray, A: np.ndarray, S: np.ndarray,
                  T: np.ndarray, k1: np.ndarray, k2: np.ndarray, k3: np.ndarray,
                  k4: np.ndarray, y: np.ndarray) -> None:
    """RK4 of ``x`` over ``dt`` [s] in place, in substeps of at most ``mp[P_MAX_STEP]``; with
    ``with_jacobian``, ``F`` = the product of ``I + A h + (A h)^2 / 2`` over the substeps
    (``A`` taken before each).  A model without thrust holds ``x[7]`` at zero.  ``A, S, T
    (n, n)`` and ``k1..k4, y (n,)`` are scratch."""
    n = x.shape[0]
    thrust = mp[P_THRUST] > 0.5
    drag = mp[P_DRAG] > 0.5
    nsub = max(int(math.ceil(abs(dt) / mp[P_MAX_STEP])), 1)  # noqa: RUF046 (an int for numba)
    h = dt / nsub
    if not thrust:
        x[THRUST] = 0.0
    for sub in range(nsub):
        if with_jacobian:  # the derivative at x comes with its Jacobian
            deriv_jacobian_row(x, thrust, drag, ep, atm, k1, A)
            for i in range(n):
                for j in range(n):
                    A[i, j] *= h
            sparse_matmul(A, A, T)  # S = I + A + A A / 2
            for i in range(n):
                for j in range(n):
                    S[i, j] = (1.0 if i == j else 0.0) + A[i, j] + 0.5 * T[i, j]
            if sub == 0:  # F = S F, with F = I before the first substep
                F[:, :] = S
            else:
                sparse_matmul(S, F, T)
                F[:, :] = T
        else:
            _deriv_row(x, thrust, drag, ep, atm, k1)
        for i in range(n):
            y[i] = x[i] + 0.5 * h * k1[i]
        _deriv_row(y, thrust, drag, ep, atm, k2)
        for i in range(n):
            y[i] = x[i] + 0.5 * h * k2[i]
        _deriv_row(y, thrust, drag, ep, atm, k3)
        for i in range(n):
            y[i] = x[i] + h * k3[i]
        _deriv_row(y, thrust, drag, ep, atm, k4)
        for i in range(n):
            x[i] = x[i] + h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i])
    if not thrust:
        x[THRUST] = 0.0
        if with_jacobian:
            F[THRUST, :] = 0.0


@njit(cache=True)
def propagate_rows(x: np.ndarray, dt: np.ndarray, mp: np.ndarray, ep: np.ndarray,
                   atm: np.ndarray, with_jacobian: bool, F: np.ndarray) -> None:
    """:func:`propagate_row` for every row of ``x (K, n)`` (in place), steps ``dt (K,)``,
    transition matrices ``F (K, n, n)`` (ignored unless ``with_jacobian``)."""
    n = x.shape[1]
    A, S, T = np.empty((n, n)), np.empty((n, n)), np.empty((n, n))
    k1, k2, k3, k4, y = np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    Fs = np.empty((n, n))
    for r in range(x.shape[0]):
        propagate_row(x[r], dt[r], mp, ep, atm, with_jacobian, F[r] if with_jacobian else Fs,
                      A, S, T, k1, k2, k3, k4, y)


@njit(cache=True)
def _mach_rate(x: np.ndarray, ax: float, ay: float, az: float, h: float, c: float,
               atm: np.ndarray) -> float:
    """dM/dt of state ``x`` with its acceleration ``a*`` (no thrust), height ``h`` and speed of
    sound ``c``: ``(a . v / |v|) / c - |v| (dc/dh) (dh/dt) / c^2``, the climb rate along the
    radius."""
    dc = (ek.atmosphere(h + DH, atm)[3] - c) / DH
    vx, vy, vz = x[3], x[4], x[5]
    speed = max(math.sqrt(vx * vx + vy * vy + vz * vz), 1e-6)
    r = math.sqrt(x[0] * x[0] + x[1] * x[1] + x[2] * x[2])
    climb = (vx * x[0] + vy * x[1] + vz * x[2]) / r
    return (ax * vx + ay * vy + az * vz) / speed / c - speed * dc * climb / (c * c)


@njit(cache=True)
def _drag_state(x: np.ndarray, ep: np.ndarray, atm: np.ndarray
                ) -> tuple[float, float, float, float, float, float]:
    """``(ax, ay, az, |a_drag|, h, c)``: the acceleration without thrust (one evaluation of
    the environment), its drag part, the height and the speed of sound."""
    h, sl, cl, so, co, rho, c = dyn.environment(x[0], x[1], x[2], ep, atm)
    rvx, rvy, rvz = dyn.air_velocity(x[3], x[4], x[5], sl, cl, so, co, ep[ek.E_WIND_E],
                                     ep[ek.E_WIND_N])
    ax, ay, az, d = dyn.acceleration(x[0], x[1], x[2], x[3], x[4], x[5], ep, rho, rvx, rvy,
                                     rvz, x[KAPPA])
    return ax, ay, az, d, h, c


@njit(cache=True)
def mach_rate_row(x: np.ndarray, ep: np.ndarray, atm: np.ndarray) -> float:
    """Rate of change ``dM/dt`` [1/s] of the Mach number of a ballistic state:
    ``(a . v / |v|) / c - |v| (dc/dh) (dh/dt) / c^2`` with the state's own acceleration
    (gravity, frame terms and drag, no thrust), the climb rate along the radius and the
    1976 atmosphere's speed of sound ``c(h)``."""
    ax, ay, az, _, h, c = _drag_state(x, ep, atm)
    return _mach_rate(x, ax, ay, az, h, c, atm)


@njit(cache=True)
def noise_intensities(x: np.ndarray, mp: np.ndarray, ep: np.ndarray, atm: np.ndarray
                      ) -> tuple[float, float]:
    """White-acceleration intensity [m^2/s^3] and kappa's random-walk intensity
    [(m^2/kg)^2/s] of a motion model ``mp`` at state ``x``: the model's own, plus, with drag,
    ``drag_noise |a_drag|^2`` and ``kappa_mach_noise (kappa dM/dt)^2 a / (a + DRAG_FLOOR)``
    (``a = |a_drag|``, kappa at least ``KAPPA_FLOOR``; no drag where kappa <= 0)."""
    qa, qk = mp[P_ACCEL], mp[P_KAPPA]
    if (mp[P_DRAG] > 0.5 and (mp[P_DRAG_NOISE] > 0.0 or mp[P_KAPPA_MACH] > 0.0)
            and x[KAPPA] > 0.0):
        ax, ay, az, ad, h, c = _drag_state(x, ep, atm)
        qa += mp[P_DRAG_NOISE] * ad * ad
        if mp[P_KAPPA_MACH] > 0.0 and ad > 0.0:
            km = max(x[KAPPA], KAPPA_FLOOR) * _mach_rate(x, ax, ay, az, h, c, atm)
            qk += mp[P_KAPPA_MACH] * km * km * ad / (ad + DRAG_FLOOR)
    return qa, qk


@njit(cache=True)
def process_noise_row(dt: float, mp: np.ndarray, qa: float, qk: float, Q: np.ndarray) -> None:
    """Discrete white-noise process noise ``Q (n, n)`` over ``dt`` [s] for intensities ``qa``
    (acceleration per axis: ``Q_pp = qa dt^3 / 3``, ``Q_pv = qa dt^2 / 2``, ``Q_vv = qa dt``)
    and ``qk`` (kappa's random walk), and, for a thrusting model ``mp``, the thrust
    acceleration's random walk."""
    Q[:, :] = 0.0
    for i in range(3):
        Q[i, i] = qa * dt * dt * dt / 3.0
        Q[i, i + 3] = qa * dt * dt / 2.0
        Q[i + 3, i] = Q[i, i + 3]
        Q[i + 3, i + 3] = qa * dt
    Q[KAPPA, KAPPA] = qk * abs(dt)
    if mp[P_THRUST] > 0.5:
        Q[THRUST, THRUST] = mp[P_THRUST_NOISE] * abs(dt)


@njit(cache=True)
def process_noise_rows(x: np.ndarray, dt: np.ndarray, mp: np.ndarray, ep: np.ndarray,
                       atm: np.ndarray, Q: np.ndarray) -> None:
    """:func:`process_noise_row` at each state ``x (K, n)``, steps ``dt (K,)``."""
    for r in range(x.shape[0]):
        qa, qk = noise_intensities(x[r], mp, ep, atm)
        process_noise_row(dt[r], mp, qa, qk, Q[r])


@njit(cache=True)
def _ekf_predict_one(x0: np.ndarray, P0: np.ndarray, dt: float, mp: np.ndarray, ep: np.ndarray,
                     atm: np.ndarray, x: np.ndarray, P: np.ndarray, F: np.ndarray, Q: np.ndarray,
                     FP: np.ndarray, A: np.ndarray, S: np.ndarray, T: np.ndarray, k1: np.ndarray,
                     k2: np.ndarray, k3: np.ndarray, k4: np.ndarray, y: np.ndarray) -> bool:
    """One EKF prediction ``x = f(x0)``, ``P = F P0 F^T + Q(x0)`` (symmetrised); False if the
    result is not finite."""
    n = x0.shape[0]
    qa, qk = noise_intensities(x0, mp, ep, atm)
    process_noise_row(dt, mp, qa, qk, Q)
    for i in range(n):
        x[i] = x0[i]
    propagate_row(x, dt, mp, ep, atm, True, F, A, S, T, k1, k2, k3, k4, y)
    sparse_matmul(F, P0, FP)
    finite = True
    for i in range(n):  # (F P0) F^T + Q, upper triangle, mirrored
        if not np.isfinite(x[i]):
            finite = False
        for j in range(i, n):
            s = 0.0
            for m in range(n):
                s += FP[i, m] * F[j, m]
            v = s + 0.5 * (Q[i, j] + Q[j, i])
            P[i, j] = v
            P[j, i] = v
            if not np.isfinite(v):
                finite = False
    return finite


@njit(cache=True)
def ekf_predict_rows(x0: np.ndarray, P0: np.ndarray, dt: float, mp: np.ndarray,
                     ep: np.ndarray, atm: np.ndarray, x: np.ndarray, P: np.ndarray) -> None:
    """EKF prediction of every row by ``dt`` [s]: ``x = f(x0)``, ``P = F P0 F^T + Q(x0)``
    (symmetrised), for states ``(K, n)`` and covariances ``(K, n, n)``."""
    n = x0.shape[1]
    F, Q, FP = np.empty((n, n)), np.empty((n, n)), np.empty((n, n))
    A, S, T = np.empty((n, n)), np.empty((n, n)), np.empty((n, n))
    k1, k2, k3, k4, y = np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    for r in range(x0.shape[0]):
        _ekf_predict_one(x0[r], P0[r], dt, mp, ep, atm, x[r], P[r], F, Q, FP, A, S, T, k1, k2,
                         k3, k4, y)


@njit(cache=True)
def imm_ekf_predict_rows(x0: np.ndarray, P0: np.ndarray, dt: float, mps: np.ndarray,
                         ep: np.ndarray, atm: np.ndarray, x: np.ndarray, P: np.ndarray,
                         bad: np.ndarray) -> None:
    """EKF prediction of every model ``j`` (parameters ``mps[j]``) of every track from its
    mixed state ``x0 (K, M, n)``, ``P0 (K, M, n, n)``; ``bad (K,)`` where a model's
    prediction is not finite."""
    K, M, n = x0.shape
    F, Q, FP = np.empty((n, n)), np.empty((n, n)), np.empty((n, n))
    A, S, T = np.empty((n, n)), np.empty((n, n)), np.empty((n, n))
    k1, k2, k3, k4, y = np.empty(n), np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    for r in range(K):
        bad[r] = False
        for j in range(M):
            if not _ekf_predict_one(x0[r, j], P0[r, j], dt, mps[j], ep, atm, x[r, j], P[r, j],
                                    F, Q, FP, A, S, T, k1, k2, k3, k4, y):
                bad[r] = True


@njit(cache=True)
def mach_rate_rows(x: np.ndarray, ep: np.ndarray, atm: np.ndarray, out: np.ndarray) -> None:
    """:func:`mach_rate_row` of every state ``x (K, n)``."""
    for r in range(x.shape[0]):
        out[r] = mach_rate_row(x[r], ep, atm)
