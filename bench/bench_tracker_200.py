"""200 simultaneous targets, 4 radars at 1 Hz with clutter: is the tracker faster than real time?

One process, one thread (set OMP/OPENBLAS/MKL_NUM_THREADS=1 before numpy loads).  The
salvo is 200 generic missiles launched within 60 s; the run covers ``--duration``
seconds of their flight (boost to mid-course), every radar scanning once a second with
Poisson clutter.  Reports the wall time per simulated second (median over 10-s windows).

    .venv/bin/python bench/bench_tracker_200.py --targets 200 --duration 120
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", type=int, default=200)
    ap.add_argument("--duration", type=float, default=120.0)
    ap.add_argument("--clutter", type=float, default=10.0, help="false alarms per scan per radar")
    ap.add_argument("--association", default="gnn", choices=["gnn", "jpda"])
    ap.add_argument("--sample-dt", type=float, default=None,
                    help="truth sampling [s] (default 0.1, 1.0 above 1000 targets: memory)")
    a = ap.parse_args()

    from launchwatch.sensors import generate_detections
    from launchwatch.sensors.demo import demo_radars, demo_salvo
    from launchwatch.tracking import Tracker, TrackerConfig, score_tracks, warm_up

    dt_truth = a.sample_dt or (0.1 if a.targets <= 1000 else 1.0)
    truth = demo_salvo(a.targets, seed=7, spread_s=60.0, sample_dt=dt_truth)
    sensors = demo_radars(4, clutter_per_scan=a.clutter)
    t0 = 40.0
    det = generate_detections(truth, sensors, t0, t0 + a.duration, seed=7)
    scans = list(det.scans())
    print(f"{a.targets} targets, 4 radars at 1 Hz, {len(scans)} scans, {len(det)} detections "
          f"({int((det.truth < 0).sum())} clutter); {platform.machine()}, one thread")
    cfg = TrackerConfig(association=a.association, history="states")
    warm_up()  # compile or load every kernel before the clock starts
    tr = Tracker(sensors, cfg)
    rows = np.arange(len(det))
    per_scan = np.empty(len(scans))
    cpu_scan = np.empty(len(scans))
    live = np.empty(len(scans))
    for i, (t, s, sl) in enumerate(scans):
        c0, p0 = time.perf_counter(), time.process_time()
        tr.update(t, s, det.z[sl], rows[sl])
        per_scan[i] = time.perf_counter() - c0
        cpu_scan[i] = time.process_time() - p0
        live[i] = len(tr.table)
    times = np.array([t for t, _, _ in scans])
    win = np.floor((times - t0) / 10.0)
    per_window = np.array([per_scan[win == w].sum() / 10.0 for w in np.unique(win)])
    cpu_window = np.array([cpu_scan[win == w].sum() / 10.0 for w in np.unique(win)])
    h = tr.history()
    sc = score_tracks(h, det.time, det.truth, a.targets)
    seen = np.unique(det.truth[det.truth >= 0]).size
    found = len({lab for lab in sc.labels.values() if lab >= 0})
    print(f"wall seconds per simulated second: median {np.median(per_window):.3f}, "
          f"max {per_window.max():.3f} (real time = 1.0)")
    print(f"CPU seconds per simulated second (this process, one thread; the machine is "
          f"shared): median {np.median(cpu_window):.3f}, max {cpu_window.max():.3f}; whole run "
          f"{cpu_scan.sum():.1f} s of CPU for {a.duration:.0f} s")
    print(f"median ms per scan {np.median(per_scan) * 1e3:.2f}; live tracks (incl. tentative) "
          f"median {np.median(live):.0f}, max {live.max():.0f}")
    print(f"targets detected {seen}, tracked {found}, false confirmed tracks "
          f"{len(sc.false_tracks)}, identity swaps {sc.swaps}")


if __name__ == "__main__":
    main()
