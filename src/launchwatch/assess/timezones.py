"""Local time at a place, offline: the IANA zone from coordinates (timezonefinder's
bundled polygons), with zoneinfo/tzdata history (Pyongyang was UTC+8:30 in 2015-2018)."""

from __future__ import annotations

import functools
import math
from datetime import datetime
from zoneinfo import ZoneInfo

__all__ = ["local_time", "zone_at"]


@functools.cache
def _finder():
    import atexit

    from timezonefinder import TimezoneFinder

    tf = TimezoneFinder()
    # release its memory-mapped polygon files before interpreter shutdown (left to the
    # garbage collector they raise ResourceWarning)
    atexit.register(getattr(tf, "cleanup", lambda: None))
    return tf


@functools.lru_cache(maxsize=4096)
def zone_at(lat: float, lon: float) -> ZoneInfo:
    """IANA time zone at a point (radians); at sea the nautical zone (Etc/GMT-9, ...)."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        from ..errors import InputError

        raise InputError("lat/lon", (lat, lon), "must be finite to find a time zone")
    name = _finder().timezone_at(lng=math.degrees(lon), lat=math.degrees(lat))
    if name is None:
        hours = round(math.degrees(lon) / 15.0)
        name = "Etc/GMT" + (f"{-hours:+d}" if hours else "")
    return ZoneInfo(name)


def local_time(t: datetime, lat: float, lon: float) -> datetime:
    """The aware datetime ``t`` in the local zone of a point (radians)."""
    return t.astimezone(zone_at(round(lat, 6), round(lon, 6)))
