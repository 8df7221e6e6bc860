"""Metrics and the bound on cases worked out by hand: OSPA/GOSPA values, a known identity
swap and a known break, the PCRLB of a linear-Gaussian model (= the Kalman covariance),
switching probabilities against the matrix exponential of the Markov generator, and the
process noise against simulated white acceleration."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.linalg import expm

from launchwatch.tracking import (
    BALLISTIC,
    MANOEUVRE,
    TrackerConfig,
    TrackHistory,
    gospa,
    nees,
    nees_interval,
    ospa,
    ospa_gospa_over_time,
    pcrlb,
    score_tracks,
)


def test_ospa_and_gospa_values_by_hand():
    c, p = 10.0, 2.0
    assert ospa(np.zeros((0, 2)), np.zeros((0, 2)), c, p) == 0.0
    # one truth, one estimate 5 m away (3-4-5): the distance itself
    assert ospa(np.array([[0.0, 0.0]]), np.array([[3.0, 4.0]]), c, p) == pytest.approx(5.0)
    # two truths, one estimate on the first: ((0^2 + c^2) / 2)^(1/2)
    X = np.array([[0.0, 0.0], [100.0, 0.0]])
    Y = np.array([[0.0, 0.0]])
    assert ospa(X, Y, c, p) == pytest.approx(math.sqrt(50.0))
    # a pair further than c counts as c (cut-off), and the optimal pairing is used
    X = np.array([[0.0, 0.0], [20.0, 0.0]])
    Y = np.array([[19.0, 0.0], [1.0, 0.0], [500.0, 0.0]])
    assert ospa(X, Y, c, p) == pytest.approx(math.sqrt((1.0 + 1.0 + c**2) / 3.0))
    # GOSPA (alpha = 2): 1 m and 1 m localisation, one false estimate at c^p / 2
    tot, loc, miss, false = gospa(X, Y, c, p)
    assert (loc, miss, false) == pytest.approx((2.0, 0.0, 50.0))
    assert tot == pytest.approx(math.sqrt(52.0))
    # a missed truth and an estimate further than c: both are penalties, not a pair
    tot, loc, miss, false = gospa(np.array([[0.0, 0.0]]), np.array([[11.0, 0.0]]), c, p)
    assert (loc, miss, false) == pytest.approx((0.0, 50.0, 50.0)) and tot == pytest.approx(10.0)
    # over time: truths NaN where they do not exist
    o, g = ospa_gospa_over_time(np.array([0.0, 1.0]),
                                np.array([[[0.0, 0.0, 0.0], [np.nan, 0.0, 0.0]]]),
                                np.array([0.0, 1.0]), np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0]]),
                                c, p)
    assert o.tolist() == pytest.approx([5.0, 10.0])
    assert g.tolist() == pytest.approx([5.0, math.sqrt(50.0)])


def _history(rows: list[tuple[float, int, int]], confirmed_at: dict[int, float]) -> TrackHistory:
    """Rows ``(time, track id, detection id)`` (states irrelevant to the labels)."""
    t = np.array([r[0] for r in rows])
    n = t.size
    return TrackHistory(t, np.array([r[1] for r in rows]), np.zeros((n, 8)), np.zeros((0, 8, 8)),
                        np.ones((n, 1)), np.array([r[2] for r in rows]), np.zeros(n, np.int64),
                        confirmed_at)


def test_score_tracks_counts_a_known_swap_and_a_known_break():
    # detections 0-19 from truth 0, 20-39 from truth 1, 40-44 clutter
    det_truth = np.array([0] * 20 + [1] * 20 + [-1] * 5)
    det_time = np.concatenate([np.arange(20.0), np.arange(20.0), [3.0, 4.0, 5.0, 6.0, 7.0]])
    rows = []
    # track 10: truth 0 for 10 updates, then truth 1 for 10: one swap (and it keeps truth 0's label)
    rows += [(float(i), 10, i) for i in range(10)] + [(float(i), 10, 20 + i) for i in range(10, 20)]
    # track 11: truth 1 early (t 0-9), ends; track 12: truth 0 late (t 10-19): a break each?
    rows += [(float(i), 11, 20 + i) for i in range(10)]
    rows += [(float(i), 12, i) for i in range(10, 20)]
    # track 13: clutter for 4 s
    rows += [(3.0 + i, 13, 40 + i) for i in range(5)]
    rows.sort()
    h = _history(rows, {10: 2.0, 11: 2.0, 12: 12.0, 13: 5.0})
    sc = score_tracks(h, det_time, det_truth, 2)
    # track 10 carried 10 of each: the tie goes to the lower truth id
    assert sc.labels == {10: 0, 11: 1, 12: 0, 13: -1}
    assert sc.swaps == 1
    assert sc.breaks.tolist() == [1, 0]  # truth 0 is carried by two tracks (10 and 12)
    assert sc.false_tracks == {13: 4.0}
    assert sc.confirm_delay.tolist() == pytest.approx([2.0, 2.0])
    # a short excursion (fewer than min_run updates on the other truth) is no swap
    rows = [(float(i), 1, i) for i in range(8)] + [(8.0, 1, 28), (9.0, 1, 29)] + \
        [(float(i), 1, i) for i in range(10, 15)]
    sc = score_tracks(_history(sorted(rows), {1: 1.0}), det_time, det_truth, 2)
    assert sc.swaps == 0 and sc.labels == {1: 0}


def test_nees_and_its_interval():
    rng = np.random.default_rng(0)
    P = np.array([[4.0, 1.0], [1.0, 2.0]])
    e = rng.multivariate_normal(np.zeros(2), P, 20000)
    lo, hi = nees_interval(2, 20000, 0.99)
    assert lo <= nees(e, np.broadcast_to(P, (20000, 2, 2))).mean() <= hi
    assert float(nees(np.array([[2.0, 0.0]]), np.diag([4.0, 1.0])[None])[0]) == pytest.approx(1.0)


class _Linear:
    """A position-only sensor of a 4-state constant-velocity target (linear, Gaussian)."""

    def __init__(self, sigma: float) -> None:
        self.R = np.eye(2) * sigma**2
        self.pd = 1.0

    def h(self, x: np.ndarray):
        H = np.zeros((1, 2, 4))
        H[0, 0, 0] = H[0, 1, 1] = 1.0
        return x[:, :2], H


def test_pcrlb_of_a_linear_gaussian_model_is_the_kalman_covariance():
    q = 0.3  # m^2/s^3, white acceleration

    def step(x: np.ndarray, dt: float):
        F = np.eye(4)
        F[0, 2] = F[1, 3] = dt
        Q = q * np.array([[dt**3 / 3, 0, dt**2 / 2, 0], [0, dt**3 / 3, 0, dt**2 / 2],
                          [dt**2 / 2, 0, dt, 0], [0, dt**2 / 2, 0, dt]])
        return F, Q

    rng = np.random.default_rng(1)
    times = np.cumsum(rng.uniform(0.2, 2.0, 60))
    sensor = np.where(rng.random(60) < 0.8, rng.integers(0, 2, 60), -1)  # gaps, two sensors
    meas = [_Linear(10.0), _Linear(30.0)]
    P0 = np.diag([1e4, 1e4, 1e2, 1e2])
    states = np.zeros((60, 4))
    B = pcrlb(states, times, sensor, meas, P0, step=step)
    # the textbook Kalman covariance recursion, written out here
    P = P0.copy()
    H = np.array([[1.0, 0, 0, 0], [0, 1.0, 0, 0]])
    for k in range(60):
        if k:
            F, Q = step(states[k - 1], times[k] - times[k - 1])
            P = F @ P @ F.T + Q
        if sensor[k] >= 0:
            S = H @ P @ H.T + meas[sensor[k]].R
            K = P @ H.T @ np.linalg.inv(S)
            P = (np.eye(4) - K @ H) @ P
        np.testing.assert_allclose(B[k], P, rtol=1e-9, atol=1e-9)


def test_switching_matrix_against_the_markov_generator():
    """Mode jumps are a continuous-time Markov chain: over dt, exp(G dt) (G the generator of
    the configured rates) is the exact transition matrix; the one-jump form the tracker
    uses agrees with it to second order in rate x dt."""
    cfg = TrackerConfig()
    lam = cfg.rates()
    G = lam - np.diag(lam.sum(axis=1))
    for dt in (0.1, 1.0, 5.0):
        PI = cfg.switching(dt)
        exact = expm(G * dt)
        np.testing.assert_allclose(PI.sum(axis=1), 1.0, rtol=1e-12)
        worst = float((lam.sum(axis=1).max() * dt) ** 2)
        assert np.abs(PI - exact).max() < worst
    # the legacy per-scan probability still loads and keeps its meaning
    old = TrackerConfig.model_validate({"switch_probability": 0.01})
    np.testing.assert_allclose(old.switching(0.1), old.switching(5.0))
    assert old.switching(1.0)[0, 0] == pytest.approx(0.99)


@pytest.mark.parametrize("model", [MANOEUVRE, BALLISTIC])
def test_process_noise_is_the_covariance_of_integrated_white_acceleration(model):
    """Simulate white acceleration of the model's intensity on a fine grid (Euler-Maruyama)
    and compare the spread of the position and velocity increments over dt with Q."""
    dt, n_sub, runs = 2.0, 400, 20000
    q = model.accel_noise
    rng = np.random.default_rng(2)
    h = dt / n_sub
    a = rng.standard_normal((runs, n_sub)) * math.sqrt(q / h)
    v = np.cumsum(a * h, axis=1)
    p = np.sum(v * h, axis=1)
    emp = np.cov(np.stack([p, v[:, -1]]))
    Q = model.process_noise(dt)
    want = np.array([[Q[0, 0], Q[0, 3]], [Q[3, 0], Q[3, 3]]])
    np.testing.assert_allclose(emp, want, rtol=0.04)
