"""Posterior Cramér-Rao lower bound for a target seen by sensors.

Tichavský's recursion for additive Gaussian noise, evaluated along the true trajectory::

    J_{k+1} = (Q_k + F_k J_k^-1 F_k^T)^-1 + pd * H^T R^-1 H

by default on the 7-state ballistic model (position, velocity, kappa) of
:mod:`launchwatch.tracking.models`.  ``pd`` scales the measurement information (the
information-reduction factor for missed detections; clutter is left out, so the bound is
that of a target whose measurements are known to be its own).  For a linear-Gaussian
model with ``pd = 1`` the bound is the Kalman filter's own covariance
(``tests/tracking/test_tracking_metrics.py`` checks it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .models import BALLISTIC, N_STATE, MotionModel, transition

__all__ = ["pcrlb"]

Step = Callable[[np.ndarray, float], tuple[np.ndarray, np.ndarray]]


def _motion_step(model: MotionModel, n: int) -> Step:
    """``(x (n,), dt) -> (F (n, n), Q (n, n))`` of a tracker motion model, on its first ``n``
    states (the 7 ballistic states: position, velocity, kappa)."""
    def step(x: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
        x8 = np.zeros((1, N_STATE))
        x8[0, :x.size] = x
        _, F = transition(x8, dt, model)
        Q = model.process_noise(dt, x8)
        return F[0, :n, :n], Q.reshape(N_STATE, N_STATE)[:n, :n]
    return step


def pcrlb(states: np.ndarray, times: np.ndarray, sensor: np.ndarray, meas: Sequence,
          P0: np.ndarray, model: MotionModel = BALLISTIC, kappa: float = 1.0e-4,
          detected: np.ndarray | None = None, step: Step | None = None) -> np.ndarray:
    """Bound covariances ``(T, n, n)`` at the scan ``times (T,)`` [s] (``n = 7`` by default).

    ``states (T, d)`` true states at those times (ECEF position and velocity for the
    default model, ``d = 6``; kappa is appended); ``sensor (T,)`` index into ``meas``
    (measurement models with ``h`` and ``R``) of the scan at each time, -1 for none;
    ``P0 (n, n)`` prior covariance at ``times[0]`` (before its measurement); ``kappa``
    [m^2/kg] where the dynamics are linearised; ``detected (T,)`` optional weights
    (default each sensor's ``pd``).  ``step(x (n,), dt) -> (F, Q)``: another model's
    transition and process noise (then ``states`` are its ``n`` states and
    ``h(x (1, n)) -> (z, H (1, m, n))``).
    """
    n = P0.shape[0]
    T = times.size
    default = step is None
    if step is None:
        x = np.zeros((T, n))
        x[:, :6] = states[:, :6]
        x[:, 6] = kappa
        step = _motion_step(model, n)
    else:
        x = np.asarray(states, float)
    J = np.linalg.inv(P0)
    out = np.empty((T, n, n))
    for k in range(T):
        if k:
            F, Q = step(x[k - 1], float(times[k] - times[k - 1]))
            J = np.linalg.inv(Q + F @ np.linalg.inv(J) @ F.T)
        s = int(sensor[k])
        if s >= 0:
            mm = meas[s]
            if default:  # the tracker's measurement models take its 8-state
                xk = np.zeros((1, N_STATE))
                xk[0, :n] = x[k]
            else:
                xk = x[k:k + 1]
            _, H = mm.h(xk)
            H = H[0][:, :n]
            w = mm.pd if detected is None else float(detected[k])
            J = J + w * H.T @ np.linalg.solve(mm.R, H)
        J = 0.5 * (J + J.T)
        out[k] = np.linalg.inv(J)
    return out
