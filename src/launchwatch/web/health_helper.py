"""The health helper: a small process, one per served app, that answers the health probes
on the keep-alive connections its server hands to it (``python -m
launchwatch.web.health_helper FD``; started and stopped by
:class:`~launchwatch.web.health_lane.HealthLane`).

It shares no interpreter, and so no GIL, with the server process, whose event loop and
page-rendering threads may hold the GIL for tens of milliseconds at a time under load.
It imports only the standard library, ``h11`` and (to count rounds after a write) SQLAlchemy,
and asks for the round-robin real-time class at priority ``RT_PRIORITY`` when it is allowed
to, else lowers its nice value by ``-NICE`` when it may (:func:`prefer`).

It talks to its server over one Unix ``SOCK_SEQPACKET`` socket (descriptor ``FD``), one
message a datagram, the first byte naming it:

from the server
    ``R`` + the register's URL (UTF-8; empty: none it can open): the first message;
    ``S`` + JSON: the snapshot of the health answer (``answer``: the dictionary the server
    would answer now; ``writes``: writes through the server so far; ``written``: one of
    them not read back yet; ``date``: whether answers carry a ``date`` header;
    ``headers``: the other headers, in order, without ``content-length``);
    ``W`` + writes (``<Q``): a write through the server has just ended (sent by the
    writing thread before its answer goes out);
    ``T`` + id, header timeout [s], keep-alive [s] (``<Qdd``), with the connection's
    descriptor attached (``SCM_RIGHTS``): a connection to serve;
    ``D`` + id (``<Q``): the server has closed that connection;
to the server
    ``H``: ready (after ``R``);
    ``B`` + id, close, requests answered, length of the unread bytes (``<Q?II``), the
    unread bytes, the part of an answer not sent: the connection goes back to the server.

A connection is served while it sends lone ``GET``/``HEAD /api/health`` heads: each is
answered with the snapshot's answer (after a write not read back yet by the server, with
the rounds counted here, in one query).  Anything else goes back: another request, the
end of the connection or an error (with the bytes read and not answered), ``Connection:
close``, an idle connection past its keep-alive or a head not complete within the header
timeout (to be closed).  The helper ends when its server's socket closes (the server
shutting down or gone); it ignores ``SIGINT`` (a terminal's Ctrl-C stops the server, which
then closes it).
"""

from __future__ import annotations

import json
import re
import selectors
import signal
import socket
import struct
import sys
import time
from email.utils import formatdate
from typing import Any

import h11

__all__ = ["HEALTH_HEADS", "MAX_HEAD", "MAX_MESSAGE", "Helper", "lone_health_head", "main"]

#: Longest request head the helper waits for [bytes]; a longer one goes back to the server.
MAX_HEAD = 8192
#: Largest message on the server's socket [bytes] (the unread bytes of a head, an answer).
MAX_MESSAGE = 1 << 17
#: Request heads the helper may answer (then checked whole by :func:`lone_health_head`).
HEALTH_HEADS = (b"GET /api/health HTTP/", b"HEAD /api/health HTTP/")
#: Header names (lower case, at a line start) that send a request the usual way.
NOT_FAST = (b"\ncontent-length:", b"\ntransfer-encoding:", b"\nupgrade:", b"\nexpect:")
#: Seconds between checks of idle connections and unfinished heads.
TICK = 0.25
#: How much the helper lowers its nice value, when it may (``CAP_SYS_NICE`` or
#: ``RLIMIT_NICE``; else it keeps the server's): a probe that arrives while both cores run
#: the server's threads then waits less for a core.  It needs ~10 us of CPU per probe.
#: Measured under load (``bench/bench_web_load.py``, 2026-12-03, the helper's own times
#: from the kernel's receive timestamp): answers later than 3 ms after their probe
#: arrived 11 of 360 at -10, 42 of 360 at 0.
NICE = -10
#: The helper's priority in the round-robin real-time class (``SCHED_RR``, the lowest of
#: 1-99), tried first (``CAP_SYS_NICE`` or ``RLIMIT_RTPRIO``): a probe then gets a core as
#: soon as it arrives, ahead of every ordinary thread, instead of waiting for the server's
#: threads' slices to end.  Safe for a process that sleeps in ``select`` between probes and
#: needs ~10 us of CPU for each: the kernel's real-time throttling
#: (``kernel.sched_rt_runtime_us``, 0.95 s a second by default) still bounds it, and
#: it starts nothing.
RT_PRIORITY = 1

#: One header line as h11 takes it (a stricter form: anything else goes through h11).
_FIELD = (rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+:[ \t]*"
          rb"(?:[\x21-\x7e\x80-\xff]+(?:[ \t]+[\x21-\x7e\x80-\xff]+)*)?[ \t]*\r\n")
#: A plain HTTP/1.1 probe head, answered with the same bytes every time (see
#: :meth:`Helper.respond`).
PLAIN = re.compile(rb"(GET|HEAD) /api/health HTTP/1\.1\r\n(?:" + _FIELD + rb")*\r\n\Z")
#: The request the bytes of a plain probe's answer are made for, by h11.
CANONICAL = {b"GET": b"GET /api/health HTTP/1.1\r\nhost: x\r\n\r\n",
             b"HEAD": b"HEAD /api/health HTTP/1.1\r\nhost: x\r\n\r\n"}

TAKE = struct.Struct("<Qdd")
BACK = struct.Struct("<Q?II")
WRITES = struct.Struct("<Q")


def lone_health_head(head: bytes) -> bool:
    """Whether ``head`` (one complete request head, up to its blank line) is a
    ``GET``/``HEAD /api/health`` with no body and no upgrade."""
    if not head.startswith(HEALTH_HEADS):
        return False
    lower = head.lower()
    return not any(name in lower for name in NOT_FAST)


def plain_method(head: bytes) -> bytes | None:
    """``GET`` or ``HEAD`` when ``head`` (a lone health head, :func:`lone_health_head`)
    is a plain HTTP/1.1 request: well-formed header lines, one ``Host``, no
    ``Connection``; h11 answers such a request with the same bytes whatever its other
    headers.  ``None``: any other (parsed by h11 itself)."""
    m = PLAIN.match(head)
    if m is None:
        return None
    lower = head.lower()
    if lower.count(b"\r\nhost:") != 1 or b"\r\nconnection:" in lower:
        return None
    return m.group(1)


def _may_become_health(buf: bytes) -> bool:
    """Whether an incomplete head ``buf`` may still become a health request head."""
    return any(buf[:len(p)] == p[:len(buf)] for p in HEALTH_HEADS)


class _Held:
    __slots__ = ("answered", "buf", "conn", "head_since", "header_timeout", "ident",
                 "keep_alive", "since", "sock")

    def __init__(self, ident: int, sock: socket.socket, header_timeout: float,
                 keep_alive: float) -> None:
        self.ident = ident
        self.sock = sock
        self.header_timeout = header_timeout
        self.keep_alive = keep_alive
        self.buf = bytearray()
        self.conn = h11.Connection(h11.SERVER)
        self.since = time.monotonic()  # last answer (or the hand-off)
        self.head_since: float | None = None  # when the head in ``buf`` began
        self.answered = 0


class Helper:
    """The helper's state and loop (:meth:`run`) on the server's socket ``ctrl``."""

    def __init__(self, ctrl: socket.socket) -> None:
        self.ctrl = ctrl
        self.sel = selectors.DefaultSelector()
        self.held: dict[int, _Held] = {}
        self.answer: dict[str, Any] | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.date = True
        self.writes = 0
        self.written = False
        self.engine: Any = None
        self._date = (0, b"")
        self._body = b""  # the snapshot's answer as JSON
        self._plain: dict[tuple[bytes, bytes, bytes], bytes] = {}  # (body, date, method) -> answer

    # -- the server's messages -----------------------------------------------------------
    def start(self) -> None:
        """Read the ``R`` message (the register to count in), then say ready."""
        self.ctrl.setblocking(True)
        msg = self.ctrl.recv(MAX_MESSAGE)
        if not msg.startswith(b"R"):
            raise SystemExit(f"health helper: first message {msg[:1]!r}, expected R")
        url = msg[1:].decode()
        if url:
            from sqlalchemy import create_engine

            args = {"timeout": 1.0} if url.startswith("sqlite") else {}
            self.engine = create_engine(url, connect_args=args)
        self.ctrl.setblocking(False)
        self.ctrl.send(b"H")

    def control(self) -> bool:
        """Read every message waiting on the server's socket: whether it is still open."""
        while True:
            try:
                msg, fds, _flags, _addr = socket.recv_fds(self.ctrl, MAX_MESSAGE, 1)
            except (BlockingIOError, InterruptedError):
                return True
            except OSError:
                return False
            if not msg:
                for fd in fds:
                    socket.close(fd)
                return False
            kind, body = msg[:1], msg[1:]
            if kind == b"T":
                ident, header_timeout, keep_alive = TAKE.unpack(body)
                if not fds:
                    self._send_back(ident, b"", b"", False, 0)
                    continue
                sock = socket.socket(fileno=fds[0])
                for fd in fds[1:]:
                    socket.close(fd)
                sock.setblocking(False)
                held = _Held(ident, sock, header_timeout, keep_alive)
                self.held[ident] = held
                self.sel.register(sock, selectors.EVENT_READ, held)
                self.readable(held)  # bytes that came before the hand-off
                continue
            for fd in fds:
                socket.close(fd)
            if kind == b"S":
                self._snapshot(json.loads(body))
            elif kind == b"W":
                (writes,) = WRITES.unpack(body)
                if writes > self.writes:
                    self.writes, self.written = writes, True
            elif kind == b"D":
                (ident,) = WRITES.unpack(body)
                held = self.held.get(ident)
                if held is not None:
                    self._forget(held)

    def _snapshot(self, snap: dict[str, Any]) -> None:
        self.answer = snap["answer"]
        self._body = json.dumps(self.answer, separators=(",", ":")).encode()
        self.date = bool(snap["date"])
        self.headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in snap["headers"]]
        if snap["writes"] >= self.writes:  # else it was taken before the latest write
            self.writes, self.written = snap["writes"], bool(snap["written"])

    # -- the connections -----------------------------------------------------------------
    def run(self) -> None:
        """Serve until the server's socket closes; then close every connection held."""
        self.sel.register(self.ctrl, selectors.EVENT_READ, None)
        try:
            while True:
                for key, _mask in self.sel.select(TICK if self.held else None):
                    if key.data is None:
                        if not self.control():
                            return
                    elif key.data.ident in self.held:
                        self.readable(key.data)
                self.expire()
        finally:
            for held in list(self.held.values()):
                held.sock.close()
            self.held.clear()

    def expire(self) -> None:
        """Idle connections (no request within the keep-alive) and heads not complete
        within the header timeout go back to the server to be closed."""
        now = time.monotonic()
        for held in list(self.held.values()):
            if held.head_since is not None:
                if now - held.head_since >= held.header_timeout:
                    self.give_back(held, close=True)
            elif now - held.since >= held.keep_alive:
                self.give_back(held, close=True)

    def readable(self, held: _Held) -> None:
        try:
            data = held.sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # reset: the server reads the same error and ends the connection
            self.give_back(held)
            return
        if not data:  # the client closed: the server reads the end itself
            self.give_back(held)
            return
        if not held.buf:
            held.head_since = time.monotonic()
        held.buf += data
        self.serve(held)

    def serve(self, held: _Held) -> None:
        """Answer every complete lone health head at the start of the buffer; give the
        connection back at anything else."""
        while held.buf:
            end = held.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(held.buf) > MAX_HEAD or not _may_become_health(bytes(held.buf[:32])):
                    self.give_back(held)
                return  # the rest of the head is still to come
            head = bytes(held.buf[:end + 4])
            if not lone_health_head(head):
                self.give_back(held)
                return
            if not self.control():  # the latest snapshot and writes first
                raise SystemExit(0)
            if held.ident not in self.held:  # dropped meanwhile
                return
            answered = self.respond(head, held.conn)
            if answered is None:
                self.give_back(held)
                return
            out, close = answered
            del held.buf[:end + 4]
            held.answered += 1
            held.since = time.monotonic()
            held.head_since = held.since if held.buf else None
            try:
                sent = held.sock.send(out)
            except (BlockingIOError, InterruptedError):
                sent = 0
            except OSError:
                self.give_back(held)
                return
            if sent < len(out) or close:
                self.give_back(held, pending=out[sent:], close=close)
                return

    def respond(self, head: bytes, conn: h11.Connection) -> tuple[bytes, bool] | None:
        """The bytes answering the lone health request ``head`` on ``conn`` and whether to
        close after them; ``None``: the server answers it (no snapshot yet, or the rounds
        could not be counted after a write).  A plain probe (:func:`plain_method`) gets
        bytes made once per answer, date and method by h11 for a canonical request, which
        are what h11 makes for it (and take a few microseconds instead of 0.2 ms of CPU,
        the time in which a busy machine may preempt the helper); any other is parsed and
        answered by ``conn``."""
        if self.answer is None:
            return None
        body = self._body
        if self.written:
            events = self.count()
            if events is None:
                return None
            body = json.dumps({**self.answer, "events": events}, separators=(",", ":")).encode()
        method = plain_method(head)
        if method is not None:
            key = (body, self._date_header()[0][1] if self.date else b"", method)
            out = self._plain.get(key)
            if out is None:
                made = self._h11_answer(CANONICAL[method], h11.Connection(h11.SERVER), body)
                assert made is not None and not made[1]
                if len(self._plain) >= 8:
                    self._plain.clear()
                out = self._plain[key] = made[0]
            return out, False
        return self._h11_answer(head, conn, body)

    def _h11_answer(self, head: bytes, conn: h11.Connection, body: bytes) -> tuple[bytes, bool] | None:
        conn.receive_data(head)
        try:
            request = conn.next_event()
            end = conn.next_event()
        except h11.RemoteProtocolError:
            return None
        if not (isinstance(request, h11.Request) and isinstance(end, h11.EndOfMessage)):
            return None
        headers = [*self._date_header(), *self.headers, (b"content-length", str(len(body)).encode())]
        out = conn.send(h11.Response(status_code=200, headers=headers, reason=b"OK")) or b""
        if request.method != b"HEAD":
            out += conn.send(h11.Data(data=body)) or b""
        out += conn.send(h11.EndOfMessage()) or b""
        close = conn.our_state is h11.MUST_CLOSE
        if not close:
            conn.start_next_cycle()
        return out, close

    def _date_header(self) -> list[tuple[bytes, bytes]]:
        if not self.date:
            return []
        now = int(time.time())
        if self._date[0] != now:
            self._date = (now, formatdate(now, usegmt=True).encode())
        return [(b"date", self._date[1])]

    def count(self) -> int | None:
        """The number of rounds in the register now (``None``: it could not be read)."""
        if self.engine is None:
            return None
        from sqlalchemy import text

        try:
            with self.engine.connect() as conn:
                return int(conn.execute(text("SELECT count(*) FROM events")).scalar_one())
        except Exception:
            return None

    def _forget(self, held: _Held) -> None:
        del self.held[held.ident]
        try:
            self.sel.unregister(held.sock)
        except (KeyError, ValueError, OSError):
            pass
        held.sock.close()

    def give_back(self, held: _Held, *, pending: bytes = b"", close: bool = False) -> None:
        """Hand ``held``'s connection back to the server, with the bytes read but not
        answered, the answer not yet sent and whether to close it."""
        data = bytes(held.buf)
        self._forget(held)  # this copy closed first: the server's descriptor is the last
        self._send_back(held.ident, data, pending, close, held.answered)

    def _send_back(self, ident: int, data: bytes, pending: bytes, close: bool, answered: int) -> None:
        msg = b"B" + BACK.pack(ident, close, answered, len(data)) + data + pending
        self.ctrl.setblocking(True)  # the server reads these on its loop: wait for room
        try:
            self.ctrl.send(msg)
        except OSError:
            raise SystemExit(0) from None  # the server is gone
        finally:
            self.ctrl.setblocking(False)


def prefer() -> str:
    """Ask for ``SCHED_RR`` at ``RT_PRIORITY``, else lower this process's nice value by
    ``-NICE``, whichever it may first (else leave it); returns which: ``"rr"``, ``"nice"``
    or ``""``."""
    import os

    try:
        os.sched_setscheduler(0, os.SCHED_RR, os.sched_param(RT_PRIORITY))
        return "rr"
    except (OSError, AttributeError):  # not permitted, or no such call on this system
        pass
    try:
        os.nice(NICE)
        return "nice"
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    """Run the helper on the inherited socket descriptor ``argv[0]``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or not args[0].isdigit():
        print("usage: python -m launchwatch.web.health_helper FD (started by the server)",
              file=sys.stderr)
        return 2
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prefer()
    ctrl = socket.socket(fileno=int(args[0]))
    helper = Helper(ctrl)
    try:
        helper.start()
        helper.run()
    except (ConnectionError, EOFError):
        pass
    finally:
        ctrl.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
