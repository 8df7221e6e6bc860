"""Korean and Japanese reports read as an analyst reads them (issue 16, session of
2026-12-04): announcement hours, quoted "today", another base's launches, seconds in
intervals and with 여, KCNA's counter 기 and launch drills, ordinals side by side and the
"since" of a launch told of with its verb. Each test uses a short text written for it."""

from __future__ import annotations

from datetime import date

from launchwatch.register.ingest import ingest_text


def _read(text: str, day: date | None = None):
    return ingest_text(text, report_date=day, reconstruct=False)


def _times(text: str, day: date | None = None) -> list[str]:
    return [f"{x.value:%H:%M}" for x in _read(text, day).fields.get("times") or []]


def _rounds(text: str, day: date | None = None) -> list[dict]:
    return [
        {k: v for k, v in c.value.items() if k in ("n", "period", "since", "class")}
        for c in _read(text, day).fields.get("round_claims") or []
    ]


def test_the_hour_a_ministry_announced_the_launch_is_no_launch_time() -> None:
    """"防衛省は、6時2分に、北朝鮮から…が発射された旨を発表": the ministry's hour, not the launch's."""
    text = (
        "北朝鮮の弾道ミサイル発射について\n\n令和7年5月8日\n防衛省\n\n"
        "1　本日5時55分頃、北朝鮮西岸付近から、1発の弾道ミサイルが東方向に発射されました。\n\n"
        "2　防衛省は、6時2分に、北朝鮮から弾道ミサイルの可能性があるものが発射された旨を発表しました。\n"
    )
    assert _times(text) == ["20:55"]  # 05:55 JST on the 8th is 20:55 UTC on the 7th


def test_a_korean_agency_hour_before_the_norths_subject_is_the_notice() -> None:
    """"합참은 오전 8시 4분 북한이 … 발사했다고 공지했다": an unhedged hour, agency first, North
    after: the notice's time; the launch's own "오전 7시 58분께" stands."""
    text = (
        "(서울=연합뉴스) 북한이 12일 오전 7시 58분께 함경남도 함흥 일대에서 동해상으로 "
        "단거리탄도미사일 1발을 발사했다.\n\n"
        "합참은 오전 8시 4분 북한이 동해상으로 미상 탄도미사일을 발사했다고 공지했다."
    )
    assert _times(text, date(2025, 6, 12)) == ["22:58"]


def test_a_quoted_today_is_the_day_it_was_said() -> None:
    """A next-day paper quoting the day-before notice: "합참은 전날 "오늘 오전 6시 20분께 …""."""
    text = (
        "입력 2024-05-11 09:30\n\n"
        "북한이 전날(10일) 평양 순안 일대에서 동해상으로 쏜 미사일은 신형이었다고 조선중앙통신이 "
        "11일 보도했다.\n\n"
        "합동참모본부는 전날 \"오늘 오전 6시 20분께 평양 순안 일대에서 동해상으로 발사된 "
        "단거리탄도미사일 1발을 포착했다\"고 밝혔다."
    )
    assert _times(text) == ["21:20"]  # 06:20 KST on the 10th, 21:20 UTC on the 9th


def test_another_bases_launches_are_left_out_when_the_count_is_below_the_times() -> None:
    """One missile from Sohae; the day's other firings from Kittaeryong are told of after it."""
    text = (
        "송고시간 2016-02-07 15:00\n\n"
        "(서울=연합뉴스) 북한이 7일 오전 9시 30분께 평안북도 철산군 동창리 발사장에서 "
        "장거리 로켓 1발을 발사했다.\n\n"
        "북한은 이날 오전 6시 10분께부터 강원도 안변군 깃대령 기지에서 단거리 미사일을 잇따라 쏘았다. "
        "깃대령에서 쏜 미사일은 200여㎞를 날아 동해상에 떨어졌다."
    )
    d = _read(text)
    assert [f"{x.value:%H:%M}" for x in d.fields["times"]] == ["00:30"]
    assert d.fields["site"].value.key == "sohae"
    assert d.fields["distance"] is None
    assert any("another site" in f for f in d.flags)


def test_two_bases_of_one_salvo_keep_their_times_when_the_count_allows() -> None:
    """Two missiles, two times, two bases: the count does not say there were other launches."""
    text = (
        "(서울=연합뉴스) 북한이 7일 오전 6시 10분께 강원도 안변군 깃대령 기지에서 "
        "단거리탄도미사일 1발을, 오전 6시 40분께 평안북도 철산군 동창리 발사장에서 1발을 "
        "발사했다고 합참이 밝혔다. 북한은 모두 2발을 쐈다."
    )
    assert _times(text, date(2016, 2, 7)) == ["21:10", "21:40"]


def test_korean_seconds_with_yeo_and_an_interval_of_seconds() -> None:
    """"40여초 동안 비행한 뒤": more than 40 s; "5,010초～5,032초간 비행": an interval."""
    d = _read(
        "(서울=연합뉴스) 북한이 5일 오전 5시께 무수단리에서 미사일 1발을 발사했다. 국방부는 "
        "\"미사일은 40여초 동안 비행한 뒤 동해상에 떨어졌다\"고 밝혔다.",
        date(2016, 4, 5),
    )
    ft = d.fields["flight_time"]
    assert (ft.value, ft.qualifier) == (40.0, "more_than")
    d = _read(
        "【평양 3월 3일발 조선중앙통신】 남포시 일대에서 발사된 전략순항미싸일 2기는 조선서해상공의 "
        "궤도를 따라 5,010초～5,032초간 비행하여 목표를 명중타격하였다.",
        date(2026, 3, 3),
    )
    ft = d.fields["flight_time"]
    assert (ft.qualifier, ft.low, ft.high) == ("interval", 5010.0, 5032.0)


def test_kcna_counter_gi_site_city_distance_noun_and_own_drill_success() -> None:
    """KCNA's "남포시 일대에서 발사된 … 3기는 1,200㎞ 거리의 … 궤도를 따라": site, count,
    distance; "훈련은 성공적으로 진행되였다" is the drill's, the launch's own: success."""
    text = (
        "주체115(2026)년 3월 3일 화요일\n\n"
        "【평양 3월 3일발 조선중앙통신】 조선인민군 미싸일부대는 3월 2일 전략순항미싸일발사훈련을 "
        "진행하였다.\n\n"
        "남포시 일대에서 발사된 전략순항미싸일 3기는 조선서해상공에 설정된 1,200㎞ 거리의 "
        "타원궤도를 따라 비행하여 목표섬을 명중타격하였다.\n\n"
        "훈련은 성공적으로 진행되였다."
    )
    d = _read(text)
    assert d.fields["site"].value.key == "nampo"
    assert d.fields["count"].value == 3
    assert d.fields["distance"].value == 1_200_000.0
    assert d.fields["outcome"].value == "success"


def test_the_counter_gi_is_not_read_off_other_words() -> None:
    """"미사일 기지", "2기 연속" without the missile noun before: no count of 기."""
    d = _read(
        "(서울=연합뉴스) 북한이 10일 평양 순안 일대 미사일 기지에서 동해상으로 탄도미사일을 "
        "발사했다고 합참이 밝혔다. 김정은 정권 2기 출범 이후 처음이다.",
        date(2025, 3, 10),
    )
    assert d.fields["count"] is None


def test_two_korean_ordinals_side_by_side_are_two_claims() -> None:
    text = (
        "(서울=연합뉴스) 북한이 29일 원산 일대에서 동해상으로 단거리탄도미사일 2발을 발사했다.\n\n"
        "올해 들어 네 번째이자 이달 들어서만 네 번째 발사다."
    )
    got = _rounds(text, date(2020, 3, 29))
    assert {"n": 4, "period": "year"} in got and {"n": 4, "period": "month"} in got


def test_the_since_of_a_launch_told_with_its_verb_has_no_class() -> None:
    """"지난 21일 … 단거리탄도미사일 2발을 쏴 … 날려 보낸 지 8일 만": the launch before's class
    is what was fired then, not what the claim counts."""
    text = (
        "(서울=연합뉴스) 북한이 29일 원산 일대에서 동해상으로 발사체 2발을 발사했다.\n\n"
        "북한의 발사는 지난 21일 선천 일대에서 단거리탄도미사일 2발을 쏴 410여㎞를 날려 보낸 지 "
        "8일 만이다."
    )
    assert _rounds(text, date(2020, 3, 29)) == [{"since": "2020-03-21"}]


def _reporters(d) -> list[str]:
    return [x.value for x in d.fields["reporters"]]


def _claims(d, field: str) -> list[tuple[str, object]]:
    return [(c.value["source"], c.value["value"]) for c in d.fields["claims"] if c.value["field"] == field]


def test_a_headline_tag_in_brackets_is_no_dateline() -> None:
    """"【速報】…" opens a headline: the page's stamp line "… NHK" below it names the outlet."""
    text = (
        "【速報】北朝鮮 弾道ミサイル発射\n\n"
        "2025年3月10日 7時40分　NHK\n\n"
        "政府によりますと、北朝鮮は10日午前7時22分ごろ、弾道ミサイル1発を東の方向に発射しました。"
    )
    d = _read(text)
    assert _reporters(d)[0] == "NHK"
    assert [f"{x.value:%H:%M}" for x in d.fields["times"]] == ["22:22"]


def test_a_kantei_page_with_the_prime_ministers_orders_is_the_offices() -> None:
    text = (
        "北朝鮮の弾道ミサイル発射について\n\n令和7年4月2日\n\n"
        "本日6時15分頃、北朝鮮東岸付近から、弾道ミサイル1発が東方向に発射されました。\n\n"
        "【総理指示】\n1　情報収集・分析に全力を挙げ、国民に対して、迅速・的確な情報提供を行うこと\n\n"
        "政府としては、北京の大使館ルートを通じて北朝鮮に厳重に抗議し、強く非難しました。"
    )
    who = _reporters(_read(text))
    assert "Japan Prime Minister's Office" in who and "Japanese government" in who


def test_a_korean_correction_of_an_alert_is_the_governments_word() -> None:
    """"일본 정부는 … 대피를 지시했다가 … 정정했습니다": the government is a source."""
    text = (
        "북한이 어제 동해상으로 탄도미사일 1발을 쐈다고 합동참모본부가 밝혔습니다.\n\n"
        "일본 정부는 어제 오전 8시 전국순간경보시스템으로 홋카이도 주민들에게 대피를 지시했다가, "
        "약 20분 뒤 \"낙하할 가능성은 없어졌다\"고 정정했습니다."
    )
    assert "Japanese government" in _reporters(_read(text, date(2023, 4, 14)))


def test_variant_letters_of_hwasong_names_in_hangul_and_katakana() -> None:
    """화성-11마 and 火星11マ are the 11E (가나다라마: A-E); 火星16ナ is the 16B."""
    for text, name in (
        ("【ソウル共同】朝鮮中央通信は3日、「火星11マ」の試験発射に成功したと報じた。", "Hwasong-11E"),
        ("【ソウル共同】朝鮮中央通信は3日、弾道ミサイル「火星16ナ」を発射したと報じた。", "Hwasong-16B"),
        ("(서울=연합뉴스) 조선중앙통신은 3일 '화성-11마'형 미사일을 시험발사했다고 보도했다.", "Hwasong-11E"),
    ):
        assert _read(text, date(2026, 1, 3)).fields["missile_name"].value == name


def test_a_japanese_satellite_report_orbit_claims_counter_ki_and_rounds() -> None:
    """"ロケット1基", "銀河3号", NORAD's "軌道に達した", "今年2回目の打ち上げ" (an SLV's round),
    "衛星打ち上げは、…失敗して以来" (the topic's class)."""
    text = (
        "北朝鮮ロケット発射\n\n2012年12月13日 3時00分\n\n"
        "政府によると、北朝鮮は12日午前9時49分ごろ、東倉里にある西海衛星発射場から、"
        "ロケット1基を南方向に発射した。\n\n"
        "北米航空宇宙防衛司令部（NORAD）は、何らかの物体が軌道に達したとみられるとの見解を示した。"
        "朝鮮中央通信は、運搬ロケット「銀河3号」で衛星を打ち上げたと報じた。\n\n"
        "今回は今年2回目の打ち上げとなる。北朝鮮の衛星打ち上げは、4月13日に空中で爆発して失敗して以来となる。"
    )
    d = _read(text)
    assert d.fields["count"].value == 1
    assert d.fields["missile_name"].value == "Unha-3"
    assert ("NORAD", "success") in _claims(d, "outcome")
    got = [
        {k: v for k, v in c.value.items() if k in ("n", "period", "since", "class")}
        for c in d.fields["round_claims"]
    ]
    assert {"n": 2, "period": "year", "class": "SLV"} in got
    assert {"since": "2012-04-13", "class": "SLV"} in got


def test_a_missiles_round_in_japanese_keeps_no_class() -> None:
    """"今年2回目の発射": a launch of anything, no class."""
    text = (
        "防衛省によると、北朝鮮は10日午前7時ごろ、弾道ミサイル1発を発射した。今回は今年2回目の発射となる。"
    )
    got = [
        {k: v for k, v in c.value.items() if k in ("n", "period", "since", "class")}
        for c in _read(text, date(2025, 3, 10)).fields["round_claims"]
    ]
    assert got == [{"n": 2, "period": "year"}]


def test_kcnas_range_line_reached_is_its_distance_but_a_range_is_not() -> None:
    """"1,000㎞ 사거리 계선의 목표 수역에 정확히 탄착": KCNA's distance; "사거리가 1만5천㎞를
    넘어 … 사정권": a capability."""
    text = (
        "(서울=연합뉴스) 북한이 2일 오전 6시 53분쯤 평양 일대에서 동해상으로 탄도미사일 1발을 "
        "발사했다고 합동참모본부가 밝혔다.\n\n"
        "조선중앙통신은 3일 \"미싸일은 1,000㎞ 사거리 계선의 목표 수역에 정확히 탄착했다\"고 보도했다.\n\n"
        "전문가는 \"사거리가 1만5천㎞를 넘어 미국 본토가 사정권에 들어갈 수 있다\"고 말했다."
    )
    d = _read(text, date(2024, 4, 3))
    assert _claims(d, "distance") == [("KCNA (North Korea)", 1_000_000.0)]


def test_corrected_figures_and_counts_take_the_corrected_value() -> None:
    """"最高高度を約50kmとお伝えしましたが、約70kmに訂正します" and "1발을 … 공지하였으나 …
    2발을 발사한 것으로 정정함": the corrected figure and count stand."""
    d = _read(
        "北朝鮮のミサイル等関連情報（第3報）\n\n令和6年9月12日\n防衛省\n\n"
        "1　本日10時05分頃、北朝鮮は、北朝鮮西岸付近から、1発の弾道ミサイルを東方向に発射しました。\n\n"
        "2　第2報で最高高度を約50kmとお伝えしましたが、約70kmに訂正します。"
    )
    assert d.fields["apogee"].value == 70_000.0
    d = _read(
        "합참은 오늘 14시 10분경 북한이 장연 일대에서 서해상으로 단거리탄도미사일 1발을 발사했다고 "
        "공지하였으나, 추가 분석 결과 2발을 발사한 것으로 정정함.",
        date(2025, 8, 14),
    )
    assert d.fields["count"].value == 2


def test_minutes_before_the_verb_of_flying_and_a_tickers_quoted_agency() -> None:
    """"弾道ミサイルは約70分飛翔し": a flight time; '[속보] 합참 "…"': the JCS says it."""
    d = _read("防衛省によると、北朝鮮は本日6時59分頃、弾道ミサイル1発を発射した。ミサイルは約70分飛翔し、"
              "日本海に落下した。", date(2023, 7, 12))
    assert d.fields["flight_time"].value == 4200.0
    d = _read('[속보] 북한, 미사일 발사\n[속보] 합참 "북한, 오전 7시 5분께 순안서 ICBM 1발 발사"\n',
              date(2026, 3, 19))
    assert "South Korea Joint Chiefs of Staff" in _reporters(d)
