"""Reading a report takes work linear in its length (issue 11: it was quadratic, 160 KB
took 66 s).  Work is counted, not timed: the characters the readers' patterns scan and
the lines of the reader's Python code executed, at four and at sixteen copies of a
report; linear work grows fourfold, quadratic work sixteenfold."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import yaml

from launchwatch.register import ingest
from launchwatch.register.ingest import ingest_text

REPORTS = Path(__file__).parent / "reports" / "dev"


def _work(text: str) -> tuple[int, int]:
    lines = 0
    prefix = str(Path(ingest.__file__).parent)  # every module of the reader package

    def local(frame, event, arg):
        nonlocal lines
        if event == "line":
            lines += 1
        return local

    def tracer(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(prefix) else None

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        d = ingest_text(text, report_date=date(2024, 1, 1), reconstruct=False)
    finally:
        sys.settrace(old)
    return d.scanned, lines


def test_work_grows_linearly_with_the_reports_length() -> None:
    unit = "\n\n".join(yaml.safe_load(p.read_text(encoding="utf-8"))["text"]
                       for p in sorted(REPORTS.glob("*.yaml"))[:6])
    small = _work((unit + "\n\n") * 4)
    big = _work((unit + "\n\n") * 16)
    scan_ratio, line_ratio = big[0] / small[0], big[1] / small[1]
    assert 3.5 < scan_ratio < 4.6, scan_ratio
    assert 3.5 < line_ratio < 4.6, line_ratio


def test_one_long_sentence_is_read_in_pieces() -> None:
    # no sentence ends at all: still linear (sentences are capped in length)
    words = "North Korea fired a missile from Sunan at 7:10 a.m. that flew 800 km and "
    small = _work(words * 40)
    big = _work(words * 160)
    assert big[0] / small[0] < 4.6 and big[1] / small[1] < 4.6
