"""A launch's parts: places, sources, claims by a source, changes, provenance and
reconstruction (SI units, radians, aware UTC)."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .vocabulary import (
    MAX_APOGEE,
    MAX_DISTANCE,
    OUTCOMES,
    UNKNOWN,
    _as_utc,
    _finite,
    _Model,
    normalise_class,
    normalise_regime,
)


class Place(_Model):
    """A named place, with coordinates when they are known.

    ``lat``/``lon`` [rad, geodetic WGS-84]; ``uncertainty`` [m], the radius within which
    the place lies (a city name ~10 km, a province ~100 km); ``key`` the gazetteer entry
    it was resolved to, if any.  A name the gazetteer does not know is kept as text with
    no coordinates.
    """

    name: str = ""
    lat: float | None = Field(default=None, ge=-math.pi / 2, le=math.pi / 2)
    lon: float | None = Field(default=None, ge=-2 * math.pi, le=2 * math.pi)
    uncertainty: float | None = Field(default=None, ge=0.0)
    key: str | None = None

    @field_validator("lat", "lon", "uncertainty")
    @classmethod
    def _fin(cls, v: float | None) -> float | None:
        return _finite(v)

    @field_validator("lon")
    @classmethod
    def _wrap(cls, v: float | None) -> float | None:
        # stored in [-pi, pi): a longitude given as 0-360 deg east is the same place
        if v is None or -math.pi <= v < math.pi:
            return v
        return (v + math.pi) % (2 * math.pi) - math.pi

    @model_validator(mode="after")
    def _both_or_neither(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            raise ValueError("lat and lon must be given together")
        return self

    @property
    def known(self) -> bool:
        """Whether the place has coordinates."""
        return self.lat is not None

    @property
    def lat_deg(self) -> float | None:
        return None if self.lat is None else math.degrees(self.lat)

    @property
    def lon_deg(self) -> float | None:
        return None if self.lon is None else (math.degrees(self.lon) + 180.0) % 360.0 - 180.0


class Source(_Model):
    """A report or record a launch was read from: the agency or outlet, with a link.

    ``fields`` lists the launch fields it gave (``["time", "apogee"]``); ``published``
    the UTC time of the report if known; ``quote`` the sentence relied on.
    """

    name: str = Field(min_length=1)
    url: str | None = None
    citation: str | None = None
    published: datetime | None = None
    fields: list[str] = Field(default_factory=list)
    quote: str | None = None

    @field_validator("published")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        return None if v is None else _as_utc(v)

    def identity(self) -> tuple[str, str]:
        """Two source records with the same identity are the same report."""
        return (self.name.strip().lower(), (self.url or self.citation or "").strip().lower())


#: Fields a claim can be about (the launch fields of the same names; ``time`` is ``utc``).
CLAIM_FIELDS = ("time", "site", "landing", "distance", "apogee", "flight_time", "bearing",
                "missile_name", "missile_class", "outcome", "count", "regime")
#: How a value was stated: ``exact`` (as a plain figure), ``about``, a bound
#: (``at_least``, ``more_than``, ``at_most``, ``less_than``) or an ``interval`` (low-high).
QUALIFIERS = ("exact", "about", "at_least", "more_than", "at_most", "less_than", "interval")
#: Time precision of a claim, finest first.  ACLED's ``time_precision`` codes: 1 for a
#: known day (``second`` .. ``day``), 2 for a week, 3 for a month; ``year`` is coarser.
TIME_PRECISIONS = ("second", "minute", "hour", "day", "week", "month", "year")
#: Place precision of a site or landing claim.  ACLED's ``geo_precision`` codes: 1 a
#: point or facility, 2 near a named town or part of a region, 3 a province, region or
#: sea area; ``country`` only the state.
PLACE_PRECISIONS = ("point", "near", "region", "country")
#: ``reported`` by a source, ``measured`` by launchwatch's own sensors and tracker.
CLAIM_KINDS = ("reported", "measured")
_NUMERIC = ("distance", "apogee", "flight_time", "bearing")
_ACLED_TIME = {"second": 1, "minute": 1, "hour": 1, "day": 1, "week": 2, "month": 3, "year": 3}
_ACLED_PLACE = {"point": 1, "near": 2, "region": 3, "country": 3}


class Claim(_Model):
    """One figure of a launch as one source gave it.

    ``field`` (one of :data:`CLAIM_FIELDS`) and ``value`` in canonical form: ``time`` an
    aware UTC datetime, ``site``/``landing`` a :class:`Place`, ``distance``/``apogee`` [m],
    ``flight_time`` [s], ``bearing`` [rad from north], ``count`` an int, the others text
    (``missile_class`` a code of :data:`MISSILE_CLASSES`, ``outcome`` one of
    :data:`OUTCOMES`).  ``qualifier`` says how it was stated (:data:`QUALIFIERS`);
    ``low``/``high`` bound it (SI; ``more than 600 km``: ``low=600e3``; an interval both;
    ``value`` is then the bound or the midpoint).  ``reported`` is the value as given
    (``"about 750 km"``, ``"466 miles"``), ``unit`` its unit; ``uncertainty`` a 95 %
    half-width (SI) of a measurement.  ``time_precision``/``place_precision`` are
    ACLED-style (:data:`TIME_PRECISIONS`, :data:`PLACE_PRECISIONS`).

    ``source`` is who makes the claim (the agency: ``"South Korea Joint Chiefs of
    Staff"``), ``publication`` who carried it (``"Yonhap"``), ``url``, ``published`` [UTC],
    ``quote`` (the sentence) and ``span`` (start, end offsets of the value in the report's
    text); ``kind`` reported or measured; ``ref`` the source's own identifier of the record
    (``"cns:2025-05-07/1"``, ``"track 3"``); ``confidence`` of an extraction in [0, 1];
    ``recorded`` when the register stored it [UTC].
    """

    field: Literal["time", "site", "landing", "distance", "apogee", "flight_time", "bearing",
                   "missile_name", "missile_class", "outcome", "count", "regime"]
    value: Any
    qualifier: Literal["exact", "about", "at_least", "more_than", "at_most", "less_than",
                       "interval"] = "exact"
    low: float | None = None
    high: float | None = None
    reported: str | None = None
    unit: str | None = None
    uncertainty: float | None = Field(default=None, ge=0.0)
    time_precision: Literal["second", "minute", "hour", "day", "week", "month", "year"] | None = None
    place_precision: Literal["point", "near", "region", "country"] | None = None
    source: str = Field(min_length=1)
    publication: str | None = None
    url: str | None = None
    published: datetime | None = None
    quote: str | None = None
    span: tuple[int, int] | None = None
    kind: Literal["reported", "measured"] = "reported"
    ref: str | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    recorded: datetime | None = None

    @model_validator(mode="before")
    @classmethod
    def _canonical(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "field" not in data or "value" not in data:
            return data
        data = dict(data)
        f, v = data["field"], data["value"]
        if v is None:
            raise ValueError(f"{f}: a claim needs a value")
        if f == "time":
            if isinstance(v, str):
                v = datetime.fromisoformat(v.replace("Z", "+00:00"))
            if not isinstance(v, datetime):
                raise ValueError("time: must be a datetime")
            v = _as_utc(v)
        elif f in ("site", "landing"):
            v = v if isinstance(v, Place) else Place.model_validate(v)
        elif f in _NUMERIC:
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise ValueError(f"{f}: must be a number (SI units)")
            v = float(v)
            if not math.isfinite(v):
                raise ValueError(f"{f}: must be a finite number")
            lim = {"distance": (0.0, MAX_DISTANCE), "apogee": (0.0, MAX_APOGEE),
                   "flight_time": (0.0, 86400.0), "bearing": (-2 * math.pi, 2 * math.pi)}[f]
            if not lim[0] <= v <= lim[1]:
                raise ValueError(f"{f}: {v!r} outside [{lim[0]:g}, {lim[1]:g}]")
            if f == "bearing":
                v %= 2 * math.pi
        elif f == "count":
            if isinstance(v, bool) or not isinstance(v, int | float) or v != int(v) or not 1 <= v <= 1000:
                raise ValueError("count: must be a whole number from 1 to 1000")
            v = int(v)
        elif f == "missile_class":
            v = normalise_class(str(v))
            if v is None:
                raise ValueError("missile_class: an unknown class is no claim")
        elif f == "outcome":
            v = str(v).strip().lower()
            if v not in OUTCOMES:
                raise ValueError(f"outcome: {v!r} is not one of {', '.join(OUTCOMES)}")
        elif f == "regime":
            v = normalise_regime(str(v))
            if v is None:
                raise ValueError("regime: an unknown regime is no claim")
        else:
            v = " ".join(str(v).split())
            if not v:
                raise ValueError(f"{f}: empty text is no claim")
        data["value"] = v
        return data

    @field_validator("low", "high")
    @classmethod
    def _fin(cls, v: float | None) -> float | None:
        return _finite(v)

    @field_validator("published", "recorded")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        return None if v is None else _as_utc(v)

    @property
    def acled_time_precision(self) -> int | None:
        """ACLED's ``time_precision`` code (1 day, 2 week, 3 month or coarser)."""
        return None if self.time_precision is None else _ACLED_TIME[self.time_precision]

    @property
    def acled_place_precision(self) -> int | None:
        """ACLED's ``geo_precision`` code (1 point, 2 near a town, 3 region or coarser)."""
        return None if self.place_precision is None else _ACLED_PLACE[self.place_precision]

    def same_as(self, other: Claim) -> bool:
        """Whether ``other`` states the same thing from the same source (a repeat)."""
        if (self.field, self.source.lower(), self.qualifier, self.kind, self.ref) != (
                other.field, other.source.lower(), other.qualifier, other.kind, other.ref):
            return False
        a, b = self.value, other.value
        if isinstance(a, float) and isinstance(b, float):
            same = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
        elif isinstance(a, Place) and isinstance(b, Place):
            same = (a.name, a.key) == (b.name, b.key) and _close(a.lat, b.lat) and _close(a.lon, b.lon)
        else:
            same = a == b
        return (same and _close(self.low, other.low) and _close(self.high, other.high)
                and self.time_precision == other.time_precision)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


class Change(_Model):
    """One line of an event's change log: when, from which source, which launch and
    field, the old and the new value (canonical) and both in the analyst's units."""

    when: datetime
    source: str
    launch: int | None = None
    field: str
    old: Any = None
    new: Any = None
    old_text: str = ""
    new_text: str = ""
    note: str = ""

    @field_validator("when")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        return _as_utc(v)

    def text(self) -> str:
        """``2025-05-08 01:00Z JCS #3 distance: 600 km -> 800 km``."""
        who = f"#{self.launch} " if self.launch is not None else ""
        what = f"{self.old_text or UNKNOWN} -> {self.new_text or UNKNOWN}"
        return (f"{self.when:%Y-%m-%d %H:%MZ} {self.source}: {who}{self.field}: {what}"
                + (f" ({self.note})" if self.note else ""))


class Provenance(_Model):
    """Where a launch record came from.

    ``kind``: ``reported`` (from a source), ``measured`` (by launchwatch's sensors and
    tracker) or ``reconstructed`` (a report completed by the flight engine);
    ``software`` the launchwatch version; ``models`` the models used and their versions
    (``{"flight.invert": "burnout drag-free wgs84-j2"}``); ``importer`` the reader that
    made it (``"cns-json"``, ``"csv"``, ``"ingest"``); ``recorded`` when it was stored [UTC].
    """

    kind: Literal["reported", "measured", "reconstructed"] = "reported"
    software: str | None = None
    models: dict[str, str] = Field(default_factory=dict)
    importer: str | None = None
    input: str | None = None
    recorded: datetime | None = None

    @field_validator("recorded")
    @classmethod
    def _utc(cls, v: datetime | None) -> datetime | None:
        return None if v is None else _as_utc(v)


class Reconstruction(_Model):
    """A flight fitted to the launch's claims by :func:`launchwatch.flight.invert`.

    ``speed`` [m/s], ``fpa`` [rad] and ``azimuth`` [rad from north] of the impulsive
    ballistic arc from the launch point; ``range``/``apogee`` [m] and ``flight_time`` [s]
    it flies; ``ballistic`` whether a ballistic flight reproduces the facts; ``regime``
    its word; ``lift_to_drag`` the lift implied for quasi-ballistic reports; ``messages``
    the findings in words; ``bearing`` [rad] the geodesic direction from the site to
    where the fitted flight lands.  ``assumed`` marks a fit to fewer facts than a flight
    needs (one shape fact: the minimum-energy flight is assumed; made only on request,
    its regime never becomes the launch's).  ``inputs`` the facts it was fitted to (SI),
    ``model`` the fitting model; ``full_range`` [m] the range the same burnout speed
    reaches on a minimum-energy path over the rotating Earth (lofted flights), with
    ``full_range_method``.
    """

    speed: float
    fpa: float
    azimuth: float
    range: float
    bearing: float | None = None
    apogee: float
    flight_time: float
    ballistic: bool
    regime: str
    lift_to_drag: float | None = None
    messages: list[str] = Field(default_factory=list)
    model: str = "burnout"
    assumed: bool = False
    inputs: dict[str, float] = Field(default_factory=dict)
    full_range: float | None = None
    full_range_method: str | None = None

    @field_validator("regime")
    @classmethod
    def _regime(cls, v: str) -> str:
        return normalise_regime(v) or "unknown"
