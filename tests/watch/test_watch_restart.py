"""Stopping and restarting mid-round, with real processes: SIGTERM closes cleanly (exit 0,
the open round and its assessed launches kept in the register), a restart resumes it, a
SIGKILL loses nothing already assessed, and the round finally stored is the batch's: one
round, three launches (a missile seen again by a new track after a restart counted once),
the same round number and bulletin."""

from __future__ import annotations

import json
import math
import signal
import time
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.csv as pcsv
from _watchdata import EPOCH, Drained, launchwatch

from launchwatch.register import Register

TIMEOUT_S = 900.0  # upper bound on a loaded machine, not a speed assertion
#: the demo's first recording (missiles at 0 and 120 s) ends at 412 s; the third missile's
#: starts at 4190 s
FIRST_RECORDING_END_S = 420.0
#: the third missile (launched at 4200 s) is confirmed at ~4243 s and flies until ~4570 s
THIRD_IN_FLIGHT_S = 4300.0
KEY = "KP-2025-05-08"


def _open_state(reg: Path, strict: bool = True) -> dict:
    """The open round the service keeps in the register ({} when none)."""
    if not reg.exists():
        return {}
    try:
        with Register(reg) as r:
            text = r.meta().get("watch.open", "")
    except Exception:  # while the service runs it may be writing: try again
        if strict:
            raise
        return {}
    return json.loads(text) if text else {}


def _measured(reg: Register, key: str = KEY) -> int:
    """Launches of the round ``key`` that carry a measurement (the register starts with the
    public record, whose launches of that day are reported ones)."""
    if key not in reg.keys():
        return 0
    return sum(any(c.kind == "measured" for c in la.claims) for la in reg.get(key).launches)


def _start(src: Path, reg: Path, *extra: str) -> Drained:
    # its output is read as it comes (Drained): a pipe left unread fills and blocks the service
    return Drained(["watch", "--replay", str(src), "--epoch", EPOCH, "--speed", "50",
                    "--register", str(reg), "--no-web", "--json", *extra])


def _wait(svc: Drained, reg: Path, done) -> dict:
    end = time.monotonic() + TIMEOUT_S
    while time.monotonic() < end:
        st = _open_state(reg, strict=False)
        if st and done(st):
            return st
        assert svc.proc.poll() is None, svc.err()
        time.sleep(0.5)
    raise AssertionError("the service never reached the expected state")


def _rest(src: Path, after: float, out: Path, until: float = math.inf) -> Path:
    """The detections of ``src`` later than ``after`` and up to ``until`` [s]: the feed as
    it goes on."""
    table = pcsv.read_csv(src)
    t = table.column("time_s")
    pcsv.write_csv(table.filter(pc.and_(pc.greater(t, after), pc.less_equal(t, until))), out)
    out.with_name(out.stem + ".sensors.yaml").write_text(
        src.with_name(src.stem + ".sensors.yaml").read_text())
    return out


def test_sigterm_sigkill_restart_mid_round(demo_file, demo_batch, tmp_path, request):
    reg = tmp_path / "reg.sqlite"
    # 1. the feed up to the end of the first two missiles' recording; run until the first
    #    missile is assessed, then SIGTERM: a clean stop.  The service also listens on TCP, so
    #    the end of its file is not the end of its input: its clock stands at the last line
    #    and the round stays open until the SIGTERM, whatever the machine's load (with the
    #    whole file, the quiet hour after them can close the round before the signal comes;
    #    the failure seen on a loaded machine found no open round kept after a clean stop)
    part1 = _rest(demo_file, -math.inf, tmp_path / "part1.csv", until=FIRST_RECORDING_END_S)
    p1 = _start(part1, reg, "--tcp", "0")
    request.addfinalizer(p1.kill)
    _wait(p1, reg, lambda st: len(st["facts"]) >= 1)
    p1.proc.send_signal(signal.SIGTERM)
    out, err = p1.finish(timeout=TIMEOUT_S)
    assert p1.proc.returncode == 0, err
    st1 = _open_state(reg)
    assert st1 and len(st1["facts"]) >= 1          # the open round is kept, with its launches
    assert json.loads(out)["ended"] is False
    with Register(reg) as r:
        assert _measured(r) == 0                   # nothing final stored: the round is open
    # 2. the feed goes on: restart, resume; the hour of quiet before the third missile closes
    #    the round (stored with its two launches), the third reopens it; SIGKILL mid-flight.
    #    Its feed ends early in the third missile's flight, with TCP open as in 1: the kill
    #    comes while the missile flies, however late it comes on a loaded machine (killed
    #    late in the flight, the restarted service saw too little of it to place its launch:
    #    a round of its own, state unknown, seen once)
    rest1 = _rest(demo_file, st1["clock_s"], tmp_path / "rest1.csv", until=THIRD_IN_FLIGHT_S)
    p2 = _start(rest1, reg, "--tcp", "0")
    request.addfinalizer(p2.kill)
    st2 = _wait(p2, reg, lambda st: st["opened_s"] > 4000.0)  # the third missile's round
    p2.proc.kill()
    p2.finish(timeout=60)
    assert st2["clock_s"] <= THIRD_IN_FLIGHT_S and st2["facts"] == [], st2  # not yet assessed
    with Register(reg) as r:
        assert _measured(r) == 2
    # 3. restart again and let the replay end: the round closes
    src3 = _rest(demo_file, _open_state(reg)["clock_s"], tmp_path / "rest2.csv")
    w = launchwatch("watch", "--replay", str(src3), "--epoch", EPOCH, "--speed", "50",
                    "--register", str(reg), "--no-web", "--once", "--json")
    assert w.returncode == 0, w.stderr
    live = json.loads(w.stdout)
    batch = demo_batch.result()  # the batch's run (shared with the replay test)
    with Register(reg) as r, Register(demo_batch.register) as rb:
        assert r.keys() == rb.keys() and KEY in r.keys()
        assert _measured(r) == _measured(rb) == 3
        ev, evb = r.get(KEY), rb.get(KEY)
        assert len(ev.launches) == len(evb.launches) == 3
        for la, lb in zip(ev.launches, evb.launches, strict=True):
            # the same missiles: launch times within the stated uncertainty of the measured
            # time claims (the reported ones of the public record carry none), at least 2 s
            dt = abs((la.utc - lb.utc).total_seconds())
            sigs = [c.uncertainty for c in la.claims
                    if c.field == "time" and c.kind == "measured" and c.uncertainty is not None]
            assert sigs, la.claims                 # the live round holds its own measurement
            tol = max([2.0, *sigs])
            assert dt <= tol, (la.utc, lb.utc, sigs)
            assert la.missile_class == lb.missile_class == "SRBM"
        assert r.round_number(KEY) == rb.round_number(KEY)
        assert r.meta().get("watch.open", "") == ""
    assert "three short-range ballistic missiles" in live["bulletins"][0]["text"]
    assert "three short-range ballistic missiles" in batch["bulletins"][0]["text"]
