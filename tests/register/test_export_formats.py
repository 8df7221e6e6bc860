"""Exports: GeoJSON validates against an RFC 7946 schema, KML parses, CZML loads with the
expected packets, CSV reads back into the same events; trajectories are physical."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import numpy as np
import pytest

from launchwatch.earth import geodesic_inverse
from launchwatch.register import Event, Launch, Place, Source
from launchwatch.register.export import export, to_csv, to_czml, to_geojson, to_kml
from launchwatch.register.importers import read_csv
from launchwatch.register.reconstruct import reconstruct, trajectories

# GeoJSON (RFC 7946, sections 3.1-3.3) as a JSON Schema, for the geometries we write.
_POSITION = {"type": "array", "minItems": 2, "maxItems": 3,
             "prefixItems": [{"type": "number", "minimum": -180, "maximum": 180},
                             {"type": "number", "minimum": -90, "maximum": 90},
                             {"type": "number"}]}
GEOJSON_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {"$ref": "#/$defs/feature"}},
        "bbox": {"type": "array", "minItems": 4},
    },
    "$defs": {
        "feature": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "id": {"type": ["string", "number"]},
                "properties": {"type": ["object", "null"]},
                "geometry": {"oneOf": [{"type": "null"}, {"$ref": "#/$defs/point"},
                                       {"$ref": "#/$defs/linestring"}]},
            },
        },
        "point": {"type": "object", "required": ["type", "coordinates"],
                  "properties": {"type": {"const": "Point"}, "coordinates": _POSITION}},
        "linestring": {"type": "object", "required": ["type", "coordinates"],
                       "properties": {"type": {"const": "LineString"},
                                      "coordinates": {"type": "array", "minItems": 2,
                                                      "items": _POSITION}}},
    },
}

LAT, LON = math.radians(39.15), math.radians(127.44)


@pytest.fixture(scope="module")
def events() -> list[Event]:
    evs = [
        Event(state="North Korea", launches=[
            Launch(seq=1, utc=datetime(2022, 3, 24, 5, 34, tzinfo=UTC), time_known=True,
                   site=Place(name="Sunan", lat=math.radians(39.21), lon=math.radians(125.68),
                              key="sunan"),
                   missile_class="ICBM", apogee=4475e3, distance=950e3, bearing=math.radians(95.0),
                   landing=Place(name="Sea of Japan", key="sea-of-japan"),
                   sources=[Source(name="Japan Ministry of Defense")])]),
        Event(state="North Korea", launches=[
            Launch(seq=i + 1, utc=datetime(2022, 9, 28, 11, 10 + 7 * i, tzinfo=UTC), time_known=True,
                   site=Place(name="Wonsan", lat=LAT, lon=LON, uncertainty=10e3, key="wonsan"),
                   missile_class="SRBM", apogee=50e3, distance=600e3, bearing=math.radians(70.0),
                   sources=[Source(name="Joint Chiefs of Staff", url="https://example.org/jcs")])
            for i in range(2)]),
        Event(state="North Korea", launches=[  # no coordinates: points/trajectory skipped
            Launch(utc=datetime(2023, 1, 1, tzinfo=UTC), site=Place(name="Somewhere unknown"))]),
    ]
    assert len(reconstruct(evs).fitted) == 3
    return evs


def test_reconstruction_reproduces_the_facts_and_lands_where_expected(events: list[Event]) -> None:
    icbm = events[0].launches[0].reconstruction
    assert icbm.regime == "lofted" and icbm.ballistic
    assert icbm.apogee == pytest.approx(4475e3, abs=5e3) and icbm.range == pytest.approx(950e3, abs=5e3)
    srbm = events[1].launches[0].reconstruction
    assert srbm.regime == "quasi-ballistic" and not srbm.ballistic
    assert any("too flat" in m for m in srbm.messages)
    trs = trajectories(events, sample_dt=5.0)
    assert len(trs) == 3
    for tr, la in zip(trs, [events[0].launches[0], *events[1].launches], strict=True):
        rc = la.reconstruction
        assert tr.alt.max() == pytest.approx(rc.apogee, rel=2e-3)
        d, _, _ = geodesic_inverse(la.site.lat, la.site.lon, tr.lat[-1], tr.lon[-1])
        assert float(d) == pytest.approx(rc.range, abs=500.0)  # within 0.5 km of the fitted range
        assert abs(tr.alt[-1]) < 1.0 and np.all(np.diff(tr.t) > 0)


def test_geojson_validates_against_rfc7946_schema(events: list[Event]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(json.dumps(to_geojson(events, sample_dt=10.0)))
    jsonschema.validate(doc, GEOJSON_SCHEMA)
    kinds = [f["properties"]["kind"] for f in doc["features"]]
    assert kinds.count("launch") == 3 and kinds.count("trajectory") == 3
    assert kinds.count("landing") == 3  # the unlocated launch has no landing point
    line = next(f for f in doc["features"] if f["id"] == "KP-2022-03-24/1/trajectory")
    lons = [c[0] for c in line["geometry"]["coordinates"]]
    assert lons[0] == pytest.approx(125.68) and max(c[2] for c in line["geometry"]["coordinates"]) > 4.4e6
    land = next(f for f in doc["features"] if f["id"] == "KP-2022-09-28/1/landing")
    assert land["properties"]["how"] == "reconstructed"


def test_kml_is_valid_ogc_kml_22_with_times_styles_and_sources(events: list[Event], kml_schema) -> None:
    from lxml import etree

    text = to_kml(events, sample_dt=10.0)
    schema = kml_schema
    doc = etree.fromstring(text.encode())
    assert schema.validate(doc), "\n".join(str(e) for e in list(schema.error_log)[:10])
    assert "None" not in text
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    styles = {s.get("id") for s in doc.findall(".//k:Style", ns)}
    assert {"class.ICBM", "class.SRBM", "class.unknown"} <= styles
    marks = {p.get("id"): p for p in doc.findall(".//k:Placemark", ns)}
    launch = marks["KP-2022-03-24.1.launch"]
    assert launch.findtext("k:TimeStamp/k:when", namespaces=ns) == "2022-03-24T05:34:00Z"
    assert launch.findtext("k:styleUrl", namespaces=ns) == "#class.ICBM"
    traj = marks["KP-2022-03-24.1.trajectory"]
    rc = events[0].launches[0].reconstruction
    end = datetime(2022, 3, 24, 5, 34, tzinfo=UTC).timestamp() + rc.flight_time
    assert traj.findtext("k:TimeSpan/k:begin", namespaces=ns) == "2022-03-24T05:34:00Z"
    got_end = datetime.fromisoformat(traj.findtext("k:TimeSpan/k:end", namespaces=ns).replace("Z", "+00:00"))
    assert abs(got_end.timestamp() - end) < 11.0  # the sampled flight's last point
    land = marks["KP-2022-03-24.1.landing"]
    assert land.find("k:TimeSpan", ns) is not None
    data = {d.get("name"): d.findtext("k:value", namespaces=ns)
            for d in traj.findall("k:ExtendedData/k:Data", ns)}
    assert data["distance_km"] == "950.0" and data["apogee_km"] == "4475.0" and data["class"] == "ICBM"
    assert data["claim.distance"] == "950 km (Japan MoD)"
    assert data["sources"] == "Japan Ministry of Defense"
    coords = traj.findtext("k:LineString/k:coordinates", namespaces=ns).split()
    assert len(coords) > 50 and max(float(c.split(",")[2]) for c in coords) > 4.4e6


def test_kml_parses_with_an_independent_reader(events: list[Event]) -> None:
    fastkml = pytest.importorskip("fastkml")
    text = to_kml(events, sample_dt=10.0)
    doc = fastkml.KML.from_string(text.encode())
    folders = [f for f in doc.features[0].features if f.name.startswith("KP-")]
    assert [f.name for f in folders] == [e.key for e in events]
    marks = [p for f in folders for p in f.features]
    assert len(marks) == 3 + 3 + 3
    line = next(p for p in marks if p.name.startswith("trajectory KP-2022-03-24"))
    coords = line.geometry.coords
    assert len(coords) > 50 and max(c[2] for c in coords) > 4.4e6


def test_czml_loads_as_json_with_expected_packets(events: list[Event]) -> None:
    doc = json.loads(to_czml(events, sample_dt=10.0))
    assert doc[0]["id"] == "document" and doc[0]["version"] == "1.0"
    assert doc[0]["clock"]["interval"].startswith("2022-03-24T05:34:00")
    ids = [p["id"] for p in doc[1:]]
    assert len(ids) == len(set(ids))
    traj = [p for p in doc if p["id"].endswith("/trajectory")]
    assert [p["id"] for p in traj] == ["KP-2022-03-24/1/trajectory", "KP-2022-09-28/1/trajectory",
                                       "KP-2022-09-28/2/trajectory"]
    pos = traj[0]["position"]
    assert pos["referenceFrame"] == "FIXED" and pos["epoch"].startswith("2022-03-24T05:34:00")
    samples = np.array(pos["cartesian"]).reshape(-1, 4)
    r = np.linalg.norm(samples[:, 1:], axis=1)
    assert r.max() - 6.36e6 > 4.4e6 and samples[-1, 0] == pytest.approx(
        events[0].launches[0].reconstruction.flight_time, rel=1e-3)
    assert "path" in traj[0] and "availability" in traj[0]


def test_csv_round_trip(events: list[Event], tmp_path) -> None:
    path = tmp_path / "events.csv"
    export(events, "csv", path)
    back, errors = read_csv(path)
    assert errors == []
    assert [e.key for e in back] == [e.key for e in events]
    for a, b in zip(events, back, strict=True):
        for la, lb in zip(a.launches, b.launches, strict=True):
            assert lb.utc == la.utc and lb.missile_class == la.missile_class
            for f in ("apogee", "distance", "flight_time", "bearing"):
                va, vb = getattr(la, f), getattr(lb, f)
                assert (va is None and vb is None) or vb == pytest.approx(va, rel=1e-6)
            assert lb.site.name == la.site.name
            assert [s.name for s in lb.sources] == [s.name for s in la.sources[:1]]
    assert to_csv(back).splitlines()[1:] == to_csv(events).splitlines()[1:]


def test_export_rejects_unknown_format(events: list[Event]) -> None:
    from launchwatch.errors import InputError

    with pytest.raises(InputError, match="format='shp'"):
        export(events, "shp")
