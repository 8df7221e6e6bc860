"""Alembic environment: migrations run on the connection launchwatch hands over.

Run programmatically by :func:`launchwatch.register.store.migrate`, never by the
``alembic`` command: the connection comes in ``config.attributes["connection"]``.
"""

from __future__ import annotations

from alembic import context

from launchwatch.register.schema import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
