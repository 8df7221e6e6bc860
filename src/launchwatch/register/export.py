"""Exports of events: CSV, GeoJSON, KML (Google Earth) and CZML (Cesium).

* CSV: one row per launch in the columns of :data:`~launchwatch.register.importers.COLUMNS`
  (what :func:`~launchwatch.register.importers.read_csv` reads back).
* GeoJSON (RFC 7946): a ``FeatureCollection`` of launch points, landing points and
  reconstructed trajectories (``LineString`` of ``[lon, lat, height m]``); every feature's
  ``properties.kind`` is ``launch``, ``landing`` or ``trajectory``.
* KML (OGC KML 2.2, valid against its schema): a style per class, one folder per round
  with its launch and landing placemarks and trajectories (absolute altitude); the
  launch carries a ``TimeStamp``, the landing and the trajectory a ``TimeSpan`` from
  launch to impact; ``ExtendedData`` holds the figures, their sources and conflicts.
* CZML: what the dashboard's globe reads (:mod:`launchwatch.register.globe`): a document
  packet with the clock and each launch's interval, launch sites, sensors, and per launch
  its site point, the flight (time-dynamic ECEF samples, Cesium's ``FIXED`` frame, with
  a path), its arc, and the landing point with its region; every packet validates as a
  czml3 ``Packet``.  KMZ (:func:`launchwatch.register.globe.to_kmz`) zips the KML.

Trajectories are those of the stored reconstructions
(:func:`~launchwatch.register.reconstruct.reconstruct`); landing points are reported,
reconstructed or estimated (site, bearing and distance), as
:func:`~launchwatch.register.reconstruct.landing_point` says in each feature.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from .importers import COLUMNS
from .models import Event, Launch
from .reconstruct import Trajectory, landing_point, trajectories

__all__ = ["FORMATS", "export", "to_csv", "to_czml", "to_geojson", "to_kml"]

FORMATS = ("csv", "geojson", "kml", "czml", "json")


def _deg(x: float | None, nd: int = 6) -> float | None:
    return None if x is None else round(math.degrees(x), nd)


def _lon(x: float) -> float:
    return round((math.degrees(x) + 180.0) % 360.0 - 180.0, 6)


def _km(x: float | None) -> float | None:
    return None if x is None else round(x / 1e3, 3)


def _row(ev: Event, la: Launch) -> dict[str, Any]:
    src = la.sources[0] if la.sources else None
    return {
        "event": ev.key, "state": ev.state or "",
        "date": la.utc.date().isoformat()[:{"day": 10, "month": 7, "year": 4}[la.date_precision]],
        "time_utc": la.utc.strftime("%H:%M:%S") if la.time_known else "",
        "seq": la.seq, "site": la.site.name, "site_lat_deg": _deg(la.site.lat),
        "site_lon_deg": None if la.site.lon is None else _lon(la.site.lon),
        "site_uncertainty_km": _km(la.site.uncertainty), "missile": la.missile_name or "",
        "class": la.missile_class or "unknown", "count": la.count, "apogee_km": _km(la.apogee),
        "distance_km": _km(la.distance), "flight_time_s": la.flight_time,
        "bearing_deg": None if la.bearing is None else round(math.degrees(la.bearing), 6),
        "landing": la.landing.name, "landing_lat_deg": _deg(la.landing.lat),
        "landing_lon_deg": None if la.landing.lon is None else _lon(la.landing.lon),
        "regime": la.regime or "", "outcome": la.outcome, "confirmation": la.confirmation,
        "source": src.name if src else "", "source_url": (src.url or "") if src else "",
        "notes": la.notes,
    }


def to_csv(events: list[Event]) -> str:
    """One row per launch (units in the column names: km, deg, s)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    for ev in events:
        for la in ev.launches:
            w.writerow({k: "" if v is None else v for k, v in _row(ev, la).items()})
    return buf.getvalue()


def _props(ev: Event, la: Launch, kind: str) -> dict[str, Any]:
    return {
        "kind": kind, "event": ev.key, "seq": la.seq, "state": ev.state,
        "utc": la.utc.isoformat(), "time_known": la.time_known, "site": la.site.name,
        "missile": la.missile_name, "class": la.missile_class or "unknown", "count": la.count,
        "apogee_km": _km(la.apogee), "distance_km": _km(la.distance), "landing": la.landing.name,
        "regime": la.regime, "outcome": la.outcome, "confirmation": la.confirmation,
        "sources": [s.name for s in la.sources],
    }


def _trajectories(events: list[Event], sample_dt: float | None) -> list[Trajectory]:
    return [] if sample_dt is None else trajectories(events, sample_dt=sample_dt)


def to_geojson(events: list[Event], *, sample_dt: float | None = 10.0) -> dict[str, Any]:
    """A GeoJSON ``FeatureCollection`` (RFC 7946) of launch and landing points and, unless
    ``sample_dt`` is ``None``, trajectories sampled every ``sample_dt`` [s]."""
    feats: list[dict[str, Any]] = []
    by_key = {(ev.key, la.seq): (ev, la) for ev in events for la in ev.launches}
    for ev in events:
        for la in ev.launches:
            if la.site.known:
                p = _props(ev, la, "launch")
                p["uncertainty_km"] = _km(la.site.uncertainty)
                feats.append({"type": "Feature", "id": f"{ev.key}/{la.seq}/launch",
                              "geometry": {"type": "Point",
                                           "coordinates": [_lon(la.site.lon), _deg(la.site.lat)]},
                              "properties": p})
            lp = landing_point(la)
            if lp is not None:
                p = _props(ev, la, "landing")
                p["how"] = lp[2]
                feats.append({"type": "Feature", "id": f"{ev.key}/{la.seq}/landing",
                              "geometry": {"type": "Point", "coordinates": [_lon(lp[1]), _deg(lp[0])]},
                              "properties": p})
    for tr in _trajectories(events, sample_dt):
        ev, la = by_key[(tr.event, tr.seq)]
        p = _props(ev, la, "trajectory")
        rc = la.reconstruction
        p.update({"ballistic": rc.ballistic, "fit_regime": rc.regime, "findings": rc.messages,
                  "t_s": [round(float(t), 3) for t in tr.t]})
        coords = [[_lon(lo), _deg(la_), round(float(h), 1)]
                  for la_, lo, h in zip(tr.lat, tr.lon, tr.alt, strict=True)]
        feats.append({"type": "Feature", "id": f"{tr.event}/{tr.seq}/trajectory",
                      "geometry": {"type": "LineString", "coordinates": coords}, "properties": p})
    return {"type": "FeatureCollection", "features": feats}


#: Colours of the classes (colour-blind-safe Okabe-Ito order), ``#rrggbb``.
CLASS_COLOURS = {
    "CRBM": "#56B4E9", "SRBM": "#0072B2", "MRBM": "#009E73", "IRBM": "#E69F00", "ICBM": "#D55E00",
    "SLBM": "#CC79A7", "SLV": "#F0E442", "HGV": "#000000", "CRUISE": "#999999", "unknown": "#BBBBBB",
}
_KML = "http://www.opengis.net/kml/2.2"


def _kml_colour(rgb: str, alpha: str = "ff") -> str:
    """KML's ``aabbggrr`` from ``#rrggbb``."""
    r, g, b = rgb[1:3], rgb[3:5], rgb[5:7]
    return f"{alpha}{b}{g}{r}".lower()


def _kml_id(*parts: object) -> str:
    """An ``xsd:ID`` (a letter first; letters, digits, '.', '-', '_')."""
    import re

    text = ".".join(str(p) for p in parts)
    text = re.sub(r"[^A-Za-z0-9._-]", "_", text)
    return text if text[:1].isalpha() or text[:1] == "_" else "_" + text


def _kml_time(la: Launch) -> str:
    if la.date_precision == "year":
        return la.utc.strftime("%Y")
    if la.date_precision == "month":
        return la.utc.strftime("%Y-%m")
    if not la.time_known:
        return la.utc.strftime("%Y-%m-%d")
    return la.utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def _flight_end(la: Launch, tr: Trajectory | None):
    if not la.time_known:
        return None
    if tr is not None:
        return la.utc + timedelta(seconds=float(tr.t[-1]))
    if la.flight_time is not None:
        return la.utc + timedelta(seconds=la.flight_time)
    if la.reconstruction is not None and math.isfinite(la.reconstruction.flight_time):
        return la.utc + timedelta(seconds=la.reconstruction.flight_time)
    return None


def _description(ev: Event, la: Launch) -> str:
    from .claims import format_value

    bits = [f"{ev.key} #{la.seq}", _kml_time(la).replace("T", " ").replace("Z", " UTC"),
            la.missile_name or "", f"class {la.missile_class or 'unknown'}"]
    for f in ("distance", "apogee", "flight_time"):
        v = getattr(la, f)
        if v is not None:
            bits.append(f"{f.replace('_', ' ')} {format_value(f, v)}")
    bits.append(f"outcome {la.outcome}")
    if ev.simulated:
        bits.append("simulated")
    return "; ".join(b for b in bits if b)


def _extended(E, ev: Event, la: Launch):
    from .claims import best_claims, conflicts, format_claim, implicit_claims, short_source

    data = E.ExtendedData()
    claims = la.claims or implicit_claims(la)

    def add(name: str, value: object, display: str | None = None) -> None:
        d = E.Data(name=name)
        if display:
            d.append(E.displayName(display))
        d.append(E.value("" if value is None else str(value)))
        data.append(d)

    add("round", ev.key)
    add("seq", la.seq)
    add("state", ev.state or "")
    add("simulated", "true" if ev.simulated else "false")
    add("time_utc", _kml_time(la))
    add("class", la.missile_class or "unknown")
    add("missile", la.missile_name or "")
    add("count", la.count)
    add("distance_km", _km(la.distance))
    add("apogee_km", _km(la.apogee))
    add("flight_time_s", la.flight_time)
    add("bearing_deg", None if la.bearing is None else round(math.degrees(la.bearing), 1))
    add("outcome", la.outcome)
    add("confirmation", la.confirmation)
    add("regime", la.regime or "")
    for field, c in best_claims(claims).items():
        add(f"claim.{field}", f"{format_claim(c)} ({short_source(c.source)}"
            f"{', ' + c.publication if c.publication else ''})", f"{field} (source)")
    for field, text in conflicts(la).items():
        add(f"conflict.{field}", text, f"{field}: sources disagree")
    add("sources", "; ".join(s.name + (f" <{s.url}>" if s.url else "") for s in la.sources))
    return data


def to_kml(events: list[Event], *, sample_dt: float | None = 10.0) -> str:
    """OGC KML 2.2 for Google Earth and GIS: a style per class, a folder per round with
    launch and landing placemarks and the reconstructed trajectories (absolute altitude),
    times as ``TimeStamp`` (launches) and ``TimeSpan`` (landings, trajectories), the
    figures, their sources and conflicts in ``ExtendedData``."""
    from lxml import etree
    from lxml.builder import ElementMaker

    E = ElementMaker(namespace=_KML, nsmap={None: _KML})
    trs: dict[tuple[str, int], Trajectory] = {
        (t.event, t.seq): t for t in _trajectories(events, sample_dt)}
    doc = E.Document(E.name("launchwatch register"), E.open("1"))
    for cls, rgb in CLASS_COLOURS.items():
        doc.append(E.Style(
            E.IconStyle(E.color(_kml_colour(rgb)), E.scale("1.1")),
            E.LabelStyle(E.scale("0.8")),
            E.LineStyle(E.color(_kml_colour(rgb)), E.width("2.5")),
            id=_kml_id("class", cls)))
    for ev in events:
        folder = E.Folder(E.name(ev.key), id=_kml_id(ev.key))
        if ev.title:
            folder.append(E.description(ev.title))
        for la in ev.launches:
            label = f"{ev.key} #{la.seq} {la.missile_name or la.missile_class or 'unknown'}"
            style = "#" + _kml_id("class", la.missile_class or "unknown")
            desc = _description(ev, la)
            tr = trs.get((ev.key, la.seq))
            end = _flight_end(la, tr)
            if la.site.known:
                folder.append(E.Placemark(
                    E.name(f"launch {label}"), E.description(desc),
                    E.TimeStamp(E.when(_kml_time(la))), E.styleUrl(style), _extended(E, ev, la),
                    E.Point(E.coordinates(f"{_lon(la.site.lon)},{_deg(la.site.lat)},0")),
                    id=_kml_id(ev.key, la.seq, "launch")))
            lp = landing_point(la)
            if lp is not None:
                span = E.TimeSpan(E.begin(_kml_time(la)))
                if end is not None:
                    span.append(E.end(end.strftime("%Y-%m-%dT%H:%M:%SZ")))
                folder.append(E.Placemark(
                    E.name(f"landing {label} ({lp[2]})"), E.description(desc), span,
                    E.styleUrl(style), _extended(E, ev, la),
                    E.Point(E.coordinates(f"{_lon(lp[1])},{_deg(lp[0])},0")),
                    id=_kml_id(ev.key, la.seq, "landing")))
            if tr is not None:
                rc = la.reconstruction
                coords = " ".join(f"{_lon(lo)},{_deg(a)},{round(float(h), 1)}"
                                  for a, lo, h in zip(tr.lat, tr.lon, tr.alt, strict=True))
                span = E.TimeSpan(E.begin(_kml_time(la)))
                if end is not None:
                    span.append(E.end(end.strftime("%Y-%m-%dT%H:%M:%SZ")))
                fit = f"fitted flight: {rc.regime}" + (" (assumed)" if rc.assumed else "")
                folder.append(E.Placemark(
                    E.name(f"trajectory {label}"),
                    E.description(desc + "; " + fit + "".join("; " + m for m in rc.messages)),
                    span, E.styleUrl(style), _extended(E, ev, la),
                    E.LineString(E.tessellate("0"), E.altitudeMode("absolute"), E.coordinates(coords)),
                    id=_kml_id(ev.key, la.seq, "trajectory")))
        doc.append(folder)
    root = E.kml(doc)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()


def to_czml(events: list[Event], *, sample_dt: float = 10.0, sensors: Sequence[Any] = ()) -> str:
    """CZML for Cesium (what the dashboard's globe reads): a document packet with the
    clock over the flights and each launch's interval, launch sites, sensors, and per
    launch its site point, the flight (time-dynamic ECEF samples, ``FIXED`` frame), its
    arc, a reported ground line where no flight is fitted, and the landing point with its
    region; see :func:`launchwatch.register.globe.globe_czml`."""
    from .globe import dumps, globe_czml

    return dumps(globe_czml(events, sample_dt=sample_dt, sensors=sensors))


def _render(events: list[Event], fmt: str, sample_dt: float) -> str:
    if fmt == "csv":
        return to_csv(events)
    if fmt == "geojson":
        return json.dumps(to_geojson(events, sample_dt=sample_dt), indent=1)
    if fmt == "kml":
        return to_kml(events, sample_dt=sample_dt)
    if fmt == "czml":
        return to_czml(events, sample_dt=sample_dt)
    return json.dumps([ev.model_dump(mode="json") for ev in events], indent=1)


def _noted(text: str, fmt: str, failures: list[tuple[str, str]]) -> str:
    """``text`` with the records left out said inside it where the format has room
    (GeoJSON: a ``skipped`` foreign member; KML: the document's description; CZML: the
    document packet's description)."""
    if not failures:
        return text
    note = "; ".join(f"{k}: {why}" for k, why in failures)
    note = f"{len(failures)} record(s) could not be exported and are left out: {note}"
    if fmt == "geojson":
        data = json.loads(text)
        data["skipped"] = [{"event": k, "reason": why} for k, why in failures]
        return json.dumps(data, indent=1)
    if fmt == "kml":
        from lxml import etree

        root = etree.fromstring(text.encode())
        doc = root.find(f"{{{_KML}}}Document")
        desc = etree.Element(f"{{{_KML}}}description")
        desc.text = note
        doc.insert(2, desc)  # after name and open, where the schema wants it
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode()
    if fmt == "czml":
        packets = json.loads(text)
        if packets and packets[0].get("id") == "document":
            packets[0]["description"] = note
        return json.dumps(packets, separators=(",", ":"))
    return text


def records_accepted(build: Any, events: list[Event]) -> tuple[list[Event], list[tuple[str, str]]]:
    """The events ``build([event])`` accepts, one by one, and the others as
    ``(key, reason)`` (the per-record isolation of every export and drawing)."""
    from ..errors import one_line

    good, bad = [], []
    for ev in events:
        try:
            build([ev])
            good.append(ev)
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:
            bad.append((ev.key, one_line(f"{type(exc).__name__}: {exc}", 300)))
    return good, bad


def export(events: list[Event], fmt: str, path: str | Path | None = None, *,
           sample_dt: float = 10.0, failures: list[tuple[str, str]] | None = None) -> str:
    """Write events in ``fmt`` (one of :data:`FORMATS`) to ``path`` and return the text.

    A stored record that cannot be exported (a value no drawing accepts) is left out
    alone, never failing the export of the others: ``(key, reason)`` is appended to
    ``failures`` and said inside the file where the format has room (GeoJSON
    ``skipped``, the KML and CZML documents' description).  Every record failing is an
    :class:`~launchwatch.errors.InputError` naming the first.
    """
    from ..errors import InputError

    if fmt not in FORMATS:
        raise InputError("format", fmt, f"must be one of {', '.join(FORMATS)}")
    try:
        text = _render(events, fmt, sample_dt)
        bad: list[tuple[str, str]] = []
    except (MemoryError, RecursionError):
        raise
    except Exception:  # find the records at fault, one by one, and export the others
        good, bad = records_accepted(lambda evs: _render(evs, fmt, sample_dt), events)
        if bad and not good:
            raise InputError("event", bad[0][0], f"cannot be exported as {fmt}: {bad[0][1]}"
                             + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else "")) from None
        text = _noted(_render(good, fmt, sample_dt), fmt, bad)
    if failures is not None:
        failures.extend(bad)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
