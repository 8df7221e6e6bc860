"""The CNS North Korea Missile Test Database (../shared/reference/cns) in a fresh register:
statistics checked against counts computed here, independently, from the JSON."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from launchwatch.register import Register
from launchwatch.register.importers import read_cns_json


@pytest.fixture(scope="module")
def cns(reference_dir: Path) -> Path:
    folder = reference_dir / "cns"
    if not (folder / "test.en.json").is_file():
        pytest.skip(f"CNS reference data not found in {folder}")
    return folder


@pytest.fixture(scope="module")
def records(cns: Path) -> list[dict]:
    doc = json.loads((cns / "test.en.json").read_text())
    return [r for tb in doc["timeBins"] for r in tb["data"]]


@pytest.fixture(scope="module")
def types(cns: Path) -> dict[str, str]:
    return {k: v["type"].upper() for k, v in json.loads((cns / "missile.en.json").read_text()).items()}


@pytest.fixture(scope="module")
def reg(cns: Path, tmp_path_factory: pytest.TempPathFactory) -> Register:
    r = Register(tmp_path_factory.mktemp("cns") / "register.sqlite")
    summary = r.add(read_cns_json(cns))
    assert not summary.merged and not summary.unchanged
    yield r
    r.close()


def test_all_records_import_and_a_second_import_adds_nothing(reg: Register, records: list[dict],
                                                             cns: Path) -> None:
    assert len(records) == 339
    days = {r["date"] for r in records}
    assert len(reg) == len(days)
    assert sum(len(e.launches) for e in reg.events()) == len(records)
    before = reg.dump()
    again = reg.add(read_cns_json(cns))
    assert again.added == [] and again.merged == [] and len(again.unchanged) == len(days)
    assert reg.dump() == before


def test_statistics_match_counts_from_the_json(reg: Register, records: list[dict],
                                               types: dict[str, str]) -> None:
    st = reg.stats()
    days_per_year: dict[int, set[str]] = defaultdict(set)
    for r in records:
        days_per_year[int(r["date"][:4])].add(r["date"])
    assert st["events_per_year"] == {y: len(d) for y, d in sorted(days_per_year.items())}
    assert st["missiles_per_year"] == dict(sorted(Counter(int(r["date"][:4]) for r in records).items()))
    assert st["missiles_per_class"] == dict(Counter(types[r["missile"]] for r in records))
    per_yc: dict[int, Counter] = defaultdict(Counter)
    for r in records:
        per_yc[int(r["date"][:4])][types[r["missile"]]] += 1
    assert st["missiles_per_year_class"] == {y: dict(c) for y, c in per_yc.items()}
    assert st["outcomes"] == dict(Counter(r["outcome"] for r in records))
    days_per_class: dict[str, set[str]] = defaultdict(set)
    for r in records:
        days_per_class[types[r["missile"]]].add(r["date"])
    assert st["events_per_class"] == {c: len(d) for c, d in days_per_class.items()}


def test_queries_and_round_numbers_match_the_json(reg: Register, records: list[dict],
                                                  types: dict[str, str]) -> None:
    days22 = {r["date"] for r in records if r["date"].startswith("2022")}
    assert len(reg.events(year=2022)) == len(days22)
    assert len(reg.events(start=date(2022, 1, 1), end=date(2022, 12, 31))) == len(days22)
    icbm_days = sorted({r["date"] for r in records if types[r["missile"]] == "ICBM"})
    assert [e.start.date().isoformat() for e in reg.events(missile_class="ICBM")] == icbm_days
    east_sea = {r["date"] for r in records if r["landing"] == "sea-of-japan"}
    assert len(reg.events(place="East Sea")) == len(east_sea)  # alias of the Sea of Japan
    sinpo = {r["date"] for r in records if r["facility"] == "sinpo"}
    assert len(reg.events(place="Sinpo")) == len(sinpo)
    # the n-th round of its year, for every event
    for year, days in ((y, sorted({r["date"] for r in records if r["date"].startswith(y)}))
                       for y in ("2016", "2022", "2026")):
        for n, d in enumerate(days, start=1):
            assert reg.round_number(f"KP-{d}") == (n, int(year))
    tl = reg.timeline(year=2022)
    assert [r["round"] for r in tl] == list(range(1, len(days22) + 1))


def test_values_convert_to_si(reg: Register, records: list[dict]) -> None:
    rec = next(r for r in records if r["date"] == "2017-11-28")
    la = reg.get("KP-2017-11-28").launches[0]
    assert la.apogee == pytest.approx(float(rec["apogee"]) * 1e3)
    assert la.distance == pytest.approx(float(rec["distance"]) * 1e3)
    assert la.bearing == pytest.approx(math.radians(rec["bearing"]))
    assert la.time_known == (rec["time"] != "unknown")
    month_only = reg.get("KP-1986-05").launches[0]
    assert month_only.date_precision == "month" and not month_only.time_known
