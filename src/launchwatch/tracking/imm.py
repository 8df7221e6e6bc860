"""Interacting multiple model (IMM) filter over a batch of tracks, EKF or UKF inside.

Per-model states ``xm (K, M, n)``, covariances ``Pm (K, M, n, n)``, mode probabilities
``mu (K, M)``, Markov switching matrix ``PI (M, M)`` with ``PI[i, j] = P(j at k+1 | i at k)``.
With one model the IMM is the plain filter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from ._kernels import pda_update_rows
from .filters import Predicted, sym, ukf_measure, ukf_predict, ukf_weights
from .models import MotionModel, transition

__all__ = ["imm_combine", "imm_measure", "imm_mix", "imm_predict", "imm_update", "log_gauss"]

Kind = Literal["ekf", "ukf"]


def imm_mix(xm: np.ndarray, Pm: np.ndarray, mu: np.ndarray, PI: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mixing step: ``(x0 (K, M, n), P0 (K, M, n, n), c (K, M))``, ``c`` the predicted mode probabilities."""
    if mu.shape[1] == 1:  # one model: nothing to mix (the general formula gives the same)
        return xm, Pm, mu.copy()
    c = mu @ PI  # (K, M)
    w = mu[:, :, None] * PI[None, :, :] / np.maximum(c[:, None, :], 1e-300)  # w[k, i, j]
    x0 = np.einsum("kij,kin->kjn", w, xm)
    d = xm[:, :, None, :] - x0[:, None, :, :]  # (K, i, j, n)
    P0 = np.einsum("kij,kinm->kjnm", w, Pm) + np.einsum("kij,kijn,kijm->kjnm", w, d, d)
    return x0, sym(P0), c


def imm_predict(x0: np.ndarray, P0: np.ndarray, dt: np.ndarray | float,
                models: Sequence[MotionModel], kind: Kind = "ekf"
                ) -> tuple[np.ndarray, np.ndarray]:
    """Predict each model ``j`` from its mixed state ``x0[:, j]`` by ``dt`` [s]."""
    xs, Ps = [], []
    k = x0.shape[0]
    dt_in = np.asarray(dt, float)
    dt = np.broadcast_to(dt_in, (k,))
    for j, m in enumerate(models):
        x, P = x0[:, j], P0[:, j]
        # one step for every track (the tracker's case): one Q (n, n) broadcast over them,
        # unless the model's noise follows each state's drag (then (K, n, n))
        Q = m.process_noise(dt_in if dt_in.ndim == 0 else dt, x if m.state_noise else None)
        if kind == "ekf":
            xp, F = transition(x, dt, m)
            Pp = sym(F @ P @ np.swapaxes(F, -1, -2) + Q)
        else:
            w = ukf_weights(x.shape[-1])
            reps = 2 * x.shape[-1] + 1
            dtr = np.repeat(dt, reps)
            xp, Pp = ukf_predict(x, P, lambda X, m=m, dtr=dtr: transition(X, dtr, m, False)[0], Q, w)
            if not m.thrust:
                Pp[:, 7, :] = 0.0
                Pp[:, :, 7] = 0.0
        xs.append(xp)
        Ps.append(Pp)
    if len(models) == 1:
        return xs[0][:, None], Ps[0][:, None]
    return np.stack(xs, 1), np.stack(Ps, 1)


def imm_measure(xm: np.ndarray, Pm: np.ndarray, meas, kind: Kind = "ekf") -> Predicted:
    """Predicted measurement of every model: ``zhat (K, M, m)``, ``S (K, M, m, m)``, ``C (K, M, n, m)``."""
    k, M, n = xm.shape
    x = xm.reshape(k * M, n)
    P = Pm.reshape(k * M, n, n)
    if kind == "ekf":
        zhat, H = meas.h(x)
        C = P @ np.swapaxes(H, -1, -2)
        S = sym(H @ C + meas.R)
    else:
        pred = ukf_measure(x, P, lambda X: meas.h(X, False)[0], meas.R, meas.residual)
        zhat, S, C = pred.zhat, pred.S, pred.C
    m = zhat.shape[-1]
    return Predicted(zhat.reshape(k, M, m), S.reshape(k, M, m, m), C.reshape(k, M, n, m))


def log_gauss(nu: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Log density of ``N(nu; 0, S)`` for ``nu (..., m)``, ``S (..., m, m)`` (broadcasting)."""
    m = nu.shape[-1]
    L = np.linalg.cholesky(S)
    y = np.linalg.solve(L, nu[..., None])[..., 0]
    logdet = 2.0 * np.sum(np.log(np.diagonal(L, axis1=-2, axis2=-1)), axis=-1)
    return -0.5 * (np.sum(y * y, axis=-1) + logdet + m * np.log(2.0 * np.pi))


def imm_update(xm: np.ndarray, Pm: np.ndarray, c: np.ndarray, pred: Predicted, nu: np.ndarray,
               beta: np.ndarray, clutter: np.ndarray, pd: float
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Update every model with probabilistic associations and renew the mode probabilities.

    ``nu (K, M, G, m)`` innovations of G candidates per model; ``beta (K, G + 1)``
    association probabilities (column 0: no measurement; GNN gives one-hot rows);
    ``clutter (K,)`` clutter density used in the mode likelihood (0 with GNN, where the
    likelihood is that of the assigned measurement).  Rows with ``beta[:, 0] == 1`` keep
    the prediction and ``mu = c``.
    """
    k, M, _ = xm.shape
    G = beta.shape[1] - 1
    b = beta[:, 1:]
    valid = b > 0  # (K, G)
    xo, Po = np.array(xm, dtype=float), np.array(Pm, dtype=float)
    loglik = np.zeros((k, M))
    beta = np.ascontiguousarray(beta, dtype=float)
    for j in range(M):
        pj = Predicted(pred.zhat[:, j], pred.S[:, j], pred.C[:, j])
        nuj = np.where(valid[..., None], nu[:, j], 0.0)
        if not pda_update_rows(xo[:, j], Po[:, j], pj.C, pj.S, nuj, beta):
            # an S that is not positive definite: the numpy form (raises as LAPACK does)
            Kg = np.swapaxes(np.linalg.solve(pj.S, np.swapaxes(pj.C, -1, -2)), -1, -2)
            nu_c = np.einsum("kg,kgm->km", b, nuj)
            xo[:, j] = xm[:, j] + np.einsum("kij,kj->ki", Kg, nu_c)
            spread = np.einsum("kg,kgi,kgl->kil", b, nuj, nuj) - nu_c[:, :, None] * nu_c[:, None, :]
            b0 = beta[:, 0][:, None, None]
            Po[:, j] = sym(Pm[:, j] - (1.0 - b0) * (Kg @ pj.S @ np.swapaxes(Kg, -1, -2))
                           + Kg @ spread @ np.swapaxes(Kg, -1, -2))
        if G and M > 1:  # one model: its probability stays 1
            lg = log_gauss(nuj, pj.S[:, None])  # (K, G)
            lg = np.where(valid, lg, -np.inf)
            mx = np.max(np.where(valid, lg, -1e300), axis=1)
            s = np.sum(np.exp(lg - mx[:, None]), axis=1)
            det = np.log(pd) + mx + np.log(np.maximum(s, 1e-300))
            none = np.log(np.maximum((1.0 - pd) * clutter, 1e-300))
            lj = np.where(clutter > 0, np.logaddexp(det, none), det)
            loglik[:, j] = np.where(valid.any(axis=1), lj, 0.0)
    if M == 1:
        return xo, Po, np.ones((k, 1))
    lm = np.log(np.maximum(c, 1e-300)) + loglik
    lm -= lm.max(axis=1, keepdims=True)
    mu = np.exp(lm)
    mu /= mu.sum(axis=1, keepdims=True)
    return xo, Po, mu


def imm_combine(xm: np.ndarray, Pm: np.ndarray, mu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Moment-matched combined estimate ``x (K, n)``, ``P (K, n, n)``."""
    if mu.shape[1] == 1:  # one model: its own estimate (the general formula gives the same)
        return xm[:, 0].copy(), sym(Pm[:, 0])
    x = np.einsum("km,kmn->kn", mu, xm)
    d = xm - x[:, None, :]
    P = np.einsum("km,kmij->kij", mu, Pm) + np.einsum("km,kmi,kmj->kij", mu, d, d)
    return x, sym(P)
