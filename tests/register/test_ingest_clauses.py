"""Attribution of what a sentence says: a subject that refers back ("They flew ...") is about
the event the sentence before told of, so an earlier launch's figures stay out of this one's;
a class term glossed by its acronym is the acronym's class; a time after a relative clause
goes back to the clause it interrupted; a round claim's determiner may be any possessive."""

from __future__ import annotations

from launchwatch.register.ingest import ingest_text

LEDE = ("TOKYO, March 9, 2020 (Kyodo) -- North Korea fired two short-range ballistic missiles on "
        "Monday morning, South Korea's military said. They flew up to 200 km.")


def _distance(text: str) -> float | None:
    x = ingest_text(text, reconstruct=False).fields.get("distance")
    return None if x is None else x.value


def test_they_after_an_earlier_launch_is_that_launch() -> None:
    text = LEDE + ("\n\nOn March 2, North Korea launched two projectiles from near Wonsan. They flew some "
                   "240 km at an altitude of 35 km, according to the South Korean military.")
    assert _distance(text) == 200e3


def test_they_after_this_launch_is_this_launch() -> None:
    text = ("TOKYO, March 9, 2020 (Kyodo) -- North Korea fired two short-range ballistic missiles on "
            "Monday morning, a day after the allies' drills ended, South Korea's military said. They "
            "flew some 240 km.")
    assert _distance(text) == 240e3


def test_a_back_reference_in_a_new_paragraph_is_not_inherited() -> None:
    text = LEDE + ("\n\nIn 2017 North Korea launched an ICBM from Panghyon.\n\n"
                   "They flew 250 km, the Joint Chiefs of Staff added.")
    assert _distance(text) == 250e3


def test_a_class_term_glossed_by_its_acronym_is_the_acronyms_class() -> None:
    """"中距離弾道ミサイル（MRBM）": the writer's gloss says which class is meant, though the
    term alone is read as an IRBM; a term without a gloss keeps its own class."""
    glossed = ("【ソウル時事】韓国軍合同参謀本部によると、北朝鮮は18日、中距離弾道ミサイル（MRBM）2発を"
               "発射した。")
    classes = [x.value for x in ingest_text(glossed, reconstruct=False).fields["missile_class"]]
    assert classes == ["MRBM"]
    plain = "【ソウル時事】韓国軍合同参謀本部によると、北朝鮮は18日、中距離弾道ミサイル2発を発射した。"
    classes = [x.value for x in ingest_text(plain, reconstruct=False).fields["missile_class"]]
    assert classes == ["IRBM"]


def test_a_time_after_a_relative_clause_goes_back_to_the_clause_it_interrupted() -> None:
    text = ("SEOUL, Jan. 14, 2022 (Yonhap) -- North Korea fired two short-range ballistic missiles on "
            "Friday, South Korea's military said. The JCS said it detected the two missiles fired from "
            "the Uiju area in North Pyongan Province, which borders China, at 2:41 p.m. and 2:52 p.m.")
    times = ingest_text(text, reconstruct=False).fields["times"]
    assert [x.value.strftime("%H:%M") for x in times] == ["05:41", "05:52"]
    # the clause before decides: there an impact, not a launch
    text = ("SEOUL, Jan. 14, 2022 (Yonhap) -- North Korea fired a ballistic missile at 2:41 p.m. on "
            "Friday, the JCS said. It landed in waters off Cape Musu, which lies near the border, at "
            "2:52 p.m.")
    times = ingest_text(text, reconstruct=False).fields["times"]
    assert [x.value.strftime("%H:%M") for x in times] == ["05:41"]


def test_a_round_claim_after_any_possessive() -> None:
    lede = ("SEOUL, Jan. 14, 2022 (Yonhap) -- North Korea fired two short-range ballistic missiles "
            "on Friday, South Korea's military said, ")
    for tail, want in (("in the reclusive regime's third weapons launch this year.",
                        {"n": 3, "period": "year"}),
                       ("marking the isolated country\u2019s fourth missile launch this month.",
                        {"n": 4, "period": "month"})):
        claims = ingest_text(lede + tail, reconstruct=False).fields["round_claims"]
        assert [c.value for c in claims] == [want], tail


def test_japanese_round_claims_of_this_year_and_of_a_span() -> None:
    """"本年に入り９回目" is this year's ninth; "１週間で４回目" the fourth in a week (a rolling
    seven days, as English "in a week"); "10日間で3回目" the third in ten days."""
    lede = "北朝鮮は今朝、弾道ミサイル2発を発射した。"
    for tail, want in (("北朝鮮による弾道ミサイル等の発射は、本年に入り９回目です。",
                        {"n": 9, "period": "year"}),
                       ("北朝鮮の弾道ミサイル発射は９月２５日以降、１週間で４回目。",
                        {"n": 4, "period": "P7D"}),
                       ("北朝鮮の弾道ミサイル発射は10日間で3回目となる。", {"n": 3, "period": "P10D"})):
        claims = ingest_text(lede + tail, reconstruct=False).fields["round_claims"]
        assert [c.value for c in claims] == [want], tail
