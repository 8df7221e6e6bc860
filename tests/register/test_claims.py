"""Claims: canonical values, the reconciliation rule, conflicts in the analyst's units,
classes from named types (checked against the CNS types in the raw JSON)."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from launchwatch.errors import InputError
from launchwatch.register.claims import (
    Claim,
    conflicts,
    format_claim,
    implicit_claims,
    launch_from_claims,
    reconcile,
    source_tier,
)
from launchwatch.register.designations import DESIGNATIONS, class_of_name, designation
from launchwatch.register.models import Launch, Place, Source, build

T = datetime(2025, 5, 8, 0, 20, tzinfo=UTC)
JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"


def _t(**kw) -> Claim:
    return Claim(field="time", value=T, time_precision="minute", source=JCS, **kw)


def test_values_are_canonical_and_checked() -> None:
    c = Claim.model_validate({"field": "time", "value": "2025-05-08T00:20:00Z", "source": "x"})
    assert c.value == T
    p = Claim(field="site", value={"name": "Wonsan", "lat": 0.68, "lon": 2.22}, source="x")
    assert isinstance(p.value, Place) and p.value.name == "Wonsan"
    assert Claim(field="bearing", value=-math.pi / 2, source="x").value == pytest.approx(1.5 * math.pi)
    icbm = Claim(field="missile_class", value="intercontinental ballistic missiles", source="x")
    assert icbm.value == "ICBM"
    for bad in ({"field": "distance", "value": float("nan")}, {"field": "apogee", "value": -5.0},
                {"field": "count", "value": 2.5}, {"field": "outcome", "value": "maybe"},
                {"field": "missile_class", "value": "unknown"}, {"field": "colour", "value": 1}):
        with pytest.raises(InputError):
            build(Claim, {**bad, "source": "x"})
    # round trip through JSON
    c = Claim(field="distance", value=750e3, qualifier="about", reported="about 466 miles",
              unit="miles", source=MOD, span=(10, 25), time_precision=None)
    assert Claim.model_validate(json.loads(c.model_dump_json())) == c
    assert Claim(field="time", value=T, time_precision="month", source="x").acled_time_precision == 3
    assert Claim(field="site", value=Place(name="a"), place_precision="near", source="x"
                 ).acled_place_precision == 2


def test_the_reconciliation_rule() -> None:
    # tiers: an official observer over a compilation over a news agency over KCNA
    assert [source_tier(Claim(field="count", value=1, source=s)) for s in
            (JCS, MOD, "CNS North Korea Missile Test Database", "Reuters", "KCNA (North Korea)",
             "unattributed report")] == [1, 1, 2, 3, 4, 5]
    assert source_tier(Claim(field="count", value=1, source="x", kind="measured")) == 0
    la = launch_from_claims([
        _t(),
        Claim(field="distance", value=600e3, qualifier="more_than", low=600e3, source=JCS,
              published=T + timedelta(hours=1)),
        Claim(field="distance", value=750e3, qualifier="about", source=MOD, unit="km",
              reported="about 750 km"),
        Claim(field="distance", value=700e3, source="Reuters"),
        Claim(field="distance", value=900e3, source="KCNA (North Korea)"),
    ])
    # tier 1 holds JCS (a bound) and Japan MoD (a point value): the point value wins
    assert la.distance == 750e3
    # JCS updates its figure later: its newer claim supersedes its own older one
    la.claims.append(Claim(field="distance", value=800e3, source=JCS, published=T + timedelta(hours=5)))
    reconcile(la)
    assert la.distance == 800e3  # a point value now, and JCS spoke first
    assert conflicts(la)["distance"] == "JCS 800 km; Japan MoD about 750 km; Reuters 700 km; KCNA 900 km"
    # a time to the minute wins over a date, whatever the tier
    day = Claim(field="time", value=T.replace(hour=0, minute=0), time_precision="day", source=JCS)
    la2 = launch_from_claims([day, Claim(field="time", value=T, time_precision="minute", source="Reuters")])
    assert la2.time_known and la2.utc == T
    only_day = launch_from_claims([day])
    assert not only_day.time_known and only_day.utc == datetime(2025, 5, 8, tzinfo=UTC)
    # stable: a new source of equal standing does not flip the value
    la3 = launch_from_claims([_t(), Claim(field="apogee", value=100e3, source=JCS),
                              Claim(field="apogee", value=90e3, source=MOD)])
    assert la3.apogee == 100e3


def test_conflicts_in_the_analysts_units() -> None:
    la = launch_from_claims([
        _t(),
        Claim(field="distance", value=800e3, source=JCS, reported="800 km", unit="km"),
        Claim(field="distance", value=750e3, qualifier="about", source=MOD, reported="about 750 km",
              unit="km"),
        Claim(field="apogee", value=100e3, source=JCS),
        Claim(field="apogee", value=101e3, source=MOD),  # within rounding: no conflict
        Claim(field="count", value=2, qualifier="at_least", source=JCS),
        Claim(field="count", value=3, source=MOD),  # consistent with "at least two"
    ])
    assert conflicts(la) == {"distance": "JCS 800 km; Japan MoD about 750 km"}
    assert la.count == 3  # the exact count over the bound (same tier)
    miles = Claim(field="distance", value=466 * 1609.344, qualifier="about", reported="about 466 miles",
                  unit="miles", source=MOD)
    assert format_claim(miles) == "about 750 km (about 466 miles)"
    between = Claim(field="distance", value=650e3, qualifier="interval", low=600e3, high=700e3, source="x")
    assert format_claim(between) == "600-700 km"
    assert format_claim(Claim(field="time", value=T, time_precision="day", source="x")) == "2025-05-08"


def test_class_from_the_named_type_first(reference_dir: Path) -> None:
    # a failed apparent ICBM on a 330-km flight is not a short-range missile
    base = [_t(), Claim(field="distance", value=330e3, source=JCS)]
    fail = launch_from_claims([*base, Claim(field="outcome", value="failure", source=JCS)])
    assert fail.missile_class is None
    named = launch_from_claims([*base, Claim(field="outcome", value="failure", source=JCS),
                                Claim(field="missile_name", value="Hwasong-17", source=MOD)])
    assert named.missile_class == "ICBM"
    # the type's class over a class claim, a class claim over the range
    assert launch_from_claims([*base, Claim(field="missile_name", value="KN-25", source=JCS),
                               Claim(field="missile_class", value="MRBM", source="Reuters")]
                              ).missile_class == "SRBM"
    assert launch_from_claims([*base, Claim(field="missile_class", value="MRBM", source="Reuters")]
                              ).missile_class == "MRBM"
    assert launch_from_claims(base).missile_class == "SRBM"  # 330 km flown, type unknown
    # the table agrees with the public compilation's types, for every type the CNS names
    missiles = json.loads((reference_dir / "cns" / "missile.en.json").read_text())
    for key, m in missiles.items():
        if m["type"].lower() == "unknown":
            assert designation(m["name"]) is None, key
            continue
        assert class_of_name(m["name"]) == m["type"].upper(), (key, m["name"])
    assert designation("Hwasong-11A (KN-23)") == designation("kn23") == designation("KN 23")
    names = [n.lower() for d in DESIGNATIONS for n in d.names]
    assert len(names) == len(set(names)), "a name is in the table twice"


def test_implicit_claims_speak_for_a_record_without_claims() -> None:
    la = Launch(utc=T, time_known=True, site=Place(name="Wonsan", lat=0.68, lon=2.22),
                distance=800e3, missile_class="SRBM", outcome="failure", count=2,
                sources=[Source(name="CNS North Korea Missile Test Database", url="https://x")])
    cl = implicit_claims(la)
    assert {c.field for c in cl} == {"time", "site", "distance", "missile_class", "outcome", "count"}
    assert {c.source for c in cl} == {"CNS North Korea Missile Test Database"}
    assert next(c for c in cl if c.field == "time").time_precision == "minute"
    la.claims = cl
    assert reconcile(la) == [] and la.distance == 800e3 and la.count == 2
    bare = Launch(utc=T)
    assert [c.source for c in implicit_claims(bare)] == ["unattributed"]
