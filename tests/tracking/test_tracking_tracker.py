"""The tracker on scenarios: acceptance salvo, crossings, bad input, streaming = batch, UKF/JPDA."""

from __future__ import annotations

import math

import numpy as np
import pytest

from launchwatch.sensors import Detections, RadarConfig, generate_detections, radar_measure, radar_visible
from launchwatch.sensors.demo import demo_radars, demo_salvo
from launchwatch.tracking import (
    REJECT_REASONS,
    Tracker,
    TrackerConfig,
    from_config,
    nees,
    nees_interval,
    pcrlb,
    run_tracker,
    score_tracks,
)


@pytest.fixture(scope="module")
def salvo():
    truth = demo_salvo(3)
    sensors = demo_radars(2, clutter_per_scan=5.0)
    det = generate_detections(truth, sensors, seed=1)
    hist, tracker = run_tracker(det)
    return truth, sensors, det, hist, tracker


def _first_visible(truth, sensors, det) -> np.ndarray:
    first = np.full(len(truth), np.inf)
    for i, s in enumerate(sensors):
        times = det.scan_time[det.scan_sensor == i]
        vis = radar_visible(radar_measure(truth.states(times), s.site_ecef, s.enu), s)
        for j in range(len(truth)):
            if vis[j].any():
                first[j] = min(first[j], times[vis[j]].min())
    return first


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_acceptance_three_missiles_two_radars_with_clutter(salvo, seed):
    truth, sensors, det, hist, _ = salvo
    if seed != 1:  # the fixture is seed 1; the other draws of noise, misses and clutter
        det = generate_detections(truth, sensors, seed=seed)
        hist, _ = run_tracker(det)
    assert (det.truth == -1).sum() > 4000  # the clutter is real
    sc = score_tracks(hist, det.time, det.truth, 3)
    first = _first_visible(truth, sensors, det)
    confirmed = np.array([min([hist.confirmed_at[t] for t, lab in sc.labels.items() if lab == i]
                              or [np.inf]) for i in range(3)])
    assert np.all(confirmed - first <= 10.0), confirmed - first  # s after rising
    assert all(life <= 10.0 for life in sc.false_tracks.values()), sc.false_tracks
    assert sc.swaps == 0
    assert np.all(sc.breaks == 0)
    meas = [from_config(s) for s in sensors]
    all_nees = []
    for i in range(3):
        tid = next(t for t, lab in sc.labels.items() if lab == i)
        m = hist.track_id == tid
        t, x, P, sensor = hist.time[m], hist.x[m], hist.P[m], hist.sensor[m]
        xs = truth.states(t)[i]
        # ballistic segment: 10 s after burnout until 5 s before its last detection
        seg = (t > truth.t_burnout[i] + 10.0) & (t < det.time[det.truth == i].max() - 5.0)
        err = x[seg, :6] - xs[seg]
        all_nees.append(nees(err, P[seg, :6, :6]))
        rmse = math.sqrt(np.mean(np.sum(err[:, :3] ** 2, axis=1)))
        k0 = int(np.flatnonzero(seg)[0])
        xt = np.concatenate([xs[seg], np.zeros((int(seg.sum()), 2))], axis=1)
        vis = np.array([meas[s].visible(meas[s].h(xt[j:j + 1], False)[0])[0]
                        for j, s in enumerate(sensor[seg])])
        B = pcrlb(xs[seg], t[seg], np.where(vis, sensor[seg], -1), meas, P[k0 - 1, :7, :7])
        bound = math.sqrt(np.mean(np.trace(B[:, :3, :3], axis1=1, axis2=2)))
        assert rmse < 1.5 * bound, (i, rmse, bound)  # metres
    lo, hi = nees_interval(6, 3)  # 3 independent targets; time samples are correlated
    anees = float(np.concatenate(all_nees).mean())
    assert lo <= anees <= hi, (anees, lo, hi)


def test_streaming_equals_batch_and_bad_input_is_counted(salvo):
    _truth, sensors, det, _hist, _ = salvo
    tr = Tracker(sensors)
    rows = np.arange(len(det))
    scans = list(det.scans())[:300]
    for t, s, sl in scans:
        tr.update(t, s, det.z[sl], rows[sl])
        # garbage interleaved: an old scan, a repeat of this scan, NaN rows, a bad sensor
        tr.update(t - 5.0, s, det.z[sl])
        tr.update(t, s, det.z[sl])
    tr.update(scans[-1][0] + 0.25, 0, np.array([[np.nan, 1, 0.1, 3], [-5.0, 1, 0.1, 3]]))
    tr.update(scans[-1][0] + 0.3, 7, np.zeros((1, 4)))
    ref = Tracker(sensors)
    for t, s, sl in scans:
        ref.update(t, s, det.z[sl], rows[sl])
    ref.update(scans[-1][0] + 0.25, 0, np.empty((0, 4)))  # what is left of the bad scan
    a, b = tr.tracks(), ref.tracks()
    assert a["id"].size >= 3
    np.testing.assert_array_equal(a["id"], b["id"])
    np.testing.assert_allclose(a["x"], b["x"], rtol=1e-12)
    n_all = sum(sl.stop - sl.start for *_, sl in scans)
    assert tr.rejected["out_of_order"] == n_all
    assert tr.rejected["duplicate"] == n_all
    assert tr.rejected["nan"] == 1 and tr.rejected["invalid"] == 2
    assert set(tr.rejected) == set(REJECT_REASONS)
    # batch mode over the same scans gives the same picture
    sub = det.select(det.time <= scans[-1][0])
    sub = Detections(sub.time, sub.sensor, sub.z, sub.truth, sub.sensors)
    _h2, t2 = run_tracker(sub)
    np.testing.assert_array_equal(t2.tracks()["id"], b["id"])


def test_identity_kept_through_a_crossing():
    # two missiles whose ground tracks cross: launched 60 km apart with crossing azimuths
    from launchwatch.flight import generic_vehicle, simulate
    from launchwatch.sensors import Truth

    v = generic_vehicle(500)
    res = simulate(v, np.radians([39.3, 38.8]), np.radians([127.4, 127.4]),
                   np.radians([105.0, 75.0]), kick_angle=[0.38, 0.38], launch_time=[0.0, 0.0],
                   sample_dt=0.1)
    truth = Truth.from_flight(res)
    d0 = np.linalg.norm(truth.states(np.arange(0, 400.0))[0, :, :3]
                        - truth.states(np.arange(0, 400.0))[1, :, :3], axis=-1)
    assert np.nanmin(d0) < 15_000.0  # they do pass close to each other
    sensors = demo_radars(2, clutter_per_scan=2.0)
    det = generate_detections(truth, sensors, seed=3)
    hist, _ = run_tracker(det)
    sc = score_tracks(hist, det.time, det.truth, 2)
    assert sc.swaps == 0
    assert sorted(lab for lab in sc.labels.values() if lab >= 0) == [0, 1]


@pytest.mark.parametrize("cfg", [TrackerConfig(association="jpda"),
                                 TrackerConfig(filter="ukf", models=("ballistic", "boost"))])
def test_variants_track_the_salvo(salvo, cfg):
    truth, _sensors, det, _, _ = salvo
    sub = det.select(det.time < 200.0)
    hist, _ = run_tracker(sub, config=cfg)
    sc = score_tracks(hist, sub.time, sub.truth, 3)
    assert sorted(lab for lab in sc.labels.values() if lab >= 0) == [0, 1, 2]
    assert all(life <= 10.0 for life in sc.false_tracks.values())
    for i in range(3):
        tid = next(t for t, lab in sc.labels.items() if lab == i)
        m = (hist.track_id == tid) & (hist.time > 150.0)
        err = np.linalg.norm(hist.x[m, :3] - truth.states(hist.time[m])[i, :, :3], axis=1)
        assert np.sqrt(np.mean(err**2)) < 150.0  # metres, mid-course


def test_mode_switching_is_a_rate_per_second():
    cfg = TrackerConfig()
    # two steps of 0.5 s give the prior of one of 1 s, independent of the scan count (up to
    # two jumps inside one step, O((rate dt)^2), which the one-jump form leaves out)
    np.testing.assert_allclose(cfg.switching(0.5) @ cfg.switching(0.5), cfg.switching(1.0),
                               atol=1e-5)
    lam = cfg.rates()
    boost, ballistic = cfg.models.index("boost"), cfg.models.index("ballistic")
    assert lam[ballistic, boost] < 1e-3 * lam[boost, ballistic]  # burnt out stays burnt out
    with pytest.raises(ValueError, match="from->to"):
        TrackerConfig(switch_rates={"boost->boost": 0.1})


def test_a_sector_radar_counts_no_misses_outside_its_sector():
    """A radar that does not look through a 10-degree wedge of azimuth (5 to 355 deg): the
    missile crosses the wedge in ~37 s of mid-course.  The tracker takes the radar's
    coverage from the same geometry the detections come from, counts no misses while the
    target is outside the sector, and keeps one track through the gap; told the radar
    covers every azimuth, it counts 37 misses and breaks the track (what the tracker did
    before its coverage honoured the sector)."""
    truth = demo_salvo(1)
    sector = RadarConfig(name="sector", lat_deg=38.0, lon_deg=128.6, clutter_per_scan=2.0,
                         azimuth_min_deg=5.0, azimuth_span_deg=350.0)
    det = generate_detections(truth, [sector], seed=4)
    az = det.z[det.truth == 0, 1]
    assert not ((az > np.radians(355.0)) | (az < np.radians(5.0))).any()  # the wedge is dark
    t_seen = det.time[det.truth == 0]
    assert np.diff(t_seen).max() > 30.0  # seconds without a detection, in mid-course
    hist, _ = run_tracker(det, [sector])
    sc = score_tracks(hist, det.time, det.truth, 1)
    assert sc.breaks[0] == 0 and sc.swaps == 0
    (tid,) = [t for t, lab in sc.labels.items() if lab == 0]
    h = hist.track(tid)
    assert h.time[0] < t_seen[np.argmax(np.diff(t_seen))] < h.time[-1]  # one track across the gap
    blind = sector.model_copy(update={"azimuth_min_deg": 0.0, "azimuth_span_deg": 360.0})
    hist_b, _ = run_tracker(det, [blind])
    assert score_tracks(hist_b, det.time, det.truth, 1).breaks[0] >= 1
    assert from_config(sector).visible(np.array([[2e5, np.radians(0.0), 0.5, 0.0],
                                                 [2e5, np.radians(90.0), 0.5, 0.0]])).tolist() == [
        False, True]
