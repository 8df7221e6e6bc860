"""Our EKF + GNN tracker against Stone Soup 1.9.1's EKF + GNN on the SAME detections, one run.

Scenario: a salvo of generic missiles (250-800 km class) in mid-course, two radars with
clutter (``launchwatch.sensors.demo``).  All trackers get the same scans in the same
order: range, azimuth, elevation, range-rate (converted to Stone Soup's bearing
convention), same noise, same chi-square gate (Mahalanobis), GNN by optimal 2-D
assignment, initiation after 3 detections, deletion after 8 scans without an update.

Stone Soup runs twice:

* **like for like**: a gravity-and-drag transition model built from Stone Soup's own parts
  (a ``GaussianTransitionModel`` whose ``function`` integrates the same 7-state ballistic
  equations as ours - J2 gravity, Coriolis, centrifugal, drag with kappa = 1/beta over the
  1976 atmosphere - by RK4 on its ``StateVectors``, its Jacobian by Stone Soup's own
  finite differences, the process noise of our ballistic model in mid-course), with its
  ``ExtendedKalmanPredictor``/``Updater``;
* its nearly-constant-velocity model in ECEF (what its core offers; no ballistic model).

Ours runs its 7-state J2 + drag ballistic EKF (one model, no IMM) after ``warm_up()``
(numba compiles or loads its kernels once per process; Stone Soup has no such step).

Accuracy: OSPA (c = 10 km, p = 2) of confirmed tracks against the visible truths at
each scan, and the RMSE of the assigned (< 10 km) pairs.  Speed: wall time of each scan
(predict, gate, associate, update, initiate, delete), median and mean over the run, all
trackers in one process, one after the other on the same scans.

    OMP_NUM_THREADS=1 .venv/bin/python bench/bench_tracker_stonesoup.py --targets 20
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
    ap.add_argument("--no-cv", action="store_true", help="skip Stone Soup's constant-velocity run")
    a = ap.parse_args()

    from scipy.stats import chi2

    from launchwatch.sensors import generate_detections, radar_measure, radar_visible
    from launchwatch.sensors.demo import demo_radars, demo_salvo
    from launchwatch.tracking import BALLISTIC, Tracker, TrackerConfig, ospa, warm_up

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
    warm_up()  # compile or load every kernel once (numba)
    ours = Tracker(sensors, cfg)
    t_ours = np.empty(len(scans))
    c_ours = np.empty(len(scans))
    est_ours = []
    for i, (t, s, sl) in enumerate(scans):
        c0, p0 = time.perf_counter(), time.process_time()
        ours.update(t, s, det.z[sl])
        t_ours[i] = time.perf_counter() - c0
        c_ours[i] = time.process_time() - p0
        est_ours.append(ours.tracks()["x"][:, :3])

    # --- Stone Soup -----------------------------------------------------------------------
    from stonesoup.dataassociator.neighbour import GNNWith2DAssignment
    from stonesoup.deleter.time import UpdateTimeStepsDeleter
    from stonesoup.hypothesiser.distance import DistanceHypothesiser
    from stonesoup.initiator.simple import MultiMeasurementInitiator
    from stonesoup.measures import Mahalanobis
    from stonesoup.models.base import TimeVariantModel
    from stonesoup.models.measurement.nonlinear import CartesianToElevationBearingRangeRate
    from stonesoup.models.transition.linear import (
        CombinedLinearGaussianTransitionModel,
        ConstantVelocity,
    )
    from stonesoup.models.transition.nonlinear import GaussianTransitionModel
    from stonesoup.predictor.kalman import ExtendedKalmanPredictor
    from stonesoup.tracker.simple import MultiTargetTracker
    from stonesoup.types.angle import Bearing, Elevation
    from stonesoup.types.array import CovarianceMatrix, StateVector, StateVectors
    from stonesoup.types.detection import Detection
    from stonesoup.types.state import GaussianState
    from stonesoup.updater.kalman import ExtendedKalmanUpdater

    from launchwatch.earth import OMEGA_EARTH, ecef2geodetic, standard_atmosphere
    from launchwatch.earth.constants import J2_EARTH, MU_EARTH, WGS84_A

    class BallisticTransition(GaussianTransitionModel, TimeVariantModel):
        """Gravity (J2), Earth rotation and drag in ECEF, state [x, vx, y, vy, z, vz, kappa]:
        RK4 substeps of at most 1 s on Stone Soup's StateVectors (every column at once)."""

        @property
        def ndim_state(self) -> int:
            return 7

        @staticmethod
        def _deriv(s: np.ndarray) -> np.ndarray:
            r, v, kappa = s[[0, 2, 4]], s[[1, 3, 5]], np.maximum(s[6], 0.0)
            r2 = np.sum(r * r, axis=0)
            k = -MU_EARTH / (r2 * np.sqrt(r2))
            c = 1.5 * J2_EARTH * WGS84_A**2 / r2
            f = 5.0 * r[2] ** 2 / r2
            w = OMEGA_EARTH
            a = np.stack([k * r[0] * (1 + c * (1 - f)) + 2 * w * v[1] + w * w * r[0],
                          k * r[1] * (1 + c * (1 - f)) - 2 * w * v[0] + w * w * r[1],
                          k * r[2] * (1 + c * (3 - f))])
            _, _, h = ecef2geodetic(r.T)
            rho = standard_atmosphere(h).density
            a -= 0.5 * rho * kappa * np.sqrt(np.sum(v * v, axis=0)) * v
            d = np.zeros_like(s)
            d[[0, 2, 4]] = v
            d[[1, 3, 5]] = a
            return d

        def function(self, state, noise=False, **kwargs):
            dt = kwargs["time_interval"].total_seconds()
            x = np.asarray(state.state_vector, float)
            n = max(int(np.ceil(abs(dt))), 1)
            h = dt / n
            for _ in range(n):
                k1 = self._deriv(x)
                k2 = self._deriv(x + 0.5 * h * k1)
                k3 = self._deriv(x + 0.5 * h * k2)
                k4 = self._deriv(x + h * k3)
                x = x + h / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
            out = StateVectors(x) if x.shape[1] > 1 else StateVector(x)
            return out + (self.rvs(num_samples=x.shape[1], **kwargs) if noise is True else 0)

        def covar(self, time_interval, **kwargs):
            """Our ballistic model's white acceleration and kappa random walk (mid-course:
            its drag-following term is ~0 there)."""
            dt = abs(time_interval.total_seconds())
            q = BALLISTIC.accel_noise
            Q = np.zeros((7, 7))
            for i in (0, 2, 4):
                Q[i, i], Q[i, i + 1], Q[i + 1, i], Q[i + 1, i + 1] = (
                    q * dt**3 / 3, q * dt**2 / 2, q * dt**2 / 2, q * dt)
            Q[6, 6] = BALLISTIC.kappa_noise * dt
            return CovarianceMatrix(Q)

    class ENURadar(CartesianToElevationBearingRangeRate):
        """Stone Soup's radar model with its frame set to the site's east-north-up axes."""

        @property
        def rotation_matrix(self) -> np.ndarray:
            return self._enu

    def stonesoup_run(transition, ndim: int, prior_state: GaussianState) -> tuple:
        models = []
        for s in sensors:
            m = ENURadar(ndim_state=ndim, mapping=(0, 2, 4), velocity_mapping=(1, 3, 5),
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
        predictor = ExtendedKalmanPredictor(transition)
        updater = ExtendedKalmanUpdater(measurement_model=None)
        gate = math.sqrt(chi2.ppf(cfg.gate_probability, 4))
        hyp = DistanceHypothesiser(predictor, updater, measure=Mahalanobis(), missed_distance=gate)
        init = MultiMeasurementInitiator(
            prior_state=prior_state, measurement_model=None, deleter=UpdateTimeStepsDeleter(2),
            data_associator=GNNWith2DAssignment(DistanceHypothesiser(
                predictor, updater, measure=Mahalanobis(), missed_distance=gate)),
            updater=updater, min_points=3)
        tracker = MultiTargetTracker(initiator=init, deleter=UpdateTimeStepsDeleter(8),
                                     detector=feed, data_associator=GNNWith2DAssignment(hyp),
                                     updater=updater)
        times = np.empty(len(scans))
        cpu = np.empty(len(scans))
        est = []
        it = iter(tracker)
        for i in range(len(scans)):
            c0, p0 = time.perf_counter(), time.process_time()
            _, tracks = next(it)
            times[i] = time.perf_counter() - c0
            cpu[i] = time.process_time() - p0
            est.append(np.array([np.asarray(tr.state_vector, float).ravel()[[0, 2, 4]]
                                 for tr in tracks]).reshape(-1, 3))
        return times, cpu, est

    sv = cfg.init_speed_sigma**2
    runs = {}
    prior7 = GaussianState(StateVector(np.concatenate([np.zeros(6), [cfg.init_kappa]])),
                           np.diag([1e8, sv, 1e8, sv, 1e8, sv, cfg.init_kappa_sigma**2]))
    runs["Stone Soup, gravity + drag"] = stonesoup_run(BallisticTransition(), 7, prior7)
    if not a.no_cv:
        q = a.ss_noise
        cv = CombinedLinearGaussianTransitionModel([ConstantVelocity(q)] * 3)
        prior6 = GaussianState(StateVector(np.zeros(6)), np.diag([1e8, sv, 1e8, sv, 1e8, sv]))
        runs["Stone Soup, constant velocity"] = stonesoup_run(cv, 6, prior6)

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

    rows = [("launchwatch (ballistic EKF)", t_ours, c_ours, est_ours)] + [
        (name, t, c, e) for name, (t, c, e) in runs.items()]
    print("per scan, milliseconds of wall time and of this process's CPU time (the machine is "
          "shared: CPU time leaves out the time the process waited for a core); x = ratio to ours")
    print(f"{'':31s}{'wall med':>9s}{'mean':>8s}{'cpu med':>9s}{'mean':>8s}{'OSPA m':>8s}"
          f"{'RMSE m':>8s}{'wall x med':>11s}{'mean':>7s}{'cpu x med':>10s}{'mean':>7s}")
    for name, t, c, e in rows:
        o, r = score(e)
        print(f"{name:31s}{np.median(t) * 1e3:9.3f}{t.mean() * 1e3:8.3f}{np.median(c) * 1e3:9.3f}"
              f"{c.mean() * 1e3:8.3f}{o:8.1f}{r:8.1f}{np.median(t) / np.median(t_ours):11.1f}"
              f"{t.mean() / t_ours.mean():7.1f}{np.median(c) / np.median(c_ours):10.1f}"
              f"{c.mean() / c_ours.mean():7.1f}")


if __name__ == "__main__":
    main()
