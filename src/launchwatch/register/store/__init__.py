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

The package by concern: :mod:`.engine` (URL, file checks, the engine and the write
lock), :mod:`.refusals` (the database's errors as the register's), :mod:`.migrating`
(the schema through Alembic), :mod:`.register` (the :class:`Register` and its sessions),
:mod:`.writes` and :mod:`.queries` (what it writes and reads).
"""

from __future__ import annotations

from .engine import busy_timeout_s, default_url, make_engine
from .migrating import _PENDING as _PENDING
from .migrating import HEAD, migrate
from .migrating import _migrate as _migrate
from .register import Register
from .writes import AddSummary

__all__ = ["BUSY_TIMEOUT_S", "HEAD", "AddSummary", "Register", "busy_timeout_s", "default_url",
           "make_engine", "migrate"]

#: Seconds a writer waits for another one before :class:`~launchwatch.errors.StoreBusy`
#: (read at each new connection: a change here takes effect for the next one).
BUSY_TIMEOUT_S = 30.0

# (_PENDING and _migrate: the creation steps, imported from here by the register's tests)
