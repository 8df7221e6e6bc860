"""``POST /api/ingest`` checks the report's own round claims ("the fourth round this
year") against the server's register, as ``launchwatch ingest`` does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from launchwatch.register import Event, Launch, Place, Register
from launchwatch.web.app import create_app

TEXT = ("SEOUL, May 8, 2025 (Reuters) - North Korea fired several short-range ballistic missiles "
        "off its east coast at 8:10am on Thursday, South Korea's military said. It was North "
        "Korea's fourth round of ballistic missile launches this year.")


def _round(y: int, m: int, d: int, h: int) -> Event:
    return Event(state="North Korea", launches=[Launch(
        utc=datetime(y, m, d, h, tzinfo=UTC), time_known=True, site=Place(name="Pyongyang"),
        missile_class="SRBM")])


def _claim(c: TestClient) -> tuple[dict, list[str]]:
    r = c.post("/api/ingest", json={"text": TEXT, "reconstruct": False})
    assert r.status_code == 200, r.text
    body = r.json()
    (claim,) = body["fields"]["round_claims"]
    return claim["value"], body["flags"]


def test_web_ingest_checks_the_round_claim_against_the_register(tmp_path) -> None:
    with Register(tmp_path / "r.sqlite") as reg:
        # three earlier rounds of 2025 (local days 6 Jan, 14 Jan, 10 Mar): 8 May is the fourth
        reg.add([_round(2025, 1, 6, 3), _round(2025, 1, 14, 0), _round(2025, 3, 10, 4)])
        with TestClient(create_app(reg, request_budget=600)) as c:
            value, flags = _claim(c)
            assert value == {"n": 4, "period": "year", "register_agrees": True}
            assert not any("the report says" in f for f in flags)
        reg.delete(reg.keys()[0])  # now only two earlier rounds: the report's "fourth" is wrong
        with TestClient(create_app(reg, request_budget=600)) as c:
            value, flags = _claim(c)
            assert value["register_agrees"] is False
            assert any("the report says" in f and "round 3 of 2025" in f for f in flags)
