"""A stored record that cannot be drawn or exported is reported for that record alone:
every export (CSV, GeoJSON, KML, CZML), list and page of the others still answers.

The broken record is written with raw SQL (the model refuses it): a launch-site latitude
of 3.0 rad (172 deg), which no time-zone lookup, geodesic or globe accepts.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient
from sqlalchemy import text

from launchwatch.register import Event, Launch, Place, Register, Source
from launchwatch.register.export import FORMATS, export
from launchwatch.web.app import create_app


def _round(day: int, title: str) -> Event:
    return Event(state="North Korea", title=title, launches=[Launch(
        seq=1, utc=datetime(2023, 1, day, 1, tzinfo=UTC), time_known=True,
        site=Place(name="Wonsan", lat=math.radians(39.1), lon=math.radians(127.4)),
        distance=600e3, apogee=60e3, landing=Place(name="Sea of Japan"), sources=[Source(name="JCS")])])


@pytest.fixture
def broken(tmp_path: Path) -> tuple[Path, str, str]:
    path = tmp_path / "register.sqlite"
    with Register(path) as reg:
        reg.add([_round(3, "good one"), _round(9, "broken one")])
        good = reg.events(text="good one")[0].key
        bad = reg.events(text="broken one")[0].key
        with reg.engine.begin() as c:
            c.execute(text("UPDATE launches SET site_lat = 3.0 WHERE event_id = "
                           "(SELECT id FROM events WHERE key = :k)"), {"k": bad})
    return path, good, bad


def test_every_export_keeps_the_other_records(broken) -> None:
    path, good, bad = broken
    with Register(path) as reg:
        evs = reg.events()
        assert [e.key for e in evs] == [good, bad]
        for fmt in FORMATS:
            failures: list[tuple[str, str]] = []
            out = export(evs, fmt, failures=failures)
            assert good in out, fmt
            if failures:  # the record at fault alone, named with why; said in the file
                assert [k for k, _ in failures] == [bad], (fmt, failures)
                assert "latitude" in failures[0][1].lower() or "lat" in failures[0][1]
                if fmt == "czml":
                    doc = json.loads(out)[0]
                    assert doc["id"] == "document" and bad in doc["description"]
                    assert not any(bad in json.dumps(p) for p in json.loads(out)[1:])
                if fmt == "geojson":
                    assert json.loads(out)["skipped"][0]["event"] == bad
        # CZML cannot place the broken site on the globe: it is the one left out
        failures = []
        export(evs, "czml", failures=failures)
        assert [k for k, _ in failures] == [bad]
        with pytest.raises(Exception, match=bad):  # nothing else to export: a clean error
            export([e for e in evs if e.key == bad], "czml")


def test_cli_export_names_the_record_and_writes_the_others(broken, tmp_path, capsys) -> None:
    from launchwatch.cli import main

    path, good, bad = broken
    out = tmp_path / "out.czml"
    try:
        main(["register", "export", str(out), "--register", str(path)])
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"not exported: {bad}: " in err and "1 round(s) written" in err
    assert good in out.read_text() and bad in json.loads(out.read_text())[0]["description"]


def test_pages_and_lists_answer_and_name_the_record(broken) -> None:
    path, good, bad = broken
    with Register(path) as reg, TestClient(create_app(reg, request_budget=600),
                                           raise_server_exceptions=False) as c:
        r = c.get("/api/events")
        assert r.status_code == 200
        body = r.json()
        assert [e["key"] for e in body["events"]] == [good]
        assert [s["key"] for s in body["skipped"]] == [bad] and "latitude" in body["skipped"][0]["reason"]
        for url in ("/", "/events", "/timeline"):
            r = c.get(url)
            assert r.status_code == 200, url
            assert good in r.text and f"{bad} (" in r.text, url  # listed / named as left out
        assert [row["key"] for row in c.get("/api/timeline").json()] == [good]
        r = c.get("/api/events.csv")
        assert r.status_code == 200 and good in r.text and bad in r.headers["x-skipped-records"]
        for url in (f"/events/{good}", f"/api/events/{good}", f"/api/events/{good}/map",
                    f"/api/events/{good}.geojson", f"/api/events/{good}.kml", f"/api/events/{good}.czml"):
            assert c.get(url).status_code == 200, url
        for url in (f"/events/{bad}", f"/api/events/{bad}", f"/api/events/{bad}/map",
                    f"/api/events/{bad}.czml"):
            r = c.get(url)
            assert r.status_code == 422, (url, r.status_code, r.text[:200])
            assert bad in r.text and "cannot be drawn" in r.text


def test_the_globe_and_its_exports_leave_the_record_out_and_name_it(broken) -> None:
    """``/api/globe.czml`` answered 500 for the whole register when one record was broken."""
    path, good, bad = broken
    with Register(path) as reg, TestClient(create_app(reg, request_budget=600),
                                           raise_server_exceptions=False) as c:
        r = c.get("/api/globe.czml")
        assert r.status_code == 200, r.text[:300]
        packets = r.json()
        assert packets[0]["id"] == "document" and bad in packets[0]["description"]
        assert any(good in json.dumps(p) for p in packets[1:])
        assert not any(bad in json.dumps(p) for p in packets[1:])
        assert bad in r.headers["x-skipped-records"]
        r = c.get("/api/globe.kmz")
        assert r.status_code == 200 and bad in r.headers["x-skipped-records"]
        for url in ("/globe", "/overview", "/api/overview.json"):
            r = c.get(url)
            assert r.status_code == 200, (url, r.status_code, r.text[:200])
