"""Load on the dashboard: reads at N in flight against the full public record while
reports are committed, measured from outside the server.

Starts ``launchwatch serve`` (a real uvicorn server, ``--workers W``) on a register made
fresh with the public record, then runs three things at once for ``--requests`` reads:

* ``--concurrency`` clients reading a mix of pages and JSON (event list with filters,
  every event page, its JSON and map data, timeline, statistics, CSV), each URL drawn at
  random from the whole record;
* a writer committing a report (``POST /api/ingest`` with ``commit`` and the token) every
  ``--write-every`` seconds, each a new round, so that the register keeps changing;
* a probe asking ``/api/health`` every 100 ms.

The load starts when the server says it is ready (``/api/health`` ``ready``: its read
cache filled at start; the time that took is printed).  Prints requests per second, the
latency distribution of reads (median, mean, p99, max), errors (any status other than
200, or a failed connection), the health probe's median and p99, the writes' statuses
and the server's CPU time (all its processes) per read, and the load client's own CPU
(this process: readers, writer and probe on one event loop) as a share of a core.
``--before REF`` first measures the sources of a git revision the same way (side by
side in one run).  ``--json`` prints the same as JSON.

    python bench/bench_web_load.py --workers 2 --concurrency 50 --requests 4000 --before 5afe121
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

TOKEN = "bench-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def report(i: int) -> tuple[str, str]:
    """A report of a new round (its own day) in the style of a wire report."""
    day = 1 + i % 28
    month = 1 + (i // 28) % 12
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    text = (f"SEOUL, {months[month - 1]} {day}, 2031 (Yonhap) -- North Korea fired a short-range "
            f"ballistic missile into the East Sea from the Wonsan area at 7:{10 + i % 40:02d} a.m. "
            f"on {months[month - 1]} {day}, the Joint Chiefs of Staff said. The missile flew about "
            f"{300 + i % 400} kilometers at an apogee of about {40 + i % 50} km, the JCS said.")
    return text, f"2031-{month:02d}-{day:02d}"


def percentile(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, round(q / 100 * (len(xs) - 1))))
    return xs[k]


async def run(base: str, urls: list[str], n: int, conc: int, write_every: float,
              seed: int) -> dict:
    rng = random.Random(seed)
    lat: list[float] = []
    errors: list[str] = []
    health: list[float] = []
    writes: list[int] = []
    done = asyncio.Event()
    limits = httpx.Limits(max_connections=conc + 4, max_keepalive_connections=conc + 4)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60.0) as client:
        todo = [rng.choice(urls) for _ in range(n)]
        it = iter(todo)

        async def reader() -> None:
            for url in it:
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200
                    if not ok:
                        errors.append(f"{r.status_code} {url}: {r.text[:120]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {url}")
                    continue
                lat.append(time.perf_counter() - t)

        async def probe() -> None:
            async with httpx.AsyncClient(base_url=base, timeout=30.0) as hc:
                while not done.is_set():
                    t = time.perf_counter()
                    try:
                        r = await hc.get("/api/health")
                        if r.status_code == 200:
                            health.append(time.perf_counter() - t)
                        else:
                            errors.append(f"health {r.status_code}")
                    except httpx.HTTPError as exc:
                        errors.append(f"health {type(exc).__name__}")
                    await asyncio.sleep(0.1)

        async def writer() -> None:
            i = 0
            async with httpx.AsyncClient(base_url=base, timeout=120.0) as wc:
                while not done.is_set():
                    text, day = report(i)
                    i += 1
                    try:
                        r = await wc.post("/api/ingest", json={"text": text, "report_date": day,
                                                               "commit": True},
                                          headers={"Authorization": f"Bearer {TOKEN}"})
                        writes.append(r.status_code)
                    except httpx.HTTPError:
                        writes.append(-1)
                    try:
                        await asyncio.wait_for(done.wait(), write_every)
                    except TimeoutError:
                        pass

        side = [asyncio.create_task(probe())]
        if write_every > 0:
            side.append(asyncio.create_task(writer()))
        t0 = time.perf_counter()
        await asyncio.gather(*(reader() for _ in range(conc)))
        wall = time.perf_counter() - t0
        done.set()
        await asyncio.gather(*side)
    ms = [x * 1e3 for x in lat]
    hms = [x * 1e3 for x in health]
    return {"requests": n, "concurrency": conc, "wall_s": round(wall, 2),
            "requests_per_s": round(len(lat) / wall, 1),
            "read_ms": {"median": round(statistics.median(ms), 1), "mean": round(statistics.fmean(ms), 1),
                        "p99": round(percentile(ms, 99), 1), "max": round(max(ms), 1)},
            "errors": len(errors), "error_examples": errors[:5],
            "health_ms": {"n": len(hms), "median": round(statistics.median(hms), 2) if hms else None,
                          "p99": round(percentile(hms, 99), 2) if hms else None},
            "writes": {str(k): writes.count(k) for k in sorted(set(writes))}}


def server_cpu(pid: int) -> float:
    """CPU time [s] (user + system) of a process and its children so far."""
    import psutil

    try:
        procs = [psutil.Process(pid)]
        procs += procs[0].children(recursive=True)
    except psutil.Error:
        return float("nan")
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def checkout(ref: str) -> Path:
    """The package sources of git ``ref`` in a temporary folder (its ``src``)."""
    import io
    import tarfile

    root = Path(__file__).resolve().parents[1]
    data = subprocess.run(["git", "-C", str(root), "archive", ref, "src"], check=True,
                          capture_output=True).stdout
    dst = Path(tempfile.mkdtemp(prefix="lw-before-"))
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(dst, filter="data")
    return dst / "src"


def measure(args: argparse.Namespace, register: Path, keys: list[str], years: list[int],
            src: Path | None) -> dict:
    """Serve ``register`` (the sources of ``src``, or the installed package), wait until
    it is ready (its cache filled), and run the load."""
    import shutil

    work = Path(tempfile.mkdtemp(prefix="lw-load-")) / "register.sqlite"
    shutil.copyfile(register, work)
    port = free_port()
    env = {**os.environ, "LAUNCHWATCH_TOKEN": TOKEN}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "launchwatch", "serve", "--register", str(work),
                             "--port", str(port), "--workers", str(args.workers),
                             "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        up = None
        for _ in range(int(args.warm_timeout / 0.2)):
            try:
                r = httpx.get(base + "/api/health", timeout=5)
                if r.status_code == 200:
                    up = up or time.perf_counter() - t0
                    if r.json().get("ready", True):
                        break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None:
                raise SystemExit(f"server exited: {proc.stderr.read()}")
            time.sleep(0.2)
        ready = time.perf_counter() - t0
        urls = ["/", "/events", "/timeline", "/api/events", "/api/stats", "/api/timeline",
                "/api/events.csv", "/api/events?class=SRBM", "/api/events?limit=50",
                "/events?class=ICBM", *(f"/api/events?year={y}" for y in years),
                *(f"/events?year={y}" for y in years)]
        for k in keys:
            urls += [f"/events/{k}", f"/api/events/{k}", f"/api/events/{k}/map"]
        cpu0 = server_cpu(proc.pid)
        me0, wall0 = os.times(), time.perf_counter()
        out = asyncio.run(run(base, urls, args.requests, args.concurrency, args.write_every,
                              args.seed))
        cpu = server_cpu(proc.pid) - cpu0
        me1, wall = os.times(), time.perf_counter() - wall0
        client = (me1.user - me0.user) + (me1.system - me0.system)  # this process: the load client
        out.update(workers=args.workers, events=len(keys), distinct_urls=len(urls),
                   up_s=round(up or float("nan"), 1), ready_s=round(ready, 1),
                   server_cpu_s=round(cpu, 1),
                   server_cpu_ms_per_request=round(1e3 * cpu / max(1, args.requests), 2),
                   client_cpu_s=round(client, 1), load_wall_s=round(wall, 1),
                   client_core_share=round(client / max(wall, 1e-9), 2),
                   server_core_share=round(cpu / max(wall, 1e-9), 2),
                   machine=f"{os.cpu_count()} cores", load_avg=os.getloadavg())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return out


def show(label: str, out: dict, write_every: float) -> None:
    r = out["read_ms"]
    print(f"[{label}] {out['requests']} reads at {out['concurrency']} in flight, "
          f"{out['workers']} worker(s), {out['events']} events ({out['distinct_urls']} URLs), "
          f"writes every {write_every:g} s; up after {out['up_s']} s, ready after {out['ready_s']} s")
    print(f"  {out['requests_per_s']} requests/s; read ms: median {r['median']}, mean {r['mean']}, "
          f"p99 {r['p99']}, max {r['max']}")
    h = out["health_ms"]
    print(f"  /api/health ({h['n']} probes): median {h['median']} ms, p99 {h['p99']} ms")
    print(f"  errors: {out['errors']} {out['error_examples']}")
    print(f"  server CPU {out['server_cpu_s']} s ({out['server_cpu_ms_per_request']} ms per read); "
          f"writes (status: count): {out['writes']}; load average {out['load_avg']}")
    print(f"  load client CPU {out['client_cpu_s']} s over {out['load_wall_s']} s of load: "
          f"{out['client_core_share']} of a core (server {out['server_core_share']} of a core)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--requests", type=int, default=4000)
    ap.add_argument("--write-every", type=float, default=2.0, help="seconds between commits (0: none)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--before", metavar="REF", default=None,
                    help="also measure the sources of git REF first (side by side, one run)")
    ap.add_argument("--warm-timeout", type=float, default=900.0,
                    help="longest wait [s] for the server to say it is ready")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from launchwatch.register.store import Register

    path = Path(tempfile.mkdtemp(prefix="lw-load-")) / "register.sqlite"
    with Register(path, history=True) as reg:
        keys = reg.keys()
        years = sorted({int(k[3:7]) for k in keys if re.match(r"^[A-Z]{2}-\d{4}", k)})
    results = {}
    if args.before:
        results[f"before ({args.before})"] = measure(args, path, keys, years, checkout(args.before))
    results["now"] = measure(args, path, keys, years, None)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for label, out in results.items():
        show(label, out, args.write_every)


if __name__ == "__main__":
    main()
