# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""Report ingestion on reports written for these tests: several agencies, time zones
(KST, JST with a GMT parenthesis, Pyongyang time at UTC+8:30), units and phrasings."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from launchwatch.register import Register
from launchwatch.register.ingest import ingest_text

YONHAP = """SEOUL, March 24, 2022 (Yonhap) -- North Korea fired two short-range ballistic missiles into the East Sea on Thursday, South Korea's Joint Chiefs of Staff (JCS) said.

The missiles were launched from the Sunan area in Pyongyang at 8:10am and 8:32am, the JCS said. They flew about 800km (500 miles) and reached an altitude of 60 km, it added.
"""

REUTERS = """TOKYO, Nov 3 (Reuters) - North Korea launched a flurry of missiles on Thursday, including what Japan's Ministry of Defense said was an intercontinental ballistic missile, fired at 7:40 a.m. (2240 GMT on Wednesday) from near Pyongyang. It flew about 750 km at a maximum altitude of 2,000 km and landed in the Sea of Japan outside Japan's exclusive economic zone, Chief Cabinet Secretary Hirokazu Matsuno told reporters.
"""

KCNA_2017 = """WASHINGTON, July 4, 2017 -- North Korea said it successfully test-launched a Hwasong-14 intercontinental ballistic missile from Panghyon in North Pyongan Province at 9:40 a.m. Pyongyang time on Tuesday. The state news agency KCNA said the missile reached an altitude of 2,802 km and flew 933 km for 39 minutes before hitting a target in the East Sea of Korea. U.S. Pacific Command said it tracked a land-based intermediate range ballistic missile.
"""

JAPAN_MOD = """Japan's Ministry of Defense said North Korea launched one ballistic missile at around 06:52 JST on 14 January 2024 from the vicinity of Pyongyang. The missile flew about 500 km (400 miles) on an irregular trajectory at a maximum altitude of approximately 50 km and fell in the Sea of Japan.
"""

VAGUE = """North Korea fired several ballistic missiles from Mount Imaginary toward the Yellow Sea early Sunday, officials in Seoul said. The missiles flew roughly 250 miles.
"""


def _span_ok(text: str, x) -> None:
    assert text[x.span[0]:x.span[1]].strip() == x.text.strip() or x.span == (0, 0)


def _all_spans(d) -> None:
    for v in d.fields.values():
        for x in v if isinstance(v, list) else [] if v is None else [v]:
            _span_ok(d.text, x)
            assert 0.0 <= x.confidence <= 1.0


def test_yonhap_kst_two_srbms_km_and_miles() -> None:
    d = ingest_text(YONHAP)
    _all_spans(d)
    f = d.fields
    assert f["report_date"].value == date(2022, 3, 24) and f["report_place"].value == "Seoul"
    assert [t.value for t in f["times"]] == [datetime(2022, 3, 23, 23, 10, tzinfo=UTC),
                                            datetime(2022, 3, 23, 23, 32, tzinfo=UTC)]
    assert f["times"][0].text == "8:10am" and "on Thursday" in f["times"][0].note
    assert f["site"].value.key == "sunan" and f["site"].text == "Sunan area"
    assert f["landing"].value.key == "sea-of-japan" and f["landing"].text == "East Sea"
    assert f["distance"].value == 800e3 and f["distance"].text == "800km (500 miles)"
    assert f["distance"].confidence > 0.9  # both units agree
    assert f["apogee"].value == 60e3 and f["apogee"].text == "60 km"
    assert f["count"].value == 2 and f["count"].text.startswith("two")
    assert [c.value for c in f["missile_class"]] == ["SRBM"]
    assert [r.value for r in f["reporters"]] == ["Yonhap", "South Korea Joint Chiefs of Staff"]
    assert f["flight_time"] is None and f["outcome"] is None  # not in the report: empty
    ev = d.event
    assert ev.key == "KP-2022-03-23" and len(ev.launches) == 2 and ev.n_missiles == 2
    # the inversion flags the apogee: too low for any ballistic flight of 800 km
    assert ev.launches[0].reconstruction.regime == "quasi-ballistic"
    assert any("too flat for a ballistic flight" in fl for fl in d.flags)


def test_reuters_jst_with_gmt_parenthesis_and_a_flurry() -> None:
    d = ingest_text(REUTERS, report_date=date(2022, 11, 3))
    _all_spans(d)
    f = d.fields
    (t,) = f["times"]  # 7:40 a.m. JST and 2240 GMT on Wednesday are one moment
    assert t.value == datetime(2022, 11, 2, 22, 40, tzinfo=UTC) and "2240 GMT" in t.note
    assert f["count"] is None and f["count_min"].value == 2 and f["count_min"].text == "a flurry of missiles"
    assert [c.value for c in f["missile_class"]] == ["ICBM"]
    assert f["site"].value.key == "pyongyang" and f["apogee"].value == 2000e3
    assert f["distance"].value == 750e3 and f["landing"].text == "Sea of Japan"
    assert [r.value for r in f["reporters"]] == ["Reuters", "Japan Ministry of Defense",
                                                "Japan Chief Cabinet Secretary"]
    assert d.event.launches[0].reconstruction.regime == "lofted"
    assert "at least 2" in d.event.launches[0].notes


def test_pyongyang_time_2017_is_utc_plus_8_30_and_unknown_site_kept() -> None:
    d = ingest_text(KCNA_2017)
    _all_spans(d)
    f = d.fields
    (t,) = f["times"]
    assert t.value == datetime(2017, 7, 4, 1, 10, tzinfo=UTC)  # 9:40 at UTC+8:30
    assert t.text == "9:40 a.m. Pyongyang time"
    site = f["site"].value  # Panghyon is in the gazetteer now, with the public record's coordinates
    assert site.key == "panghyon" and site.uncertainty == 6e3
    assert f["flight_time"].value == 39 * 60.0 and f["flight_time"].text == "for 39 minutes"
    assert f["missile_name"].value == "Hwasong-14" and f["outcome"].value == "success"
    assert f["landing"].text == "East Sea of Korea" and f["landing"].value.key == "sea-of-japan"
    assert any("classes differ" in fl for fl in d.flags)
    assert [r.value for r in f["reporters"]] == ["KCNA (North Korea)", "US Indo-Pacific Command"]
    assert d.event.launches[0].reconstruction.regime == "lofted"


def test_japan_mod_jst_and_disagreeing_units() -> None:
    d = ingest_text(JAPAN_MOD)
    _all_spans(d)
    f = d.fields
    assert f["report_date"].value == date(2024, 1, 14)
    assert [t.value for t in f["times"]] == [datetime(2024, 1, 13, 21, 52, tzinfo=UTC)]
    assert f["count"].value == 1 and f["site"].value.key == "pyongyang"
    assert f["distance"].value == 500e3 and f["distance"].confidence == 0.5
    assert any("two units disagree" in fl for fl in d.flags)
    assert f["apogee"].value == 50e3


def test_vague_report_keeps_unknowns_empty_and_text() -> None:
    d = ingest_text(VAGUE, report_date=date(2023, 3, 19))
    _all_spans(d)
    f = d.fields
    assert f["times"] == [] and f["apogee"] is None and f["count"] is None
    assert f["count_min"].value == 3 and f["count_min"].text.startswith("several")
    assert f["site"].value.name == "Mount Imaginary" and not f["site"].value.known
    assert f["distance"].value == pytest.approx(250 * 1609.344)
    ev = d.event
    assert ev.launches[0].utc == datetime(2023, 3, 19, tzinfo=UTC) and not ev.launches[0].time_known
    assert any("no located launch site" in fl for fl in d.flags)
    assert ingest_text("Nothing to see here.").event is None


def test_committed_report_merges_with_a_second_source(tmp_path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        reg.add(ingest_text(YONHAP).event)
        other = ingest_text(YONHAP.replace("(Yonhap)", "(AP)").replace("Joint Chiefs of Staff (JCS)",
                                                                      "Joint Chiefs of Staff"))
        s = reg.add(other.event)
        assert s.merged == ["KP-2022-03-23"] and len(reg) == 1
        names = [x.name for x in reg.get("KP-2022-03-23").sources]
        assert "Associated Press" in names and "Yonhap" in names
        la = reg.get("KP-2022-03-23").launches[0]
        assert la.reconstruction is not None and la.bearing is None
        assert la.site.lat == pytest.approx(math.radians(39.20299))  # Sunan (CNS coordinates)
