# ruff: noqa: E501  (the reports are written as one paragraph per line)
"""English wire copy: general rules that carry over to reports never seen (issue 16), each
on a short report written for the test; expected values worked out by hand."""

from __future__ import annotations

import math
from datetime import date

from launchwatch.register.ingest import ingest_text

JCS = "South Korea Joint Chiefs of Staff"
MOD = "Japan Ministry of Defense"
KCNA = "KCNA (North Korea)"


def _read(text: str, day: date | None = date(2024, 5, 2)):
    return ingest_text(text, report_date=day, reconstruct=False)


def _claims(d, field: str) -> dict[str, object]:
    return {c.value["source"]: c.value["value"] for c in d.fields["claims"] if c.value["field"] == field}


def _reporters(d) -> list[str]:
    return [r.value for r in d.fields["reporters"]]


# -- clauses ---------------------------------------------------------------------------------
def test_a_relative_clause_of_a_parade_leaves_the_figures_before_it_to_the_launch() -> None:
    """"It flew about 900 km ..., possibly the Hwasong-19 that the North displayed at a parade
    in 2024": the parade is the relative clause's, the figures and the name this launch's."""
    d = _read(
        "SEOUL (Wire) - North Korea fired a ballistic missile on Thursday, South Korea's military said.\n\n"
        "It flew about 900 km and reached an altitude of about 6,500 km, the JCS said, describing it as an ICBM, possibly the Hwasong-19 that the North displayed at a military parade in 2024."
    )
    assert d.fields["distance"].value == 900e3
    assert d.fields["apogee"].value == 6500e3
    assert d.fields["missile_name"].value == "Hwasong-19"
    assert _claims(d, "apogee") == {JCS: 6500e3}


def test_a_clause_opened_by_with_keeps_its_other_day_to_itself() -> None:
    """"fired several missiles on Saturday, ..., with state media claiming on Sunday that ...":
    Sunday is the claim's day; the count of Saturday's launch stands."""
    d = _read(
        "SEOUL (Wire) - North Korea fired several cruise missiles over the Yellow Sea on Saturday, South Korea's military said, with state media claiming on Sunday that they hit their targets.",
        date(2024, 5, 5),
    )
    assert d.fields["count_min"].value == 3
    assert d.fields["launch_date"].value == date(2024, 5, 4)


def test_a_backshifted_had_flown_in_reported_speech_is_this_flight() -> None:
    """"Japan's defence ministry said the missiles had flown about 250 km": the tense of
    reported speech, not an earlier flight; Japan's figure is its own claim."""
    d = _read(
        "SEOUL (Wire) - North Korea fired two ballistic missiles on Thursday, the JCS said. They flew about 300 km, it said.\n\n"
        "Japan's defence ministry said the missiles had flown about 250 km at a maximum altitude of about 50 km."
    )
    assert _claims(d, "distance") == {JCS: 300e3, MOD: 250e3}
    assert _claims(d, "apogee") == {MOD: 50e3}
    assert MOD in _reporters(d)


def test_had_flown_of_an_earlier_launch_stays_the_past() -> None:
    """Without a verb of saying before it, "had flown" is still an earlier flight."""
    d = _read(
        "SEOUL (Wire) - North Korea fired a ballistic missile on Thursday, the JCS said, without giving a distance.\n\n"
        "A missile of the same type had flown about 600 km."
    )
    assert d.fields["distance"] is None


# -- reporters -------------------------------------------------------------------------------
def test_an_agency_that_has_not_reported_is_no_reporter() -> None:
    d = _read(
        "SEOUL (Wire) - North Korea fired two ballistic missiles on Thursday, the JCS said.\n\n"
        "The North's state media had not reported on the launch as of Thursday evening."
    )
    assert _reporters(d) == ["South Korea Joint Chiefs of Staff"]


def test_an_agency_saying_only_what_its_missiles_can_do_is_no_reporter() -> None:
    d = _read(
        "SEOUL (Wire) - North Korea fired two ballistic missiles on Thursday, the JCS said.\n\n"
        "Pyongyang says its newest missiles can carry warheads to targets up to 800 km away."
    )
    assert KCNA not in _reporters(d)
    assert d.fields["distance"] is None


def test_an_agency_reporting_the_launch_stays_a_reporter() -> None:
    d = _read(
        "SEOUL (Wire) - North Korea fired two ballistic missiles on Thursday, the JCS said.\n\n"
        "KCNA said the missiles flew 400 km and could carry nuclear warheads."
    )
    assert KCNA in _reporters(d)


# -- places ----------------------------------------------------------------------------------
def test_the_north_capitalised_is_the_state_not_a_bearing() -> None:
    """"near Kusong, in the North's northwest": a place phrase; no direction of flight."""
    d = _read(
        "WASHINGTON (Wire) - North Korea launched a missile near Kusong, in the North's northwest, on Thursday, U.S. officials said. It flew toward the North's east coast."
    )
    assert d.fields["bearing"] is None


def test_a_direction_of_flight_is_still_read() -> None:
    d = _read("SEOUL (Wire) - North Korea fired a ballistic missile toward the northeast on Thursday, the JCS said.")
    assert math.isclose(math.degrees(d.fields["bearing"].value), 45.0)


# -- round claims ----------------------------------------------------------------------------
def test_a_round_claim_counting_a_family_counts_its_class() -> None:
    """"the fifth Musudan launch this year": Musudans are intermediate-range missiles."""
    d = _read(
        "SEOUL (Wire) - North Korea fired a Musudan missile on Thursday, the JCS said. It was the fifth Musudan launch this year."
    )
    assert [c.value for c in d.fields["round_claims"]] == [{"n": 5, "period": "year", "class": "IRBM"}]


def test_a_round_claim_counting_a_subset_of_a_family_names_no_class() -> None:
    """"the second failed Musudan launch this month": failures of a family, which the
    register's rounds by class cannot count; no class is claimed."""
    d = _read(
        "SEOUL (Wire) - North Korea's Musudan missile exploded shortly after launch on Thursday, the JCS said, the second failed Musudan launch this month."
    )
    assert [c.value for c in d.fields["round_claims"]] == [{"n": 2, "period": "month"}]


def test_the_sea_off_the_norths_east_coast_is_the_sea_of_japan() -> None:
    d = _read(
        "SEOUL (Wire) - North Korea fired a ballistic missile on Thursday that flew about 500 km before landing in the sea off the North's east coast, the JCS said."
    )
    assert d.fields["landing"].value.key == "sea-of-japan"


def test_the_sea_off_a_western_coast_is_the_yellow_sea_but_not_off_another_country() -> None:
    d = _read(
        "SEOUL (Wire) - North Korea fired cruise missiles into waters off North Korea's western coast on Thursday, the JCS said."
    )
    assert d.fields["landing"].value.key == "yellow-sea"
    d = _read(
        "SEOUL (Wire) - North Korea fired a ballistic missile on Thursday that fell into the sea off the east coast of Japan's Honshu island, the JCS said."
    )
    assert d.fields["landing"] is None


# -- kinds and durations -----------------------------------------------------------------------
def test_a_submarine_launched_strategic_ballistic_missile_is_an_slbm() -> None:
    d = _read(
        "PYONGYANG (KCNA) - A new-type submarine-launched strategic ballistic missile was fired successfully on Thursday, KCNA said."
    )
    assert [c.value for c in d.fields["missile_class"]] == ["SLBM"]


def test_a_duration_after_for_is_the_flight_time_however_far_the_verb() -> None:
    """"flew about 1,500 km along oval and figure-eight patterns for two hours and 12 minutes":
    2 h 12 min = 7,920 s, the body's figure over the headline's "nearly three hours"."""
    d = _read(
        "North Korea says cruise missiles flew nearly three hours\n\n"
        "PYONGYANG (Wire) - KCNA said the cruise missiles fired on Thursday flew about 1,500 km along oval and figure-eight patterns for two hours and 12 minutes before hitting a target."
    )
    assert d.fields["flight_time"].value == 7920.0


def _flight_time(phrase: str) -> float | None:
    d = _read(f"SEOUL (Wire) - North Korea fired a missile on Monday, the JCS said. The missile {phrase}, it said.")
    f = d.fields["flight_time"]
    return None if f is None else f.value


def test_fractions_of_an_hour_in_words() -> None:
    """"a quarter of an hour" is 900 s, not "an hour"; "two and a half hours" 9,000 s, not
    "a half hours"; a fraction not worked out ("a third of an hour") is not read."""
    assert _flight_time("was in the air for roughly a quarter of an hour") == 900.0
    assert _flight_time("flew for half an hour") == 1800.0
    assert _flight_time("flew for about an hour and a half") == 5400.0
    assert _flight_time("flew for two and a half hours") == 9000.0
    assert _flight_time("flew for three quarters of an hour") == 2700.0
    assert _flight_time("flew for two hours and 43 minutes") == 9780.0
    assert _flight_time("flew for a third of an hour") is None


# -- questions, guesses, days of saying, stamps ---------------------------------------------------
def test_a_question_states_nothing_of_the_launch() -> None:
    """A transcript's "Q: Was it a success, and was this an ICBM?" names an outcome and a
    class that nobody asserts."""
    d = _read(
        "SEOUL (Wire) - North Korea fired two short-range ballistic missiles on Thursday, the JCS said.\n\n"
        "Q: Was it a success, and was this an ICBM?\n\nA: We cannot say yet."
    )
    assert d.fields["outcome"] is None
    assert [c.value for c in d.fields["missile_class"]] == ["SRBM"]


def test_an_interviewees_own_guess_names_no_missile() -> None:
    d = _read(
        "SEOUL (Wire) - North Korea fired a ballistic missile on Thursday, the JCS said.\n\n"
        "My guess is this was a Hwasong-18, said an analyst in Seoul."
    )
    assert d.fields["missile_name"] is None


def test_the_day_an_agency_described_the_launch_is_the_statements_day() -> None:
    """"KCNA on Saturday described the weapon ...": Saturday is the day of the report of
    Friday's launch; KCNA still reports it."""
    d = _read(
        "SEOUL (Wire) - North Korea launched a ballistic missile early Friday, the JCS said.\n\n"
        "KCNA on Saturday described the weapon as a new-type missile.",
        date(2024, 5, 4),
    )
    assert d.fields["launch_date"].value == date(2024, 5, 3)
    assert KCNA in _reporters(d)


def test_a_closing_stamp_gives_the_datelines_year() -> None:
    """Yonhap's English copy ends with "2026/02/26 11:02 KST": the year of a dateline without one."""
    d = _read(
        "N. Korea fires missile\n\nSEOUL, Feb. 26 (Yonhap) -- North Korea fired a short-range ballistic missile toward the East Sea on Thursday, the JCS said.\n\n(END)\n\n2026/02/26 11:02 KST",
        None,
    )
    assert d.fields["report_date"].value == date(2026, 2, 26)
    assert d.fields["launch_date"].value == date(2026, 2, 26)


def test_a_month_and_year_without_a_preposition_dates_an_earlier_event() -> None:
    """"the October 2022 missile that flew over Japan for 4,600 km" in a story of 2026: an
    earlier flight; its figure is neither this launch's nor the speaker's claim."""
    d = _read(
        "TOKYO, Aug. 4, 2026 (Wire) - North Korea fired two ballistic missiles on Tuesday, Japan's Defense Ministry said. They flew about 350 km, it said.\n\n"
        "Chief Cabinet Secretary Kenji Hayashida said the launch was unlike the October 2022 missile that flew over Japan for 4,600 kilometers.",
        None,
    )
    assert d.fields["distance"].value == 350e3
    assert _claims(d, "distance") == {MOD: 350e3}


def test_an_asked_whether_lead_in_is_the_reporters_question() -> None:
    d = _read(
        "TOKYO, Aug. 4, 2026 (Wire) - North Korea fired two ballistic missiles on Tuesday, Japan's Defense Ministry said.\n\n"
        "Asked whether the missiles had flown 1,000 kilometers, Chief Cabinet Secretary Kenji Hayashida said he could not confirm it.",
        None,
    )
    assert d.fields["distance"] is None


def test_a_defense_minister_under_a_dateline_line_of_tokyo_speaks_for_japans_ministry() -> None:
    d = _read(
        "Japan protests launches\n\nTOKYO, Aug. 4, 2026 (Wire) --\n\n"
        "Defense Minister Taro Kishida told a press conference that North Korea fired two ballistic missiles. Both flew about 350 kilometers, he said.",
        None,
    )
    assert MOD in _reporters(d)
    assert _claims(d, "distance") == {MOD: 350e3}


def test_a_un_summary_naming_the_government_of_japan() -> None:
    """"according to the Government of Japan, flew for about 68 minutes": Japan's government."""
    d = _read(
        "NEW YORK (Wire) - North Korea fired a ballistic missile on Thursday.\n\n"
        "The missile, according to the Government of Japan, flew for about 68 minutes."
    )
    assert "Japanese government" in _reporters(d)
    assert _claims(d, "flight_time") == {"Japanese government": 4080.0}


def test_a_press_briefings_header_names_its_issuer() -> None:
    d = _read(
        "Department of Defense Press Briefing by the Press Secretary\n\nMay 2, 2024\n\n"
        "PRESS SECRETARY: North Korea launched two short-range ballistic missiles this morning local time."
    )
    assert "US Department of Defense" in _reporters(d)
