"""The register's schema: created or upgraded through Alembic (the scripts in
``launchwatch/register/migrations``), in one write transaction, refusing a damaged
database, a newer revision and another application's tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect

from ...errors import InputError
from ..schema import MetaRow
from .engine import _write_lock

__all__ = ["HEAD", "migrate"]

#: Schema revision written by this version of launchwatch.
HEAD = "0003"
_MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


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
