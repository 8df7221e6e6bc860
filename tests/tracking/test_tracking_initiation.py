"""The two-point start: an honest initial state from two detections, confirmation no slower."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.stats import chi2

from launchwatch.sensors import generate_detections, radar_measure
from launchwatch.sensors.demo import demo_radars, demo_salvo
from launchwatch.tracking import (
    Roles,
    Tracker,
    TrackerConfig,
    from_config,
    imm_combine,
    nees,
    nees_interval,
    score_tracks,
)
from launchwatch.tracking.initiation import restart_two_point, two_point_state


@pytest.fixture(scope="module")
def salvo():
    return demo_salvo(3)


# the tracker's unmodelled acceleration, 30 m/s^2 per axis, is sized for the boost (thrust
# up to ~60 m/s^2); on the ballistic segment it is a little generous (NEES just under 6)
@pytest.mark.parametrize("lo, hi", [(20.0, 80.0), (100.0, 400.0)])  # boost, ballistic [s]
def test_two_point_state_has_a_consistent_nees(salvo, lo, hi):
    sigma_a = TrackerConfig().init_thrust_sigma
    r0, r1 = demo_radars(2)
    m0, m1 = from_config(r0), from_config(r1)
    rng = np.random.default_rng(int(lo))
    n = 600
    t1 = rng.uniform(lo, hi, n)
    t2 = t1 + 0.5  # the two radars are half a revisit apart
    k = rng.integers(0, 3, n)
    x1 = salvo.states(t1)[k, np.arange(n)]
    x2 = salvo.states(t2)[k, np.arange(n)]
    ok = np.isfinite(x1[:, 0]) & np.isfinite(x2[:, 0])
    x1, x2, t1, t2 = x1[ok], x2[ok], t1[ok], t2[ok]
    n = int(ok.sum())
    z1 = radar_measure(x1, r0.site_ecef, r0.enu) + rng.standard_normal((n, 4)) * r0.sigma
    z2 = radar_measure(x2, r1.site_ecef, r1.enu) + rng.standard_normal((n, 4)) * r1.sigma
    p1, R1, _ = m0.to_state(z1)
    p2, R2, _ = m1.to_state(z2)
    sites = np.tile(m0.site, (n, 1)), np.tile(m1.site, (n, 1))
    x, P = two_point_state(p1, R1, t1, p2, R2, t2, sigma_a, z1[:, 3], sites[0], np.full(n, 2.0),
                           z2[:, 3], sites[1], np.full(n, 2.0))
    lo_i, hi_i = nees_interval(6, n, 0.999)
    assert lo_i <= nees(x - x2, P).mean() <= hi_i
    # noise-free flight above the air: the difference with gravity is exact to < 0.1 m/s
    if lo >= 100.0:
        from launchwatch.earth.frames import ecef2geodetic

        vac = ecef2geodetic(x2[:, :3])[2] > 80_000.0
        eye = np.broadcast_to(np.eye(3) * 1e-6, (n, 3, 3))
        xe, _ = two_point_state(x1[:, :3], eye, t1, x2[:, :3], eye, t2, 0.0)
        assert vac.sum() > 100
        assert np.max(np.abs(xe[vac, 3:] - x2[vac, 3:])) < 0.1  # m/s


def _logging_roles(starts: list) -> Roles:
    """The default roles with a restart that records every two-point start: (time, track
    ids, x (b, 8), P (b, 8, 8)) - a role swapped in, as a user would."""

    def restart(tracks, meas, z, idx, det, time, cfg, models):
        out = restart_two_point(tracks, meas, z, idx, det, time, cfg, models)
        if idx.size:
            x, P = imm_combine(out.xm[idx], out.Pm[idx], out.mu[idx])
            starts.append((time, out.id[idx].copy(), x, P))
        return out

    return dataclasses.replace(Roles.from_config(TrackerConfig(initiation="two_point")),
                               restart=restart)


def _run(tracker: Tracker, det) -> Tracker:
    rows = np.arange(len(det))
    for t, s, sl in det.scans():
        tracker.update(t, s, det.z[sl], rows[sl])
    return tracker


def test_tracker_starts_are_honest_and_confirm_no_slower(salvo):
    sensors = demo_radars(2, clutter_per_scan=5.0)
    det = generate_detections(salvo, sensors, seed=2)
    det = det.select(det.time < 120.0)
    starts: list = []
    two = _run(Tracker(sensors, TrackerConfig(initiation="two_point"), _logging_roles(starts)), det)
    one = _run(Tracker(sensors, TrackerConfig(initiation="one_point")), det)
    h2, h1 = two.history(), one.history()
    s2 = score_tracks(h2, det.time, det.truth, 3)
    s1 = score_tracks(h1, det.time, det.truth, 3)
    c2 = np.array([min(h2.confirmed_at[t] for t, lab in s2.labels.items() if lab == i)
                   for i in range(3)])
    c1 = np.array([min(h1.confirmed_at[t] for t, lab in s1.labels.items() if lab == i)
                   for i in range(3)])
    assert np.all(c2 <= c1), (c2, c1)  # seconds
    # the initial states of the tracks that became the missiles' tracks
    ne = []
    for t, ids, x, P in starts:
        for j, tid in enumerate(ids.tolist()):
            lab = s2.labels.get(tid, -1)
            if lab >= 0:
                e = x[j, :6] - salvo.states(np.array([t]))[lab, 0]
                ne.append(float(nees(e[None], P[j:j + 1, :6, :6])[0]))
    assert len(ne) >= 3
    assert max(ne) < chi2.ppf(0.999, 6), ne
