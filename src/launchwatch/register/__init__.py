"""The event register: launch events, their storage, statistics, imports, exports and
the ingestion of written reports.

An :class:`Event` (a round) holds :class:`Launch` records; a :class:`Register` stores
them in a database (SQLite by default, any SQLAlchemy URL) with managed migrations.
Importers (:func:`import_cns_json`, :func:`import_csv`, :func:`import_json`) and
exporters (:mod:`launchwatch.register.export`) sit beside it; :func:`ingest_text` turns
a news report into a draft event.  See ``docs/register.md``.
"""

from __future__ import annotations

from .models import Event, Launch, Place, Provenance, Reconstruction, Source
from .store import AddSummary, Register, default_url

__all__ = [
    "AddSummary",
    "Event",
    "Launch",
    "Place",
    "Provenance",
    "Reconstruction",
    "Register",
    "Source",
    "default_url",
]
