"""The dashboard in a real headless browser: Debian's chromium driven by Playwright.

A uvicorn server on a free localhost port serves a copy of the seeded register; the
browser opens the event list, filters it, opens the demo event and checks the Leaflet map
is drawn (coastlines, trajectories, the launch-site marker) and the profile too, then
submits a report on the ingest page and commits it without the token (refused), with a
wrong one (refused) and with the right one (stored).  Every request the pages make must
stay on the server (no CDN).  Screenshots go to ``$LAUNCHWATCH_SCREENSHOTS`` (default: the
test's temporary folder).

Never ``playwright install``: the browser is the system's chromium
(``scripts/install-test-deps.sh`` installs it); without it these tests skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from _browser import PageGuard, Server, chromium, require_browser
from _webdata import DEMO_KEY, TOKEN, YONHAP, YONHAP_KEY

require_browser()

from playwright.sync_api import Browser, Page, expect  # noqa: E402

ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT_MS = 30_000  # upper bound for a page to settle on a loaded 2-core machine


@pytest.fixture(scope="module")
def server(seeded_register: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    import shutil

    dst = tmp_path_factory.mktemp("web-browser") / "register.sqlite"
    shutil.copyfile(seeded_register, dst)
    with Server(dst, TOKEN) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium(ARGS) as b:
        yield b


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[tuple[Page, PageGuard]]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = ctx.new_page()
    pg.set_default_timeout(WAIT_MS)
    watch = PageGuard(pg, server.url)
    try:
        yield pg, watch
    finally:
        ctx.close()


def test_event_list_filter_and_demo_event_map(page: tuple[Page, PageGuard], server: Server,
                                              shots: Path) -> None:
    pg, watch = page
    pg.goto(server.url + "/")
    expect(pg.locator("#events-table tbody tr")).to_have_count(4)
    expect(pg.locator(f'tr[data-key="{DEMO_KEY}"]')).to_be_visible()
    pg.screenshot(path=str(shots / "events.png"), full_page=True)

    # filter by class: only the ICBM event is left
    pg.select_option('select[name="class"]', "ICBM")
    pg.click('#filters button[type="submit"]')
    expect(pg.locator("#events-table tbody tr")).to_have_count(1)
    expect(pg.locator("#events-table tbody tr")).to_have_attribute("data-key", "KP-2017-07-04")

    # back to all, open the demo event from the list
    pg.click("text=clear")
    pg.click(f'a.event-link:text-is("{DEMO_KEY}")')
    expect(pg.locator("#event-key")).to_have_text(DEMO_KEY)
    expect(pg.locator("#bulletin-text")).to_contain_text("near Wonsan")
    expect(pg.locator("#bulletin-text")).to_contain_text("UTC")

    # the map: coastlines arrived and were drawn as SVG paths, with trajectories and markers
    expect(pg.locator("#map")).to_have_attribute("data-ready", "1")
    overlay = pg.locator("#map .leaflet-overlay-pane svg path, #map .leaflet-land-pane svg path")
    assert overlay.count() > 20
    expect(pg.locator("#map path.lw-launch-site")).to_have_count(3)
    expect(pg.locator("#map path.lw-trajectory")).to_have_count(3)
    expect(pg.locator("#map path.lw-landing")).to_have_count(3)
    assert pg.locator("#map path.lw-land").count() > 5
    site = pg.locator("#map path.lw-launch-site").first
    assert site.get_attribute("d")  # a drawn circle, not an empty path
    box = site.bounding_box()
    map_box = pg.locator("#map").bounding_box()
    assert box is not None and map_box is not None
    assert map_box["x"] <= box["x"] <= map_box["x"] + map_box["width"]
    assert map_box["y"] <= box["y"] <= map_box["y"] + map_box["height"]
    expect(pg.locator(".lw-label").first).to_contain_text("Wonsan")

    # the profile: one line per flight, the 800 km one the longest
    expect(pg.locator("#profile-svg polyline.lw-profile-line")).to_have_count(3)
    expect(pg.locator("#launch-table tbody tr")).to_have_count(3)
    pg.screenshot(path=str(shots / "event.png"), full_page=True)
    pg.locator("#map").screenshot(path=str(shots / "event-map.png"))

    assert watch.foreign == [], f"the page reached outside the server: {watch.foreign}"
    assert watch.errors == [], f"errors in the page: {watch.errors}"


def test_event_without_located_site(page: tuple[Page, PageGuard], server: Server) -> None:
    """A month-only space launch with an unlocated site: the page still draws a map and says
    why there is no trajectory."""
    pg, watch = page
    pg.goto(server.url + "/events/KP-1998-08")
    expect(pg.locator("#bulletin-text")).to_contain_text(
        "In August 1998 (day not reported), North Korea launched a Taepodong-1 space launch vehicle")
    expect(pg.locator("#map")).to_have_attribute("data-ready", "1")
    expect(pg.locator("#map path.lw-launch-site")).to_have_count(0)
    expect(pg.locator("#profile")).to_have_text("No trajectory to draw.")
    assert watch.foreign == [] and watch.errors == []


def test_timeline_page(page: tuple[Page, PageGuard], server: Server, shots: Path) -> None:
    pg, watch = page
    pg.goto(server.url + "/timeline")
    expect(pg.locator("#totals")).to_contain_text("3 round(s)")  # the simulated one never counts
    assert pg.locator("#timeline-chart rect.bar").count() >= 3
    pg.screenshot(path=str(shots / "timeline.png"), full_page=True)
    assert watch.foreign == [] and watch.errors == []


def test_ingest_page_refuses_without_token_and_stores_with_it(page: tuple[Page, PageGuard], server: Server,
                                                             shots: Path) -> None:
    pg, watch = page
    assert server.get_json(f"/api/events/{YONHAP_KEY}")[0] == 404
    pg.goto(server.url + "/ingest")
    pg.fill("#report-text", YONHAP)
    pg.click("#draft-button")
    expect(pg.locator("#draft")).to_be_visible()
    expect(pg.locator("#draft-key")).to_have_text(YONHAP_KEY)
    expect(pg.locator('#draft-fields tr[data-field="distance"]')).to_contain_text("800 km")
    expect(pg.locator('#draft-fields tr[data-field="site"]')).to_contain_text("Sunan")
    expect(pg.locator("#draft-text mark").first).to_be_visible()
    expect(pg.locator("#draft-diff")).to_contain_text(f"{YONHAP_KEY}: new round")
    assert server.get_json(f"/api/events/{YONHAP_KEY}")[0] == 404  # drafting stores nothing

    # no token: refused, nothing stored
    pg.click("#commit-button")
    expect(pg.locator("#commit-status")).to_contain_text("refused: HTTP 401")
    assert server.get_json(f"/api/events/{YONHAP_KEY}")[0] == 404
    # a wrong token: refused, nothing stored
    pg.fill("#token", "not-the-token")
    pg.click("#commit-button")
    expect(pg.locator("#commit-status")).to_contain_text("wrong token")
    assert server.get_json(f"/api/events/{YONHAP_KEY}")[0] == 404

    # the token: stored, and the event opens
    pg.fill("#token", TOKEN)
    pg.click("#commit-button")
    expect(pg.locator("#commit-status")).to_contain_text(f"stored: {YONHAP_KEY} (added")
    pg.screenshot(path=str(shots / "ingest.png"), full_page=True)
    status, body = server.get_json(f"/api/events/{YONHAP_KEY}")
    assert status == 200
    assert [la["confirmation"] for la in body["event"]["launches"]] == ["unconfirmed", "unconfirmed"]
    pg.click("#stored-link")
    expect(pg.locator("#event-key")).to_have_text(YONHAP_KEY)
    expect(pg.locator("#map")).to_have_attribute("data-ready", "1")
    expect(pg.locator("#map path.lw-launch-site")).to_have_count(2)
    expect(pg.locator("#bulletin-text")).to_contain_text("North Korea launched two short-range")
    pg.screenshot(path=str(shots / "ingested-event.png"), full_page=True)
    assert watch.foreign == [], f"the page reached outside the server: {watch.foreign}"
    # the refused commits show as failed fetches (401) in the console: only those are allowed
    assert all("401" in e for e in watch.errors), watch.errors
