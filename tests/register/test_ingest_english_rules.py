# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""English wire copy: rules an analyst reads by (issue 16), each on a short report written
for the test; expected values worked out by hand (UTC = local time minus the zone's
offset on that date; Pyongyang was UTC+8:30 from August 2015 to May 2018)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from launchwatch.register.ingest import ingest_text

JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"


def _times(d) -> list[datetime]:
    return [t.value for t in d.fields["times"] or []]


# -- times -----------------------------------------------------------------------------------
def test_utc_times_in_an_aside_between_dashes_restate_the_local_ones() -> None:
    """"at 6:12 a.m. and 6:40 a.m. local time - 21:12 and 21:40 UTC on Monday -": the
    aside is a parenthesis; its zone and day are its own, not the local times'."""
    d = ingest_text(
        "SEOUL, March 3 (Wire) - North Korea fired two missiles on Tuesday morning, the JCS said.\n\n"
        "The JCS said the missiles were launched at 6:12 a.m. and 6:40 a.m. local time - 21:12 and 21:40 UTC on Monday - and flew about 300 km.",
        report_date=date(2020, 3, 3),
        reconstruct=False,
    )
    assert d.fields["launch_date"].value == date(2020, 3, 3)
    assert _times(d) == [datetime(2020, 3, 2, 21, 12, tzinfo=UTC), datetime(2020, 3, 2, 21, 40, tzinfo=UTC)]


def test_an_offset_is_not_a_clock_and_pyongyang_standard_time_is_a_zone() -> None:
    """"08:40 KST / 08:10 Pyongyang Standard Time (UTC+8:30)": one launch, not three."""
    d = ingest_text(
        "Record of a launch\n\nDate: 9 March 2017\nTime: 08:40 KST / 08:10 Pyongyang Standard Time (UTC+8:30)\n"
        "Launch area: near Wonsan\n",
        reconstruct=False,
    )
    assert _times(d) == [datetime(2017, 3, 8, 23, 40, tzinfo=UTC)]


def test_an_impact_time_far_down_a_long_clause_is_not_a_launch() -> None:
    """The verb of the clause ("came down") governs a time written after a long place phrase."""
    d = ingest_text(
        "TOKYO, May 5 (Wire) - North Korea fired a ballistic missile on Tuesday, Japan's Defense Ministry said.\n\n"
        "According to the ministry, the missile was launched at around 6:05 a.m. from near Sinpo and came down in the Sea of Japan inside Japan's exclusive economic zone about 200 km west of the Oga Peninsula in Akita Prefecture at around 6:19 a.m.",
        report_date=date(2020, 5, 5),
        reconstruct=False,
    )
    assert _times(d) == [datetime(2020, 5, 4, 21, 5, tzinfo=UTC)]


# -- clauses about other events ----------------------------------------------------------------
def _classes(d) -> list[str]:
    return [c.value for c in d.fields["missile_class"] or []]


def test_on_that_day_tells_of_the_day_just_named() -> None:
    """"... the first launch since May 2. On that day, the North fired ... which flew some
    400 kilometers": that launch's time, sea and distance are not this one's."""
    d = ingest_text(
        "SEOUL, June 9 (Wire) - North Korea fired two ballistic missiles into the Yellow Sea on Tuesday morning, South Korea's military said.\n\n"
        "The missiles were launched from near Nampo at around 7:20 a.m., the Joint Chiefs of Staff said.\n\n"
        "It is the North's first launch since May 2. On that day, the North fired a missile into the East Sea at around 9:10 a.m., which flew some 400 kilometers.",
        report_date=date(2020, 6, 9),
        reconstruct=False,
    )
    assert _times(d) == [datetime(2020, 6, 8, 22, 20, tzinfo=UTC)]
    assert d.fields["landing"].value.key == "yellow-sea"
    assert d.fields["distance"] is None


def test_what_the_launch_followed_is_another_event() -> None:
    """"It followed a launching drill of the ICBM Hwasong-15, in which the missile reached
    4,000 km": the apogee is that launch's."""
    d = ingest_text(
        "Pyongyang, March 5 (KCNA) -- Two strategic cruise missiles were fired toward the East Sea of Korea on March 4 and flew for 9,000 seconds, travelling 1,500 km.\n\n"
        "It followed a launching drill of the ICBM Hwasong-15, in which the missile reached a maximum altitude of 4,000 km.",
        report_date=date(2023, 3, 5),
        reconstruct=False,
    )
    assert d.fields["apogee"] is None
    assert "ICBM" not in _classes(d)


def test_a_sentence_about_its_subjects_agency_continues_the_event_before() -> None:
    """"The North launched a satellite rocket at 10:42 p.m. Tuesday. Its space agency said the
    satellite entered orbit": the day before's launch, not this one's class."""
    d = ingest_text(
        "SEOUL, Nov. 23 (Wire) -- North Korea fired a ballistic missile late Wednesday, but the launch appears to have failed, South Korea's military said.\n\n"
        "The North launched a rocket from its Sohae site at 10:42 p.m. Tuesday. Its space agency said the satellite entered orbit at 10:54 p.m.",
        report_date=date(2023, 11, 23),
        reconstruct=False,
    )
    assert "SLV" not in _classes(d)


def test_another_states_own_launch_is_another_actors() -> None:
    """A reporter's question of the South's own test: not this launch's class."""
    d = ingest_text(
        "Press Conference (Excerpt)\n\n"
        "SECRETARY: At around 12:32 today, North Korea launched a ballistic missile toward the east.\n\n"
        "REPORTER: The Republic of Korea also test-fired a submarine-launched ballistic missile this afternoon. Any comment?",
        report_date=date(2021, 9, 15),
        reconstruct=False,
    )
    assert "SLBM" not in _classes(d)


def test_a_place_seen_in_the_weeks_before_the_test_is_not_the_site() -> None:
    """Imagery of a shipyard "in the weeks before the test" does not place the launch."""
    d = ingest_text(
        "SEOUL, Oct. 3 (Wire) - North Korea tested a new missile on Wednesday morning, South Korea's military said.\n\n"
        "Commercial satellite imagery of the Sinpo South Shipyard in the weeks before the test showed a barge moving in and out of its berth.",
        report_date=date(2019, 10, 3),
        reconstruct=False,
    )
    assert d.fields["site"] is None


def test_the_day_of_the_allies_exercise_does_not_take_the_lead_with_it() -> None:
    """"..., South Korea's military said, on the first day of the allies' annual exercise":
    the exercise is another actor's, the launch and its sea stay this launch's."""
    d = ingest_text(
        "SEOUL, March 10 (Wire) - North Korea fired several ballistic missiles into the Yellow Sea on Monday afternoon, South Korea's military said, on the first day of the annual exercise between South Korea and the United States.",
        report_date=date(2025, 3, 10),
        reconstruct=False,
    )
    assert d.fields["landing"].value.key == "yellow-sea"
    assert d.fields["count_min"].value == 3


# -- revisions and running stories -------------------------------------------------------------
def test_a_revised_assessment_supersedes_the_first_estimate_of_that_source() -> None:
    """"On Friday, after a joint analysis, the JCS revised its assessment: both missiles flew
    about 550 km": the day dates the revision, and its figure replaces 380 and 520 km."""
    d = ingest_text(
        "SEOUL, Aug. 2 (Wire) - North Korea tested two short-range ballistic missiles on Thursday morning, South Korea's military said.\n\n"
        "The Joint Chiefs of Staff initially said the missiles flew 380 kilometers and 520 kilometers, respectively.\n\n"
        "On Friday, after a joint analysis with U.S. intelligence, the JCS revised its assessment: both missiles, it said, flew about 550 kilometers.",
        report_date=date(2019, 8, 2),
        reconstruct=False,
    )
    assert d.fields["distance"].value == 550_000.0
    dist = [c.value for c in d.fields["claims"] if c.value["field"] == "distance"]
    assert [(c["source"], c["value"]) for c in dist] == [(JCS, 550_000.0)]
    assert d.fields["count"].value == 2


def test_a_first_alerts_a_missile_gives_way_to_the_number_fired() -> None:
    """A running story: "has fired an unidentified ballistic missile", then "two short-range
    ballistic missiles were fired": two."""
    d = ingest_text(
        "Live updates\n\n"
        "2:58 p.m. ET - South Korea's Joint Chiefs of Staff says North Korea has fired an unidentified ballistic missile toward the East Sea.\n\n"
        "4:05 p.m. ET - JCS update: two short-range ballistic missiles were fired from the Sunan area, the JCS says.",
        report_date=date(2023, 7, 18),
        reconstruct=False,
    )
    assert d.fields["count"].value == 2


def test_a_number_taken_back_does_not_outnumber_a_missile() -> None:
    """"had detected two missiles but later corrected the figure": still one."""
    d = ingest_text(
        "TOKYO, Oct. 19 (Wire) - North Korea launched a ballistic missile toward the Sea of Japan on Tuesday, the Japanese government said.\n\n"
        "The Defense Ministry said Japan had detected two missiles but later corrected the figure to one.",
        report_date=date(2021, 10, 19),
        reconstruct=False,
    )
    assert d.fields["count"].value == 1


# -- outcomes, sources, kinds and the report's own claims ----------------------------------------
def _claims(d, field: str) -> list[tuple[str, object]]:
    return [(c.value["source"], c.value["value"]) for c in d.fields["claims"] if c.value["field"] == field]


def test_no_object_entered_orbit_is_a_failure_and_the_state_media_gave_another_account() -> None:
    """"No object entered orbit" is a failure, not a success; "KCNA gave a different account.
    It said ... into orbit" is KCNA's success claim, not the U.S. command's."""
    d = ingest_text(
        "SEOUL, April 5 (Wire) - North Korea launched a long-range rocket on Sunday, but the U.S. military said no satellite reached orbit.\n\n"
        '"No object entered orbit," the North American Aerospace Defense Command (NORAD) said in a statement.\n\n'
        "North Korea's official KCNA news agency gave a different account. It said the rocket had put a satellite into orbit.",
        report_date=date(2009, 4, 5),
        reconstruct=False,
    )
    assert d.fields["outcome"].value == "failure"
    assert ("NORAD", "failure") in _claims(d, "outcome")
    assert ("NORAD", "success") not in _claims(d, "outcome")
    assert ("KCNA (North Korea)", "success") in _claims(d, "outcome")


def test_the_first_since_a_weekday_and_no_ordinal_across_it() -> None:
    """"the first launch since Sunday and the latest in a blitz this year": since the Sunday
    before Friday's launch; no "first this year"."""
    d = ingest_text(
        "SEOUL, Oct. 14 (Wire) - North Korea fired a short-range ballistic missile early Friday, the JCS said.\n\n"
        "It was the North's first launch since Sunday and the latest in a record-breaking blitz this year.",
        report_date=date(2022, 10, 14),
        reconstruct=False,
    )
    assert [c.value for c in d.fields["round_claims"]] == [{"since": "2022-10-09"}]


def test_the_first_since_a_rodong_launch_counts_medium_range_missiles() -> None:
    """"medium-range Rodong ballistic missiles" are MRBMs, and "the first time since July
    2009 that the North had fired Rodong missiles" counts that class."""
    d = ingest_text(
        "SEOUL, March 26 (Wire) - North Korea fired two medium-range Rodong ballistic missiles into the East Sea early Wednesday, the JCS said.\n\n"
        "It was the first time since July 2009 that the North had fired Rodong missiles.",
        report_date=date(2014, 3, 26),
        reconstruct=False,
    )
    assert [c.value for c in d.fields["missile_class"]][:1] == ["MRBM"]
    assert [c.value for c in d.fields["round_claims"]] == [{"since": "2009-07", "class": "MRBM"}]


def test_the_launch_named_after_first_since_and_a_first_test_are_past_events() -> None:
    """"the first since Oct. 19, when North Korea fired a new submarine-launched ballistic
    missile"; "Pyongyang first tested what it called a hypersonic missile, the Hwasong-8, in
    September": neither class nor name is this launch's."""
    d = ingest_text(
        "SEOUL, Jan 6 (Wire) - North Korea said it had tested a hypersonic missile on Wednesday.\n\n"
        "The launch was the first since Oct. 19, when North Korea fired a new submarine-launched ballistic missile. "
        "Pyongyang first tested what it called a hypersonic missile, the Hwasong-8, in September.",
        reconstruct=False,
    )
    assert "SLBM" not in [c.value for c in d.fields["missile_class"] or []]
    assert d.fields["missile_name"] is None


# -- sources, capabilities, flight times and places ---------------------------------------------
def test_a_header_naming_its_issuer_wins_over_a_title_the_ministry_also_uses() -> None:
    """"[JCS Press Release]" over "North Korea's Ballistic Missile Launch"; "This launch
    follows ... this morning" tells of the morning's launch."""
    d = ingest_text(
        "[JCS Press Release]\n\nNorth Korea's Ballistic Missile Launch\n\nNovember 3, 2022\n\n"
        "1. The Joint Chiefs of Staff (JCS) detected three short-range ballistic missiles launched at around 9:35 p.m. today toward the East Sea.\n\n"
        "2. This launch follows North Korea's launch of one long-range ballistic missile this morning.",
        reconstruct=False,
    )
    assert [r.value for r in d.fields["reporters"]] == [JCS]
    assert [c.value for c in d.fields["missile_class"]] == ["SRBM"]


def test_a_distance_that_would_put_guam_within_reach_leaves_the_flown_figures() -> None:
    """", a distance that would put Guam ... within reach" is a capability clause of its own:
    the JCS's 770 km and 3,700 km before it are flown figures; "an intermediate-range
    Hwasong-12" is an IRBM; "in the air for about 19 minutes" is a flight time."""
    d = ingest_text(
        "TOKYO, Sept. 15 (Wire) - North Korea fired a ballistic missile over Hokkaido on Friday.\n\n"
        "Chief Cabinet Secretary Yoshihide Suga said the missile had been in the air for about 19 minutes.\n\n"
        "South Korea's Joint Chiefs of Staff said the missile, believed to be an intermediate-range Hwasong-12, reached an altitude of about 770 km and flew some 3,700 km, a distance that would put Guam, about 3,400 km from Pyongyang, within reach.",
        report_date=date(2017, 9, 15),
        reconstruct=False,
    )
    assert (JCS, 770_000.0) in _claims(d, "apogee")
    assert (JCS, 3_700_000.0) in _claims(d, "distance")
    assert (JCS, "IRBM") in _claims(d, "missile_class")
    assert d.fields["flight_time"].value == 19 * 60


def test_minutes_in_the_air_after_which_it_came_down_are_a_flight_time() -> None:
    d = ingest_text(
        "TOKYO, Aug. 29 (Wire) - North Korea fired a missile over Japan on Tuesday.\n\n"
        "Japan's government said the missile came down in the Pacific at around 6:12 am, after roughly 14 minutes in the air.",
        report_date=date(2017, 8, 29),
        reconstruct=False,
    )
    assert d.fields["flight_time"].value == 14 * 60


def test_those_figures_come_from_names_the_source_of_the_sentence_before() -> None:
    """"Tokyo says the missile was in the air for about 45 minutes. Those figures come from
    Japan's Defense Ministry.": the ministry's figure, and no separate government."""
    d = ingest_text(
        "SEOUL, July 29 (Wire) - North Korea launched an ICBM late Friday, the JCS said.\n\n"
        "Tokyo says the missile was in the air for about 45 minutes and came down inside Japan's exclusive economic zone. Those figures come from Japan's Defense Ministry.",
        report_date=date(2017, 7, 29),
        reconstruct=False,
    )
    assert _claims(d, "flight_time") == [(MOD, 2700.0)]
    assert "Japanese government" not in [r.value for r in d.fields["reporters"]]


def test_south_korea_and_japan_said_sums_up_the_agencies_quoted_later() -> None:
    d = ingest_text(
        "TOKYO, Jan 17 (Wire) - North Korea fired two suspected ballistic missiles on Monday, South Korea and Japan said.\n\n"
        "Japan's Defense Ministry put the distance at about 300 km, and South Korea's Joint Chiefs of Staff said they flew about 380 km.",
        report_date=date(2022, 1, 17),
        reconstruct=False,
    )
    assert "Japanese government" not in [r.value for r in d.fields["reporters"]]


def test_a_ministry_that_has_given_its_own_figures_says_them() -> None:
    d = ingest_text(
        "Live blog\n\nSouth Korea's Joint Chiefs of Staff says North Korea has fired a ballistic missile that flew about 1,000km.\n\n"
        "Japan's defence ministry has given its own figures: the missile flew more than 500km and reached a maximum altitude of about 50km.",
        report_date=date(2024, 1, 14),
        reconstruct=False,
    )
    assert _claims(d, "apogee") == [(MOD, 50_000.0)]


def test_threats_from_pyongyang_name_the_government_not_a_site() -> None:
    d = ingest_text(
        "SEOUL, May 18 (Wire) - North Korea fired three short-range missiles into the sea on Saturday, as tensions eased only slowly after weeks of threats from Pyongyang.",
        report_date=date(2013, 5, 18),
        reconstruct=False,
    )
    assert d.fields["site"] is None


def test_the_government_in_copy_from_japan_and_an_agency_in_parentheses() -> None:
    """In an English report stamped in JST, "the government said" is Japan's government, but
    not as the object of the Chief Cabinet Secretary's words; "Apogee: about 1,000 km (South
    Korea JCS)" is the JCS's figure; "medium-range Rodongs" are MRBMs."""
    d = ingest_text(
        "THE DAILY\nSeptember 5, 2016 at 13:10 JST\n\nNorth Korea fires missiles\n\n"
        "North Korea fired three ballistic missiles, believed to be medium-range Rodongs, into the Sea of Japan on Monday, the government said.\n\n"
        "Apogee: about 200 km (South Korea JCS)",
        reconstruct=False,
    )
    assert "Japanese government" in [r.value for r in d.fields["reporters"]]
    assert (JCS, 200_000.0) in _claims(d, "apogee")
    assert [c.value for c in d.fields["missile_class"]][:1] == ["MRBM"]
    d = ingest_text(
        "THE DAILY\nMay 8, 2025 at 13:10 JST\n\nNorth Korea fires missiles\n\n"
        "Chief Cabinet Secretary Yoshimasa Hayashi told reporters the government had confirmed the launch of ballistic missiles.",
        reconstruct=False,
    )
    assert "Japanese government" not in [r.value for r in d.fields["reporters"]]


def test_a_number_ending_a_headline_is_not_the_day_of_the_date_below() -> None:
    """"... new ICBM Hwasong-15" over a line "Nov. 29, 2017": the date is the line's."""
    d = ingest_text(
        "North Korea says it test-fired new ICBM Hwasong-15\n\nNov. 29, 2017\n\n"
        "North Korea has announced that it test-launched a new type of intercontinental ballistic missile early on Wednesday morning.",
        reconstruct=False,
    )
    assert d.fields["report_date"].value == date(2017, 11, 29)
    assert d.fields["launch_date"].value == date(2017, 11, 29)


def test_the_first_launch_of_a_year_and_since_a_day_written_first() -> None:
    """"its first ballistic missile launch of 2024 and its first since 18 December"."""
    d = ingest_text(
        "SEOUL, Jan 14 (Wire) - North Korea fired a ballistic missile on Sunday afternoon, the JCS said.\n\nSome context: this is North Korea's first ballistic missile launch of 2024 and its first since 18 December, when it fired an ICBM.",
        report_date=date(2024, 1, 14),
        reconstruct=False,
    )
    got = [{k: v for k, v in c.value.items() if k != "condition"} for c in d.fields["round_claims"]]
    assert got == [{"n": 1, "period": "year"}, {"since": "2023-12-18"}]


def test_the_drill_of_a_report_whose_launch_is_a_drill_is_that_launch() -> None:
    """KCNA calls its launch a drill: "The drill was successfully conducted" is its success,
    while the allies' drills stay another actor's."""
    d = ingest_text(
        "Pyongyang, March 13 (KCNA) -- A submarine of the Korean People's Army conducted a drill of launching strategic cruise missiles at dawn of March 12.\n\n"
        "The drill was successfully conducted to verify the reliability of the weapon system.",
        report_date=date(2023, 3, 13),
        reconstruct=False,
    )
    assert d.fields["outcome"].value == "success"
    d = ingest_text(
        "SEOUL, March 13 (Wire) - North Korea fired a missile on Monday, the JCS said.\n\n"
        "The joint drills of South Korea and the United States were successfully conducted last week.",
        report_date=date(2023, 3, 13),
        reconstruct=False,
    )
    assert d.fields["outcome"] is None


def test_a_records_entry_date_is_the_report_date_and_a_transcripts_speaker_says_it() -> None:
    """"Record ... | Entry created: 23 June 2016" under a title dated the 22nd; in a press
    conference, "CHIEF CABINET SECRETARY: ... flew about 750 kilometers" is his figure."""
    d = ingest_text(
        "Musudan flight test, 22 June 2016\n\nRecord NK-1 | Entry created: 23 June 2016 | Status: verified\n\n"
        "Date: 22 June 2016 (Wednesday)\nTime: 08:05 KST\n",
        reconstruct=False,
    )
    assert d.fields["report_date"].value == date(2016, 6, 23)
    d = ingest_text(
        "Press Conference by the Chief Cabinet Secretary (Excerpt)\n\nWednesday, September 15, 2021 (PM)\n\n"
        "CHIEF CABINET SECRETARY: At around 12:32 today, North Korea launched two ballistic missiles. Both missiles flew about 750 kilometers.",
        reconstruct=False,
    )
    assert _claims(d, "distance") == [("Japan Chief Cabinet Secretary", 750_000.0)]


def test_a_verb_after_a_comma_does_not_govern_the_time_before_it() -> None:
    """"launched from near Sunan, on the outskirts of Pyongyang, at 6:57 a.m., passed over
    Hokkaido between 7:04 a.m. and 7:06 a.m.": 6:57 is the launch."""
    d = ingest_text(
        "TOKYO, Sept. 15 (Wire) - North Korea fired a ballistic missile over Hokkaido early on Friday.\n\n"
        "According to the Defense Ministry, the missile was launched from near Sunan, on the outskirts of Pyongyang, at 6:57 a.m., passed over Hokkaido between 7:04 a.m. and 7:06 a.m. and came down at around 7:16 a.m.",
        report_date=date(2017, 9, 15),
        reconstruct=False,
    )
    assert _times(d) == [datetime(2017, 9, 14, 21, 57, tzinfo=UTC)]


def test_a_records_number_launched_is_the_count() -> None:
    d = ingest_text(
        "Missile Test Database\n\nLast updated: 7 August 2019\n\nDate: 6 August 2019 (Tuesday)\n"
        "Launch time: 05:24 and 05:36 KST\nMissile type: SRBM\nNumber launched: 2\n",
        reconstruct=False,
    )
    assert d.fields["count"].value == 2


def test_a_state_medias_later_report_and_a_list_of_its_figures() -> None:
    """"North Korean state media, in a Friday report, described ..." dates the report, not a
    launch; "KCNA, reporting the next day, was more precise: an apogee of 6,648.4 km, a range
    of 1,001.2 km" gives KCNA's flown figures (a range in a list of them is no capability)."""
    d = ingest_text(
        "July 14, 2023\n\nThe second flight\n\nOn the morning of July 12, North Korea flight-tested an ICBM for the second time.\n\n"
        "The Korean Central News Agency (KCNA), reporting the next day, was more precise: an apogee of 6,648.4 kilometers, a range of 1,001.2 kilometers and a flight time of 4,491 seconds.",
        reconstruct=False,
    )
    assert ("KCNA (North Korea)", 1_001_200.0) in _claims(d, "distance")
    assert ("KCNA (North Korea)", 6_648_400.0) in _claims(d, "apogee")
    d = ingest_text(
        "The Diplomat | July 26, 2019\n\nNorth Korea on Thursday morning tested two short-range ballistic missiles, the JCS said.\n\n"
        'North Korean state media, in a Friday report, described the launch as a test of a "new-type tactical guided weapon".',
        reconstruct=False,
    )
    assert "KCNA (North Korea)" in [r.value for r in d.fields["reporters"]]


def test_a_zone_written_after_the_clocks_weekday_dates_that_zones_calendar() -> None:
    """"at 9:51 a.m. Wednesday (7:51 p.m. Tuesday EST)": Tuesday is the US calendar's day of
    the same instant, not another day of the launch."""
    d = ingest_text(
        "Dec. 11, 2012 11:58 PM EST\n\nWASHINGTON (Wire) - North Korea fired a long-range rocket early Wednesday local time, the U.S. military said.\n\n"
        "South Korea's Defense Ministry said the three-stage Unha-3 lifted off from the Sohae launch station at 9:51 a.m. Wednesday (7:51 p.m. Tuesday EST).",
        reconstruct=False,
    )
    assert _times(d) == [datetime(2012, 12, 12, 0, 51, tzinfo=UTC)]
    assert d.fields["site"].value.key == "sohae"
    assert d.fields["missile_name"].value == "Unha-3"


def test_minutes_after_it_was_fired_when_it_came_down_and_an_attempt_that_came_at_a_time() -> None:
    """"crashed into the Pacific ... at about 7:16 a.m., about 19 minutes after it was fired"
    is a flight time; "The attempt came at about 7 a.m. Wednesday Seoul time (6 p.m. EDT
    Tuesday)" is the launch's instant."""
    d = ingest_text(
        "TOKYO, Sept. 15 (Wire) - North Korea fired a missile on Friday, Japan's Ministry of Defense said.\n\n"
        "Japan's Ministry of Defense said the missile flew over Hokkaido and crashed into the Pacific Ocean some 2,000 kilometers east of Cape Erimo at about 7:16 a.m. Japan time, about 19 minutes after it was fired.",
        report_date=date(2017, 9, 15),
        reconstruct=False,
    )
    assert d.fields["flight_time"].value == 19 * 60
    d = ingest_text(
        "Published 8:47 PM EDT, March 21, 2017\n\nWASHINGTON (Wire) - North Korea attempted a missile launch early Wednesday, U.S. officials said.\n\n"
        "U.S. Pacific Command said it detected a failed launch attempt near Wonsan. The attempt came at about 7 a.m. Wednesday Seoul time (6 p.m. EDT Tuesday).",
        reconstruct=False,
    )
    assert _times(d) == [datetime(2017, 3, 21, 22, 0, tzinfo=UTC)]


def test_a_records_direction_field_is_the_bearing() -> None:
    """"Trajectory: southward, along the corridor used in December 2012": south, though the
    field's tail names a past year."""
    d = ingest_text(
        "Satellite Launch\n\nDate: February 7, 2016 (Sunday)\nLaunch time: 09:30 KST\n"
        "Trajectory: southward, along the corridor used in December 2012\n",
        reconstruct=False,
    )
    assert round(d.fields["bearing"].value, 3) == round(3.141592653589793, 3)


def test_explode_breaking_up_and_achieve_orbit_in_their_other_forms() -> None:
    d = ingest_text(
        "SEOUL, April 16 (Wire) - North Korea launched a missile from near Sinpo early on Sunday, but it appeared to explode almost immediately, South Korea's Joint Chiefs of Staff said.",
        report_date=date(2017, 4, 16),
        reconstruct=False,
    )
    assert (JCS, "failure") in _claims(d, "outcome")
    d = ingest_text(
        "WASHINGTON (Wire) - North Korea launched a long-range rocket on Wednesday morning local time.\n\n"
        "NORAD said initial indications were that the rocket deployed an object that appeared to achieve orbit.",
        report_date=date(2012, 12, 12),
        reconstruct=False,
    )
    assert ("NORAD", "success") in _claims(d, "outcome")


def test_the_spokesman_quoted_later_is_the_agencys_spokesman() -> None:
    d = ingest_text(
        "SEOUL (Wire) - North Korea fired seven ballistic missiles on Saturday, a spokesman for the Joint Chiefs of Staff said.\n\n"
        '"They appear to be short-range ballistic missiles which flew an estimated 400 to 500 kilometres," the spokesman said.',
        report_date=date(2009, 7, 4),
        reconstruct=False,
    )
    assert (JCS, "SRBM") in _claims(d, "missile_class")


def test_and_flew_south_after_the_launchs_clock_is_the_bearing() -> None:
    d = ingest_text(
        "SEOUL, Dec. 12 (Wire) - North Korea launched a long-range rocket on Wednesday morning.\n\n"
        "South Korea's Defense Ministry said the rocket lifted off from the Sohae launch site at 9:49 a.m. Seoul time and flew south toward the Philippines.",
        report_date=date(2012, 12, 12),
        reconstruct=False,
    )
    assert round(d.fields["bearing"].value, 3) == round(3.141592653589793, 3)
