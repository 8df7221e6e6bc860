"""Scenario files and the ``simulate``/``invert`` commands, driven as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from launchwatch.errors import InputError
from launchwatch.flight.config import load_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "wonsan-2025-05-08.yaml"


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "launchwatch", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def test_example_scenario_flies() -> None:
    sc = load_scenario(EXAMPLE)
    res, labels = run_scenario(sc, sample_dt=2.0)
    s = res.summary()
    assert labels == ["srbm-250#1", "srbm-250#2", "srbm-800#1"]
    assert res.ok.all()
    assert s.launch_time.tolist() == [600.0, 690.0, 4800.0]  # seconds after the epoch
    assert 230e3 < s.ground_range[0] < 270e3 and 760e3 < s.ground_range[2] < 840e3


def test_toml_and_monte_carlo_draws(tmp_path: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text('''
[vehicles.v]
generic_range_km = 500
[[flights]]
vehicle = "v"
count = 50
seed = 4
lat_deg = 39.0
lon_deg = 127.0
azimuth_deg = [60.0, 120.0]
kick_angle_deg = [25.0, 35.0]
''')
    res, _ = run_scenario(load_scenario(f))
    s = res.summary()
    assert len(s) == 50 and res.ok.all()
    assert s.ground_range.std() > 5e3  # the draws differ
    again, _ = run_scenario(load_scenario(f))
    assert (again.summary().ground_range == s.ground_range).all()  # reproducible


@pytest.mark.parametrize(("text", "field", "words"), [
    ("vehicles: {v: {generic_range_km: 250}}\nflights: [{vehicle: v, lat_deg: 39, lon_deg: 127,"
     " azimuth_deg: 90, colour: red}]", "flights[0].colour", "unknown key"),
    ("vehicles: {v: {generic_range_km: 250}}\nflights: [{vehicle: v, lat_deg: 95, lon_deg: 127,"
     " azimuth_deg: 90}]", "flights[0].lat_deg", "outside"),
    ("vehicles: {v: {payload_mass: 500, reference_area: 0.5, stages: [{propellant_mass: -3,"
     " dry_mass: 1, burn_time: 50, isp: 250}]}}\nflights: [{vehicle: v, lat_deg: 39, lon_deg: 127,"
     " azimuth_deg: 90}]", "vehicles.v.stages[0].propellant_mass", "greater than 0"),
    ("vehicles: {v: {generic_range_km: 250}}\nflights: [{vehicle: w, lat_deg: 39, lon_deg: 127,"
     " azimuth_deg: 90}]", "flights[0].vehicle", "unknown vehicle"),
    ("vehicles: {v: {generic_range_km: 250}}\nflights: [{vehicle: v, lat_deg: 39, lon_deg: 127,"
     " azimuth_deg: .nan}]", "flights[0].azimuth_deg", "finite"),
    ("vehicles: {v: {generic_range_km: 250}}\nflights: []", "flights", "at least 1"),
    ("vehicles: {v: {generic_range_km: 250}\nflights: [", "scenario", "not valid YAML"),
])
def test_bad_scenarios_name_the_field(tmp_path: Path, text: str, field: str, words: str) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    with pytest.raises(InputError) as exc:
        run_scenario(load_scenario(f))
    assert exc.value.field == field
    assert words in str(exc.value)


def test_cli_simulate_json_and_files(tmp_path: Path) -> None:
    out = _cli("simulate", str(EXAMPLE), "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["label"] for r in rows] == ["srbm-250#1", "srbm-250#2", "srbm-800#1"]
    assert rows[0]["launch_utc"].startswith("2025-05-08T23:10:00")
    out = _cli("simulate", str(EXAMPLE), "--out", str(tmp_path), "--format", "parquet")
    assert out.returncode == 0, out.stderr
    import pyarrow.parquet as pq

    t = pq.read_table(tmp_path / "trajectories.parquet")
    assert set(t.column("label").to_pylist()) == {"srbm-250#1", "srbm-250#2", "srbm-800#1"}
    assert min(t.column("alt_m").to_pylist()) >= -1.0
    assert (tmp_path / "summary.csv").read_text().count("\n") == 4


def test_cli_errors_are_one_line_with_exit_code_2(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text("vehicles: {v: {generic_range_km: 250}}\nflights: [{vehicle: v, lat_deg: 39,"
                 " lon_deg: 127, azimuth_deg: 90, colour: red}]")
    out = _cli("simulate", str(f))
    assert out.returncode == 2
    assert out.stderr.strip() == "error: flights[0].colour='red': unknown key"
    missing = _cli("simulate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 2 and "cannot be read" in missing.stderr


def test_cli_invert() -> None:
    out = _cli("invert", "--lat", "39.17", "--lon", "127.48", "--range-km", "800",
               "--apogee-km", "50", "--json")
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["regime"] == "quasi-ballistic" and r["ballistic"] is False
    assert r["lift_to_drag"] > 0.5
