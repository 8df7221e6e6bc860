"""``/api/health`` answered in the HTTP protocol (``GuardedH11Protocol.data_received``):
a lone request head is answered at once, with no task and no pass through the
application, the documented answer with the hardening headers; everything else (the first
answer, after a write through this server, pipelined or unusual requests) goes the usual
way, and the connection goes on serving requests after either."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
pytest.importorskip("fastapi")

from _live import LiveServer
from uvicorn.config import Config
from uvicorn.server import ServerState

from launchwatch.register import Register
from launchwatch.web.api import Health
from launchwatch.web.app import create_app
from launchwatch.web.server import GuardedH11Protocol

HEALTH = b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"


class _Transport:
    """What the protocol writes, kept (an asyncio transport with no socket)."""

    def __init__(self) -> None:
        self.out: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.out.append(data)

    def take(self) -> bytes:
        data, self.out = b"".join(self.out), []
        return data

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 40000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


def _split(response: bytes) -> tuple[bytes, dict[bytes, bytes], bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    status, *lines = head.split(b"\r\n")
    headers = {k.lower(): v for k, _, v in (ln.partition(b": ") for ln in lines)}
    return status, headers, body


def _protocol(app) -> tuple[GuardedH11Protocol, _Transport, ServerState]:
    config = Config(app, http=GuardedH11Protocol, log_level="warning")
    config.load()
    state = ServerState()
    proto = GuardedH11Protocol(config, state, {}, _loop=asyncio.get_running_loop())
    transport = _Transport()
    proto.connection_made(transport)  # type: ignore[arg-type]
    return proto, transport, state


def test_health_is_answered_in_data_received(seeded_register: Path) -> None:
    async def main() -> None:
        with Register(seeded_register) as reg:
            app = create_app(reg, token="t")
            proto, transport, state = _protocol(app)
            await app.state.view.current()  # the first reading (before it, the usual way)
            for _ in range(3):  # keep-alive: one after the other on the same connection
                proto.data_received(HEALTH)
                status, headers, body = _split(transport.take())  # written before any await
                assert status == b"HTTP/1.1 200 OK" and not state.tasks
                answer = Health.model_validate(json.loads(body))
                assert set(json.loads(body)) == set(Health.model_fields)
                assert answer.events == len(reg) and answer.writes_enabled
                assert headers[b"content-type"] == b"application/json"
                assert headers[b"cache-control"] == b"no-store"
                assert b"default-src 'self'" in headers[b"content-security-policy"]
                assert int(headers[b"content-length"]) == len(body)
            proto.data_received(b"HEAD /api/health HTTP/1.1\r\nHost: x\r\n\r\n")
            status, headers, body = _split(transport.take())
            assert status == b"HTTP/1.1 200 OK" and body == b"" and int(headers[b"content-length"]) > 0
            # another route on the same connection goes through the application (a task)
            proto.data_received(b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n")
            assert len(state.tasks) == 1 and transport.take() == b""
            await asyncio.gather(*state.tasks)
            assert _split(transport.take())[0] == b"HTTP/1.1 200 OK"
            proto.data_received(b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert _split(transport.take())[0] == b"HTTP/1.1 200 OK" and transport.closed
            proto.connection_lost(None)

    asyncio.run(main())


def test_health_that_must_wait_goes_the_usual_way(register_copy: Path) -> None:
    """Before the first reading, after a write through this server, pipelined requests and
    a head with a body: not answered in the protocol (a task answers them, correctly)."""

    async def main() -> None:
        with Register(register_copy) as reg:
            app = create_app(reg, token="t")
            proto, transport, state = _protocol(app)

            async def usual(data: bytes, answers: int = 1) -> list[bytes]:
                proto.data_received(data)
                assert state.tasks and transport.out == []  # nothing answered in the protocol
                while state.tasks:
                    await asyncio.gather(*state.tasks)
                    await asyncio.sleep(0)
                parts = transport.take().split(b"HTTP/1.1 ")[1:]
                assert len(parts) == answers
                for part in parts:
                    assert part.startswith(b"200 OK")
                return parts

            body = (await usual(HEALTH))[0].partition(b"\r\n\r\n")[2]
            assert json.loads(body)["events"] == len(reg)  # the first answer read the register
            proto.data_received(HEALTH)
            assert transport.take().startswith(b"HTTP/1.1 200 OK")  # now in the protocol
            app.state.view.invalidate()  # a write through this server: read it back first
            await usual(HEALTH)
            await usual(HEALTH + HEALTH, answers=2)  # pipelined
            await usual(b"GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            proto.connection_lost(None)

    asyncio.run(main())


def _read_response(s: socket.socket, buf: bytearray) -> tuple[bytes, bytes]:
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(65536)
        assert chunk, "connection closed"
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    length = int(_split(head + b"\r\n\r\n")[1][b"content-length"])
    while len(rest) < length:
        chunk = s.recv(65536)
        assert chunk, "connection closed"
        rest += chunk
    buf[:] = rest[length:]
    return head.split(b"\r\n")[0], rest[:length]


def test_one_connection_mixing_health_and_reads_on_a_real_server(seeded_register: Path) -> None:
    with Register(seeded_register) as reg, LiveServer(reg) as live, \
            socket.create_connection(("127.0.0.1", live.port)) as s:
        s.settimeout(60)
        buf = bytearray()
        sequence = [HEALTH, HEALTH, b"GET /api/events?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n",
                    HEALTH, HEALTH + HEALTH, b"GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n", HEALTH]
        for request in sequence:
            s.sendall(request)
            for _ in range(request.count(b"GET ")):
                status, body = _read_response(s, buf)
                assert status == b"HTTP/1.1 200 OK", body[:200]
                if request.startswith(HEALTH):
                    assert json.loads(body)["events"] == len(reg)
                else:
                    assert json.loads(body)  # a JSON read, answered on the same connection
        assert buf == bytearray()
