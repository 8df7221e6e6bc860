"""The watch service live: latency from a detection's arrival to its effect on the page, and
memory over a long replay.

``latency``: for each target count, a salvo (``demo_salvo``: generic 300-800 km missiles
launched within 60 s) seen by 4 radars at 1 Hz with clutter is sent in real time (x1), one
JSON line per scan, over TCP to a real ``launchwatch watch --tcp 0 --port 0`` process; a
client reads the live page's event stream (``/live/events``, the events the page draws).
The latency of a scan is the wall time from sending its line to receiving the first
``tracks`` event whose ``through_s`` (latest scan time drawn) reaches that scan's time; it
includes the reorder window (``--window``, default 0.5 s).  The first ``--warm`` seconds
(kernel compilation, track initiation) are left out.  Median and p99 per target count.

``memory``: an hour (``--minutes``) of waves of ``--wave`` missiles every 5 minutes, replayed
at ``--speed`` (x10) through ``launchwatch watch --replay`` with its live page served and
its event stream read by a client as the page reads it; the service's resident memory
(VmRSS) and its workers' are sampled every 5 s of wall time.

    .venv/bin/python bench/bench_watch.py latency --targets 20 200 1000 --duration 120
    .venv/bin/python bench/bench_watch.py memory --minutes 60 --speed 10
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

EPOCH = datetime(2025, 5, 7, 23, 0, tzinfo=UTC)


def _start(args: list[str]) -> tuple[subprocess.Popen, dict[str, int]]:
    proc = subprocess.Popen([sys.executable, "-m", "launchwatch", "watch", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    ports = {k: int(v) for k, v in re.findall(r"(\w+) port (\d+)", line)}
    if not ports and proc.poll() is not None:
        raise RuntimeError(proc.stderr.read())
    # drain both pipes for the service's whole life: a pipe nobody reads fills (the web
    # server logs every request) and blocks the service, which then draws nothing
    for pipe in (proc.stdout, proc.stderr):
        threading.Thread(target=pipe.read, daemon=True).start()
    return proc, ports


def _follow(port: int, stop: threading.Event, on_event) -> None:
    """Read the live page's event stream (``/live/events``) as the page's EventSource does
    until ``stop``: when the server ends the stream (it did after ~30 s, the request budget,
    before 11a4914; a stop or a network fault still can), reconnect and resume after the last
    id seen (read once, only the first ~30 s were measured);
    ``on_event(kind, data)`` for every event."""
    last = 0
    while not stop.is_set():
        try:
            with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/live/events?last={last}", timeout=600) as r:
                kind = None
                for raw in r:
                    if stop.is_set():
                        return
                    line = raw.decode()
                    if line.startswith("id: "):
                        last = int(line[4:])
                    elif line.startswith("event: "):
                        kind = line[7:].strip()
                    elif line.startswith("data: ") and kind is not None:
                        on_event(kind, line[6:])
        except OSError:
            if stop.wait(0.2):
                return


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return math.nan


def _salvo(n: int, duration: float, clutter: float, seed: int = 7):
    from launchwatch.sensors import generate_detections
    from launchwatch.sensors.demo import demo_radars, demo_salvo

    truth = demo_salvo(n, seed=seed, spread_s=60.0, sample_dt=0.1 if n <= 1000 else 1.0)
    sensors = demo_radars(4, clutter_per_scan=clutter)
    det = generate_detections(truth, sensors, 0.0, 40.0 + duration, seed=seed)
    return det, sensors


def _feed(targets: int, duration: float, clutter: float, cache: Path | None
          ) -> tuple[list[tuple[float, str]], str]:
    """The salvo's scans as message lines ``(time, line)`` and its sensor list (YAML),
    from ``cache`` when it holds them (``prepare`` fills it: the quiet run then only sends)."""
    from launchwatch.sensors.config import dump_sensors
    from launchwatch.watch.messages import SensorIndex, scan_to_json

    name = f"salvo-{targets}-{duration:g}-{clutter:g}"
    if cache is not None and (cache / f"{name}.jsonl").is_file():
        rows = [json.loads(r) for r in (cache / f"{name}.jsonl").read_text().splitlines()]
        return [(float(t), line) for t, line in rows], (cache / f"{name}.yaml").read_text()
    det, sensors = _salvo(targets, duration, clutter)
    idx = SensorIndex(sensors)
    scans = [(float(t), scan_to_json(idx, s, t, det.z[sl])) for t, s, sl in det.scans()]
    yaml = dump_sensors(sensors)
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in scans))
        (cache / f"{name}.yaml").write_text(yaml)
    return scans, yaml


def latency(targets: int, duration: float, warm: float, window: float, clutter: float,
            cache: Path | None = None) -> dict:
    scans, yaml = _feed(targets, duration, clutter, cache)
    tmp = Path(tempfile.mkdtemp())
    (tmp / "sensors.yaml").write_text(yaml)
    proc, ports = _start(["--tcp", "0", "--port", "0", "--sensors", str(tmp / "sensors.yaml"),
                          "--epoch", EPOCH.isoformat(), "--register", str(tmp / "reg.sqlite"),
                          "--window", str(window)])
    got: list[tuple[float, float]] = []  # (wall received, through_s)
    shown: list[int] = []  # tracks on the page, per tracks event
    stop = threading.Event()

    def on_event(kind: str, data: str) -> None:
        if kind == "tracks":
            d = json.loads(data)
            got.append((time.monotonic(), d["through_s"]))
            shown.append(len(d.get("tracks", ())))

    th = threading.Thread(target=_follow, args=(ports["web"], stop, on_event), daemon=True)
    th.start()
    sent = np.empty(len(scans))
    rss = []
    with socket.create_connection(("127.0.0.1", ports["tcp"])) as s:
        w0 = time.monotonic() + 1.0
        t0 = scans[0][0]
        for i, (t, line) in enumerate(scans):
            due = w0 + (t - t0)
            while (ahead := due - time.monotonic()) > 0:
                time.sleep(ahead)
            s.sendall((line + "\n").encode())
            sent[i] = time.monotonic()
            if i % 200 == 0:
                rss.append(_rss_mb(proc.pid))
        wall_end = time.monotonic()
        time.sleep(10.0)  # let the service catch up (what it never drew counts as missing)
    stop.set()
    # killed, not stopped: a stop assesses every track in flight first (minutes at 1000
    # targets), which is not what is measured here; its workers end with it
    proc.kill()
    proc.wait(timeout=300)
    times = np.array([t for t, _ in scans])
    print(f"  {len(got)} tracks events received", file=sys.stderr, flush=True)
    g = np.array(got) if got else np.empty((0, 2))
    lat = np.full(len(scans), np.nan)
    if len(g):
        # the first event drawing each scan: through_s is non-decreasing along the stream
        thr = np.maximum.accumulate(g[:, 1])
        j = np.searchsorted(thr, times, side="left")
        ok = j < len(g)
        lat[ok] = g[j[ok], 0] - sent[ok]
    keep = times >= t0 + warm
    lk = lat[keep]
    drawn = np.isfinite(lk)
    tail = lat[keep][-50:]
    behind = float(np.nanmax(tail)) if np.isfinite(tail).any() else math.nan
    # "scans" (sensor scans, 4 radars x 1 Hz) and "tracks_events" (about one a second) do not
    # depend on the target count; the detections in the scans and the tracks shown do
    n_det = sum(len(json.loads(line)["measurements"]) for _, line in scans)
    return {"targets": targets, "scans": int(keep.sum()), "detections": n_det,
            "tracks_events": len(got), "tracks_shown_max": max(shown, default=0),
            "drawn": int(drawn.sum()),
            "median_s": float(np.median(lk[drawn])) if drawn.any() else math.nan,
            "p99_s": float(np.quantile(lk[drawn], 0.99)) if drawn.any() else math.nan,
            "last_50_max_s": behind, "rss_mb_max": float(np.nanmax(rss)) if rss else math.nan,
            "sending_s": wall_end - w0}


def _children_rss_mb(pid: int) -> float:
    """Resident memory (MB) of ``pid``'s child processes (the assessment workers)."""
    total = 0.0
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    for k in kids:
        try:
            total += _rss_mb(int(k))
        except OSError:
            pass
    return total


def memory(minutes: float, speed: float, wave: int, clutter: float,
           wall_minutes: float | None = None) -> dict:
    """Resident memory (MB) of a replay of ``minutes`` of data at ``speed``, sampled every 5 s
    of wall time; a line per minute is printed as it goes (a run cut short still says
    something).  ``wall_minutes`` caps the run: the service is then killed and the samples so
    far are reported."""
    from launchwatch.sensors import generate_detections
    from launchwatch.sensors.config import dump_sensors
    from launchwatch.sensors.demo import demo_radars, demo_salvo
    from launchwatch.sensors.detections import Detections
    from launchwatch.sensors.io import write_detections

    sensors = demo_radars(4, clutter_per_scan=clutter)
    parts = []
    n_waves = max(1, int(minutes * 60 // 300))
    for w in range(n_waves):
        truth = demo_salvo(wave, seed=100 + w, spread_s=60.0)
        det = generate_detections(truth, sensors, 0.0, 300.0, seed=100 + w)
        off = 300.0 * w
        parts.append(Detections(det.time + off, det.sensor, det.z, det.truth, det.sensors,
                                None if det.scan_time is None else det.scan_time + off,
                                det.scan_sensor))
    det = Detections.concatenate(parts, tuple(sensors))
    tmp = Path(tempfile.mkdtemp())
    path = write_detections(det, tmp / "long.csv")
    (tmp / "long.sensors.yaml").write_text(dump_sensors(sensors))
    print(f"  {n_waves} waves, {det.time.max() / 60:.0f} min of data in {tmp}", file=sys.stderr,
          flush=True)
    # the service's output goes to files: a pipe nobody reads fills and blocks the service
    # (the earlier driver's run that "ended without output").  The live page is served and
    # its event stream read all along, as the page reads it (the bus, the web server and the
    # stream are part of the service's memory)
    seen = {"events": 0, "tracks": 0, "picture": 0, "bulletin": 0, "clock_s": math.nan,
            "tracks_shown_max": 0}
    stop = threading.Event()

    def on_event(kind: str, data: str) -> None:
        seen["events"] += 1
        if kind in seen:
            seen[kind] += 1
        if kind == "picture":
            d = json.loads(data)
            seen["clock_s"] = d.get("clock_s")
            seen["tracks_shown_max"] = max(seen["tracks_shown_max"], len(d.get("tracks", ())))

    with open(tmp / "service.out", "w") as fo, open(tmp / "service.err", "w") as fe:
        proc = subprocess.Popen([sys.executable, "-m", "launchwatch", "watch", "--replay",
                                 str(path), "--epoch", EPOCH.isoformat(), "--speed", str(speed),
                                 "--register", str(tmp / "reg.sqlite"), "--port", "0", "--once",
                                 "--json"], stdout=fo, stderr=fe, text=True)
        port = None
        while port is None and proc.poll() is None:
            m = re.search(r"web port (\d+)", (tmp / "service.err").read_text())
            port = int(m.group(1)) if m else None
            time.sleep(0.2)
        if port is None:
            raise RuntimeError((tmp / "service.err").read_text())
        reader = threading.Thread(target=_follow, args=(port, stop, on_event), daemon=True)
        reader.start()
        samples = []
        w0 = time.monotonic()
        cut = False
        while proc.poll() is None:
            el = time.monotonic() - w0
            if wall_minutes is not None and el > 60.0 * wall_minutes:
                cut = True
                proc.kill()
                proc.wait()
                break
            try:
                samples.append((el, _rss_mb(proc.pid), _children_rss_mb(proc.pid)))
            except OSError:
                break
            if len(samples) % 12 == 1:
                a, b, c = samples[-1]
                print(f"  {a / 60:5.1f} min: service RSS {b:.0f} MB, workers {c:.0f} MB, "
                      f"{seen['events']} events read, page clock {seen['clock_s']} s",
                      file=sys.stderr, flush=True)
            time.sleep(5.0)
        stop.set()
    text = (tmp / "service.out").read_text()
    try:
        out = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        out = {}
    s = np.array(samples) if samples else np.empty((0, 3))
    t_min = s[:, 0] / 60.0
    per_min = [(int(m), round(float(s[(t_min >= m) & (t_min < m + 1), 1].max())))
               for m in range(int(t_min.max()) + 1 if len(s) else 0)
               if ((t_min >= m) & (t_min < m + 1)).any()]
    warm = t_min >= min(5.0, t_min.max() / 3 if len(s) else 0.0)
    at10 = s[t_min >= 10.0, 1] if len(s) else np.empty(0)
    slope = (float(np.polyfit(t_min[warm], s[warm, 1], 1)[0]) if warm.sum() > 2 else math.nan)
    slope_w = (float(np.polyfit(t_min[warm], s[warm, 2], 1)[0]) if warm.sum() > 2 else math.nan)
    return {"data_minutes": float(det.time.max() / 60.0), "waves": n_waves, "speed": speed,
            "cut_at_wall_limit": cut, "exit_code": proc.returncode,
            "wall_s": round(float(s[-1, 0]) if len(s) else 0.0),
            "scans": int(out.get("counts", {}).get("scans", 0)),
            "rss_mb_first": round(float(s[0, 1])) if len(s) else None,
            "rss_mb_at_10_min": round(float(at10[0])) if len(at10) else None,
            "rss_mb_last": round(float(s[-1, 1])) if len(s) else None,
            "rss_mb_max": round(float(s[:, 1].max())) if len(s) else None,
            "rss_mb_per_minute_max": per_min,
            "slope_mb_per_min_after_warmup": round(slope, 2),
            "workers_rss_mb_max": round(float(s[:, 2].max())) if len(s) else None,
            "workers_slope_mb_per_min_after_warmup": round(slope_w, 2),
            "warmup_min": round(float(t_min[warm].min()), 1) if warm.any() else None,
            "tracks_assessed": len(out.get("tracks", [])),
            "stream": {k: (round(v, 1) if isinstance(v, float) else v) for k, v in seen.items()},
            "service_err": str(tmp / "service.err")}


def profile(targets: int, duration: float, clutter: float, top: int, workers: int) -> dict:
    """The engine's per-second loop in this process (no sockets, no page): the salvo's scans
    fed in order as a real-time feed would release them, a picture every second of data;
    cProfile of the whole, and the wall time per second of data of each part."""
    import cProfile
    import io
    import pstats

    from launchwatch.watch.engine import WatchConfig, WatchEngine
    from launchwatch.watch.messages import Scan

    det, sensors = _salvo(targets, duration, clutter)
    scans = [(t, s, det.z[sl]) for t, s, sl in det.scans()]
    eng = WatchEngine(sensors, epoch=EPOCH, config=WatchConfig(max_rate=1e9, workers=workers))
    time.sleep(5.0 if workers else 0.0)  # the workers start (imports) as they would at launch
    per_tick: list[float] = []
    scan_cost: list[float] = []
    prof = cProfile.Profile()
    w_all = time.perf_counter()
    prof.enable()
    for t, s, z in scans:
        eng.feed_scan(Scan(s, float(t), np.asarray(z, float)))
        w = time.perf_counter()
        ticks = eng._next_tick
        eng.step(float(t))  # released once the window has passed, as live
        dt = time.perf_counter() - w
        (per_tick if eng._next_tick != ticks else scan_cost).append(dt)
    prof.disable()
    wall = time.perf_counter() - w_all
    time.sleep(2.0)
    eng.step(scans[-1][0] + 2.0)  # the workers' last results
    pic = eng.picture()
    eng.close()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(top)
    print(buf.getvalue(), file=sys.stderr)
    span = scans[-1][0] - scans[0][0]
    return {"targets": targets, "data_s": round(span, 1), "wall_s": round(wall, 2),
            "wall_per_data_s": round(wall / span, 3),
            "step_with_picture_ms_median": round(1e3 * float(np.median(per_tick)), 1),
            "step_with_picture_ms_p99": round(1e3 * float(np.quantile(per_tick, 0.99)), 1),
            "step_scan_only_ms_median": round(1e3 * float(np.median(scan_cost)), 1),
            "step_scan_only_ms_p99": round(1e3 * float(np.quantile(scan_cost, 0.99)), 1),
            "tracks": len(pic["tracks"]),
            "with_impact": sum("impact_lat" in t for t in pic["tracks"]),
            "with_launch": sum("launch_lat" in t for t in pic["tracks"]),
            "alerts": len(eng.alerts), "picture_json_kb": round(len(json.dumps(pic)) / 1e3, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="what", required=True)
    a1 = sub.add_parser("latency")
    a1.add_argument("--targets", type=int, nargs="+", default=[20, 200, 1000])
    a1.add_argument("--duration", type=float, default=120.0)
    a1.add_argument("--warm", type=float, default=30.0)
    a1.add_argument("--window", type=float, default=0.5)
    a1.add_argument("--clutter", type=float, default=10.0)
    a1.add_argument("--cache", type=Path, default=None,
                    help="folder of prepared feeds (bench_watch.py prepare)")
    a0 = sub.add_parser("prepare", help="make the latency feeds into --cache (CPU-heavy)")
    a0.add_argument("--targets", type=int, nargs="+", default=[20, 200, 1000])
    a0.add_argument("--duration", type=float, default=120.0)
    a0.add_argument("--clutter", type=float, default=10.0)
    a0.add_argument("--cache", type=Path, required=True)
    a2 = sub.add_parser("memory")
    a2.add_argument("--minutes", type=float, default=60.0)
    a2.add_argument("--speed", type=float, default=10.0)
    a2.add_argument("--wave", type=int, default=20)
    a2.add_argument("--clutter", type=float, default=10.0)
    a2.add_argument("--wall-minutes", type=float, default=None,
                    help="kill the service after this much wall time and report")
    a3 = sub.add_parser("profile")
    a3.add_argument("--targets", type=int, default=200)
    a3.add_argument("--duration", type=float, default=120.0)
    a3.add_argument("--clutter", type=float, default=10.0)
    a3.add_argument("--top", type=int, default=40)
    a3.add_argument("--workers", type=int, default=1)
    a = ap.parse_args()
    print(f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", flush=True)
    if a.what == "profile":
        print(json.dumps(profile(a.targets, a.duration, a.clutter, a.top, a.workers)), flush=True)
    elif a.what == "prepare":
        for n in a.targets:
            scans, _ = _feed(n, a.duration, a.clutter, a.cache)
            print(json.dumps({"targets": n, "scans": len(scans)}), flush=True)
    elif a.what == "latency":
        for n in a.targets:
            r = latency(n, a.duration, a.warm, a.window, a.clutter, a.cache)
            print(json.dumps(r), flush=True)
    else:
        print(json.dumps(memory(a.minutes, a.speed, a.wave, a.clutter, a.wall_minutes)), flush=True)


if __name__ == "__main__":
    main()
