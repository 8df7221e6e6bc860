"""The compiled kernels against their numpy references (tests/tracking/twins.py) and LAPACK."""

from __future__ import annotations

import numpy as np
import pytest
import twins

from launchwatch.sensors.demo import demo_radars
from launchwatch.tracking import from_config, imm_combine, imm_mix, mahalanobis2, pda_update
from launchwatch.tracking import models as M
from launchwatch.tracking.filters import Predicted


def _states(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 8))
    u = rng.normal(size=(n, 3))
    x[:, :3] = u / np.linalg.norm(u, axis=1)[:, None] * (6.4e6 + rng.uniform(0, 4e5, n))[:, None]
    x[:, 3:6] = rng.normal(0, 2000, (n, 3))
    x[:, 6] = rng.uniform(-1e-4, 3e-4, n)
    x[:, 7] = rng.uniform(0, 30, n)
    return x


def test_acceleration_and_jacobian_equal_numpy():
    x = _states(50)
    for th in (False, True):
        for dr in (False, True):
            np.testing.assert_allclose(M.acceleration(x, th, dr), twins.acceleration(x, th, dr),
                                       rtol=1e-12, atol=1e-12)  # m/s^2
            np.testing.assert_allclose(M.jacobian(x, th, dr), twins.jacobian(x, th, dr),
                                       rtol=1e-10, atol=1e-18)


def test_mach_rate_equals_numpy():
    x = _states(50)
    np.testing.assert_allclose(M.mach_rate(x), twins.mach_rate(x), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("model", [M.BALLISTIC, M.BOOST, M.MANOEUVRE])
@pytest.mark.parametrize("dt", [0.5, 2.7, -1.3])
def test_transition_kernel_equals_numpy(model, dt):
    x = _states(40)
    a, Fa = M.transition(x, dt, model)
    b, Fb = twins.transition(x, dt, model.thrust, model.drag, model.max_step)
    np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-9)  # m, m/s
    np.testing.assert_allclose(Fa, Fb, rtol=1e-12, atol=1e-14)


def test_radar_kernels_equal_numpy():
    radar = from_config(demo_radars(1)[0])
    x = _states(30, 1)
    za, Ha = radar.h(x)
    zb, Hb = twins.radar_h(x, radar.site, radar.enu)
    np.testing.assert_allclose(za, zb, rtol=1e-14, atol=1e-12)
    np.testing.assert_allclose(Ha, Hb, rtol=1e-12, atol=1e-18)
    rng = np.random.default_rng(2)
    z = np.column_stack([rng.uniform(1e5, 2e6, 20), rng.uniform(0, 2 * np.pi, 20),
                         rng.uniform(0, 1.5, 20), rng.normal(0, 1e3, 20)])
    for a, b in zip(radar.to_state(z), twins.radar_to_state(z, radar.site, radar.enu, radar.sigma),
                    strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9)


def _spd(rng, k, n):
    A = rng.normal(size=(k, n, n))
    return A @ np.swapaxes(A, -1, -2) + n * np.eye(n)


def test_mahalanobis_and_pda_kernels_equal_lapack():
    rng = np.random.default_rng(3)
    K, G, n, m = 7, 3, 8, 4
    S = _spd(rng, K, m)
    nu = rng.normal(size=(K, G, m))
    ref = np.einsum("kgi,kij,kgj->kg", nu, np.linalg.inv(S), nu)
    np.testing.assert_allclose(mahalanobis2(nu, S), ref, rtol=1e-12)
    P = _spd(rng, K, n)
    C = rng.normal(size=(K, n, m)) * 0.1
    x = rng.normal(size=(K, n))
    beta = rng.uniform(size=(K, G + 1))
    beta[0] = [1.0, 0, 0, 0]  # no measurement: untouched
    beta[1] = [0.0, 0, 1.0, 0]  # nearest neighbour
    beta /= beta.sum(axis=1, keepdims=True)
    xr, Pr = twins.pda_update(x, P, nu, beta, C, S)
    xk, Pk = pda_update(x, P, nu, beta, Predicted(np.zeros((K, m)), S, C))
    np.testing.assert_allclose(xk, xr, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Pk, Pr, rtol=1e-12, atol=1e-12)
    S[2, 0, 0] = -1.0  # not positive definite: that row gates nothing and is not updated
    d2 = mahalanobis2(nu, S)
    assert np.isnan(d2[2]).all() and np.isfinite(np.delete(d2, 2, axis=0)).all()
    xk2, _ = pda_update(x, P, nu, beta, Predicted(np.zeros((K, m)), S, C))
    np.testing.assert_array_equal(xk2[2], x[2])


def test_imm_kernels_equal_numpy():
    rng = np.random.default_rng(4)
    K, Mm, n = 6, 3, 8
    xm = rng.normal(size=(K, Mm, n))
    Pm = _spd(rng, K * Mm, n).reshape(K, Mm, n, n)
    mu = rng.dirichlet(np.ones(Mm), K)
    PI = rng.dirichlet(np.ones(Mm) * 5, Mm)
    for a, b in zip(imm_mix(xm, Pm, mu, PI), twins.imm_mix(xm, Pm, mu, PI), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    for a, b in zip(imm_combine(xm, Pm, mu), twins.imm_combine(xm, Pm, mu), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
