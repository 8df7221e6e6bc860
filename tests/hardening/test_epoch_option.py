"""The ``--epoch`` option of ``assess`` and ``watch``: one parser, one-line errors naming it."""

from datetime import UTC, datetime

import pytest

from launchwatch.errors import InputError, check_utc


def test_an_offset_time_becomes_utc() -> None:
    assert check_utc("--epoch", "2025-05-08T08:10+09:00") == datetime(2025, 5, 7, 23, 10, tzinfo=UTC)
    assert check_utc("--epoch", "2025-05-07T23:10Z") == datetime(2025, 5, 7, 23, 10, tzinfo=UTC)


@pytest.mark.parametrize(("value", "why"), [
    ("2025-05-08T23:00", "must carry a time zone"),
    ("8 May 2025", "not an ISO 8601 time"),
    ("9999-12-31T23:59-05:00", "out of the range of dates"),
])
def test_bad_epochs_are_refused_naming_the_option(value: str, why: str) -> None:
    with pytest.raises(InputError) as err:
        check_utc("--epoch", value)
    assert "--epoch" in str(err.value) and why in str(err.value) and value in str(err.value)
