# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""Wire copy as it reaches an analyst: NHK's short Japanese paragraphs under a page stamp,
bylines, a report of the launch made the day after, Korean round claims and facilities
of the public record.  Reports written for these tests; expected values worked out by
hand (UTC = local time minus the zone's offset on that date)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from launchwatch.register.ingest import ingest_text

JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"
KCNA = "KCNA (North Korea)"


def _claims(d, field: str) -> dict[str, object]:
    return {c.value["source"]: c.value["value"] for c in d.fields["claims"] if c.value["field"] == field}


def test_an_nhk_report_opening_by_the_ministry_under_a_page_stamp() -> None:
    """NHK's first paragraph is short (under 60 characters) but is the body; the outlet is
    the stamp's; "...ということです" goes on with the ministry's figures."""
    d = ingest_text(
        "北朝鮮 弾道ミサイル発射 日本のEEZ外に落下か\n\n"
        "2023年3月16日 8時40分　NHK\n\n"
        "防衛省によりますと、北朝鮮は16日午前7時10分ごろ、西岸付近から弾道ミサイル1発を東の方向に発射しました。\n\n"
        "ミサイルは最高高度約6000キロで、約1000キロ飛行し、日本海に落下したと推定されるということです。",
        reconstruct=False,
    )
    assert d.fields["report_date"].value == date(2023, 3, 16)
    assert [t.value for t in d.fields["times"]] == [datetime(2023, 3, 15, 22, 10, tzinfo=UTC)]
    assert [r.value for r in d.fields["reporters"]] == ["NHK", MOD]
    assert _claims(d, "distance") == {MOD: 1_000_000.0}
    assert _claims(d, "apogee") == {MOD: 6_000_000.0}


def test_a_korean_paragraph_shorter_than_an_english_one_opens_the_body() -> None:
    """"북한이 1일 오전 ..." (55 characters) is the lead: its day dates the launch, not the
    stamp's day above it (05:05 KST on 1 July = 20:05 UTC on 30 June)."""
    d = ingest_text(
        "北 탄도미사일 발사…합참 \"동북 방향\"\n\n입력 2024.07.02 08:10\n\n"
        "북한이 1일 오전 황해남도 장연 일대에서 동북 방향으로 탄도미사일 1발을 발사했다고 합참이 밝혔다.\n\n"
        "합참은 미사일이 오전 5시 5분께 발사됐다고 설명했다.",
        reconstruct=False,
    )
    assert d.fields["launch_date"].value == date(2024, 7, 1)
    assert [t.value for t in d.fields["times"]] == [datetime(2024, 6, 30, 20, 5, tzinfo=UTC)]
    assert d.fields["site"].value.key == "jangyon"


@pytest.mark.parametrize(
    "byline, outlet",
    [
        ("By HYUNG-JIN KIM and MARI YAMAGUCHI Associated Press", "Associated Press"),
        ("By Josh Smith, Reuters", "Reuters"),
        ("By Kim Tong-hyung, Staff Writer", None),
    ],
)
def test_a_byline_names_the_outlet_or_no_one_and_is_not_the_body(byline: str, outlet: str | None) -> None:
    d = ingest_text(
        f"North Korea fires missile\n\n{byline}\n\n"
        "SEOUL, Feb 12, 2017 -- North Korea fired a ballistic missile toward the sea on Sunday, South Korea's military said.\n\n"
        "The missile was launched from near Kusong at 7:55 a.m., the Joint Chiefs of Staff said.",
        reconstruct=False,
    )
    names = [r.value for r in d.fields["reporters"]]
    assert names == ([outlet] if outlet else []) + [JCS]
    assert [t.value for t in d.fields["times"]] == [datetime(2017, 2, 11, 22, 55, tzinfo=UTC)]
    assert d.fields["site"].value.key == "kusong"


def test_a_day_after_it_launched_the_missile_is_this_launch_told_again() -> None:
    """"North Korea said Monday it test-fired ..., a day after it launched the missile from
    near Kusong": the clause of "a day after" is the launch itself (the saying is the later
    event), so its place counts; "a new type of ... missile" is one missile."""
    d = ingest_text(
        "SEOUL, May 15, 2017 (Yonhap) -- North Korea said Monday it successfully test-fired a new type of intermediate-range ballistic missile, a day after it launched the missile from near Kusong.\n\n"
        "The missile was fired at 5:27 a.m. on Sunday, according to the Joint Chiefs of Staff.",
        reconstruct=False,
    )
    assert d.fields["site"].value.key == "kusong"
    assert d.fields["count"].value == 1
    assert d.fields["launch_date"].value == date(2017, 5, 14)


def test_hours_after_a_launch_of_another_kind_is_still_another_event() -> None:
    d = ingest_text(
        "SEOUL, May 15, 2017 (Yonhap) -- North Korea fired an artillery barrage on Monday, a day after it launched a missile from near Kusong, the JCS said.",
        reconstruct=False,
    )
    assert d.fields["site"] is None


@pytest.mark.parametrize(
    "sentence, claims",
    [
        ("북한이 올해 들어 탄도미사일을 쏜 것은 이번이 7번째다.", [{"n": 7, "period": "year"}]),
        ("올해 들어 일곱 번째 탄도미사일 발사다.", [{"n": 7, "period": "year"}]),
        ("올해 들어 ICBM 발사는 이번이 두 번째다.", [{"n": 2, "period": "year", "class": "ICBM"}]),
        ("올해 7번째 발사로, 지난 17일 이후 13일 만이다.", [{"n": 7, "period": "year"}, {"since": "2024-05-17"}]),
        ("지난 4월 2일 이후 약 두 달 만이다.", [{"since": "2024-04-02"}]),
    ],
)
def test_korean_round_claims(sentence: str, claims: list[dict]) -> None:
    d = ingest_text(
        f"북한이 30일 오전 동해상으로 탄도미사일 1발을 발사했다고 합참이 밝혔다. {sentence}",
        report_date=date(2024, 5, 30),
        reconstruct=False,
    )
    assert [c.value for c in d.fields["round_claims"]] == claims


@pytest.mark.parametrize(
    "name, key",
    [("Hamju", "hamju"), ("Mundok", "mundok"), ("Onchon", "onchon"), ("Jongju", "jongju"), ("Jongpyong", "jongpyong")],
)
def test_launch_areas_of_the_public_record(name: str, key: str) -> None:
    d = ingest_text(
        f"SEOUL, March 25, 2021 (Yonhap) -- North Korea fired two short-range ballistic missiles from the {name} area at 7:06 a.m. on Thursday, the JCS said.",
        reconstruct=False,
    )
    assert d.fields["site"].value.key == key


def test_a_kcna_dispatch_is_one_reporter_and_dates_the_launch_from_its_dateline() -> None:
    """KCNA's dateline is its report's day; "on Thursday" is the day before it (25 March
    2021), and KCNA is both the outlet and the issuer: named once."""
    d = ingest_text(
        "Pyongyang, March 26 (KCNA) -- The Academy of Defence Science of the DPRK test-fired a newly developed new-type tactical guided projectile on Thursday.",
        report_date=date(2021, 3, 26),
        reconstruct=False,
    )
    assert d.fields["launch_date"].value == date(2021, 3, 25)
    assert [r.value for r in d.fields["reporters"]] == [KCNA]
