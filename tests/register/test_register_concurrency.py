"""Concurrent writers with real processes, on SQLite and on a real PostgreSQL server.

Reproduces issue 11's findings: four imports started at once on a new file lost an
importer's events ("holds register tables without a schema revision"); two imports of
the same keys died with ``IntegrityError``; kill -9 in the first milliseconds of a new
register left a file refused for good.  The campaigns live in
``bench/bench_register_concurrency.py`` (100 runs each there, figures in BENCHMARKS.md);
here a few runs of each, every run checked from the stored content.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from launchwatch.errors import InputError, StoreBusy, StoreConflict, StoreError
from launchwatch.register import Register
from launchwatch.register import store as store_mod

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_register_concurrency.py"


def _campaign(*args: str) -> dict:
    out = subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True,
                         timeout=900)
    assert out.stdout.strip(), out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("campaign", ["create", "same-keys", "kill"])
def test_concurrent_writers_on_sqlite(campaign: str) -> None:
    res = _campaign("--campaign", campaign, "--runs", "4", "--writers", "4")
    assert res["runs"] == 4
    assert res["passed"] == 4, res["failures"]


@pytest.mark.parametrize("campaign", ["create", "same-keys", "kill"])
def test_concurrent_writers_on_postgresql(campaign: str, postgres_server) -> None:
    urls = [postgres_server.create_database() for _ in range(3)]
    args = ["--campaign", campaign, "--runs", "3", "--writers", "4"]
    for u in urls:
        args += ["--url", u]
    res = _campaign(*args)
    assert res["passed"] == 3, res["failures"]


def test_sqlite_register_is_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    with Register(path) as reg:
        with reg.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
    with sqlite3.connect(path) as c:  # persistent in the file
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_writer_kept_waiting_gets_store_busy_and_stores_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from test_register_store import _event

    path = tmp_path / "r.sqlite"
    Register(path).close()
    monkeypatch.setattr(store_mod, "BUSY_TIMEOUT_S", 0.3)
    reg = Register(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's write in progress
    t0 = time.perf_counter()
    with pytest.raises(StoreBusy, match="busy") as info:
        reg.add(_event(5))
    assert time.perf_counter() - t0 < 10
    assert isinstance(info.value, StoreError) and isinstance(info.value, TimeoutError)
    other.execute("ROLLBACK")
    other.close()
    assert len(reg) == 0
    # readers are not blocked by a writer (WAL): a read during another write succeeds
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    assert reg.keys() == []
    other.execute("ROLLBACK")
    other.close()
    reg.add(_event(5))
    assert len(reg) == 1
    reg.close()


def test_a_writer_waits_for_another_and_then_stores(tmp_path: Path) -> None:
    from test_register_store import _event

    path = tmp_path / "r.sqlite"
    reg = Register(path)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: other.execute("COMMIT")).start()
    reg.add(_event(5))  # waits for the lock, then writes
    assert len(reg) == 1
    other.close()
    reg.close()


def test_a_stale_plan_is_a_store_conflict(tmp_path: Path) -> None:
    from test_register_store import _event

    with Register(tmp_path / "r.sqlite") as reg:
        reg.add(_event(5, source="JCS"))
        plan = reg.plan(_event(5, source="Japan MoD"))
        reg.add(_event(5, source="Yonhap"))
        with pytest.raises(StoreConflict, match="changed since this diff") as info:
            reg.apply(plan)
        assert isinstance(info.value, InputError)  # the CLI exits 2, the web answers 409
