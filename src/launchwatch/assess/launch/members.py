"""Members of the boost family in a site's east/north/up frame: their states at any time
after launch, a horizontal turn, and the covariance of how far the truth may stray from a
member (a white acceleration from lift-off)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...earth.frames import enu_basis, geodetic2ecef
from .. import boost as fam

#: [m^2/s^3] intensity of the white acceleration by which the truth may stray from the
#: family member that explains it: the family's resolution (see _deviation)
DEVIATION = 1.0


@dataclass
class _Local:
    """Members in the site's east/north/up frame: positions ``(N, S, 3)``, velocities."""

    pos: np.ndarray
    vel: np.ndarray
    dt: float


def _local(m: fam.Members) -> _Local:
    E = enu_basis(m.lat, m.lon)
    site = geodetic2ecef(m.lat, m.lon, 0.0)
    return _Local(pos=(m.samples[..., :3] - site) @ E.T, vel=m.samples[..., 3:] @ E.T, dt=m.dt)


def _at(loc: _Local, tau: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions, velocities and accelerations ``(N, T, 3)`` at member times ``tau (N, T)``
    [s after launch] (cubic Hermite positions; NaN outside the sampled span)."""
    n, s, _ = loc.pos.shape
    u = tau / loc.dt
    inside = (u >= 0.0) & (u <= s - 1) & np.isfinite(u)
    k = np.clip(np.floor(np.where(inside, u, 0.0)).astype(np.intp), 0, s - 2)
    f = np.where(inside, u - k, 0.0)[..., None]
    rows = np.arange(n)[:, None]
    p0, p1 = loc.pos[rows, k], loc.pos[rows, k + 1]
    v0, v1 = loc.vel[rows, k], loc.vel[rows, k + 1]
    h = loc.dt
    f2, f3 = f * f, f * f * f
    pos = ((2 * f3 - 3 * f2 + 1) * p0 + (f3 - 2 * f2 + f) * h * v0 + (-2 * f3 + 3 * f2) * p1
           + (f3 - f2) * h * v1)
    vel = (1 - f) * v0 + f * v1
    acc = (v1 - v0) / h
    bad = ~inside
    pos[bad] = vel[bad] = acc[bad] = np.nan
    return pos, vel, acc


def _rot(x: np.ndarray, c: np.ndarray, s: np.ndarray) -> np.ndarray:
    """East/north of ``x (N, T, 3)`` turned clockwise (bearing + alpha), ``c``/``s (N,)``."""
    out = x.copy()
    out[..., 0] = x[..., 0] * c[:, None] + x[..., 1] * s[:, None]
    out[..., 1] = -x[..., 0] * s[:, None] + x[..., 1] * c[:, None]
    return out


def _deviation(tau: np.ndarray, q: float | None = None) -> np.ndarray:
    """Covariance ``(N, 6R, 6R)`` of how far the truth may stray from a member at its
    times ``tau (N, R)`` [s after launch]: a white acceleration of intensity ``q``
    [m^2/s^3] on each axis from lift-off (zero at the pad), rows ordered (position,
    velocity) per time."""
    q = DEVIATION if q is None else q
    n, r = tau.shape
    a = np.maximum(tau, 0.0)[:, :, None]
    b = np.maximum(tau, 0.0)[:, None, :]
    m = np.minimum(a, b)
    rr = q * (a * b * m - (a + b) * m * m / 2.0 + m**3 / 3.0)
    rv = q * (a * m - m * m / 2.0)  # position at a, velocity at b
    vv = q * m
    blk = np.zeros((n, r, r, 2, 2))
    blk[..., 0, 0] = rr
    blk[..., 0, 1] = rv
    blk[..., 1, 0] = np.swapaxes(rv, 1, 2)
    blk[..., 1, 1] = vv
    out = np.zeros((n, r, 2, 3, r, 2, 3))
    for a in range(3):
        out[:, :, :, a, :, :, a] = blk.transpose(0, 1, 3, 2, 4)
    return out.reshape(n, 6 * r, 6 * r) + 1e-6 * np.eye(6 * r)
