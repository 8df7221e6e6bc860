# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""English wire copy: rules an analyst reads by (issue 16), each on a short report written
for the test; expected values worked out by hand (UTC = local time minus the zone's
offset on that date; Pyongyang was UTC+8:30 from August 2015 to May 2018)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from launchwatch.register.ingest import ingest_text

JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"


def _times(d) -> list[datetime]:
    return [t.value for t in d.fields["times"] or []]


# -- times -----------------------------------------------------------------------------------
def test_utc_times_in_an_aside_between_dashes_restate_the_local_ones() -> None:
    """"at 6:12 a.m. and 6:40 a.m. local time - 21:12 and 21:40 UTC on Monday -": the
    aside is a parenthesis; its zone and day are its own, not the local times'."""
    d = ingest_text(
        "SEOUL, March 3 (Wire) - North Korea fired two missiles on Tuesday morning, the JCS said.\n\n"
        "The JCS said the missiles were launched at 6:12 a.m. and 6:40 a.m. local time - 21:12 and 21:40 UTC on Monday - and flew about 300 km.",
        report_date=date(2020, 3, 3),
        reconstruct=False,
    )
    assert d.fields["launch_date"].value == date(2020, 3, 3)
    assert _times(d) == [datetime(2020, 3, 2, 21, 12, tzinfo=UTC), datetime(2020, 3, 2, 21, 40, tzinfo=UTC)]


def test_an_offset_is_not_a_clock_and_pyongyang_standard_time_is_a_zone() -> None:
    """"08:40 KST / 08:10 Pyongyang Standard Time (UTC+8:30)": one launch, not three."""
    d = ingest_text(
        "Record of a launch\n\nDate: 9 March 2017\nTime: 08:40 KST / 08:10 Pyongyang Standard Time (UTC+8:30)\n"
        "Launch area: near Wonsan\n",
        reconstruct=False,
    )
    assert _times(d) == [datetime(2017, 3, 8, 23, 40, tzinfo=UTC)]


def test_an_impact_time_far_down_a_long_clause_is_not_a_launch() -> None:
    """The verb of the clause ("came down") governs a time written after a long place phrase."""
    d = ingest_text(
        "TOKYO, May 5 (Wire) - North Korea fired a ballistic missile on Tuesday, Japan's Defense Ministry said.\n\n"
        "According to the ministry, the missile was launched at around 6:05 a.m. from near Sinpo and came down in the Sea of Japan inside Japan's exclusive economic zone about 200 km west of the Oga Peninsula in Akita Prefecture at around 6:19 a.m.",
        report_date=date(2020, 5, 5),
        reconstruct=False,
    )
    assert _times(d) == [datetime(2020, 5, 4, 21, 5, tzinfo=UTC)]
