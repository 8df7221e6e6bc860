"""State models in the rotating ECEF frame: ballistic with drag, boost, manoeuvre.

One state layout serves every model so that an IMM can mix them
(:data:`N_STATE` = 8)::

    x = [rx, ry, rz, vx, vy, vz, kappa, a_thrust]

position [m] and Earth-relative velocity [m/s] in ECEF, ``kappa = 1 / beta`` the inverse
ballistic coefficient [m^2/kg] (``beta = m / (Cd A)``; ``kappa = 0`` is vacuum) and the
thrust acceleration along the velocity [m/s^2].  The ballistic model is the 7-state
model (position, velocity, kappa) with ``a_thrust`` held at zero; the boost model
estimates ``a_thrust``; the manoeuvre model is the ballistic model with a large white
acceleration noise.  Acceleration in the rotating frame::

    a = g_J2(r) - 2 w x v - w x (w x r) - 0.5 rho(h) kappa |v| v + a_thrust v / |v|

Every function is batch-first: states ``(K, 8)``, covariances ``(K, 8, 8)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..earth.atmosphere import standard_atmosphere, upper_table
from ..earth.constants import MU_EARTH, OMEGA_EARTH
from ..earth.frames import ecef2geodetic
from ..earth.gravity import gravity_j2
from ._kernels import accel_batch, propagate

__all__ = ["BALLISTIC", "BOOST", "DRAG_FLOOR", "KAPPA", "KAPPA_FLOOR", "MANOEUVRE", "N_STATE",
           "THRUST", "MotionModel", "acceleration", "drag_acceleration", "jacobian", "mach_rate",
           "transition"]

N_STATE = 8
KAPPA = 6
THRUST = 7
#: [m/s^2] drag acceleration (about 1 mg) below which kappa neither shows nor matters
DRAG_FLOOR = 0.01
#: [m^2/kg] kappa below which the Mach-driven noise no longer shrinks (an undershooting
#: estimate keeps the noise of a light body, beta = 10^5 kg/m^2)
KAPPA_FLOOR = 1.0e-5
_W = np.array([0.0, 0.0, OMEGA_EARTH])
_WX = np.array([[0.0, -OMEGA_EARTH, 0.0], [OMEGA_EARTH, 0.0, 0.0], [0.0, 0.0, 0.0]])
_I3 = np.eye(3)


@dataclass(frozen=True)
class MotionModel:
    """A motion model: its physics switches and white-noise intensities.

    ``accel_noise`` [m^2/s^3] white acceleration on each axis; ``kappa_noise``
    [(m^2/kg)^2/s] random walk of kappa; ``thrust_noise`` [m^2/s^5] random walk of the
    thrust acceleration; ``thrust``: the model carries thrust (else it is held at 0);
    ``drag``: the model applies drag (the boost model does not: its ``a_thrust`` is the
    net axial acceleration, thrust minus drag, which it cannot tell apart);
    ``max_step`` [s] the longest integration step.

    ``drag_noise`` [s] adds a white acceleration that follows the drag: intensity
    ``drag_noise * |a_drag|^2`` with ``|a_drag| = 0.5 rho kappa |v|^2`` taken from the
    state at the start of the step (zero in vacuum).  A drag acceleration with a relative
    error ``sigma_rel`` correlated over ``tau`` seconds (a first-order Gauss-Markov error)
    has the equivalent white-noise intensity ``2 sigma_rel^2 tau |a_drag|^2``, so
    ``drag_noise = 2 sigma_rel^2 tau`` (see :data:`BALLISTIC`).

    ``kappa_mach_noise`` [s] lets kappa follow the drag coefficient as the body's Mach
    number changes (the body itself does not change, so there is nothing else for kappa to
    follow): a random walk of ``ln kappa`` with intensity
    ``kappa_mach_noise * (dM/dt)^2 * a / (a + DRAG_FLOOR)`` [1/s], ``dM/dt`` from the
    state's own acceleration along its velocity and its climb through the standard
    atmosphere's speed of sound (:func:`mach_rate`), ``a = |a_drag|``: so
    ``kappa_mach_noise = (d ln Cd / dM)^2 tau`` for a slope ``d ln Cd / dM`` correlated over
    ``tau`` seconds.  The last factor switches it off where there is too little drag for
    kappa to matter (below :data:`DRAG_FLOOR`), so that in vacuum a track keeps its prior.
    """

    name: str
    accel_noise: float
    kappa_noise: float
    thrust_noise: float
    thrust: bool
    drag: bool = True
    max_step: float = 1.0
    drag_noise: float = 0.0
    kappa_mach_noise: float = 0.0

    @property
    def state_noise(self) -> bool:
        """Whether :meth:`process_noise` depends on the state (drag terms)."""
        return self.drag and (self.drag_noise > 0.0 or self.kappa_mach_noise > 0.0)

    def process_noise(self, dt: np.ndarray | float, x: np.ndarray | None = None) -> np.ndarray:
        """Discrete process noise ``(..., 8, 8)`` for steps ``dt (...)`` [s].

        With states ``x (K, 8)`` and a ``drag_noise`` or ``kappa_mach_noise``, the white
        acceleration and kappa's random walk grow with each state's drag acceleration: the
        result is ``(K, 8, 8)`` (``dt`` scalar or ``(K,)``); without, it is ``dt``'s shape.
        """
        dt = np.asarray(dt, float)
        a = self.accel_noise
        qk = self.kappa_noise
        if x is not None and self.state_noise:
            x = np.atleast_2d(x)
            ad = drag_acceleration(x)
            a = a + self.drag_noise * ad**2
            if self.kappa_mach_noise > 0.0:
                kap = np.maximum(x[:, KAPPA], KAPPA_FLOOR)
                qk = qk + (self.kappa_mach_noise * (kap * mach_rate(x)) ** 2
                           * ad / (ad + DRAG_FLOOR))
            dt = np.broadcast_to(dt, a.shape)
        q = np.zeros((*np.shape(a + dt), N_STATE, N_STATE))
        for i in range(3):
            q[..., i, i] = a * dt**3 / 3.0
            q[..., i, i + 3] = q[..., i + 3, i] = a * dt**2 / 2.0
            q[..., i + 3, i + 3] = a * dt
        q[..., KAPPA, KAPPA] = qk * np.abs(dt)
        if self.thrust:
            q[..., THRUST, THRUST] = self.thrust_noise * np.abs(dt)
        return q


#: Ballistic flight: J2 gravity and drag, kappa estimated, no thrust.
#:
#: Its white acceleration is tied to what the model leaves out (docs/tracking.md,
#: "Process noise and mode switching"):
#:
#: - ``accel_noise = 1e-7`` m^2/s^3, the floor for vacuum flight, where the model's J2
#:   gravity is otherwise complete: the higher gravity harmonics it leaves out are
#:   ~1e-5 m/s^2, correlated over a few hundred seconds (2 (1e-5)^2 300 ~ 1e-7).
#: - ``drag_noise = 1.0`` s: in the atmosphere the drag coefficient follows Mach (and
#:   kappa = Cd A / m with it) faster than kappa's random walk can: a re-entry vehicle's
#:   Cd changes by a factor of about two through the transonic regime (the generic drag
#:   table of :mod:`launchwatch.flight.vehicle` goes from 0.42 to 0.20), i.e. a drag error
#:   of ``sigma_rel`` ~ 30 % correlated over ``tau`` ~ 5 s (the time to cross a feature of
#:   the Cd(Mach) curve): ``2 sigma_rel^2 tau`` ~ 1 s, i.e. 1 m^2/s^3 at 1 m/s^2 of drag
#:   (~70 km on re-entry), 10^4 m^2/s^3 at 100 m/s^2.  (0.1 s, for 10 %, left the end of
#:   re-entry under-weighted: impact predictions at track end 4x worse in the demo.)
#: - kappa has no random walk of its own (``kappa_noise = 0``): a body's kappa does not
#:   change in vacuum, so a track keeps its prior on kappa (:mod:`.kappa`) until drag is
#:   seen.  ``kappa_mach_noise = 1 s`` follows the drag coefficient through the Mach
#:   numbers: a slope ``d ln Cd / dM`` of ~0.5 (the generic table's transonic rise, 0.2 to
#:   0.42 between Mach 0.8 and 1.05, and its supersonic fall) correlated over ~4 s.
BALLISTIC = MotionModel("ballistic", accel_noise=1e-7, kappa_noise=0.0, thrust_noise=0.0,
                        thrust=False, drag_noise=0.0, kappa_mach_noise=1.0)
#: Powered flight: thrust acceleration along the velocity as a random-walk state.
BOOST = MotionModel("boost", accel_noise=2.0, kappa_noise=0.0, thrust_noise=4.0, thrust=True,
                    drag=False)
#: Manoeuvring flight: ballistic with a large white acceleration noise.
MANOEUVRE = MotionModel("manoeuvre", accel_noise=400.0, kappa_noise=1e-10, thrust_noise=0.0,
                        thrust=False)


def _density(r: np.ndarray, with_gradient: bool) -> tuple[np.ndarray, np.ndarray]:
    """Density [kg/m^3] ``(K,)`` at ECEF ``r (K, 3)`` and d(rho)/dh [kg/m^4] (finite difference)."""
    _, _, h = ecef2geodetic(r)
    if not with_gradient:
        return standard_atmosphere(h).density, np.zeros_like(h)
    rho = standard_atmosphere(np.concatenate([h, h + 50.0])).density
    k = h.shape[0]
    return rho[:k], (rho[k:] - rho[:k]) / 50.0


def drag_acceleration(x: np.ndarray) -> np.ndarray:
    """Magnitude ``(K,)`` [m/s^2] of the drag acceleration ``0.5 rho kappa |v|^2`` of ``x (K, 8)``
    (a negative kappa counts as none)."""
    rho, _ = _density(x[:, :3], False)
    return 0.5 * rho * np.maximum(x[:, KAPPA], 0.0) * np.sum(x[:, 3:6] ** 2, axis=-1)


def mach_rate(x: np.ndarray) -> np.ndarray:
    """Rate of change ``dM/dt`` [1/s] ``(K,)`` of the Mach number of ballistic states
    ``x (K, 8)``: ``(a . v / |v|) / c - |v| (dc/dh) (dh/dt) / c^2`` with the state's own
    acceleration (gravity, frame terms and drag, no thrust) and the standard atmosphere's
    speed of sound ``c(h)``."""
    _, _, h = ecef2geodetic(x[:, :3])
    atm = standard_atmosphere(np.concatenate([h, h + 50.0]))
    k = h.shape[0]
    c, dc = atm.speed_of_sound[:k], (atm.speed_of_sound[k:] - atm.speed_of_sound[:k]) / 50.0
    v = x[:, 3:6]
    speed = np.maximum(np.linalg.norm(v, axis=1), 1e-6)
    a_along = np.einsum("ki,ki->k", acceleration(x, thrust=False), v) / speed
    climb = np.einsum("ki,ki->k", v, x[:, :3]) / np.linalg.norm(x[:, :3], axis=1)
    return a_along / c - speed * dc * climb / c**2


def acceleration(x: np.ndarray, thrust: bool = True, drag: bool = True) -> np.ndarray:
    """Acceleration ``(K, 3)`` [m/s^2] of states ``x (K, 8)`` in the rotating frame.

    A negative kappa (an estimate can undershoot) acts as no drag.
    """
    out = np.empty((x.shape[0], 3))
    accel_batch(np.ascontiguousarray(x, dtype=float), thrust, drag, upper_table(), out)
    return out


def _acceleration_numpy(x: np.ndarray, thrust: bool = True, drag: bool = True) -> np.ndarray:
    """Reference numpy version of :func:`acceleration` (the tests compare the two)."""
    r, v = x[:, :3], x[:, 3:6]
    speed = np.linalg.norm(v, axis=-1)
    safe = np.where(speed > 1e-6, speed, 1e-6)
    a = gravity_j2(r) - 2.0 * np.cross(_W, v) - np.cross(_W, np.cross(_W, r))
    if drag:
        rho, _ = _density(r, False)
        kappa = np.maximum(x[:, KAPPA], 0.0)
        a = a - (0.5 * rho * kappa * speed)[:, None] * v
    if thrust:
        a = a + (x[:, THRUST] / safe)[:, None] * v
    return a


def _deriv(x: np.ndarray, thrust: bool, drag: bool) -> np.ndarray:
    d = np.zeros_like(x)
    d[:, :3] = x[:, 3:6]
    d[:, 3:6] = acceleration(x, thrust, drag)
    return d


def jacobian(x: np.ndarray, thrust: bool = True, drag: bool = True) -> np.ndarray:
    """Jacobian ``(K, 8, 8)`` of the state derivative at ``x (K, 8)``.

    Gravity gradient of the point mass (the J2 part of the gradient is ~1e-3 of it and
    left out), centrifugal and Coriolis terms, drag (density gradient along the local
    vertical, speed, kappa) and thrust along the velocity.  The kappa column is kept for a
    negative kappa too, so that the filter can pull an undershoot back up.
    """
    k = x.shape[0]
    r, v = x[:, :3], x[:, 3:6]
    rn = np.linalg.norm(r, axis=-1)
    u_r = r / rn[:, None]
    speed = np.linalg.norm(v, axis=-1)
    safe = np.where(speed > 1e-6, speed, 1e-6)
    u_v = v / safe[:, None]
    A = np.zeros((k, N_STATE, N_STATE))
    A[:, 0:3, 3:6] = _I3
    g = (MU_EARTH / rn**3)[:, None, None] * (3.0 * u_r[:, :, None] * u_r[:, None, :] - _I3)
    A[:, 3:6, 0:3] = g - _WX @ _WX
    A[:, 3:6, 3:6] = -2.0 * _WX
    if drag:
        rho, drho = _density(r, True)
        kappa = np.maximum(x[:, KAPPA], 0.0)
        drag_dir = (-0.5 * kappa * speed)[:, None] * v  # a_drag / rho
        A[:, 3:6, 0:3] += drag_dir[:, :, None] * (drho[:, None] * u_r)[:, None, :]
        A[:, 3:6, 3:6] += (-0.5 * rho * kappa)[:, None, None] * (
            safe[:, None, None] * _I3 + v[:, :, None] * u_v[:, None, :])
        A[:, 3:6, KAPPA] = (-0.5 * rho * speed)[:, None] * v
    if thrust:
        proj = _I3 - u_v[:, :, None] * u_v[:, None, :]
        A[:, 3:6, 3:6] += (x[:, THRUST] / safe)[:, None, None] * proj
        A[:, 3:6, THRUST] = u_v
    return A


def transition(x: np.ndarray, dt: np.ndarray | float, model: MotionModel = BALLISTIC,
               with_jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Propagate states ``x (K, 8)`` by ``dt`` [s] (scalar or ``(K,)``, may be negative).

    Classic RK4 in substeps of at most ``model.max_step``; the state-transition matrix
    ``F (K, 8, 8)`` is the product of second-order expansions ``I + A h + A^2 h^2 / 2``
    over the substeps.  A model without thrust holds ``a_thrust`` at zero.
    """
    x = np.array(x, dtype=float, order="C", copy=True)
    k = x.shape[0]
    dt = np.broadcast_to(np.asarray(dt, float), (k,))
    nsub = max(int(np.ceil(np.max(np.abs(dt), initial=0.0) / model.max_step)), 1)
    h = np.ascontiguousarray(dt / nsub)
    F = np.empty((k, N_STATE, N_STATE)) if with_jacobian else np.empty((0, N_STATE, N_STATE))
    propagate(x, h, nsub, model.thrust, model.drag, upper_table(), with_jacobian, F)
    return x, (F if with_jacobian else None)


def _transition_numpy(x: np.ndarray, dt: np.ndarray | float, model: MotionModel = BALLISTIC,
                      with_jacobian: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """Reference numpy version of :func:`transition` (the tests compare the two)."""
    x = np.array(x, dtype=float, copy=True)
    k = x.shape[0]
    dt = np.broadcast_to(np.asarray(dt, float), (k,))
    nsub = max(int(np.ceil(np.max(np.abs(dt), initial=0.0) / model.max_step)), 1)
    h = dt / nsub
    th, dr = model.thrust, model.drag
    if not th:
        x[:, THRUST] = 0.0
    F = np.broadcast_to(np.eye(N_STATE), (k, N_STATE, N_STATE)).copy() if with_jacobian else None
    hc = h[:, None]
    for _ in range(nsub):
        if with_jacobian:
            A = jacobian(x, th, dr) * h[:, None, None]
            step = np.eye(N_STATE) + A + 0.5 * A @ A
            F = step @ F
        k1 = _deriv(x, th, dr)
        k2 = _deriv(x + 0.5 * hc * k1, th, dr)
        k3 = _deriv(x + 0.5 * hc * k2, th, dr)
        k4 = _deriv(x + hc * k3, th, dr)
        x = x + hc / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    if not th:
        x[:, THRUST] = 0.0
        if F is not None:
            F[:, THRUST, :] = 0.0
    return x, F
