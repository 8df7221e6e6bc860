"""One tracker across two recordings an hour apart: stale tracks end, the run goes on."""

from __future__ import annotations

import math

import numpy as np

from launchwatch.flight import generic_vehicle, simulate
from launchwatch.sensors import Truth, generate_detections
from launchwatch.sensors.config import InfraredConfig, RadarConfig
from launchwatch.sensors.detections import Detections
from launchwatch.tracking.tracker import TrackerConfig, run_tracker


def test_tracks_survive_a_long_silence_between_recordings() -> None:
    sensors = [RadarConfig(name="r1", lat_deg=37.55, lon_deg=129.05, clutter_per_scan=3.0),
               RadarConfig(name="r2", lat_deg=35.95, lon_deg=129.40, clutter_per_scan=3.0,
                           phase=0.5),
               InfraredConfig(name="ir", lon_deg=128.0)]  # almost above the launch area
    tl = np.array([600.0, 4800.0])
    res = simulate([generic_vehicle(250), generic_vehicle(800)], math.radians(39.17),
                   math.radians(127.48), np.radians([78.0, 82.0]), vehicle_index=[0, 1],
                   launch_time=tl, kick_angle=np.radians([32.0, 32.0]), sample_dt=0.1)
    truth = Truth.from_flight(res)
    rng = np.random.default_rng(0)
    parts = [generate_detections(truth, sensors, t_start=a, t_end=b, seed=rng)
             for a, b in ((590.0, float(truth.t_end[0]) + 5), (4790.0, float(truth.t_end[1]) + 5))]
    det = Detections.concatenate(parts, tuple(sensors))
    hist, _ = run_tracker(det, sensors, TrackerConfig())
    # one confirmed track per missile, the second born after the silence
    firsts = sorted(float(hist.track(int(i)).time[0]) for i in hist.ids)
    assert len(firsts) == 2
    assert firsts[0] < 1000.0 < 4790.0 <= firsts[1]
