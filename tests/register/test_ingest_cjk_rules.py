"""Korean and Japanese reports read as an analyst reads them (issue 16): a log's stamps and
a chronology's announcements are no launch times, a release's reference items tell of other
launches. Each test uses a short text written for it."""

from __future__ import annotations

from datetime import date

from launchwatch.register.ingest import ingest_text


def _times(text: str, day: date | None = None) -> list[str]:
    d = ingest_text(text, report_date=day, reconstruct=False)
    return [f"{x.value:%H:%M}" for x in d.fields.get("times") or []]


def test_a_logs_bracketed_stamp_is_no_launch_time() -> None:
    """"[21:05] 합참은 오늘 20시 48분경 … 발사된 … 포착": the bracket is when the message came."""
    text = (
        "[합참 문자 기록] 3. 9.(목)\n\n"
        "[21:05] 합참은 오늘 20시 48분경 북한 평양 일대에서 동해상으로 발사된 "
        "단거리탄도미사일 1발을 포착하였음.\n\n"
        "[22:30] 북한 단거리탄도미사일은 약 400km를 비행 후 동해상에 탄착하였음."
    )
    assert _times(text, date(2023, 3, 9)) == ["11:48"]


def test_a_chronologys_announcement_is_no_launch_time() -> None:
    """"10時02分　防衛省が、…が発射された旨を発表": the entry's clock is the announcement's."""
    text = (
        "北朝鮮の弾道ミサイル発射について\n\n令和5年3月9日\n\n"
        "本日9時58分頃、北朝鮮西岸付近から、弾道ミサイル1発が東方向に発射されました。\n\n"
        "【経過】\n10時02分　防衛省が、北朝鮮から弾道ミサイルの可能性があるものが発射された旨を発表\n"
        "10時20分　海上保安庁が、既に落下したとみられる旨を発表\n"
    )
    assert _times(text) == ["00:58"]


def test_a_releases_reference_item_is_another_launch() -> None:
    """"（参考）本日10時40分頃 … 2発": the ministry's note of the day's other launch."""
    text = (
        "北朝鮮のミサイル等関連情報（第2報）\n\n令和5年3月9日\n防衛省\n\n"
        "1　本日9時58分頃、北朝鮮西岸付近から、1発の弾道ミサイルが東方向に発射されました。\n\n"
        "（参考）本日10時40分頃、北朝鮮東岸付近から、2発の弾道ミサイルが東方向に発射されました。\n"
    )
    d = ingest_text(text, reconstruct=False)
    assert [f"{x.value:%H:%M}" for x in d.fields["times"]] == ["00:58"]
    assert d.fields["count"].value == 1


def _rounds(text: str, day: date | None = None) -> list[dict]:
    d = ingest_text(text, report_date=day, reconstruct=False)
    return [
        {k: v for k, v in c.value.items() if k in ("n", "period", "since", "class")}
        for c in d.fields.get("round_claims") or []
    ]


_KO_LEDE = (
    "북한이 9일 오전 7시 10분께 평양 순안 일대에서 동해상으로 탄도미사일 1발을 발사했다고 "
    "합참이 밝혔다.\n\n"
)


def test_a_korean_sentences_topic_gives_its_claims_class() -> None:
    """"북한의 ICBM 발사는 이달 1일 이후 여드레 만이며, 올해 들어 다섯 번째다": both count ICBMs."""
    text = _KO_LEDE + "북한의 ICBM 발사는 이달 1일 이후 여드레 만이며, 올해 들어 다섯 번째다."
    got = _rounds(text, date(2023, 3, 9))
    assert {"since": "2023-03-01", "class": "ICBM"} in got
    assert {"n": 5, "period": "year", "class": "ICBM"} in got
    text = _KO_LEDE + "북한이 단거리탄도미사일을 발사한 것은 올해 들어 처음이다."
    assert _rounds(text, date(2023, 3, 9)) == [{"n": 1, "period": "year", "class": "SRBM"}]


def test_the_noun_after_a_korean_ordinal_says_what_it_counts() -> None:
    """"이번 순항미사일 발사는 … 네 번째 미사일 발사다" counts all missiles; "세 번째 정찰위성
    발사" counts satellite launches whatever the subject."""
    text = _KO_LEDE + "북한의 이번 순항미사일 발사는 이달 들어 네 번째 미사일 발사다."
    assert _rounds(text, date(2023, 3, 9)) == [{"n": 4, "period": "month"}]
    text = _KO_LEDE + "이번 발사는 올해 들어 세 번째 정찰위성 발사 시도다."
    assert _rounds(text, date(2023, 3, 9)) == [{"n": 3, "period": "year", "class": "SLV"}]


def test_an_earlier_launch_named_before_since_is_no_class() -> None:
    """"지난달 20일 순항미사일 여러 발을 쏜 이후 17일 만": what was fired then, not what is counted;
    "1월 14일 이후 첫 IRBM 발사": the first IRBM since."""
    text = _KO_LEDE + "북한의 미사일 발사는 지난달 20일 순항미사일 여러 발을 쏜 이후 17일 만이다."
    assert _rounds(text, date(2023, 3, 9)) == [{"since": "2023-02-20"}]
    text = _KO_LEDE + "이번 발사는 1월 14일 이후 첫 IRBM 발사다."
    assert _rounds(text, date(2023, 3, 9)) == [{"since": "2023-01-14", "class": "IRBM"}]


def test_a_japanese_sentences_topic_gives_its_claims_class() -> None:
    """"北朝鮮による偵察衛星の打ち上げは、5月31日に続いて今年2回目": satellite launches."""
    text = (
        "北朝鮮は24日午前3時50分ごろ、東倉里から南の方向に発射を行いました。\n\n"
        "北朝鮮による偵察衛星の打ち上げは、5月31日に続いて今年2回目です。"
    )
    assert _rounds(text, date(2023, 8, 24)) == [{"n": 2, "period": "year", "class": "SLV"}]


def _field(text: str, name: str, day: date | None = None):
    x = ingest_text(text, report_date=day, reconstruct=False).fields.get(name)
    if isinstance(x, list):
        return [y.value for y in x]
    return None if x is None else x.value


def test_korean_medium_range_of_an_mrbm_family_is_an_mrbm() -> None:
    """Korean 중거리 covered both MRBMs and IRBMs before 준중거리: a Nodong is an MRBM; with no
    family named, or with an IRBM's, the word stays an IRBM."""
    text = "북한이 26일 새벽 2시 35분 숙천 일대에서 노동 계열 중거리탄도미사일 1발을 발사했다."
    assert _field(text, "missile_class", date(2014, 3, 26))[0] == "MRBM"
    assert _field(text, "missile_name", date(2014, 3, 26)) == "Nodong"
    text = "북한이 2일 오전 6시 53분 평양 일대에서 중거리탄도미사일 '화성포-16나'형 1발을 발사했다."
    assert _field(text, "missile_class", date(2024, 4, 2))[0] == "IRBM"
    assert _field(text, "missile_name", date(2024, 4, 2)) == "Hwasong-16B"


def test_names_in_korean_and_japanese_spellings() -> None:
    """"은하 3호" with a space, 대포동 2호, テポドン2号."""
    assert _field("북한이 13일 오전 7시 38분 장거리 로켓 '은하 3호'를 발사했다.", "missile_name",
                  date(2012, 4, 13)) == "Unha-3"
    assert _field("北朝鮮は5日午前5時1分ごろ、長距離弾道ミサイル「テポドン2号」を発射した。", "missile_name",
                  date(2006, 7, 5)) == "Taepodong-2"


def test_earlier_months_named_alone_are_past_launches() -> None:
    """"앞서 5월과 8월 두 차례 발사는 모두 실패했다": those months' launches failed, not this one."""
    text = (
        "북한이 21일 밤 10시 43분께 동창리 일대에서 정찰위성을 발사했다. 조선중앙통신은 위성을 궤도에 "
        "정확히 진입시켰다고 보도했다.\n\n앞서 5월과 8월 두 차례 발사는 모두 실패했다."
    )
    assert _field(text, "outcome", date(2023, 11, 22)) == "success"


def test_success_denied_is_a_failure() -> None:
    """"궤도 진입은 성공하지 못했다" and "成功しなかった" deny success."""
    text = (
        "조선중앙통신은 13일 \"지구관측위성의 궤도 진입은 성공하지 못했다\"고 전했다. "
        "북한은 13일 오전 7시 38분 위성을 발사했다."
    )
    assert _field(text, "outcome", date(2012, 4, 13)) == "failure"
    text = (
        "北朝鮮は13日午前7時39分ごろ、衛星を発射した。朝鮮中央通信は「衛星は軌道進入に"
        "成功しなかった」と報じた。"
    )
    assert _field(text, "outcome", date(2012, 4, 13)) == "failure"


def test_agencies_of_earlier_names_and_other_scripts() -> None:
    """防衛庁 (the ministry before 2007), 米国防総省, 노라드."""
    text = (
        "北朝鮮は5日午前5時1分ごろ、ミサイルを発射した。防衛庁は、失敗したと発表した。"
        "米国防総省も失敗したと発表した。"
    )
    got = _field(text, "reporters", date(2006, 7, 5))
    assert "Japan Ministry of Defense" in got and "US Department of Defense" in got
    text = (
        "북한이 13일 오전 7시 38분 로켓을 발사했다. 노라드는 어떤 물체도 궤도에 진입하지 "
        "않았다고 발표했다."
    )
    assert "NORAD" in _field(text, "reporters", date(2012, 4, 13))


def test_a_site_named_before_its_launch_pad() -> None:
    """"동창리 발사장에서", "東倉里にある発射場から"."""
    assert _field("북한이 13일 오전 7시 38분 철산군 동창리 발사장에서 로켓 1발을 발사했다.", "site",
                  date(2012, 4, 13)).key == "sohae"
    assert _field("北朝鮮は13日午前7時39分ごろ、北西部の東倉里にある発射場から発射した。", "site",
                  date(2012, 4, 13)).key == "sohae"


def test_the_one_of_the_days_salvo_a_report_is_about() -> None:
    """"7発のうち、1発の…「テポドン2号」について": the count is the one, the topic's."""
    text = (
        "北朝鮮が5日に発射した弾道ミサイル7発のうち、1発の長距離弾道ミサイル「テポドン2号」について、"
        "防衛庁は、失敗したとの分析結果をまとめた。テポドン2号は5日午前5時1分ごろ発射された。"
    )
    assert _field(text, "count", date(2006, 7, 6)) == 1
    text = "北朝鮮は5日午前7時ごろ弾道ミサイル2発を発射した。2発のうち1発は約600キロ飛行した。"
    assert _field(text, "count", date(2006, 7, 5)) == 2


def test_a_broadcasts_hour_is_no_launch_time() -> None:
    """"조선중앙TV는 오후 3시 30분 '특별중대보도'를 통해 … 성공했다고 주장": the broadcast's hour."""
    text = (
        "합참은 북한이 오늘 오전 9시 40분쯤 방현 일대에서 탄도미사일 1발을 발사했다고 밝혔다.\n\n"
        "조선중앙TV는 오후 3시 30분 '특별중대보도'를 통해 시험발사에 성공했다고 주장했다."
    )
    assert _times(text, date(2017, 7, 4)) == ["00:40"]


def test_another_forces_answering_fire_is_not_this_launch() -> None:
    """"韓国軍は対抗措置として、同日午後4時25分ごろから…計5発を発射した": South Korea's."""
    text = (
        "防衛省によると、ミサイルは24日午後2時33分ごろ平壌国際空港付近から発射された。\n\n"
        "韓国軍は対抗措置として、同日午後4時25分ごろから日本海に向けて地対地ミサイルなど計5発を発射した。"
    )
    assert _times(text, date(2022, 3, 24)) == ["05:33"]
    assert _field(text, "count", date(2022, 3, 24)) is None


def test_the_altitude_where_a_flight_ended_is_no_apogee() -> None:
    """"高度151キロ付近で爆発したとみている": where it blew up, not how high it flew."""
    text = (
        "北朝鮮は13日午前7時39分ごろ、東倉里から長距離弾道ミサイルを南の方向に発射した。\n\n"
        "韓国国防省は、ミサイルが発射から約2分後、高度151キロ付近で爆発したとみている。"
    )
    assert _field(text, "apogee", date(2012, 4, 13)) is None


def test_a_bare_figure_after_an_earlier_launch_is_that_launchs() -> None:
    """"북한은 당시 … 쐈고 … 날아갔습니다. 고도는 550㎞ 안팎이었습니다.": the earlier launch's."""
    text = (
        "합참은 오후 4시 32분쯤 북한이 순안 일대에서 발사한 단거리탄도미사일 2발을 포착했다고 밝혔다. "
        "일본 방위성은 미사일이 최고 고도 약 50㎞로 비행했다고 발표했습니다.\n\n"
        "북한의 탄도미사일 발사는 지난 18일 이후 닷새 만입니다. 북한은 당시 동창리 일대에서 "
        "준중거리탄도미사일 2발을 쐈고, 미사일은 약 500㎞를 날아갔습니다. 고도는 550㎞ 안팎이었습니다."
    )
    assert _field(text, "apogee", date(2022, 12, 23)) == 50e3


def test_the_day_before_a_verb_of_saying_is_the_statements() -> None:
    """"북한은 전날 … 쏜 SLBM 시험발사가 '성공'이라고 25일 주장했다": launched the day before."""
    text = (
        "북한은 전날 신포 인근 해상에서 쏜 잠수함발사탄도미사일(SLBM) 시험발사가 '성공'이라고 "
        "25일 주장했다.\n\n합참은 북한이 오전 5시 30분께 SLBM 1발을 발사했다고 밝혔다."
    )
    d = ingest_text(text, report_date=date(2016, 8, 25), reconstruct=False)
    assert d.fields["launch_date"].value == date(2016, 8, 24)
    assert [f"{x.value:%d %H:%M}" for x in d.fields["times"]] == ["23 20:30"]


def _claims(text: str, day: date | None = None) -> list[tuple[str, str]]:
    d = ingest_text(text, report_date=day, reconstruct=False)
    return [(c.value["source"], c.value["field"]) for c in d.fields.get("claims") or []]


def test_a_briefing_transcripts_speakers() -> None:
    """"국방부 정례브리핑" … "[대변인]" speaks for the ministry; "○ 합참 공보실장 :" for the JCS."""
    text = (
        "국방부 정례브리핑\n\n2017년 5월 22일(월) 오전 11시\n\n"
        "[대변인] 북한은 어제 오후 4시 59분 북창 일대에서 탄도미사일 1발을 발사했습니다. "
        "미사일은 500여㎞를 비행했습니다."
    )
    assert ("South Korea Ministry of National Defense", "distance") in _claims(text)
    text = (
        "국방부 정례브리핑\n\n□ 일시 : 2017. 5. 22.(월) 10:30\n\n"
        "○ 합참 공보실장 : 북한은 어제(21일) 16시 59분경 북창 일대에서 탄도미사일 1발을 발사하였습니다. "
        "최대고도는 560여㎞로 탐지되었습니다."
    )
    assert ("South Korea Joint Chiefs of Staff", "apogee") in _claims(text)


def test_the_prime_minister_speaks_for_his_office() -> None:
    """"安倍首相は記者団に対し、「…」と述べ": the Prime Minister's Office."""
    text = (
        "北朝鮮は31日午前5時6分ごろ、弾道ミサイル2発を発射した。\n\n"
        "安倍首相は記者団に対し、「弾道ミサイルを発射した」と述べた。"
    )
    got = _field(text, "reporters", date(2019, 7, 31))
    assert "Japan Prime Minister's Office" in got


def test_the_norths_own_paper_by_its_juche_date_line() -> None:
    """"주체111(2022)년 1월 12일": the North's paper, dated; its words are KCNA's, the state the
    North's; "1,000㎞ 떨어진 수역의 목표를 … 타격" is the distance flown; "앞선 시험발사" context."""
    text = (
        "주체111(2022)년 1월 12일 수요일\n\n"
        "국방과학원은 1월 11일 극초음속미사일 시험발사를 진행하였다.\n\n"
        "미사일은 1,000㎞ 떨어진 수역의 목표를 정확히 타격하였다. 이번 시험발사는 성공적으로 진행되였다.\n\n"
        "1월 5일에 있은 앞선 시험발사때에는 700㎞ 밖의 목표를 맞혔다."
    )
    d = ingest_text(text, reconstruct=False)
    f = d.fields
    assert f["report_date"].value == date(2022, 1, 12)
    assert f["launch_date"].value == date(2022, 1, 11)
    assert f["state"].value == "North Korea"
    assert f["distance"].value == 1000e3 and f["distance"].source == "KCNA (North Korea)"
    assert [r.value for r in f["reporters"]] == ["KCNA (North Korea)"]


def test_a_paragraph_of_bare_figures_goes_on_with_the_speaker_before() -> None:
    """"最高高度は6千キロを大きく超え、飛行距離は約1000キロ。" after the ministry's paragraph: the
    ministry's figures, read with the Japanese 千."""
    text = (
        "防衛省によると、北朝鮮は18日午前8時24分ごろ、ICBM級の弾道ミサイル1発を発射した。"
        "ミサイルは約73分間飛行し、日本海に落下したと推定される。\n\n"
        "最高高度は6千キロを大きく超え、飛行距離は約1000キロ。"
    )
    got = _claims(text, date(2023, 12, 18))
    assert ("Japan Ministry of Defense", "apogee") in got
    assert ("Japan Ministry of Defense", "distance") in got
    assert _field(text, "apogee", date(2023, 12, 18)) == 6000e3


def test_kcnas_intercontinental_ballistic_rocket_is_an_icbm() -> None:
    text = "국방과학원은 7월 28일 밤 대륙간탄도로케트 《화성-14》형 시험발사를 진행하였다."
    assert _field(text, "missile_class", date(2017, 7, 29))[0] == "ICBM"


def test_japanese_firsts_since_a_launch_told_of() -> None:
    """"10月2日に…「北極星3」を撃って以来", and "それ以来" after "先月29日にも…発射し"."""
    text = (
        "北朝鮮は31日午後4時35分ごろ、弾道ミサイル2発を発射した。\n\n"
        "北朝鮮の弾道ミサイル発射は、10月2日に元山沖からSLBM「北極星3」を撃って以来。"
    )
    assert {"since": "2019-10-02"} in _rounds(text, date(2019, 10, 31))
    text = (
        "北朝鮮は15日午前6時57分ごろ、弾道ミサイル1発を発射しました。\n\n"
        "北朝鮮は先月29日にも「火星12型」とみられるミサイルを発射し、北海道の上空を通過しました。"
        "北朝鮮による弾道ミサイルの発射はそれ以来です。"
    )
    assert {"since": "2017-08-29"} in _rounds(text, date(2017, 9, 15))


def test_japanese_several_fired_and_statements() -> None:
    """"短距離飛翔体を複数発射" is at least two; "…としています", "…との声明を出した" say so."""
    text = (
        "韓国軍の合同参謀本部によりますと、北朝鮮は4日午前9時6分ごろ、短距離飛翔体を複数発射しました。\n\n"
        "日本政府は、日本の領域への飛来は確認されていないとしています。\n\n"
        "米インド太平洋軍は、差し迫った脅威ではないとの声明を出した。"
    )
    d = ingest_text(text, report_date=date(2019, 5, 4), reconstruct=False)
    assert d.fields["count_min"].value == 2
    got = [r.value for r in d.fields["reporters"]]
    assert "Japanese government" in got and "US Indo-Pacific Command" in got


def test_korean_since_the_end_of_a_launch_told_of() -> None:
    """"지난달 29일 … 쏜 미사일이 발사 직후 공중 폭발한 지 15일 만": since that launch; a
    failure told without its launch verb ("발사가 실패한 지 사흘 만") is no such claim."""
    text = (
        "북한이 14일 오전 5시 27분께 구성 일대에서 중장거리전략탄도로케트 1발을 발사했다.\n\n"
        "북한의 탄도미사일 발사는 지난달 29일 북창 일대에서 쏜 미사일이 발사 직후 공중 폭발한 지 "
        "15일 만이다."
    )
    assert _rounds(text, date(2017, 5, 14)) == [{"since": "2017-04-29"}]
    assert _field(text, "missile_class", date(2017, 5, 14))[0] == "IRBM"
    text = (
        "북한이 30일 오전 6시 14분께 순안 일대에서 SRBM 18발 가량을 발사했다.\n\n"
        "이번 발사는 지난 27일 북한의 군사정찰위성 발사가 실패한 지 사흘 만입니다."
    )
    assert _rounds(text, date(2024, 5, 30)) == []


def test_a_site_north_of_a_town_and_a_press_releases_issuer() -> None:
    """"통천 북방 일대에서" is Tongchon; "합동참모본부 보도자료": the JCS says its figures."""
    text = (
        "합동참모본부 보도자료\n\n2019. 8. 16.(금)\n\n"
        "□ 우리 군은 오늘 08시 01분경 북한 강원도 통천 북방 일대에서 동해상으로 발사된 발사체 2발을 "
        "포착하였습니다.\n\n□ 이번 발사체는 비행거리 약 230km, 고도 약 30km로 탐지되었습니다."
    )
    assert _field(text, "site").key == "tongchon"
    assert ("South Korea Joint Chiefs of Staff", "distance") in _claims(text)


def test_korean_native_ordinals_are_read_whole() -> None:
    """"올해 들어 열두 번째" is the twelfth; "열일곱 번째" the seventeenth."""
    for word, n in (("열두", 12), ("열일곱", 17), ("세", 3)):
        text = _KO_LEDE + f"북한의 탄도미사일 발사는 올해 들어 {word} 번째다."
        assert _rounds(text, date(2023, 3, 9)) == [{"n": n, "period": "year"}]


def test_minutes_named_as_the_flight_time() -> None:
    """"비행시간이 86분으로", "飛行時間は約86分で": flight times without 간/間."""
    text = (
        "합참은 북한이 31일 오전 7시 10분께 ICBM 1발을 발사했다고 밝혔다. 일본 방위성은 "
        "비행시간이 86분으로 역대 최장이라고 설명했다."
    )
    assert _field(text, "flight_time", date(2024, 10, 31)) == 86 * 60
    text = "防衛省によると、北朝鮮は31日午前7時10分ごろICBM級1発を発射した。飛行時間は約86分で、過去最長。"
    assert _field(text, "flight_time", date(2024, 10, 31)) == 86 * 60


def test_japanese_days_since_a_launch_told_of_in_the_sentence() -> None:
    """"今月16日にも…を発射していて、発射は3日ぶり": since the 16th; this launch's own day is
    never its own "since"."""
    text = (
        "防衛省によりますと、北朝鮮は19日午前11時5分ごろ、弾道ミサイル1発を発射しました。\n\n"
        "北朝鮮は今月16日にもICBM級の弾道ミサイル1発を発射していて、発射は3日ぶりです。"
    )
    assert _rounds(text, date(2023, 3, 19)) == [{"since": "2023-03-16"}]
    text = "北朝鮮は19日午前11時5分ごろ弾道ミサイル1発を発射しました。発射は3日ぶりです。"
    assert _rounds(text, date(2023, 3, 19)) == []


def test_where_a_flight_ended_is_no_site() -> None:
    """"평양 일대에서 … 발사했으나 … 원산 인근 해상에서 폭발했다": the site is Pyongyang."""
    text = (
        "북한이 26일 오전 5시 30분께 평양 일대에서 동북 방향으로 탄도미사일 1발을 발사했으나 "
        "비정상적으로 비행해 원산 인근 해상에서 폭발했다고 합참이 밝혔다."
    )
    assert _field(text, "site", date(2024, 6, 26)).key == "pyongyang"


def test_japanese_since_a_month_told_of_in_the_sentence() -> None:
    """"昨年11月に偵察衛星を打ち上げており、発射はそれ以来": since November of last year."""
    text = (
        "政府によると、北朝鮮は27日午後10時44分ごろ、東倉里から発射を南方向に行った。\n\n"
        "北朝鮮は昨年11月に偵察衛星を打ち上げており、発射はそれ以来となる。"
    )
    assert _rounds(text, date(2024, 5, 28)) == [{"since": "2023-11"}]


def test_a_satellite_not_confirmed_in_orbit_is_no_class_claim() -> None:
    """"宇宙空間への衛星の投入は確認されていません": the ministry does not call it a satellite."""
    text = (
        "政府によりますと、北朝鮮は24日午前3時50分ごろ、東倉里から「衛星」と称するものを発射しました。\n\n"
        "防衛省によりますと、宇宙空間への衛星の投入は確認されていません。"
    )
    got = _claims(text, date(2023, 8, 24))
    assert ("Japan Ministry of Defense", "missile_class") not in got
    assert ("Japanese government", "missile_class") in got


def test_the_allies_drills_as_the_reason_of_the_norths_launch() -> None:
    """"북한은 한미 연합훈련에 대응해 … 발사했다", "米韓合同演習に反発して…発射": this launch; but
    "우리 군은 … 발사에 대응하여 … 사격" is the allies' fire."""
    text = (
        "북한은 한미 연합훈련에 대응해 오늘 오전 7시 10분께 평양 일대에서 탄도미사일 2발을 발사했다고 "
        "합참이 밝혔다."
    )
    assert _times(text, date(2022, 12, 23)) == ["22:10"]
    assert _field(text, "count", date(2022, 12, 23)) == 2
    text = "防衛省によると、北朝鮮は米韓合同演習に反発して、18日午前7時ごろ弾道ミサイル1発を発射した。"
    assert _times(text, date(2023, 3, 18)) == ["22:00"]
    text = (
        "합참은 북한이 오늘 19시 50분경 탄도미사일 2발을 발사했다고 밝혔다.\n\n"
        "우리 군은 북한의 탄도미사일 발사에 대응하여 오늘 21시 30분경부터 지대지미사일 2발을 사격하였음."
    )
    assert _times(text, date(2023, 6, 15)) == ["10:50"]


def test_a_long_range_missile_called_a_satellite_is_no_icbm() -> None:
    """"「人工衛星」と称する長距離弾道ミサイル": the satellite rocket; alone, an ICBM."""
    text = "防衛省によると、北朝鮮は13日午前7時39分ごろ、「人工衛星」と称する長距離弾道ミサイルを発射した。"
    assert _field(text, "missile_class", date(2012, 4, 13)) == ["SLV"]
    text = "防衛省によると、北朝鮮は5日午前5時1分ごろ、長距離弾道ミサイル1発を発射した。"
    assert _field(text, "missile_class", date(2006, 7, 5)) == ["ICBM"]


def test_more_than_in_korean_past_adnominal() -> None:
    """"6,000㎞를 넘은 것으로": more than 6,000 km."""
    text = (
        "합참은 북한이 오늘 오전 10시께 ICBM 1발을 발사했다고 밝혔다. 최고 고도는 6,000㎞를 넘은 "
        "것으로 추정된다."
    )
    d = ingest_text(text, report_date=date(2023, 7, 12), reconstruct=False)
    assert d.fields["apogee"].value == 6000e3 and d.fields["apogee"].qualifier == "more_than"


def test_an_slbm_counted_and_the_unnumbered_pukguksong() -> None:
    """"SLBM 1발을 … 발사했다" counts one; KCNA's unnumbered '북극성' is the Pukguksong-1."""
    text = (
        "합동참모본부는 '북한이 오전 5시 30분께 신포 인근 해상에서 SLBM 1발을 동해상으로 발사했다'고 "
        "밝혔다. 조선중앙통신은 전략잠수함탄도탄 '북극성'이 500㎞를 비행했다고 보도했다."
    )
    assert _field(text, "count", date(2016, 8, 24)) == 1
    assert _field(text, "missile_name", date(2016, 8, 24)) == "Pukguksong-1"


def test_the_norths_own_organs_in_korean_and_japanese() -> None:
    """"労働新聞は…と報じた", "북한 관영매체는 … 보도했다", "미사일총국은": the North's state media."""
    for text in (
        "北朝鮮は12日、弾道ミサイルを発射した。労働新聞は13日、発射実験に成功したと報じた。",
        "북한이 12일 탄도미사일을 발사했다. 북한 관영매체는 13일 시험발사에 성공했다고 보도했다.",
        "북한이 12일 탄도미사일을 발사했다. 미사일총국은 시험발사에 성공했다고 밝혔다.",
    ):
        assert "KCNA (North Korea)" in _field(text, "reporters", date(2024, 6, 13))


def test_word_of_the_launch_coming_in_is_no_launch_time() -> None:
    """"…発射されたという情報が午前7時48分に入った": when word came; "複数の弾道ミサイル": two or more."""
    text = (
        "海上保安庁によりますと、北朝鮮から弾道ミサイルが発射されたという情報が午前7時48分に入ったということです。\n\n"
        "防衛省によりますと、北朝鮮は18日午前7時44分ごろ、複数の弾道ミサイルを北東方向に発射しました。"
    )
    assert _times(text, date(2024, 3, 18)) == ["22:44"]
    assert _field(text, "count_min", date(2024, 3, 18)) == 2


def test_the_day_after_the_norths_bureau_is_the_tests() -> None:
    """"미사일총국은 7월 12일 … 시험발사를 진행하였다": the bureau held the test that day."""
    text = "2023.7.13.\n\n미사일총국은 7월 12일 신형대륙간탄도미사일 시험발사를 진행하였다."
    assert _field(text, "launch_date") == date(2023, 7, 12)
