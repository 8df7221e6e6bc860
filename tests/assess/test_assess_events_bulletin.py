"""Classes, grouping into events and the bulletin: derived from the facts, not templated."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from launchwatch.assess.bulletin import bulletin, bulletin_json
from launchwatch.assess.events import LaunchFacts, classify_range, group_launches
from launchwatch.errors import InputError

WONSAN = (math.radians(39.17), math.radians(127.48))
SEA = "the Sea of Japan (East Sea)"


def _salvo(t0: datetime, ranges_km, gap_min=2, where=WONSAN, area="near Wonsan",
           landing=SEA, **kw):
    return [LaunchFacts(t0 + timedelta(minutes=gap_min * i), *where, range_m=r * 1e3,
                        launch_area=area, landing_area=landing, **kw)
            for i, r in enumerate(ranges_km)]


def test_classes_by_range() -> None:
    codes = classify_range([100e3, 299e3, 300e3, 800e3, 1500e3, 4000e3, 12000e3, math.nan])
    assert codes.tolist() == ["CRBM", "CRBM", "SRBM", "SRBM", "MRBM", "IRBM", "ICBM", ""]
    with pytest.raises(InputError, match="range_m"):
        classify_range(-5.0)


def test_the_demo_like_statement() -> None:
    launches = (_salvo(datetime(2025, 5, 8, 23, 10, tzinfo=UTC), [250, 255])
                + _salvo(datetime(2025, 5, 9, 0, 20, tzinfo=UTC), [800]))
    (ev,) = group_launches(launches)
    text = bulletin(ev, round_of_year=4)
    assert text.startswith("On 9 May 2025, three ballistic missiles (two close-range, one "
                           "short-range) were launched from near Wonsan between 08:10 and 09:20 "
                           "KST (23:10-00:20 UTC)")
    assert "flew up to 800 km" in text and f"landed in {SEA}" in text
    assert text.endswith("This is the fourth round of launches this year.")
    js = bulletin_json(ev, round_of_year=4)
    assert js["count"] == 3 and js["local_zone"] == "Asia/Pyongyang"
    assert js["classes"] == {"CRBM": 2, "SRBM": 1}


def test_bulletin_follows_the_scenario() -> None:
    """Change site, times, ranges and add a second event days later: the text follows."""
    pyongyang = (math.radians(39.03), math.radians(125.75))
    a = _salvo(datetime(2024, 1, 14, 5, 55, tzinfo=UTC), [1000, 990], gap_min=30,
               where=pyongyang, area="near Pyongyang")
    b = _salvo(datetime(2024, 1, 20, 2, 0, tzinfo=UTC), [420], where=pyongyang,
               area="near Pyongyang", landing="the Yellow Sea", regime="quasi-ballistic")
    ev1, ev2 = group_launches(a + b)
    t1 = bulletin(ev1)
    assert "two ballistic missiles (one short-range, one medium-range)" in t1
    assert "between 14:55 and 15:25 KST (05:55-06:25 UTC)" in t1 and "up to 1,000 km" in t1
    t2 = bulletin(ev2, actor="North Korea")
    assert t2.startswith("On 20 January 2024, North Korea launched a short-range ballistic "
                         "missile from near Pyongyang at 11:00 KST (02:00 UTC)")
    assert "about 420 km" in t2 and "the Yellow Sea" in t2 and "quasi-ballistic" in t2


def test_pyongyang_time_2015_2018() -> None:
    ev = group_launches(_salvo(datetime(2016, 6, 22, 0, 0, tzinfo=UTC), [400]))[0]
    assert "at 08:30 KST (00:00 UTC)" in bulletin(ev)  # UTC+8:30 then


def test_grouping_by_place_and_time() -> None:
    t = datetime(2025, 5, 8, 23, 0, tzinfo=UTC)
    far = (math.radians(40.8), math.radians(129.7))  # ~300 km away
    launches = (_salvo(t, [250, 250]) + _salvo(t + timedelta(minutes=30), [300], where=far)
                + _salvo(t + timedelta(hours=5), [250]))
    evs = group_launches(launches)
    assert [e.count for e in evs] == [2, 1, 1]
    assert len(group_launches(launches, max_distance_m=500e3, max_gap=timedelta(hours=6))) == 1
    with pytest.raises(InputError, match="time"):
        LaunchFacts(datetime(2025, 5, 8, 23, 0), *WONSAN)


def test_articles_and_counts_in_words() -> None:
    t = datetime(2017, 7, 28, 14, 41, tzinfo=UTC)
    (ev,) = group_launches(_salvo(t, [1000.0 * 6]))
    assert "an intercontinental ballistic missile" in bulletin(ev)
    (ev,) = group_launches(_salvo(t, [500, 500, 500], regime="lofted")[:1]
                           + _salvo(t + timedelta(minutes=5), [500, 500]))
    assert "One of them flew a lofted trajectory." in bulletin(ev)
