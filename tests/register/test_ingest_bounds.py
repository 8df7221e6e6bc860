# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""Forms of wire copy met in the ninth session's probing: lower bounds in Korean
("최소 7발", "적어도 3발"), statements dated before the launch, times of debris.  Reports
written for these tests; expected values worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import pytest

from launchwatch.register.ingest import ingest_text

MOD = "Japan Ministry of Defense"


@pytest.mark.parametrize("word, n", [("최소", 5), ("적어도", 3), ("최소한", 4)])
def test_a_korean_lower_bound_on_the_count_is_not_an_exact_count(word: str, n: int) -> None:
    text = (
        "(서울=연합뉴스) 기자 = 북한이 8일 오전 동해상으로 단거리탄도미사일을 발사했다고 합동참모본부가 밝혔다.\n\n"
        f"일본 방위성은 북한이 탄도미사일을 {word} {n}발 발사했다고 발표했다."
    )
    d = ingest_text(text, report_date=date(2024, 5, 8), reconstruct=False)
    assert d.fields["count"] is None
    assert d.fields["count_min"] is not None
    assert d.fields["count_min"].value == n
    assert d.fields["count_min"].source == MOD


_WED = (
    "SEOUL, Sept. 15 (Yonhap) -- North Korea fired two short-range ballistic missiles into the East Sea "
    "on Wednesday afternoon, the Joint Chiefs of Staff said.\n\n"
    "The JCS said the missiles flew about 800 km at an altitude of 60 km.\n\n"
)


def test_a_statement_made_days_before_this_launch_is_of_another_event() -> None:
    """Said on Monday of a launch on Wednesday: the figure is the earlier missiles'."""
    d = ingest_text(
        _WED + "The North said Monday the cruise missiles it fired over the weekend had hit targets 1,500 km away.",
        report_date=date(2021, 9, 15),
        reconstruct=False,
    )
    assert [c.value["source"] for c in d.fields["claims"] if c.value["field"] == "distance"] == [
        "South Korea Joint Chiefs of Staff"
    ]
    assert "KCNA (North Korea)" not in [r.value for r in d.fields["reporters"]]
    assert d.fields["distance"].value == pytest.approx(800e3)


@pytest.mark.parametrize("day", ["Thursday", "Wednesday"])
def test_a_statement_made_after_this_launch_is_of_it(day: str) -> None:
    d = ingest_text(
        _WED + f"The North's state media said {day} the new missiles flew 800 km and hit their target.",
        report_date=date(2021, 9, 16),
        reconstruct=False,
    )
    assert "KCNA (North Korea)" in [r.value for r in d.fields["reporters"]]


_SEL = (
    "SEOUL, Feb. 12, 2017 (Yonhap) -- North Korea fired a ballistic missile from the Banghyon air base "
    "on Sunday, the Joint Chiefs of Staff said.\n\n"
)


@pytest.mark.parametrize(
    "sentence, degrees",
    [
        ("The missile flew about 500 kilometers (310 miles) east toward the Sea of Japan, the JCS said.", 90.0),
        ("The JCS said it traveled 600 km northeast before falling into the sea.", 45.0),
        ("It flew some 300 nautical miles south-southeast, the JCS said.", 157.5),
    ],
)
def test_a_compass_word_after_the_distance_flown_is_the_bearing(sentence: str, degrees: float) -> None:
    d = ingest_text(_SEL + sentence, reconstruct=False)
    assert d.fields["bearing"] is not None
    assert d.fields["bearing"].value == pytest.approx(math.radians(degrees))


def test_a_place_after_the_distance_is_no_bearing() -> None:
    d = ingest_text(_SEL + "The missile flew about 500 km and fell 200 km east of the Noto Peninsula, the JCS said.",
                    reconstruct=False)
    assert d.fields["bearing"] is None


@pytest.mark.parametrize(
    "text",
    [
        "[합참 공지]\n\n합참은 오늘 22시 44분경 북한 동창리 일대에서 남쪽 방향으로 발사된 북한 주장 군사정찰위성 1발을 포착하였음.\n\n"
        "22시 46분경 북한 동창리 남쪽 해상에서 다수의 파편이 탐지되었으며, 공중 폭발한 것으로 추정됨.",
        "The Joint Chiefs of Staff said North Korea launched a rocket from Tongchang-ri at 10:44 p.m. on Monday.\n\n"
        "At 10:46 p.m., debris was detected at sea south of the site, the JCS said.",
        "The Joint Chiefs of Staff said North Korea launched a rocket from Tongchang-ri at 10:44 p.m. on Monday.\n\n"
        "The JCS said it exploded in mid-air at around 10:46 p.m.",
    ],
)
def test_the_time_of_debris_or_a_blast_is_no_launch_time(text: str) -> None:
    d = ingest_text(text, report_date=date(2024, 5, 27), reconstruct=False)
    assert [x.value.strftime("%H:%M") for x in d.fields["times"]] == ["13:44"]


def test_a_satellite_counted_with_bal_is_the_count() -> None:
    text = "[합참 공지]\n\n합참은 오늘 22시 44분경 북한 동창리 일대에서 남쪽 방향으로 발사된 북한 주장 군사정찰위성 1발을 포착하였음."
    d = ingest_text(text, report_date=date(2024, 5, 27), reconstruct=False)
    assert d.fields["count"] is not None and d.fields["count"].value == 1


@pytest.mark.parametrize("gap", ["닷새", "사흘", "열흘"])
def test_a_korean_since_claim_with_a_native_day_count(gap: str) -> None:
    text = (
        "(서울=연합뉴스) 기자 = 북한이 5일 오전 동해상으로 단거리탄도미사일을 발사했다고 합동참모본부가 밝혔다.\n\n"
        f"이번 발사는 북한이 지난달 31일 신형 ICBM을 발사한 지 {gap} 만이다."
    )
    d = ingest_text(text, report_date=date(2024, 11, 5), reconstruct=False)
    assert [c.value for c in d.fields["round_claims"]] == [{"since": "2024-10-31"}]


@pytest.mark.parametrize(
    "text",
    [
        "(서울=연합뉴스) 2023년 13월 북한이 탄도미사일 1발을 발사했다.",
        "北朝鮮は2023年13月、弾道ミサイル1発を発射した。",
        "2023년 0월 북한이 미사일을 발사했다.",
    ],
)
def test_a_month_the_calendar_does_not_have_names_no_day(text: str) -> None:
    """Found by bench_fuzz (seed 4, case 10157): ``ValueError: month must be in 1..12``."""
    d = ingest_text(text, reconstruct=False)
    assert d.fields.get("launch_date") is None
