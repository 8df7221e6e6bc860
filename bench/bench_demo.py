"""The demo's assessment accuracy over many seeds (issue 4's acceptance figures).

    .venv/bin/python bench/bench_demo.py --seeds 20

Per missile: launch-point error, launch-time error, impact error 60 s after confirmation
and at the end of the track, and whether the 95 % impact ellipse holds the truth; per
run: one event with the right count, classes and landing area.  Prints medians.
"""

from __future__ import annotations

import argparse
import platform
import time
from statistics import median

from launchwatch.demo import run_demo


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=20)
    a = ap.parse_args()
    errs, runs, walls = [], [], []
    for seed in range(a.seeds):
        t0 = time.perf_counter()
        r = run_demo(seed, store=False, figures=False)
        walls.append(time.perf_counter() - t0)
        errs += r.truth_errors
        ev = r.events
        runs.append(len(ev) == 1 and ev[0].count == 3 and ev[0].classes == {"CRBM": 2, "SRBM": 1}
                    and ev[0].landing_areas == ["the Sea of Japan (East Sea)"])
    n = len(errs)
    print(f"machine: {platform.machine()}, seeds {a.seeds}, missiles assessed {n} of "
          f"{3 * a.seeds}, run time median {median(walls):.1f} s")
    print(f"launch point error median {median(e['launch_m'] for e in errs):.0f} m, "
          f"max {max(e['launch_m'] for e in errs):.0f} m")
    print(f"launch time error median {median(abs(e['launch_time_s']) for e in errs):.2f} s, "
          f"max {max(abs(e['launch_time_s']) for e in errs):.2f} s")
    s60 = [e["impact_at_60s_m"] for e in errs]
    print(f"impact error 60 s after confirmation median {median(s60):.0f} m "
          f"(250 km class {median(e['impact_at_60s_m'] for e in errs if e['class'] == 'CRBM'):.0f} m, "
          f"800 km class {median(e['impact_at_60s_m'] for e in errs if e['class'] == 'SRBM'):.0f} m)")
    print(f"impact error at track end median {median(e['impact_end_m'] for e in errs):.0f} m, "
          f"max {max(e['impact_end_m'] for e in errs):.0f} m")
    inside = sum(e["impact_inside_95"] for e in errs) / n
    print(f"95 % impact ellipse holds the truth in {100 * inside:.0f} % of missiles")
    print(f"runs with one event of 3 (2 CRBM, 1 SRBM) into the Sea of Japan: "
          f"{sum(runs)} of {a.seeds}")


if __name__ == "__main__":
    main()
