"""Storage of the register: SQLAlchemy 2 over SQLite by default, any SQLAlchemy URL.

A :class:`Register` opens (and, through Alembic, creates or upgrades) a database and
stores :class:`~launchwatch.register.models.Event` records, one per round (state and
local day, see :mod:`launchwatch.assess.events`).  Storing a round whose key is present
merges the two by time and site (:mod:`.merge`): :meth:`Register.plan` shows the diff,
:meth:`Register.apply` applies exactly that diff, :meth:`Register.add` does both.
Every write is one transaction: an import that fails half way stores nothing of it, and
a process killed during a write leaves the previous content (SQLite's journal is rolled
back on the next open).

The default database is ``register.sqlite`` in the user data directory
(``platformdirs.user_data_dir("launchwatch")``); ``LAUNCHWATCH_DATA_DIR`` moves the
directory and ``LAUNCHWATCH_REGISTER_URL`` replaces the whole URL.  ``history=True``
loads the built-in public record into a register that is being created.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, func, inspect, or_, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from ..errors import InputError, StoreConflict
from .merge import MergePlan, RoundDiff, fingerprint, merge_round, prepare
from .models import (
    CONFIRMATIONS,
    MISSILE_CLASSES,
    OUTCOMES,
    UNKNOWN,
    Event,
    normalise_class,
    state_code,
)
from .rows import change_values, claim_values, event_from_rows, event_values, launch_values, source_values
from .schema import ChangeRow, ClaimRow, EventRow, KeyAliasRow, LaunchRow, MetaRow, SourceRow

__all__ = ["HEAD", "AddSummary", "Register", "default_url", "migrate"]

#: Schema revision written by this version of launchwatch.
HEAD = "0003"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def default_url() -> str:
    """The register's URL: ``$LAUNCHWATCH_REGISTER_URL``, the configuration file's
    ``register_url``, else SQLite in the data directory (see :mod:`launchwatch.config`)."""
    from ..config import settings

    return settings().register_url


def _as_url(where: str | Path | None) -> str:
    text = default_url() if where is None else str(where)
    if not text.strip():
        raise InputError("register", text, "empty: give a path or a SQLAlchemy URL")
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


#: Identifies the register's write lock on PostgreSQL (``pg_advisory_xact_lock``).
_PG_LOCK = 0x4C57_5245  # "LWRE"
_SQLITE_HEADER = b"SQLite format 3\x00"


def _sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (``None`` for memory databases and other back ends)."""
    if not url.startswith("sqlite") or ":///" not in url:
        return None
    path = url.split(":///", 1)[1].split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


def _check_file(url: str) -> None:
    """Refuse a file that is not a SQLite database before SQLite touches it: SQLite would
    silently take a file shorter than its header (a truncated register) for a new one."""
    path = _sqlite_path(url)
    if path is None or not path.exists():
        return
    if not path.is_file():
        raise InputError("register", str(path), "not a file")
    size = path.stat().st_size
    if size == 0:
        return  # a new, empty file (what SQLite itself creates)
    with path.open("rb") as fh:
        head = fh.read(len(_SQLITE_HEADER))
    if head != _SQLITE_HEADER:
        raise InputError("register", str(path), f"not a register database (a {size}-byte file "
                         "without the SQLite header: truncated or another kind of file); "
                         "nothing was written to it")


def _write_lock(conn: Any) -> None:
    """Serialise writers: SQLite's transactions of a write begin IMMEDIATE (see
    :func:`make_engine`); PostgreSQL takes a transaction-scoped advisory lock."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")


def _line(obj: object) -> str:
    return " ".join(str(obj).split())[:200]


@contextmanager
def _store_errors(url: str) -> Iterator[None]:
    """Turn the database's refusals into the register's errors (one clear line each)."""
    from sqlalchemy.exc import IntegrityError, OperationalError

    from ..errors import StoreBusy, StoreConflict

    try:
        yield
    except IntegrityError as exc:
        raise StoreConflict(url, "another writer stored the same round at the same time; "
                            f"nothing of this write was stored, run it again ({exc.orig})") from None
    except OperationalError as exc:
        msg = str(exc.orig).lower()
        if "locked" in msg or "busy" in msg or "could not obtain lock" in msg:
            raise StoreBusy(url, "busy: another writer held it past the busy timeout "
                            f"({exc.orig}); nothing of this write was stored, retry") from None
        raise InputError("register", url, f"the database refused the operation ({exc.orig}); "
                         "nothing of this write was stored") from None
    except DatabaseError as exc:
        raise InputError("register", url, f"damaged or not a register database ({_line(exc.orig)}); "
                         "nothing was written to it") from None
    except InputError:
        raise
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError) as exc:
        # the driver's conversions of stored values (JSON, dates) failing: damaged content
        raise _damaged(url, exc) from None
    except (TypeError, AttributeError) as exc:
        if not _from_stored_value(exc):
            raise
        raise _damaged(url, exc) from None


def _damaged(url: str, exc: BaseException) -> InputError:
    where: object = _sqlite_path(url)
    if where is None:
        from sqlalchemy.engine import make_url

        where = make_url(url).render_as_string(hide_password=True)
    return InputError("register", url, f"damaged register {where}: a stored record cannot be read "
                      f"({type(exc).__name__}: {_line(exc)}); nothing was written to it")


def _from_stored_value(exc: BaseException) -> bool:
    """Whether a ``TypeError``/``AttributeError`` was raised converting a stored cell: in
    SQLAlchemy's result processors (a date cell that is no longer text) or in
    :mod:`.rows` (a cell of the wrong type or ``NULL`` where none is written), not in
    the register's own logic, which is then a bug and keeps its traceback."""
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    if last is None:
        return False
    name = last.replace("\\", "/")
    return ("sqlalchemy/engine/" in name and ("processors" in name or "result" in name)) \
        or name.endswith("launchwatch/register/rows.py")


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
    return _migrate(engine, target)[0]


#: ``register_meta`` value of ``public_record`` in a register created to hold the public
#: record but not yet holding it (a process stopped between the two writes loads it next).
_PENDING = "pending"


def _migrate(engine: Engine, target: str = "head", *, history: bool = False) -> tuple[str, bool]:
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    # one write transaction: concurrent openers of a new file wait for each other (the
    # second finds the schema made), and a process killed mid-creation leaves no half schema
    with engine.execution_options(launchwatch_write=True).begin() as conn:
        _write_lock(conn)
        if conn.dialect.name == "sqlite":
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA quick_check(5)")]
            if rows != ["ok"]:
                found = " ".join(" ".join(rows).replace("*** in database main ***", "").split())
                raise InputError("register", str(engine.url), f"damaged database ({found[:200]}); "
                                 "nothing was written to it")
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
            if tables:
                shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
                raise InputError("register", str(engine.url), "not a launchwatch register: it "
                                 f"holds other tables ({shown}); nothing was written to it")
        want = script.get_current_head() if target == "head" else target
        if current != want:
            command.upgrade(cfg, target)
        if current is None and history and target == "head":
            conn.execute(MetaRow.__table__.insert().values(key="public_record", value=_PENDING))
        return MigrationContext.configure(conn).get_current_revision() or "", current is None


#: Seconds a writer waits for another one before :class:`~launchwatch.errors.StoreBusy`.
BUSY_TIMEOUT_S = 30.0


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # the driver's own transaction handling is off: transactions begin in _sqlite_begin,
    # so that DDL (schema creation, migrations) is inside them too
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # a write takes SQLite's write lock when it begins (waiting up to the busy timeout),
    # so that what it read (keys, the stored round) cannot change before it writes
    write = conn.get_execution_options().get("launchwatch_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``.

    SQLite gets foreign keys, full sync, a busy timeout of :data:`BUSY_TIMEOUT_S`,
    transactions that include DDL, and writes that begin IMMEDIATE (one writer at a time;
    readers go on beside it in WAL mode, which :class:`Register` turns on once the file is
    known to be a register).  An unparsable URL raises :class:`InputError`.
    """
    from sqlalchemy.exc import ArgumentError

    try:
        if url.startswith("sqlite"):
            path = _sqlite_path(url)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            eng = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
            event.listen(eng, "connect", _sqlite_pragmas)
            event.listen(eng, "begin", _sqlite_begin)
            return eng
        return create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise InputError("register", url, f"not a usable database URL ({exc})") from None


@dataclass
class AddSummary:
    """What a write did: keys of rounds ``added``, ``merged`` (changed) and ``unchanged``;
    ``plan`` the diff that was applied."""

    added: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    plan: MergePlan | None = None

    def as_dict(self) -> dict[str, int]:
        return {"added": len(self.added), "merged": len(self.merged),
                "unchanged": len(self.unchanged)}


def _allowed(field: str, value: Any, allowed: Sequence[str]) -> InputError:
    shown = ", ".join(allowed[:60]) + (f", ... ({len(allowed)} in all)" if len(allowed) > 60 else "")
    return InputError(field, value, f"not a known value; allowed: {shown or '(none in the register)'}")


def _escape_like(text: str) -> str:
    """``text`` for a LIKE pattern with ``escape="\\"``: its ``%``, ``_`` and ``\\`` match
    themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Register:
    """A register of launch rounds in a database.

    Parameters
    ----------
    where : a SQLAlchemy URL (``"postgresql+psycopg://..."``), a path to a SQLite file,
        or ``None`` for :func:`default_url`.
    history : load the built-in public record (:mod:`launchwatch.register.history`) when
        the database is created by this call (an existing register is left as it is; one
        created for it by a process stopped before the record was stored gets it now).

    Examples
    --------
    >>> reg = Register("sqlite:///:memory:")  # doctest: +SKIP
    >>> plan = reg.plan(events); print("\\n".join(plan.lines())); reg.apply(plan)  # doctest: +SKIP
    """

    def __init__(self, where: str | Path | None = None, *, history: bool = False) -> None:
        self.url = _as_url(where)
        _check_file(self.url)
        self.engine = make_engine(self.url)
        self._write_engine = self.engine.execution_options(launchwatch_write=True)
        try:
            with _store_errors(self.url):
                self.revision, created = _migrate(self.engine, history=history)
        except InputError as exc:
            self.engine.dispose()
            if isinstance(exc.reason, str) and exc.reason.startswith("damaged or not a register"):
                raise InputError("register", self.url, exc.reason.replace(
                    "damaged or not a register", "not a register", 1)) from None
            raise
        except BaseException:
            self.engine.dispose()
            raise
        if _sqlite_path(self.url) is not None:
            self._wal()
        self.created = created
        if history and self.meta().get("public_record") == _PENDING:
            from .history import load_history

            load_history(self)

    # -- life cycle -------------------------------------------------------------
    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wal(self) -> None:
        """Turn on WAL (persistent in the file).  Outside any transaction (SQLite refuses
        the change inside one); it needs the file to itself, so while other processes
        hold it open it is tried again a few times and otherwise left for a later open:
        writes are serialised and safe in either journal mode."""
        import sqlite3
        import time as _time

        raw = self.engine.raw_connection()
        try:
            con = raw.driver_connection
            for attempt in range(5):
                try:
                    if str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                        return
                    con.execute("PRAGMA journal_mode=WAL").fetchall()
                    return
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise InputError("register", self.url, f"cannot use the database "
                                         f"({_line(exc)})") from None
                    _time.sleep(0.05 * (attempt + 1))
        finally:
            raw.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A reading session (database errors become the register's one-line errors)."""
        with _store_errors(self.url), Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """A session in one write transaction holding the register's write lock: writers
        are serialised (SQLite ``BEGIN IMMEDIATE``, PostgreSQL an advisory lock), so an
        import reads the keys and rounds it merges into under the lock it writes with.
        A writer that waits past the busy timeout gets :class:`~launchwatch.errors.StoreBusy`."""
        with (_store_errors(self.url), Session(self._write_engine, expire_on_commit=False) as s,
              s.begin()):
            _write_lock(s.connection())
            yield s

    # -- writing ------------------------------------------------------------------
    def plan(self, events: Event | Iterable[Event]) -> MergePlan:
        """The diff storing ``events`` would make (nothing is written)."""
        with self._session() as s:
            return self._run(s, events, write=False)

    def apply(self, plan: MergePlan) -> AddSummary:
        """Store exactly the rounds of ``plan`` in one transaction.

        Refused (:class:`InputError`, nothing stored) when a round has changed since the
        plan was made: show the new diff and commit that.
        """
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._writing() as s:
            done: dict[str, str] = {}
            for d in plan.diffs:
                row = self._find(s, d.key)
                current = fingerprint(event_from_rows(row)) if row is not None else None
                expect = done.get(d.key, d.base)
                if (current or None) != (expect or None):
                    raise StoreConflict(d.key, "the round changed since this diff was made; "
                                        "review the new diff and commit that")
                if d.action != "unchanged":
                    self._write(s, row, d.result, now)
                    s.flush()
                done[d.key] = fingerprint(d.result)
        out = AddSummary(plan=plan)
        for k, v in plan.summary().items():
            getattr(out, k).extend(v)
        return out

    def add(self, events: Event | Iterable[Event], *,
            progress: Callable[[int, Event], None] | None = None) -> AddSummary:
        """Store events in one transaction, merging rounds whose key is already stored.

        ``progress(i, event)`` is called after each event is written (not yet committed).
        If anything fails, nothing of this call is stored.
        """
        with self._writing() as s:
            plan = self._run(s, events, write=True, progress=progress)
        out = AddSummary(plan=plan)
        for k, v in plan.summary().items():
            getattr(out, k).extend(v)
        return out

    def _run(self, s: Session, events: Event | Iterable[Event], *, write: bool,
             progress: Callable[[int, Event], None] | None = None) -> MergePlan:
        if isinstance(events, Event):
            events = [events]
        now = datetime.now(UTC)
        naive = now.replace(tzinfo=None)
        pending: dict[str, Event] = {}
        diffs: list[RoundDiff] = []
        # the keys present (and old keys), read once: a new round needs no query
        known = set(s.scalars(select(EventRow.key))) | set(s.scalars(select(KeyAliasRow.alias)))
        for i, ev in enumerate(events):
            if not isinstance(ev, Event):
                raise InputError("events", type(ev).__name__, "not an Event")
            for rnd in prepare(ev, now):
                key = rnd.key
                stored = pending.get(key)
                row = None
                if stored is None:
                    for k in (key, *rnd.aliases):
                        if k in known:
                            row = self._find(s, k)
                            if row is not None:
                                break
                    stored = event_from_rows(row) if row is not None else None
                if stored is not None and stored.key != key:
                    rnd = rnd.model_copy(update={"key": stored.key,
                                                 "aliases": [*rnd.aliases, key]})
                d = merge_round(stored, rnd, now=now)
                diffs.append(d)
                pending[d.key] = d.result
                if write and d.action != "unchanged":
                    if row is None and d.key in known:
                        row = self._find(s, d.key)
                    self._write(s, row, d.result, naive)
                    known.add(d.key)
                    known.update(d.result.aliases)
            if write and progress is not None:
                s.flush()
                progress(i, ev)
            elif progress is not None:
                progress(i, ev)
        if write:
            s.flush()
        return MergePlan(diffs)

    def _find(self, s: Session, key: str) -> EventRow | None:
        row = s.scalars(select(EventRow).where(EventRow.key == key)).one_or_none()
        if row is None:
            alias = s.scalars(select(KeyAliasRow).where(KeyAliasRow.alias == key)).one_or_none()
            row = alias.event if alias is not None else None
        return row

    def _write(self, s: Session, row: EventRow | None, ev: Event, now: datetime) -> None:
        created = now
        if row is not None:
            created = row.created_utc
            s.delete(row)
            s.flush()
        new = EventRow(**event_values(ev, created, now))
        for la in ev.launches:
            lr = LaunchRow(**launch_values(la))
            lr.sources = [SourceRow(**source_values(x)) for x in la.sources]
            lr.claims = [ClaimRow(**claim_values(c)) for c in la.claims]
            new.launches.append(lr)
        new.changes = [ChangeRow(**change_values(c)) for c in ev.changes]
        new.aliases = [KeyAliasRow(alias=a) for a in dict.fromkeys(ev.aliases) if a != ev.key]
        s.add(new)

    def replace(self, events: Event | Iterable[Event]) -> None:
        """Store each of ``events`` as the whole new content of its round, in one
        transaction (a refit, an analyst's edit); the caller writes the change log lines."""
        if isinstance(events, Event):
            events = [events]
        now = datetime.now(UTC).replace(tzinfo=None)
        with self._writing() as s:
            for ev in events:
                self._write(s, self._find(s, ev.key), ev, now)
                s.flush()

    def delete(self, key: str) -> None:
        """Remove a round (and its launches, claims and change log)."""
        with self._writing() as s:
            row = self._find(s, key)
            if row is None:
                raise InputError("key", key, "no such event in the register")
            s.delete(row)

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the register (``public_record`` version, ...)."""
        with self._writing() as s:
            row = s.get(MetaRow, key)
            if row is None:
                s.add(MetaRow(key=key, value=value))
            else:
                row.value = value

    def meta(self) -> dict[str, str]:
        """Facts about the register."""
        with self._session() as s:
            return {r.key: r.value for r in s.scalars(select(MetaRow))}

    # -- reading ------------------------------------------------------------------
    def __len__(self) -> int:
        with self._session() as s:
            return int(s.scalar(select(func.count(EventRow.id))) or 0)

    def keys(self) -> list[str]:
        """Round keys in time order."""
        with self._session() as s:
            return list(s.scalars(select(EventRow.key).order_by(EventRow.start_utc, EventRow.key)))

    def get(self, key: str) -> Event:
        """The round with this key, or an old key of it (:class:`InputError` if absent)."""
        with self._session() as s:
            row = self._find(s, key)
            if row is None:
                raise InputError("key", key, "no such event in the register")
            return event_from_rows(row)

    def values(self, name: str) -> list[str]:
        """The distinct values stored of ``name`` (``state``, ``missile_name``, ``site``,
        ``landing``, ``missile_class``), sorted: what a filter accepts."""
        col = {"state": EventRow.state, "missile_name": LaunchRow.missile_name,
               "site": LaunchRow.site_name, "facility": LaunchRow.site_name,
               "landing": LaunchRow.landing_name, "missile_class": LaunchRow.missile_class}.get(name)
        if col is None:
            raise InputError("name", name, "not a filterable field")
        with self._session() as s:
            q = select(col).distinct() if col.class_ is EventRow else select(col).join(EventRow).distinct()
            vals = [v for v in s.scalars(q) if v]
        return sorted(vals, key=str.lower)

    def events(self, *, start: date | datetime | str | None = None,
               end: date | datetime | str | None = None, place: str | None = None,
               missile_class: str | None = None, state: str | None = None,
               year: int | None = None, outcome: str | None = None,
               missile_name: str | None = None, confirmation: str | None = None,
               facility: str | None = None, text: str | None = None,
               simulated: bool | None = None) -> list[Event]:
        """Rounds in time order, filtered (every filter optional; they combine with AND).

        ``start``/``end``: the round's local day on or after / on or before (a date, an
        aware datetime, or ``YYYY-MM-DD``); ``year``: local year; ``place``: a launch site
        or landing area by gazetteer name or alias (``"East Sea"`` finds ``"Sea of
        Japan"``) or part of its name; ``facility``: the launch site alone; a round
        matches a launch filter when one of its launches does: ``missile_class`` (a code,
        its words, or ``"unknown"``), ``missile_name`` (a type, by any of its public
        designations), ``outcome``, ``confirmation``; ``state`` (name or code, ``KP``);
        ``text``: words in names, notes, titles, sources or quotes; ``simulated``: only
        simulated (True) or only real (False) rounds.  An unknown value raises
        :class:`InputError` listing the allowed ones.
        """
        q = select(EventRow).order_by(EventRow.start_utc, EventRow.key)
        if start is not None:
            q = q.where(EventRow.local_day >= _day(start, "start"))
        if end is not None:
            q = q.where(EventRow.local_day <= _day(end, "end") + "~")
        if year is not None:
            q = q.where(EventRow.year == int(year))
        if simulated is not None:
            q = q.where(EventRow.simulated.is_(bool(simulated)))
        if state is not None and state.strip():
            q = q.where(func.lower(EventRow.state) == self._state(state).lower())
        subs = []
        if missile_class is not None and missile_class.strip():
            subs.append(self._class_filter(missile_class))
        if outcome is not None and outcome.strip():
            o = outcome.strip().lower()
            o = {"failed": "failure", "successful": "success", "succeeded": "success"}.get(o, o)
            if o not in OUTCOMES:
                raise _allowed("outcome", outcome, OUTCOMES)
            subs.append(select(LaunchRow.event_id).where(LaunchRow.outcome == o))
        if confirmation is not None and confirmation.strip():
            c = confirmation.strip().lower()
            if c not in CONFIRMATIONS:
                raise _allowed("confirmation", confirmation, CONFIRMATIONS)
            subs.append(select(LaunchRow.event_id).where(LaunchRow.confirmation == c))
        if missile_name is not None and missile_name.strip():
            subs.append(self._name_filter(missile_name))
        if facility is not None and facility.strip():
            subs.append(self._place_filter(facility, landing=False))
        if place is not None and place.strip():
            subs.append(self._place_filter(place, landing=True))
        if text is not None and text.strip():
            like, esc = f"%{_escape_like(text.strip())}%", "\\"
            conds = [LaunchRow.notes.ilike(like, escape=esc),
                     LaunchRow.missile_name.ilike(like, escape=esc),
                     LaunchRow.site_name.ilike(like, escape=esc),
                     LaunchRow.landing_name.ilike(like, escape=esc),
                     LaunchRow.id.in_(select(ClaimRow.launch_id).where(or_(
                         ClaimRow.quote.ilike(like, escape=esc), ClaimRow.reported.ilike(like, escape=esc),
                         ClaimRow.source.ilike(like, escape=esc),
                         ClaimRow.publication.ilike(like, escape=esc)))),
                     LaunchRow.id.in_(select(SourceRow.launch_id).where(or_(
                         SourceRow.name.ilike(like, escape=esc), SourceRow.quote.ilike(like, escape=esc))))]
            ev_text = or_(EventRow.title.ilike(like, escape=esc), EventRow.notes.ilike(like, escape=esc),
                          EventRow.key.ilike(like, escape=esc))
            q = q.where(or_(ev_text, EventRow.id.in_(select(LaunchRow.event_id).where(or_(*conds)))))
        for sub in subs:
            q = q.where(EventRow.id.in_(sub))
        with self._session() as s:
            return [event_from_rows(r) for r in s.scalars(q)]

    def _state(self, state: str) -> str:
        states = self.values("state")
        want = state.strip().lower()
        for st in states:
            if st.lower() == want or state_code(st).lower() == want:
                return st
        raise _allowed("state", state, [f"{st} ({state_code(st)})" for st in states])

    def _class_filter(self, text: str):
        if text.strip().lower() == UNKNOWN:
            return select(LaunchRow.event_id).where(LaunchRow.missile_class.is_(None))
        try:
            cls = normalise_class(text)
        except ValueError:
            cls = None
        if cls not in MISSILE_CLASSES:
            raise _allowed("class", text, [*MISSILE_CLASSES, UNKNOWN])
        return select(LaunchRow.event_id).where(LaunchRow.missile_class == cls)

    def _name_filter(self, name: str):
        from .designations import designation

        d = designation(name)
        stored = self.values("missile_name")
        if d is not None:
            hits = [n for n in stored if designation(n) == d]
        else:
            hits = [n for n in stored if name.strip().lower() in n.lower()]
        if not hits and d is None:
            raise _allowed("missile", name, stored)
        return select(LaunchRow.event_id).where(LaunchRow.missile_name.in_(hits or [name]))

    def _place_filter(self, place: str, *, landing: bool):
        from ..earth.gazetteer import default_gazetteer

        pattern = f"%{_escape_like(place)}%"  # a user's % or _ is a character, not a wildcard
        conds = [LaunchRow.site_name.ilike(pattern, escape="\\")]
        if landing:
            conds.append(LaunchRow.landing_name.ilike(pattern, escape="\\"))
        entry = default_gazetteer().lookup(place)
        if entry is not None:
            conds += [LaunchRow.site_key == entry.key]
            conds += [LaunchRow.site_name.ilike(_escape_like(n), escape="\\") for n in entry.names]
            if landing:
                conds += [LaunchRow.landing_key == entry.key]
                conds += [LaunchRow.landing_name.ilike(_escape_like(n), escape="\\") for n in entry.names]
        elif not landing:
            names = self.values("site")
            if not any(place.strip().lower() in n.lower() for n in names):
                raise _allowed("facility", place, names)
        return select(LaunchRow.event_id).where(or_(*conds))

    def round_number(self, key: str) -> tuple[int, int]:
        """``(n, year)``: the round is the n-th of its state in that local year.

        Simulated rounds never count; a simulated round gets the number it would have
        among the real ones (the real rounds of its state before its local day, plus one).
        """
        with self._session() as s:
            row = self._find(s, key)
            if row is None:
                raise InputError("key", key, "no such event in the register")
            q = select(func.count(EventRow.id)).where(
                EventRow.year == row.year, EventRow.simulated.is_(False),
                EventRow.local_day < row.local_day)
            q = q.where(EventRow.state.is_(None) if row.state is None else EventRow.state == row.state)
            return int(s.scalar(q) or 0) + 1, row.year

    def stats(self) -> dict[str, Any]:
        """Counts of the real rounds (simulated ones never count): events and missiles per
        local year, missiles per class and per year and class, outcomes.

        Returns ``{"events": n, "missiles": n, "events_per_year": {year: n},
        "missiles_per_year": {year: n}, "missiles_per_class": {cls: n},
        "events_per_class": {cls: n}, "missiles_per_year_class": {year: {cls: n}},
        "outcomes": {outcome: n}}``; a launch without a class counts as ``"unknown"``;
        records kept apart as possible duplicates are not counted.
        """
        cls = func.coalesce(LaunchRow.missile_class, UNKNOWN)
        real = EventRow.simulated.is_(False)
        with self._session() as s:
            epy = dict(s.execute(select(EventRow.year, func.count(EventRow.id)).where(real)
                                 .group_by(EventRow.year).order_by(EventRow.year)).all())
            rows = s.execute(select(EventRow.year, cls, LaunchRow.outcome, LaunchRow.count,
                                    LaunchRow.event_id, LaunchRow.possible_duplicate_of)
                             .join(LaunchRow).where(real)).all()
        mpy: dict[int, int] = {}
        mpc: dict[str, int] = {}
        epc: dict[str, set[int]] = {}
        myc: dict[int, dict[str, int]] = {}
        outc: dict[str, int] = {}
        for y, c, o, n, eid, dup in rows:
            if dup:
                continue
            y = int(y)
            mpy[y] = mpy.get(y, 0) + n
            mpc[c] = mpc.get(c, 0) + n
            epc.setdefault(c, set()).add(eid)
            myc.setdefault(y, {})
            myc[y][c] = myc[y].get(c, 0) + n
            outc[o] = outc.get(o, 0) + n
        return {
            "events": sum(epy.values()),
            "missiles": int(sum(mpy.values())),
            "events_per_year": {int(k): int(v) for k, v in epy.items()},
            "missiles_per_year": dict(sorted(mpy.items())),
            "missiles_per_class": dict(sorted(mpc.items())),
            "events_per_class": {k: len(v) for k, v in sorted(epc.items())},
            "missiles_per_year_class": {y: dict(sorted(v.items())) for y, v in sorted(myc.items())},
            "outcomes": dict(sorted(outc.items())),
        }

    def timeline(self, *, year: int | None = None, state: str | None = None,
                 events: list[Event] | None = None) -> list[dict[str, Any]]:
        """One row per round in time order: key, start/end [UTC ISO], local day and year,
        its round number in that year (``None`` for simulated rounds, which never count),
        launches, missiles, classes, sites and landing areas."""
        rows = []
        counter: dict[tuple[str | None, int], int] = {}
        allev = self.events(state=state)
        evs = allev if events is None else events
        number: dict[str, int] = {}
        for ev in sorted(allev, key=lambda e: (e.local_day, e.start)):
            if ev.simulated:
                continue
            counter[(ev.state, ev.year)] = counter.get((ev.state, ev.year), 0) + 1
            number[ev.key] = counter[(ev.state, ev.year)]
        for ev in evs:
            if year is not None and ev.year != year:
                continue
            rows.append({
                "key": ev.key, "start": ev.start.isoformat(), "end": ev.end.isoformat(),
                "local_day": ev.local_day, "year": ev.year, "round": number.get(ev.key),
                "state": ev.state, "simulated": ev.simulated, "launches": len(ev.launches),
                "missiles": ev.n_missiles, "classes": ev.classes,
                "sites": sorted({la.site.name for la in ev.launches if la.site.name}),
                "landing": sorted({la.landing.name for la in ev.launches if la.landing.name}),
            })
        return rows

    def dump(self) -> list[dict[str, Any]]:
        """Every round as JSON-ready dicts (the format :func:`import_json` reads)."""
        return [ev.model_dump(mode="json") for ev in self.events()]


def _day(t: date | datetime | str, name: str) -> str:
    if isinstance(t, datetime):
        if t.tzinfo is None:
            raise InputError(name, t.isoformat(), "must be timezone-aware (UTC)")
        return t.astimezone(UTC).date().isoformat()
    if isinstance(t, date):
        return t.isoformat()
    try:
        return date.fromisoformat(str(t).strip()).isoformat()
    except ValueError:
        raise InputError(name, t, "not a date YYYY-MM-DD") from None
