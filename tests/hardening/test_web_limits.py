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
from _serving import public_record_register
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
    return public_record_register(tmp_path_factory.mktemp("hard-web"))


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
def _fresh(c: TestClient, url: str, params: dict | None = None, timeout: float = 60.0):
    """The first answer to ``url`` that is not marked stale (a stale one starts its new
    rendering in the background)."""
    until = time.monotonic() + timeout
    while True:
        r = c.get(url, params=params)
        if r.headers.get("x-cache") != "stale" or time.monotonic() > until:
            return r
        time.sleep(0.05)


def _add_elsewhere(path: Path, utc, title: str) -> str:
    from launchwatch.register import Event, Launch

    with Register(path) as other:  # another connection, as another process would be
        ev = Event(state="North Korea", title=title, launches=[Launch(seq=1, utc=utc, time_known=True)])
        other.add([ev])
        return other.events(text=title)[0].key


def test_cache_shows_this_servers_commit(private):
    with Register(private) as reg, TestClient(create_app(reg, token=TOKEN, stamp_ttl=3600,
                                                         request_budget=600)) as c:
        before = c.get("/api/events", params={"limit": 1}).json()["total"]
        assert c.get("/api/events", params={"limit": 1}).json()["total"] == before  # a hit
        report = REPORT.replace("March 24, 2022", "March 27, 2031").replace("2:34", "4:10")
        r = c.post("/api/ingest", json={"text": report, "report_date": "2031-03-27", "commit": True},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 201, r.text
        assert r.json()["stored"]["added"] == 1
        # the write is seen at once (no waiting for the hour-long stamp_ttl): the old list
        # at most once more, marked stale, while the new one is drawn
        assert _fresh(c, "/api/events", {"limit": 1}).json()["total"] == before + 1
        assert c.get("/api/health").json()["events"] == before + 1
        key = r.json()["key"]
        assert c.get(f"/api/events/{key}").status_code == 200  # a new round: never stale


def test_cache_invalidates_only_what_another_processes_write_touched(private):
    from datetime import UTC, datetime

    with Register(private) as reg, TestClient(create_app(reg, stamp_ttl=0.0, request_budget=600)) as c:
        keys = reg.keys()
        old = next(k for k in keys if k.startswith("KP-1993"))  # another year
        same_year = [e for e in reg.events(year=2017, state="KP") if not e.simulated]
        later = same_year[-1].key  # the last round of 2017: its number moves up by one
        n_later = c.get(f"/api/events/{later}").json()["round_of_year"]
        assert n_later == len(same_year)
        for url in ("/api/events", "/events", f"/events/{old}", f"/api/events/{old}",
                    f"/api/events/{later}", "/api/events?year=1993"):
            assert c.get(url).status_code == 200
            assert c.get(url).headers.get("x-cache") is None  # a fresh hit
        before = c.get("/api/events", params={"limit": 1}).json()["total"]
        page = c.get("/events").text
        new = _add_elsewhere(private, datetime(2017, 1, 2, 3, 4, tzinfo=UTC), "written elsewhere")
        # what the write touched: the lists, and the rounds of North Korea in 2017
        assert _fresh(c, "/api/events", {"limit": 1}).json()["total"] == before + 1
        assert _fresh(c, "/events").text != page
        assert _fresh(c, f"/api/events/{later}").json()["round_of_year"] == n_later + 1
        assert c.get(f"/api/events/{new}").json()["round_of_year"] == 1
        # what it did not touch stays a fresh hit: another year's round and list
        for url in (f"/events/{old}", f"/api/events/{old}", "/api/events?year=1993"):
            assert c.get(url).headers.get("x-cache") is None, url


def test_cache_without_stale_answers_waits_for_the_new_rendering(private):
    from datetime import UTC, datetime

    with Register(private) as reg, TestClient(create_app(reg, stamp_ttl=0.0, max_stale=0.0,
                                                         request_budget=600)) as c:
        before = c.get("/api/events", params={"limit": 1}).json()["total"]
        _add_elsewhere(private, datetime(2031, 1, 2, 3, 4, tzinfo=UTC), "written elsewhere")
        r = c.get("/api/events", params={"limit": 1})
        assert r.headers.get("x-cache") is None
        assert r.json()["total"] == before + 1


def test_the_views_lists_are_the_registers(private):
    """The rounds in memory (filtered by year, numbered, as a timeline) against the
    register's own queries."""
    from datetime import UTC, datetime

    with Register(private) as reg, TestClient(create_app(reg, stamp_ttl=0.0, request_budget=600)) as c:
        _add_elsewhere(private, datetime(2022, 1, 1, 0, 30, tzinfo=UTC), "a first of the year")
        want = reg.timeline()
        assert _fresh(c, "/api/timeline").json() == json.loads(json.dumps(want))
        rounds = {r["key"]: r["round"] for r in want if r["state"] is not None}
        for year in (1998, 2022):
            got = _fresh(c, "/api/events", {"year": year, "limit": 5000}).json()["events"]
            assert [e["key"] for e in got] == [e.key for e in reg.events(year=year)]
            assert [e["round_of_year"] for e in got] == [rounds.get(e["key"]) for e in got]
        assert got[0]["round_of_year"] == 1


def test_versions_diff_names_what_changed():
    from launchwatch.web.cache import Changes, Version, diff_versions

    def v(i: int, state: str | None, year: int) -> Version:
        return Version(i, f"t{i}", state, year, f"{year}-01-0{i % 9 + 1}", f"s{i}", False)

    old = {"A": v(1, "KP", 2017), "B": v(2, "KP", 2017), "C": v(3, "KP", 1993), "D": v(4, None, 2017)}
    assert diff_versions(old, dict(old), 2) is None
    new = {**old, "B": v(5, "KP", 2017)}  # B rewritten
    ch = diff_versions(old, new, 2)
    assert ch == Changes(2, frozenset({"B"}), frozenset({2017}), frozenset({"A", "B"}), False)
    assert ch.touches(("event", "A")) and not ch.touches(("event", "C"))
    assert not ch.touches(("event", "D"))  # no state: its own numbering
    assert ch.touches(("year", 2017)) and not ch.touches(("year", 1993)) and ch.touches(("all",))
    moved = {k: x for k, x in old.items() if k != "C"} | {"C": v(6, "KP", 2017)}  # C moved year
    ch = diff_versions(old, moved, 3)
    assert ch.years == {1993, 2017} and ch.numbering == {"A", "B", "C"}
    gone = {k: x for k, x in old.items() if k != "A"}
    ch = diff_versions(old, gone, 4)
    assert ch.keys == {"A"} and ch.count


def test_scope_of_a_request():
    from launchwatch.web.cache import scope_of

    assert scope_of("/events/KP-2017-07-04", b"") == ("event", "KP-2017-07-04")
    assert scope_of("/api/events/KP-2017-07-04/map", b"") == ("event", "KP-2017-07-04")
    assert scope_of("/api/events/KP-2017-07-04.czml", b"") == ("event", "KP-2017-07-04")
    assert scope_of("/api/events", b"year=2017&limit=5") == ("year", 2017)
    assert scope_of("/api/events", b"year=2017&class=ICBM") == ("all",)
    assert scope_of("/events", b"year=2017") == ("all",)  # the page shows the register's total
    assert scope_of("/api/events.csv", b"") == ("all",)


# -- slow and idle clients ---------------------------------------------------------------
class _Live:
    """uvicorn with the guarded protocol on a free port, in a thread."""

    def __init__(self, register: Register, header_timeout: float, body_timeout: float = 30.0) -> None:
        import uvicorn

        from launchwatch.web.server import GuardedH11Protocol

        proto = type("Quick", (GuardedH11Protocol,), {"header_timeout": header_timeout,
                                                      "body_timeout": body_timeout})
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        app = create_app(register, request_budget=600, body_timeout=body_timeout)
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


def test_slow_body_is_408(private):
    with Register(private) as reg, _Live(reg, header_timeout=10.0, body_timeout=1.0) as live:
        s = socket.create_connection(("127.0.0.1", live.port))
        s.sendall(b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                  b"Content-Length: 5000\r\n\r\nNorth Korea fired")
        s.settimeout(30)
        head = s.recv(4096)
        assert b" 408 " in head.split(b"\r\n")[0], head[:200]
        assert _closed_by_server(s)
        s.close()
