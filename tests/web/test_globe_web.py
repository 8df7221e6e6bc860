"""The globe's and the overview's routes through FastAPI's TestClient: the filters (the
event list's vocabulary and errors), launch-level selection, the CSP the globe pages
carry, the KMZ download and the event page's side view."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from launchwatch.web.app import create_app


@pytest.fixture(scope="module")
def client(fitted_register: Path) -> Iterator[TestClient]:
    with TestClient(create_app(fitted_register)) as c:
        yield c


def test_globe_page_and_its_csp(client: TestClient) -> None:
    r = client.get("/globe")
    assert r.status_code == 200
    assert "/static/vendor/cesium/Cesium.js" in r.text and "/static/js/globe-base.js" in r.text
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "frame-ancestors 'self'" in csp
    assert "http" not in csp  # no other origin may be reached
    cfg = json.loads(r.text.split('id="globe-config">')[1].split("</script>")[0])
    assert cfg["czml"] == "/api/globe.czml"
    # the other pages keep the strict policy
    assert "frame-ancestors 'none'" in client.get("/events").headers["content-security-policy"]


def test_filters_use_the_event_lists_vocabulary_and_errors(client: TestClient) -> None:
    r = client.get("/api/globe.czml", params={"class": "BOGUS"})
    assert r.status_code == 422 and "class='BOGUS'" in r.json()["detail"] and "ICBM" in r.json()["detail"]
    r = client.get("/globe", params={"outcome": "maybe"})
    assert r.status_code == 400 and "outcome=&#39;maybe&#39;" in r.text
    r = client.get("/overview", params={"class": "BOGUS"})
    assert r.status_code == 400
    assert client.get("/api/globe.kmz", params={"year": "1800"}).status_code == 422


def test_launch_level_filters_keep_only_matching_launches(client: TestClient) -> None:
    czml = client.get("/api/globe.czml", params={"class": "SRBM"}).json()
    per_launch = [p for p in czml if "/" in p["id"] and not p["id"].startswith(("site/", "sensor/"))]
    assert per_launch and {p["properties"]["class"] for p in per_launch} == {"SRBM"}
    # the same rounds as the event list, minus launches of other classes
    keys = {p["properties"]["event"] for p in per_launch}
    page = client.get("/api/events", params={"class": "SRBM", "limit": 1000}).json()
    listed = {e["key"] for e in page["events"]}
    assert keys <= listed
    failures = client.get("/api/overview.json", params={"outcome": "failure"}).json()
    assert failures["launches"] and {r["outcome"] for r in failures["launches"]} == {"failure"}


def test_overview_data_and_kmz_of_the_same_view(client: TestClient) -> None:
    from launchwatch.web.views import CLASS_COLOURS

    data = client.get("/api/overview.json").json()
    assert data["years"] == sorted(data["years"]) and data["box"] is not None
    for r in data["launches"]:
        assert r["colour"] == CLASS_COLOURS[r["class"]]
        assert r["url"] == "/events/" + r["event"]
    icbm = next(r for r in data["launches"] if r["class"] == "ICBM")
    assert icbm["path"] in ("fitted", "assumed") and len(icbm["track"]) > 5
    r = client.get("/api/globe.kmz", params={"class": "ICBM"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/vnd.google-earth.kmz"
    with zipfile.ZipFile(io.BytesIO(r.content)) as z:
        kml = z.read("doc.kml").decode()
    assert "class.ICBM" in kml and "<TimeSpan>" in kml and "<name>launch " in kml
    assert "SRBM #" not in kml.replace("class.SRBM", "")
    page = client.get("/overview", params={"class": "ICBM"}).text
    assert 'href="/api/globe.kmz?class=ICBM"' in page


def test_event_page_embeds_its_side_view(client: TestClient) -> None:
    czml = client.get("/api/globe.czml").json()
    arc = next(p for p in czml if p["id"].endswith("/arc"))
    key = arc["properties"]["event"]
    page = client.get(f"/events/{key}").text
    assert f'src="/globe/event/{key}?embed=1"' in page
    r = client.get(f"/globe/event/{key}", params={"embed": 1})
    assert r.status_code == 200 and r.headers["x-frame-options"] == "SAMEORIGIN"
    cfg = json.loads(r.text.split('id="globe-config">')[1].split("</script>")[0])
    assert cfg["view"]["range"] > 0 and cfg["czml"] == f"/api/events/{key}/globe.czml"
    own = client.get(cfg["czml"]).json()
    owners = {p["properties"]["event"] for p in own if "event" in p.get("properties", {})}
    assert owners == {key}
    assert client.get("/globe/event/NO-SUCH-KEY").status_code == 404
