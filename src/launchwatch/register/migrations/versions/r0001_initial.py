"""Initial register schema: events, launches, sources.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("state", sa.String(64)),
        sa.Column("title", sa.String(256)),
        sa.Column("notes", sa.Text),
        sa.Column("start_utc", sa.DateTime, nullable=False),
        sa.Column("end_utc", sa.DateTime, nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("n_missiles", sa.Integer, nullable=False),
        sa.Column("created_utc", sa.DateTime, nullable=False),
        sa.Column("updated_utc", sa.DateTime, nullable=False),
    )
    op.create_index("ix_events_state", "events", ["state"])
    op.create_index("ix_events_start_utc", "events", ["start_utc"])
    op.create_index("ix_events_year", "events", ["year"])
    op.create_table(
        "launches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE")),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("utc", sa.DateTime, nullable=False),
        sa.Column("time_known", sa.Boolean, nullable=False),
        sa.Column("site_name", sa.String(256)),
        sa.Column("site_key", sa.String(64)),
        sa.Column("site_lat", sa.Float),
        sa.Column("site_lon", sa.Float),
        sa.Column("site_uncertainty", sa.Float),
        sa.Column("missile_name", sa.String(128)),
        sa.Column("missile_class", sa.String(32)),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("apogee", sa.Float),
        sa.Column("distance", sa.Float),
        sa.Column("bearing", sa.Float),
        sa.Column("landing_name", sa.String(256)),
        sa.Column("landing_key", sa.String(64)),
        sa.Column("landing_lat", sa.Float),
        sa.Column("landing_lon", sa.Float),
        sa.Column("landing_uncertainty", sa.Float),
        sa.Column("regime", sa.String(32)),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("confirmation", sa.String(16), nullable=False),
        sa.Column("notes", sa.Text),
        sa.Column("provenance", sa.JSON, nullable=False),
        sa.UniqueConstraint("event_id", "seq", name="uq_launch_seq"),
    )
    op.create_index("ix_launches_event_id", "launches", ["event_id"])
    op.create_index("ix_launches_site_key", "launches", ["site_key"])
    op.create_index("ix_launches_landing_key", "launches", ["landing_key"])
    op.create_index("ix_launches_missile_class", "launches", ["missile_class"])
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("launch_id", sa.Integer, sa.ForeignKey("launches.id", ondelete="CASCADE")),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("citation", sa.Text),
        sa.Column("published_utc", sa.DateTime),
        sa.Column("fields", sa.JSON, nullable=False),
        sa.Column("quote", sa.Text),
    )
    op.create_index("ix_sources_launch_id", "sources", ["launch_id"])


def downgrade() -> None:
    op.drop_table("sources")
    op.drop_table("launches")
    op.drop_table("events")
