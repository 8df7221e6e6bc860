"""The register's database connection: its URL, the checks made before a file is
opened, the engine (SQLite pragmas, transactions that include DDL, writes that begin
IMMEDIATE) and the write lock that serialises writers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from ...errors import InputError

__all__ = ["busy_timeout_s", "default_url", "make_engine"]


def default_url() -> str:
    """The register's URL: ``$LAUNCHWATCH_REGISTER_URL``, the configuration file's
    ``register_url``, else SQLite in the data directory (see :mod:`launchwatch.config`)."""
    from ...config import settings

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


def busy_timeout_s() -> float:
    """Seconds a writer waits for another one before :class:`~launchwatch.errors.StoreBusy`:
    :data:`launchwatch.register.store.BUSY_TIMEOUT_S`, read at each new connection (so
    that setting it there, as a test does, takes effect)."""
    from .. import store

    return float(store.BUSY_TIMEOUT_S)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # the driver's own transaction handling is off: transactions begin in _sqlite_begin,
    # so that DDL (schema creation, migrations) is inside them too
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_s() * 1000)}")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # a write takes SQLite's write lock when it begins (waiting up to the busy timeout),
    # so that what it read (keys, the stored round) cannot change before it writes
    write = conn.get_execution_options().get("launchwatch_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def make_engine(url: str) -> Engine:
    """An engine for ``url``.

    SQLite gets foreign keys, full sync, a busy timeout of :func:`busy_timeout_s`,
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
            eng = create_engine(url, connect_args={"timeout": busy_timeout_s()})
            event.listen(eng, "connect", _sqlite_pragmas)
            event.listen(eng, "begin", _sqlite_begin)
            return eng
        return create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise InputError("register", url, f"not a usable database URL ({exc})") from None
