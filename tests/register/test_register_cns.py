"""The CNS North Korea Missile Test Database (../shared/reference/cns) in a fresh register,
and the public record built into the package: every count checked against counts
computed here, independently, from the raw JSON (local days worked out with zoneinfo on
the records' UTC times; all CNS facilities are in North Korea)."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from launchwatch.register import Register
from launchwatch.register.history import about, history_events
from launchwatch.register.importers import read_cns_json

PYONGYANG = ZoneInfo("Asia/Pyongyang")
BANDS = ((1000.0, "SRBM"), (3000.0, "MRBM"), (5500.0, "IRBM"), (math.inf, "ICBM"))


@pytest.fixture(scope="module")
def records(cns_dir: Path) -> list[dict]:
    doc = json.loads((cns_dir / "test.en.json").read_text())
    return [r for tb in doc["timeBins"] for r in tb["data"]]


@pytest.fixture(scope="module")
def types(cns_dir: Path) -> dict[str, str]:
    return {k: v["type"] for k, v in json.loads((cns_dir / "missile.en.json").read_text()).items()}


def day_of(r: dict) -> str:
    """The local day of a record at its site (North Korea's zone); the date as given when
    the time is not."""
    if r["time"] == "unknown":
        return r["date"]
    hh, mm = r["time"].split()[0].split(":")
    y, mo, d = (int(x) for x in r["date"].split("-"))
    utc = datetime(y, mo, d, int(hh), int(mm), tzinfo=UTC)
    return utc.astimezone(PYONGYANG).date().isoformat()


def class_of(r: dict, types: dict[str, str]) -> str:
    """The named type's class; the class of the flown distance only when the type is
    unknown and the flight did not fail; else unknown."""
    t = types[r["missile"]]
    if t.lower() != "unknown":
        return t.upper()
    if r["distance"] == "unknown" or r["outcome"] == "failure":
        return "unknown"
    km = float(r["distance"])
    return next(c for hi, c in BANDS if km < hi)


@pytest.fixture(scope="module")
def reg(cns_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Register:
    r = Register(tmp_path_factory.mktemp("cns") / "register.sqlite")
    summary = r.add(read_cns_json(cns_dir))
    assert not summary.merged and not summary.unchanged
    yield r
    r.close()


def test_all_records_import_and_a_second_import_adds_nothing(reg: Register, records: list[dict],
                                                             cns_dir: Path) -> None:
    assert len(records) == 339
    days = {day_of(r) for r in records}
    assert len(reg) == len(days)
    assert sum(len(e.launches) for e in reg.events()) == len(records)
    before = reg.dump()
    again = reg.add(read_cns_json(cns_dir))
    assert again.added == [] and again.merged == [] and len(again.unchanged) == len(days)
    assert reg.dump() == before


def test_statistics_match_counts_from_the_json(reg: Register, records: list[dict],
                                               types: dict[str, str]) -> None:
    st = reg.stats()
    days_per_year: dict[int, set[str]] = defaultdict(set)
    for r in records:
        days_per_year[int(day_of(r)[:4])].add(day_of(r))
    assert st["events_per_year"] == {y: len(d) for y, d in sorted(days_per_year.items())}
    assert st["missiles_per_year"] == dict(sorted(Counter(int(day_of(r)[:4]) for r in records).items()))
    assert st["missiles_per_class"] == dict(sorted(Counter(class_of(r, types) for r in records).items()))
    per_yc: dict[int, Counter] = defaultdict(Counter)
    for r in records:
        per_yc[int(day_of(r)[:4])][class_of(r, types)] += 1
    assert st["missiles_per_year_class"] == {y: dict(sorted(c.items())) for y, c in sorted(per_yc.items())}
    assert st["outcomes"] == dict(sorted(Counter(r["outcome"] for r in records).items()))
    days_per_class: dict[str, set[str]] = defaultdict(set)
    for r in records:
        days_per_class[class_of(r, types)].add(day_of(r))
    assert st["events_per_class"] == {c: len(d) for c, d in sorted(days_per_class.items())}


def test_rounds_by_local_day_match_the_json(reg: Register, records: list[dict],
                                            types: dict[str, str]) -> None:
    for year in ("2016", "2017", "2022", "2023", "2025", "2026"):
        days = sorted({day_of(r) for r in records if day_of(r).startswith(year)})
        for n, d in enumerate(days, start=1):
            assert reg.round_number(f"KP-{d}") == (n, int(year)), d
        tl = reg.timeline(year=int(year))
        assert [r["round"] for r in tl] == list(range(1, len(days) + 1))
        assert len(reg.events(year=int(year))) == len(days)
    # the rounds the issue names, worked by hand: 8 May 2025 (23:10 UTC on 7 May = 08:10 KST)
    # is the fourth round of 2025 and holds three launches; 22 Oct 2025 the fifth; the
    # 17 Dec 2023 SRBM (22:37 KST) and the 18 Dec ICBM (08:24 KST) are two rounds
    assert reg.round_number("KP-2025-05-08") == (4, 2025)
    assert len(reg.get("KP-2025-05-08").launches) == 3
    assert reg.round_number("KP-2025-10-22") == (5, 2025)
    assert [la.missile_class for la in reg.get("KP-2023-12-17").launches] == ["SRBM"]
    assert [la.missile_class for la in reg.get("KP-2023-12-18").launches] == ["ICBM"]
    icbm_days = sorted({day_of(r) for r in records if class_of(r, types) == "ICBM"})
    assert [e.local_day for e in reg.events(missile_class="ICBM")] == icbm_days
    east_sea = {day_of(r) for r in records if r["landing"] == "sea-of-japan"}
    assert len(reg.events(place="East Sea")) == len(east_sea)  # alias of the Sea of Japan
    sinpo = {day_of(r) for r in records if r["facility"] == "sinpo"}
    assert len(reg.events(place="Sinpo")) == len(sinpo)


def test_values_convert_to_si(reg: Register, records: list[dict]) -> None:
    rec = next(r for r in records if r["date"] == "2017-11-28")
    la = reg.get("KP-2017-11-29").launches[0]  # 18:18 UTC on 28 Nov = 02:48 KST on the 29th
    assert la.apogee == pytest.approx(float(rec["apogee"]) * 1e3)
    assert la.distance == pytest.approx(float(rec["distance"]) * 1e3)
    assert la.bearing == pytest.approx(math.radians(rec["bearing"]))
    assert la.time_known == (rec["time"] != "unknown")
    assert {c.ref for c in la.claims} == {"cns:2017-11-28/1"}
    month_only = reg.get("KP-1986-05").launches[0]
    assert month_only.date_precision == "month" and not month_only.time_known


def test_the_built_in_record_holds_the_same_facts(records: list[dict], cns_dir: Path) -> None:
    """The package ships the compilation's facts (no prose) with its licence and NOTICE."""
    from launchwatch.register.history import history_folder

    folder = history_folder()
    assert (folder / "LICENSE").read_text() == (cns_dir / "LICENSE").read_text()
    notice = (folder / "NOTICE").read_text()
    assert "James Martin Center for Nonproliferation Studies" in notice and "nagix/nk-missile-tests" in notice
    shipped = [r for tb in json.loads((folder / "test.en.json").read_text())["timeBins"] for r in tb["data"]]
    assert all("description" not in r for r in shipped)
    assert [{k: v for k, v in r.items() if k != "description"} for r in records] == shipped
    assert about()["records"] == len(records)
    built = history_events()
    assert sum(len(e.launches) for e in built) == len(records)
    assert len(built) == len({day_of(r) for r in records})
