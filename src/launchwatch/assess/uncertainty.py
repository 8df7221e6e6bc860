"""Uncertainty helpers: sigma points, ground ellipses and the circular error probable."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["GroundEllipse", "cep", "ground_ellipse", "sigma_points"]

_CHI2_2DOF_95 = 5.991464547107979  # chi-square quantile, 2 degrees of freedom, 0.95


def sigma_points(x: np.ndarray, P: np.ndarray, kappa: float | None = None
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Unscented-transform sigma points of Gaussians ``x (N, n)``, ``P (N, n, n)``.

    Julier's symmetric set with ``kappa = 3 - n`` by default (matches the 4th moment of a
    Gaussian along each axis).  Returns points ``(N, 2n + 1, n)`` and weights ``(2n + 1,)``.
    A covariance that is not positive definite raises ``numpy.linalg.LinAlgError``.
    """
    x = np.asarray(x, float)
    P = np.asarray(P, float)
    n = x.shape[-1]
    k = 3.0 - n if kappa is None else kappa
    # keep the centre weight non-negative for honest covariances
    k = max(k, 0.0)
    S = np.linalg.cholesky((n + k) * 0.5 * (P + np.swapaxes(P, -1, -2)))  # (N, n, n)
    cols = np.swapaxes(S, -1, -2)  # rows are the columns of S
    pts = np.concatenate([x[:, None, :], x[:, None, :] + cols, x[:, None, :] - cols], axis=1)
    w = np.full(2 * n + 1, 0.5 / (n + k))
    w[0] = k / (n + k)
    return pts, w


@dataclass
class GroundEllipse:
    """Gaussian uncertainty of ground points in local east/north metres, ``(N,)`` arrays.

    ``semi_major``/``semi_minor`` [m] of the 95 % ellipse, ``orientation`` [rad] of the
    major axis clockwise from north, ``cep`` [m] the radius holding 50 %, and the
    east-north covariance ``cov (N, 2, 2)`` [m^2].
    """

    cov: np.ndarray
    semi_major: np.ndarray
    semi_minor: np.ndarray
    orientation: np.ndarray
    cep: np.ndarray

    def contains(self, d_east: np.ndarray, d_north: np.ndarray) -> np.ndarray:
        """Whether offsets [m] from the centre lie inside the 95 % ellipse, ``(N,)``."""
        d = np.stack([d_east, d_north], axis=-1)
        m = np.einsum("...i,...ij,...j->...", d, np.linalg.inv(self.cov), d)
        return m <= _CHI2_2DOF_95


def ground_ellipse(cov: np.ndarray) -> GroundEllipse:
    """95 % ellipse and CEP of east/north covariances ``(N, 2, 2)`` [m^2]."""
    cov = np.asarray(cov, float)
    lam, vec = np.linalg.eigh(cov)  # ascending
    lam = np.maximum(lam, 0.0)
    major = vec[..., :, 1]
    orient = np.mod(np.arctan2(major[..., 0], major[..., 1]), math.pi)
    return GroundEllipse(cov=cov, semi_major=np.sqrt(_CHI2_2DOF_95 * lam[..., 1]),
                         semi_minor=np.sqrt(_CHI2_2DOF_95 * lam[..., 0]), orientation=orient,
                         cep=cep(np.sqrt(lam[..., 1]), np.sqrt(lam[..., 0])))


def cep(sigma_major: np.ndarray, sigma_minor: np.ndarray) -> np.ndarray:
    """Exact circular error probable [m] of a zero-mean 2-D Gaussian with these sigmas.

    Solves ``P(|X| <= R) = 0.5`` with
    ``P(R)`` = integral over ``x`` in ``[-R, R]`` of
    ``phi(x/s1)/s1 (2 Phi(sqrt(R^2 - x^2)/s2) - 1)``, written with
    ``x = R sin u`` (a smooth integrand, 96-point Gauss-Legendre), by bisection,
    vectorised.  Tends to 0.6745 s1 for a line and 1.1774 s for a circle.
    """
    from scipy.special import ndtr

    s1 = np.atleast_1d(np.asarray(sigma_major, float))
    s2 = np.maximum(np.atleast_1d(np.asarray(sigma_minor, float)), 1e-12 * np.maximum(s1, 1e-300))
    u, wq = np.polynomial.legendre.leggauss(96)
    u = u * (math.pi / 2)
    wq = wq * (math.pi / 2)

    def prob(r: np.ndarray) -> np.ndarray:
        x = r[:, None] * np.sin(u)[None, :]
        y = r[:, None] * np.cos(u)[None, :]
        f = np.exp(-0.5 * (x / s1[:, None]) ** 2) / (math.sqrt(2 * math.pi) * s1[:, None])
        g = 2.0 * ndtr(y / s2[:, None]) - 1.0
        return np.sum(wq[None, :] * f * g * y, axis=1)

    lo = np.zeros_like(s1)
    hi = 3.0 * np.maximum(s1, s2)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        low = prob(mid) < 0.5
        lo = np.where(low, mid, lo)
        hi = np.where(low, hi, mid)
    out = 0.5 * (lo + hi)
    return out.reshape(np.shape(sigma_major)) if np.ndim(sigma_major) else out[0]
