"""The globe and the overview in the real headless chromium (WebGL through SwiftShader).

The app is served by uvicorn on a free localhost port (as in test_web_browser.py) on a
copy of the seeded register whose flights were fitted (``reconstruct(assume=True)``)
and with the demo's sensors.  Every request that does not go to the app is refused by
the browser context (and recorded): the pages must work with nothing else.  The
canvas is checked in a screenshot (the variance of its luminance: a blank or
single-colour canvas has none), not with ``readPixels``.  Screenshots go to
``$LAUNCHWATCH_SCREENSHOTS`` (default: the test's temporary folder; docs/img holds the
ones the docs show).
"""

from __future__ import annotations

import io
import json
import math
import urllib.request
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from _browser import PageGuard, Server, chromium, require_browser

require_browser()

from playwright.sync_api import Browser, Page  # noqa: E402

#: WebGL in headless chromium without a GPU (GUIDE.md's notes).
GL_ARGS = ["--headless=new", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
           "--ignore-gpu-blocklist", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", "--no-first-run"]
WAIT_MS = 120_000  # upper bound for Cesium's first frames on a loaded 2-core machine


def luminance_variance(png: bytes) -> float:
    """Variance of the luminance (ITU-R BT.601 weights, 0-255) of a PNG screenshot."""
    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)
    y = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    return float(y.var())


@pytest.fixture(scope="module")
def server(fitted_register: Path) -> Iterator[Server]:
    from launchwatch.demo import default_scenario

    srv = Server(fitted_register, None)
    srv.app.state.sensors = default_scenario().sensors
    with srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(GL_ARGS) as b:
        yield b


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[tuple[Page, PageGuard]]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    pg = ctx.new_page()
    pg.set_default_timeout(WAIT_MS)
    off = PageGuard(pg, server.url)
    try:
        yield pg, off
    finally:
        ctx.close()


def _czml(server: Server, path: str = "/api/globe.czml") -> list[dict[str, Any]]:
    with urllib.request.urlopen(server.url + path, timeout=60) as r:
        return json.loads(r.read())


def _ready(pg: Page, frames: int = 2) -> None:
    pg.wait_for_function("() => window.lwGlobe && (window.lwGlobe.ready || window.lwGlobe.error)")
    assert pg.evaluate("window.lwGlobe.error") is None
    # imagery tiles loaded and some frames drawn
    pg.wait_for_function("() => window.lwGlobe.viewer.scene.globe.tilesLoaded "
                         f"&& window.lwGlobe.frames > {frames}")


def _paths_at(czml: list[dict[str, Any]], when: datetime) -> set[str]:
    """Independently of the page: the path packets whose availability holds ``when``."""
    out = set()
    for p in czml:
        if p["id"].endswith(("/arc", "/reported")):
            a, b = (datetime.fromisoformat(x) for x in p["availability"].split("/"))
            if a <= when <= b:
                out.add(p["id"])
    return out


def test_globe_loads_offline_and_draws_every_flight(page: tuple[Page, PageGuard], server: Server,
                                                    shots: Path) -> None:
    pg, off = page
    pg.goto(server.url + "/globe")
    _ready(pg)
    canvas = pg.locator("#globe canvas").first
    png = canvas.screenshot(path=str(shots / "globe.png"))
    assert luminance_variance(png) > 200.0  # a globe with imagery, not a blank or uniform canvas
    czml = _czml(server)
    end = datetime.fromisoformat(czml[0]["clock"]["interval"].split("/")[1])
    drawn = set(pg.evaluate("window.lwGlobe.drawn()"))
    assert drawn == _paths_at(czml, end) and len(drawn) >= 4
    assert off.foreign == [] and off.errors == []
    # SwiftShader (this browser has no GPU) is recognised: half resolution, said on the page;
    # the button switches to full resolution, remembered across a reload
    assert "SwiftShader" in pg.evaluate("window.lwGlobe.renderer")
    assert pg.evaluate("[window.lwGlobe.reduced, window.lwGlobe.viewer.resolutionScale]") == [True, 0.5]
    toggle = pg.locator("#render-toggle")
    assert toggle.is_visible() and "half resolution" in toggle.inner_text()
    with pg.expect_navigation():
        toggle.click()
    _ready(pg)
    assert pg.evaluate("[window.lwGlobe.reduced, window.lwGlobe.viewer.resolutionScale]") == [False, 1]
    assert luminance_variance(canvas.screenshot()) > 200.0
    assert off.foreign == [] and off.errors == []


def test_moving_the_time_slider_changes_the_flights_drawn(page: tuple[Page, PageGuard], server: Server,
                                                          shots: Path) -> None:
    pg, off = page
    pg.goto(server.url + "/globe")
    _ready(pg)
    czml = _czml(server)
    bar = pg.locator(".cesium-timeline-bar").bounding_box()
    before = set(pg.evaluate("window.lwGlobe.drawn()"))
    counts, times = [], []
    for frac in (0.05, 0.5, 0.95):
        x, y = bar["x"] + frac * bar["width"], bar["y"] + bar["height"] / 2
        pg.mouse.move(x, y)
        pg.mouse.down()
        pg.mouse.up()
        pg.wait_for_timeout(300)
        when = datetime.fromisoformat(pg.evaluate(
            "Cesium.JulianDate.toIso8601(window.lwGlobe.viewer.clock.currentTime, 0)").replace("Z", "+00:00"))
        drawn = set(pg.evaluate("window.lwGlobe.drawn()"))
        assert drawn == _paths_at(czml, when), (frac, when)
        counts.append(len(drawn))
        times.append(when)
        if frac == 0.5:
            pg.locator("#globe canvas").first.screenshot(path=str(shots / "globe-midway.png"))
    # the needle moves forward with the slider, and fewer flights had been made early on
    assert times == sorted(times) and counts == sorted(counts) and counts[0] < len(before)
    # back to the end of the record: every flight again
    pg.locator("#show-all").click()
    pg.wait_for_timeout(300)
    assert set(pg.evaluate("window.lwGlobe.drawn()")) == before
    assert off.foreign == [] and off.errors == []


def test_a_click_on_a_trajectory_opens_its_event(page: tuple[Page, PageGuard], server: Server) -> None:
    pg, off = page
    pg.goto(server.url + "/globe")
    _ready(pg)
    czml = _czml(server)
    arc = max((p for p in czml if p["id"].endswith("/arc")),
              key=lambda p: len(p["polyline"]["positions"]["cartesian"]))
    key = arc["properties"]["event"]
    xyz = arc["polyline"]["positions"]["cartesian"]
    n = len(xyz) // 3
    mid = xyz[3 * (n // 2): 3 * (n // 2) + 3]
    # look at the arc from above its middle, then click on its middle vertex
    pt = pg.evaluate("""([x, y, z]) => {
        const v = window.lwGlobe.viewer, p = new Cesium.Cartesian3(x, y, z);
        const c = Cesium.Cartographic.fromCartesian(p);
        v.camera.setView({destination: Cesium.Cartesian3.fromRadians(c.longitude, c.latitude - 0.05,
                          c.height + 3.0e6), orientation: {heading: 0, pitch: -Math.PI / 2 + 0.05, roll: 0}});
        v.scene.render();
        const w = Cesium.SceneTransforms.worldToWindowCoordinates(v.scene, p);
        return [w.x, w.y];
    }""", mid)
    pg.wait_for_timeout(500)
    box = pg.locator("#globe canvas").first.bounding_box()
    with pg.expect_navigation():
        pg.mouse.click(box["x"] + pt[0], box["y"] + pt[1])
    assert pg.url.endswith("/events/" + key)
    assert pg.locator("#event-key").inner_text() == key
    assert off.foreign == []


def test_event_page_shows_its_launches_from_the_side(page: tuple[Page, PageGuard], server: Server,
                                                     shots: Path) -> None:
    pg, off = page
    czml = _czml(server)
    arc = max((p for p in czml if p["id"].endswith("/arc") and p["properties"]["apogee_km"]),
              key=lambda p: p["properties"]["apogee_km"])
    key = arc["properties"]["event"]
    pg.goto(server.url + "/events/" + key)
    frame_el = pg.locator("iframe#event-globe")
    frame_el.scroll_into_view_if_needed()
    fr = frame_el.content_frame
    fr.locator("#globe canvas").first.wait_for()
    frame = next(f for f in pg.frames if "/globe/event/" in f.url)
    frame.wait_for_function("() => window.lwGlobe && window.lwGlobe.ready")
    frame.wait_for_function("() => window.lwGlobe.viewer.scene.globe.tilesLoaded "
                            "&& window.lwGlobe.frames > 2")
    png = frame_el.screenshot(path=str(shots / "globe-event.png"))
    assert luminance_variance(png) > 100.0
    # seen from the side: the apogee stands well above the launch site on the screen
    own = _czml(server, f"/api/events/{key}/globe.czml")
    flight = next(p for p in own if p["id"] == arc["id"].replace("/arc", "/trajectory"))
    s = flight["position"]["cartesian"]
    pts = [s[i + 1:i + 4] for i in range(0, len(s), 4)]
    top = max(pts, key=lambda p: math.sqrt(sum(c * c for c in p)))
    ys = frame.evaluate("""(pts) => pts.map(([x, y, z]) => {
        const w = Cesium.SceneTransforms.worldToWindowCoordinates(window.lwGlobe.viewer.scene,
                                                                   new Cesium.Cartesian3(x, y, z));
        return w ? [w.x, w.y] : null; })""", [pts[0], top])
    assert ys[0] is not None and ys[1] is not None
    h = frame.evaluate("window.lwGlobe.viewer.canvas.clientHeight")
    assert ys[0][1] - ys[1][1] > 0.2 * h  # the apogee drawn far above the site
    assert off.foreign == [] and off.errors == []


def test_overview_map_year_slider_and_kmz(page: tuple[Page, PageGuard], server: Server,
                                          fitted_register: Path, shots: Path) -> None:
    from launchwatch.register import Register

    pg, off = page
    pg.goto(server.url + "/overview")
    pg.wait_for_function("() => window.lwOverview && window.lwOverview.ready && window.lwOverview.coast")
    with Register(fitted_register) as reg:
        located = [(ev.year, la) for ev in reg.events() for la in ev.launches if la.site.known]
    assert pg.evaluate("window.lwOverview.drawn") == len(located)
    pg.locator("#overview").screenshot(path=str(shots / "overview.png"))
    years = sorted({y for y, _ in located})
    # the slider to its first year: launches up to that year only
    pg.locator("#year-range").focus()
    pg.keyboard.press("Home")
    assert pg.evaluate("window.lwOverview.drawn") == sum(1 for y, _ in located if y <= years[0])
    href = pg.locator("#kmz-link").get_attribute("href")
    assert f"end={years[0]}-12-31" in href
    with urllib.request.urlopen(server.url + href, timeout=60) as r:
        assert r.headers["content-type"] == "application/vnd.google-earth.kmz"
        with zipfile.ZipFile(io.BytesIO(r.read())) as z:
            kml = z.read("doc.kml").decode()
    n_launch_marks = kml.count("<name>launch ")
    assert n_launch_marks == sum(1 for y, _ in located if y <= years[0])
    # one year only
    pg.select_option("#year-mode", "only")
    assert pg.evaluate("window.lwOverview.drawn") == sum(1 for y, _ in located if y == years[0])
    # a click on a flight's landing end opens its event
    pg.select_option("#year-mode", "all")
    assert pg.locator("path.lw-track").count() >= 1
    end = pg.locator("path.lw-landing").first
    with pg.expect_navigation():
        end.click()
    assert "/events/" in pg.url
    assert off.foreign == [] and off.errors == []
