"""Register storage: round trips, merging, idempotence, transactions, migrations, kills."""

from __future__ import annotations

import math
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from launchwatch.errors import InputError
from launchwatch.register import Event, Launch, Place, Register, Source
from launchwatch.register.store import HEAD, default_url, make_engine, migrate


def _event(day: int, n: int = 2, source: str = "JCS", state: str = "North Korea", **kw) -> Event:
    return Event(state=state, launches=[
        Launch(seq=i + 1, utc=datetime(2022, 3, day, 1, 10 + i, tzinfo=UTC), time_known=True,
               site=Place(name="Wonsan", lat=math.radians(39.15), lon=math.radians(127.44),
                          uncertainty=10e3, key="wonsan"),
               missile_class="short-range ballistic missile", apogee=50e3, distance=600e3,
               sources=[Source(name=source)], **kw)
        for i in range(n)])


@pytest.fixture
def reg(tmp_path: Path) -> Register:
    r = Register(tmp_path / "reg.sqlite")
    yield r
    r.close()


def test_round_trip_keeps_every_field(reg: Register) -> None:
    ev = _event(5)
    ev.launches[0].landing = Place(name="Sea of Japan", key="sea-of-japan")
    ev.launches[0].notes = "first of two"
    ev.launches[0].sources[0].url = "https://example.org/jcs"
    assert reg.add(ev).added == ["KP-2022-03-05"]  # 01:10 UTC = 10:10 KST on 5 March
    back = reg.get("KP-2022-03-05")
    keep = {"launches": {"__all__": {"claims", "flags"}}, "changes": True}
    assert back.model_dump(exclude=keep) == ev.model_dump(exclude=keep)
    assert back.launches[0].utc.tzinfo is not None
    assert reg.revision == HEAD
    # every figure became a claim of its source, and the change log says the round came in
    fields = {c.field for c in back.launches[0].claims}
    assert fields == {"time", "site", "landing", "distance", "apogee", "missile_class"}
    assert {c.source for c in back.launches[0].claims} == {"JCS"}
    assert [c.field for c in back.changes] == ["event"]


def test_reimport_is_idempotent_and_sources_merge(reg: Register) -> None:
    reg.add([_event(5), _event(9)])
    assert reg.add([_event(5), _event(9)]).unchanged == ["KP-2022-03-05", "KP-2022-03-09"]
    assert len(reg) == 2
    # a second source for the same round: one round, both sources, a gap filled, a
    # disagreement listed as a conflict in km (nothing overwritten)
    other = _event(5, source="Japan Ministry of Defense", bearing=math.radians(70.0))
    other.launches[1].apogee = 60e3
    s = reg.add(other)
    assert s.merged == ["KP-2022-03-05"] and len(reg) == 2
    ev = reg.get("KP-2022-03-05")
    assert [x.name for x in ev.sources] == ["JCS", "Japan Ministry of Defense"]
    assert len(ev.launches) == 2 and ev.n_missiles == 2
    assert ev.launches[0].bearing == pytest.approx(math.radians(70.0))
    from launchwatch.register.claims import conflicts

    assert ev.launches[1].apogee == 50e3  # the first report's, both official (tier 1)
    assert conflicts(ev.launches[1]) == {"apogee": "JCS 50 km; Japan MoD 60 km"}
    assert "another source gives" not in ev.launches[1].notes
    bearing = next(c for c in ev.changes if c.field == "bearing")
    assert (bearing.launch, bearing.source, bearing.old_text, bearing.new_text) == (
        1, "Japan MoD", "", "70 deg")
    assert reg.add(other).unchanged == ["KP-2022-03-05"]  # merging again changes nothing


def test_failed_import_stores_nothing(reg: Register) -> None:
    reg.add(_event(5))
    before = reg.dump()

    def events():
        yield _event(7)
        yield _event(8)
        raise InputError("apogee", -1.0, "must be positive")

    with pytest.raises(InputError, match="apogee"):
        reg.add(events())
    assert reg.dump() == before


def test_queries_round_numbers_and_timeline(reg: Register) -> None:
    reg.add([_event(20), _event(5), _event(9, missile_name="Hwasong-11A")])
    icbm = _event(12)
    for la in icbm.launches:
        la.missile_class = "ICBM"
        la.outcome = "failure"
        la.landing = Place(name="East Sea", key="sea-of-japan")
    reg.add(icbm)
    assert reg.keys() == ["KP-2022-03-05", "KP-2022-03-09", "KP-2022-03-12", "KP-2022-03-20"]
    assert [e.key for e in reg.events(start=date(2022, 3, 9), end=date(2022, 3, 12))] == [
        "KP-2022-03-09", "KP-2022-03-12"]
    assert [e.key for e in reg.events(missile_class="intercontinental ballistic missile")] == [
        "KP-2022-03-12"]
    assert [e.key for e in reg.events(place="Sea of Japan")] == ["KP-2022-03-12"]  # alias
    assert len(reg.events(place="wonsan area")) == 4
    assert [e.key for e in reg.events(outcome="failure")] == ["KP-2022-03-12"]
    assert [e.key for e in reg.events(missile_name="KN-23")] == ["KP-2022-03-09"]  # a designation
    assert [e.key for e in reg.events(state="KP")] == reg.keys()  # the state's code
    assert len(reg.events(text="hwasong")) == 1 and len(reg.events(facility="Wonsan")) == 4
    assert reg.round_number("KP-2022-03-12") == (3, 2022)
    tl = reg.timeline()
    assert [r["round"] for r in tl] == [1, 2, 3, 4] and tl[2]["classes"] == ["ICBM"]
    st = reg.stats()
    assert st["events"] == 4 and st["missiles"] == 8
    assert st["missiles_per_class"] == {"ICBM": 2, "SRBM": 6}
    with pytest.raises(InputError, match="no such event"):
        reg.round_number("KP-1999-01-01")
    with pytest.raises(InputError, match="timezone-aware"):
        reg.events(start=datetime(2022, 3, 1))
    # unknown values are refused with the allowed ones listed
    for kw, words in (({"outcome": "exploded"}, "allowed: success, failure, unknown"),
                      ({"missile_class": "FOO"}, "allowed: CRBM, SRBM"),
                      ({"state": "Atlantis"}, r"allowed: North Korea \(KP\)"),
                      ({"missile_name": "Zorglub-9"}, "allowed: Hwasong-11A"),
                      ({"confirmation": "rumoured"}, "allowed: confirmed, reported"),
                      ({"facility": "Nowhere Base"}, "allowed: Wonsan")):
        with pytest.raises(InputError, match=words):
            reg.events(**kw)
    assert reg.events(missile_class="unknown") == []  # every launch has a class here


def test_impossible_values_are_rejected_naming_field_and_value() -> None:
    from launchwatch.register.models import build

    base = {"utc": "2022-03-05T23:10:00Z"}
    with pytest.raises(InputError, match=r"distance=-5000\.0"):
        build(Launch, {**base, "distance": -5000.0})
    with pytest.raises(InputError, match=r"apogee=200000000\.0: Input should be less than or equal to 1"):
        build(Launch, {**base, "apogee": 2e8})
    with pytest.raises(InputError, match="timezone-aware"):
        build(Launch, {"utc": "2022-03-05T23:10:00"})


def test_default_url_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("LAUNCHWATCH_REGISTER_URL", raising=False)
    monkeypatch.setenv("LAUNCHWATCH_DATA_DIR", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'register.sqlite'}"
    with Register() as r:
        assert len(r) == 0
    assert (tmp_path / "data" / "register.sqlite").is_file()
    monkeypatch.setenv("LAUNCHWATCH_REGISTER_URL", "sqlite:///:memory:")
    assert default_url() == "sqlite:///:memory:"


def test_register_of_the_first_schema_opens_upgraded(tmp_path: Path) -> None:
    """A register written at schema 0001 (before flight_time/reconstruction/date_precision)."""
    path = tmp_path / "old.sqlite"
    eng = make_engine(f"sqlite:///{path}")
    assert migrate(eng, "0001") == "0001"
    with eng.begin() as c:
        c.execute(text("INSERT INTO events (id, key, state, notes, start_utc, end_utc, year, n_missiles, "
                       "created_utc, updated_utc) VALUES (1, 'KP-2017-07-04', 'North Korea', '', "
                       "'2017-07-04 00:40:00', '2017-07-04 00:40:00', 2017, 1, '2020-01-01 00:00:00', "
                       "'2020-01-01 00:00:00')"))
        c.execute(text("INSERT INTO launches (id, event_id, seq, utc, time_known, site_name, count, "
                       "apogee, distance, outcome, confirmation, notes, provenance, missile_class) "
                       "VALUES (1, 1, 1, '2017-07-04 00:40:00', 1, 'Panghyon', 1, 2802000.0, 933000.0, "
                       "'success', 'confirmed', '', '{\"kind\": \"reported\"}', 'ICBM')"))
        c.execute(text("INSERT INTO sources (launch_id, name, fields) VALUES (1, 'KCNA', '[]')"))
    eng.dispose()
    with Register(path) as r:
        assert r.revision == HEAD
        ev = r.get("KP-2017-07-04")  # 00:40 UTC + 8:30 = 09:10 on 4 July 2017
        la = ev.launches[0]
        assert la.date_precision == "day" and la.flight_time is None and la.reconstruction is None
        assert la.apogee == 2802000.0 and ev.sources[0].name == "KCNA"
        assert {c.source for c in la.claims} == {"KCNA"}
        r.add(Event(key=ev.key, state=ev.state, launches=[la.model_copy(update={
            "claims": [], "flight_time": 2400.0, "sources": [Source(name="JCS")]})]))
        assert r.get("KP-2017-07-04").launches[0].flight_time == 2400.0


def _v2_register(path: Path) -> None:
    """A register at schema 0002, keyed by UTC day: the 8 May 2025 round as two events, and
    KP-2023-12-17 holding a 17 Dec night launch and an 18 Dec morning one."""
    eng = make_engine(f"sqlite:///{path}")
    assert migrate(eng, "0002") == "0002"
    rows = [  # event id, key, launch id, seq, utc, distance km
        (1, "KP-2025-05-07", 1, 1, "2025-05-07 23:10:00", 250.0),
        (1, "KP-2025-05-07", 2, 2, "2025-05-07 23:10:00", 250.0),
        (2, "KP-2025-05-08", 3, 1, "2025-05-08 00:20:00", 800.0),
        (3, "KP-2023-12-17", 4, 1, "2023-12-17 13:37:00", 570.0),
        (3, "KP-2023-12-17", 5, 2, "2023-12-17 23:24:00", 1002.0)]
    with eng.begin() as c:
        for eid, key in {(r[0], r[1]) for r in rows}:
            c.execute(text("INSERT INTO events (id, key, state, notes, start_utc, end_utc, year, "
                           "n_missiles, created_utc, updated_utc) VALUES (:i, :k, 'North Korea', "
                           "'kept', '2025-01-01', '2025-01-01', 2025, 1, '2026-01-01', '2026-01-01')"),
                      {"i": eid, "k": key})
        for eid, _key, lid, seq, utc, km in rows:
            c.execute(text("INSERT INTO launches (id, event_id, seq, utc, time_known, date_precision, "
                           "site_name, site_lat, site_lon, count, distance, outcome, confirmation, "
                           "notes, provenance) VALUES (:l, :e, :s, :u, 1, 'day', 'Wonsan', 0.6836, "
                           "2.2249, 1, :d, 'unknown', 'reported', '', '{\"kind\": \"reported\"}')"),
                      {"l": lid, "e": eid, "s": seq, "u": utc, "d": km * 1e3})
            c.execute(text("INSERT INTO sources (launch_id, name, fields) VALUES (:l, 'CNS', '[]')"),
                      {"l": lid})
    eng.dispose()


def test_a_register_keyed_by_utc_day_is_regrouped_by_local_day(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite"
    _v2_register(path)
    with Register(path) as r:
        assert r.keys() == ["KP-2023-12-17", "KP-2023-12-18", "KP-2025-05-08"]
        may = r.get("KP-2025-05-08")
        assert [la.distance for la in may.launches] == [250e3, 250e3, 800e3]
        assert [la.seq for la in may.launches] == [1, 2, 3] and may.notes == "kept"
        assert r.get("KP-2025-05-07").key == "KP-2025-05-08"  # the old key still finds it
        assert [la.distance for la in r.get("KP-2023-12-17").launches] == [570e3]
        assert [la.distance for la in r.get("KP-2023-12-18").launches] == [1002e3]
        assert r.round_number("KP-2025-05-08") == (1, 2025)
        assert {c.source for la in may.launches for c in la.claims} == {"CNS"}
        # an import of the old key finds the regrouped round
        again = r.add(Event(key="KP-2025-05-07", state="North Korea", launches=[
            Launch(utc=datetime(2025, 5, 7, 23, 10, tzinfo=UTC), time_known=True,
                   site=Place(name="Wonsan", lat=0.6836, lon=2.2249), distance=250e3,
                   sources=[Source(name="CNS")])]))
        assert again.added == [] and len(r) == 3


def test_newer_or_foreign_databases_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    Register(path).close()
    with sqlite3.connect(path) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(InputError, match="newer than this launchwatch"):
        Register(path)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(InputError, match="not a register database"):
        Register(junk)


_LONG_IMPORT = textwrap.dedent("""
    import sys, time
    from datetime import UTC, datetime, timedelta
    from launchwatch.register import Event, Launch, Register

    reg = Register(sys.argv[1])

    def events():
        for i in range(100_000):
            yield Event(state="Testland", launches=[
                Launch(utc=datetime(2030, 1, 1, tzinfo=UTC) + timedelta(days=i), apogee=1e5)])

    def progress(i, ev):
        if i == 300:
            print("MIDWAY", flush=True)
        if i >= 300:
            time.sleep(0.002)

    reg.add(events(), progress=progress)
    print("DONE", flush=True)
""")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_killed_import_leaves_the_previous_content(tmp_path: Path, sig: signal.Signals) -> None:
    path = tmp_path / "reg.sqlite"
    with Register(path) as r:
        r.add([_event(5), _event(9)])
        before = r.dump()
    script = tmp_path / "long_import.py"
    script.write_text(_LONG_IMPORT)
    with subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}) as proc:
        try:
            line = proc.stdout.readline()
            assert line.strip() == "MIDWAY"
            # the import is mid-transaction (300 events written, not committed): it holds
            # SQLite's write lock, so another writer cannot begin
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
            proc.send_signal(sig)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == -sig
    with Register(path) as r:
        assert r.dump() == before and len(r) == 2
        with r.engine.connect() as c:
            assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        r.add(_event(20))  # still writable
        assert len(r) == 3


def test_like_wildcards_in_filters_match_literally(reg: Register) -> None:
    # issue 11: place=% or _ matched every event
    reg.add([_event(5), _event(9, source="Agency_50%")])
    assert reg.events(place="%") == [] and reg.events(place="_") == []
    assert reg.events(text="%") != [] and [e.key for e in reg.events(text="_50%")] == [reg.keys()[1]]
    assert reg.events(text="JC_") == [] and len(reg.events(text="JCS")) == 1
    assert len(reg.events(place="Wonsan")) == 2 and reg.events(place="Won_an") == []
