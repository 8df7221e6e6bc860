"""Kalman filters as pure functions over a batch of K tracks.

Shapes: states ``x (K, n)``, covariances ``P (K, n, n)``, measurements ``z (K, m)``,
noise ``R (m, m)`` or ``(K, m, m)``.  Textbook names (x, P, F, Q, H, R, K, S).

Every update goes through the moment form: a predicted measurement ``zhat``, its
covariance ``S`` and the state/measurement cross-covariance ``C`` (``P H^T`` for the
EKF, from sigma points for the UKF)::

    K = C S^-1,   x+ = x + K nu,   P+ = P - K S K^T

which lets the tracker gate and associate once and then update EKF, UKF or IMM rows alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["Predicted", "UKFWeights", "ekf_measure", "ekf_predict", "kf_predict", "kf_update",
           "moment_update", "pda_update", "sym", "ukf_measure", "ukf_predict", "ukf_weights"]


def sym(P: np.ndarray) -> np.ndarray:
    """The symmetric part of ``P (..., n, n)``."""
    return 0.5 * (P + np.swapaxes(P, -1, -2))


def _t(a: np.ndarray) -> np.ndarray:
    return np.swapaxes(a, -1, -2)


def kf_predict(x: np.ndarray, P: np.ndarray, F: np.ndarray, Q: np.ndarray
               ) -> tuple[np.ndarray, np.ndarray]:
    """Linear predict: ``x = F x``, ``P = F P F^T + Q`` (``F``, ``Q`` shared or per track)."""
    x = np.einsum("...ij,...j->...i", F, x)
    return x, sym(F @ P @ _t(F) + Q)


def kf_update(x: np.ndarray, P: np.ndarray, z: np.ndarray, H: np.ndarray, R: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray]:
    """Linear update with ``z = H x + w``, ``w ~ N(0, R)``, Joseph form."""
    zhat = np.einsum("...ij,...j->...i", H, x)
    S = H @ P @ _t(H) + R
    K = _t(np.linalg.solve(S, H @ P))  # P H^T S^-1 (S and P symmetric)
    x = x + np.einsum("...ij,...j->...i", K, z - zhat)
    n = x.shape[-1]
    IKH = np.eye(n) - K @ H
    return x, sym(IKH @ P @ _t(IKH) + K @ R @ _t(K))


@dataclass(frozen=True)
class Predicted:
    """Predicted measurement of K tracks: ``zhat (K, m)``, ``S (K, m, m)``, ``C (K, n, m)``."""

    zhat: np.ndarray
    S: np.ndarray
    C: np.ndarray


def ekf_predict(x: np.ndarray, P: np.ndarray, f: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
                Q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """EKF predict: ``f(x) -> (x', F)`` with ``F (K, n, n)`` its Jacobian; ``P' = F P F^T + Q``."""
    xp, F = f(x)
    return xp, sym(F @ P @ _t(F) + Q)


def ekf_measure(x: np.ndarray, P: np.ndarray,
                h: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], R: np.ndarray
                ) -> Predicted:
    """EKF predicted measurement: ``h(x) -> (zhat, H)``; ``S = H P H^T + R``, ``C = P H^T``."""
    zhat, H = h(x)
    C = P @ _t(H)
    return Predicted(zhat, sym(H @ C + R), C)


def moment_update(x: np.ndarray, P: np.ndarray, nu: np.ndarray, pred: Predicted
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Update with innovation ``nu (K, m)``: ``x + K nu``, ``P - K S K^T``, ``K = C S^-1``."""
    K = _t(np.linalg.solve(pred.S, _t(pred.C)))
    x = x + np.einsum("...ij,...j->...i", K, nu)
    return x, sym(P - K @ pred.S @ _t(K))


def pda_update(x: np.ndarray, P: np.ndarray, nu: np.ndarray, beta: np.ndarray, pred: Predicted
               ) -> tuple[np.ndarray, np.ndarray]:
    """Probabilistic data association update (PDA/JPDA).

    ``nu (K, G, m)`` innovations of the G candidate measurements (anything where
    ``beta == 0``), ``beta (K, G + 1)`` association probabilities, column 0 = none.  With a
    one-hot ``beta`` this is :func:`moment_update` (or no update for column 0)::

        K = C S^-1,  x+ = x + K sum_g beta_g nu_g,
        P+ = P - (1 - beta_0) K S K^T + K (sum_g beta_g nu_g nu_g^T - nu_c nu_c^T) K^T

    (the compiled kernel :func:`launchwatch.tracking._kernels.pda_update_rows`).  Rows
    whose ``S`` is not positive definite are returned unchanged.
    """
    from ._kernels import pda_update_rows

    xo = np.array(x, dtype=float, order="C")
    Po = np.array(P, dtype=float, order="C")
    nu = np.where(beta[:, 1:, None] > 0, nu, 0.0)
    ok = np.empty(xo.shape[0], bool)
    pda_update_rows(xo, Po, np.ascontiguousarray(pred.C, float), np.ascontiguousarray(pred.S, float),
                    np.ascontiguousarray(nu, float), np.ascontiguousarray(beta, float), ok)
    return xo, Po


# --- unscented -----------------------------------------------------------------------

@dataclass(frozen=True)
class UKFWeights:
    """Scaled unscented transform weights for dimension ``n``."""

    n: int
    lam: float
    wm: np.ndarray
    wc: np.ndarray


def ukf_weights(n: int, alpha: float = 0.5, beta: float = 2.0, kappa: float = 0.0) -> UKFWeights:
    """Merwe's scaled sigma-point weights (``2 n + 1`` points)."""
    lam = alpha**2 * (n + kappa) - n
    wm = np.full(2 * n + 1, 0.5 / (n + lam))
    wc = wm.copy()
    wm[0] = lam / (n + lam)
    wc[0] = lam / (n + lam) + (1.0 - alpha**2 + beta)
    return UKFWeights(n, lam, wm, wc)


def _sqrt_rows(A: np.ndarray) -> np.ndarray:
    """A square root ``L (K, n, n)`` with ``L L^T = A`` of each row: Cholesky, or for a batch
    where some row is not positive definite (rounding after a long prediction), the
    symmetric root of each row with negative eigenvalues clipped (its nearest positive
    semi-definite matrix): one row never fails the batch."""
    try:
        return np.linalg.cholesky(A)
    except np.linalg.LinAlgError:
        from ._kernels import cholesky_rows

        A = np.ascontiguousarray(A, float)
        L, ok = np.zeros_like(A), np.empty(A.shape[0], bool)
        cholesky_rows(A, L, np.empty(A.shape[0]), ok)  # the rows that factor, as above
        w, V = np.linalg.eigh(A[~ok])
        L[~ok] = V * np.sqrt(np.clip(w, 0.0, None))[..., None, :]
        return L


def _sigma_points(x: np.ndarray, P: np.ndarray, w: UKFWeights) -> np.ndarray:
    n = x.shape[-1]
    L = _sqrt_rows(sym(P) * (n + w.lam) + 1e-12 * np.eye(n))
    Lt = _t(L)  # rows are the columns of L
    return np.concatenate([x[:, None, :], x[:, None, :] + Lt, x[:, None, :] - Lt], axis=1)


def ukf_predict(x: np.ndarray, P: np.ndarray, f: Callable[[np.ndarray], np.ndarray],
                Q: np.ndarray, w: UKFWeights | None = None) -> tuple[np.ndarray, np.ndarray]:
    """UKF predict: sigma points through ``f((K*(2n+1), n)) -> same shape``, plus ``Q``."""
    k, n = x.shape
    w = w or ukf_weights(n)
    X = _sigma_points(x, P, w)
    Y = f(X.reshape(-1, n)).reshape(k, 2 * n + 1, n)
    xm = np.einsum("s,ksi->ki", w.wm, Y)
    D = Y - xm[:, None, :]
    return xm, sym(np.einsum("s,ksi,ksj->kij", w.wc, D, D) + Q)


def ukf_measure(x: np.ndarray, P: np.ndarray, h: Callable[[np.ndarray], np.ndarray],
                R: np.ndarray, residual: Callable[[np.ndarray, np.ndarray], np.ndarray],
                w: UKFWeights | None = None) -> Predicted:
    """UKF predicted measurement: ``h((K*(2n+1), n)) -> (K*(2n+1), m)``, angles via ``residual``."""
    k, n = x.shape
    w = w or ukf_weights(n)
    X = _sigma_points(x, P, w)
    Z = h(X.reshape(-1, n))
    m = Z.shape[-1]
    Z = Z.reshape(k, 2 * n + 1, m)
    # mean through residuals about the central point keeps wrapped angles continuous
    dz = residual(Z, np.broadcast_to(Z[:, :1, :], Z.shape).copy())
    zhat = Z[:, 0, :] + np.einsum("s,ksm->km", w.wm, dz)
    Dz = residual(Z, np.broadcast_to(zhat[:, None, :], Z.shape).copy())
    Dx = X - x[:, None, :]
    S = np.einsum("s,ksi,ksj->kij", w.wc, Dz, Dz) + R
    C = np.einsum("s,ksi,ksj->kij", w.wc, Dx, Dz)
    return Predicted(zhat, sym(S), C)
