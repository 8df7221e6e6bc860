"""The public record built in, and ``update-history``: a newer compilation (here, the raw
CNS files with records removed, corrected and added by the test) is reconciled with the
register: added/changed/removed counts from the edits made, nothing touched twice."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from launchwatch.register import Event, Register
from launchwatch.register.claims import Claim, launch_from_claims
from launchwatch.register.history import update_history
from launchwatch.register.models import Place


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("history") / "register.sqlite"
    with Register(path, history=True) as reg:
        assert reg.meta()["public_record"].endswith("data as of 2026-04-21")
    return path


def _newer(cns_dir: Path, out: Path) -> tuple[Path, dict]:
    """A newer compilation: the raw files with one record removed, two corrected (a
    distance; an unknown time given) and one added."""
    shutil.copytree(cns_dir, out)
    doc = json.loads((out / "test.en.json").read_text())
    recs = [r for tb in doc["timeBins"] for r in tb["data"]]
    n = len(recs)
    for tb in doc["timeBins"]:
        tb["data"] = [r for r in tb["data"] if r["date"] != "2025-11-07"]
        for r in tb["data"]:
            if r["date"] == "2025-01-06":
                r["distance"] = "1200"
            if r["date"] == "1998-08-31":
                r["time"] = "03:07 (UTC)"
    doc["timeBins"][-1]["data"].append({
        "date": "2026-05-01", "time": "01:00 (UTC)", "missile": "hwasong-11a", "facility": "sunan",
        "landing": "sea-of-japan", "apogee": "60", "distance": "400", "bearing": 80,
        "outcome": "unknown", "description": "written by the test"})
    (out / "test.en.json").write_text(json.dumps(doc))
    return out, {"records": n}


def test_update_history_adds_changes_and_removes(base: Path, cns_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    shutil.copyfile(base, path)
    newer, info = _newer(cns_dir, tmp_path / "newer")
    with Register(path) as reg:
        # another source also spoke of the launch the newer compilation drops
        jcs = launch_from_claims([
            Claim(field="time", value=datetime(2025, 11, 7, 3, 34, tzinfo=UTC), time_precision="minute",
                  source="South Korea Joint Chiefs of Staff"),
            Claim(field="site", value=Place(name="Taegwan"), source="South Korea Joint Chiefs of Staff"),
            Claim(field="apogee", value=52e3, source="South Korea Joint Chiefs of Staff")])
        reg.add(Event(state="North Korea", launches=[jcs]))
        n_before = len(reg)
        res = update_history(reg, newer)
        assert (res.added, res.changed, res.removed) == (1, 2, 1)
        assert res.unchanged == info["records"] - 3
        jan = reg.get("KP-2025-01-06").launches[0]
        assert jan.distance == 1200e3
        ch = next(c for c in reg.get("KP-2025-01-06").changes if c.field == "distance")
        assert (ch.source, ch.old_text, ch.new_text) == ("CNS", "1,100 km", "1,200 km")
        # the dropped record's claims are gone; the JCS claims of that launch stay
        nov = reg.get("KP-2025-11-07").launches[0]
        assert {c.source for c in nov.claims} == {"South Korea Joint Chiefs of Staff"}
        assert nov.apogee == 52e3 and nov.distance is None
        # 03:07 UTC on 31 Aug 1998 = 12:07 KST the same day: a time to the minute now
        aug = reg.get("KP-1998-08-31").launches[0]
        assert aug.time_known and aug.utc == datetime(1998, 8, 31, 3, 7, tzinfo=UTC)
        # 01:00 UTC on 1 May 2026 = 10:00 KST: a new round
        new = reg.get("KP-2026-05-01")
        assert new.launches[0].missile_class == "SRBM" and {c.ref for c in new.launches[0].claims} == {
            "cns:2026-05-01/1"}
        assert len(reg) == n_before + 1
        again = update_history(reg, newer)
        assert (again.added, again.changed, again.removed, again.unchanged) == (0, 0, 0, info["records"])


def test_a_round_left_without_claims_goes(base: Path, cns_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    shutil.copyfile(base, path)
    newer, _ = _newer(cns_dir, tmp_path / "newer")
    with Register(path) as reg:
        update_history(reg, newer)
        assert "KP-2025-11-07" not in reg.keys()
        with pytest.raises(Exception, match="no such event"):
            reg.get("KP-2025-11-07")
