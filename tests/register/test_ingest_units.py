"""The one unit table that the importers and the report reader share."""

from __future__ import annotations

import pytest

from launchwatch.register import units
from launchwatch.register.importers import read_rows


@pytest.mark.parametrize(("word", "metres"), [
    ("km", 1000.0), ("Kilometres", 1000.0), ("kilometers", 1000.0), ("km.", 1000.0),
    ("miles", 5280 * 0.3048), ("mi", 5280 * 0.3048),            # statute mile = 5,280 ft
    ("nautical miles", 1852.0), ("nmi", 1852.0), ("NM", 1852.0),  # 1 nmi = 1,852 m exactly
    ("feet", 0.3048), ("m", 1.0), ("metres", 1.0),
    ("\u339e", 1000.0), ("킬로미터", 1000.0), ("마일", 5280 * 0.3048), ("해리", 1852.0),
    ("キロ", 1000.0), ("キロメートル", 1000.0), ("海里", 1852.0),
])
def test_length_words(word: str, metres: float) -> None:
    assert units.length_unit(word) == pytest.approx(metres, rel=1e-12)


@pytest.mark.parametrize(("word", "seconds"), [
    ("minutes", 60.0), ("min", 60.0), ("hours", 3600.0), ("hrs", 3600.0), ("seconds", 1.0),
    ("분", 60.0), ("시간", 3600.0), ("初", None), ("分", 60.0), ("時間", 3600.0), ("秒", 1.0),
])
def test_duration_words(word: str, seconds: float | None) -> None:
    assert units.duration_unit(word) == (None if seconds is None else pytest.approx(seconds))


def test_not_units() -> None:
    for w in ("kmh", "degrees", "", "mach", "knots"):
        assert units.length_unit(w) is None


def test_importers_read_through_the_same_table() -> None:
    rows = [(2, {"date": "2022-10-04", "time_utc": "22:23", "apogee_km": "600 miles",
                 "distance_km": "300 nmi", "site": "Sunan"})]
    (ev,), errors = read_rows(rows)
    assert errors == []
    la = ev.launches[0]
    assert la.apogee == pytest.approx(600 * 5280 * 0.3048)
    assert la.distance == pytest.approx(300 * 1852.0)
    with pytest.raises(Exception, match="unknown unit 'furlongs'"):
        read_rows([(2, {"date": "2022-10-04", "distance_km": "3 furlongs"})])
