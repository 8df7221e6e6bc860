"""Launches and rounds: the :class:`Launch` and :class:`Event` records and the round
convention (the launching state's local day at the site; see :func:`round_key`)."""

from __future__ import annotations

import functools
import math
import re
from datetime import date, datetime
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import Field, field_validator, model_validator

from .records import Change, Claim, Place, Provenance, Reconstruction, Source
from .vocabulary import (
    MAX_APOGEE,
    MAX_DISTANCE,
    _as_utc,
    _check_key,
    _finite,
    _Model,
    class_label,
    normalise_class,
    normalise_regime,
)


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
        return _as_utc(v, "launch year")

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
    from ...earth.gazetteer import default_gazetteer

    entry = default_gazetteer().lookup(state)
    if entry is not None and entry.kind == "country" and entry.tz:
        return ZoneInfo(entry.tz)
    return None


def launch_zone(la: Launch, state: str | None = None) -> ZoneInfo:
    """The zone a launch's local day is counted in: the site's zone on land; at sea
    (a nautical ``Etc/`` zone) or without a located site the launching state's zone;
    else UTC."""
    if la.site.known:
        from ..timezones import zone_at

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
