"""The globe's CZML and the KMZ: the flights drawn are the engine's flights of the stored
fits, checked against an independent integration; packets validate as czml3 packets;
path kinds, clock intervals, landing regions and sensors; the KMZ is OGC KML 2.2.

The independent flight: the stored fit's burnout speed, flight-path angle and azimuth at
the site (WGS-84 geodetic to ECEF and the local east/north/up written here), integrated
drag-free with scipy's DOP853 in an inertial frame under point-mass + J2 gravity, and
rotated back into the Earth-fixed frame at each time (the Earth turning at the WGS-84
rate).  Positions between the CZML's samples are interpolated with a Lagrange polynomial
of the degree the CZML declares, written here.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from launchwatch.register import Event, Launch, Place, Source
from launchwatch.register.globe import globe_czml, side_view, to_kmz
from launchwatch.register.reconstruct import reconstruct

A, F = 6378137.0, 1 / 298.257223563
E2 = F * (2 - F)
MU, J2, OMEGA = 3.986004418e14, 1.08262982e-3, 7.292115e-5
JCS = Source(name="South Korea Joint Chiefs of Staff", url="https://example.org/jcs")


def _rad(d: float) -> float:
    return math.radians(d)


def _ecef(lat: float, lon: float, h: float = 0.0) -> np.ndarray:
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return np.array([(n + h) * math.cos(lat) * math.cos(lon), (n + h) * math.cos(lat) * math.sin(lon),
                     (n * (1 - E2) + h) * math.sin(lat)])


def _height(p: np.ndarray) -> float:
    """Geodetic height [m] of an ECEF point (fixed-point iteration on the latitude)."""
    x, y, z = p
    rho = math.hypot(x, y)
    lat = math.atan2(z, rho * (1 - E2))
    for _ in range(10):
        n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
        h = rho / math.cos(lat) - n
        lat = math.atan2(z, rho * (1 - E2 * n / (n + h)))
    return h


def _fly(la: Launch, times: np.ndarray) -> np.ndarray:
    """ECEF positions ``(T, 3)`` [m] of the stored fit's flight at ``times`` [s]."""
    from scipy.integrate import solve_ivp

    rc = la.reconstruction
    lat, lon = la.site.lat, la.site.lon
    r0 = _ecef(lat, lon)
    east = np.array([-math.sin(lon), math.cos(lon), 0.0])
    north = np.array([-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon), math.cos(lat)])
    up = np.cross(east, north)
    horiz = math.cos(rc.azimuth) * north + math.sin(rc.azimuth) * east
    v_rel = rc.speed * (math.cos(rc.fpa) * horiz + math.sin(rc.fpa) * up)
    w = np.array([0.0, 0.0, OMEGA])
    v0 = v_rel + np.cross(w, r0)  # inertial velocity (frames aligned at t = 0)

    def rhs(_t: float, y: np.ndarray) -> np.ndarray:
        x, yy, z = y[:3]
        r2 = x * x + yy * yy + z * z
        r = math.sqrt(r2)
        k = 1.5 * J2 * (A * A / r2)
        zz = 5 * z * z / r2
        g = -MU / r**3 * np.array([x * (1 + k * (1 - zz)), yy * (1 + k * (1 - zz)), z * (1 + k * (3 - zz))])
        return np.concatenate([y[3:], g])

    sol = solve_ivp(rhs, (0.0, float(times[-1])), np.concatenate([r0, v0]), method="DOP853",
                    t_eval=times, rtol=1e-11, atol=1e-4)
    assert sol.success
    out = []
    for t, p in zip(sol.t, sol.y[:3].T, strict=True):
        c, s = math.cos(OMEGA * t), math.sin(OMEGA * t)
        out.append([c * p[0] + s * p[1], -s * p[0] + c * p[1], p[2]])  # inertial -> Earth-fixed
    return np.array(out)


def _lagrange(ts: np.ndarray, xs: np.ndarray, t: float, degree: int) -> np.ndarray:
    """Lagrange interpolation of degree ``degree`` on the samples nearest ``t``."""
    n = degree + 1
    i = int(np.clip(np.searchsorted(ts, t) - n // 2, 0, len(ts) - n))
    tt, xx = ts[i:i + n], xs[i:i + n]
    out = np.zeros(3)
    for j in range(n):
        lj = np.prod([(t - tt[m]) / (tt[j] - tt[m]) for m in range(n) if m != j])
        out += lj * xx[j]
    return out


@pytest.fixture(scope="module")
def events() -> list[Event]:
    from launchwatch.assess.events import LaunchFacts

    t = datetime(2017, 7, 4, 0, 40, tzinfo=UTC)
    icbm = Event(state="North Korea", title="Hwasong-14 test", launches=[Launch(
        seq=1, utc=t, time_known=True,
        site=Place(name="Panghyon", lat=_rad(39.93), lon=_rad(125.2), uncertainty=5e3),
        missile_name="Hwasong-14", missile_class="ICBM", apogee=2802e3, distance=933e3,
        flight_time=2340.0, landing=Place(name="Sea of Japan"), outcome="success", sources=[JCS])])
    srbm = Event(state="North Korea", launches=[
        Launch(seq=1, utc=datetime(2019, 5, 9, 7, 29, tzinfo=UTC), time_known=True,
               site=Place(name="Kusong", lat=_rad(39.98), lon=_rad(125.24)), missile_class="SRBM",
               apogee=50e3, distance=420e3,
               landing=Place(name="Sea of Japan", lat=_rad(39.6), lon=_rad(130.0), uncertainty=30e3),
               sources=[JCS]),
        # a failure with a reported landing point: no flight is fitted, the ground line is drawn
        Launch(seq=2, utc=datetime(2019, 5, 9, 7, 49, tzinfo=UTC), time_known=True,
               site=Place(name="Kusong", lat=_rad(39.98), lon=_rad(125.24)), missile_class="SRBM",
               distance=270e3, landing=Place(name="off the coast", lat=_rad(39.9), lon=_rad(128.4)),
               outcome="failure", sources=[JCS]),
        # one fact: the minimum-energy flight is assumed
        Launch(seq=3, utc=datetime(2019, 5, 9, 8, 5, tzinfo=UTC), time_known=True,
               site=Place(name="Kusong", lat=_rad(39.98), lon=_rad(125.24)), missile_class="SRBM",
               distance=300e3, bearing=_rad(85.0), sources=[JCS])])
    facts = LaunchFacts(time=datetime(2025, 5, 7, 23, 10, tzinfo=UTC), lat=_rad(39.17), lon=_rad(127.48),
                        range_m=800e3, apogee_m=120e3, impact_lat=_rad(41.2), impact_lon=_rad(136.3),
                        impact_error_m=12e3, missile_class="SRBM", regime="depressed")
    measured = Event(state="North Korea", simulated=True, launches=[facts.to_launch()])
    nothing = Event(state="North Korea", launches=[Launch(
        utc=datetime(1998, 8, 31, tzinfo=UTC), site=Place(name="Musudan-ri"), missile_class="SLV")])
    evs = [nothing, icbm, srbm, measured]
    reconstruct(evs, assume=True)
    assert icbm.launches[0].reconstruction is not None and measured.launches[0].reconstruction is not None
    assert srbm.launches[2].reconstruction.assumed and srbm.launches[1].reconstruction is None
    return evs


@pytest.fixture(scope="module")
def packets(events: list[Event]) -> list[dict]:
    from launchwatch.sensors.config import InfraredConfig, RadarConfig

    sensors = [RadarConfig(name="radar-south-1", lat_deg=37.55, lon_deg=129.05),
               InfraredConfig(name="ir-geo")]
    return json.loads(json.dumps(globe_czml(events, sensors=sensors, sample_dt=10.0)))


def test_every_packet_is_a_valid_czml3_packet_with_unique_ids(packets: list[dict]) -> None:
    from czml3 import Packet

    for p in packets:
        Packet.model_validate(p)  # czml3's models forbid unknown fields
    ids = [p["id"] for p in packets]
    assert len(ids) == len(set(ids)) and ids[0] == "document"


def test_flights_drawn_are_the_stored_fits_flown_over_the_rotating_earth(events: list[Event],
                                                                        packets: list[dict]) -> None:
    by_id = {p["id"]: p for p in packets}
    flown = [(ev, la) for ev in events for la in ev.launches if la.reconstruction is not None]
    assert len(flown) == 4
    for ev, la in flown:
        pk = by_id[f"{ev.key}/{la.seq}/trajectory"]
        pos = pk["position"]
        assert pos["referenceFrame"] == "FIXED"
        assert datetime.fromisoformat(pos["epoch"]) == la.utc
        s = np.array(pos["cartesian"]).reshape(-1, 4)
        ts, xs = s[:, 0], s[:, 1:]
        # the flight ends on the ground, at the fitted flight time and range
        assert abs(_height(xs[-1])) < 5.0
        assert ts[-1] == pytest.approx(la.reconstruction.flight_time, rel=2e-3)
        ref = _fly(la, ts[:-1])
        err = np.linalg.norm(xs[:-1] - ref, axis=1)
        assert err.max() < 20.0, (ev.key, la.seq, err.max())  # metres, over flights of 100s of km
        # between the samples, Cesium's Lagrange interpolation of the declared degree
        mids = (ts[:-2] + ts[1:-1]) / 2
        ref_mid = _fly(la, mids)
        got = np.array([_lagrange(ts, xs, t, pos["interpolationDegree"]) for t in mids])
        assert np.linalg.norm(got - ref_mid, axis=1).max() < 30.0
        # the apogee drawn is the fit's apogee
        top = max(_height(x) for x in got)
        assert top == pytest.approx(la.reconstruction.apogee, rel=5e-3)
        # the fixed arc is the same flight (a subset of the samples)
        arc = np.array(by_id[f"{ev.key}/{la.seq}/arc"]["polyline"]["positions"]["cartesian"]).reshape(-1, 3)
        assert np.allclose(arc[0], xs[0], atol=1.0) and np.allclose(arc[-1], xs[-1], atol=1.0)


def test_path_kinds_are_told_apart(events: list[Event], packets: list[dict]) -> None:
    by_id = {p["id"]: p for p in packets}
    icbm, srbm, meas = events[1].key, events[2].key, events[3].key
    assert by_id[f"{icbm}/1/arc"]["properties"]["path"] == "fitted"
    assert "solidColor" in by_id[f"{icbm}/1/arc"]["polyline"]["material"]
    assert by_id[f"{srbm}/3/arc"]["properties"]["path"] == "assumed"
    assert "polylineDash" in by_id[f"{srbm}/3/arc"]["polyline"]["material"]
    assert by_id[f"{meas}/1/arc"]["properties"]["path"] == "measured"
    assert "polylineGlow" in by_id[f"{meas}/1/arc"]["polyline"]["material"]
    rep = by_id[f"{srbm}/2/reported"]
    assert rep["properties"]["path"] == "reported" and f"{srbm}/2/arc" not in by_id
    line = np.array(rep["polyline"]["positions"]["cartesian"]).reshape(-1, 3)
    assert np.allclose(line[0], _ecef(_rad(39.98), _rad(125.24)), atol=1.0)
    assert np.allclose(line[-1], _ecef(_rad(39.9), _rad(128.4)), atol=1.0)
    assert max(abs(_height(p)) for p in line) < 1.0  # on the ground: no height is known
    # a launch with no figures: its launch point only, and its event page one click away
    none = [p for p in packets if p["id"].startswith(events[0].key + "/")]
    assert [p["id"] for p in none] == [] or all(p["properties"]["path"] == "none" for p in none)
    assert by_id[f"{icbm}/1/arc"]["properties"]["url"] == f"/events/{icbm}"
    assert by_id[f"{icbm}/1/arc"]["properties"]["class"] == "ICBM"
    assert by_id[f"{icbm}/1/arc"]["properties"]["year"] == 2017


def test_clock_covers_the_record_and_each_launch_has_its_interval(events: list[Event],
                                                                  packets: list[dict]) -> None:
    doc = packets[0]
    start, end = doc["clock"]["interval"].split("/")
    first = min(la.utc for ev in events for la in ev.launches)
    assert datetime.fromisoformat(start) == first
    meas = events[3].launches[0]
    assert datetime.fromisoformat(end) == pytest.approx(
        meas.utc + timedelta(seconds=meas.reconstruction.flight_time), abs=timedelta(seconds=2))
    iv = doc["properties"]["launches"]
    icbm = events[1].launches[0]
    a, b = (datetime.fromisoformat(x) for x in iv[f"{events[1].key}/1"])
    assert a == icbm.utc
    assert (b - a).total_seconds() == pytest.approx(icbm.reconstruction.flight_time, abs=1.5)
    by_id = {p["id"]: p for p in packets}
    flight = by_id[f"{events[1].key}/1/trajectory"]
    fa, fb = (datetime.fromisoformat(x) for x in flight["availability"].split("/"))
    assert (fa, fb) == (a, b)
    # the arc stays drawn from its launch to the end of the clock
    aa, ab = by_id[f"{events[1].key}/1/arc"]["availability"].split("/")
    assert datetime.fromisoformat(aa) == icbm.utc and ab == end


def test_landing_regions_and_sensors(events: list[Event], packets: list[dict]) -> None:
    by_id = {p["id"]: p for p in packets}
    meas = by_id[f"{events[3].key}/1/landing"]
    assert meas["ellipse"]["semiMajorAxis"] == pytest.approx(12e3)
    assert meas["properties"]["region"].startswith("95 %")
    rep = by_id[f"{events[2].key}/1/landing"]
    assert rep["ellipse"]["semiMajorAxis"] == pytest.approx(30e3)
    assert rep["properties"]["region"] == "radius of the named place"
    assert "ellipse" not in by_id[f"{events[1].key}/1/landing"]  # a fitted impact: no stated region
    radar = np.array(by_id["sensor/radar-south-1"]["position"]["cartesian"])
    assert np.allclose(radar, _ecef(_rad(37.55), _rad(129.05), 50.0), atol=1.0)
    geo = np.linalg.norm(by_id["sensor/ir-geo"]["position"]["cartesian"])
    assert geo == pytest.approx(42164e3, rel=1e-3)  # geostationary radius
    sites = [p for p in packets if p["id"].startswith("site/")]
    assert {p["properties"]["site"] for p in sites} >= {"Panghyon", "Kusong"}
    assert next(p for p in sites if p["properties"]["site"] == "Kusong")["properties"]["launches"] == 3


def test_side_view_looks_across_the_track_at_half_the_apogee(events: list[Event]) -> None:
    v = side_view([events[1]])
    icbm = events[1].launches[0].reconstruction
    assert v["height"] == pytest.approx(icbm.apogee / 2, rel=5e-3)
    # the track runs roughly east (azimuth of the fit); the camera looks across it
    off = (v["heading"] - math.degrees(icbm.azimuth)) % 180.0
    assert off == pytest.approx(90.0, abs=10.0)
    assert v["range"] > icbm.apogee


def test_kmz_holds_valid_kml_with_times_styles_figures_and_sources(events: list[Event], kml_schema) -> None:
    from lxml import etree

    data = to_kmz(events, sample_dt=10.0)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert z.namelist()[0] == "doc.kml"
        root = etree.fromstring(z.read("doc.kml"))
    schema = kml_schema
    assert schema.validate(root), "\n".join(str(e) for e in list(schema.error_log)[:10])
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    styles = {s.get("id") for s in root.findall(".//k:Style", ns)}
    assert {"class.ICBM", "class.SRBM", "class.SLV"} <= styles
    traj = root.find(".//k:Placemark[@id='KP-2017-07-04.1.trajectory']", ns)
    assert traj is not None and traj.findtext("k:styleUrl", namespaces=ns) == "#class.ICBM"
    assert traj.findtext("k:TimeSpan/k:begin", namespaces=ns) == "2017-07-04T00:40:00Z"
    data_ = {d.get("name"): d.findtext("k:value", namespaces=ns) for d in traj.findall(".//k:Data", ns)}
    assert data_["apogee_km"] == "2802.0" and "Joint Chiefs" in data_["sources"]
    coords = traj.findtext(".//k:coordinates", namespaces=ns).split()
    top = max(float(c.split(",")[2]) for c in coords)
    assert top == pytest.approx(events[1].launches[0].reconstruction.apogee, rel=5e-3)
