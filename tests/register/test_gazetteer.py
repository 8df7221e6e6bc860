"""The offline gazetteer: aliases, finding names in text, naming the sea at a point."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

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


def test_every_facility_of_the_public_record_is_in_the_gazetteer(reference_dir) -> None:
    import json

    raw = json.loads((reference_dir / "cns" / "facility.en.json").read_text(encoding="utf-8"))["facilities"]
    g = default_gazetteer()
    missing = []
    for key, f in raw.items():
        if key == "unknown":
            continue
        e = g.by_cns(key)
        if e is None:
            missing.append(key)
            continue
        # the compilation's coordinates, to the 1e-4 deg (~10 m) they are shipped with
        assert math.degrees(e.lat) == pytest.approx(f["lat"], abs=6e-5), key
        assert math.degrees(e.lon) == pytest.approx(f["lon"], abs=6e-5), key
        assert e.source == "cns" and e.country == "North Korea" and e.tz == "Asia/Pyongyang"
    assert missing == []


@pytest.mark.parametrize(("name", "key"), [
    ("Panghyon", "panghyon"), ("Banghyon", "panghyon"), ("Banghyon airfield", "panghyon-airbase"),
    ("Pyongsong", "pyongsong"), ("Mupyong-ri", "mupyong-ni"), ("Mupyong-ni", "mupyong-ni"),
    ("Junghwa", "chunghwa"), ("Chunghwa", "chunghwa"), ("Sinpo", "sinpo"), ("Kalma", "wonsan"),
    ("Wonsan Kalma International Airport", "wonsan"),
    ("Pyongyang International Airport", "pyongyang-airport"), ("Sunan", "sunan"),
    ("무평리", "mupyong-ni"), ("舞坪里", "mupyong-ni"), ("동창리", "sohae"), ("東倉里", "sohae"),
    ("평성", "pyongsong"), ("방현", "panghyon"), ("Tongchang-ri", "sohae"), ("Musudan-ri", "tonghae"),
])
def test_spelling_variants(name: str, key: str) -> None:
    assert default_gazetteer().lookup(name).key == key


def test_korean_and_japanese_names_in_running_text() -> None:
    g = default_gazetteer()
    ko = ("북한이 평안북도 구성 일대에서 동해상으로 발사했다. "
          "구성원들은 동해안 경계를 강화했다. 원산서 쐈다")
    assert [(m.entry.key, m.text) for m in g.find(ko)] == [
        ("north-korea", "북한"), ("north-pyongan", "평안북도"), ("kusong", "구성"),
        ("sea-of-japan", "동해상"), ("wonsan", "원산")]
    ja = "北朝鮮は、平壌近郊から日本海に向けて発射した。中和反応。中和郡付近から"
    assert [(m.entry.key, m.text) for m in g.find(ja)] == [
        ("north-korea", "北朝鮮"), ("pyongyang", "平壌"), ("sea-of-japan", "日本海"), ("chunghwa", "中和郡")]
    # the Sohae station's Korean name holds the word for the Yellow Sea: one place, not two
    assert [m.entry.key for m in g.find("서해위성발사장에서 서해상으로")] == ["sohae", "yellow-sea"]
    for text in (ko, ja):
        for m in g.find(text):
            assert text[m.start:m.end] == m.text


def test_find_is_one_pass_over_the_text() -> None:
    # a long text of many names: every name found once, in order, none overlapping
    g = default_gazetteer()
    unit = ("launched from Sunan and Kusong toward the East Sea; "
            "평양 순안 일대에서 동해상으로; 平壌近郊から日本海へ. ")
    found = g.find(unit * 400)
    assert len(found) == 400 * len(g.find(unit))
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
