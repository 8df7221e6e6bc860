"""The tracker under the hardening findings of issue 11, each reproduced first.

- every sensor silent for 30 s, then back (it raised ``LinAlgError: Matrix is not positive
  definite``), with the EKF and the UKF, radars and infrared: the run goes on, the tracks
  are kept and every covariance stays symmetric positive definite;
- the UKF's sigma points of one track whose covariance is not positive definite (one row
  used to raise for the whole batch);
- a malformed ``Tracker.update`` (wrong shapes, not a number, not a sensor index) raises
  ``InputError`` naming the argument and its shape, and leaves the tracker as it was;
- a burst of 10,000 false alarms in three consecutive scans of one radar (it took 12 s and
  7.7 GB through a dense 10,017 x 10,003 array): memory measured with tracemalloc;
- clutter counted in ``Tracker.rejected`` with the other rejections.
"""

from __future__ import annotations

import math
import tracemalloc

import numpy as np
import pytest

from launchwatch.errors import InputError
from launchwatch.sensors import generate_detections
from launchwatch.sensors.demo import demo_infrared, demo_radars, demo_salvo
from launchwatch.tracking import REJECT_REASONS, Tracker, TrackerConfig, score_tracks
from launchwatch.tracking.association import gnn_pairs
from launchwatch.tracking.filters import ukf_predict, ukf_weights


@pytest.fixture(scope="module")
def truth():
    return demo_salvo(3)


def _spd_on_carried_states(P: np.ndarray, thrust: np.ndarray) -> None:
    """Every ``P (K, M, 8, 8)`` symmetric and positive definite on the states its model
    carries (``thrust (M,)``: the model estimates the eighth state; the others hold it at 0)."""
    asym = np.abs(P - np.swapaxes(P, -1, -2)).max(axis=(-1, -2)) / np.abs(P).max(axis=(-1, -2))
    assert asym.max() < 1e-12
    for j, carries in enumerate(thrust):
        n = 8 if carries else 7
        B = P[:, j, :n, :n]
        d = np.sqrt(np.einsum("kii->ki", B))
        assert np.all(d > 0) and np.isfinite(d).all()
        corr = B / d[:, :, None] / d[:, None, :]  # scale-free: the eigenvalues of a correlation
        assert np.linalg.eigvalsh(corr).min() > 0.0


@pytest.mark.parametrize("filt", ["ekf", "ukf"])
def test_every_sensor_silent_for_30_s_then_back(truth, filt):
    sensors = demo_radars(2, clutter_per_scan=5.0) + demo_infrared(2)
    det = generate_detections(truth, sensors, seed=3, t_start=0.0, t_end=260.0)
    rows = np.arange(len(det))
    cfg = TrackerConfig(filter=filt)
    tr = Tracker(sensors, cfg)
    thrust = np.array([m.thrust for m in cfg.motion_models()])
    before = None
    for t, s, sl in det.scans():
        if 150.0 <= t < 180.0:  # total silence: no sensor reports anything
            if before is None:
                before = set(tr.tracks()["id"].tolist())
            continue
        tr.update(t, s, det.z[sl], rows[sl])
        if t >= 180.0 and len(tr.table):
            _spd_on_carried_states(tr.table.Pm, thrust)
    # the missiles (all in mid-course at 150-180 s) keep their tracks across the silence
    hist = tr.history()
    sc = score_tracks(hist, det.time, det.truth, 3)
    kept = {tid for tid, lab in sc.labels.items() if lab >= 0 and tid in before}
    assert len(before) >= 3 and len({sc.labels[t] for t in kept}) == 3
    for tid in kept:
        assert hist.track(tid).time.max() > 240.0  # still updated well after the silence
    # and no missile needed a new track after it (the UKF has a break of its own in boost)
    assert not [tid for tid, lab in sc.labels.items() if lab >= 0 and hist.track(tid).time[0] >= 150.0]
    assert sc.swaps == 0


def test_ukf_sigma_points_of_one_indefinite_covariance_do_not_fail_the_batch():
    rng = np.random.default_rng(4)
    n = 4
    A = rng.standard_normal((3, n, n))
    P = A @ np.swapaxes(A, -1, -2) + 0.1 * np.eye(n)
    w, V = np.linalg.eigh(P[1])
    w[0] = -1e-3 * w[-1]  # row 1 slightly indefinite, as rounding leaves a covariance
    P[1] = (V * w) @ V.T
    x = rng.standard_normal((3, n))
    Q = np.broadcast_to(0.01 * np.eye(n), (3, n, n))
    f = lambda X: X + 0.1 * np.sin(X)  # noqa: E731 - a smooth non-linear map
    xm, Pm = ukf_predict(x, P, f, Q)
    assert np.isfinite(xm).all() and np.isfinite(Pm).all()
    # the good rows are those of a batch without the bad one
    xg, Pg = ukf_predict(x[[0, 2]], P[[0, 2]], f, Q[:2])
    np.testing.assert_allclose(xm[[0, 2]], xg, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(Pm[[0, 2]], Pg, rtol=1e-12, atol=1e-14)
    # the bad row is propagated from its nearest positive semi-definite covariance (the
    # negative eigenvalue clipped), sigma points written out here from the eigenvectors
    wt = ukf_weights(n)
    wc = np.clip(w, 0.0, None)
    L = V * np.sqrt(wc * (n + wt.lam))
    X = np.concatenate([x[1][None], x[1] + L.T, x[1] - L.T])
    Y = f(X)
    mean = wt.wm @ Y
    D = Y - mean
    np.testing.assert_allclose(xm[1], mean, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(Pm[1], (wt.wc[:, None] * D).T @ D + Q[0], rtol=1e-7, atol=1e-10)


def test_malformed_calls_name_the_argument_and_change_nothing(truth):
    sensors = demo_radars(2, clutter_per_scan=2.0)
    det = generate_detections(truth, sensors, seed=5, t_start=60.0, t_end=120.0)
    rows = np.arange(len(det))
    tr, ref = Tracker(sensors), Tracker(sensors)
    scans = list(det.scans())
    bad_calls = [
        (dict(time=1e3, sensor=0, z=np.zeros((2, 3))), "z", "(2, 3)"),
        (dict(time=1e3, sensor=0, z=np.zeros((2, 2, 4))), "z", "(2, 2, 4)"),
        (dict(time=1e3, sensor=0, z=np.ones((2, 4)), ids=np.arange(3)), "ids", "(3,)"),
        (dict(time=1e3, sensor=0, z=[["a", "b", "c", "d"]]), "z", "numeric"),
        (dict(time="soon", sensor=0, z=np.ones((1, 4))), "time", "soon"),
        (dict(time=None, sensor=0, z=np.ones((1, 4))), "time", "None"),
        (dict(time=1e3, sensor="radar-0", z=np.ones((1, 4))), "sensor", "radar-0"),
        (dict(time=1e3, sensor=0.5, z=np.ones((1, 4))), "sensor", "0.5"),
    ]
    for i, (t, s, sl) in enumerate(scans):
        tr.update(t, s, det.z[sl], rows[sl])
        ref.update(t, s, det.z[sl], rows[sl])
        if i % 20 == 10:
            for kw, field, shown in bad_calls:
                with pytest.raises(InputError) as exc:
                    tr.update(**kw)
                msg = str(exc.value)
                assert exc.value.field == field and msg.startswith(f"{field}=")
                assert shown in msg and "\n" not in msg
    a, b = tr.tracks(), ref.tracks()
    assert a["id"].size >= 3
    np.testing.assert_array_equal(a["id"], b["id"])
    np.testing.assert_array_equal(a["x"], b["x"])
    assert tr.rejected == ref.rejected and tr.time == ref.time


def _false_alarms(cfg, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` radar false alarms uniform over the radar's coverage (as the sensor model draws)."""
    el0, el1 = math.radians(cfg.min_elevation_deg), math.radians(cfg.max_elevation_deg)
    return np.column_stack([
        rng.uniform(cfg.min_range, cfg.max_range, n),
        np.mod(math.radians(cfg.azimuth_min_deg)
               + rng.uniform(0.0, math.radians(cfg.azimuth_span_deg), n), 2 * math.pi),
        rng.uniform(el0, el1, n), rng.uniform(-cfg.max_range_rate, cfg.max_range_rate, n)])


def test_a_burst_of_10000_false_alarms_in_three_scans_stays_small(truth):
    sensors = demo_radars(2, clutter_per_scan=5.0)
    det = generate_detections(truth, sensors, seed=2, t_start=100.0, t_end=175.0)
    rows = np.arange(len(det))
    rng = np.random.default_rng(7)
    tr = Tracker(sensors)
    burst, n_burst, peak, kept = 0, 10_000, 0, None
    tracemalloc.start()
    try:
        for t, s, sl in det.scans():
            z, ids = det.z[sl], rows[sl]
            if t >= 150.0 and s == 0 and burst < 3:  # three consecutive scans of radar 0
                if kept is None:
                    kept = set(tr.tracks()["id"].tolist())
                burst += 1
                z = np.concatenate([z, _false_alarms(sensors[0], n_burst, rng)])
                ids = np.concatenate([ids, np.full(n_burst, -1)])
            if burst:
                tracemalloc.reset_peak()
            tr.update(t, s, z, ids)
            if burst:
                peak = max(peak, tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
    assert burst == 3
    # the dense cost array of the finding alone: 10,017 x 10,003 float64 = 802 MB
    assert peak < 400e6, f"peak {peak / 1e6:.0f} MB in a burst scan"
    # the burst's tentative tracks are gone, the missiles' tracks are the same ones
    assert len(tr.table) < 300
    assert len(kept) >= 3 and kept <= set(tr.tracks()["id"].tolist())
    assert tr.rejected["clutter"] >= 3 * n_burst * 0.99


def test_gnn_memory_grows_with_the_pairs_not_tracks_times_detections():
    rng = np.random.default_rng(8)
    K = M = 20_000
    # 60,000 gated pairs among 20,000 x 20,000 (a dense float matrix would be 3.2 GB)
    track = np.repeat(np.arange(K), 3)
    det = (track + rng.integers(0, 5, track.size)) % M
    pairs = np.unique(np.column_stack([track, det]), axis=0)
    cost = rng.uniform(0.0, 9.0, len(pairs))
    miss = np.full(K, 10.0)
    tracemalloc.start()
    try:
        t, d = gnn_pairs(pairs[:, 0], pairs[:, 1], cost, miss)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100e6
    assert np.unique(t).size == t.size and np.unique(d).size == d.size  # an assignment
    assert t.size > 0.85 * K  # each track has 1-3 gated, mostly free, measurements


def test_clutter_is_counted_in_rejected_with_the_other_reasons(truth):
    sensors = demo_radars(2, clutter_per_scan=5.0)
    det = generate_detections(truth, sensors, seed=6, t_start=100.0, t_end=160.0)
    false = det.truth == -1
    rows = np.arange(len(det))
    tr = Tracker(sensors)
    for t, s, sl in det.scans():  # false alarms only: every row is clutter
        keep = false[sl]
        tr.update(t, s, det.z[sl][keep], rows[sl][keep])
    assert set(tr.rejected) == set(REJECT_REASONS) and "clutter" in REJECT_REASONS
    assert not tr.table.confirmed.any()  # no false alarm made a track
    # every false alarm either ended as clutter or sits in a tentative track still alive
    assert tr.rejected["clutter"] + int(tr.table.hits.sum()) == int(false.sum())
    assert tr.rejected["clutter"] > 0.8 * false.sum()
    assert sum(v for k, v in tr.rejected.items() if k != "clutter") == 0
