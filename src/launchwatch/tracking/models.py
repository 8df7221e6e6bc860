"""State models in the rotating ECEF frame: ballistic with drag, boost, manoeuvre.

One state layout serves every model so that an IMM can mix them
(:data:`N_STATE` = 8)::

    x = [rx, ry, rz, vx, vy, vz, kappa, a_thrust]

position [m] and Earth-relative velocity [m/s] in ECEF, ``kappa = 1 / beta`` the inverse
ballistic coefficient [m^2/kg] (``beta = m / (Cd A)``; ``kappa = 0`` is vacuum) and the
thrust acceleration along the velocity [m/s^2].  The ballistic model is the 7-state
model (position, velocity, kappa) with ``a_thrust`` held at zero; the boost model
estimates ``a_thrust``; the manoeuvre model is the ballistic model with a large white
acceleration noise.  Acceleration in the rotating frame (the flight engine's own kernel,
:mod:`launchwatch.flight._dynamics`, over the tracker's :class:`~launchwatch.earth.EarthModel`)::

    a = g_J2(r) - 2 w x v - w x (w x r) - 0.5 rho(h) kappa |v| v + a_thrust v / |v|

Every function is batch-first: states ``(K, 8)``, covariances ``(K, 8, 8)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..earth.atmosphere import upper_table
from ..earth.model import EarthModel
from . import _motion as _k

__all__ = ["BALLISTIC", "BOOST", "DRAG_FLOOR", "EARTH", "KAPPA", "KAPPA_FLOOR", "MANOEUVRE",
           "N_STATE", "THRUST", "MotionModel", "acceleration", "drag_acceleration", "jacobian",
           "mach_rate", "transition"]

N_STATE = 8
KAPPA = _k.KAPPA
THRUST = _k.THRUST
#: [m/s^2] drag acceleration (about 1 mg) below which kappa neither shows nor matters
DRAG_FLOOR = _k.DRAG_FLOOR
#: [m^2/kg] kappa below which the Mach-driven noise no longer shrinks
KAPPA_FLOOR = _k.KAPPA_FLOOR
#: The Earth the tracker's models fly over (WGS-84, J2, rotating, no wind).
EARTH = EarthModel()


def _rows(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.atleast_2d(np.asarray(x, dtype=float)))


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
    number changes: a random walk of ``ln kappa`` with intensity ``kappa_mach_noise *
    (dM/dt)^2 * a / (a + DRAG_FLOOR)`` [1/s] (``dM/dt`` from :func:`mach_rate`, ``a =
    |a_drag|``), i.e. ``kappa_mach_noise = (d ln Cd / dM)^2 tau`` for a slope correlated
    over ``tau`` seconds; the last factor switches it off where there is too little drag
    for kappa to matter.
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
        """Whether :meth:`process_noise` depends on the state (its drag terms)."""
        return self.drag and (self.drag_noise > 0.0 or self.kappa_mach_noise > 0.0)

    def kernel_params(self) -> np.ndarray:
        """The parameter vector ``(NMODEL,)`` of the compiled kernels."""
        p = np.zeros(_k.NMODEL)
        p[_k.P_ACCEL] = self.accel_noise
        p[_k.P_KAPPA] = self.kappa_noise
        p[_k.P_THRUST_NOISE] = self.thrust_noise
        p[_k.P_THRUST] = float(self.thrust)
        p[_k.P_DRAG] = float(self.drag)
        p[_k.P_MAX_STEP] = self.max_step
        p[_k.P_DRAG_NOISE] = self.drag_noise
        p[_k.P_KAPPA_MACH] = self.kappa_mach_noise
        return p

    def process_noise(self, dt: np.ndarray | float, x: np.ndarray | None = None,
                      earth: EarthModel = EARTH) -> np.ndarray:
        """Discrete process noise ``(..., 8, 8)`` for steps ``dt (...)`` [s].

        With states ``x (K, 8)`` and a ``drag_noise`` or ``kappa_mach_noise``, the white
        acceleration and kappa's random walk follow each state's drag: the result is
        ``(K, 8, 8)`` (``dt`` scalar or ``(K,)``); without, it has ``dt``'s shape.
        """
        dt = np.asarray(dt, float)
        if x is not None and self.state_noise:
            xr = _rows(x)
            dtr = np.ascontiguousarray(np.broadcast_to(dt, xr.shape[:1]))
            Q = np.empty((xr.shape[0], N_STATE, N_STATE))
            _k.process_noise_rows(xr, dtr, self.kernel_params(), earth.kernel_params(),
                                  upper_table(), Q)
            return Q
        flat = np.ascontiguousarray(dt.reshape(-1))
        Q = np.empty((flat.size, N_STATE, N_STATE))
        zero = np.zeros((flat.size, N_STATE))
        mp = self.kernel_params()
        mp[_k.P_DRAG_NOISE] = mp[_k.P_KAPPA_MACH] = 0.0
        _k.process_noise_rows(zero, flat, mp, earth.kernel_params(), upper_table(), Q)
        return Q.reshape(*dt.shape, N_STATE, N_STATE)


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


def _accelerations(x: np.ndarray, thrust: bool, drag: bool, earth: EarthModel
                   ) -> tuple[np.ndarray, np.ndarray]:
    xr = _rows(x)
    out, d = np.empty((xr.shape[0], 3)), np.empty(xr.shape[0])
    _k.accel_rows(xr, thrust, drag, earth.kernel_params(), upper_table(), out, d)
    return out, d


def drag_acceleration(x: np.ndarray, earth: EarthModel = EARTH) -> np.ndarray:
    """Magnitude ``(K,)`` [m/s^2] of the drag acceleration ``0.5 rho kappa |v|^2`` of ``x (K, 8)``
    (a negative kappa counts as none)."""
    return _accelerations(x, False, True, earth)[1]


def mach_rate(x: np.ndarray, earth: EarthModel = EARTH) -> np.ndarray:
    """Rate of change ``dM/dt`` [1/s] ``(K,)`` of the Mach number of ballistic states
    ``x (K, 8)`` (:func:`launchwatch.tracking._motion.mach_rate_row`)."""
    xr = _rows(x)
    out = np.empty(xr.shape[0])
    _k.mach_rate_rows(xr, earth.kernel_params(), upper_table(), out)
    return out


def acceleration(x: np.ndarray, thrust: bool = True, drag: bool = True,
                 earth: EarthModel = EARTH) -> np.ndarray:
    """Acceleration ``(K, 3)`` [m/s^2] of states ``x (K, 8)`` in the rotating frame.

    A negative kappa (an estimate can undershoot) acts as no drag.
    """
    return _accelerations(x, thrust, drag, earth)[0]


def jacobian(x: np.ndarray, thrust: bool = True, drag: bool = True,
             earth: EarthModel = EARTH) -> np.ndarray:
    """Jacobian ``(K, 8, 8)`` of the state derivative at ``x (K, 8)``.

    Gravity gradient of the point mass (the J2 part of the gradient is ~1e-3 of it and
    left out), centrifugal and Coriolis terms, drag (density gradient along the local
    vertical, speed, kappa) and thrust along the velocity.  The kappa column is kept for a
    negative kappa too, so that the filter can pull an undershoot back up.
    """
    xr = _rows(x)
    A = np.empty((xr.shape[0], N_STATE, N_STATE))
    _k.jacobian_rows(xr, thrust, drag, earth.kernel_params(), upper_table(), A)
    return A


def transition(x: np.ndarray, dt: np.ndarray | float, model: MotionModel = BALLISTIC,
               with_jacobian: bool = True, earth: EarthModel = EARTH
               ) -> tuple[np.ndarray, np.ndarray | None]:
    """Propagate states ``x (K, 8)`` by ``dt`` [s] (scalar or ``(K,)``, may be negative).

    Classic RK4 in substeps of at most ``model.max_step``; the state-transition matrix
    ``F (K, 8, 8)`` is the product of second-order expansions ``I + A h + A^2 h^2 / 2``
    over the substeps.  A model without thrust holds ``a_thrust`` at zero.
    """
    x = np.array(np.atleast_2d(x), dtype=float, order="C", copy=True)
    k = x.shape[0]
    dtr = np.ascontiguousarray(np.broadcast_to(np.asarray(dt, float), (k,)))
    F = np.empty((k, N_STATE, N_STATE)) if with_jacobian else np.empty((0, N_STATE, N_STATE))
    _k.propagate_rows(x, dtr, model.kernel_params(), earth.kernel_params(), upper_table(),
                      with_jacobian, F)
    return x, (F if with_jacobian else None)
