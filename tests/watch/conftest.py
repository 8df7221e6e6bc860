"""Shared data of the watch tests: the demo's detections recorded to a file (the demo's
scenario, seed 0).  Helpers are in ``_watchdata``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory) -> Path:
    """``demo.csv`` (+ ``demo.sensors.yaml``): the demo's detections, both recordings."""
    from launchwatch.demo import _windows, default_scenario, simulate_truth
    from launchwatch.sensors import Truth, generate_detections
    from launchwatch.sensors.config import dump_sensors
    from launchwatch.sensors.detections import Detections
    from launchwatch.sensors.io import write_detections

    out = tmp_path_factory.mktemp("watchdemo")
    sc = default_scenario()
    res = simulate_truth(sc, 0)
    truth = Truth.from_flight(res)
    rng = np.random.default_rng(0)
    recs = [generate_detections(truth, list(sc.sensors), t_start=a, t_end=b, seed=rng)
            for a, b in _windows(np.asarray(res.t_launch, float), truth.t_end)]
    det = Detections.concatenate(recs, tuple(sc.sensors))
    path = write_detections(det, out / "demo.csv")
    (out / "demo.sensors.yaml").write_text(dump_sensors(sc.sensors))
    return path



class BatchRun:
    """The batch ``launchwatch assess --store`` of the demo's file in a process of its own,
    started when first asked for and running while the asking test does its own part (a
    replay paced by the wall clock); :meth:`result` waits for it.  Its output goes to files
    (no pipe to fill); its register is only read by the tests."""

    def __init__(self, demo: Path, out: Path) -> None:
        import os
        import subprocess
        import sys

        from _watchdata import EPOCH

        self.register = out / "batch.sqlite"
        self._out, self._err = out / "assess.out", out / "assess.err"
        env = {**os.environ, "PYTHONWARNINGS": "error"}
        with open(self._out, "w") as fo, open(self._err, "w") as fe:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "launchwatch", "assess", str(demo), "--epoch", EPOCH,
                 "--store", "--register", str(self.register), "--json"],
                stdout=fo, stderr=fe, text=True, env=env)
        self._json: dict | None = None

    def result(self, timeout: float = 900.0) -> dict:
        """The batch's JSON output (its register: :attr:`register`)."""
        import json

        if self._json is None:
            self.proc.wait(timeout=timeout)
            assert self.proc.returncode == 0, self._err.read_text()
            self._json = json.loads(self._out.read_text())
        return self._json


@pytest.fixture(scope="session")
def demo_batch(demo_file, tmp_path_factory):
    """The batch assessment of ``demo.csv`` (:class:`BatchRun`), shared by the tests that
    compare the live service with it (the replay x20 and the restart): run once, not twice."""
    run = BatchRun(demo_file, tmp_path_factory.mktemp("watchbatch"))
    yield run
    if run.proc.poll() is None:
        run.proc.kill()
        run.proc.wait(timeout=60)
