"""``launchwatch track`` driven as a user would: a subprocess per command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

SCENARIO = """\
epoch: 2025-05-08T23:00:00Z
vehicles:
  srbm-300: {generic_range_km: 300}
flights:
  - {vehicle: srbm-300, lat_deg: 39.1, lon_deg: 127.4, azimuth_deg: 90, kick_angle_deg: 20,
     launch_time: 0, count: 2, interval_s: 5}
sensors:
  - {kind: radar, name: south, lat_deg: 37.5, lon_deg: 129.1, clutter_per_scan: 2}
tracker: {confirm_hits: 3}
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "launchwatch", "track", *args],
                          capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """A scenario run that writes tracks and records its detections (CSV)."""
    d = tmp_path_factory.mktemp("track")
    sc = d / "salvo.yaml"
    sc.write_text(SCENARIO)
    p = run(str(sc), "--json", "--out", str(d / "tracks.parquet"),
            "--save-detections", str(d / "dets.csv"))
    assert p.returncode == 0, p.stderr
    return d, json.loads(p.stdout)


def test_scenario_run_tracks_and_scores(recorded):
    d, rep = recorded
    assert rep["score"]["tracked"] == 2 and rep["score"]["truths"] == 2
    assert rep["score"]["swaps"] == 0 and rep["score"]["longest_false_track_s"] <= 10.0
    assert rep["score"]["rmse_position_m"] < 500.0  # metres, whole flight incl. boost
    assert 0.0 < rep["score"]["nees_mean"] < 30.0
    assert {"ospa_mean_m", "gospa_mean_m", "rmse_velocity_m_s"} <= set(rep["score"])
    labels = {int(k): v for k, v in rep["score"]["labels"].items()}
    for t in rep["tracks"]:
        if labels[t["id"]] >= 0:
            assert t["updates"] > 50 and t["first_s"] <= t["confirmed_s"] + 1e-9
            assert 38.0 < t["lat_deg"] < 40.0 and 127.0 < t["lon_deg"] < 132.0
    import pyarrow.parquet as pq

    tab = pq.read_table(d / "tracks.parquet")
    for col in ("track_id", "time_s", "time_utc", "lat_deg", "lon_deg", "alt_m", "vx_m_s",
                "sigma_position_m", "p_ballistic", "detection"):
        assert col in tab.column_names
    ids = set(tab.column("track_id").to_pylist())
    assert ids == {t["id"] for t in rep["tracks"]}


def test_replay_of_recorded_detections_gives_the_same_tracks(recorded):
    d, rep = recorded
    assert (d / "dets.sensors.yaml").is_file()
    p = run(str(d / "dets.csv"), "--json")
    assert p.returncode == 0, p.stderr
    rep2 = json.loads(p.stdout)
    assert rep2["tracks"] == rep["tracks"]
    # from a file there is no truth trajectory: association scores only
    assert rep2["score"]["swaps"] == 0 and "rmse_position_m" not in rep2["score"]
    # and through Parquet
    pq_path = d / "dets.parquet"
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    pq.write_table(pcsv.read_csv(d / "dets.csv"), pq_path)
    p = run(str(pq_path), "--sensors", str(d / "dets.sensors.yaml"), "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["tracks"] == rep["tracks"]


def test_table_output_and_demo():
    p = run("--demo", "--targets", "2")
    assert p.returncode == 0, p.stderr
    assert "confirmed track" in p.stdout and "score: 2/2 flights tracked" in p.stdout
    assert "confirmed s" in p.stdout and "speed m/s" in p.stdout


def _bad(path: Path, text: str, sensors: Path, *extra: str) -> subprocess.CompletedProcess:
    path.write_text(text)
    return run(str(path), "--sensors", str(sensors), *extra)


HEADER = ("time_s,sensor,range_m,azimuth_rad,elevation_rad,range_rate_m_s,los_azimuth_rad,"
          "los_elevation_rad\n")


@pytest.mark.parametrize("body, field", [
    ("1.0,3,500000,1.0,0.1,10,,\n", "detections[row 1].sensor=3"),
    ("1.0,0,500000,1.0,0.1,10,,\n2.0,0,nan,1.0,0.1,10,,\n", "detections[row 2].range_m=nan"),
    ("1.0,0,500000,1.0,,10,,\n", "detections[row 1].elevation_rad"),
    ("1.0,0,500000,1.0,0.1,10,0.3,0.2\n", "detections[row 1].los_azimuth_rad"),
    ("1.0,0,-5,1.0,0.1,10,,\n", "detections[row 1].range_m=-5.0"),
    ("x,0,500000,1.0,0.1,10,,\n", "detections="),
])
def test_bad_detection_files_give_one_line_and_exit_2(tmp_path, body, field):
    sensors = tmp_path / "s.yaml"
    sensors.write_text("sensors:\n  - {kind: radar}\n")
    p = _bad(tmp_path / "d.csv", HEADER + body, sensors)
    assert p.returncode == 2, (p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and field in lines[0], p.stderr
    assert "Traceback" not in p.stderr


def test_bad_arguments_and_scenarios(tmp_path):
    p = run()
    assert p.returncode == 2 and "--demo" in p.stderr
    sc = tmp_path / "s.yaml"
    sc.write_text(SCENARIO.replace("sensors:\n  - {kind: radar, name: south, lat_deg: 37.5, "
                                   "lon_deg: 129.1, clutter_per_scan: 2}\n", ""))
    p = run(str(sc))
    assert p.returncode == 2 and "sensors" in p.stderr and "no sensors" in p.stderr
    sc.write_text(SCENARIO.replace("confirm_hits: 3", "confirm_hitz: 3"))
    p = run(str(sc))
    assert p.returncode == 2 and "tracker.confirm_hitz" in p.stderr and "unknown key" in p.stderr
    sc.write_text(SCENARIO.replace("kind: radar,", "kind: sonar,"))
    p = run(str(sc))
    assert p.returncode == 2 and p.stderr.startswith("error: sensors.0") and len(
        p.stderr.strip().splitlines()) == 1
    p = run(str(tmp_path / "missing.csv"))
    assert p.returncode == 2 and "missing.csv" in p.stderr and "no such file" in p.stderr
    (tmp_path / "d.csv").write_text(HEADER)
    p = run(str(tmp_path / "d.csv"))
    assert p.returncode == 2 and "--sensors" in p.stderr


def test_no_confirmed_track_exits_3(tmp_path):
    sensors = tmp_path / "s.yaml"
    sensors.write_text("sensors:\n  - {kind: radar}\n  - {kind: ir}\n")
    rows = [f"{t:.1f},0,{5e5 + 1e5 * np.sin(t):.1f},{t % 6:.3f},0.2,100,," for t in range(5)]
    rows += ["5.0,1,,,,,0.5,0.1", "6.0,0,,,,,,"]  # an infrared row and an empty radar scan
    p = _bad(tmp_path / "d.csv", HEADER + "\n".join(rows) + "\n", sensors, "--json")
    assert p.returncode == 3, p.stderr
    rep = json.loads(p.stdout)
    assert rep["tracks"] == [] and rep["detections"] == 6 and rep["scans"] == 7
    assert rep["score"] is None  # no truth column
