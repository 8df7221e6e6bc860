"""What the dashboard knows of the register while it is under load: the versions read
by one asker at a time while the others are answered the last reading, a write through
this server always read back, and ``/api/health`` answered ahead of the routing."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from launchwatch.register import Register
from launchwatch.web.api import Health
from launchwatch.web.app import create_app
from launchwatch.web.cache import RegisterView, Version
from launchwatch.web.cache import view as view_mod


def _versions(n: int) -> dict[str, Version]:
    return {f"K{i}": Version(i, f"t{i}", "KP", 2020, "2020-01-01", f"s{i}", False) for i in range(n)}


class _Readings:
    """A stand-in for the register's versions query: each reading blocks until released
    and returns the versions the register holds at the moment it *started*."""

    def __init__(self) -> None:
        self.held = 1
        self.started = 0
        self.gate = threading.Event()

    def __call__(self, _reg) -> dict[str, Version]:
        self.started += 1
        held = self.held
        assert self.gate.wait(30), "reading never released"
        return _versions(held)


def test_askers_during_a_reading_get_the_last_generation(monkeypatch) -> None:
    readings = _Readings()
    monkeypatch.setattr(view_mod, "read_versions", readings)
    view = RegisterView(object(), ttl=0.0)

    async def main() -> None:
        readings.gate.set()
        assert await view.current() == 1 and view.count == 1  # the first reading: waited for
        readings.gate.clear()
        readings.held = 2
        first = asyncio.ensure_future(view.current())  # reads again (ttl 0), blocked
        while readings.started < 2:
            await asyncio.sleep(0.01)
        # a second asker while that reading runs: answered at once, from the last reading
        assert await asyncio.wait_for(view.current(), 5) == 1 and view.count == 1
        assert readings.started == 2  # and it started no reading of its own
        readings.gate.set()
        assert await first == 2 and view.count == 2

    asyncio.run(main())


def test_a_write_during_a_reading_is_read_again(monkeypatch) -> None:
    """A write through this server ending while a reading (begun before it) runs: every
    asker waits, and the reading after it, not the one in flight, is taken as fresh."""
    readings = _Readings()
    monkeypatch.setattr(view_mod, "read_versions", readings)
    view = RegisterView(object(), ttl=3600.0)

    async def main() -> None:
        readings.gate.set()
        await view.current()
        readings.gate.clear()
        view.invalidate()  # some change: read on the next ask
        first = asyncio.ensure_future(view.current())
        while readings.started < 2:
            await asyncio.sleep(0.01)
        readings.held = 2   # the write is stored after that reading began ...
        view.invalidate()   # ... and ends while it runs
        waiting = asyncio.ensure_future(view.current())
        await asyncio.sleep(0.05)
        assert not waiting.done()  # after a write here no one is answered the old reading
        readings.gate.set()
        await first
        assert await waiting == 2 and view.count == 2
        assert readings.started == 3  # the one in flight did not count as fresh
        assert await view.current() == 2 and readings.started == 3  # now fresh (ttl 1 h)

    asyncio.run(main())


def test_health_ahead_of_routing_is_the_documented_answer(seeded_register: Path) -> None:
    with Register(seeded_register) as reg, TestClient(create_app(reg, token="t")) as c:
        r = c.get("/api/health")
        assert r.status_code == 200 and r.headers["content-type"] == "application/json"
        h = Health.model_validate(r.json())
        assert h.events == len(reg) and h.writes_enabled and h.ready
        assert set(r.json()) == set(Health.model_fields)  # the OpenAPI schema's fields
        assert "default-src 'self'" in r.headers["content-security-policy"]
        assert r.headers["cache-control"] == "no-store"
        head = c.head("/api/health")
        assert head.status_code == 200 and head.content == b""
        assert c.post("/api/health").status_code == 405  # only reads are answered early


def test_list_lines_follow_their_round_after_writes_elsewhere(register_copy: Path) -> None:
    """The lists' lines are drawn once per version of their round: a write by another
    process shows in them (a round added earlier in the year renumbers the later ones;
    a round rewritten shows its new title), on the page and in the JSON."""
    from datetime import UTC, datetime

    from launchwatch.register import Event, Launch

    with Register(register_copy) as reg, TestClient(create_app(reg, stamp_ttl=0.0, max_stale=0.0,
                                                               request_budget=600)) as c:
        def line(key: str) -> dict:
            return next(e for e in c.get("/api/events").json()["events"] if e["key"] == key)

        icbm = next(e for e in reg.events(year=2017) if not e.simulated)
        assert line(icbm.key)["round_of_year"] == 1 and "Hwasong-14 test" in c.get("/events").text
        with Register(register_copy) as other:  # another connection, as another process
            other.add([Event(state="North Korea", title="a January round", launches=[
                Launch(seq=1, utc=datetime(2017, 1, 2, 3, 4, tzinfo=UTC), time_known=True)])])
        assert line(icbm.key)["round_of_year"] == 2
        new = next(e for e in c.get("/api/events").json()["events"] if e["title"] == "a January round")
        assert new["round_of_year"] == 1
        with Register(register_copy) as other:
            other.replace([icbm.model_copy(update={"title": "Hwasong-14, first test"})])
        assert line(icbm.key)["title"] == "Hwasong-14, first test"
        page = c.get("/events").text
        assert "Hwasong-14, first test" in page and "Hwasong-14 test" not in page
