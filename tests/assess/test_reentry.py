"""The re-entry body's ballistic coefficient: a prior wide enough for bodies 0.3x-3x the
median, replaced for the filter's carrier as Bayes says, and impact ellipses that hold on
re-entry bodies of the flight engine (their own drag tables, not the filter's constant
kappa) far from the prior's centre."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from launchwatch.assess import predict_impact
from launchwatch.demo import default_scenario
from launchwatch.earth import ecef2geodetic
from launchwatch.flight import DEFAULT_DRAG, DragTable, Reentry, generic_vehicle, simulate
from launchwatch.sensors import Truth
from launchwatch.tracking import from_config
from launchwatch.tracking.filters import ekf_measure, ekf_predict, moment_update
from launchwatch.tracking.kappa import DEFAULT_KAPPA_PRIOR, KappaPrior
from launchwatch.tracking.models import BALLISTIC, transition
from launchwatch.tracking.tracker import TrackerConfig

#: a blunt body's drag: higher at low Mach than the generic slender table
BLUNT = DragTable(mach=(0.0, 0.9, 1.1, 1.5, 3.0, 8.0), cd=(0.6, 0.7, 1.0, 0.95, 0.8, 0.72))


def test_prior_holds_bodies_from_a_third_to_three_times_the_median_beta() -> None:
    lo, hi = DEFAULT_KAPPA_PRIOR.interval(0.95)
    beta = 1.0 / DEFAULT_KAPPA_PRIOR.median
    assert lo < 1.0 / (3.0 * beta) and hi > 1.0 / (0.3 * beta)
    # a normalised density, with heavier tails than the log-normal of the same scale
    lo, hi = math.log(DEFAULT_KAPPA_PRIOR.kappa_min), math.log(DEFAULT_KAPPA_PRIOR.kappa_max)
    area, _ = integrate.quad(lambda u: math.exp(DEFAULT_KAPPA_PRIOR.logpdf(u)), lo, hi,
                             points=[math.log(DEFAULT_KAPPA_PRIOR.median)])
    assert area == pytest.approx(1.0, abs=1e-6)
    far = math.log(DEFAULT_KAPPA_PRIOR.median) + 4 * DEFAULT_KAPPA_PRIOR.log_scale
    ln = KappaPrior(log_scale=DEFAULT_KAPPA_PRIOR.log_scale, dof=math.inf)
    assert DEFAULT_KAPPA_PRIOR.logpdf(far) > ln.logpdf(far) + 2.0


@pytest.mark.parametrize(("l_mean", "l_sd"), [(3.3e-4, 0.4e-4), (0.4e-4, 0.1e-4), (1e-4, 5e-4)])
def test_carrier_swap_is_bayes(l_mean: float, l_sd: float) -> None:
    """The filter's Gaussian is its carrier times the data's likelihood; the swap gives the
    likelihood times the prior, checked by direct integration in scipy."""
    c_mean, c_sd = 1.0e-4, 1.5e-4
    var = 1.0 / (1.0 / c_sd**2 + 1.0 / l_sd**2)
    mean = var * (c_mean / c_sd**2 + l_mean / l_sd**2)
    m, v = DEFAULT_KAPPA_PRIOR.posterior(np.array([mean]), np.array([var]), c_mean, c_sd**2)
    prior = stats.t(df=4.0, loc=math.log(1e-4), scale=0.6)

    def dens(u: float) -> float:
        return prior.pdf(u) * stats.norm.pdf(math.exp(u), l_mean, l_sd)

    lo, hi = math.log(DEFAULT_KAPPA_PRIOR.kappa_min), math.log(DEFAULT_KAPPA_PRIOR.kappa_max)
    z = integrate.quad(dens, lo, hi, points=[math.log(l_mean)], limit=200)[0]
    mu = integrate.quad(lambda u: u * dens(u), lo, hi, points=[math.log(l_mean)], limit=200)[0] / z
    m2 = integrate.quad(lambda u: (u - mu) ** 2 * dens(u), lo, hi, points=[math.log(l_mean)],
                        limit=200)[0] / z
    assert m[0] == pytest.approx(mu, abs=2e-3)
    assert v[0] == pytest.approx(m2, rel=1e-2)


def _reentry_runs(beta_scale: float, drag: DragTable, runs: int = 30, seed: int = 0):
    """The ballistic EKF on ``runs`` noise draws of one engine flight (generic 250 km boost,
    a re-entry body of ``beta_scale`` times the prior's median beta with ``drag``), from
    apogee on, the demo's two radars; predictions at three altitudes of the descent."""
    lat, lon, az = math.radians(39.17), math.radians(127.48), math.radians(80.0)
    mass = 500.0
    v = generic_vehicle(250.0).model_copy(update={"reentry": Reentry(
        mass=mass, drag=drag,
        reference_area=mass * DEFAULT_KAPPA_PRIOR.median / (beta_scale * drag.cd[-1]))})
    res = simulate(v, lat, lon, az, sample_dt=0.1)
    truth = Truth.from_flight(res)
    summary = res.summary()
    radars = [from_config(s) for s in default_scenario().sensors[:2]]
    times = np.arange(float(res.t_apogee[0]), float(truth.t_end[0]), 0.5)
    X = truth.states(times)[0]
    rng = np.random.default_rng(seed)
    cfg = TrackerConfig()
    x = np.zeros((runs, 8))
    P0 = np.diag([50.0**2] * 3 + [2.0**2] * 3 + [cfg.init_kappa_sigma**2, 0.0])
    x[:, :6] = X[0] + rng.standard_normal((runs, 6)) * np.sqrt(np.diag(P0)[:6])
    x[:, 6] = cfg.init_kappa
    P = np.tile(P0, (runs, 1, 1))
    _, _, alt = ecef2geodetic(X[:, :3])
    marks = [60e3, 30e3]
    out = []
    last = None
    for i in range(1, times.size):
        dt = times[i] - times[i - 1]
        x, P = ekf_predict(x, P, lambda s, dt=dt: transition(s, dt, BALLISTIC),
                           BALLISTIC.process_noise(dt, x))
        rad = radars[i % 2]
        zt = rad.h(np.concatenate([X[i], [0.0, 0.0]])[None], False)[0]
        if not rad.visible(zt)[0]:
            continue
        z = zt + rng.standard_normal((runs, 4)) * rad.sigma
        pred = ekf_measure(x, P, rad.h, rad.R)
        x, P = moment_update(x, P, rad.residual(z, pred.zhat), pred)
        last = (times[i], x.copy(), P.copy())
        if marks and alt[i] < marks[0]:
            marks.pop(0)
            out.append(last)
    out.append(last)
    return out, float(summary.impact_lat[0]), float(summary.impact_lon[0])


@pytest.mark.parametrize(("beta_scale", "drag"), [(0.3, BLUNT), (3.0, DEFAULT_DRAG)])
def test_impact_ellipses_hold_on_bodies_far_from_the_prior_centre(beta_scale: float,
                                                                  drag: DragTable) -> None:
    preds, il, io = _reentry_runs(beta_scale, drag)
    m2 = []
    for t, x, P in preds:
        g = predict_impact(x[:, :7], P[:, :7, :7], t)
        assert g.ok.all()
        d = np.stack([(io - g.lon) * 6.371e6 * math.cos(il), (il - g.lat) * 6.371e6], axis=-1)
        m2.append(np.einsum("ki,kij,kj->k", d, np.linalg.inv(g.ellipse.cov), d))
    m2 = np.concatenate(m2)
    inside = np.mean(m2 <= stats.chi2.ppf(0.95, 2))
    assert 0.85 <= inside <= 1.0, inside
    # and not hopelessly wide: the median squared distance of a calibrated 2-D Gaussian is 1.39
    assert np.median(m2) > 0.25, np.median(m2)


def test_a_likelihood_of_negative_drag_does_not_rule_out_real_bodies() -> None:
    """The end of a boost taken for coast pushes the filter's kappa below zero, and kappa
    holds in vacuum: a likelihood peaking at kappa = -3e-4 +- 0.4e-4 m^2/kg is no drag
    measurement: the posterior must still hold the median body and those up to 3x its
    beta (the bodies such a likelihood would otherwise rule out)."""
    c_mean, c_sd = 1.0e-4, 1.5e-4
    l_mean, l_sd = -3.0e-4, 0.4e-4
    var = 1.0 / (1.0 / c_sd**2 + 1.0 / l_sd**2)
    mean = var * (c_mean / c_sd**2 + l_mean / l_sd**2)
    m, v = DEFAULT_KAPPA_PRIOR.posterior(np.array([mean]), np.array([var]), c_mean, c_sd**2)
    lo, hi = math.exp(m[0] - 1.96 * math.sqrt(v[0])), math.exp(m[0] + 1.96 * math.sqrt(v[0]))
    assert lo < 1e-4 / 3.0 and hi > 1.5e-4, (lo, hi)
    # taken as it is, the likelihood would rule out the median body
    prior_only = KappaPrior(dof=DEFAULT_KAPPA_PRIOR.dof)
    assert prior_only.tempering(np.array([mean]), np.array([var]), c_mean, c_sd**2)[0] < 0.5
    # a likelihood of positive drag as narrow is still believed (tested above by Bayes)
    _, v1 = DEFAULT_KAPPA_PRIOR.posterior(np.array([-mean + 2e-4]), np.array([var]), c_mean,
                                          c_sd**2)
    assert math.sqrt(v1[0]) < 0.3


def test_impact_ellipses_hold_after_a_long_burn_low_in_the_atmosphere() -> None:
    """A one-stage boost with a constant-pitch programme (T/W 2.4, 63 s burn, to 55 deg)
    flown to ~250 km burns out at ~28 km, in thick air: the tracker takes the last seconds
    of thrust for a negative drag, and the 95 % impact ellipses along the whole coast must
    still hold the engine's impact (issue 17: 56 % before)."""
    from launchwatch.flight import Stage, Steering, Vehicle
    from launchwatch.sensors import generate_detections
    from launchwatch.tracking.tracker import run_tracker

    lat, lon, az = math.radians(39.15), math.radians(127.50), math.radians(80.0)
    mass = 600.0
    v = Vehicle(name="pitch", stages=(Stage(propellant_mass=1140.8, dry_mass=136.9,
                                            burn_time=63.29, thrust=44194.0),),
                payload_mass=mass, reference_area=math.pi * 0.79**2 / 4.0,
                steering=Steering(vertical_time=6.0, kick_angle_deg=1.5, kick_duration=3.0,
                                  mode="pitch_rate", pitch_rate_deg_s=0.9, max_pitch_deg=55.0),
                reentry=Reentry(mass=mass, drag=DEFAULT_DRAG, reference_area=mass
                                * DEFAULT_KAPPA_PRIOR.median / DEFAULT_DRAG.cd[-1]))
    res = simulate([v], lat, lon, az, launch_time=600.0, sample_dt=0.1)
    s = res.summary()
    assert 210e3 < s.ground_range[0] < 270e3 and s.burnout_alt[0] < 35e3
    sensors = list(default_scenario().sensors)
    truth = Truth.from_flight(res)
    det = generate_detections(truth, sensors, t_start=590.0, t_end=float(truth.t_end[0]) + 5.0,
                              seed=0)
    hist, _ = run_tracker(det, sensors, TrackerConfig())
    h = max((hist.track(int(t)) for t in hist.ids), key=len)
    _, _, alt = ecef2geodetic(h.x[:, :3])
    coast = np.flatnonzero((h.time > float(s.burnout_time[0]) + 10.0) & (alt > 5e3)
                           & (h.detection >= 0))[::3]
    g = predict_impact(h.x[coast], h.P[coast], h.time[coast])
    il, io = float(s.impact_lat[0]), float(s.impact_lon[0])
    ok = g.ok
    d = np.stack([(io - g.lon[ok]) * 6.371e6 * math.cos(il), (il - g.lat[ok]) * 6.371e6], -1)
    m2 = np.einsum("ki,kij,kj->k", d, np.linalg.inv(g.ellipse.cov[ok]), d)
    inside = np.mean(m2 <= stats.chi2.ppf(0.95, 2))
    assert ok.mean() > 0.9 and 0.85 <= inside <= 1.0, (ok.mean(), inside)
    assert np.median(m2) > 0.1, np.median(m2)
