"""Interacting multiple model (IMM) filter over a batch of tracks, EKF or UKF inside.

Per-model states ``xm (K, M, n)``, covariances ``Pm (K, M, n, n)``, mode probabilities
``mu (K, M)``, Markov switching matrix ``PI (M, M)`` with ``PI[i, j] = P(j at k+1 | i at k)``.
With one model the IMM is the plain filter.  The EKF path runs in the compiled row
kernels of :mod:`._kernels`; the UKF path in the numpy functions of :mod:`.filters`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Literal

import numpy as np

from ..earth.atmosphere import upper_table
from ..earth.model import EarthModel
from . import _kernels as _k
from . import _motion
from .filters import Predicted, sym, ukf_measure, ukf_predict, ukf_weights
from .models import EARTH, THRUST, MotionModel, transition

__all__ = ["imm_combine", "imm_measure", "imm_mix", "imm_mixture", "imm_predict", "imm_update",
           "log_gauss"]

Kind = Literal["ekf", "ukf"]


def _c(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=float)


def imm_mix(xm: np.ndarray, Pm: np.ndarray, mu: np.ndarray, PI: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mixing step: ``(x0 (K, M, n), P0 (K, M, n, n), c (K, M))``, ``c`` the predicted mode probabilities."""
    if mu.shape[1] == 1:  # one model: nothing to mix (the general formula gives the same)
        return xm, Pm, mu.copy()
    x0, P0, c = np.empty_like(xm), np.empty_like(Pm), np.empty_like(mu)
    _k.mix_rows(_c(xm), _c(Pm), _c(mu), _c(PI), x0, P0, c)
    return x0, P0, c


@functools.lru_cache(maxsize=64)
def _model_params(models: tuple[MotionModel, ...]) -> np.ndarray:
    """The kernels' parameter rows ``(M, NMODEL)`` of a model set (the kernels never write them)."""
    return np.array([m.kernel_params() for m in models])


def imm_predict(x0: np.ndarray, P0: np.ndarray, dt: np.ndarray | float,
                models: Sequence[MotionModel], kind: Kind = "ekf", earth: EarthModel = EARTH,
                bad: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Predict each model ``j`` from its mixed state ``x0[:, j]`` by ``dt`` [s] (scalar or ``(K,)``).

    ``bad (K,)``, if given, is set where a prediction is not finite.
    """
    k = x0.shape[0]
    dt_in = np.asarray(dt, float)
    xs, Ps = np.empty_like(x0, dtype=float), np.empty_like(P0, dtype=float)
    ep, atm = earth.kernel_params(), upper_table()
    if kind == "ekf" and dt_in.ndim == 0:  # the tracker's case: one compiled call
        mps = _model_params(tuple(models))
        flags = np.empty(k, bool) if bad is None else bad
        _motion.imm_ekf_predict_rows(_c(x0), _c(P0), float(dt_in), mps, ep, atm, xs, Ps, flags)
        return xs, Ps
    for j, m in enumerate(models):
        x, P = _c(x0[:, j]), _c(P0[:, j])
        dtk = np.broadcast_to(dt_in, (k,))
        Q = m.process_noise(dtk, x if m.state_noise else None, earth)
        if kind == "ekf":
            xp, F = transition(x, dtk, m, earth=earth)
            Pp = sym(F @ P @ np.swapaxes(F, -1, -2) + Q)
        else:
            reps = 2 * x.shape[-1] + 1
            dtr = np.repeat(dtk, reps)
            xp, Pp = ukf_predict(x, P, lambda X, m=m, dtr=dtr: transition(X, dtr, m, False, earth)[0],
                                 Q, ukf_weights(x.shape[-1]))
            if not m.thrust:
                Pp[:, THRUST, :] = 0.0
                Pp[:, :, THRUST] = 0.0
        xs[:, j], Ps[:, j] = xp, Pp
    if bad is not None:
        bad[:] = ~(np.isfinite(xs).all(axis=(1, 2)) & np.isfinite(Ps).all(axis=(1, 2, 3)))
    return xs, Ps


def imm_measure(xm: np.ndarray, Pm: np.ndarray, meas, kind: Kind = "ekf") -> Predicted:
    """Predicted measurement of every model: ``zhat (K, M, m)``, ``S (K, M, m, m)``, ``C (K, M, n, m)``."""
    k, M, n = xm.shape
    x = _c(xm.reshape(k * M, n))
    P = _c(Pm.reshape(k * M, n, n))
    if kind == "ekf":
        zhat, H = meas.h(x)
        m = zhat.shape[-1]
        S, C = np.empty((k * M, m, m)), np.empty((k * M, n, m))
        _k.moments_rows(P, _c(H), _c(meas.R), S, C)
    else:
        pred = ukf_measure(x, P, lambda X: meas.h(X, False)[0], meas.R, meas.residual)
        zhat, S, C = pred.zhat, pred.S, pred.C
        m = zhat.shape[-1]
    return Predicted(zhat.reshape(k, M, m), S.reshape(k, M, m, m), C.reshape(k, M, n, m))


def imm_mixture(pred: Predicted, c: np.ndarray, angle: Sequence[bool]) -> tuple[np.ndarray, np.ndarray]:
    """The moment-matched predicted measurement ``zc (K, m)``, ``Sc (K, m, m)`` of the models
    (angles in the components flagged by ``angle (m,)`` differenced and wrapped)."""
    if c.shape[1] == 1:  # the mixture of one: the model's own (the formula gives the same)
        return pred.zhat[:, 0], pred.S[:, 0]
    k, _, m = pred.zhat.shape
    zc, Sc = np.empty((k, m)), np.empty((k, m, m))
    _k.mixture_rows(_c(pred.zhat), _c(pred.S), _c(c), np.asarray(angle, bool), zc, Sc)
    return zc, Sc


def log_gauss(nu: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Log density ``(K, G)`` of ``N(nu; 0, S)`` for ``nu (K, G, m)``, ``S (K, m, m)``
    (``-inf`` where ``S`` is not positive definite)."""
    out = np.empty(nu.shape[:2])
    _k.log_likelihood_rows(_c(nu), _c(S), np.ones(nu.shape[:2], bool), out)
    return out


def imm_update(xm: np.ndarray, Pm: np.ndarray, c: np.ndarray, pred: Predicted, nu: np.ndarray,
               beta: np.ndarray, clutter: np.ndarray, pd: float, inplace: bool = False
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Update every model with probabilistic associations and renew the mode probabilities.

    ``nu (K, M, G, m)`` innovations of G candidates per model; ``beta (K, G + 1)``
    association probabilities (column 0: no measurement; GNN gives one-hot rows);
    ``clutter (K,)`` clutter density used in the mode likelihood (0 with GNN, where the
    likelihood is that of the assigned measurement).  Rows with ``beta[:, 0] == 1`` keep
    the prediction and ``mu = c``.  Returns ``(xm, Pm, mu, ok)``: ``ok (K,)`` is False for
    a track whose innovation covariance was not positive definite (left as predicted).
    ``inplace``: update ``xm`` and ``Pm`` themselves (C-contiguous float arrays) instead of
    copies.
    """
    k, M, _ = xm.shape
    G = beta.shape[1] - 1
    valid = beta[:, 1:] > 0  # (K, G)
    if inplace and xm.flags.c_contiguous and Pm.flags.c_contiguous and xm.dtype == float:
        xo, Po = xm, Pm
    else:
        xo, Po = np.array(xm, dtype=float, order="C"), np.array(Pm, dtype=float, order="C")
    nu = _c(np.where(valid[:, None, :, None], nu, 0.0))
    ok = np.empty(k, bool)
    lg = np.empty((k, M, G))
    _k.imm_pda_rows(xo, Po, _c(pred.C), _c(pred.S), nu, _c(beta), valid, lg, ok)
    if M == 1:
        return xo, Po, np.ones((k, 1)), ok
    loglik = np.zeros((k, M))
    if G:
        mx = np.max(np.where(valid[:, None, :], lg, -1e300), axis=2)  # (K, M)
        with np.errstate(invalid="ignore"):
            s = np.sum(np.exp(lg - mx[..., None]), axis=2)
        det = np.log(pd) + mx + np.log(np.maximum(s, 1e-300))
        none = np.log(np.maximum((1.0 - pd) * clutter, 1e-300))[:, None]
        lj = np.where((clutter > 0)[:, None], np.logaddexp(det, none), det)
        loglik = np.where(valid.any(axis=1)[:, None], lj, 0.0)
    lm = np.log(np.maximum(c, 1e-300)) + np.where(np.isfinite(loglik), loglik, -700.0)
    lm -= lm.max(axis=1, keepdims=True)
    mu = np.exp(lm)
    mu /= mu.sum(axis=1, keepdims=True)
    return xo, Po, mu, ok


def imm_combine(xm: np.ndarray, Pm: np.ndarray, mu: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Moment-matched combined estimate ``x (K, n)``, ``P (K, n, n)``."""
    if mu.shape[1] == 1:  # one model: its own estimate (the general formula gives the same)
        return xm[:, 0].copy(), sym(Pm[:, 0])
    k, _, n = xm.shape
    x, P = np.empty((k, n)), np.empty((k, n, n))
    _k.combine_rows(_c(xm), _c(Pm), _c(mu), x, P)
    return x, P
