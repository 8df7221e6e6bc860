"""Fixtures of the dashboard tests: a register seeded once per session with the demo's
event (``run_demo(0)``, ~8 s) and hand-made events, copied per test that writes."""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the web dashboard needs fastapi (see deps-web.txt)")
pytest.importorskip("jinja2", reason="the web dashboard needs jinja2 (see deps-web.txt)")

from _webdata import DEMO_KEY

from launchwatch.register import Event, Launch, Place, Register, Source


def _rad(d: float) -> float:
    return math.radians(d)


def hand_made_events() -> list[Event]:
    """Three events written for these tests: an ICBM with a lofted flight, two SRBMs with a
    month-only record, and a space launch with no located site."""
    jcs = Source(name="South Korea Joint Chiefs of Staff", url="https://example.org/jcs")
    icbm = Event(state="North Korea", title="Hwasong-14 test", launches=[Launch(
        seq=1, utc=datetime(2017, 7, 4, 0, 40, tzinfo=UTC), time_known=True,
        site=Place(name="Panghyon", lat=_rad(39.93), lon=_rad(125.2), uncertainty=5e3),
        missile_name="Hwasong-14", missile_class="ICBM", apogee=2802e3, distance=933e3,
        flight_time=2340.0, landing=Place(name="Sea of Japan"), outcome="success",
        confirmation="confirmed", sources=[jcs])])
    srbm = Event(state="North Korea", launches=[
        Launch(seq=1, utc=datetime(2019, 5, 9, 7, 29, tzinfo=UTC), time_known=True,
               site=Place(name="Kusong", lat=_rad(39.98), lon=_rad(125.24)), missile_class="SRBM",
               apogee=50e3, distance=420e3,
               landing=Place(name="Sea of Japan", lat=_rad(39.6), lon=_rad(130.0)),
               sources=[jcs]),
        Launch(seq=2, utc=datetime(2019, 5, 9, 7, 49, tzinfo=UTC), time_known=True,
               site=Place(name="Kusong", lat=_rad(39.98), lon=_rad(125.24)), missile_class="SRBM",
               apogee=40e3, distance=270e3, outcome="failure", sources=[jcs])])
    slv = Event(state="North Korea", launches=[Launch(
        seq=1, utc=datetime(1998, 8, 1, tzinfo=UTC), date_precision="month",
        site=Place(name="Musudan-ri"), missile_name="Taepodong-1", missile_class="SLV")])
    return [icbm, srbm, slv]


@pytest.fixture(scope="session")
def seeded_register(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A register file holding the demo's simulated round and the hand-made ones, without
    the public record (read-only: copy it before writing)."""
    from launchwatch.demo import run_demo

    path = tmp_path_factory.mktemp("web-register") / "register.sqlite"
    Register(path).close()  # made empty first: the demo then adds no public record
    result = run_demo(0, register=path, figures=False)
    assert result.register_keys == [DEMO_KEY]
    with Register(path) as reg:
        reg.add(hand_made_events())
    return path


@pytest.fixture
def register_copy(seeded_register: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the seeded register, for tests that write."""
    dst = tmp_path / "register.sqlite"
    shutil.copyfile(seeded_register, dst)
    yield dst


@pytest.fixture(scope="session")
def fitted_register(seeded_register: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of :func:`seeded_register` whose flights were fitted (``reconstruct(assume=True)``),
    as the globe draws them (read-only: copy it before writing)."""
    from launchwatch.register.reconstruct import reconstruct

    dst = tmp_path_factory.mktemp("fitted-register") / "register.sqlite"
    shutil.copyfile(seeded_register, dst)
    with Register(dst) as reg:
        evs = reg.events()
        reconstruct(evs, assume=True)
        reg.replace(evs)
    return dst


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests' screenshots go: ``$LAUNCHWATCH_SCREENSHOTS`` or a temporary folder."""
    import os

    where = os.environ.get("LAUNCHWATCH_SCREENSHOTS")
    out = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    return out
