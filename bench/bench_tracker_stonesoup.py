"""Our EKF + GNN tracker against Stone Soup 1.9.1's EKF + GNN on the SAME detections, one run.

Scenario: a salvo of generic missiles (250-800 km class) in mid-course, two radars with
clutter (``launchwatch.sensors.demo``).  Both trackers get the same scans in the same
order: range, azimuth, elevation, range-rate (converted to Stone Soup's bearing
convention), same noise, same chi-square gate (Mahalanobis), GNN by optimal 2-D
assignment, initiation after 3 detections, deletion after 8 scans without an update.
Stone Soup has no ballistic model in core, so it runs its nearly-constant-velocity
model in ECEF (the best it offers); ours runs its 7-state J2 + drag ballistic EKF.

Accuracy: OSPA (c = 10 km, p = 2) of confirmed tracks against the visible truths at
each scan, and the RMSE of the assigned (< 10 km) pairs.  Speed: wall time of each scan
(predict, gate, associate, update, initiate, delete), medians over the run.

    .venv/bin/python bench/bench_tracker_stonesoup.py --targets 8 --duration 120
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import platform
import time

import numpy as np


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", type=int, default=8)
    ap.add_argument("--duration", type=float, default=120.0, help="seconds of mid-course")
    ap.add_argument("--clutter", type=float, default=5.0, help="false alarms per scan")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--ss-noise", type=float, default=20.0,
                    help="Stone Soup CV process noise [m^2/s^3] (gravity is not in its model)")
    a = ap.parse_args()

    from scipy.stats import chi2

    from launchwatch.sensors import generate_detections, radar_measure, radar_visible
    from launchwatch.sensors.demo import demo_radars, demo_salvo
    from launchwatch.tracking import Tracker, TrackerConfig, ospa

    truth = demo_salvo(a.targets, seed=a.seed)
    sensors = demo_radars(2, clutter_per_scan=a.clutter)
    t0 = float(np.nanmax(truth.t_burnout)) + 5.0
    det = generate_detections(truth, sensors, t0, t0 + a.duration, seed=a.seed)
    scans = list(det.scans())
    print(f"{a.targets} targets, {len(scans)} scans, {len(det)} detections "
          f"({int((det.truth < 0).sum())} clutter), {platform.processor() or platform.machine()}, "
          f"python {platform.python_version()}")

    # --- ours ---------------------------------------------------------------------------
    cfg = TrackerConfig(models=("ballistic",), association="gnn", filter="ekf",
                        confirm_hits=3, confirm_scans=4, delete_misses=8, history="states")
    ours = Tracker(sensors, cfg)
    ours.update(scans[0][0] - 1.0, 0, np.empty((0, 4)))  # warm up (numba caches, imports)
    ours = Tracker(sensors, cfg)
    t_ours = np.empty(len(scans))
    est_ours = []
    for i, (t, s, sl) in enumerate(scans):
        c0 = time.perf_counter()
        ours.update(t, s, det.z[sl])
        t_ours[i] = time.perf_counter() - c0
        est_ours.append(ours.tracks()["x"][:, :3])

    # --- Stone Soup -----------------------------------------------------------------------
    from stonesoup.dataassociator.neighbour import GNNWith2DAssignment
    from stonesoup.deleter.time import UpdateTimeStepsDeleter
    from stonesoup.hypothesiser.distance import DistanceHypothesiser
    from stonesoup.initiator.simple import MultiMeasurementInitiator
    from stonesoup.measures import Mahalanobis
    from stonesoup.models.measurement.nonlinear import CartesianToElevationBearingRangeRate
    from stonesoup.models.transition.linear import (
        CombinedLinearGaussianTransitionModel,
        ConstantVelocity,
    )
    from stonesoup.predictor.kalman import ExtendedKalmanPredictor
    from stonesoup.tracker.simple import MultiTargetTracker
    from stonesoup.types.angle import Bearing, Elevation
    from stonesoup.types.array import StateVector
    from stonesoup.types.detection import Detection
    from stonesoup.types.state import GaussianState
    from stonesoup.updater.kalman import ExtendedKalmanUpdater

    class ENURadar(CartesianToElevationBearingRangeRate):
        """Stone Soup's radar model with its frame set to the site's east-north-up axes."""

        @property
        def rotation_matrix(self) -> np.ndarray:
            return self._enu

    models = []
    for s in sensors:
        m = ENURadar(ndim_state=6, mapping=(0, 2, 4), velocity_mapping=(1, 3, 5),
                     noise_covar=np.diag([s.sigma_elevation**2, s.sigma_azimuth**2,
                                          s.sigma_range**2, s.sigma_range_rate**2]),
                     translation_offset=StateVector(s.site_ecef))
        m._enu = s.enu
        models.append(m)
    epoch = dt.datetime(2026, 1, 1)
    feed = []
    for t, s, sl in scans:
        when = epoch + dt.timedelta(seconds=t)
        dets = {Detection(StateVector([Elevation(z[2]), Bearing(math.pi / 2 - z[1]), z[0], z[3]]),
                          timestamp=when, measurement_model=models[s]) for z in det.z[sl]}
        feed.append((when, dets))
    q = a.ss_noise
    transition = CombinedLinearGaussianTransitionModel([ConstantVelocity(q)] * 3)
    predictor = ExtendedKalmanPredictor(transition)
    updater = ExtendedKalmanUpdater(measurement_model=None)
    gate = math.sqrt(chi2.ppf(cfg.gate_probability, 4))
    hyp = DistanceHypothesiser(predictor, updater, measure=Mahalanobis(), missed_distance=gate)
    assoc = GNNWith2DAssignment(hyp)
    sv = cfg.init_speed_sigma**2
    prior = GaussianState(StateVector(np.zeros(6)), np.diag([1e8, sv, 1e8, sv, 1e8, sv]))
    init = MultiMeasurementInitiator(
        prior_state=prior, measurement_model=None, deleter=UpdateTimeStepsDeleter(2),
        data_associator=GNNWith2DAssignment(DistanceHypothesiser(
            predictor, updater, measure=Mahalanobis(), missed_distance=gate)),
        updater=updater, min_points=3)
    tracker = MultiTargetTracker(initiator=init, deleter=UpdateTimeStepsDeleter(8), detector=feed,
                                 data_associator=assoc, updater=updater)
    t_ss = np.empty(len(scans))
    est_ss = []
    it = iter(tracker)
    for i in range(len(scans)):
        c0 = time.perf_counter()
        _, tracks = next(it)
        t_ss[i] = time.perf_counter() - c0
        est_ss.append(np.array([np.asarray(tr.state_vector, float).ravel()[[0, 2, 4]]
                                for tr in tracks]).reshape(-1, 3))

    # --- accuracy on the same truth ----------------------------------------------------------
    def score(est: list[np.ndarray]) -> tuple[float, float]:
        o, sq = [], []
        for (t, s, _), Y in zip(scans, est, strict=True):
            x = truth.states(np.array([t]))[:, 0]
            z = radar_measure(x, sensors[s].site_ecef, sensors[s].enu)
            X = x[radar_visible(z, sensors[s]), :3]
            o.append(ospa(X, Y, 10_000.0, 2.0))
            if len(X) and len(Y):
                from scipy.optimize import linear_sum_assignment

                D = np.linalg.norm(X[:, None] - Y[None], axis=-1)
                r, c = linear_sum_assignment(D)
                sq.extend(D[r, c][D[r, c] < 10_000.0] ** 2)
        half = len(o) // 4  # after initiation
        return float(np.mean(o[half:])), float(np.sqrt(np.mean(sq)))

    o1, r1 = score(est_ours)
    o2, r2 = score(est_ss)
    m1, m2 = np.median(t_ours), np.median(t_ss)
    print(f"{'':22s}{'launchwatch':>14s}{'Stone Soup':>14s}")
    print(f"{'median ms per scan':22s}{m1 * 1e3:14.3f}{m2 * 1e3:14.3f}")
    print(f"{'mean ms per scan':22s}{t_ours.mean() * 1e3:14.3f}{t_ss.mean() * 1e3:14.3f}")
    print(f"{'mean OSPA [m]':22s}{o1:14.1f}{o2:14.1f}")
    print(f"{'position RMSE [m]':22s}{r1:14.1f}{r2:14.1f}")
    print(f"speed-up (median per scan): {m2 / m1:.1f}x; accuracy no worse: {o1 <= o2 and r1 <= r2}")


if __name__ == "__main__":
    main()
