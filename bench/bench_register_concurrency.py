"""Concurrent writers on one register, with real processes (issue 11).

Three campaigns, each run many times on a new database:

- ``create``: ``--writers`` processes open the same *new* register at once (released
  together by a pipe) and each stores its own rounds; a run passes when every process
  exits cleanly and every round of every writer is stored;
- ``same-keys``: the processes store the *same* rounds with different figures from
  different sources at once; a run passes when none fails (no ``IntegrityError``, no
  lost write) and every round holds one launch per launch with every writer's claims;
- ``kill``: one process creates a new register and stores rounds; it is killed with
  SIGKILL after a random delay within the time a creation takes; a run passes when the
  file then opens as a register (schema whole, ``PRAGMA quick_check`` ok) holding either
  nothing or all of the rounds.

Processes are forked from this script after its imports (cheap, and real processes:
each opens its own connections and SQLite locks).  Prints one JSON line per campaign::

    python bench/bench_register_concurrency.py --runs 100 --writers 4
    python bench/bench_register_concurrency.py --campaign same-keys --runs 100 --url URL ...

``--url`` (repeated) gives the databases to use, one per run, each new and empty (the
tests pass PostgreSQL databases made by their server fixture); without it every run
makes a new SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from launchwatch.register import Event, Launch, Place, Register, Source

N_ROUNDS = 6  # rounds per writer


def _events(writer: int, *, same: bool) -> list[Event]:
    """Rounds of one writer: its own days (``create``) or days all writers share."""
    out = []
    for i in range(N_ROUNDS):
        day = datetime(2030, 1, 1, 1, 0, tzinfo=UTC) + timedelta(days=i if same else 100 * writer + i)
        out.append(Event(state="Testland", launches=[
            Launch(utc=day + timedelta(minutes=j), time_known=True,
                   site=Place(name="Testsite", lat=math.radians(39.0), lon=math.radians(127.5),
                              uncertainty=5e3),
                   distance=(300 + 10 * writer + j) * 1e3, apogee=(60 + writer) * 1e3,
                   sources=[Source(name=f"Agency {writer}")])
            for j in range(2)]))
    return out


def _child(url: str, writer: int, same: bool, gate: int, report: int) -> None:
    """Body of a forked writer: wait for the gate, open, store, report, exit."""
    code = 0
    try:
        os.read(gate, 1)
        with Register(url) as reg:
            reg.add(_events(writer, same=same))
        msg = "ok"
    except BaseException as exc:  # reported to the parent, which counts it as a failure
        msg = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
        if os.environ.get("BENCH_DEBUG"):
            traceback.print_exc()
        code = 1
    os.write(report, (json.dumps({"writer": writer, "result": msg}) + "\n").encode())
    os._exit(code)


def _run_writers(url: str, writers: int, same: bool) -> list[str]:
    gate_r, gate_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pids = []
    for w in range(writers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(gate_w)
            os.close(rep_r)
            _child(url, w, same, gate_r, rep_w)
        pids.append(pid)
    os.close(gate_r)
    os.close(rep_w)
    os.write(gate_w, b"g" * writers)  # release them together
    os.close(gate_w)
    for pid in pids:
        os.waitpid(pid, 0)
    with os.fdopen(rep_r) as fh:
        return [json.loads(line)["result"] for line in fh if line.strip()]


def check_create(url: str, writers: int) -> str | None:
    """One ``create`` run; ``None`` when it passed, else what went wrong."""
    results = _run_writers(url, writers, same=False)
    bad = [r for r in results if r != "ok"]
    if bad or len(results) != writers:
        return f"{len(bad)} writer(s) failed: {bad[:2]}"
    with Register(url) as reg:
        want = {ev.key for w in range(writers) for ev in _events(w, same=False)}
        got = set(reg.keys())
    if got != want:
        return f"{len(want - got)} round(s) lost, {len(got - want)} unexpected"
    return None


def check_same_keys(url: str, writers: int) -> str | None:
    """One ``same-keys`` run; ``None`` when it passed."""
    results = _run_writers(url, writers, same=True)
    bad = [r for r in results if r != "ok"]
    if bad or len(results) != writers:
        return f"{len(bad)} writer(s) failed: {bad[:2]}"
    with Register(url) as reg:
        evs = reg.events()
    if len(evs) != N_ROUNDS:
        return f"{len(evs)} rounds stored, {N_ROUNDS} expected"
    for ev in evs:
        if len(ev.launches) != 2:
            return f"{ev.key}: {len(ev.launches)} launches, 2 expected (not merged by time and site)"
        for la in ev.launches:
            sources = {c.source for c in la.claims if c.field == "distance"}
            if sources != {f"Agency {w}" for w in range(writers)}:
                return f"{ev.key}: distance claims of {sorted(sources)} only"
    return None


def check_kill(url: str, delay_s: float) -> str | None:
    """One ``kill`` run: SIGKILL a creating writer after ``delay_s``; ``None`` when the
    file then opens whole, empty or complete."""
    gate_r, gate_w = os.pipe()
    rep_r, rep_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(gate_w)
        os.close(rep_r)
        _child(url, 0, False, gate_r, rep_w)
    os.close(gate_r)
    os.close(rep_w)
    os.write(gate_w, b"g")
    time.sleep(delay_s)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(gate_w)
    os.close(rep_r)
    try:
        with Register(url) as reg:
            n = len(reg)
            if reg.engine.dialect.name == "sqlite":
                with reg.engine.connect() as c:
                    check = c.exec_driver_sql("PRAGMA quick_check").scalar()
                if check != "ok":
                    return f"quick_check: {check}"
            reg.add(_events(1, same=False)[:1])  # still writable
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    if n not in (0, N_ROUNDS):
        return f"{n} rounds: a partial write"
    return None


def _creation_time(folder: Path) -> float:
    """Seconds a writer takes to create a register and store its rounds (median of 3)."""
    times = []
    for i in range(3):
        t0 = time.perf_counter()
        with Register(folder / f"timing-{i}.sqlite") as reg:
            reg.add(_events(0, same=False))
        times.append(time.perf_counter() - t0)
    return sorted(times)[1]


def _urls(given: list[str] | None, folder: Path, runs: int, name: str) -> Iterator[str]:
    if given:
        if len(given) < runs:
            raise SystemExit(f"--url: {len(given)} given for {runs} runs (one new database each)")
        yield from given[:runs]
        return
    for i in range(runs):
        yield f"sqlite:///{folder / f'{name}-{i}.sqlite'}"


def campaign(name: str, runs: int, writers: int, urls: list[str] | None = None,
             seed: int = 0) -> dict:
    """Run one campaign; returns its figures (runs, passed, failures, seconds)."""
    rng = random.Random(seed)
    t0 = time.perf_counter()
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix=f"lw-conc-{name}-") as tmp:
        folder = Path(tmp)
        span = _creation_time(folder) if name == "kill" else 0.0
        for url in _urls(urls, folder, runs, name):
            if name == "create":
                err = check_create(url, writers)
            elif name == "same-keys":
                err = check_same_keys(url, writers)
            else:
                err = check_kill(url, rng.uniform(0.0, 1.2 * span))
            if err is not None:
                failures.append(err)
    out = {"campaign": name, "runs": runs, "passed": runs - len(failures),
           "writers": 1 if name == "kill" else writers, "failures": failures[:5],
           "seconds": round(time.perf_counter() - t0, 1)}
    if name == "kill":
        out["kill_window_s"] = round(1.2 * span, 3)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--campaign", choices=["create", "same-keys", "kill", "all"], default="all")
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--writers", type=int, default=4)
    p.add_argument("--url", action="append", help="a new, empty database per run")
    p.add_argument("--seed", type=int, default=0)
    a = p.parse_args(argv)
    names = ["create", "same-keys", "kill"] if a.campaign == "all" else [a.campaign]
    ok = True
    for name in names:
        res = campaign(name, a.runs, a.writers, a.url, a.seed)
        print(json.dumps(res), flush=True)
        ok &= res["passed"] == res["runs"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
