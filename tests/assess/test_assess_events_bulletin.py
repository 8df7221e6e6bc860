"""Classes, rounds from measured launches, and the bulletin: derived from the facts, in
correct English, with local days and times worked out by hand here."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from launchwatch.assess.bulletin import bulletin, bulletin_json
from launchwatch.assess.events import Claim, Event, Launch, LaunchFacts, Place, classify_range, group_launches
from launchwatch.errors import InputError

WONSAN = (math.radians(39.17), math.radians(127.48))
SEA_POINT = (math.radians(40.0), math.radians(133.0))  # in the Sea of Japan


def _salvo(t0: datetime, ranges_km, gap_min=2, where=WONSAN, area="near Wonsan", **kw):
    return [LaunchFacts(t0 + timedelta(minutes=gap_min * i), *where, range_m=r * 1e3,
                        impact_lat=SEA_POINT[0], impact_lon=SEA_POINT[1], launch_area=area, **kw)
            for i, r in enumerate(ranges_km)]


def test_classes_by_range() -> None:
    codes = classify_range([100e3, 299e3, 300e3, 800e3, 1500e3, 4000e3, 12000e3, math.nan])
    assert codes.tolist() == ["SRBM", "SRBM", "SRBM", "SRBM", "MRBM", "IRBM", "ICBM", ""]
    with pytest.raises(InputError, match="range_m"):
        classify_range(-5.0)


def test_the_seed_statement() -> None:
    launches = (_salvo(datetime(2025, 5, 7, 23, 10, tzinfo=UTC), [250, 255])
                + _salvo(datetime(2025, 5, 8, 0, 20, tzinfo=UTC), [800]))
    (ev,) = group_launches(launches)
    assert ev.key == "KP-2025-05-08" and ev.state == "North Korea" and not ev.simulated
    text = bulletin(ev, round_of_year=4, live=True)
    # 23:10 UTC on 7 May + 9 h = 08:10 KST on 8 May; 00:20 UTC + 9 h = 09:20 KST
    assert text == ("On 8 May 2025, North Korea launched three short-range ballistic missiles from "
                    "near Wonsan between 08:10 and 09:20 KST (23:10\u201300:20 UTC); they flew up to "
                    "800 km and landed in the Sea of Japan (East Sea). This is the fourth round of "
                    "launches this year.")
    js = bulletin_json(ev, round_of_year=4)
    assert js["count"] == 3 and js["local_zone"] == "Asia/Pyongyang" and js["classes"] == {"SRBM": 3}
    assert js["local_day"] == "2025-05-08"
    # every figure is a measured claim
    assert {c.kind for la in ev.launches for c in la.claims} == {"measured"}


def test_rounds_follow_the_local_day() -> None:
    """08:24 KST on 18 Dec is not the round of 22:37 KST on 17 Dec, though both fall on
    17 Dec in UTC; a round at 10:00 KST three days later is another round."""
    pyongyang = (math.radians(39.03), math.radians(125.75))
    a = _salvo(datetime(2023, 12, 17, 13, 37, tzinfo=UTC), [570], where=pyongyang, area="near Pyongyang")
    b = _salvo(datetime(2023, 12, 17, 23, 24, tzinfo=UTC), [1000], where=pyongyang, area="near Pyongyang")
    c = _salvo(datetime(2023, 12, 20, 1, 0, tzinfo=UTC), [300], where=pyongyang, area="near Pyongyang")
    evs = group_launches(a + b + c, simulated=True, key_suffix="-x")
    assert [e.key for e in evs] == ["SIM-KP-2023-12-17-x", "SIM-KP-2023-12-18-x", "SIM-KP-2023-12-20-x"]
    t = bulletin(evs[1])
    assert t.startswith("Simulated round: On 18 December 2023, North Korea launched a medium-range "
                        "ballistic missile from near Pyongyang at 08:24 KST (23:24 UTC)")  # 1,000 km
    assert "flew about 1,000 km" in t


def test_pyongyang_time_2015_2018() -> None:
    (ev,) = group_launches(_salvo(datetime(2016, 6, 22, 0, 0, tzinfo=UTC), [400]))
    assert "at 08:30 KST (00:00 UTC)" in bulletin(ev)  # UTC+8:30 then


def _rec(**kw) -> Launch:
    base = {"utc": datetime(2022, 11, 2, 23, 39, tzinfo=UTC), "time_known": True,
            "site": Place(name="Sunan", lat=0.6843, lon=2.1935)}
    return Launch(**{**base, **kw})


def test_english_of_the_register_records() -> None:
    # number agreement and articles; unknown shown one way; failures said as failures
    unknown = Event(state="North Korea", launches=[_rec(count=8, seq=1)])
    t = bulletin(unknown)
    assert "launched eight missiles of unknown type from Sunan" in t and "classs" not in t
    one = Event(state="North Korea", launches=[_rec()])
    assert "launched a missile of unknown type" in bulletin(one)
    mixed = Event(state="North Korea", launches=[
        _rec(seq=1, missile_class="SRBM", count=2), _rec(seq=2, missile_class=None),
        _rec(seq=3, missile_name="Hwasong-17", missile_class="ICBM", distance=330e3, outcome="failure")])
    t = bulletin(mixed)
    assert ("launched four missiles (two short-range ballistic missiles, one intercontinental "
            "ballistic missile and one of unknown type)") in t
    assert "One of them was a failure." in t and "UNKNOWN" not in t
    all_failed = Event(state="North Korea", launches=[_rec(missile_name="Hwasong-17", missile_class="ICBM",
                                                           outcome="failure")])
    assert "a Hwasong-17 intercontinental ballistic missile" in bulletin(all_failed)
    assert bulletin(all_failed).count("The launch failed.") == 1
    # untimed and month-only records are said as such (no 00:00)
    untimed = Event(state="North Korea", launches=[_rec(utc=datetime(1993, 5, 29, tzinfo=UTC),
                                                        time_known=False, missile_name="Nodong",
                                                        missile_class="MRBM")])
    t = bulletin(untimed)
    assert t.startswith("On 29 May 1993 (time of day not reported), North Korea launched a Nodong "
                        "medium-range ballistic missile from Sunan") and "00:00" not in t
    month = Event(state="North Korea", launches=[_rec(utc=datetime(1984, 9, 1, tzinfo=UTC), time_known=False,
                                                      date_precision="month", missile_name="Scud-B",
                                                      missile_class="SRBM", count=3, outcome="failure")])
    t = bulletin(month)
    assert t.startswith("In September 1984 (day not reported), North Korea launched three Scud-B "
                        "short-range ballistic missiles") and "All three failed." in t
    # a landing area from the public record reads as English, not "Sea of Japan or East Sea"
    sea = Event(state="North Korea", launches=[_rec(landing=Place(name="Sea of Japan", key="sea-of-japan"),
                                                    missile_class="SRBM", distance=600e3)])
    assert "landed in the Sea of Japan (East Sea)" in bulletin(sea)
    # a space launch flies no "flight"
    slv = Event(state="North Korea", launches=[_rec(missile_name="Unha-3", missile_class="SLV",
                                                    distance=2600e3, outcome="success")])
    t = bulletin(slv)
    assert "an Unha-3 space launch vehicle" in t and "flew" not in t and "The launch succeeded." in t


def test_at_least_and_kept_apart_records() -> None:
    c = Claim(field="count", value=3, qualifier="at_least", source="JCS")
    ev = Event(state="North Korea", launches=[
        _rec(seq=1, missile_class="SRBM", count=3, claims=[c]),
        _rec(seq=2, missile_class="SRBM", possible_duplicate_of=[1])])
    t = bulletin(ev)
    assert "launched at least three short-range ballistic missiles" in t
    assert "A further report of one missile could not be told apart from these and is not counted." in t


def test_articles_and_lofted_flights() -> None:
    t = datetime(2017, 7, 28, 14, 41, tzinfo=UTC)
    (ev,) = group_launches(_salvo(t, [6000.0]))
    assert "an intercontinental ballistic missile" in bulletin(ev)
    lofted = _salvo(t, [500], regime="lofted")[:1] + _salvo(t + timedelta(minutes=5), [500, 500])
    (ev,) = group_launches(lofted)
    assert "One of them flew a lofted trajectory." in bulletin(ev)
    with pytest.raises(InputError, match="time"):
        LaunchFacts(datetime(2025, 5, 8, 23, 0), *WONSAN)


def test_two_names_of_one_area_are_said_once() -> None:
    """Issue 10's leftover: a round whose launches were reconciled to "South Wonsan" (the
    record's facility) and "Wonsan" (a report's town) read "from South Wonsan and Wonsan".
    One area is named once, by the name true of both launches (the town); two areas 200 km
    apart are both named."""
    t = datetime(2025, 5, 7, 23, 10, tzinfo=UTC)
    south = Place(name="South Wonsan", lat=math.radians(39.151), lon=math.radians(127.621),
                  uncertainty=5e3, key="south-wonsan")
    town = Place(name="Wonsan", lat=math.radians(39.171), lon=math.radians(127.491),
                 uncertainty=10e3, key="wonsan")
    sunan = Place(name="Sunan", lat=math.radians(39.206), lon=math.radians(125.719),
                  uncertainty=5e3, key="sunan")
    ev = Event(state="North Korea", launches=[
        _rec(seq=1, utc=t, site=south, distance=250e3, missile_class="SRBM"),
        _rec(seq=2, utc=t + timedelta(minutes=1), site=town, distance=250e3, missile_class="SRBM")])
    text = bulletin(ev)
    assert " from Wonsan between 08:10 and 08:11 KST" in text and "South Wonsan" not in text, text
    # the same two names without coordinates: one is the other's name with a word more
    bare = Event(state="North Korea", launches=[
        _rec(seq=1, utc=t, site=Place(name="Kaechon Airbase"), missile_class="SRBM"),
        _rec(seq=2, utc=t, site=Place(name="Kaechon"), missile_class="SRBM")])
    assert " from Kaechon at " in bulletin(bare), bulletin(bare)
    two = Event(state="North Korea", launches=[
        _rec(seq=1, utc=t, site=town, missile_class="SRBM"),
        _rec(seq=2, utc=t, site=sunan, missile_class="SRBM")])
    assert " from Wonsan and Sunan at " in bulletin(two), bulletin(two)


def test_a_launch_whose_point_was_not_determined_names_no_launch_area() -> None:
    """A measured launch whose observations did not pin its launch (a track that began in
    mid-course: the assessment flags "launch point not determined") keeps its point and
    uncertainty in the register but names no launch area, and the bulletin says so; the
    other launch of the round still names its area."""
    flag = ("launch point not determined (the track began after burnout; 95 % region 140 km "
            "> 50 km): the point and time are kept with their uncertainty")
    t0 = datetime(2025, 5, 7, 23, 10, tzinfo=UTC)
    sure = _salvo(t0, [250])[0]
    unsure = LaunchFacts(t0 + timedelta(minutes=3), *WONSAN, range_m=260e3,
                         impact_lat=SEA_POINT[0], impact_lon=SEA_POINT[1], launch_area="near Wonsan",
                         launch_error_m=140e3, flags=[flag], launch_determined=False)
    (ev,) = group_launches([sure, unsure])
    la = next(x for x in ev.launches if x.flags)
    assert la.site.name == "" and la.site.key is None
    assert la.site.lat == pytest.approx(WONSAN[0]) and la.site.uncertainty == pytest.approx(140e3)
    text = bulletin(ev)
    # 23:10 and 23:13 UTC + 9 h = 08:10 and 08:13 KST
    assert text.startswith("On 8 May 2025, North Korea launched two short-range ballistic "
                           "missiles from near Wonsan between 08:10 and 08:13 KST"), text
    assert text.endswith(" The launch point of one of them was not determined from what was "
                         "seen."), text
    (alone,) = group_launches([unsure])
    text = bulletin(alone)
    assert " from " not in text.split(";")[0], text
    assert text.endswith(" The launch point was not determined from what was seen."), text
    assert bulletin_json(alone)["launches"][0]["flags"] == [flag]
