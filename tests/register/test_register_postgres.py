"""The register on a real PostgreSQL server gives what it gives on SQLite.

"Any SQLAlchemy URL" is a promise of the register; this holds it to it on the second
database people actually run: the public record imported into both, then every reading
the CLI and the dashboard use compared, and a failed write checked to leave nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from launchwatch.errors import InputError
from launchwatch.register import Register
from launchwatch.register.importers import read_cns_json


@pytest.fixture(scope="module")
def pair(reference_dir: Path, postgres_server, tmp_path_factory: pytest.TempPathFactory):
    events = read_cns_json(reference_dir / "cns")
    lite = Register(tmp_path_factory.mktemp("pg") / "register.sqlite")
    pg = Register(postgres_server.create_database())
    for reg in (lite, pg):
        reg.add(events)
    yield lite, pg
    lite.close()
    pg.close()


def test_schema_is_created_by_the_migrations(pair) -> None:
    lite, pg = pair
    assert pg.url.startswith("postgresql")
    assert pg.revision == lite.revision != ""


def _timeless(obj):
    """A dump without the times of recording (the two registers were written a moment apart)."""
    if isinstance(obj, dict):
        return {k: _timeless(v) for k, v in obj.items() if k not in ("recorded", "when")}
    if isinstance(obj, list):
        return [_timeless(v) for v in obj]
    return obj


def test_the_public_record_reads_back_the_same(pair) -> None:
    lite, pg = pair
    assert len(pg) == len(lite) > 100
    assert pg.keys() == lite.keys()
    assert _timeless(pg.dump()) == _timeless(lite.dump())
    assert pg.stats() == lite.stats()
    assert pg.timeline() == lite.timeline()


@pytest.mark.parametrize("query", [{"year": 2017}, {"missile_class": "ICBM"}, {"place": "East Sea"},
                                   {"place": "sohae"}, {"state": "north korea"}])
def test_filters_select_the_same_events(pair, query: dict) -> None:
    lite, pg = pair
    a = [e.key for e in lite.events(**query)]
    assert a, query
    assert [e.key for e in pg.events(**query)] == a


def test_a_failed_write_stores_nothing(pair) -> None:
    _, pg = pair
    before = pg.dump()
    good = pg.events(year=2017)[:2]

    def events():
        yield from good
        raise InputError("apogee", -1.0, "must be positive")

    with pytest.raises(InputError, match="apogee"):
        pg.add(events())
    assert pg.dump() == before


def test_reopening_a_postgres_register_keeps_it(pair, postgres_server) -> None:
    _, pg = pair
    again = Register(pg.url)
    try:
        assert again.revision == pg.revision
        assert again.keys() == pg.keys()
    finally:
        again.close()
