"""The read cache filled at start (``launchwatch serve``): every round's page, JSON and
map, the lists and the per-year lists rendered before ``/api/health`` says ready, then
answered from memory."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from launchwatch.register import Register
from launchwatch.web.app import create_app


def test_warm_cache_answers_every_round_from_memory(seeded_register: Path) -> None:
    with Register(seeded_register) as reg:
        keys = reg.keys()
        years = {e.year for e in reg.events()}
        with TestClient(create_app(reg, warm=True, request_budget=600)) as c:
            until = time.monotonic() + 300
            while not (health := c.get("/api/health").json())["ready"]:
                assert time.monotonic() < until, health
                time.sleep(0.1)
            warming = health["cache"]["warming"]
            # 7 lists, 3 URLs per round, 2 per local year; none failed
            assert warming["of"] == 7 + 3 * len(keys) + 2 * len(years)
            assert warming["done"] == warming["of"] and warming["failed"] == 0
            assert warming["preload"] == "ok"  # the sample report read (nothing stored)
            assert len(reg) == len(keys)
            assert health["cache"]["entries"] == warming["of"]
            for k in keys:
                for url in (f"/events/{k}", f"/api/events/{k}", f"/api/events/{k}/map"):
                    before = c.get("/api/health").json()["cache"]
                    r = c.get(url)
                    assert r.status_code == 200 and r.headers.get("x-cache") is None
                    after = c.get("/api/health").json()["cache"]
                    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"]
            # the answers are the ones an app without the cache gives
            with TestClient(create_app(reg, cache=False)) as plain:
                for url in ("/api/events", "/api/timeline", "/api/stats",
                            *(f"/api/events/{k}" for k in keys), *(f"/api/events/{k}/map" for k in keys)):
                    assert c.get(url).json() == plain.get(url).json(), url
