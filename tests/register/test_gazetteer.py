"""The offline gazetteer: aliases, finding names in text, naming the sea at a point."""

from __future__ import annotations

import math

import numpy as np

from launchwatch.earth import geodesic_inverse
from launchwatch.earth.gazetteer import default_gazetteer

r = math.radians


def test_aliases_and_lookup() -> None:
    g = default_gazetteer()
    assert g.lookup("East Sea").key == g.lookup("the Sea of Japan").key == "sea-of-japan"
    assert g.lookup("West Sea").key == "yellow-sea"
    assert g.lookup("Tongchang-ri").key == "sohae" and g.lookup("Wonsan area").key == "wonsan"
    assert g.lookup("Atlantis") is None


def test_find_in_text_prefers_longest_names() -> None:
    g = default_gazetteer()
    text = "fired from the Sunan area into the Sea of Japan (East Sea), Japan said"
    found = [(m.entry.key, m.text) for m in g.find(text)]
    assert found == [("sunan", "Sunan area"), ("sea-of-japan", "Sea of Japan (East Sea)"), ("japan", "Japan")]
    for m in g.find(text):
        assert text[m.start:m.end] == m.text


def test_sea_at_points() -> None:
    g = default_gazetteer()
    lat = np.radians([40.0, 36.0, 38.0, 28.0, 39.0, 0.0])
    lon = np.radians([133.0, 124.0, 150.0, 126.0, 125.75, -30.0])
    assert list(g.sea_at(lat, lon)) == ["sea-of-japan", "yellow-sea", "pacific-ocean",
                                        "east-china-sea", "", ""]


def test_places_are_where_geography_says() -> None:
    g = default_gazetteer()
    # Pyongyang-Wonsan ~ 150 km; Seoul-Pyongyang ~ 195 km (independent figures, +/- 10%)
    d, _, _ = geodesic_inverse(g["pyongyang"].lat, g["pyongyang"].lon, g["wonsan"].lat, g["wonsan"].lon)
    assert 135e3 < float(d) < 165e3
    d, _, _ = geodesic_inverse(g["seoul"].lat, g["seoul"].lon, g["pyongyang"].lat, g["pyongyang"].lon)
    assert 175e3 < float(d) < 215e3
    # every launch area and town of North Korea lies on land, outside the sea outlines
    kp = [e for e in g.entries.values() if e.country == "North Korea" and e.kind != "country"]
    assert all(s == "" for s in g.sea_at(np.array([e.lat for e in kp]), np.array([e.lon for e in kp])))
