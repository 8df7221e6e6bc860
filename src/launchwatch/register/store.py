"""Storage of the register: SQLAlchemy 2 over SQLite by default, any SQLAlchemy URL.

A :class:`Register` opens (and, through Alembic, creates or upgrades) a database and
stores :class:`~launchwatch.register.models.Event` records.  Every write is one
transaction: an import that fails half way stores nothing of it, and a process killed
during a write leaves the previous content (SQLite's journal is rolled back on the next
open).  Storing an event whose key is already present merges the two reports.

The default database is ``register.sqlite`` in the user data directory
(``platformdirs.user_data_dir("launchwatch")``); ``LAUNCHWATCH_DATA_DIR`` moves the
directory and ``LAUNCHWATCH_REGISTER_URL`` replaces the whole URL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, inspect, or_, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from ..errors import InputError
from .models import Event, Launch, Place, Provenance, Reconstruction, Source, normalise_class
from .schema import EventRow, LaunchRow, SourceRow

__all__ = ["HEAD", "AddSummary", "Register", "default_url", "migrate"]

#: Schema revision written by this version of launchwatch.
HEAD = "0002"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """The register's URL: ``$LAUNCHWATCH_REGISTER_URL``, the configuration file's
    ``register_url``, else SQLite in the data directory (see :mod:`launchwatch.config`)."""
    from ..config import settings

    return settings().register_url


def _as_url(where: str | Path | None) -> str:
    if where is None:
        return default_url()
    text = str(where)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _alembic_config(connection: Any):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def migrate(engine: Engine, target: str = "head") -> str:
    """Create or upgrade the register's schema to ``target``; returns the revision.

    Raises :class:`InputError` for a database whose revision this version does not know
    (written by a newer launchwatch) or that holds other tables than a register's.
    """
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    with engine.begin() as conn:
        cfg = _alembic_config(conn)
        current = MigrationContext.configure(conn).get_current_revision()
        script = ScriptDirectory.from_config(cfg)
        if current is not None:
            try:
                script.get_revision(current)
            except CommandError:
                raise InputError("register", str(engine.url), f"schema revision {current!r} is "
                                 "newer than this launchwatch knows; upgrade launchwatch") from None
        else:
            tables = set(inspect(conn).get_table_names())
            if tables & {"events", "launches", "sources"}:
                raise InputError("register", str(engine.url),
                                 "holds register tables without a schema revision")
        want = script.get_current_head() if target == "head" else target
        if current != want:
            command.upgrade(cfg, target)
        return MigrationContext.configure(conn).get_current_revision() or ""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, full sync and a 30 s busy wait."""
    if url.startswith("sqlite"):
        path = url.split(":///", 1)[1] if ":///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, connect_args={"timeout": 30})
        event.listen(eng, "connect", _sqlite_pragmas)
        return eng
    return create_engine(url)


@dataclass
class AddSummary:
    """What a write did: keys of events ``added``, ``merged`` (changed) and ``unchanged``."""

    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, int]:
        return {"added": len(self.added), "merged": len(self.merged),
                "unchanged": len(self.unchanged)}


class Register:
    """A register of launch events in a database.

    Parameters
    ----------
    where : a SQLAlchemy URL (``"postgresql+psycopg://..."``), a path to a SQLite file,
        or ``None`` for :func:`default_url`.

    Examples
    --------
    >>> reg = Register("sqlite:///:memory:")  # doctest: +SKIP
    >>> reg.add(events); reg.stats()["events_per_year"]  # doctest: +SKIP
    """

    def __init__(self, where: str | Path | None = None) -> None:
        self.url = _as_url(where)
        self.engine = make_engine(self.url)
        try:
            self.revision = migrate(self.engine)
        except DatabaseError as exc:
            self.engine.dispose()
            raise InputError("register", self.url, f"not a register database ({exc.orig})") from None

    # -- life cycle -------------------------------------------------------------
    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    # -- writing ------------------------------------------------------------------
    def add(self, events: Event | Iterable[Event], *,
            progress: Callable[[int, Event], None] | None = None) -> AddSummary:
        """Store events in one transaction, merging those whose key is already stored.

        ``progress(i, event)`` is called after each event is written (not yet committed).
        If anything fails, nothing of this call is stored.
        """
        if isinstance(events, Event):
            events = [events]
        out = AddSummary()
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._session() as s, s.begin():
            pending: dict[str, EventRow] = {}
            for i, ev in enumerate(events):
                row = pending.get(ev.key) or s.scalars(
                    select(EventRow).where(EventRow.key == ev.key)).one_or_none()
                if row is None:
                    row = _event_row(ev, now, now)
                    s.add(row)
                    out.added.append(ev.key)
                else:
                    old = _event_from_row(row)
                    merged, changed = old.merge(ev)
                    if changed:
                        created = row.created_utc
                        s.delete(row)
                        s.flush()
                        row = _event_row(merged, created, now)
                        s.add(row)
                        if ev.key not in out.added and ev.key not in out.merged:
                            out.merged.append(ev.key)
                    elif ev.key not in out.added and ev.key not in out.merged:
                        out.unchanged.append(ev.key)
                pending[ev.key] = row
                s.flush()
                if progress is not None:
                    progress(i, ev)
        return out

    def delete(self, key: str) -> None:
        """Remove an event (and its launches and sources)."""
        with self._session() as s, s.begin():
            row = s.scalars(select(EventRow).where(EventRow.key == key)).one_or_none()
            if row is None:
                raise InputError("key", key, "no such event in the register")
            s.delete(row)

    # -- reading ------------------------------------------------------------------
    def __len__(self) -> int:
        with self._session() as s:
            return int(s.scalar(select(func.count(EventRow.id))) or 0)

    def keys(self) -> list[str]:
        """Event keys in time order."""
        with self._session() as s:
            return list(s.scalars(select(EventRow.key).order_by(EventRow.start_utc, EventRow.key)))

    def get(self, key: str) -> Event:
        """The event with this key (:class:`InputError` if absent)."""
        with self._session() as s:
            row = s.scalars(select(EventRow).where(EventRow.key == key)).one_or_none()
            if row is None:
                raise InputError("key", key, "no such event in the register")
            return _event_from_row(row)

    def events(self, *, start: date | datetime | None = None, end: date | datetime | None = None,
               place: str | None = None, missile_class: str | None = None,
               state: str | None = None, year: int | None = None) -> list[Event]:
        """Events in time order, filtered.

        ``start``/``end``: first launch on or after ``start`` and on or before ``end``
        (a ``date`` covers the whole UTC day); ``place``: a launch site or landing area by
        gazetteer name or alias (``"East Sea"`` finds ``"Sea of Japan"``) or by part of its
        name; ``missile_class``: ``"SRBM"`` or its words; ``state``; ``year`` (UTC).
        """
        q = select(EventRow).order_by(EventRow.start_utc, EventRow.key)
        if start is not None:
            q = q.where(EventRow.start_utc >= _naive(start, False))
        if end is not None:
            q = q.where(EventRow.start_utc <= _naive(end, True))
        if year is not None:
            q = q.where(EventRow.year == int(year))
        if state is not None:
            q = q.where(func.lower(EventRow.state) == state.lower())
        sub = None
        if missile_class is not None:
            cls = normalise_class(missile_class)
            sub = select(LaunchRow.event_id).where(LaunchRow.missile_class == cls)
        if place is not None:
            conds = [LaunchRow.site_name.ilike(f"%{place}%"), LaunchRow.landing_name.ilike(f"%{place}%")]
            from ..earth.gazetteer import default_gazetteer

            entry = default_gazetteer().lookup(place)
            if entry is not None:
                conds += [LaunchRow.site_key == entry.key, LaunchRow.landing_key == entry.key]
                conds += [LaunchRow.site_name.ilike(n) for n in entry.names]
                conds += [LaunchRow.landing_name.ilike(n) for n in entry.names]
            psub = select(LaunchRow.event_id).where(or_(*conds))
            sub = psub if sub is None else sub.where(LaunchRow.event_id.in_(psub))
        if sub is not None:
            q = q.where(EventRow.id.in_(sub))
        with self._session() as s:
            return [_event_from_row(r) for r in s.scalars(q)]

    def round_number(self, key: str) -> tuple[int, int]:
        """``(n, year)``: the event is the n-th round of its state in that UTC year."""
        with self._session() as s:
            row = s.scalars(select(EventRow).where(EventRow.key == key)).one_or_none()
            if row is None:
                raise InputError("key", key, "no such event in the register")
            q = select(func.count(EventRow.id)).where(
                EventRow.year == row.year,
                or_(EventRow.start_utc < row.start_utc,
                    (EventRow.start_utc == row.start_utc) & (EventRow.key < row.key)))
            q = q.where(EventRow.state.is_(None) if row.state is None else EventRow.state == row.state)
            return int(s.scalar(q) or 0) + 1, row.year

    def stats(self) -> dict[str, Any]:
        """Counts: events and missiles per year, missiles per class and per year and class.

        Returns ``{"events": n, "missiles": n, "events_per_year": {year: n},
        "missiles_per_year": {year: n}, "missiles_per_class": {cls: n},
        "events_per_class": {cls: n}, "missiles_per_year_class": {year: {cls: n}},
        "outcomes": {outcome: n}}``; a launch without a class counts as ``"UNKNOWN"``.
        """
        cls = func.coalesce(LaunchRow.missile_class, "UNKNOWN")
        with self._session() as s:
            epy = dict(s.execute(select(EventRow.year, func.count(EventRow.id))
                                 .group_by(EventRow.year).order_by(EventRow.year)).all())
            mpy = dict(s.execute(select(EventRow.year, func.sum(LaunchRow.count))
                                 .join(LaunchRow).group_by(EventRow.year)
                                 .order_by(EventRow.year)).all())
            mpc = dict(s.execute(select(cls, func.sum(LaunchRow.count)).group_by(cls)
                                 .order_by(cls)).all())
            epc = dict(s.execute(select(cls, func.count(func.distinct(LaunchRow.event_id)))
                                 .group_by(cls).order_by(cls)).all())
            myc: dict[int, dict[str, int]] = {}
            for y, c, n in s.execute(select(EventRow.year, cls, func.sum(LaunchRow.count))
                                     .join(LaunchRow).group_by(EventRow.year, cls)
                                     .order_by(EventRow.year, cls)):
                myc.setdefault(int(y), {})[c] = int(n)
            outc = dict(s.execute(select(LaunchRow.outcome, func.sum(LaunchRow.count))
                                  .group_by(LaunchRow.outcome)).all())
        return {
            "events": sum(epy.values()),
            "missiles": int(sum(mpy.values())),
            "events_per_year": {int(k): int(v) for k, v in epy.items()},
            "missiles_per_year": {int(k): int(v) for k, v in mpy.items()},
            "missiles_per_class": {k: int(v) for k, v in mpc.items()},
            "events_per_class": {k: int(v) for k, v in epc.items()},
            "missiles_per_year_class": myc,
            "outcomes": {k: int(v) for k, v in outc.items()},
        }

    def timeline(self, *, year: int | None = None, state: str | None = None) -> list[dict[str, Any]]:
        """One row per event in time order: key, start/end [UTC ISO], round number in its
        year, launches, missiles, classes, sites and landing areas."""
        rows = []
        counter: Counter[tuple[str | None, int]] = Counter()
        for ev in self.events(state=state):
            y = ev.start.year
            counter[(ev.state, y)] += 1
            if year is not None and y != year:
                continue
            rows.append({
                "key": ev.key, "start": ev.start.isoformat(), "end": ev.end.isoformat(),
                "year": y, "round": counter[(ev.state, y)], "state": ev.state,
                "launches": len(ev.launches), "missiles": ev.n_missiles, "classes": ev.classes,
                "sites": sorted({la.site.name for la in ev.launches if la.site.name}),
                "landing": sorted({la.landing.name for la in ev.launches if la.landing.name}),
            })
        return rows

    def dump(self) -> list[dict[str, Any]]:
        """Every event as JSON-ready dicts (the format :func:`import_json` reads)."""
        return [ev.model_dump(mode="json") for ev in self.events()]


def _naive(t: date | datetime, end: bool) -> datetime:
    if isinstance(t, datetime):
        if t.tzinfo is None:
            raise InputError("time", t.isoformat(), "must be timezone-aware (UTC)")
        return t.astimezone(UTC).replace(tzinfo=None)
    if end:
        return datetime(t.year, t.month, t.day, 23, 59, 59, 999999)
    return datetime(t.year, t.month, t.day)


def _utc(t: datetime | None) -> datetime | None:
    return None if t is None else t.replace(tzinfo=UTC)


def _event_row(ev: Event, created: datetime, updated: datetime) -> EventRow:
    start = ev.start
    return EventRow(
        key=ev.key, state=ev.state, title=ev.title, notes=ev.notes,
        start_utc=start.replace(tzinfo=None), end_utc=ev.end.replace(tzinfo=None),
        year=start.year, n_missiles=ev.n_missiles, created_utc=created, updated_utc=updated,
        launches=[_launch_row(la) for la in ev.launches])


def _launch_row(la: Launch) -> LaunchRow:
    return LaunchRow(
        seq=la.seq, utc=la.utc.replace(tzinfo=None), time_known=la.time_known,
        date_precision=la.date_precision,
        site_name=la.site.name, site_key=la.site.key, site_lat=la.site.lat, site_lon=la.site.lon,
        site_uncertainty=la.site.uncertainty, missile_name=la.missile_name,
        missile_class=la.missile_class, count=la.count, apogee=la.apogee, distance=la.distance,
        flight_time=la.flight_time, bearing=la.bearing, landing_name=la.landing.name,
        landing_key=la.landing.key, landing_lat=la.landing.lat, landing_lon=la.landing.lon,
        landing_uncertainty=la.landing.uncertainty, regime=la.regime, outcome=la.outcome,
        confirmation=la.confirmation, notes=la.notes,
        provenance=la.provenance.model_dump(mode="json"),
        reconstruction=None if la.reconstruction is None else la.reconstruction.model_dump(mode="json"),
        sources=[SourceRow(name=s.name, url=s.url, citation=s.citation,
                           published_utc=None if s.published is None else s.published.replace(tzinfo=None),
                           fields=list(s.fields), quote=s.quote) for s in la.sources])


def _event_from_row(row: EventRow) -> Event:
    launches = []
    for r in row.launches:
        launches.append(Launch.model_construct(
            seq=r.seq, utc=r.utc.replace(tzinfo=UTC), time_known=bool(r.time_known),
            date_precision=r.date_precision or "day",
            site=Place.model_construct(name=r.site_name or "", lat=r.site_lat, lon=r.site_lon,
                                       uncertainty=r.site_uncertainty, key=r.site_key),
            missile_name=r.missile_name, missile_class=r.missile_class, count=r.count,
            apogee=r.apogee, distance=r.distance, flight_time=r.flight_time, bearing=r.bearing,
            landing=Place.model_construct(name=r.landing_name or "", lat=r.landing_lat,
                                          lon=r.landing_lon, uncertainty=r.landing_uncertainty,
                                          key=r.landing_key),
            regime=r.regime, outcome=r.outcome, confirmation=r.confirmation, notes=r.notes or "",
            sources=[Source.model_construct(name=s.name, url=s.url, citation=s.citation,
                                            published=_utc(s.published_utc), fields=list(s.fields or []),
                                            quote=s.quote) for s in r.sources],
            provenance=Provenance.model_validate(r.provenance or {}),
            reconstruction=None if r.reconstruction is None
            else Reconstruction.model_validate(r.reconstruction)))
    return Event.model_construct(key=row.key, state=row.state, title=row.title,
                                 notes=row.notes or "", launches=launches)
