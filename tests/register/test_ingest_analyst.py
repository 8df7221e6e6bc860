# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""What an analyst reads in wire copy that earlier batches did not exercise: a compass
word after a verb of flight, a sea flown over against one gone into, a vague "several"
against another agency's number, the Japanese ministry's estimates told on by the report,
the ministry's own release title.  Reports written for these tests; expected values
worked out by hand."""

from __future__ import annotations

import math
from datetime import date

import pytest

from launchwatch.register.ingest import ingest_text

JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"


def _claims(d, field: str) -> dict[str, object]:
    return {c.value["source"]: c.value["value"] for c in d.fields["claims"] if c.value["field"] == field}


_SAT = (
    "SEOUL, May 31, 2023 (Yonhap) -- North Korea launched a space rocket from the Sohae launching ground "
    "on Wednesday, the JCS said.\n\n"
)


@pytest.mark.parametrize(
    "sentence, degrees",
    [
        ("The military said the rocket flew south after liftoff.", 180.0),
        ("The JCS said they flew northeast before splashing down.", 45.0),
        ("It said the rocket then flew due east for several minutes.", 90.0),
        ("The JCS said the rocket flew toward the north-northeast.", 22.5),
    ],
)
def test_a_compass_word_after_the_vehicle_flew_is_its_bearing(sentence: str, degrees: float) -> None:
    d = ingest_text(_SAT + sentence, reconstruct=False)
    assert d.fields["bearing"] is not None
    assert d.fields["bearing"].value == pytest.approx(math.radians(degrees))


@pytest.mark.parametrize(
    "sentence",
    [
        "The JCS said the rocket flew south of the island of Jeju.",  # a place it passed, not a heading
        "Residents of the east coast said they heard a blast.",
        "The rocket flew far, the JCS said.",
    ],
)
def test_a_place_after_flew_is_no_bearing(sentence: str) -> None:
    assert ingest_text(_SAT + sentence, reconstruct=False).fields["bearing"] is None


def test_a_sea_flown_over_yields_to_the_sea_gone_into() -> None:
    """The JCS (ranked first) saw the rocket over the Yellow Sea; Japan saw it pass over
    Okinawa into the Pacific: the Pacific is where it went, the Yellow Sea its path."""
    text = (
        _SAT
        + "The JCS said it detected the launch at 6:29 a.m. and that the rocket flew south over the Yellow Sea.\n\n"
        "Japan's government said the rocket passed over Okinawa and into the Pacific Ocean."
    )
    d = ingest_text(text, reconstruct=False)
    assert d.fields["landing"].value.key == "pacific-ocean"
    assert any(f.startswith("landing areas differ") for f in d.flags)
    # with only the sea flown over, that sea is still the report's landing area
    only = ingest_text(text.split("\n\nJapan's")[0], reconstruct=False)
    assert only.fields["landing"].value.key == "yellow-sea"
    # a sea it fell in, even after "over", is a landing
    fell = ingest_text(
        _SAT + "The JCS said the rocket fell over the Yellow Sea, and Japan's government said it passed over the Pacific.",
        reconstruct=False,
    )
    assert fell.fields["landing"].value.key == "yellow-sea"


_SEVERAL = (
    "SEOUL, Jan. 4, 2026 (Yonhap) -- North Korea fired several short-range ballistic missiles into the East Sea "
    "on Sunday, South Korea's Joint Chiefs of Staff said.\n\n"
)


def test_another_agencys_number_outranks_a_vague_several() -> None:
    d = ingest_text(
        _SEVERAL + "Japan's Defense Ministry said two missiles flew about 400 km and fell outside its exclusive economic zone.",
        reconstruct=False,
    )
    assert d.fields["count"] is not None and d.fields["count"].value == 2
    assert d.fields["count_min"] is None


def test_one_missile_of_a_salvo_is_not_its_number() -> None:
    """Japan's "one missile flew ..." tells of one of the several: the number stays unknown,
    at least the vague word's bound."""
    d = ingest_text(
        _SEVERAL + "Japan's Defense Ministry said one missile reached an altitude of about 100 km.",
        reconstruct=False,
    )
    assert d.fields["count"] is None
    assert d.fields["count_min"] is not None and d.fields["count_min"].value >= 2


def test_the_ministrys_estimates_go_on_across_its_paragraph() -> None:
    """Kyodo: the ministry announced in the first paragraph; the next paragraph's
    "...と推定される" and the figures after it are the ministry's."""
    d = ingest_text(
        "北朝鮮がミサイル発射　防衛省\n\n2024年5月30日 9時10分　共同通信\n\n"
        "防衛省は30日、北朝鮮が同日午前6時14分ごろ、西岸付近から弾道ミサイル1発を東方向に発射したと発表した。\n\n"
        "ミサイルは約12分間飛翔し、日本海に落下したと推定される。最高高度は約100キロ、飛翔距離は約350キロだった。",
        reconstruct=False,
    )
    assert _claims(d, "flight_time") == {MOD: 720.0}
    assert _claims(d, "apogee") == {MOD: 100_000.0}
    assert _claims(d, "distance") == {MOD: 350_000.0}


def test_the_ministrys_release_title_names_its_issuer() -> None:
    d = ingest_text(
        "北朝鮮のミサイル等関連情報\n\n（令和6年5月30日）\n\n"
        "本日、午前6時14分頃、北朝鮮は、西岸付近から、1発の弾道ミサイルを東方向に発射しました。"
        "発射された弾道ミサイルは約350km飛翔し、我が国の排他的経済水域（EEZ）外に落下したものと推定されます。",
        reconstruct=False,
    )
    assert [r.value for r in d.fields["reporters"]] == [MOD]
    assert _claims(d, "distance") == {MOD: 350_000.0}


def test_a_minister_named_in_a_japan_stamped_report_speaks_for_the_ministry() -> None:
    """No outlet or dateline names the country; the header's JST stamp does, and a bare
    "Defense Minister <name> said" is then Japan's ministry."""
    d = ingest_text(
        "North Korean missile lands outside Japan's waters\n\nMay 30, 2024, 09:40 JST\n\n"
        "North Korea launched a ballistic missile early on Thursday, Japanese officials said.\n\n"
        "Defense Minister Kihara Minoru said the missile flew about 350 kilometers at a maximum altitude of about 100 kilometers.",
        reconstruct=False,
    )
    assert _claims(d, "distance") == {MOD: 350_000.0}
    assert _claims(d, "apogee") == {MOD: 100_000.0}


@pytest.mark.parametrize(
    "text, expected",
    [
        # 23:55 KST on the 24th, then 00:05 KST on the 25th = 14:55 and 15:05 UTC on the 24th
        (
            "北, 동해상으로 탄도미사일 2발 발사\n\n송고시간 2023-07-25 00:40\n\n"
            "(서울=연합뉴스) 기자 = 북한이 24일 밤 평양 일대에서 동해상으로 탄도미사일 2발을 발사했다고 합동참모본부가 밝혔다.\n\n"
            "합참은 \"오후 11시 55분께부터 0시 5분께까지 발사된 탄도미사일 2발을 포착했다\"고 설명했다.",
            [(14, 55), (15, 5)],
        ),
        (
            "北朝鮮が弾道ミサイル2発発射\n\n2023年7月25日 1時00分 NHK\n\n"
            "防衛省によりますと、北朝鮮は24日午後11時55分ごろと25日0時5分ごろ、平壌付近から弾道ミサイル2発を発射しました。",
            [(14, 55), (15, 5)],
        ),
    ],
)
def test_hour_zero_after_an_evening_time_is_past_midnight_not_noon(text: str, expected: list[tuple[int, int]]) -> None:
    """"오후" / "午後" carried to the next time of a window never applies to "0시" / "0時":
    an hour 0 is a 24-hour clock (it had been read as 12:05 p.m.)."""
    d = ingest_text(text, reconstruct=False)
    got = [(t.value.hour, t.value.minute, t.value.day) for t in d.fields["times"]]
    assert got == [(h, m, 24) for h, m in expected]


def test_a_photo_caption_of_an_earlier_launch_gives_no_facts() -> None:
    """Yonhap's caption of a file photo (no date of its own) names another missile and
    another site: neither is this launch's."""
    text = (
        "(LEAD) N. Korea fires ballistic missile into East Sea: JCS\n\n"
        "(ATTN: UPDATES with details in paras 2-3)\n\n"
        "SEOUL, March 9, 2023 (Yonhap) -- North Korea fired a short-range ballistic missile into the East Sea on Thursday evening, South Korea's military said.\n\n"
        "The missile was fired from the western coastal area of Nampo at around 6:20 p.m., the JCS said, adding it flew some 500 kilometers.\n\n"
        "In this file photo released by the Korean Central News Agency, North Korea's Hwasong-17 intercontinental ballistic missile is launched from Pyongyang International Airport. "
        "(For Use Only in the Republic of Korea. No Redistribution) (Yonhap)\n\n(END)"
    )
    f = ingest_text(text, reconstruct=False).fields
    assert f["site"].value.key == "nampo"
    assert [c.value for c in f["missile_class"]] == ["SRBM"]
    assert f["missile_name"] is None
    # the same sentence as the body's own words (no caption) is read
    plain = text.replace("In this file photo released by the Korean Central News Agency, ", "")
    plain = plain.replace("(For Use Only in the Republic of Korea. No Redistribution) (Yonhap)", "")
    body = ingest_text(plain, reconstruct=False)
    assert "ICBM" in [c.value for c in body.fields["missile_class"]]


@pytest.mark.parametrize("words", ["a hypersonic ballistic missile", "a new hypersonic weapon", "hypersonic missiles"])
def test_a_hypersonic_missile_is_of_the_glide_class(words: str) -> None:
    d = ingest_text(
        f"SEOUL, June 26, 2024 (Yonhap) -- North Korea fired {words} from the Pyongyang area early Wednesday, the JCS said.",
        reconstruct=False,
    )
    assert [c.value for c in d.fields["missile_class"]] == ["HGV"]


@pytest.mark.parametrize(
    "clock, utc",
    [("07.23 local time (22.23 GMT on Monday)", (3, 22, 23)), ("7.23am (22.23 GMT on Monday)", (3, 22, 23))],
)
def test_a_british_dotted_clock_before_a_zone_is_a_time(clock: str, utc: tuple[int, int, int]) -> None:
    """British copy writes 07.23 for 07:23; read only before a zone word or a.m./p.m., so a
    decimal figure ("Mach 4.50") is never a time."""
    from datetime import date

    d = ingest_text(
        "North Korea fires missile over Japan\n\n"
        f"The missile was launched at {clock} from Mupyong-ri in Jagang province, South Korea's military said. "
        "It flew about 4,600 km at speeds up to Mach 4.50 local analysts said.",
        reconstruct=False,
        report_date=date(2022, 10, 4),
    )
    assert [(t.value.day, t.value.hour, t.value.minute) for t in d.fields["times"]] == [utc]
    assert d.fields["site"].value.key == "mupyong-ni"


class _Ev:
    def __init__(self, key: str, start, classes: tuple[str, ...] = ("SRBM",)) -> None:
        self.key, self.start, self.classes, self.state = key, start, classes, "North Korea"


class _Record:
    """The two questions check_claims asks of a register, over a fixed list of rounds."""

    def __init__(self, events: list[_Ev]) -> None:
        self._events = events

    def events(self, start, end):
        return [e for e in self._events if start <= e.start < end]

    def round_number(self, key: str):
        mine = next(e for e in self._events if e.key == key)
        same = [e for e in self._events if e.start.year == mine.start.year and e.start <= mine.start]
        return len(same), mine.start.year


@pytest.mark.parametrize(
    "headline, earlier_day, agrees",
    [
        ("北, SRBM 2발 발사…이번주 들어 두 번째", 25, True),  # Sunday 25 Sept: the same week
        ("北, SRBM 2발 발사…이번주 들어 두 번째", 24, False),  # Saturday 24 Sept: the week before
        ("北朝鮮 弾道ミサイル発射　今週に入って2回目", 25, True),
    ],
)
def test_a_this_week_ordinal_is_read_and_checked_by_the_calendar_week(
    headline: str, earlier_day: int, agrees: bool
) -> None:
    from datetime import UTC, date, datetime

    from launchwatch.register.ingest.checks import check_claims, read_round_claims
    from launchwatch.register.ingest.document import Document

    body = (
        "(서울=연합뉴스) 기자 = 북한이 28일 저녁 평안남도 숙천 일대에서 동해상으로 SRBM 2발을 발사했다고 합동참모본부가 밝혔다."
        if "北," in headline
        else "防衛省によりますと、北朝鮮は28日午後6時10分ごろ、弾道ミサイル2発を発射しました。"
    )
    text = f"{headline}\n\n{body}"
    d = ingest_text(text, reconstruct=False, report_date=date(2022, 9, 28))
    assert [c.value for c in d.fields["round_claims"]] == [{"n": 2, "period": "week"}]
    claims = read_round_claims(Document(text), date(2022, 9, 28))
    assert [(c.n, c.period) for c in claims] == [(2, "week")]
    this = _Ev("this", datetime(2022, 9, 28, 9, 10, tzinfo=UTC))
    before = _Ev("before", datetime(2022, 9, earlier_day, 0, 0, tzinfo=UTC))
    flags: list[str] = []
    check_claims(claims, this, _Record([before, this]), flags)
    assert claims[0].agrees is agrees
    assert bool(flags) is (not agrees)


def test_kcnas_medium_long_range_rocket_is_an_irbm() -> None:
    d = ingest_text(
        "Pyongyang, May 15, 2017 (KCNA) -- The DPRK test-fired a newly developed ground-to-ground "
        "medium long-range strategic ballistic rocket on May 14.",
        reconstruct=False,
    )
    assert [c.value for c in d.fields["missile_class"]] == ["IRBM"]


def test_a_flight_written_as_an_n_minute_flight_is_its_flight_time() -> None:
    d = ingest_text(
        "SEOUL, Nov. 29, 2017 (Yonhap) -- North Korea fired an ICBM on Wednesday. "
        "It reached an altitude of about 4,475 km during its 53-minute flight, KCNA said.",
        reconstruct=False,
    )
    assert _claims(d, "flight_time") == {"KCNA (North Korea)": 53 * 60.0}


def test_a_sea_with_the_japanese_surface_suffix_is_the_landing() -> None:
    """"黄海上に" (onto the Yellow Sea): the sea's name then "上に", as Jiji writes it."""
    d = ingest_text(
        "北朝鮮、巡航ミサイル数発を発射\n\n2024年01月24日12時40分\n\n"
        "【ソウル時事】韓国軍合同参謀本部は24日、北朝鮮が同日午前7時ごろ、黄海上に巡航ミサイル数発を発射したと明らかにした。",
        reconstruct=False,
    )
    assert d.fields["landing"].value.key == "yellow-sea"


def test_a_us_defense_secretary_speaks_for_the_defense_department() -> None:
    d = ingest_text(
        "WASHINGTON, Nov. 28, 2017 (Reuters) - North Korea launched a missile on Wednesday. "
        "U.S. Defense Secretary Jim Mattis said the missile went higher than any previous shot.",
        reconstruct=False,
    )
    assert "US Department of Defense" in [r.value for r in d.fields["reporters"]]


@pytest.mark.parametrize(
    "sentence, since, cls",
    [
        # "the first in 11 days since it fired 3 missiles including an ICBM on the 25th of last
        # month": the previous launch's day; the ICBM is what was fired then, not a class counted
        ("북한의 탄도미사일 발사는 지난달 25일 ICBM 등 3발을 쏜 지 11일 만이다.", "2022-05-25", None),
        ("북한이 ICBM을 쏜 것은 지난 4월 13일 이후 3개월 만이다.", "2022-04-13", "ICBM"),
    ],
)
def test_korean_firsts_since_in_both_wire_forms(sentence: str, since: str, cls: str | None) -> None:
    from datetime import date

    d = ingest_text(
        "北, 동해상으로 탄도미사일 발사\n\n송고시간 2022-06-05 11:32\n\n"
        "(서울=연합뉴스) 기자 = 북한이 5일 오전 평양 순안 일대에서 동해상으로 탄도미사일 8발을 발사했다고 합동참모본부가 밝혔다.\n\n"
        + sentence,
        reconstruct=False,
        report_date=date(2022, 6, 5),
    )
    expected = {"since": since, **({"class": cls} if cls else {})}
    assert [c.value for c in d.fields["round_claims"]] == [expected]


def test_a_first_since_mid_month_is_that_month() -> None:
    d = ingest_text(
        "SEOUL, Nov. 29, 2017 (Reuters) - North Korea fired an intercontinental ballistic missile on Wednesday, "
        "in its first missile test since mid-September, South Korea's military said.",
        reconstruct=False,
    )
    assert [c.value for c in d.fields["round_claims"]] == [{"since": "2017-09"}]


@pytest.mark.parametrize(
    "flown, seconds, qualifier",
    [
        ("ミサイルは約1時間10分飛行し、日本海に落下したと推定されるということです。", 4200.0, "about"),  # had been 3600
        ("ミサイルはおよそ70分間飛行し、日本海に落下したと推定されるということです。", 4200.0, "about"),
    ],
)
def test_japanese_hours_and_minutes_of_flight(flown: str, seconds: float, qualifier: str) -> None:
    d = ingest_text(
        "北朝鮮 弾道ミサイル発射\n\n2023年3月16日 9時00分 NHK\n\n"
        "防衛省によりますと、北朝鮮は16日午前7時10分ごろ、弾道ミサイル1発を東の方向に発射しました。\n\n" + flown,
        reconstruct=False,
    )
    assert (d.fields["flight_time"].value, d.fields["flight_time"].qualifier) == (seconds, qualifier)


def test_korean_more_than_n_minutes_of_flight() -> None:
    d = ingest_text(
        "北 탄도미사일 발사\n\n송고시간 2023-03-16 09:00\n\n"
        "(서울=연합뉴스) 기자 = 북한이 16일 오전 7시 10분께 동해상으로 탄도미사일 1발을 발사했다고 합동참모본부가 밝혔다.\n\n"
        "합참은 \"미사일은 70여분간 비행했다\"고 밝혔다.",
        reconstruct=False,
    )
    assert (d.fields["flight_time"].value, d.fields["flight_time"].qualifier) == (4200.0, "more_than")


@pytest.mark.parametrize(
    "note",
    [
        "(Corrects distance in paragraph 3 to 800 km from 600 km)",
        "This story has been corrected to say the missile flew 800 km, not 600 km, in paragraph 3.",
        "(ATTN: CORRECTS flight distance to 800 km from 600 km in para 3)",
    ],
)
def test_an_editors_note_gives_no_claim(note: str) -> None:
    """A correction note names the old figure; neither it nor the note's restatement is a
    claim of the outlet (the body's figure, the JCS's, stands alone)."""
    d = ingest_text(
        "CORRECTED-North Korea fires ballistic missile into sea\n\n"
        "SEOUL, March 16, 2023 (Reuters) - North Korea fired a ballistic missile on Thursday, South Korea's military said.\n\n"
        "The missile flew about 800 km after being launched at 7:10 a.m., the Joint Chiefs of Staff said.\n\n" + note,
        reconstruct=False,
    )
    assert _claims(d, "distance") == {JCS: 800_000.0}


def test_an_outlet_quoted_by_another_outlet_is_the_source_of_its_sentence() -> None:
    """UPI quoting Yonhap and NHK: their figures and landing are theirs, not UPI's own; a
    sentence of the JCS stays the JCS's."""
    from datetime import date

    d = ingest_text(
        "North Korea fires ballistic missile over Japan\n\n"
        "Sept. 15 (UPI) — North Korea fired a ballistic missile from near Sunan, Pyongyang, around 6:57 a.m., "
        "the South Korea Joint Chiefs of Staff said.\n\n"
        "Japanese news outlet NHK said the missile fell into the Pacific Ocean.\n\n"
        "South Korean news agency Yonhap said the missile reached a height of 770 kilometers and a distance of about 3,700 kilometers.",
        reconstruct=False,
        report_date=date(2017, 9, 15),
    )
    assert _claims(d, "distance") == {"Yonhap": 3_700_000.0}
    assert _claims(d, "apogee") == {"Yonhap": 770_000.0}
    assert {k: v["key"] for k, v in _claims(d, "landing").items()} == {"NHK": "pacific-ocean"}
    assert d.fields["reporters"][0].value == "UPI"
    # the report's own outlet named in its sentence speaks for nobody but itself
    own = ingest_text(
        "SEOUL, Sept. 15, 2017 (Yonhap) -- North Korea fired a ballistic missile on Friday. "
        "The missile flew about 3,700 km, Yonhap reported.",
        reconstruct=False,
    )
    assert _claims(own, "distance") == {"Yonhap": 3_700_000.0}


@pytest.mark.parametrize(
    "sentence, since",
    [
        ("北朝鮮による弾道ミサイルの発射は昨年11月5日に短距離弾道ミサイルを発射して以来、約2カ月ぶり。", "2023-11-05"),
        ("弾道ミサイルの発射は2023年12月18日にICBMを発射して以来となる。", "2023-12-18"),
    ],
)
def test_a_japanese_first_since_the_launch_before(sentence: str, since: str) -> None:
    """"...を発射して以来": the previous launch's day ("昨年" is the year before the launch's);
    what was fired then is no class of the claim. A 午後0時 time is past noon."""
    d = ingest_text(
        "北朝鮮 ミサイル発射\n\n2024年1月6日 13時30分\n\n"
        "防衛省は6日、北朝鮮が同日午後0時1分ごろ、平壌近郊から弾道ミサイル1発を発射したと発表した。\n\n" + sentence,
        reconstruct=False,
    )
    assert [r.value for r in d.fields["round_claims"]] == [{"since": since}]
    assert [(t.value.hour, t.value.minute) for t in d.fields["times"]] == [(3, 1)]


_KO_2020 = (
    "북한 발사체 발사\n\n입력 2020.03.21 09:12\n\n"
    "합동참모본부는 21일 \"우리 군은 오늘 오전 6시 45분쯤, 6시 50분쯤 북한 평안북도 선천 일대에서 북동쪽 동해상으로 "
    "발사된 단거리 탄도미사일 2발을 포착했다\"고 밝혔다.\n\n"
)


def test_a_korean_ordinal_after_the_earlier_days_and_no_false_since() -> None:
    """"올해 들어 지난 2일과 9일에 이어 세 번째": the third this year; the "쏜 지 12일 만"
    after it counts from the 9th, which the sentence does not tie to a date: no since-claim
    (it had read "since the 2nd")."""
    d = ingest_text(_KO_2020 + "이번 발사는 올해 들어 지난 2일과 9일에 이어 세 번째이며, 두 번째 발사를 쏜 지 12일 만이다.", reconstruct=False)
    assert [r.value for r in d.fields["round_claims"]] == [{"n": 3, "period": "year"}]


def test_korean_height_and_the_jcs_direction_into_the_sea() -> None:
    """"50km 높이로" is the apogee; "북동쪽 동해상으로" a bearing of 45 degrees, while "원산
    북동쪽 해상에서" (from the sea northeast of Wonsan) is a place, no bearing."""
    d = ingest_text(_KO_2020 + "발사체는 50km 높이로 410km 가량 비행했다.", reconstruct=False)
    assert d.fields["apogee"].value == 50_000.0
    assert d.fields["bearing"].value == pytest.approx(math.radians(45))
    place = ingest_text(
        _KO_2020.replace("선천 일대에서 북동쪽 동해상으로", "원산 북동쪽 해상에서"), reconstruct=False
    )
    assert place.fields["bearing"] is None


def test_a_korean_count_with_the_genitive() -> None:
    """"…로 추정되는 2발의 발사체": two projectiles (the genitive "의" had hidden the count)."""
    d = ingest_text(
        "북한 발사체 발사\n\n입력 2020.03.21 09:12\n\n"
        "합동참모본부는 21일 \"우리 군은 오늘 오전 6시 45분쯤 북한 평안북도 선천 일대에서 동해상으로 발사된 "
        "단거리 탄도미사일로 추정되는 2발의 발사체를 포착했다\"고 밝혔다.",
        reconstruct=False,
    )
    assert d.fields["count"].value == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "In a text message sent to reporters at 7:30 a.m., the JCS said the missile was launched from the Sunan area at 7:09 a.m.",
        "The JCS said the launch took place at 7:09 a.m., about an hour before the president left for Tokyo at 8:30 a.m.",
    ],
)
def test_times_of_people_beside_the_launch_time_are_not_launches(sentence: str) -> None:
    d = ingest_text(
        "SEOUL, March 16, 2023 (Yonhap) -- North Korea fired a ballistic missile into the East Sea on Thursday, the JCS said.\n\n"
        + sentence,
        reconstruct=False,
    )
    assert [(t.value.hour, t.value.minute) for t in d.fields["times"]] == [(22, 9)]  # 07:09 KST


@pytest.mark.parametrize(
    "tally",
    [
        "North Korea has fired more than 70 ballistic missiles this year, a record.",
        "It has launched some 30 missiles so far this year.",
        "The North fired a record 69 missiles in 2022.",
    ],
)
def test_a_tally_over_a_period_is_not_this_launchs_count(tally: str) -> None:
    d = ingest_text(
        "SEOUL, March 16, 2023 (Yonhap) -- North Korea fired a ballistic missile into the East Sea on Thursday, the JCS said.\n\n"
        + tally,
        reconstruct=False,
    )
    assert d.fields["count"] is not None and d.fields["count"].value == 1
    assert d.fields["count_min"] is None


def test_a_present_perfect_lead_still_counts() -> None:
    d = ingest_text(
        "(CNN) — North Korea has fired at least two ballistic missiles into the waters off its east coast, "
        "according to South Korea's Joint Chiefs of Staff.",
        reconstruct=False,
    )
    assert d.fields["count_min"].value == 2


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("between 11:55 p.m. Monday and 12:05 a.m. Tuesday (1455-1505 GMT Monday)", [(14, 55), (15, 5)]),
        ("between 11:55 p.m. and 12:05 a.m. (14:55-15:05 UTC)", [(14, 55), (15, 5)]),
    ],
)
def test_the_zone_after_a_range_is_its_first_clocks_too(window: str, expected: list) -> None:
    # "1455-1505 GMT": the GMT written after the range's end is the zone of both of its clocks;
    # the first had been read as a Korean clock time, an extra launch nine hours early
    d = ingest_text(
        "SEOUL, July 25, 2023 (AFP) - North Korea fired two short-range ballistic missiles late Monday, "
        f"the South's Joint Chiefs of Staff said. The missiles were launched {window} from the Pyongyang area.",
        reconstruct=False,
    )
    got = sorted((t.value.hour, t.value.minute) for t in d.fields["times"])
    assert got == expected
    assert all(t.value.date().isoformat() == "2023-07-24" for t in d.fields["times"])


def test_a_report_date_that_is_not_a_date_is_refused_by_name() -> None:
    from launchwatch.errors import InputError

    with pytest.raises(InputError, match="report_date"):
        ingest_text("North Korea fired a missile on Monday.", report_date="2023-07-25")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("Issued on: 02/08/2019 - 02:17", (2019, 8, 2)),  # France 24 / AFP: day first
        ("Issued on: 18/12/2023 - 01:05", (2023, 12, 18)),
        ("Posted 02/08/2019", None),  # nothing says which comes first: no date
    ],
)
def test_a_day_first_page_stamp_dates_the_report(stamp: str, day: tuple | None) -> None:
    d = ingest_text(
        f"North Korea fires two more missiles\n\n{stamp}\n\nSeoul (AFP) - North Korea fired two short-range "
        "ballistic missiles into the sea early Friday, the South's Joint Chiefs of Staff said.",
        reconstruct=False,
    )
    got = d.fields["report_date"]
    assert (None if got is None else (got.value.year, got.value.month, got.value.day)) == day


def test_the_day_the_lead_names_beats_the_datelines() -> None:
    # a US-datelined story of 2 November about a launch on Thursday 3 November, Korean time:
    # the dateline's day is the report's, the lead's "on Thursday" the launch's
    d = ingest_text(
        "November 2, 2022 11:05 PM UTC\n\nWASHINGTON/SEOUL, Nov 2 (Reuters) - North Korea fired a suspected "
        "long-range ballistic missile early on Thursday local time, South Korea's military said.\n\n"
        "The missile was launched at 7:40 a.m. (2240 GMT Wednesday), the Joint Chiefs of Staff said. "
        "On Wednesday the North had fired a short-range missile at 8:51 a.m.",
        reconstruct=False,
    )
    assert d.fields["launch_date"].value.isoformat() == "2022-11-03"
    assert [t.value.isoformat() for t in d.fields["times"]] == ["2022-11-02T22:40:00+00:00"]


def test_a_dateline_day_still_dates_a_lead_without_its_own() -> None:
    d = ingest_text(
        "SEOUL, Nov. 3 (Yonhap) -- North Korea fired a ballistic missile into the East Sea, the Joint "
        "Chiefs of Staff said. It was launched at 7:40 a.m.",
        report_date=date(2022, 11, 3),
        reconstruct=False,
    )
    assert d.fields["launch_date"].value.isoformat() == "2022-11-03"


def test_a_flight_time_after_travelled() -> None:
    # KCNA's "travelled a distance of ... km for N seconds"
    d = ingest_text(
        "Pyongyang, December 19, 2023 (KCNA) -- A launching drill of an ICBM was conducted on December 18. "
        "The missile rose to a maximum altitude of 6,518.2 km and travelled a distance of 1,002.3 km "
        "for 4,415 seconds before landing in the open waters of the East Sea of Korea.",
        reconstruct=False,
    )
    assert d.fields["flight_time"].value == 4415
