"""The command line: register import/list/show/stats/export and ingest, with --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from launchwatch.cli import cli

CSV = """date,time_utc,state,site,class,apogee_km,distance_km,bearing_deg,landing,source
2022-09-28,11:10,North Korea,Wonsan,SRBM,50,600,70,East Sea,Joint Chiefs of Staff
2022-09-28,11:17,North Korea,Wonsan,SRBM,50,600,70,East Sea,Joint Chiefs of Staff
2022-10-04,22:22,North Korea,Mupyong-ni,IRBM,970,4600,80,Pacific Ocean,Japan Ministry of Defense
"""

REPORT = ("SEOUL, Oct. 6, 2022 (Yonhap) -- North Korea fired two short-range ballistic missiles "
          "toward the East Sea on Thursday from the Pyongyang area at 6:01 a.m. and 6:23 a.m., the "
          "Joint Chiefs of Staff said. The first flew about 350 km at an altitude of 80 km.\n")


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LAUNCHWATCH_REGISTER_URL", raising=False)
    monkeypatch.setenv("LAUNCHWATCH_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "events.csv").write_text(CSV)
    (tmp_path / "report.txt").write_text(REPORT)
    return tmp_path


def _run(*args: str) -> str:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def test_import_list_show_stats_export(env: Path) -> None:
    out = json.loads(_run("register", "import", str(env / "events.csv"), "--reconstruct", "--json"))
    assert out["added"] == 2 and out["events_in_register"] == 2
    again = json.loads(_run("register", "import", str(env / "events.csv"), "--json"))
    assert again["added"] == 0 and again["unchanged"] == 2
    rows = json.loads(_run("register", "list", "--json", "--class", "IRBM"))
    assert [r["key"] for r in rows] == ["KP-2022-10-04"] and rows[0]["round"] == 2
    shown = json.loads(_run("register", "show", "KP-2022-09-28", "--json"))
    assert shown["round"] == 1 and len(shown["launches"]) == 2
    assert shown["launches"][0]["reconstruction"]["regime"] == "quasi-ballistic"
    st = json.loads(_run("register", "stats", "--json"))
    assert st["missiles_per_class"] == {"IRBM": 1, "SRBM": 2}
    _run("register", "export", str(env / "out.geojson"))
    doc = json.loads((env / "out.geojson").read_text())
    # Mupyong-ni is in the gazetteer (a facility of the public record): its flight is drawn too
    assert sum(f["properties"]["kind"] == "trajectory" for f in doc["features"]) == 3
    text = _run("register", "export", "-", "--format", "csv", "--place", "Pacific")
    assert text.count("\n") == 2 and "Mupyong-ni" in text


def test_ingest_json_and_commit(env: Path) -> None:
    out = json.loads(_run("ingest", str(env / "report.txt"), "--json", "--commit"))
    f = out["fields"]
    assert [t["value"] for t in f["times"]] == ["2022-10-05T21:01:00+00:00", "2022-10-05T21:23:00+00:00"]
    assert f["site"]["value"]["key"] == "pyongyang" and f["apogee"]["value"] == 80e3
    assert out["stored"]["added"] == 1
    assert out["event"]["key"] == "KP-2022-10-05"
    shown = json.loads(_run("register", "show", "KP-2022-10-05", "--json"))
    assert shown["launches"][0]["confirmation"] == "unconfirmed"


def test_errors_are_one_line(env: Path) -> None:
    bad = env / "bad.csv"
    bad.write_text("date,apogee_km\n2022-01-01,-5\n")
    proc = subprocess.run([sys.executable, "-m", "launchwatch", "register", "import", str(bad)],
                          capture_output=True, text=True, env={"LAUNCHWATCH_DATA_DIR": str(env / "d"),
                                                               "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: bad.csv='1 bad row(s)': line 2: apogee_km='-5': must be positive; nothing was imported"]
