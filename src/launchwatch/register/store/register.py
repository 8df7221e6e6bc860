"""The :class:`Register`: a database opened (checked, created or upgraded, WAL turned
on) and its sessions: reading sessions, and write transactions that hold the register's
write lock.  Its writes are :class:`~.writes.Writing`'s, its reads
:class:`~.queries.Queries`'."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InputError
from ..schema import EventRow, KeyAliasRow
from .engine import _as_url, _check_file, _sqlite_path, _write_lock, make_engine
from .migrating import _PENDING, _migrate
from .queries import Queries
from .refusals import _line, _store_errors
from .writes import Writing

__all__ = ["Register"]


class Register(Writing, Queries):
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
            from ..history import load_history

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

    def _find(self, s: Session, key: str) -> EventRow | None:
        row = s.scalars(select(EventRow).where(EventRow.key == key)).one_or_none()
        if row is None:
            alias = s.scalars(select(KeyAliasRow).where(KeyAliasRow.alias == key)).one_or_none()
            row = alias.event if alias is not None else None
        return row
