"""A register whose cells were damaged (the fuzz campaign's bit flips that SQLite's own
checks do not see) gives one clear "damaged register" line naming the file, exit 2, and
is never written to.

The damage is made exactly with ``sqlite3``, reproducing the three tracebacks the fuzz
campaign found (seed 2, cases 2270, 2488, 4514): a date cell that no longer holds text
(SQLAlchemy's ``fromisoformat`` processor raised ``TypeError``) and a claim's text span
with one end lost (``int(None)`` in ``rows.py``).
"""

from __future__ import annotations

import hashlib
import math
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from launchwatch.cli import main
from launchwatch.errors import InputError
from launchwatch.register import Register
from launchwatch.register.claims import Claim
from launchwatch.register.models import Event, Launch, Place, Source

MOD = "Japan Ministry of Defense"

DAMAGE = {
    "launch time not text": "UPDATE launches SET utc = 12345 WHERE id = (SELECT min(id) FROM launches)",
    "event time a blob": "UPDATE events SET updated_utc = x'00ff' WHERE id = (SELECT min(id) FROM events)",
    "span end lost": "UPDATE claims SET span_start = 3, span_end = NULL "
                     "WHERE id = (SELECT min(id) FROM claims)",
    "launch time lost": "UPDATE launches SET utc = NULL WHERE id = (SELECT min(id) FROM launches)",
}


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("good") / "good.sqlite"
    site = Place(name="Wonsan", lat=math.radians(39.15), lon=math.radians(127.44))
    events = [Event(state="North Korea", launches=[Launch(
        seq=1, utc=datetime(2022, 3, day, 1, 10, tzinfo=UTC), site=site, distance=600e3,
        sources=[Source(name=MOD)],
        claims=[Claim(field="distance", value=600e3, reported="about 373 miles", unit="miles",
                      source=MOD, span=(10, 25))])]) for day in (3, 5, 9)]
    with Register(path) as reg:
        reg.add(events)
    return path


def _damaged(good: Path, tmp_path: Path, sql: str) -> Path:
    path = tmp_path / "damaged.sqlite"
    shutil.copy(good, path)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA ignore_check_constraints = ON")
        if "utc = NULL" in sql:  # NOT NULL column: what a bit flip of the type byte does
            con.execute("PRAGMA writable_schema = ON")
            con.execute("UPDATE sqlite_master SET sql = replace(sql, 'utc DATETIME NOT NULL', "
                        "'utc DATETIME') WHERE name = 'launches'")
            con.commit()
            con.close()
            con = sqlite3.connect(path)
        con.execute(sql)
        con.commit()
    finally:
        con.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("what", list(DAMAGE))
def test_reading_a_damaged_cell_is_one_damaged_register_line(good, tmp_path, what) -> None:
    path = _damaged(good, tmp_path, DAMAGE[what])
    with Register(path) as reg:
        with pytest.raises(InputError) as info:
            reg.events()
        with pytest.raises(InputError):
            reg.dump()
    text = str(info.value)
    assert "damaged register" in text and str(path) in text and "\n" not in text


@pytest.mark.parametrize("what", list(DAMAGE))
def test_the_command_line_exits_2_and_leaves_the_file_unchanged(good, tmp_path, capsys, what) -> None:
    path = _damaged(good, tmp_path, DAMAGE[what])
    before = _digest(path)
    for args in (["register", "list", "--register", str(path)],
                 ["register", "export", str(tmp_path / "out.json"), "--register", str(path)]):
        with pytest.raises(SystemExit) as info:
            main(args)
        err = capsys.readouterr().err.strip()
        assert info.value.code == 2, err
        assert "damaged register" in err and str(path) in err and "\n" not in err
        assert "Traceback" not in err
    assert _digest(path) == before, "a damaged register was written to"
