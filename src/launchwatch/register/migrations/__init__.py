"""Alembic migrations of the register's schema (run by :mod:`launchwatch.register.store`)."""
