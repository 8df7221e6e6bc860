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
