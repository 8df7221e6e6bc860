"""Batch flight engine vs scipy ``solve_ivp`` one flight at a time, side by side.

    .venv/bin/python bench/bench_flight.py            # 10,000 flights each, then 100,000 ours
    .venv/bin/python bench/bench_flight.py --n 2000 --scipy-n 500 --big 20000   # quicker

Both integrate the same generic 800-km-class flights (boost with gravity turn, drag from
a Mach table, J2 gravity, rotating WGS-84 Earth) with the same right-hand side (our
compiled one, called from scipy through numba's dispatcher), the same tolerances, the
same phase breakpoints and the same events (apogee, impact).  Accuracy of both is
measured against our integrator at a 1000x tighter tolerance.  Repeats report medians.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np
from scipy.integrate import solve_ivp

from launchwatch.earth import EarthModel, geodetic2ecef
from launchwatch.earth.atmosphere import upper_table
from launchwatch.flight import IntegratorOptions, generic_vehicle, simulate, summarize, warm_up
from launchwatch.flight import _layout as L
from launchwatch.flight._integrator import _hdot
from launchwatch.flight._vehicle import _local, _phase, _rhs
from launchwatch.flight.pack import drag_tables, launch_rows


def flights(n: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"lat": np.radians(rng.uniform(38.5, 40.5, n)),
            "lon": np.radians(rng.uniform(125.5, 128.5, n)),
            "azimuth": np.radians(rng.uniform(60.0, 120.0, n)),
            "kick_angle": np.radians(rng.uniform(28.0, 38.0, n)),
            "propellant_scale": rng.uniform(0.95, 1.05, n)}


def scipy_one(p, y0, ep, atm, tm, tc, rtol, atol):
    """One flight with solve_ivp (RK45), phase by phase, with apogee and impact events."""
    nst = int(p[L.N_STAGES])
    bps = sorted({p[L.STAGE0 + k * L.STAGE_W + e] for k in range(nst)
                  for e in (L.S_T_START, L.S_T_END)}
                 | {p[L.T_VERTICAL], p[L.T_KICK_END]})
    t, y = p[L.T0], y0.copy()
    t_max = p[L.T_MAX]
    out = np.empty(6)
    apogee = (np.nan, -np.inf)
    armed = False

    def impact(tt, yy):
        return _local(yy, ep)[0] if armed else 1.0
    impact.terminal = True
    impact.direction = -1

    def apo(tt, yy):
        return _hdot(yy, ep)
    apo.direction = -1

    for t_end in [b for b in bps if b > t] + [t_max]:
        kst, seg, lift = _phase(t, p)

        def f(tt, yy, kst=kst, seg=seg, lift=lift):
            _rhs(tt, yy, p, kst, seg, lift, ep, atm, tm, tc, out)
            return out.copy()
        sol = solve_ivp(f, (t, t_end), y, method="RK45", rtol=rtol, atol=atol,
                        events=[impact, apo], dense_output=False)
        for ta, ya in zip(sol.t_events[1], sol.y_events[1], strict=True):
            h = _local(ya, ep)[0]
            if h > apogee[1]:
                apogee = (ta, h)
        if sol.status == 1 and len(sol.t_events[0]):
            return sol.t_events[0][0], sol.y_events[0][0], apogee[1]
        t, y = sol.t[-1], sol.y[:, -1].copy()
        armed = True
    return np.nan, y, apogee[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="flights in the side-by-side batch")
    ap.add_argument("--scipy-n", type=int, default=10_000, help="of those, flown by scipy")
    ap.add_argument("--big", type=int, default=100_000, help="flights in the large batch")
    ap.add_argument("--rtol", type=float, default=1e-8)
    ap.add_argument("--threads", type=int, default=0, help="numba threads (0: all cores)")
    ap.add_argument("--repeats", type=int, default=3)
    a = ap.parse_args()
    vehicle = generic_vehicle(800.0)
    opts = IntegratorOptions(rtol=a.rtol, atol_position=1e-2, atol_velocity=1e-5)
    ref_opts = IntegratorOptions(rtol=a.rtol * 1e-3, atol_position=1e-5, atol_velocity=1e-8)
    if a.threads:
        import numba

        numba.set_num_threads(a.threads)
    warm_up()
    fl = flights(a.n)
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"{__import__('os').cpu_count()} cores, numba threads "
          f"{__import__('numba').get_num_threads()}, numpy {np.__version__}, rtol {a.rtol:g}")

    times, cpus = [], []
    for _ in range(a.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        res = simulate(vehicle, options=opts, **fl)
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    ours = statistics.median(times)
    ours_cpu = statistics.median(cpus)
    s = summarize(res)
    ref = summarize(simulate(vehicle, options=ref_opts, **fl))
    print(f"ours : {a.n} flights in {ours:.3f} s (median of {a.repeats}) = "
          f"{ours / a.n * 1e6:.1f} us/flight; median range {np.median(s.ground_range) / 1e3:.0f} km, "
          f"{np.median(res.n_steps):.0f} steps/flight; all impacted: {bool(res.ok.all())}")

    # scipy, same flights (first scipy_n of them), same RHS, same tolerances
    earth = EarthModel()
    rows, y0, _, tables, _ = launch_rows(vehicle, options=opts, earth=earth, **fl)
    P = L.matrix(rows)
    tm, tc = drag_tables(tables)
    atm = upper_table()
    o = earth.kernel_params()
    atol = np.array([opts.atol_position] * 3 + [opts.atol_velocity] * 3)
    m = min(a.scipy_n, a.n)
    scipy_one(P[0], y0[0], o, atm, tm, tc, a.rtol, atol)  # warm
    t0, c0 = time.perf_counter(), time.process_time()
    sc = [scipy_one(P[i], y0[i], o, atm, tm, tc, a.rtol, atol) for i in range(m)]
    t_sc = time.perf_counter() - t0
    c_sc = time.process_time() - c0
    sc_end = np.array([x[1] for x in sc])
    sc_apo = np.array([x[2] for x in sc])
    per_sc = t_sc / m
    print(f"scipy: {m} flights in {t_sc:.2f} s = {per_sc * 1e6:.0f} us/flight (solve_ivp RK45)")
    print(f"throughput ratio ours/scipy: {per_sc / (ours / a.n):.0f}x (wall; the machine may be shared)")
    print(f"CPU time per flight: ours {ours_cpu / a.n * 1e6:.0f} us (all threads), scipy "
          f"{c_sc / m * 1e6:.0f} us: ratio {(c_sc / m) / (ours_cpu / a.n):.0f}x (the cost per flight, "
          "whatever the load; times the threads for the throughput on free cores)")

    def err(end, apo, idx):
        d_imp = np.linalg.norm(end[:, :3] - ref_end[idx, :3], axis=1)
        d_apo = np.abs(apo - ref.apogee_alt[idx])
        return np.median(d_imp), np.max(d_imp), np.median(d_apo)
    ref_end = geodetic2ecef(ref.impact_lat, ref.impact_lon, 0.0)
    idx = np.arange(m)
    e_ours = err(res.end[idx], s.apogee_alt[idx], idx)
    e_sc = err(sc_end, sc_apo, idx)
    print(f"impact error vs tight reference, median/max [m]: ours {e_ours[0]:.3f}/{e_ours[1]:.3f}"
          f"  scipy {e_sc[0]:.3f}/{e_sc[1]:.3f};  apogee median [m]: ours {e_ours[2]:.4f}"
          f"  scipy {e_sc[2]:.4f}")

    if a.big:
        fb = flights(a.big, seed=2)
        t0 = time.perf_counter()
        rb = simulate(vehicle, options=opts, **fb)
        tb = time.perf_counter() - t0
        print(f"big  : {a.big} flights in {tb:.2f} s ({tb / a.big * 1e6:.1f} us/flight), "
              f"{int(rb.ok.sum())} impacted")


if __name__ == "__main__":
    main()
