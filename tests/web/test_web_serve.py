"""``launchwatch serve`` as a user runs it: a subprocess on a real register file, reached
over HTTP on localhost, stopped with Ctrl-C."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="launchwatch serve needs uvicorn (deps-web.txt)")
pytest.importorskip("fastapi", reason="launchwatch serve needs fastapi (deps-web.txt)")

from _serving import serve_cli


def _call(url: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read())


@contextmanager
def _serve(register: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple[str, list[str]]]:
    """:func:`_serving.serve_cli` with its base URL in place of the port."""
    with serve_cli(register, *args, env=env) as (port, lines):
        yield f"http://127.0.0.1:{port}", lines


def test_serve_subprocess(register_copy: Path) -> None:
    with _serve(register_copy, env={"LAUNCHWATCH_TOKEN": "cli-token"}) as (base, lines):
        assert "(4 events, writes need the token)" in "".join(lines)
        status, health = _call(base + "/api/health")
        assert status == 200 and health["events"] == 4 and health["writes_enabled"]
        body = json.dumps({"text": "SEOUL, Oct. 6, 2022 (Yonhap) -- North Korea fired a short-range "
                                   "ballistic missile from Wonsan at 6:01 a.m.", "commit": True}).encode()
        ctype = {"Content-Type": "application/json"}
        assert _call(base + "/api/ingest", body, ctype)[0] == 401
        assert _call(base + "/api/health")[1]["events"] == 4
        status, res = _call(base + "/api/ingest", body, {**ctype, "Authorization": "Bearer cli-token"})
        assert status == 201 and res["key"] == "KP-2022-10-06"  # 06:01 KST on 6 October
        assert _call(base + "/api/health")[1]["events"] == 5
        # once its cache is filled, the served process's heap is frozen (no full garbage
        # collection scans the modules, rounds and cache again)
        until = time.monotonic() + 120
        while not (health := _call(base + "/api/health")[1])["ready"]:
            assert time.monotonic() < until, health
            time.sleep(0.1)
        assert health["cache"]["warming"]["frozen"] > 10_000
        assert health["cache"]["warming"]["gc_thresholds"] == [10_000, 10, 100]


def test_serve_shows_the_sensors_of_a_file_on_the_globe(register_copy: Path, tmp_path: Path) -> None:
    """``--sensors FILE``: the file's radars and satellites are the globe's sensor packets,
    where the file puts them; a bad file is refused before anything is served."""
    f = tmp_path / "sensors.yaml"
    f.write_text("sensors:\n"
                 "  - {kind: radar, name: r-north, lat_deg: 38.0, lon_deg: 128.5, alt_m: 120}\n"
                 "  - {kind: ir, name: geo-x, lon_deg: 140.0}\n")
    with _serve(register_copy, "--sensors", str(f)) as (base, _):
        with urllib.request.urlopen(base + "/api/globe.czml", timeout=120) as r:
            czml = {p["id"]: p for p in json.loads(r.read())}
    radar, ir = czml["sensor/r-north"], czml["sensor/geo-x"]
    # WGS-84 geodetic to ECEF by hand (a = 6378137 m, f = 1/298.257223563)
    a, e2 = 6378137.0, (2 - 1 / 298.257223563) / 298.257223563
    lat, lon, h = math.radians(38.0), math.radians(128.5), 120.0
    n = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    want = [(n + h) * math.cos(lat) * math.cos(lon), (n + h) * math.cos(lat) * math.sin(lon),
            (n * (1 - e2) + h) * math.sin(lat)]
    assert radar["position"]["cartesian"] == pytest.approx(want, abs=1.0)
    x, y, z = ir["position"]["cartesian"]  # geostationary: on the equator, ~42,164 km from the centre
    assert abs(z) < 1.0 and math.degrees(math.atan2(y, x)) == pytest.approx(140.0, abs=1e-6)
    assert math.hypot(x, y) == pytest.approx(42_164e3, rel=1e-3)
    bad = tmp_path / "bad.yaml"
    bad.write_text("sensors:\n  - {kind: radar, name: r, lat_deg: 95.0, lon_deg: 128.5}\n")
    out = subprocess.run([sys.executable, "-m", "launchwatch", "serve", "--register", str(register_copy),
                          "--port", "0", "--sensors", str(bad)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    err = [ln for ln in out.stderr.splitlines() if ln.strip()]
    assert len(err) == 1 and "lat_deg" in err[0] and "95" in err[0], out.stderr
