"""Files that are not (or no longer) a register: refused with one clear line, never
written to (issue 11: a one-byte file silently became a new register, another
application's SQLite file got the register's tables, bit-flipped files were written to)."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from pathlib import Path

import pytest

from launchwatch.errors import InputError
from launchwatch.register import Register


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("content", [b"x", b"SQLite", b"SQLite format 3", b"\x00" * 4096,
                                     b"not a database at all\n" * 50],
                         ids=["one-byte", "six-bytes", "header-cut", "zeros", "text"])
def test_a_truncated_or_foreign_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "register.sqlite"
    path.write_bytes(content)
    with pytest.raises(InputError, match="not a register database"):
        Register(path, history=True)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.sqlite"]


def test_another_applications_sqlite_file_is_refused_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        c.execute("INSERT INTO notes (body) VALUES ('keep me')")
    c.close()
    before = _digest(path)
    with pytest.raises(InputError, match=r"not a launchwatch register: it holds other tables \(notes\)"):
        Register(path, history=True)
    assert _digest(path) == before
    with sqlite3.connect(path) as c:
        assert [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["notes"]
    c.close()


def test_a_register_truncated_to_one_byte_is_not_emptied(tmp_path: Path) -> None:
    from test_register_store import _event

    path = tmp_path / "r.sqlite"
    with Register(path) as reg:
        reg.add(_event(5))
    path.write_bytes(path.read_bytes()[:1])
    with pytest.raises(InputError, match="1-byte file"):
        Register(path)
    assert path.stat().st_size == 1


def test_bit_flipped_registers_are_refused_or_read_never_written_when_damaged(tmp_path: Path) -> None:
    from test_register_store import _event

    good = tmp_path / "good.sqlite"
    with Register(good) as reg:
        reg.add([_event(d) for d in (3, 5, 9, 12)])
    data = good.read_bytes()
    rng = random.Random(11)
    refused = opened = 0
    for i in range(40):
        bad = bytearray(data)
        for _ in range(8):  # flip 8 random bits
            pos = rng.randrange(len(bad))
            bad[pos] ^= 1 << rng.randrange(8)
        path = tmp_path / f"flip{i}.sqlite"
        path.write_bytes(bytes(bad))
        try:
            reg = Register(path)
        except InputError as exc:
            assert "register" in str(exc) and "\n" not in str(exc)
            assert path.read_bytes() == bytes(bad), "a refused file was written to"
            refused += 1
            continue
        # opened: SQLite's own check found the file whole; reading it gives records or a
        # clear error, never a traceback of another type
        with reg:
            try:
                reg.dump()
                reg.stats()
            except InputError:
                pass
        opened += 1
    assert refused + opened == 40 and refused > 0


def test_a_plain_path_in_the_environment_is_a_sqlite_file(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAUNCHWATCH_REGISTER_URL", str(tmp_path / "env.sqlite"))
    with Register() as reg:
        assert reg.url == f"sqlite:///{tmp_path / 'env.sqlite'}"
    assert (tmp_path / "env.sqlite").is_file()


def test_an_unusable_url_is_one_clear_error() -> None:
    with pytest.raises(InputError, match="not a usable database URL"):
        Register("nosuchdialect://x/y")


def test_a_creation_stopped_before_the_public_record_loads_it_next_time(tmp_path: Path) -> None:
    from launchwatch.register.store import _PENDING, _migrate, make_engine

    path = tmp_path / "r.sqlite"
    eng = make_engine(f"sqlite:///{path}")
    _migrate(eng, history=True)  # schema made, record not yet stored (a kill here)
    eng.dispose()
    with sqlite3.connect(path) as c:
        row = c.execute("SELECT value FROM register_meta WHERE key='public_record'").fetchone()
        assert row[0] == _PENDING
    c.close()
    with Register(path) as reg:  # opened without the record: left as it is
        assert len(reg) == 0
    with Register(path, history=True) as reg:
        assert len(reg) > 100 and reg.meta()["public_record"] != _PENDING
