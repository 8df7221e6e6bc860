"""The corpus scorer (register/ingest/score.py) judges claims in the gold's units: km for
lengths, seconds for flight times, intervals by their ends or middle."""

from __future__ import annotations

from dataclasses import replace

from launchwatch.register.ingest import ingest_text
from launchwatch.register.ingest.score import score_report

JCS = "South Korea Joint Chiefs of Staff"
TEXT = ("SEOUL, May 3, 2023 (Yonhap) -- North Korea fired a ballistic missile from Sunan at "
        "7:10 a.m., the Joint Chiefs of Staff said. It flew 800-900 km, the JCS said.")


def _claims_tally(gold_claims: list, draft) -> tuple[int, int, int]:
    t, _ = score_report({"id": "t", "text": TEXT, "gold": {"claims": gold_claims}}, draft)
    return t.right.get("claims", 0), t.missing.get("claims", 0), t.wrong.get("claims", 0)


def test_interval_claims_are_judged_in_the_gold_units_of_their_field() -> None:
    draft = ingest_text(TEXT, reconstruct=False)
    claims = draft.fields["claims"]
    # the reader's interval distance (m) against the gold's interval (km)
    assert [c.value["qualifier"] for c in claims if c.value["field"] == "distance"] == ["interval"]
    gold_distance = [JCS, "distance_km", {"low": 800, "high": 900}]
    assert _claims_tally([gold_distance], draft)[0] == 1
    # an interval flight time (s) against the gold's interval (s): "40 to 45 minutes"
    dist = next(c for c in claims if c.value["field"] == "distance")
    ft = replace(dist, value={"field": "flight_time", "value": 2550.0, "source": JCS,
                              "qualifier": "interval"}, low=2400.0, high=2700.0, unit="s")
    draft.fields["claims"] = [c for c in claims if c is not dist] + [ft]
    right, missing, wrong = _claims_tally([[JCS, "flight_time_s", {"low": 2400, "high": 2700}]], draft)
    assert (right, missing, wrong) == (1, 0, 0)
    # and a different interval is not taken for it
    right, missing, _ = _claims_tally([[JCS, "flight_time_s", {"low": 600, "high": 700}]], draft)
    assert (right, missing) == (0, 1)
