"""``launchwatch register ...`` and ``launchwatch ingest``: the event register from the shell.

The register is ``$LAUNCHWATCH_REGISTER_URL``, else ``register.sqlite`` in the user data
directory (``$LAUNCHWATCH_DATA_DIR`` moves it); ``--register`` names another (a path or
any SQLAlchemy URL).  A register the command line creates starts with the built-in
public record (the CNS database's facts).  Every command takes ``--json`` for scripts;
writes show their diff first (``--dry-run``: the diff only).

Modules: ``common`` (the group, options and filters), ``query`` (list, show, stats,
export), ``write`` (import, update-history, reconstruct) and ``report`` (ingest).
"""

from __future__ import annotations

from . import query, write  # noqa: F401  (their commands join the group)
from .common import register
from .report import ingest

__all__ = ["ingest", "register"]
