
"""Launch times and days told on a calendar west of the site: a US command's statement in
Hawaii time dated by its own (earlier) day, "Tuesday evening in Washington, Wednesday
morning local time", Pacific and Eastern times, and a database record whose "Date:" field
is the launch's while its "Last updated" line is the record's.  Reports written for these
tests; expected instants worked out by hand (KST = UTC+9, HST = UTC-10, EST = UTC-5,
PDT = UTC-7)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from launchwatch.register.ingest import ingest_text


def _times(d) -> list[datetime]:
    return sorted(t.value.astimezone(UTC).replace(tzinfo=None) for t in d.fields["times"])


def test_a_hawaii_time_dated_by_its_own_day_is_the_next_day_at_the_site() -> None:
    text = (
        "Statement on North Korean Missile Launch\n\nMarch 3, 2023\n\nHONOLULU --\n\n"
        "U.S. Pacific forces detected the launch of a short-range ballistic missile from near Sukchon, "
        "North Korea, at about 4:20 p.m. Hawaii Standard Time, March 3. The launch does not pose an "
        "immediate threat to U.S. territory.\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["launch_date"].value == date(2023, 3, 4)  # 16:20 HST on 3 March = 11:20 KST on 4 March
    assert _times(d) == [datetime(2023, 3, 4, 2, 20)]
    assert d.fields["times"][0].zone == "Pacific/Honolulu"
    assert d.fields["site"] is not None  # the clause of the dated clock is this launch's


def test_a_weekday_in_washington_yields_to_the_local_one() -> None:
    text = (
        "North Korea fires missile toward Sea of Japan\n\nJan. 8, 2023 9:40 PM EST\n\n"
        "WASHINGTON (AP) — North Korea fired a ballistic missile on Sunday evening in Washington, Monday "
        "morning local time, South Korea's Joint Chiefs of Staff said. The JCS said the missile was launched "
        "at 8:05 a.m. from the Pyongyang area and flew about 350 kilometers.\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["launch_date"].value == date(2023, 1, 9)
    assert _times(d) == [datetime(2023, 1, 8, 23, 5)]


@pytest.mark.parametrize(
    "clock, utc",
    [
        ("6:15 p.m. PDT", datetime(2024, 6, 26, 1, 15)),
        ("6:15 p.m. Pacific time", datetime(2024, 6, 26, 1, 15)),
        ("9:15 p.m. Eastern Daylight Time", datetime(2024, 6, 26, 1, 15)),
        ("10:15 a.m. Korea Standard Time", datetime(2024, 6, 26, 1, 15)),
        ("01:15 Coordinated Universal Time", datetime(2024, 6, 26, 1, 15)),
    ],
)
def test_us_and_spelled_out_zones(clock: str, utc: datetime) -> None:
    text = (
        "SEOUL, June 26, 2024 (Reuters) - North Korea launched a ballistic missile from near Pyongyang on "
        f"Wednesday, South Korea's military said. The missile was fired at {clock}, it said.\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["launch_date"].value == date(2024, 6, 26)
    assert _times(d) == [utc]


def test_a_records_date_field_is_the_launch_day_not_its_update_line() -> None:
    text = (
        "Missile launch record\n\nLast updated: 12 March 2020\n\n"
        "Date: 9 March 2020 (Monday)\nLaunch time: 07:36 KST\nFacility: Sondok, South Hamgyong Province\n"
        "Missile type: SRBM\nNumber launched: 3\nDistance travelled: ~200 km\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["launch_date"].value == date(2020, 3, 9)
    assert _times(d) == [datetime(2020, 3, 8, 22, 36)]


def test_a_release_date_field_without_a_launch_time_field_is_not_taken_for_the_launch() -> None:
    text = (
        "Press release\n\nDate: 10 March 2020\n\n"
        "North Korea launched three short-range ballistic missiles from Sondok on Monday morning, "
        "the Joint Chiefs of Staff said.\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["launch_date"].value == date(2020, 3, 9)  # Monday before the 10th, not the release's day


def test_a_zone_written_once_for_a_pair_of_times_is_both_times_zone() -> None:
    """"(2:30 p.m. and 2:46 p.m. ET Tuesday)" gives the first time US Eastern time too (had
    been read as Korean time: a third launch at 05:30 UTC); "05:24 and 05:36 KST" likewise."""
    text = ("SEOUL, July 19, 2023 (Yonhap) -- Two short-range ballistic missiles were fired from "
            "the Sunan area at 3:30 a.m. and 3:46 a.m. Wednesday (2:30 p.m. and 2:46 p.m. ET "
            "Tuesday), the JCS said.")
    times = ingest_text(text, reconstruct=False).fields["times"]
    assert [x.value.strftime("%d %H:%M") for x in times] == ["18 18:30", "18 18:46"]
    text = ("WASHINGTON, July 18, 2023 (AP) -- North Korea fired two ballistic missiles at 05:24 and "
            "05:36 KST on Wednesday, South Korea's military said.")
    times = ingest_text(text, reconstruct=False).fields["times"]
    assert [x.value.strftime("%d %H:%M") for x in times] == ["18 20:24", "18 20:36"]
