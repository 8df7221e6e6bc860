"""Per-launch facts, missile classes by range, and grouping launches into events.

Classes follow the conventional range bands (US NASIC, *Ballistic and Cruise Missile
Threat*): close-range (CRBM) < 300 km, short-range (SRBM) 300-1000 km, medium-range
(MRBM) 1000-3000 km, intermediate-range (IRBM) 3000-5500 km, intercontinental (ICBM)
> 5500 km.  An event ("round") is a run of launches close in place and time:
single-linkage in time order, a launch joins the current event when it comes within
``max_gap`` of the previous launch and within ``max_distance`` of the event's first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from ..earth.geodesic import geodesic_inverse
from ..errors import InputError

__all__ = ["CLASSES", "Event", "LaunchFacts", "classify_range", "group_launches"]

#: (code, adjective, upper bound of the band [m])
CLASSES = (
    ("CRBM", "close-range", 300e3),
    ("SRBM", "short-range", 1000e3),
    ("MRBM", "medium-range", 3000e3),
    ("IRBM", "intermediate-range", 5500e3),
    ("ICBM", "intercontinental", math.inf),
)


def classify_range(range_m: np.ndarray | float) -> np.ndarray:
    """Class codes (``"SRBM"``, ...) for ground ranges [m]; ``""`` for NaN.  Any shape."""
    r = np.asarray(range_m, float)
    if np.any(r[np.isfinite(r)] < 0):
        raise InputError("range_m", float(r[np.isfinite(r) & (r < 0)][0]), "must be >= 0")
    bounds = np.array([c[2] for c in CLASSES])
    idx = np.searchsorted(bounds, np.nan_to_num(r, nan=0.0), side="right")
    codes = np.array([c[0] for c in CLASSES] + ["ICBM"])[np.minimum(idx, len(CLASSES) - 1)]
    return np.where(np.isfinite(r), codes, "")


@dataclass
class LaunchFacts:
    """What is known of one launch (SI units, radians, aware UTC datetimes).

    ``launch_area``/``landing_area`` are names (or coordinates in words) chosen by the
    caller's gazetteer; uncertainties are 95 % semi-major axes [m] and 1-sigma times [s].
    """

    time: datetime
    lat: float
    lon: float
    range_m: float = math.nan
    apogee_m: float = math.nan
    impact_lat: float = math.nan
    impact_lon: float = math.nan
    launch_area: str = ""
    landing_area: str = ""
    regime: str = ""
    missile_class: str = ""
    launch_error_m: float = math.nan
    time_error_s: float = math.nan
    impact_error_m: float = math.nan
    flags: list[str] = field(default_factory=list)
    track_id: str = ""

    def __post_init__(self) -> None:
        if self.time.tzinfo is None:
            raise InputError("time", self.time.isoformat(), "must be timezone-aware (UTC)")
        if not (-math.pi / 2 <= self.lat <= math.pi / 2):
            raise InputError("lat", self.lat, "must be within [-pi/2, pi/2] rad")
        if not self.missile_class and math.isfinite(self.range_m):
            self.missile_class = str(classify_range(self.range_m))


@dataclass
class Event:
    """A round of launches; ``launches`` are in time order."""

    launches: list[LaunchFacts]

    @property
    def count(self) -> int:
        return len(self.launches)

    @property
    def first(self) -> datetime:
        return self.launches[0].time

    @property
    def last(self) -> datetime:
        return self.launches[-1].time

    @property
    def max_range_m(self) -> float:
        r = [x.range_m for x in self.launches if math.isfinite(x.range_m)]
        return max(r) if r else math.nan

    @property
    def max_apogee_m(self) -> float:
        r = [x.apogee_m for x in self.launches if math.isfinite(x.apogee_m)]
        return max(r) if r else math.nan

    @property
    def launch_areas(self) -> list[str]:
        return _unique(x.launch_area for x in self.launches)

    @property
    def landing_areas(self) -> list[str]:
        return _unique(x.landing_area for x in self.launches)

    @property
    def classes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for x in self.launches:
            if x.missile_class:
                out[x.missile_class] = out.get(x.missile_class, 0) + 1
        return out


def _unique(items) -> list[str]:
    seen: list[str] = []
    for it in items:
        if it and it not in seen:
            seen.append(it)
    return seen


def group_launches(launches: Sequence[LaunchFacts], *, max_gap: timedelta = timedelta(hours=3),
                   max_distance_m: float = 150e3) -> list[Event]:
    """Group launches into events (rounds), in time order.

    ``max_gap``: largest time between consecutive launches of one event;
    ``max_distance_m``: largest distance of a launch from the event's first launch point.
    """
    if max_gap.total_seconds() < 0 or not (max_distance_m >= 0):
        raise InputError("max_gap/max_distance_m", (max_gap, max_distance_m), "must be >= 0")
    order = sorted(launches, key=lambda x: x.time)
    events: list[Event] = []
    for x in order:
        if events:
            ev = events[-1]
            d, _, _ = geodesic_inverse(ev.launches[0].lat, ev.launches[0].lon, x.lat, x.lon)
            if x.time - ev.last <= max_gap and float(d) <= max_distance_m:
                ev.launches.append(x)
                continue
        events.append(Event([x]))
    return events
