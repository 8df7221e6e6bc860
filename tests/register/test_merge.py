"""Safe merges into the built-in public record: launches matched by time and site (never
by position), untimed ones only when unambiguous, nothing overwritten, a change log, and
a diff that is exactly what a commit applies."""

from __future__ import annotations

import math
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from launchwatch.errors import InputError
from launchwatch.register import Event, Register
from launchwatch.register.claims import Claim, conflicts, launch_from_claims
from launchwatch.register.models import Place

JCS = "South Korea Joint Chiefs of Staff"
WONSAN = Place(name="Wonsan", lat=math.radians(39.15), lon=math.radians(127.44), uncertainty=10e3,
               key="wonsan")
SUNAN = Place(name="Sunan", lat=math.radians(39.21), lon=math.radians(125.68), uncertainty=6e3,
              key="sunan")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("merge") / "register.sqlite"
    Register(path, history=True).close()
    return path


@pytest.fixture
def reg(history: Path, tmp_path: Path):
    dst = tmp_path / "register.sqlite"
    shutil.copyfile(history, dst)
    with Register(dst) as r:
        yield r


def _launch(t: datetime | None, site: Place, day: datetime | None = None, source: str = JCS,
            **facts) -> object:
    src = {"source": source, "publication": "Yonhap", "url": "https://example.org/report"}
    claims = [Claim(field="time", value=t, time_precision="minute", **src) if t is not None else
              Claim(field="time", value=day, time_precision="day", **src),
              Claim(field="site", value=site, place_precision="near", **src)]
    for f, v in facts.items():
        q = "about" if f in ("distance", "apogee") else "exact"
        claims.append(Claim(field=f, value=v, qualifier=q, **src))
    return launch_from_claims(claims, confirmation="unconfirmed")


def test_a_report_of_the_8_may_round_lands_on_the_right_launches(reg: Register) -> None:
    before = reg.get("KP-2025-05-08")
    assert [la.distance for la in before.launches] == [250e3, 250e3, 800e3]
    report = Event(state="North Korea", notes="drafted from a JCS report", launches=[
        _launch(datetime(2025, 5, 7, 23, 10, tzinfo=UTC), WONSAN, count=2, distance=260e3),
        _launch(datetime(2025, 5, 8, 0, 20, tzinfo=UTC), WONSAN, distance=800e3, apogee=100e3)])
    assert report.key == "KP-2025-05-08"  # 08:10 and 09:20 KST on 8 May: one round
    plan = reg.plan(report)
    (d,) = plan.diffs
    assert d.action == "merge" and d.key == "KP-2025-05-08"
    # the two-missile record is split over the two launches at 23:10; the 00:20 one is the 800-km one
    assert [(m.incoming, m.stored) for m in d.matches] == [(1, 1), (2, 2), (3, 3)]
    assert "-> stored #3" in "\n".join(d.lines())
    reg.apply(plan)
    ev = reg.get("KP-2025-05-08")
    assert len(ev.launches) == 3 and ev.n_missiles == 3
    assert [la.apogee for la in ev.launches] == [None, None, 100e3]  # no apogee spread to the others
    assert [la.distance for la in ev.launches] == [260e3, 260e3, 800e3]  # JCS outranks the compilation
    assert conflicts(ev.launches[0]) == {"distance": "JCS about 260 km; CNS 250 km"}
    # nothing overwritten: the compilation's claims are all still there, notes appended
    for old, new in zip(before.launches, ev.launches, strict=True):
        assert all(any(c.same_as(n) for n in new.claims) for c in old.claims)
    assert ev.notes.endswith("drafted from a JCS report")
    log = [c for c in ev.changes if c.field == "distance"]
    assert [(c.launch, c.source, c.old_text, c.new_text) for c in log] == [
        (1, "JCS", "250 km", "about 260 km"), (2, "JCS", "250 km", "about 260 km")]
    assert reg.add(report).unchanged == ["KP-2025-05-08"]  # the same report again: nothing


def test_an_18_december_icbm_report_stays_out_of_the_17_december_round(reg: Register) -> None:
    srbm_before = reg.get("KP-2023-12-17")
    icbm = Event(state="North Korea", launches=[
        _launch(datetime(2023, 12, 17, 23, 24, tzinfo=UTC), Place(name="Pyongyang area"),
                missile_name="Hwasong-18", flight_time=4380.0, apogee=6500e3, distance=1000e3)])
    assert icbm.key == "KP-2023-12-18"  # 08:24 KST on 18 December
    s = reg.add(icbm)
    assert s.merged == ["KP-2023-12-18"] and s.added == []
    assert reg.get("KP-2023-12-17") == srbm_before
    la = reg.get("KP-2023-12-18").launches[0]
    assert la.missile_class == "ICBM" and la.flight_time == 4380.0


def test_untimed_reports_join_only_when_unambiguous(reg: Register) -> None:
    # 14 Jan 2025: two identical records at 00:30 UTC; an untimed report of two missiles
    day = datetime(2025, 1, 14, tzinfo=UTC)
    vague = Event(state="North Korea", launches=[
        _launch(None, Place(name="Kanggye"), day=day, count=2, distance=250e3)])
    n2025 = reg.stats()["missiles_per_year"][2025]
    (d,) = reg.plan(vague).diffs
    (m,) = d.matches
    assert m.stored is None and m.ambiguous == [1, 2] and "kept apart" in m.how
    reg.apply(reg.plan(vague))
    ev = reg.get("KP-2025-01-14")
    assert len(ev.launches) == 3 and ev.n_missiles == 2  # kept apart, not counted
    assert ev.launches[2].possible_duplicate_of == [1, 2]
    assert reg.stats()["missiles_per_year"][2025] == n2025  # unchanged
    # 6 Jan 2025 has one launch: an untimed report of that day is that launch
    one = Event(state="North Korea", launches=[
        _launch(None, Place(name="Pyongyang area"), day=datetime(2025, 1, 6, tzinfo=UTC),
                distance=1100e3)])
    (d1,) = reg.plan(one).diffs
    assert d1.matches[0].stored == 1 and "only launch" in d1.matches[0].how
    # ... unless its facts say it is another launch: a new one, counted
    other = Event(state="North Korea", launches=[
        _launch(None, Place(name="Pyongyang area"), day=datetime(2025, 1, 6, tzinfo=UTC),
                distance=300e3)])
    (d2,) = reg.plan(other).diffs
    assert d2.matches[0].stored is None and not d2.matches[0].ambiguous


def test_committing_applies_exactly_the_diff_shown(reg: Register) -> None:
    report = Event(state="North Korea", launches=[
        _launch(datetime(2025, 11, 7, 3, 35, tzinfo=UTC), Place(name="Taegwan"), distance=450e3,
                apogee=55e3)])
    plan = reg.plan(report)
    assert reg.get("KP-2025-11-07").launches[0].apogee == 50e3  # nothing stored by a plan
    shown = plan.diffs[0].result
    reg.apply(plan)
    stored = reg.get("KP-2025-11-07")
    assert stored.model_dump(exclude={"changes"}) == shown.model_dump(exclude={"changes"})
    # a diff made before the round changed is refused, and nothing is stored
    late = reg.plan(Event(state="North Korea", launches=[
        _launch(datetime(2025, 11, 7, 3, 34, tzinfo=UTC), Place(name="Taegwan"), source="Kyodo",
                apogee=60e3)]))
    reg.add(Event(state="North Korea", launches=[
        _launch(datetime(2025, 11, 7, 3, 34, tzinfo=UTC), Place(name="Taegwan"), source="NHK",
                apogee=52e3)]))
    before = reg.dump()
    with pytest.raises(InputError, match="changed since this diff"):
        reg.apply(late)
    assert reg.dump() == before


def test_a_launch_far_from_every_stored_one_is_a_new_launch(reg: Register) -> None:
    far = Event(state="North Korea", launches=[
        _launch(datetime(2025, 5, 8, 5, 0, tzinfo=UTC), SUNAN, distance=300e3)])  # 14:00 KST
    (d,) = reg.plan(far).diffs
    assert d.matches[0].stored is None and "new launch" in d.matches[0].how
    reg.apply(reg.plan(far))
    assert reg.get("KP-2025-05-08").n_missiles == 4


KAECHON = Place(name="Kaechon", lat=math.radians(39.755), lon=math.radians(125.909), uncertainty=4e3,
                key="kaechon")


def _cns_rows(day: str) -> list[dict]:
    import json

    from launchwatch.register.history import history_folder

    raw = json.loads((history_folder() / "test.en.json").read_text(encoding="utf-8"))
    return [r for y in next(iter(raw.values())) for r in y["data"] if r["date"] == day]


@pytest.mark.parametrize("said", [2, 3])
def test_a_reports_count_of_one_salvo_is_the_rounds_count(reg: Register, said: int) -> None:
    """Issue 10's leftover: a JCS report of "two missiles" fired at 6:50 a.m. (its first
    detection) joined the record's first launch as a launch of two missiles, and the round
    counted three.  The record (raw CNS rows, read here) lists the salvo one by one: the
    report's missiles are those launches, the round counts what the report says."""
    rows = _cns_rows("2024-09-17")
    assert [r["time"].split(" ")[0] for r in rows] == ["21:53", "22:23"]  # two launches, 30 min apart
    report = Event(state="North Korea", launches=[
        _launch(datetime(2024, 9, 17, 21, 50, tzinfo=UTC), KAECHON, count=said, distance=400e3)])
    assert report.key == "KP-2024-09-18"  # 06:50 KST on 18 Sep
    plan = reg.plan(report)
    (diff,) = plan.diffs
    ev = diff.result
    counted = [la for la in ev.launches if not la.possible_duplicate_of]
    # two stored launches: with the report's "two" they are its two; with "three" the third
    # missile is the report's alone and stays on the launch it joined
    assert sum(la.count for la in counted) == said
    assert len(ev.launches) == 2
    first, second = sorted(ev.launches, key=lambda la: la.utc)
    # the report's figure reaches the second launch of the salvo, its time does not
    assert [c.value for c in second.claims if c.field == "distance" and c.source == JCS] == [400e3]
    assert not [c for c in second.claims if c.field == "time" and c.source == JCS]
    assert second.utc == datetime(2024, 9, 17, 22, 23, tzinfo=UTC)
    assert first.count == said - 1
    reg.apply(plan)
    assert sum(la.count for la in reg.get("KP-2024-09-18").launches) == said


def test_a_record_split_into_its_missiles_keeps_its_sources_count_words(reg: Register) -> None:
    """A stored record of two missiles at one time, met by a report listing them one by
    one, is split; each copy says one missile, and the first source's words are kept."""
    t = datetime(2030, 3, 4, 1, 0, tzinfo=UTC)
    first = Event(state="North Korea", launches=[_launch(t, SUNAN, count=2, distance=300e3)])
    for la in first.launches:
        for c in la.claims:
            if c.field == "count":
                c.reported = "two ballistic missiles"
    reg.apply(reg.plan(first))
    second = Event(state="North Korea", launches=[
        _launch(t, SUNAN, source="Japan Ministry of Defense", distance=300e3),
        _launch(datetime(2030, 3, 4, 1, 4, tzinfo=UTC), SUNAN, source="Japan Ministry of Defense",
                distance=310e3)])
    reg.apply(reg.plan(second))
    ev = reg.get(first.key)
    assert sum(la.count for la in ev.launches) == 2 and len(ev.launches) == 2
    words = [c.reported for la in ev.launches for c in la.claims if c.field == "count" and c.source == JCS]
    assert words == ["two ballistic missiles", "two ballistic missiles"]
