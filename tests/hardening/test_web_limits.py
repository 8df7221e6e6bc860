"""The dashboard under hostile use: API bodies and queries never a 500, cross-site posts
refused, reading reports bounded, slow and idle clients closed, the read cache correct
after writes (here and by another process)."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from launchwatch.register import Register
from launchwatch.web.app import create_app

from ._contract import HOSTILE, quick

TOKEN = "hardening-token"
# the apps here get a long request budget: a first reading compiles the flight engine,
# slow on a loaded machine (the budget itself is tested with a short one)
REPORT = ("SEOUL, March 24, 2022 (Yonhap) -- North Korea fired an intercontinental ballistic "
          "missile from the Sunan area at 2:34 p.m., the Joint Chiefs of Staff said. It flew "
          "1,080 km at an apogee of 6,200 km.")


@pytest.fixture(scope="module")
def register_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from launchwatch.register.history import load_history

    path = tmp_path_factory.mktemp("hard-web") / "register.sqlite"
    with Register(path) as reg:
        load_history(reg)
    return path


@pytest.fixture
def private(register_file: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "register.sqlite"
    shutil.copyfile(register_file, dst)
    return dst


@pytest.fixture(scope="module")
def client(register_file: Path, tmp_path_factory) -> Iterator[TestClient]:
    dst = tmp_path_factory.mktemp("hard-web-c") / "register.sqlite"
    shutil.copyfile(register_file, dst)
    with Register(dst) as reg, TestClient(create_app(reg, token=TOKEN, request_budget=600),
                                          raise_server_exceptions=False) as c:
        c.keys = reg.keys()  # type: ignore[attr-defined]
        yield c


def one_line_detail(r) -> str:
    body = r.json()
    assert set(body) == {"detail"}, body
    assert isinstance(body["detail"], str) and "\n" not in body["detail"], body
    return body["detail"]


# -- queries and bodies: never a 500 -------------------------------------------------------
QUERY_KEYS = ["start", "end", "year", "place", "facility", "class", "missile", "outcome",
              "confirmation", "state", "q", "limit", "offset"]
PATHS = ["/api/events", "/api/events.csv", "/api/timeline", "/events", "/timeline"]


@quick(40)
@given(st.sampled_from(PATHS), st.dictionaries(st.sampled_from(QUERY_KEYS),
                                               st.one_of(st.sampled_from(HOSTILE).map(str),
                                                         st.text(max_size=12)), max_size=4))
def test_any_query_is_answered_without_a_500(client, path, params):
    r = client.get(path, params=params)
    assert r.status_code in (200, 400, 422), (path, params, r.status_code, r.text[:300])
    if r.status_code == 422 and path.startswith("/api/"):
        one_line_detail(r)


def test_like_wildcards_do_not_match_everything(client):
    everything = client.get("/api/events", params={"limit": 1}).json()["total"]
    for wild in ("%", "_", "%%", "\\"):
        r = client.get("/api/events", params={"place": wild})
        assert r.status_code in (200, 422)
        if r.status_code == 200:
            assert r.json()["total"] < everything, wild


@quick(40)
@given(st.dictionaries(st.sampled_from(["text", "report_date", "url", "commit", "diff",
                                        "reconstruct", "other"]),
                       st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30)), max_size=5),
       st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded",
                        "multipart/form-data", "application/xml", ""]))
def test_any_ingest_body_is_answered_without_a_500(client, body, ctype):
    try:
        data = json.dumps(body).encode()
    except ValueError:
        return
    r = client.post("/api/ingest", content=data, headers={"content-type": ctype})
    assert r.status_code in (200, 400, 403, 413, 415, 422, 503), (body, ctype, r.status_code,
                                                                  r.text[:300])
    if r.status_code != 200:
        one_line_detail(r)


def test_unknown_event_routes_are_404_not_500(client):
    for path in ("/api/events/한국.kml", "/api/events/%00", "/api/events/x/map", "/events/<b>"):
        r = client.get(path)
        assert r.status_code == 404, (path, r.status_code)


# -- ingest guards ---------------------------------------------------------------------
def test_cross_site_post_is_refused(client):
    r = client.post("/api/ingest", data={"text": REPORT},
                    headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and "cross-site" in one_line_detail(r)
    r = client.post("/api/ingest", content=REPORT.encode(),
                    headers={"content-type": "text/plain", "Origin": "https://evil.example"})
    assert r.status_code == 403 and "evil.example" in one_line_detail(r)
    # the server's own page (same origin) and non-browser clients pass
    r = client.post("/api/ingest", json={"text": REPORT},
                    headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"})
    assert r.status_code == 200, r.text


def test_reports_read_at_once_are_bounded(private, monkeypatch):
    """With both reading slots taken, a third report is a 503 at once (the pages stay
    served); the slots free when the readings end."""
    import launchwatch.register.ingest as ing

    release = threading.Event()
    real = ing.ingest_text

    def slow(*a, **k):
        release.wait(60)
        return real(*a, **k)

    monkeypatch.setattr(ing, "ingest_text", slow)
    app = create_app  # the app below: no token, a long budget
    with Register(private) as reg, TestClient(app(reg, request_budget=600),
                                              raise_server_exceptions=False) as c:
        results: list[int] = []
        threads = [threading.Thread(target=lambda: results.append(
            c.post("/api/ingest", json={"text": REPORT}).status_code)) for _ in range(2)]
        for t in threads:
            t.start()
        gate = c.app.state.ingest_gate
        for _ in range(600):  # both readings have started (an upper bound, not a timing)
            if gate._value == 0:
                break
            time.sleep(0.05)
        r = c.post("/api/ingest", json={"text": REPORT})
        assert r.status_code == 503 and r.headers.get("retry-after")
        assert "being read already" in one_line_detail(r)
        assert c.get("/api/health").status_code == 200
        release.set()
        for t in threads:
            t.join(60)
        assert results == [200, 200]
        assert c.post("/api/ingest", json={"text": REPORT}).status_code == 200


def test_request_over_its_budget_is_a_503(private, monkeypatch):
    import launchwatch.register.ingest as ing

    release = threading.Event()
    real = ing.ingest_text
    monkeypatch.setattr(ing, "ingest_text", lambda *a, **k: (release.wait(30), real(*a, **k))[1])
    try:
        with Register(private) as reg, TestClient(create_app(reg, request_budget=0.5),
                                                  raise_server_exceptions=False) as c:
            r = c.post("/api/ingest", json={"text": REPORT})
            assert r.status_code == 503
            assert "budget of 0.5 s" in one_line_detail(r)
    finally:
        release.set()


# -- the read cache --------------------------------------------------------------------
def test_cache_shows_this_servers_commit_at_once(private):
    with Register(private) as reg, TestClient(create_app(reg, token=TOKEN, stamp_ttl=3600,
                                                         request_budget=600)) as c:
        before = c.get("/api/events", params={"limit": 1}).json()["total"]
        assert c.get("/api/events", params={"limit": 1}).json()["total"] == before  # a hit
        r = c.post("/api/ingest", json={"text": REPORT, "report_date": "2022-03-24", "commit": True},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code in (200, 201), r.text
        stored = r.json()["stored"]
        after = c.get("/api/events", params={"limit": 1}).json()["total"]
        assert after == before + stored.get("added", 0)
        assert c.get("/api/health").json()["events"] == after


def test_cache_shows_another_processes_write_within_the_stamp_ttl(private):
    from datetime import UTC, datetime

    from launchwatch.register import Event, Launch

    with Register(private) as reg, TestClient(create_app(reg, stamp_ttl=0.0, request_budget=600)) as c:
        before = c.get("/api/events", params={"limit": 1}).json()["total"]
        page = c.get("/events").text
        with Register(private) as other:  # another connection, as another process would be
            other.add([Event(state="North Korea", title="written elsewhere", launches=[Launch(
                seq=1, utc=datetime(2031, 1, 2, 3, 4, tzinfo=UTC), time_known=True)])])
        assert c.get("/api/events", params={"limit": 1}).json()["total"] == before + 1
        assert c.get("/events").text != page


# -- slow and idle clients ---------------------------------------------------------------
class _Live:
    """uvicorn with the guarded protocol on a free port, in a thread."""

    def __init__(self, register: Register, header_timeout: float) -> None:
        import uvicorn

        from launchwatch.web.server import GuardedH11Protocol

        proto = type("Quick", (GuardedH11Protocol,), {"header_timeout": header_timeout})
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        app = create_app(register, request_budget=600)
        self.server = uvicorn.Server(uvicorn.Config(app, http=proto, log_level="warning",
                                                    timeout_keep_alive=1, backlog=1024))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> _Live:
        self.thread.start()
        for _ in range(600):
            if self.server.started:
                break
            time.sleep(0.05)
        assert self.server.started
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.sock.close()


def _closed_by_server(s: socket.socket, bound: float = 60.0) -> bool:
    s.settimeout(bound)
    try:
        while True:
            data = s.recv(4096)
            if not data:
                return True
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_slow_header_idle_and_slow_body_clients_are_closed(private):
    with Register(private) as reg, _Live(reg, header_timeout=1.0) as live:
        idle = [socket.create_connection(("127.0.0.1", live.port)) for _ in range(20)]
        slow = []
        for _ in range(30):
            s = socket.create_connection(("127.0.0.1", live.port))
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")  # the head never ends
            slow.append(s)
        # the server keeps answering others meanwhile
        with socket.create_connection(("127.0.0.1", live.port)) as ok:
            ok.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            ok.settimeout(30)
            assert b"200 OK" in ok.recv(4096)
        assert all(_closed_by_server(s) for s in idle + slow)
        for s in idle + slow:
            s.close()


def test_slow_body_is_408(private, monkeypatch):
    import launchwatch.web.ingest as wi

    monkeypatch.setattr(wi, "BODY_TIMEOUT", 1.0)
    with Register(private) as reg, _Live(reg, header_timeout=10.0) as live:
        s = socket.create_connection(("127.0.0.1", live.port))
        s.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                  b"Content-Length: 5000\r\n\r\nNorth Korea fired")
        s.settimeout(30)
        head = s.recv(4096)
        assert b" 408 " in head.split(b"\r\n")[0], head[:200]
        assert _closed_by_server(s)
        s.close()
