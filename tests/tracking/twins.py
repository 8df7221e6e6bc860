"""Readable numpy references of the tracker's compiled kernels (the tests compare the two).

Written from the textbook forms with the public, separately tested pieces of the Earth
layer (gravity, the 1976 atmosphere, geodetic heights, ENU bases), not from the kernels.
"""

from __future__ import annotations

import numpy as np

from launchwatch.earth import OMEGA_EARTH, ecef2geodetic, enu_basis, gravity_j2, standard_atmosphere

N = 8
KAPPA, THRUST = 6, 7
_W = np.array([0.0, 0.0, OMEGA_EARTH])
_WX = np.array([[0.0, -OMEGA_EARTH, 0.0], [OMEGA_EARTH, 0.0, 0.0], [0.0, 0.0, 0.0]])
_I3 = np.eye(3)


def _density(r: np.ndarray, dh: float = 0.0) -> np.ndarray:
    _, _, h = ecef2geodetic(r)
    return standard_atmosphere(h + dh).density


def acceleration(x: np.ndarray, thrust: bool = True, drag: bool = True) -> np.ndarray:
    """g_J2 - 2 w x v - w x (w x r) - 0.5 rho kappa |v| v + a_thrust v / |v|."""
    r, v = x[:, :3], x[:, 3:6]
    speed = np.linalg.norm(v, axis=-1)
    safe = np.where(speed > 1e-6, speed, 1e-6)
    a = gravity_j2(r) - 2.0 * np.cross(_W, v) - np.cross(_W, np.cross(_W, r))
    if drag:
        kappa = np.maximum(x[:, KAPPA], 0.0)
        a = a - (0.5 * _density(r) * kappa * speed)[:, None] * v
    if thrust:
        a = a + (x[:, THRUST] / safe)[:, None] * v
    return a


def jacobian(x: np.ndarray, thrust: bool = True, drag: bool = True) -> np.ndarray:
    """Analytic Jacobian of the state derivative (point-mass gravity gradient)."""
    k = x.shape[0]
    r, v = x[:, :3], x[:, 3:6]
    rn = np.linalg.norm(r, axis=-1)
    u_r = r / rn[:, None]
    speed = np.linalg.norm(v, axis=-1)
    safe = np.where(speed > 1e-6, speed, 1e-6)
    u_v = v / safe[:, None]
    A = np.zeros((k, N, N))
    A[:, 0:3, 3:6] = _I3
    g = (3.986004418e14 / rn**3)[:, None, None] * (3.0 * u_r[:, :, None] * u_r[:, None, :] - _I3)
    A[:, 3:6, 0:3] = g - _WX @ _WX
    A[:, 3:6, 3:6] = -2.0 * _WX
    if drag:
        rho = _density(r)
        drho = (_density(r, 50.0) - rho) / 50.0
        lat, lon, _ = ecef2geodetic(r)
        up = enu_basis(lat, lon)[:, 2]
        kappa = np.maximum(x[:, KAPPA], 0.0)
        A[:, 3:6, 0:3] += ((-0.5 * kappa * speed)[:, None] * v)[:, :, None] * (drho[:, None] * up)[:, None, :]
        A[:, 3:6, 3:6] += (-0.5 * rho * kappa)[:, None, None] * (
            safe[:, None, None] * _I3 + v[:, :, None] * u_v[:, None, :])
        A[:, 3:6, KAPPA] = (-0.5 * rho * speed)[:, None] * v
    if thrust:
        A[:, 3:6, 3:6] += (x[:, THRUST] / safe)[:, None, None] * (_I3 - u_v[:, :, None] * u_v[:, None, :])
        A[:, 3:6, THRUST] = u_v
    return A


def transition(x: np.ndarray, dt: float, thrust: bool, drag: bool, max_step: float = 1.0):
    """Classic RK4 in substeps; F the product of I + A h + (A h)^2 / 2."""
    x = np.array(x, dtype=float, copy=True)
    k = x.shape[0]
    nsub = max(int(np.ceil(abs(dt) / max_step)), 1)
    h = dt / nsub
    if not thrust:
        x[:, THRUST] = 0.0
    F = np.broadcast_to(np.eye(N), (k, N, N)).copy()

    def deriv(s):
        d = np.zeros_like(s)
        d[:, :3] = s[:, 3:6]
        d[:, 3:6] = acceleration(s, thrust, drag)
        return d

    for _ in range(nsub):
        A = jacobian(x, thrust, drag) * h
        F = (np.eye(N) + A + 0.5 * A @ A) @ F
        k1 = deriv(x)
        k2 = deriv(x + 0.5 * h * k1)
        k3 = deriv(x + 0.5 * h * k2)
        k4 = deriv(x + h * k3)
        x = x + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
    if not thrust:
        x[:, THRUST] = 0.0
        F[:, THRUST, :] = 0.0
    return x, F


def radar_h(x: np.ndarray, site: np.ndarray, enu: np.ndarray):
    """Range, azimuth (clockwise from north), elevation, range-rate and their Jacobian."""
    d = x[:, :3] - site
    v = x[:, 3:6]
    e = d @ enu.T
    rng = np.linalg.norm(d, axis=-1)
    g2 = e[:, 0] ** 2 + e[:, 1] ** 2
    g = np.sqrt(g2)
    rr = np.einsum("ki,ki->k", d, v) / rng
    z = np.stack([rng, np.mod(np.arctan2(e[:, 0], e[:, 1]), 2 * np.pi),
                  np.arcsin(np.clip(e[:, 2] / rng, -1.0, 1.0)), rr], axis=-1)
    k = x.shape[0]
    H = np.zeros((k, 4, N))
    H[:, 0, :3] = d / rng[:, None]
    H[:, 1, :3] = np.stack([e[:, 1], -e[:, 0], np.zeros(k)], -1) / g2[:, None] @ enu
    r2 = rng**2
    H[:, 2, :3] = np.stack([-e[:, 2] * e[:, 0] / (r2 * g), -e[:, 2] * e[:, 1] / (r2 * g), g / r2], -1) @ enu
    H[:, 3, :3] = (v - (rr / rng)[:, None] * d) / rng[:, None]
    H[:, 3, 3:6] = d / rng[:, None]
    return z, H


def radar_to_state(z: np.ndarray, site: np.ndarray, enu: np.ndarray, sigma: np.ndarray):
    """Position of a radar measurement and the linearised image of its noise."""
    rng, az, el = z[:, 0], z[:, 1], z[:, 2]
    ce, se, ca, sa = np.cos(el), np.sin(el), np.cos(az), np.sin(az)
    u_enu = np.stack([ce * sa, ce * ca, se], -1)
    u = u_enu @ enu
    pos = site + rng[:, None] * u
    J = np.stack([u_enu, rng[:, None] * np.stack([ce * ca, -ce * sa, np.zeros_like(ce)], -1),
                  rng[:, None] * np.stack([-se * sa, -se * ca, ce], -1)], axis=-1)
    J = enu.T @ J
    s = np.asarray(sigma, float)[:3] ** 2
    return pos, J @ (s[:, None] * np.swapaxes(J, -1, -2)), u


def pda_update(x, P, nu, beta, C, S):
    """(J)PDA update with numpy's solver (Bar-Shalom & Li)."""
    K = np.swapaxes(np.linalg.solve(S, np.swapaxes(C, -1, -2)), -1, -2)
    b = beta[:, 1:]
    nu = np.where(b[..., None] > 0, nu, 0.0)
    nu_c = np.einsum("kg,kgm->km", b, nu)
    x = x + np.einsum("kij,kj->ki", K, nu_c)
    spread = np.einsum("kg,kgi,kgj->kij", b, nu, nu) - nu_c[:, :, None] * nu_c[:, None, :]
    P = P - (1.0 - beta[:, 0])[:, None, None] * K @ S @ np.swapaxes(K, -1, -2) \
        + K @ spread @ np.swapaxes(K, -1, -2)
    return x, 0.5 * (P + np.swapaxes(P, -1, -2))


def imm_mix(xm, Pm, mu, PI):
    """IMM mixing (Blom & Bar-Shalom) with einsum."""
    c = mu @ PI
    w = mu[:, :, None] * PI[None, :, :] / c[:, None, :]
    x0 = np.einsum("kij,kin->kjn", w, xm)
    d = xm[:, :, None, :] - x0[:, None, :, :]
    P0 = np.einsum("kij,kinm->kjnm", w, Pm) + np.einsum("kij,kijn,kijm->kjnm", w, d, d)
    return x0, P0, c


def imm_combine(xm, Pm, mu):
    """Moment-matched IMM output with einsum."""
    x = np.einsum("km,kmn->kn", mu, xm)
    d = xm - x[:, None, :]
    return x, np.einsum("km,kmij->kij", mu, Pm) + np.einsum("km,kmi,kmj->kij", mu, d, d)


def mach_rate(x: np.ndarray) -> np.ndarray:
    """dM/dt = (a . v / |v|) / c - |v| (dc/dh) (dh/dt) / c^2 (a without thrust)."""
    from launchwatch.earth import standard_atmosphere

    _, _, h = ecef2geodetic(x[:, :3])
    c = standard_atmosphere(h).speed_of_sound
    dc = (standard_atmosphere(h + 50.0).speed_of_sound - c) / 50.0
    v = x[:, 3:6]
    speed = np.maximum(np.linalg.norm(v, axis=1), 1e-6)
    a_along = np.einsum("ki,ki->k", acceleration(x, thrust=False), v) / speed
    climb = np.einsum("ki,ki->k", v, x[:, :3]) / np.linalg.norm(x[:, :3], axis=1)
    return a_along / c - speed * dc * climb / c**2
