# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""Reading reports written for these tests in the styles wire copy uses: dates and zones
from wherever the story puts them, launch times only, figures of this launch and of the
agency that gave them, places, kinds and outcomes.  Expected values are worked out by
hand in each test (UTC = local time minus the zone's offset on that date)."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import pytest

from launchwatch.errors import InputError
from launchwatch.register import Register
from launchwatch.register.ingest import MAX_REPORT_CHARS, ingest_text

JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"
KCNA = "KCNA (North Korea)"


def _utc(*a: int) -> datetime:
    return datetime(*a, tzinfo=UTC)


def _spans_hold(d) -> None:
    """Every extracted field's span is where its text is in the report."""
    for v in d.fields.values():
        for x in v if isinstance(v, list) else [] if v is None else [v]:
            assert 0.0 <= x.confidence <= 1.0
            if x.span != (0, 0):
                assert d.text[x.span[0]:x.span[1]].strip() == x.text.strip(), (x.text, d.text[x.span[0]:x.span[1]])


def _claims(d, field: str) -> dict[str, object]:
    return {c.value["source"]: c.value["value"] for c in d.fields["claims"] if c.value["field"] == field}


# -- dates and zones ---------------------------------------------------------------------------
YONHAP = """N. Korea fires ballistic missile into East Sea

All News 09:12 October 06, 2022

SEOUL, Oct. 6 (Yonhap) -- North Korea fired two short-range ballistic missiles toward the East Sea on Thursday, the Joint Chiefs of Staff (JCS) said.

The JCS said it detected the missiles launched from the Samsok area in Pyongyang at 6:01 a.m. and 6:23 a.m. They flew about 350 km and 800 km, respectively, the JCS said.
"""


def test_dateline_below_the_headline_takes_its_year_from_the_timestamp() -> None:
    d = ingest_text(YONHAP, reconstruct=False)
    _spans_hold(d)
    f = d.fields
    assert f["report_date"].value == date(2022, 10, 6) and f["report_date"].text == "Oct. 6"
    assert f["report_place"].value == "Seoul"
    # 6:01 and 6:23 KST (UTC+9) on Thursday 6 October 2022 -> 21:01 and 21:23 UTC on the 5th
    assert [t.value for t in f["times"]] == [_utc(2022, 10, 5, 21, 1), _utc(2022, 10, 5, 21, 23)]
    assert [t.local.isoformat() for t in f["times"]] == ["2022-10-06T06:01:00+09:00", "2022-10-06T06:23:00+09:00"]
    assert f["times"][0].text == "6:01 a.m." and f["times"][0].source == JCS
    assert f["launch_date"].value == date(2022, 10, 6)
    assert f["site"].value.key == "samsok" and f["count"].value == 2
    # "350 km and 800 km, respectively": the round flew up to 800 km, by the JCS
    assert f["distance"].value == 800e3 and f["distance"].source == JCS
    assert d.event.key and len(d.event.launches) == 2 and d.event.n_missiles == 2


def test_a_dateline_without_a_year_and_no_other_date_leaves_the_report_undated() -> None:
    text = "SEOUL, Oct. 6 (Yonhap) -- North Korea fired a ballistic missile toward the East Sea at 6:01 a.m. on Thursday, the JCS said."
    d = ingest_text(text, reconstruct=False)
    assert d.fields["report_date"] is None and d.event is None and d.fields["times"] == []
    assert any("gives no year" in fl for fl in d.flags)
    d2 = ingest_text(text, report_date=date(2022, 10, 6), reconstruct=False)
    assert [t.value for t in d2.fields["times"]] == [_utc(2022, 10, 5, 21, 1)]


def test_early_thursday_in_a_report_dated_wednesday_is_the_next_day() -> None:
    # a Washington report of Wednesday 26 January 2022 on a launch "early Thursday" in Korea
    text = ("WASHINGTON (AP) - North Korea fired two suspected short-range ballistic missiles into the sea early Thursday, "
            "South Korea's military said. The missiles were launched from Hamhung at around 8 a.m. local time.")
    d = ingest_text(text, report_date=date(2022, 1, 26), reconstruct=False)
    assert d.fields["launch_date"].value == date(2022, 1, 27)  # Thursday, one day after
    assert [t.value for t in d.fields["times"]] == [_utc(2022, 1, 26, 23, 0)]  # 08:00 UTC+9 on the 27th


def test_weekdays_resolve_backwards_and_last_is_always_before() -> None:
    # Thursday 24 March 2022: "Monday" is the 21st (3 days back); "last Thursday" the 17th
    base = "SEOUL, March 24, 2022 (Yonhap) -- North Korea fired a ballistic missile at 7:10 a.m. on {}, the JCS said."
    assert ingest_text(base.format("Monday"), reconstruct=False).fields["times"][0].value == _utc(2022, 3, 20, 22, 10)
    assert ingest_text(base.format("last Thursday"), reconstruct=False).fields["times"][0].value == _utc(2022, 3, 16, 22, 10)


def test_a_window_across_midnight_utc_gives_each_end_its_own_day() -> None:
    text = ("North Korea fires short-range missiles\n\nSEOUL, May 8, 2025 (Reuters) - North Korea fired several short-range ballistic missiles off its east coast on Thursday, South Korea's military said.\n\n"
            "The missiles were launched from near Wonsan between 8:10am (23:10 GMT on Wednesday) and 9:20am (00:20 GMT) and flew up to 800 km (500 miles), the Joint Chiefs of Staff said.")
    d = ingest_text(text, reconstruct=False)
    _spans_hold(d)
    # 08:10 and 09:20 on Thursday 8 May in Seoul (UTC+9): 23:10 on the 7th, 00:20 on the 8th
    assert [t.value for t in d.fields["times"]] == [_utc(2025, 5, 7, 23, 10), _utc(2025, 5, 8, 0, 20)]
    assert [t.text for t in d.fields["times"]] == ["8:10am", "9:20am"]
    assert "23:10" in d.fields["times"][0].note and "00:20" in d.fields["times"][1].note
    assert d.fields["launch_date"].value == date(2025, 5, 8)
    assert d.fields["distance"].value == 800e3 and d.fields["distance"].qualifier == "at_most"
    # "up to 800 km" belongs to the round, not to each missile: no launch carries it
    assert all(la.distance is None for la in d.event.launches)
    assert any("not tied to a launch" in fl for fl in d.flags)


def test_a_range_in_local_time_that_crosses_midnight_runs_forwards() -> None:
    text = "SEOUL, Dec. 18, 2023 (Yonhap) -- North Korea fired missiles between 11:50 p.m. and 12:20 a.m. on Sunday, the JCS said."
    d = ingest_text(text, reconstruct=False)
    # 23:50 on Sunday 17 December KST = 14:50 UTC; 00:20 on Monday the 18th = 15:20 UTC
    assert [t.value for t in d.fields["times"]] == [_utc(2023, 12, 17, 14, 50), _utc(2023, 12, 17, 15, 20)]


def test_a_dawn_launch_in_korean_time_is_the_day_before_in_utc() -> None:
    text = ("TOKYO, Nov. 29, 2017 Kyodo - North Korea launched an intercontinental ballistic missile early Wednesday, the South Korean and Japanese governments said.\n\n"
            "The missile was fired at around 3:17 a.m. Korean time from Pyongsong in South Pyongan Province, South Korea's Joint Chiefs of Staff said.")
    d = ingest_text(text, reconstruct=False)
    (t,) = d.fields["times"]
    assert t.value == _utc(2017, 11, 28, 18, 17) and t.zone == "Asia/Seoul" and t.local.day == 29
    assert d.fields["site"].value.key == "pyongsong"
    assert d.fields["launch_date"].value == date(2017, 11, 29)


@pytest.mark.parametrize(("day", "expected"), [
    # Pyongyang time was UTC+8:30 from 15 August 2015 to 4 May 2018, UTC+9 before and after
    (date(2017, 7, 4), _utc(2017, 7, 4, 1, 10)),    # 09:40 - 8:30
    (date(2015, 8, 14), _utc(2015, 8, 14, 0, 40)),  # 09:40 - 9:00
    (date(2019, 5, 9), _utc(2019, 5, 9, 0, 40)),    # 09:40 - 9:00
])
def test_pyongyang_time_follows_its_history(day: date, expected: datetime) -> None:
    text = f"North Korea said it test-launched a missile at 9:40 a.m. Pyongyang time on {day:%B} {day.day}, {day.year}."
    (t,) = ingest_text(text, reconstruct=False).fields["times"]
    assert t.value == expected and t.zone == "Asia/Pyongyang"


def test_the_quoted_agency_gives_the_zone() -> None:
    # in 2017 a KCNA time without a zone is Pyongyang time (UTC+8:30), a JCS time Seoul's (UTC+9)
    text = ("SEOUL, Aug. 30, 2017 -- The Korean Central News Agency said the rocket lifted off at 5:27 a.m. on Tuesday from the Sunan area of Pyongyang.")
    (t,) = ingest_text(text, reconstruct=False).fields["times"]
    assert t.value == _utc(2017, 8, 28, 20, 57) and t.zone == "Asia/Pyongyang"
    text2 = "SEOUL, Aug. 30, 2017 -- South Korea's Joint Chiefs of Staff said the missile was launched at 5:57 a.m. on Tuesday from the Sunan area."
    (t2,) = ingest_text(text2, reconstruct=False).fields["times"]
    assert t2.value == _utc(2017, 8, 28, 20, 57) and t2.zone == "Asia/Seoul"


# -- times that are not this launch's ---------------------------------------------------------
def test_impact_response_alert_and_orbit_times_are_not_launches() -> None:
    text = ("TOKYO, Nov. 18, 2022 (Kyodo) - Japan's Defense Ministry said North Korea launched an intercontinental ballistic missile at 10:14 a.m. from near Pyongyang. "
            "It came down at around 11:23 a.m. inside Japan's exclusive economic zone. Tokyo issued J-Alert warnings at 10:20 a.m. "
            "In response, South Korean fighter jets fired two air-to-ground missiles at 1:30 p.m. "
            "The North last launched an ICBM in March, at 2:34 p.m. on March 24.")
    d = ingest_text(text, reconstruct=False)
    assert [t.value for t in d.fields["times"]] == [_utc(2022, 11, 18, 1, 14)]
    assert d.fields["count"].value == 1  # the fighters' two missiles are not this launch's


def test_another_rounds_launch_in_the_same_story_is_left_out() -> None:
    text = ("SEOUL, South Korea (AP) - North Korea launched an intercontinental ballistic missile into the sea Monday morning, hours after it fired a short-range missile.\n\n"
            "South Korea's Joint Chiefs of Staff said it detected the ICBM launch from an area near Pyongyang at about 8:24 a.m. The missile flew about 1,000 kilometers.\n\n"
            "Late Sunday, North Korea fired a short-range ballistic missile that flew about 570 kilometers after lifting off at 10:38 p.m. from the capital region.")
    d = ingest_text(text, report_date=date(2023, 12, 18), reconstruct=False)
    assert [t.value for t in d.fields["times"]] == [_utc(2023, 12, 17, 23, 24)]
    assert d.fields["distance"].value == 1000e3
    assert [c.value for c in d.fields["missile_class"]] == ["ICBM"]


# -- figures that are not this flight's --------------------------------------------------------
def test_headline_hypotheticals_comparisons_and_landing_offsets_are_kept_out() -> None:
    text = ("N. Korea fires ICBM whose range may exceed 10,000 km\n\n"
            "TOKYO, Nov. 29, 2017 Kyodo - North Korea launched an intercontinental ballistic missile on Wednesday. "
            "The missile flew about 960 km after reaching an altitude of some 4,500 km, South Korea's Joint Chiefs of Staff said. "
            "It fell into the Sea of Japan about 250 km west of Aomori Prefecture, Japan's Defense Ministry said. "
            "In the first Hwasong-14 test, on July 4, the missile flew 933 km for 39 minutes. "
            "Experts said the missile could reach targets 13,000 km away if fired on a normal trajectory.")
    d = ingest_text(text, reconstruct=False)
    f = d.fields
    assert f["distance"].value == 960e3 and f["apogee"].value == 4500e3
    assert f["flight_time"] is None and f["missile_name"] is None
    assert any("capability or hypothetical" in fl for fl in d.flags)


def test_a_normal_impact_is_no_failure_and_exhibits_are_not_the_launch() -> None:
    text = ("SEOUL, March 16, 2022 (Yonhap) -- North Korea fired a ballistic missile that crashed into Japanese waters, the JCS said. "
            "North Korea displayed Hwasong-17 intercontinental ballistic missiles at a weapons exhibition last October.")
    d = ingest_text(text, reconstruct=False)
    assert d.fields["outcome"] is None and d.fields["missile_class"] == [] and d.fields["missile_name"] is None
    fail = "SEOUL, March 16, 2022 (Yonhap) -- A North Korean missile exploded shortly after liftoff near Pyongyang on Wednesday, the JCS said."
    f2 = ingest_text(fail, reconstruct=False).fields
    assert f2["outcome"].value == "failure" and f2["site"].value.key == "pyongyang"


def test_place_words_are_not_bearings() -> None:
    text = ("SEOUL, March 16, 2022 (Yonhap) -- North Korea fired a missile from its east coast into the East Sea, "
            "the JCS said. The missile flew far.")
    assert ingest_text(text, reconstruct=False).fields["bearing"] is None
    d = ingest_text(text.replace("The missile flew far.", "The missile flew toward the northeast."), reconstruct=False)
    assert d.fields["bearing"].value == pytest.approx(math.radians(45))


# -- several agencies -------------------------------------------------------------------------
def test_each_agency_gives_its_own_claim_and_conflicts_are_flagged() -> None:
    text = ("SEOUL, Oct. 4, 2022 (Yonhap) -- North Korea fired an intermediate-range ballistic missile over Japan on Tuesday, South Korea's military said.\n\n"
            "The missile flew some 4,500 kilometers at an altitude of about 970 km, the JCS said.\n\n"
            "Japan's defense ministry said it fell into the Pacific after flying about 4,600 km with a maximum altitude of roughly 1,000 km.\n\n"
            "The Korean Central News Agency said the missile flew 4,500 km.")
    d = ingest_text(text, reconstruct=False)
    dist, apo = _claims(d, "distance"), _claims(d, "apogee")
    assert dist == {JCS: 4500e3, MOD: 4600e3, KCNA: 4500e3} and apo == {JCS: 970e3, MOD: 1000e3}
    # reconciled: the JCS ranks first; 4,600 km differs from 4,500 km by more than rounding
    assert d.fields["distance"].value == 4500e3 and d.fields["distance"].source == JCS
    assert "distance: South Korea Joint Chiefs of Staff about 4,500 km; Japan Ministry of Defense about 4,600 km" in d.flags
    assert any(fl.startswith("apogee:") for fl in d.flags)
    assert {r.value for r in d.fields["reporters"]} >= {"Yonhap", JCS, MOD, KCNA}


def test_the_launching_states_claim_ranks_last() -> None:
    text = ("SEOUL, June 27, 2024 (Yonhap) -- North Korea claimed it had successfully tested multiple warheads on Wednesday. "
            "The JCS said the missile, fired from the Pyongyang area at 5:30 a.m. Wednesday, blew up after flying about 250 km.")
    d = ingest_text(text, reconstruct=False)
    assert d.fields["outcome"].value == "failure" and d.fields["outcome"].source == JCS
    assert _claims(d, "outcome") == {KCNA: "success", JCS: "failure"}
    assert any(fl.startswith("outcome:") for fl in d.flags)


# -- places -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("phrase", "key"), [
    ("from Panghyon in North Pyongan Province", "panghyon"),
    ("from Banghyon airfield in North Pyongan Province", "panghyon-airbase"),
    ("from Pyongsong", "pyongsong"),
    ("from Mupyong-ri in Jagang Province", "mupyong-ni"),
    ("from the Junghwa area of North Hwanghae Province", "chunghwa"),
    ("from Chunghwa", "chunghwa"),
    ("from waters off Sinpo, South Hamgyong Province", "sinpo"),
    ("from South Hamgyong Province near Sinpo", "sinpo"),
    ("from the Sunan area of Pyongyang", "sunan"),
])
def test_the_most_specific_place_wins(phrase: str, key: str) -> None:
    d = ingest_text(f"North Korea fired a ballistic missile {phrase} on 14 January 2024, the JCS said.", reconstruct=False)
    assert d.fields["site"].value.key == key


def test_a_site_the_gazetteer_lacks_is_kept_as_text() -> None:
    d = ingest_text("North Korea fired several ballistic missiles from Mount Imaginary toward the Yellow Sea early Sunday.",
                    report_date=date(2023, 3, 19), reconstruct=False)
    assert d.fields["site"].value.name == "Mount Imaginary" and not d.fields["site"].value.known
    assert d.fields["landing"].value.key == "yellow-sea" and d.fields["count_min"].value == 3


# -- quantities -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("phrase", "field", "value", "qualifier", "bounds"), [
    ("flew 800-900 km", "distance", 850e3, "interval", (800e3, 900e3)),
    ("flew 70 km to 200 km (43 to 124 miles)", "distance", 135e3, "interval", (70e3, 200e3)),
    ("flew about 250 miles", "distance", 250 * 1609.344, "about", (None, None)),
    ("flew some 270 nautical miles", "distance", 270 * 1852.0, "about", (None, None)),
    ("flew more than 1,000 km", "distance", 1000e3, "more_than", (1000e3, None)),
    ("flew up to 600 km", "distance", 600e3, "at_most", (None, 600e3)),
    ("struck targets 1,500 kilometers away", "distance", 1500e3, "exact", (None, None)),
    ("reached an altitude of 60 km", "apogee", 60e3, "exact", (None, None)),
    ("soared 6,000 km high", "apogee", 6000e3, "exact", (None, None)),
    ("flew for two hours and six minutes", "flight_time", 7560.0, "exact", (None, None)),
    ("flew for about 1 hour 14 minutes", "flight_time", 4440.0, "about", (None, None)),
    ("flew 7,580 seconds", "flight_time", 7580.0, "exact", (None, None)),
])
def test_quantities_in_wire_forms(phrase, field, value, qualifier, bounds) -> None:
    d = ingest_text(f"North Korea fired a cruise missile on 2 January 2023 that {phrase}, KCNA said.", reconstruct=False)
    x = d.fields[field]
    assert x.value == pytest.approx(value) and x.qualifier == qualifier and (x.low, x.high) == pytest.approx(bounds)
    assert d.fields["missile_class"][0].value == "CRUISE"


def test_two_units_that_disagree_are_flagged() -> None:
    d = ingest_text("Japan said North Korea fired a ballistic missile on 14 January 2024 that flew about 500 km (400 miles).",
                    reconstruct=False)
    assert d.fields["distance"].value == 500e3 and d.fields["distance"].confidence <= 0.5
    assert any("two units disagree" in fl for fl in d.flags)


@pytest.mark.parametrize(("phrase", "count", "count_min"), [
    ("two short-range ballistic missiles", 2, None), ("an intercontinental ballistic missile", 1, None),
    ("at least three ballistic missiles", None, 3), ("more than 20 missiles", None, 21),
    ("several short-range ballistic missiles", None, 3), ("a flurry of missiles", None, 2),
])
def test_counts(phrase: str, count, count_min) -> None:
    d = ingest_text(f"North Korea fired {phrase} toward the East Sea on 14 January 2024, the JCS said.", reconstruct=False)
    assert (d.fields["count"] and d.fields["count"].value) == count
    assert (d.fields["count_min"] and d.fields["count_min"].value) == count_min


# -- kinds and outcomes -----------------------------------------------------------------------------
def test_a_satellite_launch_that_reached_orbit_and_one_that_fell_into_the_sea() -> None:
    ok = ("North Korea says it put spy satellite into orbit\n\nPublished On 22 Nov 2023\n\n"
          "The Chollima-1 rocket lifted off from the Sohae Satellite Launching Ground at 10:42pm on Tuesday (13:42 GMT) and put the satellite into orbit, KCNA said. "
          "South Korea's military said it was still assessing whether the satellite had entered orbit. "
          "Its previous attempts, in May and August, ended in failure.")
    d = ingest_text(ok, reconstruct=False)
    f = d.fields
    assert f["outcome"].value == "success" and f["outcome"].source == KCNA
    assert [c.value for c in f["missile_class"]] == ["SLV"] and f["missile_name"].value == "Chollima-1"
    assert [t.value for t in f["times"]] == [_utc(2023, 11, 21, 13, 42)] and f["site"].value.key == "sohae"
    bad = "SEOUL, May 31, 2023 (Yonhap) -- North Korea's satellite rocket crashed into the Yellow Sea after an abnormal flight, the JCS said."
    assert ingest_text(bad, reconstruct=False).fields["outcome"].value == "failure"


def test_hypersonic_claims_are_the_states_and_the_observers_class_wins() -> None:
    text = ("TOKYO, Jan. 15, 2024 Kyodo - South Korea's Joint Chiefs of Staff said the intermediate-range ballistic missile flew about 1,000 km. "
            "North Korea's Korean Central News Agency said the missile carried a hypersonic glide vehicle.")
    d = ingest_text(text, reconstruct=False)
    assert [c.value for c in d.fields["missile_class"]] == ["IRBM", "HGV"]
    assert _claims(d, "missile_class") == {JCS: "IRBM", KCNA: "HGV"}
    assert any("classes differ" in fl for fl in d.flags)


# -- Korean and Japanese ---------------------------------------------------------------------------
def test_a_yonhap_korean_report() -> None:
    text = ("北, 동해상으로 탄도미사일 2발 발사\n\n송고시간 2022-10-06 07:10\n\n"
            "(서울=연합뉴스) 기자 = 북한이 6일 오전 평양 삼석 일대에서 동해상으로 단거리 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다.\n\n"
            "합참은 \"오늘 오전 6시 1분께와 6시 23분께 발사된 단거리 탄도미사일 2발을 포착했다\"며 \"비행거리는 약 350㎞와 800㎞, 고도는 약 60㎞\"라고 말했다.")
    d = ingest_text(text, reconstruct=False)
    _spans_hold(d)
    f = d.fields
    assert d.language == "ko" and f["report_date"].value == date(2022, 10, 6)
    assert [t.value for t in f["times"]] == [_utc(2022, 10, 5, 21, 1), _utc(2022, 10, 5, 21, 23)]
    assert f["site"].value.key == "samsok" and f["landing"].value.key == "sea-of-japan"
    assert f["count"].value == 2 and f["apogee"].value == 60e3 and f["distance"].value == 800e3
    assert [c.value for c in f["missile_class"]] == ["SRBM"]
    assert {r.value for r in f["reporters"]} == {"Yonhap", JCS}


def test_korean_numbers_with_cheon_and_the_approximate_suffix() -> None:
    text = "북한이 2022년 10월 4일 자강도 무평리 일대에서 중거리 탄도미사일 1발을 발사했다. 합참은 \"비행거리는 약 4천500여㎞, 고도는 약 970㎞\"라고 밝혔다."
    f = ingest_text(text, reconstruct=False).fields
    assert f["distance"].value == 4500e3 and f["distance"].qualifier in ("about", "more_than")
    assert f["site"].value.key == "mupyong-ni" and f["missile_class"][0].value == "IRBM"


def test_a_japan_mod_release_in_japanese() -> None:
    text = ("北朝鮮のミサイル等関連情報（令和5年4月13日）\n\n防衛省\n\n"
            "1　本日7時22分頃、北朝鮮は、平壌近郊から、ICBM級弾道ミサイル１発を東方向に向けて発射しました。\n\n"
            "2　発射された弾道ミサイルは約1000km飛翔し、8時18分頃、日本海に落下したものと推定されます。最高高度は3000km程度と推定されます。")
    d = ingest_text(text, reconstruct=False)
    _spans_hold(d)
    f = d.fields
    assert d.language == "ja" and f["report_date"].value == date(2023, 4, 13)  # Reiwa 5 = 2023
    assert [t.value for t in f["times"]] == [_utc(2023, 4, 12, 22, 22)]  # 07:22 JST; 08:18 is the impact
    assert f["site"].value.key == "pyongyang" and f["landing"].value.key == "sea-of-japan"
    assert f["distance"].value == 1000e3 and f["apogee"].value == 3000e3 and f["count"].value == 1
    assert f["missile_class"][0].value == "ICBM" and f["bearing"].value == pytest.approx(math.radians(90))
    assert [r.value for r in f["reporters"]] == [MOD]


def test_japanese_full_width_digits_and_a_window_of_launches() -> None:
    text = ("防衛省は１８日、北朝鮮が同日午前７時４４分ごろ、平壌付近から少なくとも３発の弾道ミサイルを北東方向に発射したと発表した。"
            "いずれも最高高度約５０キロで約３５０キロ飛行した。\n\n2024年03月18日")
    f = ingest_text(text, report_date=date(2024, 3, 18), reconstruct=False).fields
    assert [t.value for t in f["times"]] == [_utc(2024, 3, 17, 22, 44)]
    assert f["count_min"].value == 3 and f["apogee"].value == 50e3 and f["distance"].value == 350e3


# -- the report's own claims against a register -------------------------------------------------------
def _round(key_day: date, hour: int = 0):
    from launchwatch.register.models import Event, Launch, Place

    return Event(state="North Korea", launches=[Launch(utc=datetime(key_day.year, key_day.month, key_day.day, hour,
                                                                   tzinfo=UTC), time_known=True,
                                                       site=Place(name="Pyongyang"), missile_class="SRBM")])


def test_the_reports_round_claim_is_checked_against_the_register(tmp_path) -> None:
    text = ("SEOUL, May 8, 2025 (Reuters) - North Korea fired several short-range ballistic missiles off its east coast at 8:10am on Thursday, "
            "South Korea's military said. It was North Korea's fourth round of ballistic missile launches this year.")
    with Register(tmp_path / "r.sqlite") as reg:
        reg.add([_round(date(2025, 1, 6), 3), _round(date(2025, 1, 14), 0), _round(date(2025, 3, 10), 4)])
        d = ingest_text(text, reconstruct=False, register=reg)
        (c,) = d.fields["round_claims"]
        assert c.value == {"n": 4, "period": "year", "register_agrees": True}
        assert not any("the report says" in fl for fl in d.flags)
        reg.delete(reg.keys()[0])
        d2 = ingest_text(text, reconstruct=False, register=reg)
        assert d2.fields["round_claims"][0].value["register_agrees"] is False
        assert any("the report says" in fl and "round 3 of 2025" in fl for fl in d2.flags)


def test_first_since_claims_are_read_and_checked(tmp_path) -> None:
    text = ("SEOUL, South Korea (AP) - North Korea on Monday fired two projectiles from Wonsan at 12:37 p.m., its first launch since Nov. 28, "
            "South Korea's military said.")
    d = ingest_text(text, report_date=date(2020, 3, 2), reconstruct=False)
    assert [c.value for c in d.fields["round_claims"]] == [{"since": "2019-11-28"}]
    with Register(tmp_path / "r.sqlite") as reg:
        reg.add([_round(date(2019, 11, 28), 8)])
        d = ingest_text(text, report_date=date(2020, 3, 2), reconstruct=False, register=reg)
        assert d.fields["round_claims"][0].value["register_agrees"] is True
        reg.add([_round(date(2020, 1, 20), 3)])
        d = ingest_text(text, report_date=date(2020, 3, 2), reconstruct=False, register=reg)
        assert d.fields["round_claims"][0].value["register_agrees"] is False


# -- limits, shape, storing -------------------------------------------------------------------------
def test_the_length_limit_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="at most 1,048,576 characters"):
        ingest_text("x" * (MAX_REPORT_CHARS + 1))
    assert ingest_text("Nothing to see here.").event is None


def test_the_json_shape_the_cli_and_the_web_read() -> None:
    d = ingest_text(YONHAP, reconstruct=False).as_dict()
    assert set(d) == {"fields", "flags", "event", "language"}
    t = d["fields"]["times"][0]
    assert {"value", "text", "span", "confidence", "note"} <= set(t) and t["local"].endswith("+09:00")
    assert d["fields"]["site"]["value"]["key"] == "samsok"
    assert isinstance(d["fields"]["claims"][0]["value"], dict)


def test_committed_report_merges_with_a_second_source(tmp_path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        reg.add(ingest_text(YONHAP).event)
        other = ingest_text(YONHAP.replace("(Yonhap)", "(AP)"))
        s = reg.add(other.event)
        assert len(reg) == 1 and s.merged
        names = [x.name for x in reg.get(reg.keys()[0]).sources]
        assert "Associated Press" in names and "Yonhap" in names


# -- forms met in further wire styles ------------------------------------------------------------
def test_a_hard_wrapped_report_reads_as_paragraphs() -> None:
    text = ("SEOUL, South Korea (AP) - North Korea fired an intercontinental\n"
            "ballistic missile toward the sea on Thursday, its neighbors said, in a\n"
            "launch that ended a four-year pause in long-range testing of its arms.\n\n"
            "South Korea's military said the missile was launched from the area of\n"
            "Pyongyang's international airport at 2:34 p.m. It flew 1,080 kilometers\n"
            "(671 miles) and reached a maximum altitude of 6,200 kilometers (3,853\n"
            "miles), the Joint Chiefs of Staff said in a statement to reporters.\n")
    f = ingest_text(text, report_date=date(2022, 3, 24), reconstruct=False).fields
    assert [t.value for t in f["times"]] == [_utc(2022, 3, 24, 5, 34)] and f["count"].value == 1
    assert f["site"].value.key == "pyongyang-airport" and f["distance"].value == 1080e3
    assert f["apogee"].source == JCS


def test_a_minute_alone_after_a_list_word_keeps_the_hour() -> None:
    text = "浜田靖一防衛相は9日、北朝鮮が同日午前1時47分ごろと53分ごろ、弾道ミサイル計2発を東方向に発射したと明らかにした。"
    f = ingest_text(text, report_date=date(2022, 10, 9), reconstruct=False).fields
    # 01:47 and 01:53 JST on 9 October = 16:47 and 16:53 UTC on the 8th
    assert [t.value for t in f["times"]] == [_utc(2022, 10, 8, 16, 47), _utc(2022, 10, 8, 16, 53)]
    assert f["count"].value == 2 and f["reporters"][0].value == MOD


def test_an_official_named_once_with_his_title_speaks_for_the_agency() -> None:
    text = ("TOKYO - North Korea fired a ballistic missile early Sunday that reached an altitude of more than 2,000 km, "
            "Chief Cabinet Secretary Yoshihide Suga said.\n\n"
            "It flew about 800 km before falling into the Sea of Japan, Suga told a news conference.\n\n"
            "The Defense Ministry said it flew for about 30 minutes.")
    d = ingest_text(text, report_date=date(2017, 5, 14), reconstruct=False)
    assert _claims(d, "distance") == {"Japan Chief Cabinet Secretary": 800e3}
    assert _claims(d, "flight_time") == {MOD: 1800.0}  # "the Defense Ministry" of a Tokyo report


def test_a_kcna_dateline_with_the_juche_year() -> None:
    text = ("Pyongyang, January 29, Juche 113 (2024) (KCNA) -- The DPRK Missile Administration conducted a test-fire of "
            "new-type strategic cruise missiles on January 28. The missiles flew for 7,421 seconds and 7,445 seconds.")
    f = ingest_text(text, reconstruct=False).fields
    assert f["report_date"].value == date(2024, 1, 29) and f["launch_date"].value == date(2024, 1, 28)
    assert f["flight_time"].value == 7445.0 and f["flight_time"].source == KCNA


def test_an_opening_clause_of_another_event_is_not_this_launch() -> None:
    text = ("SEOUL, Nov. 17, 2022 (Yonhap) -- A week after launching an intercontinental ballistic missile, "
            "North Korea fired two short-range ballistic missiles from Wonsan at 10:48 a.m. on Thursday, the JCS said.")
    f = ingest_text(text, reconstruct=False).fields
    assert [c.value for c in f["missile_class"]] == ["SRBM"] and f["count"].value == 2
    assert [t.value for t in f["times"]] == [_utc(2022, 11, 17, 1, 48)] and f["site"].value.key == "wonsan"


def test_ordinals_without_a_noun_and_hours_in_words() -> None:
    text = ("SEOUL, Oct. 9, 2022 (Yonhap) -- North Korea fired two ballistic missiles at 1 in the morning on Sunday, "
            "the JCS said. The launch was the North's seventh this month.")
    f = ingest_text(text, reconstruct=False).fields
    assert [t.value for t in f["times"]] == [_utc(2022, 10, 8, 16, 0)]
    assert [c.value for c in f["round_claims"]] == [{"n": 7, "period": "month"}]


def test_a_dateline_without_a_year_takes_it_from_a_page_stamp_below_the_story() -> None:
    from launchwatch.register.ingest import ingest_text as read

    text = ("SEOUL, May 31 (Reuters) - North Korea fired a ballistic missile at 6:29 a.m., South Korea's "
            "military said.\n\nPublished May 31, 2023 10:02 AM GMT+9\n")
    d = read(text, reconstruct=False)
    assert d.fields["report_date"].value.isoformat() == "2023-05-31"
    # 6:29 a.m. in Seoul (UTC+9) is 21:29 UTC the day before
    assert d.fields["times"][0].value.isoformat() == "2023-05-30T21:29:00+00:00"
    # a stamp far from the dateline's day says nothing of its year
    far = read(text.replace("Published May 31, 2023", "Published Jan. 3, 2023"), reconstruct=False)
    assert far.fields["report_date"] is None


def test_an_attempt_that_failed_is_a_failure_and_an_attempt_no_success() -> None:
    from launchwatch.register.ingest import ingest_text as read

    base = "SEOUL, May 31, 2023 (Yonhap) -- North Korea's attempt to put a satellite into orbit {} on Wednesday."
    assert read(base.format("failed"), reconstruct=False).fields["outcome"].value == "failure"
    tried = read("SEOUL, May 31, 2023 (Yonhap) -- North Korea tried to launch a satellite successfully "
                 "on Wednesday, officials said.", reconstruct=False)
    assert tried.fields["outcome"] is None


def test_a_kcna_dateline_with_the_juche_year_alone_and_the_state_of_its_media() -> None:
    from launchwatch.register.ingest import ingest_text as read

    d = read("Pyongyang, July 13, Juche 112 (KCNA) -- The Missile Administration test-fired a new-type "
             "ICBM on Wednesday at 10:00 a.m.", reconstruct=False)
    # Juche 1 = 1912, so Juche 112 = 2023; Wednesday before Thursday 13 July 2023 is the 12th
    assert d.fields["report_date"].value.isoformat() == "2023-07-13"
    assert d.fields["launch_date"].value.isoformat() == "2023-07-12"
    # 10:00 in Pyongyang (UTC+9 in 2023) is 01:00 UTC
    assert d.fields["times"][0].value.isoformat() == "2023-07-12T01:00:00+00:00"
    assert d.fields["state"].value == "North Korea" and d.event.state == "North Korea"


@pytest.mark.parametrize(
    "window",
    ["昨日（24日）23時55分頃及び本日（25日）0時5分頃", "24日23時55分頃及び25日0時5分頃"],
)
def test_a_japanese_window_across_midnight_with_each_time_dated_is_one_launch(window: str) -> None:
    # a MoD release of the 25th: launches at 23:55 JST on the 24th and 00:05 JST on the 25th
    text = (
        "北朝鮮のミサイル等関連情報\n\n（令和5年7月25日）\n\n"
        f"北朝鮮は、{window}、北朝鮮の平壌付近から、2発の弾道ミサイルを東方向に発射しました。\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["launch_date"].value == date(2023, 7, 24)
    assert [t.value for t in d.fields["times"]] == [_utc(2023, 7, 24, 14, 55), _utc(2023, 7, 24, 15, 5)]
    assert d.fields["count"].value == 2
    assert d.fields["site"].value.key == "pyongyang"
    _spans_hold(d)


def test_the_words_after_said_but_are_the_outlets_not_the_agencys() -> None:
    text = (
        "TOKYO, Aug. 24, 2023 (Kyodo) -- North Korea launched a rocket carrying a military "
        "reconnaissance satellite at around 3:50 a.m. Thursday, the Japanese government said, "
        "but the launch failed.\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["outcome"].value == "failure"
    outcome = [c.value for c in d.fields["claims"] if c.value["field"] == "outcome"]
    assert [c["source"] for c in outcome] == ["Kyodo"]  # the outlet's words, no agency's claim
