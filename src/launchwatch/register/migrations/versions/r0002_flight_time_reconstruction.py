"""Launches gain a reported flight time [s], the flight engine's reconstruction (JSON)
and the precision of their date (day, month or year; existing rows: day).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("launches") as batch:
        batch.add_column(sa.Column("flight_time", sa.Float))
        batch.add_column(sa.Column("reconstruction", sa.JSON))
        batch.add_column(sa.Column("date_precision", sa.String(8), nullable=False,
                                   server_default="day"))


def downgrade() -> None:
    with op.batch_alter_table("launches") as batch:
        batch.drop_column("date_precision")
        batch.drop_column("reconstruction")
        batch.drop_column("flight_time")
