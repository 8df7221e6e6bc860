"""The register on a globe: CZML for Cesium and KMZ for Google Earth.

:func:`globe_czml` writes the CZML the dashboard's globe page reads (and
:func:`launchwatch.register.export.to_czml` is it): every launch of the register as the
flight the engine flies from its stored fit (:func:`~launchwatch.register.reconstruct.trajectories`)
over the rotating Earth, in Cesium's Earth-fixed frame (``FIXED``, ECEF metres).

Packets (ids; ``K`` the round's key, ``n`` the launch's seq):

* ``document``: the clock over the whole record (start at the first launch, end at the
  last impact; playback in about two minutes) and ``properties.launches`` the clock
  interval of every launch (``K/n`` -> ``[start, end]`` ISO UTC), so a page can play one;
* ``site/<name>``: each launch site once, a labelled point;
* ``sensor/<name>``: each sensor given (a radar on the ground, a geostationary infrared
  satellite at its height);
* ``K/n/launch``: a point at the site from the launch on (every launch has one, with or
  without a flight);
* ``K/n/trajectory``: the flight itself, time-tagged ECEF samples (Lagrange
  interpolation) from launch to impact, drawn as a moving point with its trail;
* ``K/n/arc``: the same flight as a fixed polyline, shown from the launch to the end of
  the clock (the record up to the clock's time);
* ``K/n/reported``: for a launch without a fit whose landing point is known (reported,
  or estimated from the site, bearing and distance), the ground line from the site to it
  (a dashed line on the ground: no height is known);
* ``K/n/landing``: the landing point from the launch on, with its region as an ellipse
  when the record gives its size (a measured landing: the 95 % semi-major axis, drawn as
  a circle of that radius since the register keeps no minor axis and orientation; a
  reported place: the radius within which the named place lies).

Every per-launch packet carries ``properties``: ``event``, ``seq``, ``url`` (the event
page), ``path`` (``measured``, ``fitted``, ``assumed``, ``reported`` or ``none``),
``class``, ``missile``, ``outcome``, ``year``, ``site``, ``apogee_km``, ``distance_km``.
The ``path`` kinds are drawn differently: a measured flight (a fit of launchwatch's own
measurements) wide and glowing, a fitted flight (a fit of two or more reported facts)
solid, an assumed one (one fact: the minimum-energy flight) dashed, a reported ground
line dashed and grey.

:func:`to_kmz` zips the KML of :func:`~launchwatch.register.export.to_kml` as ``doc.kml``.
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

import numpy as np

from .models import Event, Launch
from .reconstruct import Trajectory, landing_point, trajectories

__all__ = ["PATH_KINDS", "globe_czml", "launch_intervals", "path_kind", "side_view", "to_kmz"]

#: How a launch's path is known, as the globe draws it.
PATH_KINDS = ("measured", "fitted", "assumed", "reported", "none")
#: Playback of the whole record lasts about this long [s of wall time].
PLAYBACK_S = 120.0
#: At most this many vertices in a fixed arc (the moving flight keeps every sample).
ARC_POINTS = 64


_LABEL: dict[str, Any] = {"fillColor": {"rgba": [255, 255, 255, 255]},
                          "outlineColor": {"rgba": [0, 0, 0, 255]},
                          "outlineWidth": 2, "style": "FILL_AND_OUTLINE", "horizontalOrigin": "LEFT"}
_BLACK = {"rgba": [0, 0, 0, 255]}


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _interval(a: datetime, b: datetime) -> str:
    return f"{_iso(a)}/{_iso(b)}"


def _rgba(rgb: str, alpha: int = 255) -> list[int]:
    return [int(rgb[1:3], 16), int(rgb[3:5], 16), int(rgb[5:7], 16), alpha]


def _km(x: float | None) -> float | None:
    return None if x is None or not math.isfinite(x) else round(x / 1e3, 1)


def path_kind(la: Launch, has_flight: bool) -> str:
    """One of :data:`PATH_KINDS`: how the path drawn for ``la`` is known."""
    if has_flight and la.reconstruction is not None:
        if la.reconstruction.assumed:
            return "assumed"
        return "measured" if la.provenance.kind == "measured" else "fitted"
    return "reported" if landing_point(la) is not None and la.site.known else "none"


def _colour(la: Launch) -> str:
    from .export import CLASS_COLOURS

    return CLASS_COLOURS.get(la.missile_class or "unknown", CLASS_COLOURS["unknown"])


def _flight_end(la: Launch, tr: Trajectory | None) -> datetime:
    if tr is not None:
        return la.utc + timedelta(seconds=float(tr.t[-1]))
    ft = la.flight_time
    if ft is None and la.reconstruction is not None and math.isfinite(la.reconstruction.flight_time):
        ft = la.reconstruction.flight_time
    return la.utc + timedelta(seconds=ft if ft else 600.0)


def launch_intervals(events: list[Event], trs: list[Trajectory] | None = None) -> dict[str, list[str]]:
    """Clock interval of each launch: ``"K/n"`` -> ``[launch, impact]`` (ISO UTC; launches
    without a flight get their reported flight time, else ten minutes)."""
    by = {(t.event, t.seq): t for t in (trs or [])}
    return {f"{ev.key}/{la.seq}": [_iso(la.utc), _iso(_flight_end(la, by.get((ev.key, la.seq))))]
            for ev in events for la in ev.launches}


def _props(ev: Event, la: Launch, kind: str, base_url: str) -> dict[str, Any]:
    """Properties of a launch's packets (Cesium reads no null property: unknown figures
    are left out)."""
    props = {"event": ev.key, "seq": la.seq, "url": base_url + quote(ev.key, safe=""),
            "path": kind, "class": la.missile_class or "unknown", "missile": la.missile_name or "",
            "outcome": la.outcome, "year": ev.year, "site": la.site.name,
            "apogee_km": _km(la.apogee), "distance_km": _km(la.distance),
            "simulated": ev.simulated}
    return {k: v for k, v in props.items() if v is not None}


def _description(ev: Event, la: Launch, kind: str, base_url: str) -> str:
    from html import escape

    from .export import _description as text

    words = {"measured": "flight fitted to launchwatch's own measurements",
             "fitted": "flight fitted to the reported figures",
             "assumed": "assumed flight (one reported figure: the minimum-energy flight)",
             "reported": "ground line from the site to the reported or estimated landing point",
             "none": "no path: the record gives no figures a flight can be fitted to"}
    rc = la.reconstruction
    fit = ""
    if rc is not None and kind in ("measured", "fitted", "assumed"):
        fit = (f"<br>fit: {escape(rc.regime)}, apogee {rc.apogee / 1e3:,.0f} km, range "
               f"{rc.range / 1e3:,.0f} km, {rc.flight_time:,.0f} s"
               + "".join(f"; {escape(m)}" for m in rc.messages))
    sources = "; ".join(escape(s.name) for s in la.sources)
    return (f"<p>{escape(text(ev, la))}</p><p>{escape(words[kind])}{fit}</p>"
            f"<p>sources: {sources or 'none'}</p>"
            f'<p><a href="{base_url}{quote(ev.key, safe="")}">event page</a></p>')


def _sensor_packets(sensors: Sequence[Any]) -> list[dict[str, Any]]:
    from ..earth import geodetic2ecef

    out = []
    for s in sensors:
        kind = getattr(s, "kind", "sensor")
        if hasattr(s, "lat_deg"):
            xyz = geodetic2ecef(math.radians(s.lat_deg), math.radians(s.lon_deg), getattr(s, "alt_m", 0.0))
        else:  # a geostationary infrared satellite: at its height over the equator
            xyz = geodetic2ecef(0.0, math.radians(s.lon_deg), s.alt_m)
        out.append({
            "id": f"sensor/{s.name}", "name": f"{kind} {s.name}",
            "description": f"<p>{kind} sensor {s.name}</p>",
            "position": {"cartesian": [round(float(v), 1) for v in xyz]},
            "point": {"pixelSize": 9, "color": {"rgba": [255, 255, 255, 255]},
                      "outlineColor": {"rgba": [40, 40, 40, 255]}, "outlineWidth": 2},
            "label": {**_LABEL, "text": s.name, "font": "12px sans-serif",
                      "pixelOffset": {"cartesian2": [10, 10]}},
            "properties": {"sensor": s.name, "kind": kind}})
    return out


def _arc(xyz: np.ndarray) -> list[float]:
    """At most :data:`ARC_POINTS` vertices of a ``(S, 3)`` polyline, ends kept."""
    idx = np.unique(np.linspace(0, len(xyz) - 1, min(len(xyz), ARC_POINTS)).round().astype(int))
    return np.round(xyz[idx], 1).ravel().tolist()


def _ground_line(la: Launch, lp: tuple[float, float, str]) -> list[float]:
    from ..earth import geodesic_direct, geodesic_inverse, geodetic2ecef

    d, az, _ = geodesic_inverse(la.site.lat, la.site.lon, lp[0], lp[1])
    s = np.linspace(0.0, float(d), 24)
    lat, lon = geodesic_direct(np.full(s.shape, la.site.lat), np.full(s.shape, la.site.lon),
                               np.full(s.shape, float(az)), s)
    return np.round(geodetic2ecef(lat, lon, 0.0), 1).ravel().tolist()


def globe_czml(events: list[Event], *, sensors: Sequence[Any] = (), sample_dt: float = 10.0,
               base_url: str = "/events/", name: str = "launchwatch register") -> list[dict[str, Any]]:
    """The CZML packets (JSON-ready dicts) of ``events`` on the globe (see the module doc).

    ``sensors``: radar or infrared configurations (``name``, ``lon_deg``, and ``lat_deg``
    for a ground sensor, ``alt_m``); ``sample_dt`` [s] the flights' sampling; ``base_url``
    the prefix of the event pages' addresses.
    """
    from ..earth import geodetic2ecef

    trs = trajectories(events, sample_dt=sample_dt)
    by = {(t.event, t.seq): t for t in trs}
    launches = [(ev, la) for ev in events for la in ev.launches]
    ends = [_flight_end(la, by.get((ev.key, la.seq))) for ev, la in launches]
    doc: dict[str, Any] = {"id": "document", "name": name, "version": "1.0"}
    if launches:
        t0 = min(la.utc for _, la in launches)
        t1 = max(ends)
        span = max((t1 - t0).total_seconds(), 1.0)
        doc["clock"] = {"interval": _interval(t0, t1), "currentTime": _iso(t1),
                        "multiplier": max(1.0, round(span / PLAYBACK_S)), "range": "CLAMPED",
                        "step": "SYSTEM_CLOCK_MULTIPLIER"}
        doc["properties"] = {"launches": launch_intervals(events, trs)}
    clock_end = max(ends) if ends else None
    packets: list[dict[str, Any]] = [doc]
    sites: dict[str, dict[str, Any]] = {}
    for _, la in launches:
        if not la.site.known:
            continue
        sid = f"site/{la.site.key or la.site.name or f'{la.site.lat:.4f},{la.site.lon:.4f}'}"
        if sid in sites:
            sites[sid]["properties"]["launches"] += 1
            continue
        xyz = geodetic2ecef(la.site.lat, la.site.lon, 0.0)
        sites[sid] = {
            "id": sid, "name": f"launch site {la.site.name}",
            "position": {"cartesian": [round(float(v), 1) for v in xyz]},
            "point": {"pixelSize": 5, "color": {"rgba": [255, 255, 255, 200]}},
            "label": {**_LABEL, "text": la.site.name or "launch site", "font": "11px sans-serif",
                      "pixelOffset": {"cartesian2": [8, -4]}},
            "properties": {"site": la.site.name, "launches": 1}}
    packets += list(sites.values())
    packets += _sensor_packets(sensors)
    for (ev, la), end in zip(launches, ends, strict=True):
        tr = by.get((ev.key, la.seq))
        kind = path_kind(la, tr is not None)
        props = _props(ev, la, kind, base_url)
        desc = _description(ev, la, kind, base_url)
        rgb = _colour(la)
        pid = f"{ev.key}/{la.seq}"
        label = f"{ev.key} #{la.seq} {la.missile_name or la.missile_class or 'unknown'}"
        shown = _interval(la.utc, clock_end)
        if la.site.known:
            xyz = geodetic2ecef(la.site.lat, la.site.lon, 0.0)
            packets.append({
                "id": f"{pid}/launch", "name": f"launch {label}", "description": desc, "availability": shown,
                "position": {"cartesian": [round(float(v), 1) for v in xyz]},
                "point": {"pixelSize": 7, "color": {"rgba": _rgba(rgb)}, "outlineColor": _BLACK,
                          "outlineWidth": 1},
                "properties": props})
        if tr is not None:
            ecef = geodetic2ecef(tr.lat, tr.lon, tr.alt)
            samples = np.column_stack([np.round(tr.t, 3), np.round(ecef, 2)]).ravel().tolist()
            packets.append({
                "id": f"{pid}/trajectory", "name": f"flight {label}", "description": desc,
                "availability": _interval(la.utc, end),
                "position": {"epoch": _iso(la.utc), "referenceFrame": "FIXED", "cartesian": samples,
                             "interpolationAlgorithm": "LAGRANGE", "interpolationDegree": 3},
                "point": {"pixelSize": 6, "color": {"rgba": [255, 255, 255, 255]},
                          "outlineColor": {"rgba": _rgba(rgb)}, "outlineWidth": 2},
                "path": {"width": 3, "leadTime": 0, "trailTime": float(tr.t[-1]), "resolution": 5,
                         "material": {"solidColor": {"color": {"rgba": _rgba("#ffffff", 230)}}}},
                "properties": props})
            if kind == "assumed":
                material = {"polylineDash": {"color": {"rgba": _rgba(rgb)}, "dashLength": 12}}
                width = 2
            elif kind == "measured":
                material = {"polylineGlow": {"color": {"rgba": _rgba(rgb)}, "glowPower": 0.25}}
                width = 7
            else:
                material = {"solidColor": {"color": {"rgba": _rgba(rgb)}}}
                width = 2.5
            packets.append({
                "id": f"{pid}/arc", "name": f"trajectory {label}", "description": desc, "availability": shown,
                "polyline": {"positions": {"cartesian": _arc(ecef)}, "arcType": "NONE", "width": width,
                             "material": material},
                "properties": props})
        lp = landing_point(la)
        if lp is not None and la.site.known and kind == "reported":
            packets.append({
                "id": f"{pid}/reported", "name": f"reported path {label}", "description": desc,
                "availability": shown,
                "polyline": {"positions": {"cartesian": _ground_line(la, lp)}, "arcType": "NONE",
                             "width": 2, "material": {"polylineDash": {
                                 "color": {"rgba": [210, 210, 210, 230]},
                                 "gapColor": {"rgba": _rgba(rgb, 160)}, "dashLength": 10}}},
                "properties": props})
        if lp is not None:
            if tr is not None and lp[2] == "reconstructed":
                lp = (float(tr.lat[-1]), float(tr.lon[-1]), lp[2])  # the flown arc's end
            xyz = geodetic2ecef(lp[0], lp[1], 0.0)
            pk: dict[str, Any] = {
                "id": f"{pid}/landing", "name": f"landing {label} ({lp[2]})", "description": desc,
                "availability": shown, "position": {"cartesian": [round(float(v), 1) for v in xyz]},
                "point": {"pixelSize": 6, "color": {"rgba": _rgba(rgb)},
                          "outlineColor": {"rgba": [255, 255, 255, 255]}, "outlineWidth": 1},
                "properties": {**props, "landing": lp[2]}}
            unc = la.landing.uncertainty if lp[2] == "reported" else None
            if unc:
                pk["ellipse"] = {"semiMajorAxis": float(unc), "semiMinorAxis": float(unc),
                                 "material": {"solidColor": {"color": {"rgba": _rgba(rgb, 60)}}},
                                 "outline": True, "outlineColor": {"rgba": _rgba(rgb)}, "height": 0.0}
                pk["properties"]["region_km"] = _km(unc)
                pk["properties"]["region"] = ("95 % (semi-major axis, measured)"
                                              if la.provenance.kind == "measured" else
                                              "radius of the named place")
            packets.append(pk)
    return packets


def side_view(events: list[Event], *, sample_dt: float = 10.0) -> dict[str, float] | None:
    """A camera that sees the flights of ``events`` from the side: ``lat``, ``lon`` [deg]
    and ``height`` [m] of the point looked at (the middle of the flights, half their
    apogee), ``heading`` [deg from north] of the camera's view (across the mean ground
    track) and ``range`` [m] from the point; ``None`` without flights."""
    from ..earth import geodesic_inverse

    trs = trajectories(events, sample_dt=sample_dt)
    if not trs:
        return None
    lat = np.concatenate([t.lat for t in trs])
    lon = np.concatenate([t.lon for t in trs])
    alt = np.concatenate([t.alt for t in trs])
    ok = np.isfinite(lat) & np.isfinite(lon) & np.isfinite(alt)
    lat, lon, alt = lat[ok], lon[ok], alt[ok]
    x = np.mean(np.cos(lat) * np.cos(lon))
    y = np.mean(np.cos(lat) * np.sin(lon))
    z = np.mean(np.sin(lat))
    clat, clon = math.atan2(z, math.hypot(x, y)), math.atan2(y, x)
    # the mean direction of the ground tracks (site to impact), each flight equally
    dirs = []
    size = 0.0
    for t in trs:
        d, az, _ = geodesic_inverse(t.lat[0], t.lon[0], t.lat[-1], t.lon[-1])
        if math.isfinite(float(d)) and float(d) > 0:
            dirs.append(float(az))
            size = max(size, float(d))
    track = math.atan2(np.mean(np.sin(dirs)), np.mean(np.cos(dirs))) if dirs else 0.0
    top = float(alt.max())
    size = max(size, top, 50e3)
    return {"lat": round(math.degrees(clat), 5), "lon": round(math.degrees(clon), 5),
            "height": round(top / 2.0, 1), "heading": round((math.degrees(track) + 90.0) % 360.0, 2),
            "range": round(2.2 * size, 1), "apogee_km": round(top / 1e3, 1)}


def to_kmz(events: list[Event], *, sample_dt: float = 10.0) -> bytes:
    """KMZ (a zip holding ``doc.kml``) of :func:`~launchwatch.register.export.to_kml`."""
    from .export import to_kml

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", to_kml(events, sample_dt=sample_dt))
    return buf.getvalue()


def dumps(packets: list[dict[str, Any]]) -> str:
    """CZML text of ``packets`` (compact JSON)."""
    return json.dumps(packets, separators=(",", ":"), allow_nan=False)
