"""The health helper's answers (:mod:`launchwatch.web.health_helper`), without a server:
a plain probe gets bytes made once, which must be exactly what h11 makes for that
request; any other request goes through h11 itself (and a malformed one to the server)."""

from __future__ import annotations

import socket

import h11
import pytest

from launchwatch.web.health_helper import Helper, plain_method

SNAPSHOT = {"answer": {"status": "ok", "version": "0.1.0", "events": 2, "writes_enabled": True,
                       "ready": True, "worker": 1, "cache": {"hits": 3, "warming": "finished"}},
            "writes": 0, "written": False, "date": True,
            "headers": [["server", "uvicorn"], ["content-type", "application/json"],
                        ["cache-control", "no-store"], ["x-frame-options", "DENY"]]}

PLAIN = [b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n",
         b"HEAD /api/health HTTP/1.1\r\nhost: 127.0.0.1:8000\r\n\r\n",
         b"GET /api/health HTTP/1.1\r\nUser-Agent: probe/1\r\nHOST:  x  \r\nAccept: */*\r\n\r\n"]
OTHER = [b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
         b"GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n",
         b"GET /api/health HTTP/1.0\r\n\r\n",
         b"GET /api/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"]
MALFORMED = [b"GET /api/health HTTP/1.1\r\n\r\n",  # no Host
             b"GET /api/health HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
             b"GET /api/health HTTP/1.1\r\nHost: x\r\nbad header\r\n\r\n"]


@pytest.fixture
def helper() -> Helper:
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    h = Helper(ours)
    ours.setblocking(False)
    h._snapshot(SNAPSHOT)
    yield h
    ours.close()
    theirs.close()


def _by_h11(helper: Helper, head: bytes) -> tuple[bytes, bool] | None:
    return helper._h11_answer(head, h11.Connection(h11.SERVER), helper._body)


@pytest.mark.parametrize("head", PLAIN)
def test_a_plain_probe_gets_the_bytes_h11_makes(helper: Helper, head: bytes) -> None:
    assert plain_method(head) == head.split(b" ")[0]
    conn = h11.Connection(h11.SERVER)
    for _ in range(2):  # made once, then the same bytes again
        answer = helper.respond(head, conn)
        assert answer == _by_h11(helper, head)
        assert answer is not None and not answer[1]
    assert conn.our_state is h11.IDLE  # the connection's own h11 state untouched


@pytest.mark.parametrize("head", OTHER)
def test_other_probes_go_through_h11(helper: Helper, head: bytes) -> None:
    assert plain_method(head) is None
    answer = helper.respond(head, h11.Connection(h11.SERVER))
    assert answer is not None and answer == _by_h11(helper, head)
    assert answer[1] == (b"close" in head or b"HTTP/1.0" in head)  # HTTP/1.0: closed after


@pytest.mark.parametrize("head", MALFORMED)
def test_malformed_probes_go_back_to_the_server(helper: Helper, head: bytes) -> None:
    assert plain_method(head) is None
    assert helper.respond(head, h11.Connection(h11.SERVER)) is None


def test_after_a_write_the_helper_counts_and_without_a_register_gives_back(helper: Helper) -> None:
    head = PLAIN[0]
    helper.writes, helper.written = 1, True  # a write not read back; no register to count in
    assert helper.respond(head, h11.Connection(h11.SERVER)) is None
    helper._snapshot({**SNAPSHOT, "writes": 0})  # taken before the write: still counting
    assert helper.written
    helper._snapshot({**SNAPSHOT, "writes": 1, "answer": {**SNAPSHOT["answer"], "events": 3}})
    assert not helper.written
    out, _close = helper.respond(head, h11.Connection(h11.SERVER))
    assert out.endswith(b'"events":3,"writes_enabled":true,"ready":true,"worker":1,'
                        b'"cache":{"hits":3,"warming":"finished"}}')


def test_prefer_falls_back_without_permission() -> None:
    """Without the right to a real-time class or a lower nice value, the helper keeps the
    ordinary class and its nice value and says so (it must start all the same).  The child
    has no ``RLIMIT_RTPRIO`` / ``RLIMIT_NICE`` and, as root, no ``CAP_SYS_NICE`` (util-linux's
    ``setpriv`` drops it from the bounding set before the interpreter starts)."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    code = ("import json, os\nfrom launchwatch.web.health_helper import prefer\n"
            "before = os.nice(0)\nr = prefer()\n"
            "print(json.dumps([r, os.sched_getscheduler(0), os.nice(0) - before]))\n")

    def limits() -> None:  # in the child, before the interpreter starts
        import resource

        resource.setrlimit(resource.RLIMIT_RTPRIO, (0, 0))
        resource.setrlimit(resource.RLIMIT_NICE, (0, 0))

    argv = [sys.executable, "-c", code]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "util-linux's setpriv is needed to run this test as root"
        argv = [setpriv, "--bounding-set=-sys_nice", "--inh-caps=-sys_nice", "--", *argv]
    out = subprocess.run(argv, capture_output=True, text=True, preexec_fn=limits)
    assert out.returncode == 0, out.stderr
    how, policy, moved = json.loads(out.stdout)
    assert (how, policy, moved) == ("", os.SCHED_OTHER, 0)
