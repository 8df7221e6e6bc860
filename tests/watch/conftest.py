"""Shared data of the watch tests: the demo's detections recorded to a file (the demo's
scenario, seed 0), and a helper running ``launchwatch`` in a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

EPOCH = "2025-05-07T23:10Z"


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


def launchwatch(*args: str, timeout: float = 900.0, **kw) -> subprocess.CompletedProcess:
    """``launchwatch ARGS`` in a new process (this interpreter), output captured."""
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    return subprocess.run([sys.executable, "-m", "launchwatch", *args], capture_output=True,
                          text=True, timeout=timeout, env=env, **kw)
