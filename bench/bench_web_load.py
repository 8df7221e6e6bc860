"""Load on the dashboard: reads at N in flight against the full public record while
reports are committed, measured from outside the server.

Starts ``launchwatch serve`` (a real uvicorn server, ``--workers W``) on a register made
fresh with the public record, then runs three things at once:

* ``--concurrency`` connections reading a mix of pages and JSON (event list with filters,
  every event page, its JSON and map data, timeline, statistics, CSV), each URL drawn at
  random from the whole record.  ``--client wrk`` (the default): the compiled load tool
  ``wrk`` (Debian's package, installed by ``scripts/install-load-tool.sh`` when missing)
  for ``--duration`` seconds, driven by a Lua script that draws the URLs; ``--client
  python``: ``--requests`` reads from httpx coroutines in this process (the old client,
  which costs most of a core itself);
* a writer committing a report (``POST /api/ingest`` with ``commit`` and the token) every
  ``--write-every`` seconds, each a new round, so that the register keeps changing;
* a probe asking ``/api/health`` every 100 ms, and (``--client wrk``) a second one: a
  second ``wrk`` on one connection of its own, every 100 ms.

Writer and the first probe run on this process's event loop (with ``--client wrk``
nothing else runs there); that probe's figure includes this Python process's own
scheduling on a saturated machine, the wrk probe's is the server's answer.  The load
starts when every worker says it is ready (``/api/health`` ``ready``, its read cache
filled at start, seen from each ``worker``; a revision without that field: the first
answer that says ready).  Prints requests per second, the latency distribution of reads
(median, mean, p99, max), errors (python client: any status other than 200 or a failed
connection; wrk: statuses >= 400, connect/read/write errors and timeouts), the health
probes' median and p99, the writes' statuses, the server's CPU time (all its processes)
per read, and the load client's own CPU as a share of a core (wrk's, from its rusage,
and this process's: writer, probe and, with ``--client python``, the readers).
``--before REF`` first measures the sources of a git revision the same way (side by side
in one run); ``--at REF`` measures REF's sources instead of the installed package.
``--diag`` puts timing hooks into the server's processes (:data:`DIAG_SITE`, a
``sitecustomize``: garbage collections, loop callbacks and loop iterations over a few
milliseconds, and which of them came within 2 s after a commit); they cost time
themselves, so a ``--diag`` run finds where the tail is, its latencies are not the
figures.  ``--json`` prints the same as JSON.

    python bench/bench_web_load.py --workers 2 --concurrency 50 --duration 20
    python bench/bench_web_load.py --client python --requests 4000 --before 5afe121
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
#: When each commit was sent (wall clock), for ``--diag``.
WRITES_AT: list[float] = []


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


WRK_SCRIPT = r"""
-- bench_web_load's wrk script: every request a URL drawn at random from a file
-- (args: the file, a seed); done() prints the figures as one JSON line.
local urls = {}
local n = 0
setup = function(thread)
  n = n + 1
  thread:set("tid", n)
end
init = function(args)
  for line in io.lines(args[1]) do urls[#urls + 1] = line end
  math.randomseed(tonumber(args[2]) * 1000 + (tid or 0))
end
request = function()
  return wrk.format("GET", urls[math.random(#urls)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nLWJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "median_us": %d, "mean_us": %.1f, ' ..
    '"p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency.mean, latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""


WRK_HEALTH_SCRIPT = r"""
-- bench_web_load's health probe: GET /api/health on one connection every 100 ms;
-- done() prints the figures as one JSON line (as the reads' script).
request = function()
  return wrk.format("GET", "/api/health")
end
delay = function()
  return 100
end
""" + WRK_SCRIPT[WRK_SCRIPT.index("done = function"):]


DIAG_SITE = r'''"""bench_web_load --diag: timing hooks in every process of the served app (written as
sitecustomize.py into a folder put first on PYTHONPATH).  Records, in wall-clock time
(time.time, comparable across processes), every garbage collection longer than 2 ms,
every event-loop callback longer than 10 ms (what it was), and the duration of every
loop iteration longer than 10 ms with the number of callbacks it ran.  Appends JSON lines
to $LW_DIAG_DIR/<pid>.jsonl once a second."""
import gc
import json
import os
import threading
import time

_DIR = os.environ.get("LW_DIAG_DIR")
if _DIR:
    import asyncio.base_events
    import asyncio.events

    _rec: list = []
    _lock = threading.Lock()
    _pc = time.perf_counter
    _gc_t0 = [0.0]

    def _gc(phase, info):
        if phase == "start":
            _gc_t0[0] = _pc()
        else:
            d = _pc() - _gc_t0[0]
            if d > 0.002:
                _rec.append(("gc", time.time(), d, info["generation"], info.get("collected", 0)))

    gc.callbacks.append(_gc)

    _run = asyncio.events.Handle._run

    def _timed_run(self):
        t = _pc()
        _run(self)
        d = _pc() - t
        if d > 0.010:
            cb = getattr(self, "_callback", None)
            what = getattr(cb, "__qualname__", None) or repr(cb)
            task = getattr(cb, "__self__", None)
            if task is not None and hasattr(task, "get_coro"):
                try:
                    coro = task.get_coro()
                    what += " " + getattr(coro, "__qualname__", repr(coro))
                    fr = coro.cr_frame
                    while fr is not None:
                        aw = getattr(coro, "cr_await", None)
                        if aw is None or not hasattr(aw, "cr_frame"):
                            break
                        coro = aw
                        fr = coro.cr_frame
                    what += " > " + getattr(coro, "__qualname__", "?")
                except Exception:
                    pass
            _rec.append(("cb", time.time(), d, what[:200]))

    asyncio.events.Handle._run = _timed_run

    _once = asyncio.base_events.BaseEventLoop._run_once

    def _timed_once(self):
        sel = self._selector
        if not hasattr(sel, "_lw_wait"):
            select = sel.select

            def timed_select(timeout=None):
                t = _pc()
                try:
                    return select(timeout)
                finally:
                    sel._lw_wait = _pc() - t

            sel.select = timed_select
        sel._lw_wait = 0.0
        t = _pc()
        _once(self)
        d = _pc() - t - sel._lw_wait  # the work of the iteration, without its wait
        if d > 0.010:
            _rec.append(("it", time.time(), d, len(self._ready)))

    asyncio.base_events.BaseEventLoop._run_once = _timed_once

    def _flush():
        path = os.path.join(_DIR, f"{os.getpid()}.jsonl")
        while True:
            time.sleep(1.0)
            if not _rec:
                continue
            out = _rec[:]
            del _rec[: len(out)]
            with open(path, "a") as f:
                for r in out:
                    f.write(json.dumps(r) + "\n")

    threading.Thread(target=_flush, daemon=True, name="lw-diag").start()
'''


def diagnose(folder: Path, t0: float, t1: float, writes_at: list[float]) -> dict:
    """What the ``--diag`` hooks recorded in the server's processes between ``t0`` and
    ``t1`` (wall clock): garbage collections, slow callbacks, slow loop iterations, and
    how many of the slow ones began within 2 s after a commit was sent."""
    recs: dict[str, list] = {"gc": [], "cb": [], "it": []}
    for f in folder.glob("*.jsonl"):
        for line in f.read_text().splitlines():
            r = json.loads(line)
            if t0 <= r[1] <= t1:
                recs[r[0]].append([f.stem, *r[1:]])

    def after_write(t: float) -> bool:
        return any(0 <= t - w <= 2.0 for w in writes_at)

    out: dict = {}
    for kind in ("gc", "cb", "it"):
        rows = recs[kind]
        ds = sorted(r[2] * 1e3 for r in rows)
        out[kind] = {"n": len(rows), "total_ms": round(sum(ds), 1),
                     "max_ms": round(ds[-1], 1) if ds else 0.0,
                     "over_50_ms": sum(1 for d in ds if d > 50),
                     "over_50_ms_after_write": sum(1 for r in rows
                                                   if r[2] > 0.05 and after_write(r[1]))}
    gen2 = [r for r in recs["gc"] if r[3] == 2]
    out["gc"]["gen2"] = {"n": len(gen2), "max_ms": round(max((r[2] for r in gen2), default=0) * 1e3, 1)}
    slow = sorted(recs["cb"], key=lambda r: -r[2])[:8]
    out["slowest_callbacks"] = [f"{r[2] * 1e3:.0f} ms pid {r[0]} +{r[1] - t0:.1f} s: {r[3]}"
                                for r in slow]
    out["writes_at_s"] = [round(w - t0, 1) for w in writes_at if t0 <= w <= t1]
    return out


def wrk_path() -> str:
    """The ``wrk`` binary, installed by the project's script when missing."""
    import shutil

    found = shutil.which("wrk")
    if found is None:
        script = Path(__file__).resolve().parents[1] / "scripts" / "install-load-tool.sh"
        subprocess.run(["bash", str(script)], check=True)
        found = shutil.which("wrk")
    if found is None:
        raise SystemExit("bench_web_load: wrk is not installed and scripts/install-load-tool.sh "
                         "did not install it")
    return found


async def side_load(base: str, write_every: float, done: asyncio.Event, health: list[float],
                    writes: list[int], errors: list[str]) -> None:
    """The health probe (every 100 ms) and the writer (a commit every ``write_every`` s)
    until ``done`` is set."""

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
                WRITES_AT.append(time.time())
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

    tasks = [probe()] + ([writer()] if write_every > 0 else [])
    await asyncio.gather(*tasks)


def summary(lat_ms: dict, rate: float, wall: float, n: int, conc: int, errors: list[str],
            health: list[float], writes: list[int]) -> dict:
    hms = [x * 1e3 for x in health]
    return {"requests": n, "concurrency": conc, "wall_s": round(wall, 2),
            "requests_per_s": round(rate, 1), "read_ms": lat_ms,
            "errors": len(errors), "error_examples": errors[:5],
            "health_ms": {"n": len(hms), "median": round(statistics.median(hms), 2) if hms else None,
                          "p99": round(percentile(hms, 99), 2) if hms else None,
                          "max": round(max(hms), 2) if hms else None},
            "writes": {str(k): writes.count(k) for k in sorted(set(writes))}}


async def run_python(base: str, urls: list[str], n: int, conc: int, write_every: float,
                     seed: int) -> dict:
    """``n`` reads from ``conc`` httpx coroutines on this process's event loop."""
    rng = random.Random(seed)
    lat: list[float] = []
    errors: list[str] = []
    health: list[float] = []
    writes: list[int] = []
    done = asyncio.Event()
    limits = httpx.Limits(max_connections=conc + 4, max_keepalive_connections=conc + 4)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60.0) as client:
        it = iter([rng.choice(urls) for _ in range(n)])

        async def reader() -> None:
            for url in it:
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    if r.status_code != 200:
                        errors.append(f"{r.status_code} {url}: {r.text[:120]}")
                except httpx.HTTPError as exc:
                    errors.append(f"{type(exc).__name__} {url}")
                    continue
                lat.append(time.perf_counter() - t)

        side = asyncio.create_task(side_load(base, write_every, done, health, writes, errors))
        t0 = time.perf_counter()
        await asyncio.gather(*(reader() for _ in range(conc)))
        wall = time.perf_counter() - t0
        done.set()
        await side
    ms = [x * 1e3 for x in lat]
    lat_ms = {"median": round(statistics.median(ms), 1), "mean": round(statistics.fmean(ms), 1),
              "p99": round(percentile(ms, 99), 1), "max": round(max(ms), 1)}
    out = summary(lat_ms, len(lat) / wall, wall, n, conc, errors, health, writes)
    out["wrk_cpu_s"] = 0.0
    return out


async def run_wrk(base: str, urls: list[str], duration: float, conc: int, threads: int,
                  write_every: float, seed: int) -> dict:
    """Reads from ``wrk`` (``conc`` connections on ``threads`` threads, ``duration`` s),
    the probe and the writer on this process's loop."""
    import resource

    folder = Path(tempfile.mkdtemp(prefix="lw-wrk-"))
    (folder / "urls.txt").write_text("\n".join(urls) + "\n")
    (folder / "draw.lua").write_text(WRK_SCRIPT)
    errors: list[str] = []
    health: list[float] = []
    writes: list[int] = []
    done = asyncio.Event()
    side = asyncio.create_task(side_load(base, write_every, done, health, writes, errors))
    wrk = wrk_path()
    ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        wrk, "-t", str(threads), "-c", str(conc), "-d", f"{duration:g}s",
        "--timeout", "60s", "-s", str(folder / "draw.lua"), base + "/", "--",
        str(folder / "urls.txt"), str(seed),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    # the second health probe: wrk on one connection of its own, every 100 ms (C client:
    # what it times is the server's answer, not a Python client's scheduling)
    (folder / "health.lua").write_text(WRK_HEALTH_SCRIPT)
    hproc = await asyncio.create_subprocess_exec(
        wrk, "-t", "1", "-c", "1", "-d", f"{duration:g}s", "--timeout", "10s",
        "-s", str(folder / "health.lua"), base + "/",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    (out, err), (hout, _herr) = await asyncio.gather(proc.communicate(), hproc.communicate())
    wall = time.perf_counter() - t0
    ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk alone: the server is not reaped yet
    done.set()
    await side
    text = out.decode(errors="replace")
    line = next((ln for ln in text.splitlines() if ln.startswith("LWJSON ")), None)
    if proc.returncode != 0 or line is None:
        raise SystemExit(f"wrk failed ({proc.returncode}): {text[-500:]} {err.decode()[-500:]}")
    w = json.loads(line[len("LWJSON "):])
    failed = w["connect"] + w["read"] + w["write"] + w["status"] + w["timeout"]
    errors += [f"wrk {k}: {w[k]}" for k in ("connect", "read", "write", "status", "timeout")
               if w[k]]
    errors += ["(counted)"] * max(0, failed - sum(1 for e in errors if e.startswith("wrk ")))
    lat_ms = {"median": round(w["median_us"] / 1e3, 1), "mean": round(w["mean_us"] / 1e3, 1),
              "p90": round(w["p90_us"] / 1e3, 1), "p99": round(w["p99_us"] / 1e3, 1),
              "max": round(w["max_us"] / 1e3, 1)}
    res = summary(lat_ms, w["requests"] / (w["duration_us"] / 1e6), wall, w["requests"], conc,
                  errors, health, writes)
    hline = next((ln for ln in hout.decode(errors="replace").splitlines()
                  if ln.startswith("LWJSON ")), None)
    if hline is not None:
        h = json.loads(hline[len("LWJSON "):])
        hfailed = h["connect"] + h["read"] + h["write"] + h["status"] + h["timeout"]
        res["health_wrk_ms"] = {"n": h["requests"], "median": round(h["median_us"] / 1e3, 2),
                                "mean": round(h["mean_us"] / 1e3, 2),
                                "p99": round(h["p99_us"] / 1e3, 2),
                                "max": round(h["max_us"] / 1e3, 2), "errors": hfailed}
        if hfailed:
            errors.append(f"health (wrk) errors: {hfailed}")
    else:
        errors.append(f"health (wrk) failed ({hproc.returncode})")
    res["errors"] = failed + sum(1 for e in errors if e.startswith("health"))
    res["wrk_cpu_s"] = round((ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime), 2)
    res["wrk_threads"] = threads
    return res


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
    diag = None
    if args.diag:
        diag = Path(tempfile.mkdtemp(prefix="lw-diag-"))
        (diag / "site").mkdir()
        (diag / "site" / "sitecustomize.py").write_text(DIAG_SITE)
        env["PYTHONPATH"] = os.pathsep.join(x for x in (str(diag / "site"), env.get("PYTHONPATH"))
                                            if x)
        env["LW_DIAG_DIR"] = str(diag)
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "launchwatch", "serve", "--register", str(work),
                             "--port", str(port), "--workers", str(args.workers),
                             "--log-level", "warning"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        up = None
        ready_workers: set[int] = set()
        for _ in range(int(args.warm_timeout / 0.2)):
            try:
                r = httpx.get(base + "/api/health", timeout=5)
                if r.status_code == 200:
                    up = up or time.perf_counter() - t0
                    h = r.json()
                    if h.get("ready", True):
                        if "worker" not in h:  # a revision before the field: one is enough
                            break
                        ready_workers.add(h["worker"])
                        if len(ready_workers) >= args.workers:
                            break
                        # the idle (ready) worker takes most new connections: ask on many
                        with httpx.Client(base_url=base, timeout=5) as many:
                            for _ in range(20):
                                h = many.get("/api/health", headers={"connection": "close"}).json()
                                if h.get("ready"):
                                    ready_workers.add(h["worker"])
                        if len(ready_workers) >= args.workers:
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
        me0, wall0, when0 = os.times(), time.perf_counter(), time.time()
        WRITES_AT.clear()
        if args.client == "wrk":
            out = asyncio.run(run_wrk(base, urls, args.duration, args.concurrency, args.threads,
                                      args.write_every, args.seed))
        else:
            out = asyncio.run(run_python(base, urls, args.requests, args.concurrency,
                                         args.write_every, args.seed))
        cpu = server_cpu(proc.pid) - cpu0
        me1, wall, when1 = os.times(), time.perf_counter() - wall0, time.time()
        if diag is not None:
            time.sleep(1.5)  # the hooks write once a second
            out["diag"] = diagnose(diag, when0, when1, WRITES_AT)
        # this process (writer, probe; the readers too with the python client) and wrk
        mine = (me1.user - me0.user) + (me1.system - me0.system)
        client = mine + out["wrk_cpu_s"]
        out.update(client=args.client, python_cpu_s=round(mine, 1),
                   workers=args.workers, events=len(keys), distinct_urls=len(urls),
                   up_s=round(up or float("nan"), 1), ready_s=round(ready, 1),
                   server_cpu_s=round(cpu, 1),
                   server_cpu_ms_per_request=round(1e3 * cpu / max(1, out["requests"]), 2),
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
    how = (f"wrk, {out.get('wrk_threads')} threads, {out['wall_s']} s" if out["client"] == "wrk"
           else "python client")
    print(f"[{label}] {out['requests']} reads at {out['concurrency']} in flight ({how}), "
          f"{out['workers']} worker(s), {out['events']} events ({out['distinct_urls']} URLs), "
          f"writes every {write_every:g} s; up after {out['up_s']} s, ready after {out['ready_s']} s")
    p90 = f", p90 {r['p90']}" if "p90" in r else ""
    print(f"  {out['requests_per_s']} requests/s; read ms: median {r['median']}, mean {r['mean']}"
          f"{p90}, p99 {r['p99']}, max {r['max']}")
    h = out["health_ms"]
    print(f"  /api/health, Python probe ({h['n']} probes): median {h['median']} ms, "
          f"p99 {h['p99']} ms, max {h['max']} ms")
    hw = out.get("health_wrk_ms")
    if hw:
        print(f"  /api/health, wrk probe ({hw['n']} probes): median {hw['median']} ms, mean "
              f"{hw['mean']} ms, p99 {hw['p99']} ms, max {hw['max']} ms")
    print(f"  errors: {out['errors']} {out['error_examples']}")
    print(f"  server CPU {out['server_cpu_s']} s ({out['server_cpu_ms_per_request']} ms per read); "
          f"writes (status: count): {out['writes']}; load average {out['load_avg']}")
    if "diag" in out:
        d = out["diag"]
        for kind, what in (("gc", "garbage collections > 2 ms"), ("cb", "loop callbacks > 10 ms"),
                           ("it", "loop iterations > 10 ms of work")):
            k = d[kind]
            print(f"  diag: {k['n']} {what}: {k['total_ms']} ms in all, max {k['max_ms']} ms, "
                  f"{k['over_50_ms']} over 50 ms ({k['over_50_ms_after_write']} within 2 s after a "
                  f"commit)")
        print(f"  diag: full collections {d['gc']['gen2']['n']}, max {d['gc']['gen2']['max_ms']} ms; "
              f"commits sent at {d['writes_at_s']} s")
        for line in d["slowest_callbacks"]:
            print(f"    {line}")
    print(f"  load client CPU {out['client_cpu_s']} s over {out['load_wall_s']} s of load "
          f"(wrk {out['wrk_cpu_s']} s, this process {out['python_cpu_s']} s): "
          f"{out['client_core_share']} of a core (server {out['server_core_share']} of a core)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--client", choices=["wrk", "python"], default="wrk",
                    help="load client for the reads (wrk: installed by scripts/install-load-tool.sh)")
    ap.add_argument("--duration", type=float, default=20.0, help="seconds of load (wrk)")
    ap.add_argument("--threads", type=int, default=1, help="wrk threads")
    ap.add_argument("--requests", type=int, default=4000, help="reads (python client)")
    ap.add_argument("--write-every", type=float, default=2.0, help="seconds between commits (0: none)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--before", metavar="REF", default=None,
                    help="also measure the sources of git REF first (side by side, one run)")
    ap.add_argument("--at", metavar="REF", default=None,
                    help="measure the sources of git REF instead of the installed package "
                         "(the working tree can then change during the run)")
    ap.add_argument("--warm-timeout", type=float, default=900.0,
                    help="longest wait [s] for the server to say it is ready")
    ap.add_argument("--diag", action="store_true",
                    help="timing hooks in the server's processes (a sitecustomize: garbage "
                         "collections, slow loop callbacks and iterations); they cost time, so "
                         "a --diag run's latencies are not the figures")
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
    if args.at:
        results[f"at {args.at}"] = measure(args, path, keys, years, checkout(args.at))
    else:
        results["now"] = measure(args, path, keys, years, None)
    if args.json:
        print(json.dumps(results, indent=1))
        return
    for label, out in results.items():
        show(label, out, args.write_every)


if __name__ == "__main__":
    main()
