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

