"""Infrared initiation and radar + infrared fusion on a whole salvo; triangulation."""

from __future__ import annotations

import numpy as np
import pytest

from launchwatch.sensors import Detections, generate_detections, los_measure, radar_measure, radar_visible
from launchwatch.sensors.demo import demo_infrared, demo_radars, demo_salvo
from launchwatch.tracking import run_tracker, score_tracks
from launchwatch.tracking.initiation import triangulate


def _only(det: Detections, sensors: list, keep: list[int]) -> Detections:
    """The detections and scans of the sensors ``keep``, re-indexed into ``sensors``."""
    new = {old: i for i, old in enumerate(keep)}
    m = np.isin(det.sensor, keep)
    ms = np.isin(det.scan_sensor, keep)
    return Detections(det.time[m], np.array([new[s] for s in det.sensor[m].tolist()], np.intp),
                      det.z[m], det.truth[m], tuple(sensors[i] for i in keep), det.scan_time[ms],
                      np.array([new[s] for s in det.scan_sensor[ms].tolist()], np.intp))


def _confirm_times(hist, sc, n: int) -> np.ndarray:
    return np.array([min([hist.confirmed_at[t] for t, lab in sc.labels.items() if lab == i]
                         or [np.inf]) for i in range(n)])


@pytest.fixture(scope="module")
def fused():
    truth = demo_salvo(3)
    radars = demo_radars(2, clutter_per_scan=5.0)
    sensors = radars + demo_infrared(2)
    det = generate_detections(truth, sensors, seed=1)
    hist, tracker = run_tracker(det)
    return truth, sensors, det, hist, tracker


def test_infrared_pairs_start_tracks_before_the_radars_see_the_missiles(fused):
    truth, sensors, det, hist, _ = fused
    sc = score_tracks(hist, det.time, det.truth, 3)
    radar_only = _only(det, sensors, [0, 1])
    h_r, _ = run_tracker(radar_only)
    sc_r = score_tracks(h_r, radar_only.time, radar_only.truth, 3)
    t_fused, t_radar = _confirm_times(hist, sc, 3), _confirm_times(h_r, sc_r, 3)
    # first time any radar could see each missile (above its horizon and min elevation)
    rise = np.full(3, np.inf)
    for i in (0, 1):
        times = det.scan_time[det.scan_sensor == i]
        vis = radar_visible(radar_measure(truth.states(times), sensors[i].site_ecef,
                                          sensors[i].enu), sensors[i])
        for j in range(3):
            if vis[j].any():
                rise[j] = min(rise[j], times[vis[j]].min())
    assert np.all(t_fused < rise), (t_fused, rise)  # tracks exist before any radar sees them
    assert np.all(t_fused <= t_radar - 10.0), (t_fused, t_radar)  # seconds earlier
    first_ir = np.array([det.time[(det.truth == j) & (det.sensor >= 2)].min() for j in range(3)])
    assert np.all(t_fused - first_ir <= 5.0), t_fused - first_ir  # seconds after the first IR look
    assert all(life <= 10.0 for life in sc.false_tracks.values()), sc.false_tracks


def test_identity_is_kept_through_the_infrared_to_radar_handover(fused):
    truth, _sensors, det, hist, _ = fused
    sc = score_tracks(hist, det.time, det.truth, 3)
    assert sc.swaps == 0 and np.all(sc.breaks == 0), (sc.swaps, sc.breaks)
    for i in range(3):
        (tid,) = [t for t, lab in sc.labels.items() if lab == i]
        m = (hist.track_id == tid) & (hist.detection >= 0)
        d, s = hist.detection[m], hist.sensor[m]
        # one track carries the missile's infrared looks, then its radar detections
        assert (s >= 2).sum() > 20 and (s < 2).sum() > 100
        assert np.all(det.truth[d] == i)
        assert hist.time[m][s >= 2].min() < hist.time[m][s < 2].min()
        # and it is accurate on both sides of the handover (metres)
        t = hist.time[m]
        err = np.linalg.norm(hist.x[m, :3] - truth.states(t)[i, :, :3], axis=1)
        assert np.median(err[s >= 2]) < 1500.0 and np.median(err[s < 2]) < 200.0


def test_one_infrared_sensor_never_starts_a_track(fused):
    _truth, sensors, det, _hist, _ = fused
    one = _only(det, sensors, [0, 1, 2])
    radar_only = _only(det, sensors, [0, 1])
    h1, _ = run_tracker(one)
    hr, _ = run_tracker(radar_only)
    assert min(h1.confirmed_at.values()) == min(hr.confirmed_at.values())


def test_triangulation_recovers_a_point_with_honest_covariance():
    rng = np.random.default_rng(3)
    a, b = demo_infrared(2)
    sa, sb = a.site_ecef, b.site_ecef
    truth = demo_salvo(1)
    p = truth.states(np.array([40.0]))[0, 0, :3]
    za, zb = los_measure(p, sa)[None], los_measure(p, sb)[None]
    x, _cov, stat = triangulate(sa, za, 20e-6, sb, zb, 20e-6)
    np.testing.assert_allclose(x[0, 0], p, atol=1e-3)  # metres, noise-free
    assert abs(stat[0, 0]) < 1e-5  # chi-square statistic: 0 up to round-off (the gate is ~13)
    n = 500  # every pair is triangulated: (n, n) points; the diagonal is the sample
    za_n = za + rng.standard_normal((n, 2)) * 20e-6
    zb_n = zb + rng.standard_normal((n, 2)) * 20e-6
    xs, covs, stats = (v[np.arange(n), np.arange(n)] for v in
                       triangulate(sa, za_n, 20e-6, sb, zb_n, 20e-6))
    e = xs - p
    nees = np.einsum("ki,kij,kj->k", e, np.linalg.inv(covs), e)
    assert 2.6 < nees.mean() < 3.4  # 3 dof, +-3.5 sigma of the mean over 500
    assert 0.78 < stats.mean() < 1.22  # chi-square 1 dof
    assert 400.0 < np.sqrt(np.trace(covs[0])) < 2000.0  # metres: GEO at 20 urad
    # lines that do not meet in front of both sensors are flagged
    _, _, s_bad = triangulate(sa, za, 20e-6, sb, los_measure(2 * sb - p, sb)[None], 20e-6)
    assert np.isnan(s_bad[0, 0])
