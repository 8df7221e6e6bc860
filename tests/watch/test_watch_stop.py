"""A stop (Ctrl-C, SIGTERM) waits a bounded time for the assessments in flight: with
``stop_timeout`` 0 the engine stops at once, the tracks still unassessed are counted as
abandoned, and the open round kept in the register is the one shown before the stop."""

from __future__ import annotations

import json

from _watchdata import EPOCH

from launchwatch.register import Register
from launchwatch.sensors.config import load_sensors
from launchwatch.watch.engine import WatchConfig, WatchEngine
from launchwatch.watch.service import ReplaySource


def test_stop_waits_at_most_stop_timeout(demo_file, tmp_path):
    from datetime import datetime

    sensors = load_sensors(demo_file.with_name(demo_file.stem + ".sensors.yaml"))
    reg = tmp_path / "reg.sqlite"
    with Register(reg, history=True):
        pass
    eng = WatchEngine(sensors, epoch=datetime.fromisoformat(EPOCH.replace("Z", "+00:00")),
                      register=reg, config=WatchConfig(stop_timeout=0.0, workers=1))
    try:
        # feed the replay until tracks are in flight (confirmed, not yet ended)
        for t, line in ReplaySource(demo_file, sensors).lines():
            eng.feed(line)
            eng.step(t)
            if len(eng.live) >= 2:
                break
        assert len(eng.live) >= 2, "the demo's first missiles were never confirmed"
        in_flight = len(eng.live)
        eng.stop()
    finally:
        eng.close()
    # an assessment of a whole track takes seconds in the worker: none is in at once, so
    # every track in flight abandoned shows the stop did not wait for them
    assert eng.counts["assess_abandoned"] == in_flight, eng.counts
    assert "not assessed within 0 s" in eng.last_error
    with Register(reg) as r:
        st = json.loads(r.meta().get("watch.open", "") or "{}")
    assert st, "the open round was not kept"
    assert st["facts"] == []  # nothing assessed before the stop, nothing invented at it
