"""SQL tables of the register (SQLAlchemy 2 ORM), at the newest schema revision.

The tables are created and upgraded by the Alembic migrations in
``launchwatch/register/migrations/versions`` (never by ``metadata.create_all``), so a
register written by an older launchwatch is upgraded in place when it is opened.
Times are stored as naive UTC; lengths in metres, angles in radians.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Base", "EventRow", "LaunchRow", "SourceRow"]


class Base(DeclarativeBase):
    """Declarative base of the register's tables."""


class EventRow(Base):
    """One event (a round)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    state: Mapped[str | None] = mapped_column(String(64), index=True)
    title: Mapped[str | None] = mapped_column(String(256))
    notes: Mapped[str] = mapped_column(Text, default="")
    start_utc: Mapped[datetime] = mapped_column(DateTime, index=True, nullable=False)
    end_utc: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    year: Mapped[int] = mapped_column(Integer, index=True, nullable=False)
    n_missiles: Mapped[int] = mapped_column(Integer, nullable=False)
    created_utc: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_utc: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    launches: Mapped[list[LaunchRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="LaunchRow.seq",
        lazy="selectin")


class LaunchRow(Base):
    """One launch of an event."""

    __tablename__ = "launches"
    __table_args__ = (UniqueConstraint("event_id", "seq", name="uq_launch_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    utc: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    time_known: Mapped[bool] = mapped_column(Boolean, nullable=False)
    date_precision: Mapped[str] = mapped_column(String(8), nullable=False, default="day")
    site_name: Mapped[str] = mapped_column(String(256), default="")
    site_key: Mapped[str | None] = mapped_column(String(64), index=True)
    site_lat: Mapped[float | None] = mapped_column(Float)
    site_lon: Mapped[float | None] = mapped_column(Float)
    site_uncertainty: Mapped[float | None] = mapped_column(Float)
    missile_name: Mapped[str | None] = mapped_column(String(128))
    missile_class: Mapped[str | None] = mapped_column(String(32), index=True)
    count: Mapped[int] = mapped_column(Integer, nullable=False)
    apogee: Mapped[float | None] = mapped_column(Float)
    distance: Mapped[float | None] = mapped_column(Float)
    flight_time: Mapped[float | None] = mapped_column(Float)
    bearing: Mapped[float | None] = mapped_column(Float)
    landing_name: Mapped[str] = mapped_column(String(256), default="")
    landing_key: Mapped[str | None] = mapped_column(String(64), index=True)
    landing_lat: Mapped[float | None] = mapped_column(Float)
    landing_lon: Mapped[float | None] = mapped_column(Float)
    landing_uncertainty: Mapped[float | None] = mapped_column(Float)
    regime: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16), nullable=False)
    confirmation: Mapped[str] = mapped_column(String(16), nullable=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    reconstruction: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    event: Mapped[EventRow] = relationship(back_populates="launches")
    sources: Mapped[list[SourceRow]] = relationship(
        back_populates="launch", cascade="all, delete-orphan", order_by="SourceRow.id",
        lazy="selectin")


class SourceRow(Base):
    """One source of a launch: who reported it, with a link or citation."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    launch_id: Mapped[int] = mapped_column(ForeignKey("launches.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(256), nullable=False)
    url: Mapped[str | None] = mapped_column(Text)
    citation: Mapped[str | None] = mapped_column(Text)
    published_utc: Mapped[datetime | None] = mapped_column(DateTime)
    fields: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    quote: Mapped[str | None] = mapped_column(Text)
    launch: Mapped[LaunchRow] = relationship(back_populates="sources")
