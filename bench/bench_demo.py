"""The demo's assessment accuracy over many seeds (issue 4's acceptance figures).

    .venv/bin/python bench/bench_demo.py --seeds 20

Per missile: launch-point error, launch-time error, impact error 60 s after confirmation
and at the end of the track, and whether the 95 % impact ellipse holds the truth (at the
end of the track, and pooled over every prediction along it); per run: one event with
the right count, classes and landing area.  Prints medians.

``--bound`` also evaluates the posterior Cramer-Rao bound (the best any unbiased
estimator can do with these measurements, from burnout on, starting from the filter's
covariance at burnout) at 60 s after confirmation, flies it to the ground and prints the
median of its CEP: the median impact error an efficient estimator would have then.
"""

from __future__ import annotations

import argparse
import platform
import time
from statistics import median

import numpy as np

from launchwatch.demo import run_demo


def _band(e: dict) -> float:
    """The missile's true range rounded to 50 km (the scenario's range classes)."""
    return round(e["range_truth_km"] / 50.0) * 50.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--bound", action="store_true", help="also the PCRLB at 60 s (slow)")
    a = ap.parse_args()
    errs, runs, walls = [], [], []
    for seed in range(a.seeds):
        t0 = time.perf_counter()
        r = run_demo(seed, store=False, figures=False)
        walls.append(time.perf_counter() - t0)
        errs += r.truth_errors
        ev = r.events
        runs.append(len(ev) == 1 and ev[0].n_missiles == len(r.scenario.launches)
                    and all(la.landing.name == "Sea of Japan" for la in ev[0].launches))
    n = len(errs)
    print(f"machine: {platform.machine()}, seeds {a.seeds}, missiles assessed {n} of "
          f"{3 * a.seeds}, run time median {median(walls):.1f} s")
    print(f"launch point error median {median(e['launch_m'] for e in errs):.0f} m, "
          f"max {max(e['launch_m'] for e in errs):.0f} m")
    print(f"launch time error median {median(abs(e['launch_time_s']) for e in errs):.2f} s, "
          f"max {max(abs(e['launch_time_s']) for e in errs):.2f} s")
    print(f"stated launch uncertainty median: 95 % semi-major "
          f"{median(e['launch_semi_major_m'] for e in errs):.0f} m, time 1-sigma "
          f"{median(e['launch_time_sigma_s'] for e in errs):.2f} s; launch time inside its 95 % "
          f"interval {sum(abs(e['launch_time_s']) <= 1.96 * e['launch_time_sigma_s'] for e in errs)}"
          f" of {n}")
    s60 = [e["impact_at_60s_m"] for e in errs]
    by_range = ", ".join(
        f"~{k:.0f} km {median(e['impact_at_60s_m'] for e in errs if _band(e) == k):.0f} m"
        for k in sorted({_band(e) for e in errs}))
    print(f"impact error 60 s after confirmation median {median(s60):.0f} m ({by_range})")
    print(f"impact error at track end median {median(e['impact_end_m'] for e in errs):.0f} m, "
          f"max {max(e['impact_end_m'] for e in errs):.0f} m")
    inside = sum(e["impact_inside_95"] for e in errs) / n
    hist = sum(e["history_inside_95"] for e in errs) / sum(e["history_n"] for e in errs)
    print(f"95 % impact ellipse holds the truth in {100 * inside:.0f} % of missiles at track "
          f"end, in {100 * hist:.1f} % of all {sum(e['history_n'] for e in errs)} predictions "
          f"along the tracks (one a second)")
    print(f"runs with one event of all the scenario's missiles into the Sea of Japan: "
          f"{sum(runs)} of {a.seeds}")
    if a.bound:
        ceps = [c for seed in range(a.seeds) for c in bound_at_60s(seed)]
        print(f"PCRLB at 60 s after confirmation: median CEP of the bound {median(ceps):.0f} m "
              f"(the median error of an efficient estimator; {len(ceps)} missiles)")


def bound_at_60s(seed: int) -> list[float]:
    """CEP [m] of the PCRLB's impact prediction 60 s after confirmation, per missile."""
    from launchwatch.assess.impact import predict_impact
    from launchwatch.demo import _windows, default_scenario, demo_vehicles, simulate_truth
    from launchwatch.sensors import Truth, generate_detections
    from launchwatch.tracking.measurement import from_config
    from launchwatch.tracking.pcrlb import pcrlb
    from launchwatch.tracking.tracker import TrackerConfig, run_tracker

    sc = default_scenario()
    vs = demo_vehicles(sc, seed)
    res = simulate_truth(sc, seed)
    tl = np.asarray(res.t_launch, float)
    truth = Truth.from_flight(res)
    meas = [from_config(s) for s in sc.sensors]
    radar = [getattr(s, "kind", "") != "ir" for s in sc.sensors]
    rng = np.random.default_rng(seed)  # the same draws as run_demo
    out = []
    for lo, hi in _windows(tl, truth.t_end):
        det = generate_detections(truth, list(sc.sensors), t_start=lo, t_end=hi, seed=rng)
        hist, _ = run_tracker(det, list(sc.sensors), TrackerConfig())
        for tid in hist.ids:
            h = hist.track(int(tid))
            src = det.truth[h.detection[h.detection >= 0]]
            src = src[src >= 0]
            if src.size == 0 or int(tid) not in h.confirmed_at:
                continue
            i = int(np.bincount(src).argmax())
            k = np.flatnonzero((h.detection >= 0) & (h.time <= h.confirmed_at[int(tid)] + 60))[-1]
            seg = (h.time > truth.t_burnout[i] + 1.0) & (np.arange(h.time.size) <= k)
            if seg.sum() < 2:
                continue
            k0 = int(np.flatnonzero(seg)[0])
            xs = truth.states(h.time[seg])[i]
            body = vs[i].reentry
            kappa = body.drag.cd[-1] * body.reference_area / body.mass
            xt = np.concatenate([xs, np.full((xs.shape[0], 1), kappa), np.zeros((xs.shape[0], 1))], 1)
            sens = h.sensor[seg]
            vis = np.array([radar[s] and bool(meas[s].visible(meas[s].h(xt[j:j + 1], False)[0])[0])
                            for j, s in enumerate(sens)])
            B = pcrlb(xs, h.time[seg], np.where(vis, sens, -1), meas, h.P[k0 - 1, :7, :7],
                      kappa=kappa)
            g = predict_impact(xt[-1:, :7], B[-1:], h.time[k:k + 1])
            out.append(float(g.ellipse.cep[0]))
    return out


if __name__ == "__main__":
    main()
