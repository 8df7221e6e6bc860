"""Shared fixtures: the reference data folder beside the checkout.

``../shared/reference`` (or ``$LAUNCHWATCH_REFERENCE``) holds data nobody here wrote (the
NESC check cases, the CNS compilation).  In CI (``$CI`` set, as ``.ci/run`` does) a test
that needs it **fails** when it is missing: a broken set-up must not pass as skips.
Elsewhere such a test skips, saying why.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# property-based tests keep their own quick sizes; ``pytest --hypothesis-profile long`` runs
# them (tests/hardening: every parser) with many more cases (bench/bench_fuzz.py: the campaign)
settings.register_profile("long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SHARED = Path(__file__).resolve().parents[2] / "shared"
REFERENCE = Path(os.environ.get("LAUNCHWATCH_REFERENCE", SHARED / "reference"))


def in_ci() -> bool:
    """True when running under CI (``$CI`` set to anything but an empty string, 0 or false)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """``../shared/reference`` (``$LAUNCHWATCH_REFERENCE``): fails in CI when absent, else skips."""
    if not REFERENCE.is_dir():
        msg = (f"reference data not found at {REFERENCE} (CI has ../shared beside the checkout; "
               "LAUNCHWATCH_REFERENCE points elsewhere)")
        if in_ci():
            pytest.fail(msg)
        pytest.skip(msg)
    return REFERENCE


def pytest_sessionstart(session: pytest.Session) -> None:
    """Drop numba's on-disk caches when a kernel source is newer than them.

    numba invalidates a cached function when its own file changes, not when a kernel it
    calls from another module (earth/_kernels.py) does; stale machine code would then
    test old physics.
    """
    src = Path(__file__).resolve().parents[1] / "src" / "launchwatch"
    if not src.is_dir():
        return
    sources = [p.stat().st_mtime for p in src.rglob("*.py")]
    caches = list(src.rglob("*.nbi")) + list(src.rglob("*.nbc"))
    if caches and sources and max(sources) > min(p.stat().st_mtime for p in caches):
        for p in caches:
            p.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session (see ``tests/pgserver.py``); fails, never
    skips, when the server binaries are missing (the test command installs them)."""
    from pgserver import PostgresServer

    try:
        server = PostgresServer().start()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def kml_schema():
    """The OGC KML 2.2 XML schema shipped in the pykml wheel, read offline with lxml (the
    xAL import's remote location resolved to the copy beside it): ``schema.validate(root)``."""
    from importlib.util import find_spec

    from lxml import etree

    folder = Path(find_spec("pykml").submodule_search_locations[0]) / "schemas"

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):
            name = url.rsplit("/", 1)[-1]
            return self.resolve_filename(str(folder / name), context) if (folder / name).is_file() else None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return etree.XMLSchema(etree.parse(str(folder / "ogckml22.xsd"), parser))
