"""A batched Levenberg-Marquardt solver over parameter rows, with finite-difference Jacobians.

Generic: it knows nothing of flights.  ``forward(rows, u)`` returns the facts ``(m, F)``
flown by parameter rows ``u (m, 3)`` of the reports ``rows``; all rows and all their
perturbations go to one ``forward`` call, so one integrator call serves a whole batch.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["levenberg_marquardt", "wrap"]


def wrap(a: np.ndarray) -> np.ndarray:
    """Angles [rad] wrapped to ``[-pi, pi)``."""
    return (a + np.pi) % (2 * np.pi) - np.pi


def levenberg_marquardt(forward: Callable[[np.ndarray, np.ndarray], np.ndarray], u0: np.ndarray,
                        target: np.ndarray, known: np.ndarray, scale: np.ndarray,
                        prior_w: np.ndarray, az_w: np.ndarray, lo: np.ndarray, hi: np.ndarray,
                        steps: np.ndarray, tiny: np.ndarray, max_iter: int
                        ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit parameter rows ``(energy, shape, azimuth)`` ``u0 (K, 3)`` to ``target (K, F)``.

    Residuals: the ``known (K, F)`` facts scaled by ``scale (F,)`` (the last fact an angle,
    wrapped), a prior tying the shape parameter to its start (weight ``prior_w (K,)``: the
    minimum-energy choice when facts are too few) and the azimuth to its start (``az_w
    (K,)``: when the bearing is unknown).  Forward-difference steps ``steps (3,)`` (the
    first relative), bounds ``lo``, ``hi (2,)`` on the first two parameters, convergence
    when a step is below ``tiny (3,)``, the cost stops falling, or no step improves.
    Returns ``(u (K, 3), facts (K, F), converged (K,))``.
    """
    k = u0.shape[0]
    u = u0.copy()
    g_prior = u0[:, 1].copy()
    az0 = u0[:, 2].copy()

    def residuals(rows: np.ndarray, fv: np.ndarray, uu: np.ndarray) -> np.ndarray:
        d = fv - target[rows]
        d[:, -1] = wrap(d[:, -1])
        r = np.nan_to_num(np.where(known[rows], d / scale, 0.0), nan=1e6)
        return np.column_stack([r, prior_w[rows] * (uu[:, 1] - g_prior[rows]),
                                az_w[rows] * wrap(uu[:, 2] - az0[rows])])

    all_rows = np.arange(k)
    fv = forward(all_rows, u)
    r = residuals(all_rows, fv, u)
    cost = np.sum(r * r, axis=1)
    lam = np.full(k, 1e-3)
    converged = np.zeros(k, dtype=bool)
    active = np.ones(k, dtype=bool)
    nf = target.shape[1]
    for _ in range(max_iter):
        idx = np.flatnonzero(active)
        if idx.size == 0:
            break
        m = idx.size
        uu = u[idx]
        du = np.column_stack([steps[0] * uu[:, 0], np.full(m, steps[1]), np.full(m, steps[2])])
        pert = np.repeat(uu[None], 3, axis=0)
        for j in range(3):
            pert[j, :, j] += du[:, j]
        fp = forward(np.tile(idx, 3), pert.reshape(-1, 3)).reshape(3, m, nf)
        jac = np.empty((m, r.shape[1], 3))
        for j in range(3):
            d = fp[j] - fv[idx]
            d[:, -1] = wrap(d[:, -1])
            dr = np.where(known[idx], d / scale, 0.0) / du[:, j:j + 1]
            prior = np.zeros((m, 2))
            prior[:, 0] = prior_w[idx] * (j == 1)
            prior[:, 1] = az_w[idx] * (j == 2)
            jac[:, :, j] = np.nan_to_num(np.column_stack([dr, prior]), nan=0.0)
        jtj = np.einsum("mri,mrj->mij", jac, jac)
        jtr = np.einsum("mri,mr->mi", jac, r[idx])
        diag = np.einsum("mii->mi", jtj)
        a = jtj + lam[idx, None, None] * np.einsum("mi,ij->mij", np.maximum(diag, 1e-12), np.eye(3))
        delta = -np.linalg.solve(a + 1e-300 * np.eye(3), jtr[..., None])[..., 0]
        un = uu + delta
        un[:, :2] = np.clip(un[:, :2], lo, hi)
        un[:, 2] = wrap(un[:, 2])
        fn = forward(idx, un)
        rn = residuals(idx, fn, un)
        cn = np.sum(rn * rn, axis=1)
        better = cn < cost[idx]
        acc = idx[better]
        u[acc] = un[better]
        fv[acc] = fn[better]
        r[acc] = rn[better]
        small = np.abs(delta) < tiny
        step_done = better & (small.all(axis=1) | (cost[idx] - cn < 1e-10 * (1 + cost[idx])))
        cost[acc] = cn[better]
        lam[idx] = np.where(better, lam[idx] * 0.3, lam[idx] * 10.0)
        stalled = lam[idx] > 1e8  # no step improves: a minimum at the integrator's noise
        done = step_done | stalled
        converged[idx[done]] = True
        active[idx[done]] = False
    return u, fv, converged
