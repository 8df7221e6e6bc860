"""Names for launch and landing points, from the offline gazetteer; coordinates in words
where no entry is near."""

from __future__ import annotations

import math

from ..earth.gazetteer import Gazetteer, default_gazetteer

__all__ = ["coordinates_text", "describe_landing", "describe_launch_area"]

#: how far a launch point may be from a gazetteer entry to be "near" it [m]
NEAR_M = 60e3


def coordinates_text(lat: float, lon: float) -> str:
    """``39.17N 127.48E`` style text of a point [rad]."""
    la, lo = math.degrees(lat), (math.degrees(lon) + 180.0) % 360.0 - 180.0
    return f"{abs(la):.2f}{'N' if la >= 0 else 'S'} {abs(lo):.2f}{'E' if lo >= 0 else 'W'}"


def describe_launch_area(lat: float, lon: float, gazetteer: Gazetteer | None = None) -> str:
    """``near Wonsan`` when a launch area or town is within ``NEAR_M`` (or its own
    uncertainty), else the coordinates."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return ""
    g = gazetteer or default_gazetteer()
    entry, d = g.nearest(lat, lon, kinds=("launch-area", "city", "point", "island"))
    if d <= max(NEAR_M, entry.uncertainty):
        return f"near {entry.name}"
    return coordinates_text(lat, lon)


def describe_landing(lat: float, lon: float, gazetteer: Gazetteer | None = None) -> str:
    """``the Sea of Japan (East Sea)`` for a point inside a named sea, else ``land near X``
    or the coordinates."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return ""
    g = gazetteer or default_gazetteer()
    key = str(g.sea_at(lat, lon))
    if key:
        e = g[key]
        alias = next((a for a in e.aliases if a.lower() not in e.name.lower()
                      and a[0].isupper() and "(" not in a), None)
        return f"the {e.name}" + (f" ({alias})" if alias else "")
    entry, d = g.nearest(lat, lon, kinds=("city", "launch-area", "island", "province"))
    if d <= max(NEAR_M, entry.uncertainty):
        return f"near {entry.name}"
    return coordinates_text(lat, lon)
