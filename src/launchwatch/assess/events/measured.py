"""The assessment's measured launches as rounds of the register (SI units, radians,
aware UTC)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ...errors import InputError
from .records import Claim, Place, Provenance, Source
from .rounds import Event, Launch, local_day, round_key
from .vocabulary import classify_range

#: how an assessment's flag of a launch its observations do not pin begins (the launch
#: estimator's reason follows it): such a launch names no launch area
LAUNCH_NOT_DETERMINED = "launch point not determined"


@dataclass
class LaunchFacts:
    """What the assessment measured of one launch (SI units, radians, aware UTC).

    ``launch_area``/``landing_area`` are names (or coordinates in words) chosen by the
    caller's gazetteer; uncertainties are 95 % semi-major axes [m] and 1-sigma times [s].
    ``missile_class`` is the class by flown range unless given.  ``launch_determined``
    False: the observations did not pin the launch (the flags say why); its point is kept
    with its uncertainty but names no launch area and is resolved to no gazetteer entry.
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
    launch_determined: bool = True

    def __post_init__(self) -> None:
        if self.time.tzinfo is None:
            raise InputError("time", self.time.isoformat(), "must be timezone-aware (UTC)")
        if not (-math.pi / 2 <= self.lat <= math.pi / 2):
            raise InputError("lat", self.lat, "must be within [-pi/2, pi/2] rad")
        if not self.missile_class and math.isfinite(self.range_m):
            self.missile_class = str(classify_range(self.range_m))

    def to_launch(self, *, source: str = "launchwatch measurement", software: str | None = None,
                  input_name: str | None = None) -> Launch:
        """The launch record of these facts, every figure a ``measured`` claim."""
        def fin(v: float) -> float | None:
            return v if math.isfinite(v) else None

        from ...earth.gazetteer import default_gazetteer

        g = default_gazetteer()
        near, d = g.nearest(self.lat, self.lon, kinds=("launch-area", "city", "point", "island"))
        site = Place(name=self.launch_area if self.launch_determined else "", lat=self.lat,
                     lon=self.lon, uncertainty=fin(self.launch_error_m),
                     key=near.key if self.launch_determined and d <= max(60e3, near.uncertainty)
                     else None)
        if math.isfinite(self.impact_lat) and math.isfinite(self.impact_lon):
            sea = str(g.sea_at(self.impact_lat, self.impact_lon))
            landing = Place(name=g[sea].name if sea else self.landing_area, lat=self.impact_lat,
                            lon=self.impact_lon, uncertainty=fin(self.impact_error_m),
                            key=sea or None)
        else:
            landing = Place(name=self.landing_area)
        ref = f"track {self.track_id}" if self.track_id else None
        common = {"source": source, "kind": "measured", "ref": ref}
        t_sig = fin(self.time_error_s)
        claims = [Claim(field="time", value=self.time, time_precision="second",
                        uncertainty=None if t_sig is None else 1.96 * t_sig, **common),
                  Claim(field="site", value=site, place_precision="point",
                        uncertainty=site.uncertainty, **common)]
        if landing.known:
            claims.append(Claim(field="landing", value=landing, place_precision="point",
                                uncertainty=landing.uncertainty, **common))
        for name, v in (("distance", self.range_m), ("apogee", self.apogee_m)):
            if math.isfinite(v) and v > 0:
                claims.append(Claim(field=name, value=v, **common))
        if self.regime:
            claims.append(Claim(field="regime", value=self.regime, **common))
        return Launch(
            utc=self.time, time_known=True, site=site,
            missile_class=self.missile_class or None, apogee=fin(self.apogee_m) if (
                math.isfinite(self.apogee_m) and self.apogee_m > 0) else None,
            distance=fin(self.range_m), landing=landing, regime=self.regime or None,
            confirmation="confirmed", claims=claims, flags=list(self.flags),
            sources=[Source(name=source, citation=ref)],
            provenance=Provenance(kind="measured", software=software, importer="assess",
                                  input=input_name))


def _state_at(lat: float, lon: float) -> str | None:
    """The state whose launch area or town is nearest a launch point (within 60 km or
    the entry's own uncertainty), from the gazetteer."""
    from ...earth.gazetteer import default_gazetteer

    g = default_gazetteer()
    entry, d = g.nearest(lat, lon, kinds=("launch-area", "city", "point", "island", "province"))
    return entry.country if d <= max(60e3, entry.uncertainty) else None


def group_launches(launches: Sequence[LaunchFacts], *, simulated: bool = False,
                   key_suffix: str = "", software: str | None = None,
                   input_name: str | None = None, title: str | None = None) -> list[Event]:
    """Measured launches as rounds: the events of the register, in time order.

    Each launch's state is that of the nearest launch area or town of the gazetteer; the
    launches of one state on one local day at the site are one round (as for reported
    events).  ``simulated`` marks the rounds of a simulation (keys ``SIM-...`` plus
    ``key_suffix``).
    """
    groups: dict[tuple[str | None, str], list[Launch]] = {}
    for x in sorted(launches, key=lambda f: f.time):
        la = x.to_launch(software=software, input_name=input_name)
        state = _state_at(x.lat, x.lon)
        groups.setdefault((state, local_day(la, state)), []).append(la)
    out = []
    for (state, day), las in groups.items():
        for i, la in enumerate(las):
            la.seq = i + 1
        out.append(Event(key=round_key(state, day, simulated=simulated, suffix=key_suffix),
                         state=state, launches=las, simulated=simulated, title=title,
                         notes="simulated by launchwatch; not a real event" if simulated else ""))
    out.sort(key=lambda e: e.start)
    return out
