"""The event model, from assessment to register: launches, rounds, claims.

One set of records is shared by the assessment (what the sensors and tracker measured),
the report readers (what a source said) and the register (what is stored): an
:class:`Event` (a *round*) holds :class:`Launch` records, and every figure of a launch is
a :class:`Claim` by a source.  :mod:`launchwatch.register.models` re-exports these; the
register reconciles claims (:mod:`launchwatch.register.claims`) and stores events.

Vocabulary (``../shared/DESIGN.md``, "The register's vocabulary"):

* a **launch** is one missile (or space launch) leaving one site at one instant;
* a **round** is the launches of one state on one local calendar day at the launch site
  (the convention of the South Korean JCS and of Japan's Ministry of Defense): the zone
  is the site's (timezonefinder's polygons, zoneinfo history, so Pyongyang's UTC+8:30 of
  15 Aug 2015 - 4 May 2018 is honoured); at sea or with no located site, the launching
  state's zone; UTC inside everywhere else.  Round keys are ``<state code>-<local day>``
  (``KP-2025-05-08``); see :func:`round_key`.

Classes by flown range (used only when the type is not named) follow the usage of the
agencies that count rounds (JCS, Japan's MoD, the CNS database): short-range (SRBM)
< 1000 km, medium-range (MRBM) 1000-3000 km, intermediate-range (IRBM) 3000-5500 km,
intercontinental (ICBM) > 5500 km.  (US NASIC's close-range band below 300 km is not
used by them; a named close-range type keeps its class ``CRBM``.)

Units: SI inside (metres, seconds, radians; aware UTC datetimes).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..errors import InputError

__all__ = [
    "CLAIM_FIELDS",
    "CLAIM_KINDS",
    "CLASSES",
    "CLASS_WORDS",
    "CONFIRMATIONS",
    "MAX_APOGEE",
    "MAX_DISTANCE",
    "MISSILE_CLASSES",
    "OUTCOMES",
    "PLACE_PRECISIONS",
    "PROVENANCE_KINDS",
    "QUALIFIERS",
    "TIME_PRECISIONS",
    "UNKNOWN",
    "Change",
    "Claim",
    "Event",
    "Launch",
    "LaunchFacts",
    "Place",
    "Provenance",
    "Reconstruction",
    "Source",
    "class_label",
    "classify_range",
    "group_launches",
    "launch_zone",
    "local_day",
    "normalise_class",
    "round_key",
    "split_rounds",
    "state_code",
]

#: Highest apogee a record accepts [m] (100,000 km: beyond any ballistic flight).
MAX_APOGEE = 1.0e8
#: Longest ground distance a record accepts [m] (once around the Earth).
MAX_DISTANCE = 40_075e3

#: The one word shown for an unknown value (class, outcome, site, ...) everywhere.
UNKNOWN = "unknown"

#: Missile classes the register knows (codes).  An unknown class is ``None`` inside and
#: shown as :data:`UNKNOWN`.
MISSILE_CLASSES = ("CRBM", "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "CRUISE")
OUTCOMES = ("success", "failure", "unknown")
CONFIRMATIONS = ("confirmed", "reported", "unconfirmed", "disputed")
PROVENANCE_KINDS = ("reported", "measured", "reconstructed")

#: Plain words for the classes (singular).
CLASS_WORDS = {
    "CRBM": "close-range ballistic missile", "SRBM": "short-range ballistic missile",
    "MRBM": "medium-range ballistic missile", "IRBM": "intermediate-range ballistic missile",
    "ICBM": "intercontinental ballistic missile", "SLBM": "submarine-launched ballistic missile",
    "SLV": "space launch vehicle", "HGV": "hypersonic glide vehicle", "CRUISE": "cruise missile",
}

#: (code, adjective, upper bound of the band [m]) of classes by flown range.
CLASSES = (
    ("SRBM", "short-range", 1000e3),
    ("MRBM", "medium-range", 3000e3),
    ("IRBM", "intermediate-range", 5500e3),
    ("ICBM", "intercontinental", math.inf),
)

_CLASS_WORDS_IN = {
    "SHORT-RANGE BALLISTIC MISSILE": "SRBM", "CLOSE-RANGE BALLISTIC MISSILE": "CRBM",
    "MEDIUM-RANGE BALLISTIC MISSILE": "MRBM", "INTERMEDIATE-RANGE BALLISTIC MISSILE": "IRBM",
    "INTERCONTINENTAL BALLISTIC MISSILE": "ICBM", "SUBMARINE-LAUNCHED BALLISTIC MISSILE": "SLBM",
    "SPACE LAUNCH VEHICLE": "SLV", "SATELLITE LAUNCH VEHICLE": "SLV", "SATELLITE LAUNCH": "SLV",
    "HYPERSONIC GLIDE VEHICLE": "HGV", "HYPERSONIC MISSILE": "HGV", "CRUISE MISSILE": "CRUISE",
}
_UNKNOWN_WORDS = {"", "UNKNOWN", "NONE", "N/A", "NA", "?", "BALLISTIC MISSILE", "MISSILE",
                  "UNIDENTIFIED"}


def normalise_class(text: str | None) -> str | None:
    """Canonical class code (``"short-range ballistic missile"`` -> ``"SRBM"``).

    Words that say nothing of the class (``"unknown"``, ``"ballistic missile"``) give
    ``None``; words of no class raise ``ValueError`` naming the allowed ones (an
    enumerated field: markup or a typo never becomes a class).
    """
    if text is None:
        return None
    key = " ".join(str(text).replace("_", " ").split()).upper()
    if key.endswith(("MISSILES", "VEHICLES")) or (key.endswith("S") and key[:-1] in MISSILE_CLASSES):
        key = key[:-1]
    if key in _UNKNOWN_WORDS:
        return None
    if key in MISSILE_CLASSES:
        return key
    if key in _CLASS_WORDS_IN:
        return _CLASS_WORDS_IN[key]
    raise ValueError(f"class {str(text)[:40]!r} is not one of {', '.join(MISSILE_CLASSES)}, "
                     "their words (short-range ballistic missile, ...) or unknown")


def class_label(code: str | None) -> str:
    """The class as shown: its code, or :data:`UNKNOWN`."""
    return code if code else UNKNOWN


def classify_range(range_m: np.ndarray | float) -> np.ndarray:
    """Class codes (``"SRBM"``, ...) for ground ranges [m]; ``""`` for NaN.  Any shape."""
    r = np.asarray(range_m, float)
    if np.any(r[np.isfinite(r)] < 0):
        raise InputError("range_m", float(r[np.isfinite(r) & (r < 0)][0]), "must be >= 0")
    bounds = np.array([c[2] for c in CLASSES])
    idx = np.searchsorted(bounds, np.nan_to_num(r, nan=0.0), side="right")
    codes = np.array([c[0] for c in CLASSES])[np.minimum(idx, len(CLASSES) - 1)]
    return np.where(np.isfinite(r), codes, "")


# -- records --------------------------------------------------------------------------------
class _Model(BaseModel):
    # no NaN or infinity in any float field, nested ones included (a fit's speed, inputs)
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


#: Launch times the register accepts [UTC years]: the rocket age with room, and dates
#: whose local day can be worked out in every zone (year 1 or 9999 cannot).
YEARS = (1900, 2199)

#: Flight regimes (:mod:`launchwatch.flight.invert.rules`); ``unknown`` is no regime.
REGIMES = ("lofted", "minimum-energy", "depressed", "quasi-ballistic")
_REGIME_WORDS = {"minimum energy": "minimum-energy", "min-energy": "minimum-energy",
                 "min energy": "minimum-energy", "quasi ballistic": "quasi-ballistic",
                 "standard": "minimum-energy", "normal": "minimum-energy"}

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,79}$")


def normalise_regime(text: str | None) -> str | None:
    """A regime of :data:`REGIMES` (``None`` for unknown/empty); other words raise
    ``ValueError`` naming the allowed ones."""
    if text is None:
        return None
    w = " ".join(str(text).strip().lower().replace("_", " ").split())
    if w in ("", "unknown", "none", "n/a", "-"):
        return None
    w = _REGIME_WORDS.get(w, w)
    if w not in REGIMES:
        raise ValueError(f"regime {str(text)[:40]!r} is not one of {', '.join(REGIMES)} (or unknown)")
    return w


def _check_key(v: str) -> str:
    if v and not _KEY.match(v):
        raise ValueError("a key is letters, digits and . _ : + - (at most 80, starting with a "
                         "letter or digit)")
    return v


def _as_utc(v: datetime) -> datetime:
    if v.tzinfo is None:
        raise ValueError("time must be timezone-aware (UTC)")
    return v.astimezone(UTC)


def _finite(v: float | None) -> float | None:
    if v is not None and not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v


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


class Launch(_Model):
    """One launch (or ``count`` identical launches at one instant) of a round.

    The figures (``utc``, ``site``, ``distance``, ...) are the values reconciled from
    ``claims`` (:func:`launchwatch.register.claims.reconcile`); a record made without
    claims gets them from its figures and its first source when it is stored.
    ``utc`` is the launch time (aware UTC); when only the date is known it is midnight UTC
    of that date and ``time_known`` is false.  ``apogee`` and ``distance`` [m],
    ``flight_time`` [s], ``bearing`` [rad from north, the direction of the landing point
    from the site].  ``seq`` numbers the launches of a round from 1 in time order.
    ``flags`` are findings for the analyst; ``possible_duplicate_of`` lists the launches
    of the round an untimed record could not be told apart from (it is kept apart and
    not counted until an analyst resolves it).
    """

    seq: int = Field(default=1, ge=1, le=10000)
    utc: datetime
    time_known: bool = False
    date_precision: Literal["day", "month", "year"] = "day"
    site: Place = Field(default_factory=Place)
    missile_name: str | None = None
    missile_class: str | None = None
    count: int = Field(default=1, ge=1, le=1000)
    apogee: float | None = Field(default=None, gt=0.0, le=MAX_APOGEE)
    distance: float | None = Field(default=None, ge=0.0, le=MAX_DISTANCE)
    flight_time: float | None = Field(default=None, gt=0.0, le=86400.0)
    bearing: float | None = Field(default=None, ge=0.0, lt=2 * math.pi)
    landing: Place = Field(default_factory=Place)
    regime: str | None = None
    outcome: Literal["success", "failure", "unknown"] = "unknown"
    confirmation: Literal["confirmed", "reported", "unconfirmed", "disputed"] = "reported"
    sources: list[Source] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    possible_duplicate_of: list[int] = Field(default_factory=list, max_length=1000)
    notes: str = ""
    provenance: Provenance = Field(default_factory=Provenance)
    reconstruction: Reconstruction | None = None

    @field_validator("utc")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        v = _as_utc(v)
        if not YEARS[0] <= v.year <= YEARS[1]:
            raise ValueError(f"launch year {v.year} outside {YEARS[0]}-{YEARS[1]}")
        return v

    @field_validator("regime")
    @classmethod
    def _regime(cls, v: str | None) -> str | None:
        return normalise_regime(v)

    @field_validator("apogee", "distance", "flight_time", "bearing")
    @classmethod
    def _fin(cls, v: float | None) -> float | None:
        return _finite(v)

    @field_validator("missile_class")
    @classmethod
    def _cls(cls, v: str | None) -> str | None:
        return normalise_class(v)

    @property
    def date(self) -> date:
        """UTC date of the launch."""
        return self.utc.date()

    @property
    def counted(self) -> int:
        """Missiles this record counts for (0 for a possible duplicate)."""
        return 0 if self.possible_duplicate_of else self.count


class Event(_Model):
    """A round: the launches of one state on one local day (see :func:`round_key`).

    ``key`` identifies the round in a register (``"KP-2025-05-08"``, made from the state
    and the local day of the first launch when not given); ``simulated`` marks an event
    made by a simulation (never counted among real rounds); ``changes`` the change log;
    ``aliases`` keys it was known by before (an older register's UTC-day keys).
    """

    key: str = ""
    state: str | None = None
    title: str | None = None
    launches: list[Launch] = Field(min_length=1)
    notes: str = ""
    simulated: bool = False
    changes: list[Change] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)

    @field_validator("key")
    @classmethod
    def _key(cls, v: str) -> str:
        return _check_key(v.strip())

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, v: list[str]) -> list[str]:
        return [_check_key(a.strip()) for a in v]

    @model_validator(mode="after")
    def _defaults(self) -> Event:
        self.launches.sort(key=_launch_order)
        if not self.key:
            object.__setattr__(self, "key", round_key(self.state, self.local_day,
                                                      simulated=self.simulated))
        return self

    @property
    def start(self) -> datetime:
        """Time of the first launch [UTC]."""
        return min(la.utc for la in self.launches)

    @property
    def end(self) -> datetime:
        """Time of the last launch [UTC]."""
        return max(la.utc for la in self.launches)

    @property
    def local_day(self) -> str:
        """The round's local day at the site: ``"2025-05-08"`` (``"1986-05"`` when only
        the month is known, ``"1986"`` the year)."""
        return local_day(self.launches[0], self.state)

    @property
    def year(self) -> int:
        """Local year of the round (round numbers run per local year)."""
        return int(self.local_day[:4])

    @property
    def n_missiles(self) -> int:
        """Missiles launched (the launches' counts; possible duplicates not counted)."""
        return sum(la.counted for la in self.launches)

    @property
    def classes(self) -> list[str]:
        """Classes flown, in order of first appearance (:data:`UNKNOWN` for none)."""
        out: list[str] = []
        for la in self.launches:
            c = class_label(la.missile_class)
            if c not in out:
                out.append(c)
        return out

    @property
    def sources(self) -> list[Source]:
        """All sources of all launches, each once."""
        seen: dict[tuple[str, str], Source] = {}
        for la in self.launches:
            for s in la.sources:
                seen.setdefault(s.identity(), s)
        return list(seen.values())

    def rounds(self) -> list[Event]:
        """This event split into rounds (one per local day); see :func:`split_rounds`."""
        return split_rounds(self)


def _launch_order(la: Launch) -> tuple:
    """Timed launches in time order, then the untimed ones (a date only)."""
    return (not la.time_known, la.utc, la.seq)


# -- rounds: local days at the site ---------------------------------------------------------
_STATE_CODES = {"north korea": "KP", "dprk": "KP", "democratic people's republic of korea": "KP",
                "south korea": "KR", "republic of korea": "KR", "japan": "JP", "china": "CN",
                "russia": "RU", "united states": "US", "iran": "IR", "india": "IN",
                "pakistan": "PK", "israel": "IL", "france": "FR", "united kingdom": "GB"}


def state_code(state: str | None) -> str:
    """``"KP"`` for North Korea (ISO 3166 alpha-2 of the states that launch), else the
    name's letters upper-cased (at most 8), ``"XX"`` for none."""
    code = _STATE_CODES.get((state or "").strip().lower())
    if code is None:
        code = "".join(ch for ch in (state or "XX").upper() if ch.isalnum())[:8] or "XX"
    return code


@functools.lru_cache(maxsize=256)
def _state_zone(state: str | None) -> ZoneInfo | None:
    if not state:
        return None
    from ..earth.gazetteer import default_gazetteer

    entry = default_gazetteer().lookup(state)
    if entry is not None and entry.kind == "country" and entry.tz:
        return ZoneInfo(entry.tz)
    return None


def launch_zone(la: Launch, state: str | None = None) -> ZoneInfo:
    """The zone a launch's local day is counted in: the site's zone on land; at sea
    (a nautical ``Etc/`` zone) or without a located site the launching state's zone;
    else UTC."""
    if la.site.known:
        from .timezones import zone_at

        z = zone_at(round(la.site.lat, 6), round(la.site.lon, 6))
        if not str(z.key).startswith("Etc/"):
            return z
        return _state_zone(state) or z
    return _state_zone(state) or ZoneInfo("UTC")


def local_day(la: Launch, state: str | None = None) -> str:
    """The local calendar day of a launch at its site (ISO ``YYYY-MM-DD``).

    A timed launch: its UTC time in :func:`launch_zone`.  An untimed one: the date as
    the source gave it (``YYYY-MM`` or ``YYYY`` when only the month or year is known).
    """
    if la.date_precision == "year":
        return f"{la.utc.year:04d}"
    if la.date_precision == "month":
        return f"{la.utc.year:04d}-{la.utc.month:02d}"
    if not la.time_known:
        return la.utc.date().isoformat()
    return la.utc.astimezone(launch_zone(la, state)).date().isoformat()


def round_key(state: str | None, day: str, *, simulated: bool = False, suffix: str = "") -> str:
    """The key of a round: state code and local day, ``"KP-2025-05-08"``.

    Simulated rounds are ``"SIM-KP-2025-05-08"`` (plus ``suffix``, e.g. ``"-seed0"``), so
    that they can never merge into a real round.
    """
    key = f"{state_code(state)}-{day}"
    return ("SIM-" + key if simulated else key) + suffix


def _key_suffix(ev: Event) -> str | None:
    """What follows the day in ``ev.key`` when it is a round key of its state (``""``
    for none or an empty key); ``None`` for a hand-chosen key."""
    if not ev.key:
        return ""
    prefix = ("SIM-" if ev.simulated else "") + state_code(ev.state) + "-"
    if not ev.key.startswith(prefix):
        return None
    m = re.match(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", ev.key[len(prefix):])
    return None if m is None else ev.key[len(prefix) + m.end():]


def split_rounds(ev: Event) -> list[Event]:
    """An event's launches grouped into rounds by local day at the site, in time order.

    Keys follow :func:`round_key` (a suffix such as ``-seed0`` is kept); an event whose
    key was made for another day (a UTC-day key of an older register) is re-keyed, the
    old key kept in ``aliases``.  An event with a hand-chosen key (not a round key of its
    state) is left as it is.
    """
    suffix = _key_suffix(ev)
    if suffix is None:
        return [ev]
    days: dict[str, list[Launch]] = {}
    for la in ev.launches:
        days.setdefault(local_day(la, ev.state), []).append(la)
    if len(days) == 1:
        key = round_key(ev.state, next(iter(days)), simulated=ev.simulated, suffix=suffix)
        if key == ev.key:
            return [ev]
        aliases = [*ev.aliases, ev.key] if ev.key else list(ev.aliases)
        return [ev.model_copy(update={"key": key, "aliases": aliases})]
    out = []
    ordered = sorted(days.items(), key=lambda kv: min(la.utc for la in kv[1]))
    keys = [round_key(ev.state, day, simulated=ev.simulated, suffix=suffix) for day, _ in ordered]
    for n, ((_day, launches), key) in enumerate(zip(ordered, keys, strict=True)):
        las = [la.model_copy(deep=True) for la in launches]
        for i, la in enumerate(sorted(las, key=_launch_order)):
            la.seq = i + 1
        # the old key stays with the first part, unless a part has it as its own key
        alias = [ev.key] if n == 0 and ev.key and ev.key not in keys else []
        out.append(Event(key=key, state=ev.state, title=ev.title, launches=las, notes=ev.notes,
                         simulated=ev.simulated, aliases=[*ev.aliases, *alias] if n == 0 else alias))
    return out


# -- from the assessment ----------------------------------------------------------------------
@dataclass
class LaunchFacts:
    """What the assessment measured of one launch (SI units, radians, aware UTC).

    ``launch_area``/``landing_area`` are names (or coordinates in words) chosen by the
    caller's gazetteer; uncertainties are 95 % semi-major axes [m] and 1-sigma times [s].
    ``missile_class`` is the class by flown range unless given.
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

    def to_launch(self, *, source: str = "launchwatch measurement", software: str | None = None,
                  input_name: str | None = None) -> Launch:
        """The launch record of these facts, every figure a ``measured`` claim."""
        def fin(v: float) -> float | None:
            return v if math.isfinite(v) else None

        from ..earth.gazetteer import default_gazetteer

        g = default_gazetteer()
        near, d = g.nearest(self.lat, self.lon, kinds=("launch-area", "city", "point", "island"))
        site = Place(name=self.launch_area, lat=self.lat, lon=self.lon,
                     uncertainty=fin(self.launch_error_m),
                     key=near.key if d <= max(60e3, near.uncertainty) else None)
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
    from ..earth.gazetteer import default_gazetteer

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

