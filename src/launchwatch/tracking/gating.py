"""Chi-square gating of measurements against predicted measurements."""

from __future__ import annotations

import functools

import numpy as np
from scipy.stats import chi2

__all__ = ["gate_threshold", "mahalanobis2"]


@functools.cache
def gate_threshold(probability: float, dim: int) -> float:
    """Squared Mahalanobis distance that a true measurement falls inside with ``probability``.

    The quantile of the chi-square distribution with ``dim`` degrees of freedom.
    """
    return float(chi2.ppf(probability, dim))


def mahalanobis2(nu: np.ndarray, S: np.ndarray) -> np.ndarray:
    """Squared Mahalanobis distances ``(K, G)`` of innovations ``nu (K, G, m)`` under ``S (K, m, m)``."""
    L = np.linalg.cholesky(S)  # (K, m, m)
    y = np.linalg.solve(L[:, None], nu[..., None])[..., 0]
    return np.sum(y * y, axis=-1)
