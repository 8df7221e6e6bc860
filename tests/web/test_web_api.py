"""The dashboard's JSON API and pages through FastAPI's TestClient, on a register seeded
with the demo's event and hand-made ones: reads, filters, exports, the OpenAPI document,
ingestion with and without the token, and bad input (401/403/404/413/415/422/400)."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from _webdata import DEMO_KEY, TOKEN, YONHAP, YONHAP_KEY

from launchwatch.earth.geodesic import geodesic_inverse
from launchwatch.register import Register

pytest.importorskip("fastapi", reason="the web dashboard needs fastapi (deps-web.txt)")
pytest.importorskip("jinja2", reason="the web dashboard needs jinja2 (deps-web.txt)")

from fastapi.testclient import TestClient

from launchwatch.web.app import MAX_REPORT_BYTES, create_app

AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="module")
def reader(seeded_register: Path) -> Iterator[TestClient]:
    """A client on the seeded register for tests that only read."""
    with Register(seeded_register) as reg, TestClient(create_app(reg, token=TOKEN)) as c:
        yield c


@pytest.fixture
def writer(register_copy: Path) -> Iterator[tuple[TestClient, Register]]:
    """A client on a private copy of the register, with the token configured."""
    with Register(register_copy) as reg, TestClient(create_app(reg, token=TOKEN)) as c:
        yield c, reg


# -- reads -----------------------------------------------------------------------------------
def test_health_and_event_list(reader: TestClient) -> None:
    h = reader.get("/api/health").json()
    assert h["status"] == "ok" and h["events"] == 4 and h["writes_enabled"] is True
    body = reader.get("/api/events").json()
    assert body["total"] == 4
    keys = [e["key"] for e in body["events"]]
    assert keys == ["KP-1998-08", "KP-2017-07-04", "KP-2019-05-09", DEMO_KEY]  # time order
    demo = body["events"][-1]
    assert demo["missiles"] == 3 and demo["classes"] == ["SRBM"] and demo["simulated"] is True
    assert demo["sites"] == ["near Wonsan"] and demo["provenance"] == ["measured"]
    assert demo["round_of_year"] is None and demo["local_day"] == "2025-05-08"
    assert 790 < demo["max_distance_km"] < 815
    icbm = body["events"][1]
    assert icbm["round_of_year"] == 1 and icbm["max_apogee_km"] == 2802.0


@pytest.mark.parametrize(("query", "keys"), [
    ("class=ICBM", ["KP-2017-07-04"]),
    ("class=short-range ballistic missile", ["KP-2019-05-09", DEMO_KEY]),
    ("class=SLV", ["KP-1998-08"]),
    ("place=East Sea", ["KP-2017-07-04", "KP-2019-05-09", DEMO_KEY]),
    ("place=Wonsan", [DEMO_KEY]),
    ("facility=Kusong", ["KP-2019-05-09"]),
    ("start=2019-01-01&end=2019-12-31", ["KP-2019-05-09"]),
    ("start=2019-05-10", [DEMO_KEY]),
    ("year=2017", ["KP-2017-07-04"]),
    ("state=north korea", ["KP-1998-08", "KP-2017-07-04", "KP-2019-05-09", DEMO_KEY]),
    ("state=KP&class=SRBM&place=Kusong", ["KP-2019-05-09"]),
    ("outcome=failure", ["KP-2019-05-09"]),
    ("missile=Hwasong-14", ["KP-2017-07-04"]),
    ("missile=KN-20", ["KP-2017-07-04"]),  # another public designation of the same type
    ("confirmation=confirmed", ["KP-2017-07-04", DEMO_KEY]),
    ("q=hwasong", ["KP-2017-07-04"]),
    ("class=HGV", []),
    ("class=unknown", []),
    ("limit=2&offset=1", ["KP-2017-07-04", "KP-2019-05-09"]),
])
def test_event_filters(reader: TestClient, query: str, keys: list[str]) -> None:
    r = reader.get(f"/api/events?{query}")
    assert r.status_code == 200, r.text
    assert [e["key"] for e in r.json()["events"]] == keys


@pytest.mark.parametrize(("query", "words"), [
    ("class=FOO", "class='FOO': not a known value; allowed: CRBM, SRBM, MRBM, IRBM, ICBM, SLBM, SLV, "
                  "HGV, CRUISE, unknown"),
    ("outcome=exploded", "outcome='exploded': not a known value; allowed: success, failure, unknown"),
    ("missile=Zorglub-9", "missile='Zorglub-9': not a known value; allowed: Hwasong-14, Taepodong-1"),
    ("facility=Nowhere", "facility='Nowhere': not a known value; allowed: Kusong, Musudan-ri, near Wonsan,"),
    ("state=Atlantis", "state='Atlantis': not a known value; allowed: North Korea (KP)"),
    ("confirmation=rumoured", "allowed: confirmed, reported, unconfirmed, disputed"),
])
def test_unknown_filter_values_are_422_listing_the_allowed_ones(reader: TestClient, query: str,
                                                                 words: str) -> None:
    r = reader.get(f"/api/events?{query}")
    assert r.status_code == 422
    assert words in r.json()["detail"]
    assert reader.get(f"/api/events.csv?{query}").status_code == 422


def test_csv_of_the_filtered_view(reader: TestClient) -> None:
    import csv
    import io

    from launchwatch.register.importers import COLUMNS

    r = reader.get("/api/events.csv?class=SRBM&outcome=failure")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert list(rows[0]) == list(COLUMNS)
    assert [(x["event"], x["seq"], x["outcome"]) for x in rows] == [
        ("KP-2019-05-09", "1", "unknown"), ("KP-2019-05-09", "2", "failure")]
    page = reader.get("/events?class=SRBM&outcome=failure").text
    assert 'href="/api/events.csv?class=SRBM&amp;outcome=failure"' in page


@pytest.mark.parametrize(("query", "words"), [
    ("start=2022-13-01", "start='2022-13-01': not a date"),
    ("end=yesterday", "end='yesterday': not a date"),
    ("year=20x7", "year"),
    ("limit=0", "limit"),
])
def test_bad_filters_are_422_naming_the_field(reader: TestClient, query: str, words: str) -> None:
    r = reader.get(f"/api/events?{query}")
    assert r.status_code == 422
    assert words in json.dumps(r.json())


def test_one_event_with_bulletin_and_table(reader: TestClient) -> None:
    body = reader.get(f"/api/events/{DEMO_KEY}").json()
    assert body["key"] == DEMO_KEY and body["round_of_year"] is None  # simulated: never counted
    text = body["bulletin"]["text"]
    assert body["bulletin"]["how"] == "launchwatch.assess.bulletin"
    assert text.startswith("Simulated round: On 8 May 2025, North Korea launched three short-range "
                           "ballistic missiles from near Wonsan between 08:10 and 09:20 KST "
                           "(23:10\u201300:20 UTC)")
    assert [r["seq"] for r in body["launches"]] == [1, 2, 3]
    assert all(r["local_text"].endswith("KST") for r in body["launches"])
    assert body["event"]["launches"][0]["provenance"]["kind"] == "measured"
    assert {c["kind"] for r in body["launches"] for c in r["claims"]} == {"measured"}

    icbm = reader.get("/api/events/KP-2017-07-04").json()
    # the minimum-energy ellipse between two points of a sphere has its second focus on the
    # chord's midpoint: apogee height R (sin(psi/2) + cos(psi/2) - 1) / 2 (Lambert's problem)
    psi = 933.0 / 6371.0
    h_me = 6371.0 * (math.sin(psi / 2) + math.cos(psi / 2) - 1.0) / 2.0  # 224.5 km
    assert icbm["bulletin"]["text"] == (
        "On 4 July 2017, North Korea launched a Hwasong-14 intercontinental ballistic missile from "
        "Panghyon at 09:10 KST (00:40 UTC); it flew about 930 km (apogee about 2,800 km) and landed in "
        f"the Sea of Japan (East Sea). It flew a lofted trajectory (apogee about 2,800 km, about "
        f"{2802.0 / h_me:.1f} times the {round(h_me, -1):.0f} km of a minimum-energy flight of 930 km). "
        "It was the first round of launches by North Korea in 2017.")  # 00:40 UTC + 8:30 in 2017
    # a month-only record of a space launch
    slv = reader.get("/api/events/KP-1998-08").json()
    assert slv["bulletin"]["text"] == ("In August 1998 (day not reported), North Korea launched a "
                                       "Taepodong-1 space launch vehicle from Musudan-ri. It was the "
                                       "first round of launches by North Korea in 1998.")
    # a failure is said, in one sentence
    srbm = reader.get("/api/events/KP-2019-05-09").json()["bulletin"]["text"]
    assert "between 16:29 and 16:49 KST (07:29\u201307:49 UTC)" in srbm
    assert "One of them was a failure. It was the first round" in srbm


def test_unknown_event_is_404_everywhere(reader: TestClient) -> None:
    for path in ("/api/events/KP-1900-01-01", "/api/events/KP-1900-01-01.geojson",
                 "/api/events/KP-1900-01-01.kml", "/api/events/KP-1900-01-01.czml",
                 "/api/events/KP-1900-01-01/map"):
        r = reader.get(path)
        assert r.status_code == 404, path
        assert r.json() == {"detail": "no such event in the register: key='KP-1900-01-01'"}
    page = reader.get("/events/KP-1900-01-01")
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert "KP-1900-01-01" in page.text


def test_map_data_trajectories_land_where_the_event_says(reader: TestClient) -> None:
    m = reader.get(f"/api/events/{DEMO_KEY}/map").json()
    assert len(m["sites"]) == 3 and len(m["landings"]) == 3 and len(m["paths"]) == 3
    west, east, south, north = m["box"]
    for p in m["paths"]:
        assert p["how"] == "fitted for display (not stored)"
        assert len(p["t_s"]) == len(p["lat_deg"]) == len(p["alt_km"]) == len(p["range_km"]) >= 20
        assert p["alt_km"][0] < 1.0 and p["alt_km"][-1] < 1.0  # from the ground to the ground
        assert all(west < lo < east for lo in p["lon_deg"]) and all(south < la < north for la in p["lat_deg"])
        land = next(x for x in m["landings"] if x["seq"] == p["seq"])
        miss = float(geodesic_inverse(math.radians(p["lat_deg"][-1]), math.radians(p["lon_deg"][-1]),
                                      math.radians(land["lat"]), math.radians(land["lon"]))[0])
        assert miss < 5e3, f"flight #{p['seq']} ends {miss / 1e3:.1f} km from its landing point"
    # the 800-km flight is the highest, on its depressed path (apogee ~105 km, as flown)
    top = max(m["paths"], key=lambda p: p["apogee_km"])
    assert 90 < top["apogee_km"] < 125 and 780 < max(top["range_km"]) < 830


def test_map_of_a_lofted_report(reader: TestClient) -> None:
    """The ICBM record gives range, apogee and flight time but no landing point: its flight
    is fitted for display and reaches the reported apogee."""
    m = reader.get("/api/events/KP-2017-07-04/map").json()
    (p,) = m["paths"]
    fit = reader.get("/api/events/KP-2017-07-04").json()["launches"][0]["fit"]
    assert fit is None  # nothing stored: the fit below is made for the page
    assert p["regime"] == "lofted" and p["how"] == "fitted for display (not stored)"
    # three facts no single ballistic arc meets: a compromise, said in the findings
    assert any("no ballistic flight reproduces" in f for f in p["findings"])
    assert abs(p["apogee_km"] - 2802) < 0.05 * 2802
    assert abs(max(p["range_km"]) - 933) < 0.05 * 933
    assert abs(p["t_s"][-1] - 2340) < 0.10 * 2340
    assert m["landings"][0]["how"] == "reconstructed for display"


def test_exports(reader: TestClient) -> None:
    g = reader.get("/api/events/KP-2017-07-04.geojson")
    assert g.status_code == 200 and g.headers["content-type"].startswith("application/geo+json")
    fc = g.json()
    assert fc["type"] == "FeatureCollection"
    assert {f["properties"]["kind"] for f in fc["features"]} >= {"launch"}
    k = reader.get(f"/api/events/{DEMO_KEY}.kml")
    assert k.status_code == 200 and "kml" in k.headers["content-type"]
    root = ET.fromstring(k.content)
    assert root.tag.endswith("kml") and DEMO_KEY in k.text
    c = reader.get(f"/api/events/{DEMO_KEY}.czml")
    packets = c.json()
    assert packets[0]["id"] == "document"
    assert {p["id"] for p in packets[1:]} >= {f"{DEMO_KEY}/1/launch", f"{DEMO_KEY}/3/landing"}


def test_stats_and_timeline(reader: TestClient) -> None:
    s = reader.get("/api/stats").json()
    assert s["events"] == 3 and s["missiles"] == 1 + 2 + 1  # the simulated round never counts
    assert "2025" not in s["missiles_per_year_class"]
    rows = reader.get("/api/timeline").json()
    assert [r["key"] for r in rows][-1] == DEMO_KEY
    assert reader.get("/api/timeline?year=2019").json()[0]["missiles"] == 2
    assert reader.get("/api/timeline?year=x").status_code == 422


def test_coastlines_offline(reader: TestClient) -> None:
    fc = reader.get("/api/coastlines.geojson?west=124&east=137&south=34&north=43").json()
    kinds = [f["properties"]["kind"] for f in fc["features"]]
    assert kinds.count("land") > 10 and "border" in kinds
    ring = next(f for f in fc["features"] if f["properties"]["kind"] == "land")["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]
    assert reader.get("/api/coastlines.geojson?west=130&east=120&south=30&north=40").status_code == 422
    assert reader.get("/api/coastlines.geojson?west=120&east=130&south=30").status_code == 422


# -- the OpenAPI document -----------------------------------------------------------------------
def test_openapi_document_validates(reader: TestClient) -> None:
    from openapi_spec_validator import validate

    spec = reader.get("/openapi.json").json()
    validate(spec)
    paths = spec["paths"]
    for p in ("/api/events", "/api/events/{key}", "/api/events/{key}.geojson", "/api/events/{key}.kml",
              "/api/events/{key}.czml", "/api/events/{key}/map", "/api/stats", "/api/timeline",
              "/api/ingest", "/api/coastlines.geojson"):
        assert p in paths, p
    body = paths["/api/ingest"]["post"]["requestBody"]["content"]
    assert set(body) == {"application/json", "multipart/form-data", "text/plain"}
    assert {"401", "403", "413", "422"} <= set(paths["/api/ingest"]["post"]["responses"])
    assert not any(p.startswith("/events") or p == "/" for p in paths)  # pages are not API
    # no docs page that would pull Swagger UI from a CDN
    assert reader.get("/docs").status_code == 404


# -- pages -------------------------------------------------------------------------------------
def test_pages_render_and_reference_only_the_server(reader: TestClient) -> None:
    for path in ("/", "/events?class=ICBM", f"/events/{DEMO_KEY}", "/timeline", "/ingest"):
        r = reader.get(path)
        assert r.status_code == 200, path
        assert "default-src 'self'" in r.headers["content-security-policy"]
        # every script, stylesheet and image comes from the package
        for url in re.findall(r'(?:src|href)="([^"]+)"', r.text):
            assert not url.startswith(("http:", "https:", "//")) or "example.org" in url, (path, url)
    page = reader.get("/events?class=ICBM").text
    assert 'data-key="KP-2017-07-04"' in page and f'data-key="{DEMO_KEY}"' not in page
    ev = reader.get(f"/events/{DEMO_KEY}").text
    assert "near Wonsan" in ev and 'id="event-data"' in ev and "leaflet.js" in ev
    tl = reader.get("/timeline").text
    assert tl.count('class="bar"') >= 3
    bad = reader.get("/events?start=not-a-date")
    assert bad.status_code == 400 and "start=&#39;not-a-date&#39;: not a date" in bad.text
    bad = reader.get("/events?class=FOO")
    assert bad.status_code == 400 and "allowed: CRBM, SRBM, MRBM" in bad.text
    assert 'name="missile"' in page and 'name="outcome"' in page and 'id="csv-link"' in page
    for asset in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css",
                  "/static/vendor/leaflet/LICENSE", "/static/js/event.js", "/static/js/ingest.js"):
        assert reader.get(asset).status_code == 200, asset


# -- ingest: drafting, committing, the token ------------------------------------------------------
def test_draft_stores_nothing_and_returns_spans(writer: tuple[TestClient, Register]) -> None:
    c, reg = writer
    r = c.post("/api/ingest", json={"text": YONHAP})
    assert r.status_code == 200
    d = r.json()
    assert d["key"] == YONHAP_KEY and d["committed"] is False and d["stored"] is None
    dist = d["fields"]["distance"]
    assert dist["value"] == 800e3 and d["text"][dist["span"][0]:dist["span"][1]] == dist["text"]
    assert any("quasi-ballistic" in f for f in d["flags"])
    assert YONHAP_KEY not in reg.keys()


def test_commit_needs_the_token(writer: tuple[TestClient, Register]) -> None:
    c, reg = writer
    before = reg.dump()
    for headers, why in (({}, "send Authorization: Bearer"),
                         ({"Authorization": "Bearer wrong"}, "wrong token"),
                         ({"Authorization": f"Basic {TOKEN}"}, "send Authorization: Bearer"),
                         ({"Authorization": f"Bearer {TOKEN}x"}, "wrong token")):
        r = c.post("/api/ingest", json={"text": YONHAP, "commit": True}, headers=headers)
        assert r.status_code == 401, headers
        assert why in r.json()["detail"] and r.headers["www-authenticate"].startswith("Bearer")
    assert reg.dump() == before  # nothing changed
    r = c.post("/api/ingest", json={"text": YONHAP, "commit": True}, headers=AUTH)
    assert r.status_code == 201
    assert r.json()["stored"] == {"added": 1, "merged": 0, "unchanged": 0, "round": 1, "year": 2022}
    assert r.json()["diff"]["rounds"][0]["action"] == "add"
    ev = c.get(f"/api/events/{YONHAP_KEY}").json()["event"]
    assert [la["confirmation"] for la in ev["launches"]] == ["unconfirmed", "unconfirmed"]
    again = c.post("/api/ingest", json={"text": YONHAP, "commit": True}, headers=AUTH).json()
    assert again["stored"]["unchanged"] == 1 and len(reg) == 5


def test_commit_applies_exactly_the_diff_shown(writer: tuple[TestClient, Register]) -> None:
    c, reg = writer
    preview = c.post("/api/ingest", json={"text": YONHAP}).json()
    diff = preview["diff"]
    assert diff["added"] == 1 and diff["rounds"][0]["key"] == YONHAP_KEY
    assert any(line.startswith(f"{YONHAP_KEY}: new round") for line in diff["rounds"][0]["lines"])
    # the same preview again has the same id; committing with it stores that diff
    assert c.post("/api/ingest", json={"text": YONHAP}).json()["diff"]["id"] == diff["id"]
    other = YONHAP.replace("(Yonhap)", "(AP)")
    stale = c.post("/api/ingest", json={"text": other}).json()["diff"]["id"]
    r = c.post("/api/ingest", json={"text": YONHAP, "commit": True, "diff": diff["id"]}, headers=AUTH)
    assert r.status_code == 201 and r.json()["stored"]["added"] == 1
    # a diff shown before the register changed is refused: nothing stored
    before = reg.dump()
    r = c.post("/api/ingest", json={"text": other, "commit": True, "diff": stale}, headers=AUTH)
    assert r.status_code == 409 and "the register changed since that diff was shown" in r.json()["detail"]
    assert reg.dump() == before


def test_upload_a_file_with_commit_as_form(writer: tuple[TestClient, Register]) -> None:
    c, reg = writer
    crlf = YONHAP.replace("\n", "\r\n").encode()
    r = c.post("/api/ingest", files={"file": ("report.txt", crlf, "text/plain")},
               data={"commit": "true", "url": "https://example.org/r"}, headers=AUTH)
    assert r.status_code == 201, r.text
    d = r.json()
    assert d["key"] == YONHAP_KEY and "\r" not in d["text"]
    site = d["fields"]["site"]
    assert d["text"][site["span"][0]:site["span"][1]] == "Sunan area"
    src = reg.get(YONHAP_KEY).launches[0].sources
    assert {s.url for s in src} == {"https://example.org/r"}


def test_plain_text_body_drafts(writer: tuple[TestClient, Register]) -> None:
    c, _ = writer
    r = c.post("/api/ingest", content=YONHAP.encode(), headers={"Content-Type": "text/plain"})
    assert r.status_code == 200 and r.json()["key"] == YONHAP_KEY


def test_writes_refused_without_a_configured_token(register_copy: Path) -> None:
    with Register(register_copy) as reg, TestClient(create_app(reg, token=None)) as c:
        assert c.get("/api/health").json()["writes_enabled"] is False
        r = c.post("/api/ingest", json={"text": YONHAP, "commit": True}, headers=AUTH)
        assert r.status_code == 403 and "without a token" in r.json()["detail"]
        assert c.post("/api/ingest", json={"text": YONHAP}).status_code == 200  # drafting is open
        assert YONHAP_KEY not in reg.keys()
        assert "storing is disabled" in c.get("/ingest").text


@pytest.mark.parametrize(("kwargs", "status", "words"), [
    ({"content": b'{"text": "SEOUL', "headers": {"Content-Type": "application/json"}}, 400, "malformed JSON"),
    ({"json": ["not", "an", "object"]}, 422, "expected a JSON object"),
    ({"json": {"text": "   "}}, 422, "the report is empty"),
    ({"json": {"text": 42}}, 422, "text=42: must be a string"),
    ({"json": {"text": YONHAP, "colour": "red"}}, 422, "unknown field(s) colour"),
    ({"json": {"text": YONHAP, "report_date": "24/03/2022"}}, 422, "report_date='24/03/2022'"),
    ({"json": {"text": YONHAP, "commit": "maybe"}}, 422, "commit='maybe': not a boolean"),
    ({"content": b"x", "headers": {"Content-Type": "application/xml"}}, 415, "application/xml"),
    ({"files": {"file": ("r.txt", b"\xff\xfe\x00bad", "text/plain")}}, 422, "not UTF-8 text"),
    ({"files": {"file": ("r.txt", YONHAP.encode(), "text/plain")}, "data": {"text": YONHAP}}, 422,
     "as text or as a file, not both"),
    ({"json": {"text": "Missiles flew 300 km from Wonsan.", "commit": True}, "headers": AUTH}, 422,
     "no event could be drafted"),
])
def test_bad_ingest_bodies_are_clear_4xx(writer: tuple[TestClient, Register], kwargs: dict, status: int,
                                         words: str) -> None:
    c, reg = writer
    n = len(reg)
    r = c.post("/api/ingest", **kwargs)
    assert r.status_code == status, r.text
    assert words in r.json()["detail"]
    assert len(reg) == n


def test_oversized_reports_are_413(writer: tuple[TestClient, Register]) -> None:
    c, reg = writer
    big = (YONHAP + "\n") * (MAX_REPORT_BYTES // len(YONHAP) + 2)
    assert len(big.encode()) > MAX_REPORT_BYTES
    r = c.post("/api/ingest", json={"text": big, "commit": True}, headers=AUTH)
    assert r.status_code == 413 and "at most 1048576 bytes" in r.json()["detail"]
    r = c.post("/api/ingest", files={"file": ("big.txt", big.encode(), "text/plain")}, headers=AUTH)
    assert r.status_code == 413
    # just over the report limit but under the body's room for form overhead: still refused
    edge = "x" * (MAX_REPORT_BYTES + 1)
    r = c.post("/api/ingest", files={"file": ("edge.txt", edge.encode(), "text/plain")})
    assert r.status_code == 413 and "edge.txt" in r.json()["detail"]
    r = c.post("/api/ingest", data={"text": edge})
    assert r.status_code == 413
    assert len(reg) == 4


def test_small_limit_and_streamed_body(register_copy: Path) -> None:
    """A body without Content-Length (chunked) is counted as it arrives."""
    with Register(register_copy) as reg, TestClient(create_app(reg, token=TOKEN, max_report_bytes=1000)) as c:
        def chunks() -> Iterator[bytes]:
            for _ in range(200):
                yield b"0123456789" * 100

        r = c.post("/api/ingest", content=chunks(), headers={"Content-Type": "text/plain"})
        assert r.status_code == 413
        assert c.post("/api/ingest", json={"text": YONHAP * 3}).status_code == 413
        assert c.post("/api/ingest", json={"text": YONHAP}).status_code == 200


# -- the serve command -----------------------------------------------------------------------------
def test_serve_command_wires_register_and_token(monkeypatch: pytest.MonkeyPatch,
                                                seeded_register: Path) -> None:
    import uvicorn
    from click.testing import CliRunner

    from launchwatch.web.cli import serve

    seen: dict = {}

    def fake_run(app, host: str, port: int, log_level: str, **kw) -> None:
        seen.update(host=host, port=port, token=app.state.token, events=len(app.state.register))

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setenv("LAUNCHWATCH_TOKEN", "from-env")
    res = CliRunner().invoke(serve, ["--register", str(seeded_register), "--port", "8123"])
    assert res.exit_code == 0, res.output
    assert seen == {"host": "127.0.0.1", "port": 8123, "token": "from-env", "events": 4}
    res = CliRunner().invoke(serve, ["--register", str(seeded_register), "--token", "flag"])
    assert seen["token"] == "flag" and seen["port"] == 8000
    assert "--token" in CliRunner().invoke(serve, ["--help"]).output
