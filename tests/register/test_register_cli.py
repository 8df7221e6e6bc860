"""The command line: register import (with its diff), list with filters, show, stats,
export, update-history and ingest, with --json; a fresh register knows the public record."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from launchwatch.cli import cli, main
from launchwatch.register import Register

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
    Register(tmp_path / "empty.sqlite").close()  # made by the library: starts empty
    return tmp_path


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register as the command line makes it: with the built-in public record."""
    path = tmp_path_factory.mktemp("cli") / "public.sqlite"
    res = CliRunner().invoke(cli, ["register", "stats", "--register", str(path), "--json"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return path


def _run(*args: str) -> str:
    res = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.output


def test_import_list_show_stats_export(env: Path) -> None:
    reg = str(env / "empty.sqlite")
    dry = _run("register", "import", str(env / "events.csv"), "--dry-run", "--register", reg)
    # 11:10 UTC + 9 h = 20:10 KST on 28 Sep; 22:22 UTC on 4 Oct = 07:22 KST on 5 Oct
    assert "KP-2022-09-28: new round" in dry and "KP-2022-10-05: new round" in dry
    assert "2 would be added" in dry and len(Register(reg)) == 0
    out = json.loads(_run("register", "import", str(env / "events.csv"), "--reconstruct", "--json",
                          "--register", reg))
    assert out["added"] == 2 and out["events_in_register"] == 2 and out["diff"]["added"] == 2
    again = json.loads(_run("register", "import", str(env / "events.csv"), "--json", "--register", reg))
    assert again["added"] == 0 and again["unchanged"] == 2
    rows = json.loads(_run("register", "list", "--json", "--class", "IRBM", "--register", reg))
    assert [r["key"] for r in rows] == ["KP-2022-10-05"] and rows[0]["round"] == 2
    shown = json.loads(_run("register", "show", "KP-2022-09-28", "--json", "--register", reg))
    assert shown["round"] == 1 and len(shown["launches"]) == 2
    assert shown["launches"][0]["reconstruction"]["regime"] == "quasi-ballistic"
    assert shown["bulletin"].startswith("On 28 September 2022, North Korea launched two short-range")
    text = _run("register", "show", "KP-2022-09-28", "--register", reg)
    assert "claim distance: 600 km  [JCS]" in text and "change log:" in text
    st = json.loads(_run("register", "stats", "--json", "--register", reg))
    assert st["missiles_per_class"] == {"IRBM": 1, "SRBM": 2}
    _run("register", "export", str(env / "out.geojson"), "--register", reg)
    doc = json.loads((env / "out.geojson").read_text())
    # Mupyong-ni is in the gazetteer (a facility of the public record): its flight is drawn too
    assert sum(f["properties"]["kind"] == "trajectory" for f in doc["features"]) == 3
    text = _run("register", "export", "-", "--format", "csv", "--place", "Pacific", "--register", reg)
    assert text.count("\n") == 2 and "Mupyong-ni" in text


def test_a_fresh_register_knows_the_public_record(public: Path) -> None:
    rows = json.loads(_run("register", "list", "--year", "2025", "--json", "--register", str(public)))
    assert [r["key"] for r in rows] == ["KP-2025-01-06", "KP-2025-01-14", "KP-2025-03-10",
                                        "KP-2025-05-08", "KP-2025-10-22", "KP-2025-11-07"]
    assert [r["round"] for r in rows] == [1, 2, 3, 4, 5, 6]
    text = _run("register", "list", "--year", "2025", "--class", "unknown", "--register", str(public))
    assert "KP-2025-03-10" in text and "1 round(s)" in text
    fails = json.loads(_run("register", "list", "--outcome", "failure", "--missile", "Unha-3", "--json",
                            "--register", str(public)))
    assert [r["key"] for r in fails] == ["KP-2012-04-13"]
    by_code = json.loads(_run("register", "list", "--state", "KP", "--year", "2025", "--json",
                              "--register", str(public)))
    assert len(by_code) == 6


@pytest.mark.parametrize(("args", "words"), [
    (["--class", "FOO"], "class='FOO': not a known value; allowed: CRBM, SRBM, MRBM"),
    (["--outcome", "exploded"], "outcome='exploded': not a known value; allowed: success, failure, unknown"),
    (["--state", "Atlantis"], "state='Atlantis': not a known value; allowed: North Korea (KP)"),
    (["--missile", "Zorglub-9"], "missile='Zorglub-9': not a known value; allowed:"),
    (["--facility", "Nowhere Base"], "facility='Nowhere Base': not a known value; allowed:"),
    (["--confirmation", "rumoured"], "allowed: confirmed, reported, unconfirmed, disputed"),
])
def test_unknown_filter_values_exit_2_listing_the_allowed_ones(public: Path, capsys, args, words) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["register", "list", *args, "--register", str(public)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and words in err and len(err.strip().splitlines()) == 1


def test_update_history_counts_and_is_idempotent(public: Path, cns_dir: Path, tmp_path: Path) -> None:
    reg = tmp_path / "r.sqlite"
    shutil.copyfile(public, reg)
    same = json.loads(_run("register", "update-history", str(cns_dir), "--json", "--register", str(reg)))
    doc = json.loads((cns_dir / "test.en.json").read_text())
    n = sum(len(tb["data"]) for tb in doc["timeBins"])
    assert (same["added"], same["changed"], same["removed"], same["unchanged"]) == (0, 0, 0, n)


def test_ingest_json_and_commit(env: Path) -> None:
    reg = str(env / "empty.sqlite")
    draft = json.loads(_run("ingest", str(env / "report.txt"), "--json", "--register", reg))
    assert draft["stored"] is None and draft["diff"]["rounds"][0]["action"] == "add"
    out = json.loads(_run("ingest", str(env / "report.txt"), "--json", "--commit", "--register", reg))
    f = out["fields"]
    assert [t["value"] for t in f["times"]] == ["2022-10-05T21:01:00+00:00", "2022-10-05T21:23:00+00:00"]
    assert f["site"]["value"]["key"] == "pyongyang" and f["apogee"]["value"] == 80e3
    assert out["stored"]["added"] == 1
    # 21:01 UTC on 5 Oct = 06:01 KST on Thursday 6 Oct: the round's day
    assert out["diff"]["rounds"][0]["key"] == "KP-2022-10-06"
    shown = json.loads(_run("register", "show", "KP-2022-10-06", "--json", "--register", reg))
    assert shown["launches"][0]["confirmation"] == "unconfirmed"


def test_errors_are_one_line(env: Path) -> None:
    bad = env / "bad.csv"
    bad.write_text("date,apogee_km\n2022-01-01,-5\n")
    proc = subprocess.run([sys.executable, "-m", "launchwatch", "register", "import", str(bad),
                           "--register", str(env / "empty.sqlite")],
                          capture_output=True, text=True, env={"LAUNCHWATCH_DATA_DIR": str(env / "d"),
                                                               "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: bad.csv='1 bad row(s)': line 2: apogee_km='-5': must be positive; nothing was imported"]
