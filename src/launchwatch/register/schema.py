"""SQL tables of the register (SQLAlchemy 2 ORM), at the newest schema revision.

The tables are created and upgraded by the Alembic migrations in
``launchwatch/register/migrations/versions`` (never by ``metadata.create_all``), so a
register written by an older launchwatch is upgraded in place when it is opened.
Times are stored as naive UTC; lengths in metres, angles in radians.

Revision 0003 (claims): ``events.local_day`` (the round's local day at the site, the
basis of its key) and ``simulated``; ``launches.flags`` and ``possible_duplicate_of``;
the ``claims`` of every launch, the ``changes`` log of every event, ``key_aliases``
(keys an event was known by before) and ``register_meta`` (e.g. the version of the
public record loaded).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Base", "ChangeRow", "ClaimRow", "EventRow", "KeyAliasRow", "LaunchRow", "MetaRow", "SourceRow"]


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
    local_day: Mapped[str] = mapped_column(String(10), index=True, nullable=False)
    simulated: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    n_missiles: Mapped[int] = mapped_column(Integer, nullable=False)
    created_utc: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_utc: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    launches: Mapped[list[LaunchRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="LaunchRow.seq",
        lazy="selectin")
    changes: Mapped[list[ChangeRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="ChangeRow.id",
        lazy="selectin")
    aliases: Mapped[list[KeyAliasRow]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="KeyAliasRow.id",
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
    flags: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    possible_duplicate_of: Mapped[list[int]] = mapped_column(JSON, nullable=False, default=list)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    reconstruction: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    event: Mapped[EventRow] = relationship(back_populates="launches")
    sources: Mapped[list[SourceRow]] = relationship(
        back_populates="launch", cascade="all, delete-orphan", order_by="SourceRow.id",
        lazy="selectin")
    claims: Mapped[list[ClaimRow]] = relationship(
        back_populates="launch", cascade="all, delete-orphan", order_by="ClaimRow.id",
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


class ClaimRow(Base):
    """One claim of a launch: a figure as one source gave it (value JSON, canonical SI)."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    launch_id: Mapped[int] = mapped_column(ForeignKey("launches.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[Any] = mapped_column(JSON, nullable=False)
    qualifier: Mapped[str] = mapped_column(String(12), nullable=False)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    reported: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(32))
    uncertainty: Mapped[float | None] = mapped_column(Float)
    time_precision: Mapped[str | None] = mapped_column(String(8))
    place_precision: Mapped[str | None] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(256), nullable=False, index=True)
    publication: Mapped[str | None] = mapped_column(String(256))
    url: Mapped[str | None] = mapped_column(Text)
    published_utc: Mapped[datetime | None] = mapped_column(DateTime)
    quote: Mapped[str | None] = mapped_column(Text)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    ref: Mapped[str | None] = mapped_column(String(128), index=True)
    confidence: Mapped[float | None] = mapped_column(Float)
    recorded_utc: Mapped[datetime | None] = mapped_column(DateTime)
    launch: Mapped[LaunchRow] = relationship(back_populates="claims")


class ChangeRow(Base):
    """One line of an event's change log."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    when_utc: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    source: Mapped[str] = mapped_column(String(256), nullable=False)
    launch_seq: Mapped[int | None] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(32), nullable=False)
    old: Mapped[Any] = mapped_column(JSON)
    new: Mapped[Any] = mapped_column(JSON)
    old_text: Mapped[str] = mapped_column(Text, default="")
    new_text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    event: Mapped[EventRow] = relationship(back_populates="changes")


class KeyAliasRow(Base):
    """A key an event was known by before (e.g. a UTC-day key of schema 0002)."""

    __tablename__ = "key_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alias: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    event: Mapped[EventRow] = relationship(back_populates="aliases")


class MetaRow(Base):
    """Facts about the register itself (``public_record``: the version loaded)."""

    __tablename__ = "register_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
