"""Covariance consistency of the ballistic EKF in a controlled experiment (docs/tracking.md).

40 independent runs of one mid-course target (250 km, vacuum: the filter's J2 dynamics are
the truth's), one radar every 0.5 s, no clutter, the initial error drawn from the initial
covariance.  With the truth's own process noise (none) the filter's average 6-state NEES
lies inside its 95 % interval, and so it does with the default ballistic model, whose white
acceleration is a small floor (the drag's errors are carried by kappa, which follows the
drag coefficient as the Mach number changes); the old fixed 0.02 m^2/s^3 made the
covariance conservative.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from launchwatch.earth.frames import enu_basis, geodetic2ecef
from launchwatch.sensors.demo import demo_radars
from launchwatch.tracking import from_config, nees, nees_interval
from launchwatch.tracking.filters import ekf_measure, ekf_predict, moment_update
from launchwatch.tracking.models import BALLISTIC, KAPPA, drag_acceleration, transition

RUNS = 40


def _nees_runs(model, steps: int = 240, dt: float = 0.5, seed: int = 0,
               drag_aware: bool = False) -> np.ndarray:
    """6-state NEES ``(steps, RUNS)`` after each update (``drag_aware``: the process noise
    evaluated at each state, as the tracker does)."""
    rng = np.random.default_rng(seed)
    radar = from_config(demo_radars(1)[0])
    lat, lon = np.radians(39.0), np.radians(131.0)
    enu = enu_basis(lat, lon)
    x0 = np.zeros(8)
    x0[:3] = geodetic2ecef(lat, lon, 250e3)
    x0[3:6] = 2500.0 * enu[0] + 800.0 * enu[2]  # m/s, eastwards and climbing
    x0[6] = 1e-4
    truth = np.tile(x0, (RUNS, 1))
    P0 = np.diag([300.0**2] * 3 + [30.0**2] * 3 + [1e-8, 0.0])
    x = truth.copy()
    x[:, :7] += rng.standard_normal((RUNS, 7)) * np.sqrt(np.diag(P0)[:7])
    P = np.tile(P0, (RUNS, 1, 1))
    Q = model.process_noise(dt)
    out = np.empty((steps, RUNS))
    for i in range(steps):
        truth = transition(truth, dt, BALLISTIC, False)[0]
        Qk = model.process_noise(dt, x) if drag_aware else Q
        x, P = ekf_predict(x, P, lambda s: transition(s, dt, model), Qk)
        z = radar.h(truth, False)[0] + rng.standard_normal((RUNS, 4)) * radar.sigma
        pred = ekf_measure(x, P, radar.h, radar.R)
        x, P = moment_update(x, P, radar.residual(z, pred.zhat), pred)
        out[i] = nees(x[:, :6] - truth[:, :6], P[:, :6, :6])
    return out


def test_ballistic_ekf_is_consistent_with_the_truths_process_noise():
    lo, hi = nees_interval(6, RUNS)
    exact = _nees_runs(dataclasses.replace(BALLISTIC, accel_noise=0.0, kappa_noise=0.0))
    assert lo <= exact.mean() <= hi, (exact.mean(), lo, hi)
    assert lo <= exact[-60:].mean() <= hi  # still so in the last 30 s


def test_default_ballistic_model_is_consistent_in_vacuum():
    lo, hi = nees_interval(6, RUNS)
    default = _nees_runs(BALLISTIC, drag_aware=True)
    assert lo <= default.mean() <= hi, (default.mean(), lo, hi)
    assert lo <= default[-60:].mean() <= hi


def test_a_fixed_white_acceleration_makes_the_covariance_conservative():
    lo, _ = nees_interval(6, RUNS)
    old = _nees_runs(dataclasses.replace(BALLISTIC, accel_noise=0.02, drag_noise=0.0))
    assert old[-60:].mean() < lo  # ~3.2 of 6 once the filter has settled


def test_ballistic_kappa_follows_the_drag_coefficient_where_drag_acts():
    """In vacuum kappa keeps its prior (no random walk) and the white acceleration is the
    floor; in dense air ln kappa may wander, over the time the body takes to lose one Mach
    number, by about what a drag table changes over one Mach number (the generic table: 0.27
    in ln Cd between Mach 1.2 and 2, 0.74 between 0.6 and 1.05)."""
    from launchwatch.earth.atmosphere import standard_atmosphere

    x = np.zeros((3, 8))
    x[:, 3] = 3000.0  # m/s
    x[:, KAPPA] = 1e-3
    for i, h in enumerate((400e3, 60e3, 20e3)):
        x[i, :3] = geodetic2ecef(0.7, 2.2, h)
    q = BALLISTIC.process_noise(1.0, x)
    ad = drag_acceleration(x)
    assert ad[0] < 1e-6 and ad[2] > 10.0  # m/s^2: vacuum, dense air
    assert q[0, KAPPA, KAPPA] < 1e-9 * x[0, KAPPA] ** 2  # per second: nothing in a day
    np.testing.assert_allclose(q[0, 3, 3], BALLISTIC.accel_noise)
    assert 0.0 < q[1, KAPPA, KAPPA] < q[2, KAPPA, KAPPA]
    # Mach number lost per second, by differencing the model's own prediction over 0.2 s

    def mach(s):
        h = np.linalg.norm(s[:, :3], axis=1) - np.linalg.norm(x[:, :3], axis=1) + np.array(
            [400e3, 60e3, 20e3])
        return np.linalg.norm(s[:, 3:6], axis=1) / standard_atmosphere(h).speed_of_sound

    later = transition(x, 0.2, BALLISTIC, False)[0]
    per_mach = 1.0 / np.abs((mach(later) - mach(x)) / 0.2)  # s to lose one Mach number
    wander = np.sqrt(q[2, KAPPA, KAPPA] * per_mach[2]) / x[2, KAPPA]
    assert 0.2 < wander < 2.0


def test_drag_acceleration_against_the_ussa1976_density():
    """The drag deceleration the noise follows, 0.5 rho kappa |v|^2, with the density of the
    ussa1976 package (an independent implementation of the 1976 atmosphere)."""
    import ussa1976

    x = np.zeros((3, 8))
    x[:, 3] = 3000.0  # m/s
    x[:, KAPPA] = 1e-3
    heights = np.array([400e3, 60e3, 20e3])
    for i, h in enumerate(heights):
        x[i, :3] = geodetic2ecef(0.7, 2.2, h)
    rho = ussa1976.compute(z=heights, variables=["rho"])["rho"].values
    np.testing.assert_allclose(drag_acceleration(x), 0.5 * rho * 1e-3 * 3000.0**2, rtol=1e-4)
