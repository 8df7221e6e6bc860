"""The draft gives the register per-launch claims (``register/claims.py``): each agency's
figures as its own claim with the report as publication, the launch reconciled by the
register's rule, conflicts between agencies visible; committed into a register holding
the CNS public record, the report's claims join the record's on the same launch.

Expected values are read from the report text by hand and from the raw CNS JSON shipped
as package data, not from the code under test."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from launchwatch.cli import cli
from launchwatch.register import Register
from launchwatch.register.claims import conflicts, source_tier
from launchwatch.register.history import history_folder
from launchwatch.register.ingest import ingest_text

JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"

# 4 Oct 2022: an IRBM over Japan (07:22 KST = 22:22 UTC on 3 Oct in the CNS record)
REPORT = (
    "SEOUL, Oct. 4, 2022 (Yonhap) -- North Korea fired an intermediate-range ballistic missile "
    "over Japan on Tuesday, South Korea's Joint Chiefs of Staff said.\n\n"
    "The missile was launched from Mupyong-ri in Jagang Province at 7:23 a.m. and flew about "
    "4,500 km at an altitude of about 970 km, the JCS said.\n\n"
    "Japan's Ministry of Defense said the missile flew about 4,700 km and fell into the Pacific "
    "Ocean.\n"
)


def _cns_2022_10_03() -> dict:
    raw = json.loads((history_folder() / "test.en.json").read_text(encoding="utf-8"))
    years = next(iter(raw.values()))
    rows = [r for y in years if y["year"] == 2022 for r in y["data"] if r["date"] == "2022-10-03"]
    assert len(rows) == 1
    return rows[0]


def test_each_agency_speaks_through_its_own_claims() -> None:
    d = ingest_text(REPORT, reconstruct=False)
    (la,) = d.event.launches
    dist = {c.source: c for c in la.claims if c.field == "distance"}
    assert set(dist) == {JCS, MOD}
    assert dist[JCS].value == 4500e3 and dist[JCS].qualifier == "about" and dist[JCS].unit == "km"
    assert dist[MOD].value == 4700e3
    for c in la.claims:
        assert c.publication == "Yonhap" and c.kind == "reported"
        assert c.span is not None and REPORT[c.span[0] : c.span[1]] == c.reported
        assert c.quote and c.reported in c.quote
    # 7:23 a.m. KST on 4 Oct = 22:23 UTC on 3 Oct
    (t,) = [c for c in la.claims if c.field == "time"]
    assert t.value.isoformat() == "2022-10-03T22:23:00+00:00" and t.time_precision == "minute"
    # the register's rule: JCS and Japan MoD are both tier 1; the first stored (JCS) stands
    assert source_tier(dist[JCS]) == source_tier(dist[MOD]) == 1
    assert la.distance == 4500e3 and la.apogee == 970e3
    # 200 km apart is more than rounding (3 %, 141 km): a conflict, in the analyst's units
    assert conflicts(la)["distance"] == "JCS about 4,500 km; Japan MoD about 4,700 km"
    assert la.site.key == "mupyong-ni" and la.landing.key == "pacific-ocean"
    assert la.missile_class == "IRBM" and la.confirmation == "unconfirmed"


def test_the_salvo_count_and_figures_go_on_the_right_launch() -> None:
    text = (
        "SEOUL, May 8, 2025 (Yonhap) -- North Korea fired two short-range ballistic missiles from "
        "Sunan on Thursday, the JCS said. The first, fired at 7:10 a.m., flew about 300 km. The "
        "second, fired at 7:32 a.m., flew about 450 km.\n"
    )
    d = ingest_text(text, reconstruct=False)
    a, b = d.event.launches
    assert (a.utc.hour, a.utc.minute, b.utc.hour, b.utc.minute) == (22, 10, 22, 32)  # KST - 9 h
    assert (a.distance, b.distance) == (300e3, 450e3)
    assert a.count == 1 and b.count == 1
    one = ingest_text(
        text.replace(" The second, fired at 7:32 a.m., flew about 450 km.", ""), reconstruct=False
    )
    (la,) = one.event.launches
    assert la.count == 2 and [c.value for c in la.claims if c.field == "count"] == [2]


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cns") / "public.sqlite"
    res = CliRunner().invoke(
        cli, ["register", "stats", "--register", str(path), "--json"], catch_exceptions=False
    )
    assert res.exit_code == 0, res.output
    return path


def test_a_report_committed_into_the_cns_record_joins_its_launch(public: Path, tmp_path: Path) -> None:
    cns = _cns_2022_10_03()
    p = tmp_path / "r.txt"
    p.write_text(REPORT, encoding="utf-8")
    res = CliRunner().invoke(
        cli,
        ["ingest", str(p), "--json", "--commit", "--no-reconstruct", "--register", str(public)],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    rnd = out["diff"]["rounds"][0]
    # 22:22 UTC on 3 Oct is 07:22 on 4 Oct at the site: the stored round of that day, merged
    assert rnd["key"] == "KP-2022-10-04" and rnd["action"] == "merge"
    assert out["stored"]["merged"] == 1 and out["stored"]["added"] == 0
    with Register(public) as reg:
        ev = reg.get("KP-2022-10-04")
    (la,) = ev.launches
    by = {}
    for c in la.claims:
        by.setdefault(c.field, {})[c.source.split(" North Korea")[0]] = c
    # the record's claims are kept beside the report's
    assert by["distance"]["CNS"].value == cns["distance"] * 1e3
    assert by["apogee"]["CNS"].value == cns["apogee"] * 1e3
    assert by["distance"][JCS].value == 4500e3 and by["distance"][MOD].value == 4700e3
    assert by["distance"][JCS].publication == "Yonhap"
    # tier 1 (the JCS) over the compilation (tier 2): the JCS's figures and minute stand
    assert la.distance == 4500e3 and la.apogee == 970e3
    assert la.utc.isoformat() == "2022-10-03T22:23:00+00:00"
    c = conflicts(la)
    assert "Japan MoD about 4,700 km" in c["distance"] and "time" not in c  # 1 minute apart: agree
    assert math.isfinite(la.site.lat) and math.isfinite(la.site.lon)


def _rounds_2022_to(day: str) -> int:
    """Rounds of 2022 up to ``day`` from the raw CNS rows: distinct local days at the site
    (KST, UTC+9), a row without a time on its date."""
    from datetime import datetime, timedelta

    raw = json.loads((history_folder() / "test.en.json").read_text(encoding="utf-8"))
    days = set()
    for y in next(iter(raw.values())):
        for r in y["data"]:
            t = r.get("time") or "unknown"
            if t.startswith("unknown"):
                d = r["date"]
            else:
                hh, mm = t.split(" ")[0].split(":")
                d = (
                    (datetime.fromisoformat(r["date"]) + timedelta(hours=int(hh) + 9, minutes=int(mm)))
                    .date()
                    .isoformat()
                )
            if d.startswith("2022") and d <= day:
                days.add(d)
    return len(days)


def test_the_command_checks_the_reports_round_claim_against_the_register(
    public: Path, tmp_path: Path
) -> None:
    n = _rounds_2022_to("2022-10-04")
    wrong = n + 3
    words = {1: "first", 2: "second"}.get(wrong, f"{wrong}th")
    p = tmp_path / "r.txt"
    p.write_text(
        REPORT.replace(
            "South Korea's Joint Chiefs of Staff said.",
            f"South Korea's Joint Chiefs of Staff said, the North's {words} round of launches this year.",
        ),
        encoding="utf-8",
    )
    res = CliRunner().invoke(
        cli,
        ["ingest", str(p), "--json", "--no-reconstruct", "--register", str(public)],
        catch_exceptions=False,
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    (rc,) = out["fields"]["round_claims"]
    assert rc["value"]["n"] == wrong
    assert any(f"the register counts this as round {n} of 2022" in fl for fl in out["flags"]), out["flags"]
