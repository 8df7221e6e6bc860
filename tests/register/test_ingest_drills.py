"""KCNA's words. A drill is the allies' (its figures are not this launch's) unless its
clause launches something in it and names no other state: North Korea calls its own
launches drills. Its Korean words for a satellite launch."""

from __future__ import annotations

from datetime import date

from launchwatch.register.ingest import ingest_text


def _value(draft, name: str):
    x = draft.fields.get(name)
    return None if x is None else x.value


def test_the_norths_launching_drill_gives_this_launchs_figures() -> None:
    text = ("Pyongyang, August 9 (KCNA) -- The Missile General Bureau conducted a launching drill of "
            "tactical ballistic missiles on Thursday. Three missiles launched in the drill travelled "
            "along the 620 km-long flight path for 410 seconds and hit the target island in the East "
            "Sea of Korea.")
    d = ingest_text(text, report_date=date(2024, 8, 9), reconstruct=False)
    assert _value(d, "count") == 3
    assert _value(d, "flight_time") == 410.0
    assert _value(d, "landing").key == "sea-of-japan"


def test_the_allies_drill_in_the_same_report_gives_nothing() -> None:
    text = ("SEOUL, Aug. 9, 2024 (Yonhap) -- North Korea fired a short-range ballistic missile into "
            "the East Sea on Friday, the Joint Chiefs of Staff said. It flew about 300 km. "
            "Earlier in the day South Korea and the United States fired four missiles in a combined "
            "drill that flew 120 km.")
    d = ingest_text(text, reconstruct=False)
    assert _value(d, "count") == 1
    assert _value(d, "distance") == 300e3


def test_a_drill_without_a_launch_in_it_is_another_event() -> None:
    text = ("SEOUL, Aug. 9, 2024 (Yonhap) -- North Korea fired two short-range ballistic missiles "
            "on Friday, the Joint Chiefs of Staff said. Pyongyang has called the drills, which "
            "involved 30 aircraft over 250 km, rehearsals for invasion.")
    d = ingest_text(text, reconstruct=False)
    assert _value(d, "count") == 2
    assert _value(d, "distance") is None


def test_korean_launching_drill_of_the_north_and_the_allies_drill() -> None:
    own = ("【평양 8월 9일발 조선중앙통신】 미사일총국은 9일 전술탄도미사일 발사훈련을 진행하였다. "
           "훈련에서 발사된 미사일 2발은 620㎞를 비행하여 목표섬을 명중타격하였다.")
    d = ingest_text(own, report_date=date(2024, 8, 9), reconstruct=False)
    assert _value(d, "count") == 2 and _value(d, "distance") == 620e3
    allied = ("(서울=연합뉴스) 2024년 8월 9일 -- 북한이 9일 동해상으로 단거리탄도미사일 1발을 발사했다고 "
              "합동참모본부가 밝혔다. 한미 연합훈련에서는 미사일 4발이 120㎞를 비행했다.")
    d = ingest_text(allied, reconstruct=False)
    assert _value(d, "count") == 1 and _value(d, "distance") is None


def test_kcnas_korean_words_for_a_satellite_launch() -> None:
    """운반로케트 (the carrier rocket) and 지구관측위성 (an earth-observation satellite): a
    satellite launch in KCNA's Korean."""
    text = ("【평양 5월 31일발 조선중앙통신】 국가항공우주기술총국은 31일 신형 운반로케트로 "
            "지구관측위성을 발사하였다.")
    d = ingest_text(text, report_date=date(2023, 5, 31), reconstruct=False)
    assert {x.value for x in d.fields["missile_class"]} == {"SLV"}
