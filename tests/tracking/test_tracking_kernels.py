"""Compiled kernels against their numpy references; the gating/update kernels against LAPACK."""

from __future__ import annotations

import numpy as np
import pytest

from launchwatch.sensors.demo import demo_radars
from launchwatch.tracking import from_config
from launchwatch.tracking import models as M
from launchwatch.tracking._kernels import mahalanobis_batch, pda_update_rows
from launchwatch.tracking.filters import Predicted, pda_update


def _states(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = np.zeros((n, 8))
    u = rng.normal(size=(n, 3))
    x[:, :3] = u / np.linalg.norm(u, axis=1)[:, None] * (6.4e6 + rng.uniform(0, 4e5, n))[:, None]
    x[:, 3:6] = rng.normal(0, 2000, (n, 3))
    x[:, 6] = rng.uniform(-1e-4, 3e-4, n)
    x[:, 7] = rng.uniform(0, 30, n)
    return x


@pytest.mark.parametrize("model", [M.BALLISTIC, M.BOOST, M.MANOEUVRE])
@pytest.mark.parametrize("dt", [0.5, 2.7, -1.3])
def test_transition_kernel_equals_numpy(model, dt):
    x = _states(40)
    a, Fa = M.transition(x, dt, model)
    b, Fb = M._transition_numpy(x, dt, model)
    np.testing.assert_allclose(a, b, rtol=1e-14, atol=1e-9)  # m, m/s
    np.testing.assert_allclose(Fa, Fb, rtol=1e-12, atol=1e-14)


def test_radar_kernels_equal_numpy():
    radar = from_config(demo_radars(1)[0])
    x = _states(30, 1)
    za, Ha = radar.h(x)
    zb, Hb = radar._h_numpy(x)
    np.testing.assert_allclose(za, zb, rtol=1e-14, atol=1e-12)
    np.testing.assert_allclose(Ha, Hb, rtol=1e-12, atol=1e-18)
    rng = np.random.default_rng(2)
    z = np.column_stack([rng.uniform(1e5, 2e6, 20), rng.uniform(0, 2 * np.pi, 20),
                         rng.uniform(0, 1.5, 20), rng.normal(0, 1e3, 20)])
    for a, b in zip(radar.to_state(z), radar._to_state_numpy(z), strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-9)


def _spd(rng, k, n):
    A = rng.normal(size=(k, n, n))
    return A @ np.swapaxes(A, -1, -2) + n * np.eye(n)


def test_mahalanobis_and_pda_kernels_equal_lapack():
    rng = np.random.default_rng(3)
    K, G, n, m = 7, 3, 8, 4
    S = _spd(rng, K, m)
    nu = rng.normal(size=(K, G, m))
    d2, logdet = np.empty((K, G)), np.empty(K)
    assert mahalanobis_batch(nu, S, d2, logdet)
    ref = np.einsum("kgi,kij,kgj->kg", nu, np.linalg.inv(S), nu)
    np.testing.assert_allclose(d2, ref, rtol=1e-12)
    np.testing.assert_allclose(logdet, np.linalg.slogdet(S)[1], rtol=1e-12)
    P = _spd(rng, K, n)
    C = rng.normal(size=(K, n, m)) * 0.1
    x = rng.normal(size=(K, n))
    beta = rng.uniform(size=(K, G + 1))
    beta[0] = [1.0, 0, 0, 0]  # no measurement: untouched
    beta[1] = [0.0, 0, 1.0, 0]  # nearest neighbour
    beta /= beta.sum(axis=1, keepdims=True)
    xr, Pr = pda_update(x, P, nu, beta, Predicted(np.zeros((K, m)), S, C))
    xk, Pk = x.copy(), P.copy()
    assert pda_update_rows(xk, Pk, C, S, nu, beta)
    np.testing.assert_allclose(xk, xr, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Pk, Pr, rtol=1e-12, atol=1e-12)
    S[2, 0, 0] = -1.0  # not positive definite: reported, the caller falls back
    assert not mahalanobis_batch(nu, S, d2, logdet)
