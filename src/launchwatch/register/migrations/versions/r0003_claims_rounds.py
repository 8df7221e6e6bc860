"""Claims, local-day rounds, change logs and key aliases.

Schema: ``events`` gain ``local_day`` (the round's local day at the site) and
``simulated``; ``launches`` gain ``flags`` and ``possible_duplicate_of``; new tables
``claims`` (every figure of a launch with its source), ``changes`` (the change log of
each event), ``key_aliases`` and ``register_meta``.

Data: every launch's figures become claims of its first source (``unattributed``
without one; measured records speak as ``launchwatch measurement``), and events are
regrouped into rounds by **local** day at the launch site (schema 0002 grouped by UTC
day): a round split over two UTC days becomes one event, an event holding two local
days becomes two.  Keys are ``<state code>-<local day>``; an old key that no longer names
an event is kept as an alias of the event that now holds its first launch (``get`` and
imports still find it).  Events of no state keep their keys (and are never regrouped).
The data step uses launchwatch's record code of this revision (round keys, implicit
claims) and writes only the columns of this revision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _tables(meta: sa.MetaData) -> dict[str, sa.Table]:
    """The tables as they are at this revision (reflected after the DDL)."""
    bind = op.get_bind()
    meta.reflect(bind=bind, only=["events", "launches", "sources", "claims", "changes", "key_aliases"])
    return meta.tables


def upgrade() -> None:
    # plain ADD COLUMN (no table copy: on SQLite with foreign keys on, a batch copy would
    # drop the old table and cascade the deletion to its launches)
    op.add_column("events", sa.Column("local_day", sa.String(10), nullable=False, server_default=""))
    op.add_column("events", sa.Column("simulated", sa.Boolean, nullable=False,
                                      server_default=sa.false()))
    op.create_index("ix_events_local_day", "events", ["local_day"])
    op.add_column("launches", sa.Column("flags", sa.JSON, nullable=False, server_default="[]"))
    op.add_column("launches", sa.Column("possible_duplicate_of", sa.JSON, nullable=False,
                                        server_default="[]"))
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("launch_id", sa.Integer, sa.ForeignKey("launches.id", ondelete="CASCADE")),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("qualifier", sa.String(12), nullable=False),
        sa.Column("low", sa.Float), sa.Column("high", sa.Float),
        sa.Column("reported", sa.Text), sa.Column("unit", sa.String(32)),
        sa.Column("uncertainty", sa.Float),
        sa.Column("time_precision", sa.String(8)), sa.Column("place_precision", sa.String(8)),
        sa.Column("source", sa.String(256), nullable=False),
        sa.Column("publication", sa.String(256)), sa.Column("url", sa.Text),
        sa.Column("published_utc", sa.DateTime), sa.Column("quote", sa.Text),
        sa.Column("span_start", sa.Integer), sa.Column("span_end", sa.Integer),
        sa.Column("kind", sa.String(12), nullable=False), sa.Column("ref", sa.String(128)),
        sa.Column("confidence", sa.Float), sa.Column("recorded_utc", sa.DateTime),
    )
    op.create_index("ix_claims_launch_id", "claims", ["launch_id"])
    op.create_index("ix_claims_source", "claims", ["source"])
    op.create_index("ix_claims_ref", "claims", ["ref"])
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE")),
        sa.Column("when_utc", sa.DateTime, nullable=False),
        sa.Column("source", sa.String(256), nullable=False),
        sa.Column("launch_seq", sa.Integer), sa.Column("field", sa.String(32), nullable=False),
        sa.Column("old", sa.JSON), sa.Column("new", sa.JSON),
        sa.Column("old_text", sa.Text), sa.Column("new_text", sa.Text), sa.Column("note", sa.Text),
    )
    op.create_index("ix_changes_event_id", "changes", ["event_id"])
    op.create_table(
        "key_aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alias", sa.String(64), nullable=False, unique=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE")),
    )
    op.create_index("ix_key_aliases_event_id", "key_aliases", ["event_id"])
    op.create_table(
        "register_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    _regroup()


def _regroup() -> None:
    from launchwatch.register.claims import implicit_claims, reconcile
    from launchwatch.register.models import Event, Launch, Place, Provenance, Reconstruction, Source
    from launchwatch.register.rows import (
        change_values,
        claim_values,
        event_values,
        launch_values,
        source_values,
    )

    bind = op.get_bind()
    t = _tables(sa.MetaData())
    ev_t, la_t, src_t = t["events"], t["launches"], t["sources"]
    events = bind.execute(sa.select(ev_t).order_by(ev_t.c.start_utc, ev_t.c.key)).mappings().all()
    if not events:
        return
    launches = bind.execute(sa.select(la_t).order_by(la_t.c.event_id, la_t.c.seq)).mappings().all()
    sources = bind.execute(sa.select(src_t).order_by(src_t.c.id)).mappings().all()
    by_launch: dict[int, list] = {}
    for s in sources:
        by_launch.setdefault(s["launch_id"], []).append(s)
    by_event: dict[int, list] = {}
    for r in launches:
        by_event.setdefault(r["event_id"], []).append(r)

    def aware(v):
        if v is None:
            return None
        if isinstance(v, str):
            v = datetime.fromisoformat(v)
        return v.replace(tzinfo=UTC)

    def place(r, p):
        lat, lon = r[f"{p}_lat"], r[f"{p}_lon"]
        return Place(name=r[f"{p}_name"] or "", lat=lat if lon is not None else None,
                     lon=lon if lat is not None else None, uncertainty=r[f"{p}_uncertainty"],
                     key=r[f"{p}_key"])

    now = datetime.now(UTC)
    merged: dict[str, dict] = {}
    for e in events:
        las = []
        for r in by_event.get(e["id"], []):
            prov = r["provenance"] or {}
            la = Launch.model_construct(
                seq=r["seq"], utc=aware(r["utc"]), time_known=bool(r["time_known"]),
                date_precision=r["date_precision"] or "day", site=place(r, "site"),
                missile_name=r["missile_name"], missile_class=r["missile_class"], count=r["count"],
                apogee=r["apogee"], distance=r["distance"], flight_time=r["flight_time"],
                bearing=r["bearing"], landing=place(r, "landing"), regime=r["regime"],
                outcome=r["outcome"], confirmation=r["confirmation"], notes=r["notes"] or "",
                sources=[Source(name=s["name"], url=s["url"], citation=s["citation"],
                                published=aware(s["published_utc"]), fields=list(s["fields"] or []),
                                quote=s["quote"]) for s in by_launch.get(r["id"], [])],
                claims=[], flags=[], possible_duplicate_of=[],
                provenance=Provenance.model_validate(prov if isinstance(prov, dict) else {}),
                reconstruction=None if r["reconstruction"] is None
                else Reconstruction.model_validate(r["reconstruction"]))
            la = Launch.model_validate(la.model_dump())
            la.claims = implicit_claims(la, when=now)
            reconcile(la)
            las.append(la)
        if not las:
            continue
        old = Event(key=e["key"], state=e["state"], title=e["title"], notes=e["notes"] or "",
                    launches=las)
        parts = old.rounds() if e["state"] else [old]
        for part in parts:
            slot = merged.setdefault(part.key, {"event": None, "created": e["created_utc"],
                                                "updated": e["updated_utc"], "aliases": []})
            slot["aliases"] += [a for a in part.aliases if a != part.key]
            if slot["event"] is None:
                slot["event"] = part
            else:
                cur = slot["event"]
                cur.launches.extend(part.launches)
                if part.title and not cur.title:
                    cur.title = part.title
                if part.notes and part.notes not in cur.notes:
                    cur.notes = (cur.notes + "\n" + part.notes).strip()
    bind.execute(src_t.delete())
    bind.execute(la_t.delete())
    bind.execute(ev_t.delete())
    cl_t, ch_t, al_t = t["claims"], t["changes"], t["key_aliases"]
    keys = set(merged)
    for slot in merged.values():
        ev = slot["event"]
        ev.launches.sort(key=lambda la: (not la.time_known, la.utc, la.seq))
        for i, la in enumerate(ev.launches, start=1):
            la.seq = i
        from launchwatch.register.models import Change

        ev.changes = [Change(when=now, source="launchwatch", field="event",
                             new_text="regrouped by local day (schema 0003)")]
        vals = event_values(ev, slot["created"], now.replace(tzinfo=None))
        res = bind.execute(ev_t.insert().values(**_only(ev_t, vals)))
        eid = res.inserted_primary_key[0]
        for la in ev.launches:
            lid = bind.execute(la_t.insert().values(event_id=eid, **_only(la_t, launch_values(la)))
                               ).inserted_primary_key[0]
            for s in la.sources:
                bind.execute(src_t.insert().values(launch_id=lid, **_only(src_t, source_values(s))))
            for c in la.claims:
                bind.execute(cl_t.insert().values(launch_id=lid, **_only(cl_t, claim_values(c))))
        for ch in ev.changes:
            bind.execute(ch_t.insert().values(event_id=eid, **_only(ch_t, change_values(ch))))
        for a in dict.fromkeys(slot["aliases"]):
            if a not in keys:
                bind.execute(al_t.insert().values(alias=a, event_id=eid))
                keys.add(a)


def _only(table: sa.Table, values: dict) -> dict:
    return {k: v for k, v in values.items() if k in table.c}


def downgrade() -> None:
    op.drop_table("register_meta")
    op.drop_table("key_aliases")
    op.drop_table("changes")
    op.drop_table("claims")
    with op.batch_alter_table("launches") as batch:
        batch.drop_column("possible_duplicate_of")
        batch.drop_column("flags")
    with op.batch_alter_table("events") as batch:
        batch.drop_index("ix_events_local_day")
        batch.drop_column("simulated")
        batch.drop_column("local_day")
