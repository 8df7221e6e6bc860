"""Rounds by local calendar day at the launch site, with the days worked out by hand here
(Pyongyang kept UTC+9 except UTC+8:30 from 15 Aug 2015 to 4 May 2018)."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from launchwatch.register import Event, Launch, Place, Register
from launchwatch.register.models import local_day, round_key, split_rounds

WONSAN = Place(name="Wonsan", lat=math.radians(39.17), lon=math.radians(127.48), key="wonsan")
PANGHYON = Place(name="Panghyon", lat=math.radians(39.93), lon=math.radians(125.21))
SUNAN = Place(name="Sunan", lat=math.radians(39.21), lon=math.radians(125.68), key="sunan")
# at sea east of Sinpo (a submarine launch): the launching state's zone, not a nautical one
AT_SEA = Place(name="off Sinpo", lat=math.radians(40.0), lon=math.radians(129.2))


def _la(t: datetime, site: Place = WONSAN, **kw) -> Launch:
    return Launch(utc=t, time_known=True, site=site, **kw)


@pytest.mark.parametrize(("utc", "site", "day"), [
    # 23:10 UTC on 7 May 2025 + 9 h = 08:10 on 8 May (the seed round)
    (datetime(2025, 5, 7, 23, 10, tzinfo=UTC), WONSAN, "2025-05-08"),
    # 00:20 UTC on 8 May + 9 h = 09:20 on 8 May: the same local day
    (datetime(2025, 5, 8, 0, 20, tzinfo=UTC), WONSAN, "2025-05-08"),
    # 13:37 UTC on 17 Dec 2023 + 9 h = 22:37 on the 17th; 23:24 UTC + 9 h = 08:24 on the 18th
    (datetime(2023, 12, 17, 13, 37, tzinfo=UTC), SUNAN, "2023-12-17"),
    (datetime(2023, 12, 17, 23, 24, tzinfo=UTC), SUNAN, "2023-12-18"),
    # 15:20 UTC on 22 Jun 2016 + 8:30 = 23:50 on the 22nd (UTC+9 would say the 23rd)
    (datetime(2016, 6, 22, 15, 20, tzinfo=UTC), PANGHYON, "2016-06-22"),
    # the change to UTC+8:30 at 15:00 UTC on 14 Aug 2015: 15:20 UTC + 8:30 = 23:50 on the 14th
    (datetime(2015, 8, 14, 15, 20, tzinfo=UTC), PANGHYON, "2015-08-14"),
    # ... and 14:50 UTC that day was still UTC+9: 23:50 on the 14th as well
    (datetime(2015, 8, 14, 14, 50, tzinfo=UTC), PANGHYON, "2015-08-14"),
    # back to UTC+9 at 15:00 UTC on 4 May 2018: 15:20 UTC + 9 h = 00:20 on 5 May
    (datetime(2018, 5, 4, 15, 20, tzinfo=UTC), PANGHYON, "2018-05-05"),
    # 14:50 UTC on 4 May 2018 + 8:30 = 23:20 on the 4th
    (datetime(2018, 5, 4, 14, 50, tzinfo=UTC), PANGHYON, "2018-05-04"),
    # at sea in 2016: North Korea's UTC+8:30 (15:20 + 8:30 = 23:50 on 23 Aug), not Etc/GMT-9
    (datetime(2016, 8, 23, 15, 20, tzinfo=UTC), AT_SEA, "2016-08-23"),
])
def test_local_day_at_the_site(utc: datetime, site: Place, day: str) -> None:
    assert local_day(_la(utc, site), "North Korea") == day


def test_untimed_and_month_only_records_keep_their_date() -> None:
    untimed = Launch(utc=datetime(1993, 5, 29, tzinfo=UTC), site=WONSAN)
    assert local_day(untimed, "North Korea") == "1993-05-29"
    month = Launch(utc=datetime(1984, 9, 1, tzinfo=UTC), date_precision="month")
    assert local_day(month, "North Korea") == "1984-09"
    assert Event(state="North Korea", launches=[month]).key == "KP-1984-09"
    # no site: the state's zone (15:20 UTC + 9 h = 00:20 next day)
    nosite = Launch(utc=datetime(2022, 3, 4, 15, 20, tzinfo=UTC), time_known=True)
    assert local_day(nosite, "North Korea") == "2022-03-05"
    assert local_day(nosite, None) == "2022-03-04"  # no state, no site: UTC


def test_a_round_is_one_state_on_one_local_day() -> None:
    ev = Event(state="North Korea", launches=[
        _la(datetime(2025, 5, 7, 23, 10, tzinfo=UTC)), _la(datetime(2025, 5, 7, 23, 12, tzinfo=UTC)),
        _la(datetime(2025, 5, 8, 0, 20, tzinfo=UTC))])
    assert ev.key == "KP-2025-05-08" and ev.rounds() == [ev] and ev.year == 2025
    two = Event(state="North Korea", launches=[
        _la(datetime(2023, 12, 17, 13, 37, tzinfo=UTC), SUNAN),
        _la(datetime(2023, 12, 17, 23, 24, tzinfo=UTC), SUNAN)])
    parts = split_rounds(two)
    assert [p.key for p in parts] == ["KP-2023-12-17", "KP-2023-12-18"]
    assert [len(p.launches) for p in parts] == [1, 1] and parts[1].launches[0].seq == 1
    # an old UTC-day key is replaced by the round key and kept as an alias
    old = Event(key="KP-2025-05-07", state="North Korea",
                launches=[_la(datetime(2025, 5, 7, 23, 10, tzinfo=UTC))])
    (new,) = old.rounds()
    assert new.key == "KP-2025-05-08" and new.aliases == ["KP-2025-05-07"]
    # a hand-chosen key is left alone
    mine = Event(key="exercise-7", state="North Korea", launches=two.launches)
    assert mine.rounds() == [mine]
    key = round_key("North Korea", "2025-05-08", simulated=True, suffix="-seed0")
    assert key == "SIM-KP-2025-05-08-seed0"


def test_round_numbers_run_per_local_year(tmp_path) -> None:
    days = [datetime(2025, 1, 6, 3, 1, tzinfo=UTC), datetime(2025, 5, 7, 23, 10, tzinfo=UTC),
            datetime(2025, 5, 8, 0, 20, tzinfo=UTC),
            # 16:00 UTC on 31 Dec 2025 + 9 h = 01:00 on 1 Jan 2026: the first round of 2026
            datetime(2025, 12, 31, 16, 0, tzinfo=UTC)]
    with Register(tmp_path / "r.sqlite") as reg:
        reg.add([Event(state="North Korea", launches=[_la(t)]) for t in days])
        assert reg.keys() == ["KP-2025-01-06", "KP-2025-05-08", "KP-2026-01-01"]
        assert reg.round_number("KP-2025-05-08") == (2, 2025)
        assert reg.round_number("KP-2026-01-01") == (1, 2026)
        assert len(reg.get("KP-2025-05-08").launches) == 2
        # simulated rounds never count, but get the number they would have
        sim = Event(state="North Korea", simulated=True, key="SIM-KP-2025-03-01-x",
                    launches=[_la(datetime(2025, 3, 1, 1, 0, tzinfo=UTC))])
        reg.add(sim)
        assert reg.round_number("SIM-KP-2025-03-01-x") == (2, 2025)
        assert reg.round_number("KP-2025-05-08") == (2, 2025)
        assert reg.stats()["events_per_year"] == {2025: 2, 2026: 1}
