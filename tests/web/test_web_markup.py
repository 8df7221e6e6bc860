"""Everything that reaches HTML from data is escaped: an event whose every text field is
markup, loaded in headless chromium (list, event page with its map labels, tooltips and
profile, timeline); no element of the payload may appear in the DOM, and the markup is
shown as text."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from _browser import Server, chromium, require_browser

require_browser()

from test_web_browser import ARGS, WAIT_MS  # noqa: E402

from launchwatch.register import Event, Launch, Place, Register, Source  # noqa: E402


def payload(tag: str) -> str:
    """Markup that would create marked elements (and set a flag) if parsed as HTML/SVG."""
    return (f'{tag}<img src=x data-injected="{tag}" onerror="window.__pwned=1">'
            f'<b data-injected="{tag}">b</b><svg data-injected="{tag}" onload="window.__pwned=1"></svg>'
            f'"\'><script data-injected="{tag}">window.__pwned=1</script>&amp;')


def markup_event() -> Event:
    src = Source(name=payload("source"), url="https://example.org/<b>x</b>", quote=payload("quote"),
                 citation=payload("citation"))
    return Event(state="North Korea", title=payload("title"), notes=payload("notes"), launches=[Launch(
        seq=1, utc=datetime(2023, 3, 9, 9, 0, tzinfo=UTC), time_known=True,
        site=Place(name=payload("site"), lat=math.radians(39.0), lon=math.radians(125.7), uncertainty=5e3),
        landing=Place(name=payload("landing"), lat=math.radians(39.5), lon=math.radians(127.0),
                      uncertainty=8e3),
        missile_name=payload("missile"), missile_class="SRBM", regime="depressed",
        distance=120e3, apogee=40e3, notes=payload("lnotes"), sources=[src])])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    path = tmp_path_factory.mktemp("markup") / "register.sqlite"
    with Register(path) as reg:
        reg.add([markup_event()])
        key = reg.keys()[0]
    with Server(path, None) as srv:
        yield srv, key


def test_no_markup_from_data_is_parsed(server: tuple[Server, str]) -> None:
    srv, key = server
    with chromium(ARGS) as browser:
        page = browser.new_page()
        page.set_default_timeout(WAIT_MS)
        for path in ("/", "/events", f"/events/{key}", "/timeline"):
            page.goto(srv.url + path)
            if path.startswith("/events/"):
                page.wait_for_selector("#map[data-ready='1']")
                page.wait_for_selector("#map path.lw-launch-site")
                # the tooltips (permanent site label, hover ones) hold the markup as text
                label = page.locator(".lw-label").first
                assert "<img src=x" in label.inner_text()
                page.locator("#map path.lw-landing").first.hover(force=True)
                page.wait_for_selector(".leaflet-tooltip >> nth=1")
            injected = page.locator("[data-injected]").count()
            assert injected == 0, f"{path}: {injected} element(s) of the payload were created"
            assert page.evaluate("window.__pwned === undefined"), path
            body = page.locator("body").inner_text()
            assert "<b data-injected=" in body, f"{path}: the markup is not shown as text"

