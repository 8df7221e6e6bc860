"""Slow clients against ``launchwatch serve`` as it is run (a subprocess, two workers):
hundreds of connections that never finish their request head, or trickle a body, are
closed by the server within its time limits while ``/api/health`` keeps answering; a body
over the size limit is refused at once.  Also: the limits' options refuse bad values."""

from __future__ import annotations

import re
import selectors
import socket
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytest.importorskip("uvicorn", reason="launchwatch serve needs uvicorn (deps-web.txt)")

from _serving import public_record_register, serve_cli

HEADER_S = 2.0  # --header-timeout
BODY_S = 3.0  # --body-timeout
MAX_BODY = 100_000  # --max-body [bytes]
# the server's timers and this client's watch share a loaded 2-core machine with the
# workers' warm-up: a close counts as in time up to this long after the limit
SLACK_S = 10.0


@pytest.fixture(scope="module")
def register_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return public_record_register(tmp_path_factory.mktemp("slow-clients"))


@dataclass
class _Client:
    """One slow connection: what it sends at first and then, piece by piece."""

    kind: str
    first: bytes
    trickle: bytes
    sock: socket.socket = field(init=False)
    since: float = 0.0  # when the limit's clock started, by this client's watch [s]
    closed: float | None = None  # when the server closed it [s]
    got: bytes = b""


def _status(answer: bytes) -> int | None:
    m = re.match(rb"HTTP/1\.1 (\d{3}) ", answer)
    return int(m.group(1)) if m else None


def _watch(clients: list[_Client], until: float) -> None:
    """Trickle every open client's bytes (every 0.25 s) and note when the server closes
    each, until all are closed or ``until``."""
    sel = selectors.DefaultSelector()
    for c in clients:
        c.sock.setblocking(False)
        sel.register(c.sock, selectors.EVENT_READ, c)
    open_ = set(range(len(clients)))
    next_trickle = time.monotonic()
    while open_ and time.monotonic() < until:
        for key, _ in sel.select(timeout=0.05):
            c = key.data
            try:
                data = c.sock.recv(65536)
            except (ConnectionResetError, BlockingIOError) as exc:
                data = b"" if isinstance(exc, ConnectionResetError) else None
            if data is None:
                continue
            if data:
                c.got += data
                continue
            c.closed = time.monotonic()
            sel.unregister(c.sock)
            open_.discard(clients.index(c))
        if time.monotonic() >= next_trickle:
            next_trickle += 0.25
            for i in list(open_):
                try:
                    clients[i].sock.send(clients[i].trickle)
                except BlockingIOError:
                    pass
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the read side notes the close
    sel.close()


def test_slow_header_and_slow_body_clients_are_closed_within_the_limits(register_file: Path,
                                                                       tmp_path: Path) -> None:
    """300 clients whose head never ends and 100 whose body trickles (four routes: one
    reading the body, one answering 405 without reading it, ``/api/health`` with a body,
    a chunked body) are each closed by the server no earlier than its limit and at most
    :data:`SLACK_S` after it; those whose answer had not started get a 408.  Meanwhile
    ``/api/health`` answers every probe."""
    register = tmp_path / "register.sqlite"
    register.write_bytes(register_file.read_bytes())
    ingest = (b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
              b"Content-Length: 5000\r\n\r\nNorth Korea fired")
    kinds = {
        "header": (b"GET /events HTTP/1.1\r\nHost: x\r\n", b"X-Slow: 1\r\n"),
        "ingest body": (ingest, b"x"),
        "405 body": (b"POST /api/events HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nab", b"x"),
        "health body": (b"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\nab", b"x"),
        "chunked body": (b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", b"1\r\nx\r\n"),
    }
    plan = ["header"] * 300 + ["ingest body", "405 body", "health body", "chunked body"] * 25
    with serve_cli(register, "--workers", "2", "--header-timeout", str(HEADER_S),
                   "--body-timeout", str(BODY_S), "--max-body", str(MAX_BODY)) as (port, _):
        probes: list[int | str] = []
        stop = threading.Event()

        def probe() -> None:
            while not stop.is_set():
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=60) as r:
                        probes.append(r.status)
                except OSError as exc:  # shown by the assertion below
                    probes.append(repr(exc))
                stop.wait(0.2)

        clients = []
        for kind in plan:
            c = _Client(kind, *kinds[kind])
            c.since = time.monotonic()  # before the server's clock starts (connection or head)
            c.sock = socket.create_connection(("127.0.0.1", port))
            c.sock.sendall(c.first)
            clients.append(c)
        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        try:
            _watch(clients, until=time.monotonic() + BODY_S + SLACK_S + 5)
        finally:
            stop.set()
            prober.join(90)
            for c in clients:
                c.sock.close()
        assert probes and set(probes) == {200}, probes
        for c in clients:
            limit = HEADER_S if c.kind == "header" else BODY_S
            assert c.closed is not None, (c.kind, c.got[:120])
            assert limit <= c.closed - c.since <= limit + SLACK_S, (c.kind, c.closed - c.since)
        answers = {kind: sorted({_status(c.got) for c in clients if c.kind == kind}, key=str)
                   for kind in kinds}
        assert answers["header"] == [None]  # nothing to answer: closed
        assert answers["ingest body"] == [408] and answers["chunked body"] == [408]
        assert answers["405 body"] == [405] and answers["health body"] == [200]
        body = next(c for c in clients if c.kind == "ingest body").got
        assert f"request body: not complete within {BODY_S:g} s".encode() in body, body


def _ask(port: int, request: bytes, then: bytes = b"", bound: float = 60.0) -> bytes:
    """Send ``request`` (and ``then``), read until the server closes: what came."""
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(request)
        try:
            s.sendall(then)
        except (BrokenPipeError, ConnectionResetError):
            pass
        s.settimeout(bound)
        got = b""
        try:
            while data := s.recv(65536):
                got += data
        except ConnectionResetError:
            pass
        return got


def test_bodies_over_the_limit_are_413_and_a_slow_client_in_time_is_served(register_file: Path,
                                                                          tmp_path: Path) -> None:
    """One process (the other path of ``serve``): a declared body over ``--max-body`` is
    refused with the head, on a route that would take more (a report may be 1 MiB); so is
    a chunked body that grows past it; a head sent in pieces within the limit is served."""
    register = tmp_path / "register.sqlite"
    register.write_bytes(register_file.read_bytes())
    with serve_cli(register, "--header-timeout", str(HEADER_S), "--body-timeout", str(BODY_S),
                   "--max-body", str(MAX_BODY)) as (port, _):
        got = _ask(port, b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: %d\r\n\r\n" % (MAX_BODY + 1))
        assert _status(got) == 413, got[:200]
        refusal = f"content-length={MAX_BODY + 1}: a request body may be at most {MAX_BODY} bytes"
        assert refusal in got.decode()
        chunk = b"%x\r\n%s\r\n" % (10_000, b"y" * 10_000)
        got = _ask(port, b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n", chunk * 12)
        assert _status(got) == 413, got[:200]
        assert f"request body over {MAX_BODY} bytes".encode() in got
        with socket.create_connection(("127.0.0.1", port)) as s:  # 1 s for the head: in time
            for piece in (b"GET /api/health HTTP/1.1\r\n", b"Host: x\r\n", b"Connection: close\r\n", b"\r\n"):
                s.sendall(piece)
                time.sleep(HEADER_S / 8)
            s.settimeout(60)
            assert _status(s.recv(4096)) == 200


@pytest.mark.parametrize("option, value", [("--header-timeout", "0"), ("--header-timeout", "nan"),
                                           ("--body-timeout", "-1"), ("--body-timeout", "inf"),
                                           ("--max-body", "0")])
def test_limit_options_refuse_bad_values(option: str, value: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from launchwatch.cli import main

    with pytest.raises(SystemExit) as stop:
        main(["serve", "--register", str(tmp_path / "r.sqlite"), option, value])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and option in err and value in err, err


@pytest.mark.parametrize("name, value", [("header_timeout", 0.0), ("body_timeout", float("nan")),
                                         ("max_body", 1.5), ("max_body", True)])
def test_set_client_limits_names_the_bad_value(name: str, value: object) -> None:
    from launchwatch.web.server import GuardedH11Protocol, set_client_limits

    before = (GuardedH11Protocol.header_timeout, GuardedH11Protocol.body_timeout, GuardedH11Protocol.max_body)
    with pytest.raises(ValueError, match=rf"^{name}={value!r}: must be a positive number"):
        set_client_limits(**{name: value})
    assert (GuardedH11Protocol.header_timeout, GuardedH11Protocol.body_timeout,
            GuardedH11Protocol.max_body) == before
