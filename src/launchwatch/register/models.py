"""The register's schema: an :class:`Event` (a round of launches) holds :class:`Launch` es.

Units follow the project's convention: SI inside (metres, seconds, radians; times are
timezone-aware UTC ``datetime`` objects).  Names carrying ``_deg`` / ``_km`` appear only
at the presentation edge (CSV columns, exports).

Every model validates on construction; :func:`build` turns pydantic's
``ValidationError`` into :class:`~launchwatch.errors.InputError` naming the field and
the value, as every other input check of launchwatch does.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import InputError

__all__ = [
    "CONFIRMATIONS",
    "MAX_APOGEE",
    "MAX_DISTANCE",
    "MISSILE_CLASSES",
    "OUTCOMES",
    "PROVENANCE_KINDS",
    "Event",
    "Launch",
    "Place",
    "Provenance",
    "Reconstruction",
    "Source",
    "build",
    "normalise_class",
]

#: Highest apogee a register accepts [m] (100,000 km: beyond any ballistic flight).
MAX_APOGEE = 1.0e8
#: Longest ground distance a register accepts [m] (once around the Earth).
MAX_DISTANCE = 40_075e3

#: Missile classes the register knows (others are kept as given, upper-cased).
MISSILE_CLASSES = ("SRBM", "CRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "CRUISE", "UNKNOWN")
OUTCOMES = ("success", "failure", "unknown")
CONFIRMATIONS = ("confirmed", "reported", "unconfirmed", "disputed")
PROVENANCE_KINDS = ("reported", "measured", "reconstructed")

_CLASS_WORDS = {
    "SRBM": "SRBM", "SHORT-RANGE BALLISTIC MISSILE": "SRBM", "CRBM": "CRBM",
    "CLOSE-RANGE BALLISTIC MISSILE": "CRBM", "MRBM": "MRBM",
    "MEDIUM-RANGE BALLISTIC MISSILE": "MRBM", "IRBM": "IRBM",
    "INTERMEDIATE-RANGE BALLISTIC MISSILE": "IRBM", "ICBM": "ICBM",
    "INTERCONTINENTAL BALLISTIC MISSILE": "ICBM", "SLBM": "SLBM",
    "SUBMARINE-LAUNCHED BALLISTIC MISSILE": "SLBM", "SLV": "SLV", "SPACE LAUNCH VEHICLE": "SLV",
    "SATELLITE LAUNCH VEHICLE": "SLV", "HGV": "HGV", "HYPERSONIC GLIDE VEHICLE": "HGV",
    "CRUISE": "CRUISE", "CRUISE MISSILE": "CRUISE", "UNKNOWN": "UNKNOWN", "": "UNKNOWN",
}


def normalise_class(text: str | None) -> str | None:
    """Canonical missile class (``"short-range ballistic missile"`` -> ``"SRBM"``).

    Unknown words are kept, upper-cased; ``None`` stays ``None``.
    """
    if text is None:
        return None
    key = " ".join(text.replace("_", " ").split()).upper()
    return _CLASS_WORDS.get(key, key)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


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
    """Who reported what: an agency or outlet, with a link or citation.

    ``fields`` lists the launch fields this source reported (``["time", "apogee"]``);
    ``published`` the UTC time of the report if known; ``quote`` the sentence relied on.
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


class Provenance(_Model):
    """Where a launch record came from.

    ``kind``: ``reported`` (from a source), ``measured`` (by launchwatch's sensors and
    tracker) or ``reconstructed`` (a report completed by the flight engine);
    ``software`` the launchwatch version; ``models`` the models used and their versions
    (``{"flight.invert": "burnout/wgs84-j2"}``); ``importer`` the reader that made it
    (``"cns-json"``, ``"csv"``, ``"ingest"``); ``recorded`` when it was stored [UTC].
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
    """A flight fitted to the reported facts by :func:`launchwatch.flight.invert`.

    ``speed`` [m/s], ``fpa`` [rad] and ``azimuth`` [rad from north] of the impulsive
    ballistic arc from the launch point; ``range``/``apogee`` [m] and ``flight_time`` [s]
    it flies; ``ballistic`` whether a ballistic flight reproduces the facts; ``regime``
    its word; ``lift_to_drag`` the lift implied for quasi-ballistic reports; ``messages``
    the findings (inconsistencies) in words; ``bearing`` [rad] the geodesic direction
    from the site to where the fitted flight lands (it differs from the launch azimuth
    on a rotating Earth; ``None`` in reconstructions stored before it existed).
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


class Launch(_Model):
    """One launch (or a group of ``count`` identical launches) of an event.

    ``utc`` is the launch time (timezone-aware, UTC); when only the date is known it is
    midnight UTC of that date and ``time_known`` is false.  ``apogee`` and ``distance``
    [m], ``flight_time`` [s], ``bearing`` [rad from north, the direction of the landing
    point from the site].  ``seq`` numbers the launches of an event from 1 (the CNS
    "series").
    """

    seq: int = Field(default=1, ge=1)
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
    notes: str = ""
    provenance: Provenance = Field(default_factory=Provenance)
    reconstruction: Reconstruction | None = None

    @field_validator("utc")
    @classmethod
    def _utc(cls, v: datetime) -> datetime:
        return _as_utc(v)

    @field_validator("missile_class")
    @classmethod
    def _cls(cls, v: str | None) -> str | None:
        return normalise_class(v)

    @property
    def date(self) -> date:
        """UTC date of the launch."""
        return self.utc.date()


class Event(_Model):
    """A round: the launches of one day (or one salvo) by one state.

    ``key`` identifies the event in a register (``"KP-2022-10-08"`` by default: the
    state's code and the UTC date of the first launch); storing an event whose key is
    already there merges the two (see :meth:`merge`).
    """

    key: str = ""
    state: str | None = None
    title: str | None = None
    launches: list[Launch] = Field(min_length=1)
    notes: str = ""

    @model_validator(mode="after")
    def _defaults(self) -> Event:
        self.launches.sort(key=lambda la: (la.seq, la.utc))
        if not self.key:
            first = self.launches[0]
            object.__setattr__(self, "key", default_key(self.state, first.utc, first.date_precision))
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
    def n_missiles(self) -> int:
        """Number of missiles launched (sum of the launches' counts)."""
        return sum(la.count for la in self.launches)

    @property
    def classes(self) -> list[str]:
        """Missile classes flown, in order of first appearance."""
        out: list[str] = []
        for la in self.launches:
            c = la.missile_class or "UNKNOWN"
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

    def merge(self, other: Event) -> tuple[Event, bool]:
        """Merge a second report of this event: ``(merged, changed)``.

        Launches are matched by ``seq``; a field this event lacks is taken from the
        other (the first report wins where both give a value; a disagreement is noted in
        the launch's notes), and the other's sources are added.  Merging the same report
        twice changes nothing.
        """
        merged = self.model_copy(deep=True)
        changed = False
        by_seq = {la.seq: la for la in merged.launches}
        for new in other.launches:
            old = by_seq.get(new.seq)
            if old is None:
                merged.launches.append(new.model_copy(deep=True))
                changed = True
                continue
            changed |= _merge_launch(old, new)
        if other.title and not merged.title:
            merged.title, changed = other.title, True
        if other.notes and other.notes not in merged.notes:
            merged.notes = (merged.notes + "\n" + other.notes).strip()
            changed = True
        merged.launches.sort(key=lambda la: (la.seq, la.utc))
        return merged, changed


_STATE_CODES = {"north korea": "KP", "dprk": "KP", "south korea": "KR", "japan": "JP",
                "china": "CN", "russia": "RU", "united states": "US", "iran": "IR"}


def default_key(state: str | None, utc: datetime, precision: str = "day") -> str:
    """``"KP-2022-10-08"``: the state's code and the UTC date (``"KP-1986-05"`` when only
    the month is known, ``"KP-1986"`` the year)."""
    code = _STATE_CODES.get((state or "").strip().lower())
    if code is None:
        code = "".join(ch for ch in (state or "XX").upper() if ch.isalnum())[:8] or "XX"
    day = _as_utc(utc).date().isoformat()
    return f"{code}-{day[:{'day': 10, 'month': 7, 'year': 4}[precision]]}"


_MERGE_FIELDS = ("missile_name", "missile_class", "apogee", "distance", "flight_time",
                 "bearing", "regime")


def _merge_launch(old: Launch, new: Launch) -> bool:
    changed = False
    if new.time_known and not old.time_known:
        old.utc, old.time_known, changed = new.utc, True, True
    for name in _MERGE_FIELDS:
        a, b = getattr(old, name), getattr(new, name)
        if b is None:
            continue
        if a is None:
            setattr(old, name, b)
            changed = True
        elif a != b and not (isinstance(a, float) and math.isclose(a, b, rel_tol=1e-9)):
            note = f"{name}: another source gives {b!r}"
            if note not in old.notes:
                old.notes = (old.notes + "\n" + note).strip()
                changed = True
    for place in ("site", "landing"):
        a, b = getattr(old, place), getattr(new, place)
        if not a.known and b.known:
            setattr(old, place, b.model_copy())
            changed = True
        elif not a.name and b.name:
            a.name = b.name
            changed = True
    if old.outcome == "unknown" and new.outcome != "unknown":
        old.outcome, changed = new.outcome, True
    have = {s.identity() for s in old.sources}
    for s in new.sources:
        if s.identity() not in have:
            old.sources.append(s.model_copy())
            have.add(s.identity())
            changed = True
    if new.reconstruction is not None and old.reconstruction is None:
        old.reconstruction, changed = new.reconstruction, True
    return changed


def _as_utc(v: datetime) -> datetime:
    if v.tzinfo is None:
        raise ValueError("time must be timezone-aware (UTC)")
    return v.astimezone(UTC)


M = TypeVar("M", bound=BaseModel)


def build(model: type[M], data: dict[str, Any], where: str = "") -> M:
    """Validate ``data`` into ``model``, raising :class:`InputError` naming field and value.

    ``where`` prefixes the field name (``"line 12: launches[0]"``).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        field = f"{where}.{loc}" if where and loc else (where or loc or model.__name__)
        raise InputError(field, err.get("input"), err["msg"]) from None
