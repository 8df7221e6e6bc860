"""Filters: closed-form Kalman equations, EKF/UKF agreement, state models, IMM and measurements."""

from __future__ import annotations

import math

import numpy as np
import pytest

from launchwatch.earth import geodetic2ecef, gravity_j2
from launchwatch.flight import propagate
from launchwatch.tracking import (
    BALLISTIC,
    BOOST,
    N_STATE,
    LosMeasurement,
    RadarMeasurement,
    ekf_measure,
    ekf_predict,
    imm_combine,
    imm_mix,
    imm_predict,
    jacobian,
    kf_predict,
    kf_update,
    moment_update,
    pda_update,
    transition,
    ukf_measure,
    ukf_predict,
)
from launchwatch.tracking.models import acceleration


def _cv(dt: float, n: int = 2) -> np.ndarray:
    F = np.eye(2 * n)
    F[:n, n:] = dt * np.eye(n)
    return F


def _rand_cov(rng, k, n):
    A = rng.normal(size=(k, n, n))
    return A @ np.swapaxes(A, -1, -2) + n * np.eye(n)


def test_kalman_step_matches_closed_form_for_a_linear_case():
    rng = np.random.default_rng(0)
    K, n, m = 5, 4, 2
    x = rng.normal(size=(K, n))
    P = _rand_cov(rng, K, n)
    F, Q = _cv(0.7), np.diag([0.1, 0.1, 0.5, 0.5])
    H = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0]])
    R = np.diag([0.3, 0.2])
    z = rng.normal(size=(K, m))
    xp, Pp = kf_predict(x, P, F, Q)
    xu, Pu = kf_update(xp, Pp, z, H, R)
    for k in range(K):  # textbook, one track at a time
        xe = F @ x[k]
        Pe = F @ P[k] @ F.T + Q
        S = H @ Pe @ H.T + R
        G = Pe @ H.T @ np.linalg.inv(S)
        np.testing.assert_allclose(xu[k], xe + G @ (z[k] - H @ xe), rtol=1e-12)
        np.testing.assert_allclose(Pu[k], (np.eye(n) - G @ H) @ Pe, rtol=1e-10, atol=1e-12)
    # the EKF and UKF with linear functions give the same step exactly
    xe, Pe = ekf_predict(x, P, lambda v: (v @ F.T, np.broadcast_to(F, (K, n, n))), Q)
    pred = ekf_measure(xe, Pe, lambda v: (v @ H.T, np.broadcast_to(H, (K, m, n))), R)
    xe, Pe = moment_update(xe, Pe, z - pred.zhat, pred)
    np.testing.assert_allclose(xe, xu, rtol=1e-10)
    np.testing.assert_allclose(Pe, Pu, rtol=1e-9, atol=1e-12)
    xs, Ps = ukf_predict(x, P, lambda v: v @ F.T, Q)
    pred = ukf_measure(xs, Ps, lambda v: v @ H.T, R, lambda a, b: a - b)
    xs, Ps = moment_update(xs, Ps, z - pred.zhat, pred)
    np.testing.assert_allclose(xs, xu, rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(Ps, Pu, rtol=1e-7, atol=1e-10)


def test_pda_update_with_one_hot_weights_is_the_kalman_update():
    rng = np.random.default_rng(1)
    K, n = 3, 4
    x, P = rng.normal(size=(K, n)), _rand_cov(rng, K, n)
    H, R = np.eye(2, n), np.eye(2) * 0.5
    pred = ekf_measure(x, P, lambda v: (v @ H.T, np.broadcast_to(H, (K, 2, n))), R)
    z = rng.normal(size=(K, 2))
    want = moment_update(x, P, z - pred.zhat, pred)
    beta = np.array([[0.0, 1.0, 0.0]] * K)
    nu = np.stack([z - pred.zhat, rng.normal(size=(K, 2))], 1)
    got = pda_update(x, P, nu, beta, pred)
    np.testing.assert_allclose(got[0], want[0], rtol=1e-12)
    np.testing.assert_allclose(got[1], want[1], rtol=1e-10)
    none = pda_update(x, P, nu, np.array([[1.0, 0.0, 0.0]] * K), pred)
    np.testing.assert_allclose(none[0], x)
    np.testing.assert_allclose(none[1], P, rtol=1e-12)


def test_ballistic_transition_matches_the_flight_engine():
    # 120 s of exo-atmospheric flight: the tracker's RK4 model against the engine's integrator
    from launchwatch.flight import ballistic_states

    s0 = ballistic_states(math.radians(39.0), math.radians(128.0), 2400.0, math.radians(40), 1.5,
                          alt=80_000.0)
    ref = propagate(s0, 0.0, sample_dt=1.0)
    x = np.zeros((1, N_STATE))
    x[0, :6] = s0[0]
    for _ in range(120):
        x, _ = transition(x, 1.0, BALLISTIC)
    assert np.linalg.norm(x[0, :3] - ref.samples[0, 120, :3]) < 0.5  # metres
    assert np.linalg.norm(x[0, 3:6] - ref.samples[0, 120, 3:]) < 0.01  # m/s


def test_acceleration_and_jacobian():
    rng = np.random.default_rng(2)
    r = geodetic2ecef(np.radians(rng.uniform(30, 45, 6)), np.radians(rng.uniform(120, 140, 6)),
                      rng.uniform(2e4, 2e5, 6))
    x = np.zeros((6, N_STATE))
    x[:, :3] = r
    x[:, 3:6] = rng.normal(0, 1500, (6, 3))
    x[:, 6] = 2e-4
    x[:, 7] = 20.0
    a = acceleration(x, thrust=False, drag=False)
    w = np.array([0, 0, 7.292115e-5])
    want = gravity_j2(r) - 2 * np.cross(w, x[:, 3:6]) - np.cross(w, np.cross(w, r))
    np.testing.assert_allclose(a, want, rtol=1e-12)
    # analytic Jacobian against central differences (gravity gradient without J2: 1e-3 rel.)
    A = jacobian(x)
    for j in range(N_STATE):
        h = np.array([50.0, 50, 50, 0.5, 0.5, 0.5, 1e-6, 0.01])[j]
        xp, xm = x.copy(), x.copy()
        xp[:, j] += h
        xm[:, j] -= h
        num = (acceleration(xp) - acceleration(xm)) / (2 * h)
        scale = np.abs(num).max() + 1e-9
        assert np.abs(A[:, 3:6, j] - num).max() < 5e-3 * scale + 1e-7, j


def test_transition_jacobian_against_finite_differences():
    x = np.zeros((1, N_STATE))
    x[0, :3] = geodetic2ecef(0.7, 2.2, 1.5e5)
    x[0, 3:6] = [1000.0, -800.0, 1200.0]
    x[0, 6] = 1e-4
    _, F = transition(x, 1.0, BALLISTIC)
    for j in range(6):
        d = np.zeros((1, N_STATE))
        d[0, j] = 10.0 if j < 3 else 0.1
        num = (transition(x + d, 1.0, BALLISTIC, False)[0] - transition(x - d, 1.0, BALLISTIC,
                                                                         False)[0]) / (2 * d[0, j])
        np.testing.assert_allclose(F[0, :6, j], num[0, :6], atol=2e-6)


def test_imm_with_one_model_is_the_ekf_and_mixing_preserves_moments():
    rng = np.random.default_rng(3)
    x = np.zeros((2, 1, N_STATE))
    x[:, 0, :3] = geodetic2ecef(0.7, 2.2, 1e5)
    x[:, 0, 3:6] = [[1000.0, 0, 1000], [0, 900, 900]]
    P = np.broadcast_to(np.diag([1e4, 1e4, 1e4, 100, 100, 100, 1e-9, 1.0]), (2, 1, 8, 8)).copy()
    x0, P0, c = imm_mix(x, P, np.ones((2, 1)), np.ones((1, 1)))
    xi, Pi = imm_predict(x0, P0, 2.0, [BOOST])
    xe, F = transition(x[:, 0], 2.0, BOOST)
    np.testing.assert_allclose(xi[:, 0], xe)
    np.testing.assert_allclose(Pi[:, 0], F @ P[:, 0] @ np.swapaxes(F, 1, 2)
                               + BOOST.process_noise(2.0), rtol=1e-10)
    # mixing keeps the combined mean and covariance
    xm = rng.normal(size=(4, 3, 5))
    Pm = _rand_cov(rng, 12, 5).reshape(4, 3, 5, 5)
    mu = rng.dirichlet(np.ones(3), 4)
    x0, P0, c = imm_mix(xm, Pm, mu, np.eye(3))
    np.testing.assert_allclose(x0, xm)
    xc, _Pc = imm_combine(xm, Pm, mu)
    xc2, _Pc2 = imm_combine(*imm_mix(xm, Pm, mu, np.full((3, 3), 1 / 3))[:2], c)
    np.testing.assert_allclose(xc2, xc, rtol=1e-10)


@pytest.mark.parametrize("model", ["radar", "los"])
def test_measurement_jacobians(model):
    rng = np.random.default_rng(4)
    site = geodetic2ecef(0.65, 2.25, 30.0)
    from launchwatch.earth import enu_basis

    meas = (RadarMeasurement(site, enu_basis(0.65, 2.25), np.array([20, 1e-3, 1e-3, 2]))
            if model == "radar" else LosMeasurement(geodetic2ecef(0.0, 2.2, 35_786e3),
                                                    np.array([2e-5, 2e-5])))
    x = np.zeros((5, N_STATE))
    x[:, :3] = geodetic2ecef(np.radians(rng.uniform(37, 40, 5)), np.radians(rng.uniform(128, 132, 5)),
                             rng.uniform(5e4, 3e5, 5))
    x[:, 3:6] = rng.normal(0, 1500, (5, 3))
    _, H = meas.h(x)
    for j in range(6):
        h = 1.0 if j < 3 else 0.01
        xp, xm = x.copy(), x.copy()
        xp[:, j] += h
        xm[:, j] -= h
        num = meas.residual(meas.h(xp, False)[0], meas.h(xm, False)[0]) / (2 * h)
        np.testing.assert_allclose(H[:, :, j], num, rtol=1e-5, atol=1e-12)
    if model == "radar":  # converted measurement lands on the state
        z, _ = meas.h(x, False)
        pos, cov, _ = meas.to_state(z)
        np.testing.assert_allclose(pos, x[:, :3], atol=1e-6)
        assert np.all(np.linalg.eigvalsh(cov) > 0)
