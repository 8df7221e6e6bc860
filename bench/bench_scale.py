"""Campaigns on Dask, side by side in one run (issue 15's benchmarks).

    .venv/bin/python bench/bench_scale.py                      # both parts, full size
    .venv/bin/python bench/bench_scale.py --flights 100000 --eval-seeds 20 --eval-seeds-one 10

Flights: the dispersion of examples/campaign-dispersion.yaml (bench/bench_flight.py's
generic 800 km population and tolerances) flown three ways: serially in this process
(numba on every core), on an embedded LocalCluster of one worker and of two workers (one
process per core, one thread each).  Reports wall time, the chunks' own compute time,
the scheduling overhead ``1 - sum(task time) / (wall x slots)``, the speed-up of two
workers over one, and checks that the three datasets are the same bits.

Evaluation: the demo scenario over ``--eval-seeds`` seeds on two workers (the figures of
examples/campaign-demo-1000.yaml) and its first ``--eval-seeds-one`` seeds on one worker
and on two (the speed-up).  Prints the load (``uptime``) before and after each part: the
machine is shared, so read the ratios with it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from launchwatch.scale import load_campaign, run_campaign

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


KEYS = {"flights": ["flight"], "runs": ["seed"], "tracks": ["seed", "track"],
        "assessments": ["seed", "track"]}


def digest(folder: Path, table: str) -> str:
    """A hash of a table's contents in a fixed row order (its key), whatever the chunk files;
    the runs' wall time (``seconds``) is left out: it is no result."""
    import pyarrow.parquet as pq

    df = pq.read_table(folder / table).to_pandas().sort_values(
        KEYS[table], kind="stable").reset_index(drop=True)
    h = hashlib.sha256()
    for col in df.columns:
        if col != "seconds":
            h.update(col.encode())
            arr = df[col].to_numpy()  # strings by value (an object array's bytes are pointers)
            h.update("\x00".join(map(str, arr)).encode() if arr.dtype == object else arr.tobytes())
    return h.hexdigest()[:16]


def line(label: str, run, rows: int, unit: str) -> str:
    per = run.wall / rows * (1e6 if unit == "flight" else 1.0)
    u = "us/flight" if unit == "flight" else "s/run"
    return (f"| {label} | {run.slots} | {len(run.computed)} | {run.wall:.1f} | {run.task_seconds:.1f} | "
            f"{100 * run.overhead:.1f} % | {per:.1f} {u} | {run.peak_worker_rss / 2**20:.0f} |")


HEAD = ("| mode | slots | chunks | wall s | task s | overhead | per item | worker peak MiB |\n"
        "|---|---|---|---|---|---|---|---|")


def flights_part(n: int, chunk: int, work: Path) -> None:
    spec = yaml.safe_load((EXAMPLES / "campaign-dispersion.yaml").read_text())
    spec.update(flights=n, chunk_size=chunk)
    c = load_campaign(spec)
    print(f"\n## {n:,} flights in chunks of {chunk:,} ({-(-n // chunk)} tasks)\nload before: {load()}\n")
    runs = {}
    for label, sched, w in (("serial, in-process (numba threads: all cores)", "serial", None),
                            ("LocalCluster, 1 worker x 1 thread", None, 1),
                            ("LocalCluster, 2 workers x 1 thread", None, 2)):
        out = work / f"flights-{sched}-{w}"
        runs[label] = (run_campaign(c, out, scheduler=sched, workers=w, restart=True, summary=False), out)
    print(HEAD)
    for label, (r, _) in runs.items():
        print(line(label, r, n, "flight"))
    (one, _), (two, _) = runs["LocalCluster, 1 worker x 1 thread"], runs["LocalCluster, 2 workers x 1 thread"]
    hashes = {digest(o, "flights") for _, o in runs.values()}
    print(f"\n2 workers vs 1: {one.wall / two.wall:.2f}x; 2 workers vs serial in-process: "
          f"{runs['serial, in-process (numba threads: all cores)'][0].wall / two.wall:.2f}x; "
          f"datasets identical: {len(hashes) == 1}\nload after: {load()}")


def evaluation_part(seeds: int, seeds_one: int, work: Path, out: Path | None) -> None:
    spec = yaml.safe_load((EXAMPLES / "campaign-demo-1000.yaml").read_text())
    print(f"\n## demo evaluation\nload before: {load()}\n")
    small = load_campaign({**spec, "seeds": seeds_one})
    r1 = run_campaign(small, work / "eval-1", workers=1, restart=True, summary=False)
    r2 = run_campaign(small, work / "eval-2", workers=2, restart=True, summary=False)
    print(HEAD)
    print(line(f"{seeds_one} seeds, 1 worker", r1, seeds_one, "run"))
    print(line(f"{seeds_one} seeds, 2 workers", r2, seeds_one, "run"))
    same = all(digest(work / "eval-1", t) == digest(work / "eval-2", t)
               for t in ("runs", "tracks", "assessments"))
    print(f"\n2 workers vs 1 on {seeds_one} seeds: {r1.wall / r2.wall:.2f}x; same results: {same}")
    big = load_campaign({**spec, "seeds": seeds})
    target = out or work / "eval-big"
    rb = run_campaign(big, target, workers=2, summary=True)
    print(HEAD)
    print(line(f"{seeds} seeds, 2 workers", rb, max(len(rb.computed) * big.seeds_per_chunk, 1), "run"))
    print(f"\nload after: {load()}\n")
    print(rb.summary_files["markdown"].read_text())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--flights", type=int, default=1_000_000)
    ap.add_argument("--chunk", type=int, default=10_000)
    ap.add_argument("--eval-seeds", type=int, default=1000)
    ap.add_argument("--eval-seeds-one", type=int, default=200,
                    help="seeds of the 1-worker vs 2-worker comparison")
    ap.add_argument("--eval-out", type=Path, default=None,
                    help="keep the big evaluation's results here (resumable)")
    ap.add_argument("--skip-flights", action="store_true")
    ap.add_argument("--skip-eval", action="store_true")
    a = ap.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    try:
        if not a.skip_flights:
            flights_part(a.flights, a.chunk, work)
        if not a.skip_eval:
            evaluation_part(a.eval_seeds, a.eval_seeds_one, work, a.eval_out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
