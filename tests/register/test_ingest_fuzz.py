# ruff: noqa: E501  (a table of report pieces, some in double-width scripts)
"""Any text, however odd, is read without an error (a Draft, maybe empty) and every span
the draft gives is where its text is: random text, and random mixtures of the pieces wire
copy is made of (dates, clock times, zones, figures, counts, places, agencies, in English,
Korean and Japanese), including impossible ones (31 February, 25:70, 10^20 km)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchwatch.errors import InputError
from launchwatch.register.ingest import ingest_text

PIECES = [
    "SEOUL, Oct. 4 (Yonhap) -- ", "TOKYO, Feb. 31, 2023 Kyodo - ", "(서울=연합뉴스) ", "【ソウル時事】", "North Korea",
    "fired", "launched", "two", "an", "several", "at least 3", "ballistic missiles", "ICBM", "SRBM", "cruise missile",
    "at 8:10am", "25:70", "7:23 a.m.", "(2310 GMT on Wednesday)", "Pyongyang time", "KST", "on Thursday",
    "early Sunday", "last Friday", "May 8, 2025", "9999-99-99", "0000-01-01", "令和5年4月13日", "令和99年13月40日",
    "오전 7시 23분께", "오후 13시", "午前7時22分ごろ", "29時99分", "flew", "about 800 km", "1,080 km (671 miles)",
    "800-900 km", "100000000000000000000 km", "0 km", "-5 km", "약 4천500여㎞", "約750km程度", "an altitude of 60 km",
    "for 73 minutes", "two hours and six minutes", "99999999 seconds", "from Sunan", "from Mupyong-ri", "into the East Sea",
    "동해상으로", "日本海に落下", "toward the northeast", "the JCS said", "Japan's Ministry of Defense said", "KCNA said",
    "successfully", "exploded", "the fourth round this year", "the first since Nov. 28", "올해 들어 세 번째", ".", ", ",
    "\n\n", "(", ")", "  ", "\u3000", "ｋｍ", "１８日",
    # issue 11: figures no float or no flight holds, zero durations, impossible periods and
    # ordinals (they gave OverflowError, pydantic tracebacks and silent infinities)
    "9" * 400 + " km", "1" + "0" * 330 + " kilometers", "800 km (" + "9" * 320 + " miles)", "50,000 km",
    "9" * 40 + " missiles", "탄도미사일 " + "9" * 40 + "발을", "9" * 40 + "発の弾道ミサイル", "for 0 minutes",
    "for " + "9" * 30 + " minutes", "7,507 to " + "9" * 30 + " seconds", "its fifth launch in " + "9" * 30 + " days",
    "its fifth launch in 0 days", "the " + "9" * 25 + "th launch this year", "the first since Nov. 99",
    "올해 들어 " + "9" * 25 + "번째", "今年に入って" + "9" * 25 + "回目", "平成99999999999999999年5月8日",
    "916 km", "for 202 minutes", "Juche 0", "on Feb. 29, 2023",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.sampled_from([None, date(2025, 5, 8)]))
def test_report_like_text_never_fails(pieces: list[str], given_date: date | None) -> None:
    text = " ".join(pieces)
    d = ingest_text(text, report_date=given_date, reconstruct=False)
    _check(d, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_any_text_never_fails(text: str) -> None:
    d = ingest_text(text, reconstruct=False)
    _check(d, text)


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory):
    from launchwatch.register import Register
    from launchwatch.register.history import load_history

    reg = Register(tmp_path_factory.mktemp("fuzz") / "r.sqlite")
    load_history(reg)
    yield reg
    reg.close()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=30), st.sampled_from([None, date(2025, 5, 8)]),
       st.booleans())
def test_the_contract_with_a_register_and_reconstruction(register, pieces: list[str], given_date: date | None,
                                                          rebuild: bool) -> None:
    """The contract of issue 11: a draft or a clean input error, never a traceback, never a
    non-finite value (in the draft, its event, its fit), round claims checked against the
    public record."""
    text = " ".join(pieces)
    try:
        d = ingest_text(text, report_date=given_date, reconstruct=rebuild, register=register)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    _check(d, text)


def _floats(o: Any) -> list[float]:
    if isinstance(o, float):
        return [o]
    if isinstance(o, dict):
        return [x for v in o.values() for x in _floats(v)]
    if isinstance(o, list | tuple):
        return [x for v in o for x in _floats(v)]
    return []


def _check(d, text: str) -> None:
    out = d.as_dict()
    assert out["fields"] is not None
    assert all(math.isfinite(x) for x in _floats(out)), "a non-finite value in the draft"
    if d.event is not None:
        assert all(math.isfinite(x) for x in _floats(d.event.model_dump())), "a non-finite value in the event"
    assert all("\n" not in f for f in d.flags)
    for v in d.fields.values():
        for x in v if isinstance(v, list) else [] if v is None else [v]:
            assert 0.0 <= x.confidence <= 1.0
            if x.span != (0, 0):
                assert text[x.span[0]:x.span[1]] == x.text
