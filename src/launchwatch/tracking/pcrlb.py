"""Posterior Cramér-Rao lower bound for a ballistic target seen by radars.

Tichavský's recursion for additive Gaussian noise, evaluated along the true trajectory::

    J_{k+1} = (Q_k + F_k J_k^-1 F_k^T)^-1 + pd * H^T R^-1 H

on the 7-state ballistic model (position, velocity, kappa) of
:mod:`launchwatch.tracking.models`.  ``pd`` scales the measurement information (the
information-reduction factor for missed detections; clutter is left out, so the bound is
that of a target whose measurements are known to be its own).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .models import BALLISTIC, N_STATE, MotionModel, transition

__all__ = ["pcrlb"]

_S = slice(0, 7)


def pcrlb(states: np.ndarray, times: np.ndarray, sensor: np.ndarray, meas: Sequence,
          P0: np.ndarray, model: MotionModel = BALLISTIC, kappa: float = 1.0e-4,
          detected: np.ndarray | None = None) -> np.ndarray:
    """Bound covariances ``(T, 7, 7)`` at the scan ``times (T,)`` [s].

    ``states (T, 6)`` true ECEF states at those times; ``sensor (T,)`` index into ``meas``
    (measurement models with ``h`` and ``R``) of the scan at each time, -1 for none;
    ``P0 (7, 7)`` prior covariance at ``times[0]`` (before its measurement); ``kappa``
    [m^2/kg] where the dynamics are linearised; ``detected (T,)`` optional weights
    (default each sensor's ``pd``).
    """
    T = times.size
    x = np.zeros((T, N_STATE))
    x[:, :6] = states
    x[:, 6] = kappa
    J = np.linalg.inv(P0)
    out = np.empty((T, 7, 7))
    for k in range(T):
        if k:
            dt = times[k] - times[k - 1]
            _, F = transition(x[k - 1:k], dt, model)
            F = F[0, _S, _S]
            Q = model.process_noise(dt, x[k - 1:k])[..., _S, _S].reshape(7, 7)
            Jinv = np.linalg.inv(J)
            J = np.linalg.inv(Q + F @ Jinv @ F.T)
        s = int(sensor[k])
        if s >= 0:
            mm = meas[s]
            _, H = mm.h(x[k:k + 1])
            H = H[0][:, _S]
            w = mm.pd if detected is None else float(detected[k])
            J = J + w * H.T @ np.linalg.solve(mm.R, H)
        J = 0.5 * (J + J.T)
        out[k] = np.linalg.inv(J)
    return out
