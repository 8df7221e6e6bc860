"""Campaign files for the scale tests, and a real Dask cluster on localhost."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

DASK = Path(sys.executable).with_name("dask")


def flight_campaign(flights: int = 3000, chunk: int = 500, sampling: str = "random", **extra) -> dict:
    """A small mixed dispersion (two generic vehicles, five drawn parameters, wind)."""
    c = {"kind": "flights", "name": "test", "seed": 11, "flights": flights, "chunk_size": chunk,
         "sampling": sampling,
         "integrator": {"rtol": 1e-8, "atol_position": 1e-2, "atol_velocity": 1e-5},
         "vehicles": {"srbm-800": {"generic_range_km": 800}, "srbm-250": {"generic_range_km": 250}},
         "parameters": {
             "vehicle": {"dist": "choice", "values": ["srbm-800", "srbm-250"], "weights": [3, 1]},
             "lat_deg": 39.17, "lon_deg": 127.48, "azimuth_deg": [60, 100],
             "kick_angle_deg": {"dist": "normal", "mean": 32, "sd": 1.5},
             "propellant_scale": {"dist": "truncnormal", "mean": 1, "sd": 0.02, "low": 0.95,
                                  "high": 1.05},
             "wind_east": {"dist": "normal", "mean": 0, "sd": 10}}}
    c.update(extra)
    return c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """``dask scheduler`` and ``dask worker`` processes on localhost (no nanny: a worker is
    one process, so killing it kills the worker)."""

    def __init__(self, workers: int = 2) -> None:
        if not DASK.exists():
            pytest.fail(f"{DASK} not found: dask[distributed] is a dependency of launchwatch")
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
        self.scheduler = subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(self.port),
             "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        self.workers = [subprocess.Popen(
            [str(DASK), "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
             "--name", f"w{i}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            for i in range(workers)]
        self.wait(workers)

    def wait(self, n: int, timeout: float = 90.0) -> None:
        from distributed import Client

        t0 = time.monotonic()
        while True:
            try:
                with Client(self.address, timeout="5s") as c:
                    c.wait_for_workers(n, timeout=max(timeout - (time.monotonic() - t0), 1))
                    return
            except OSError:
                if time.monotonic() - t0 > timeout:
                    raise
                time.sleep(0.5)

    def kill_worker(self, i: int) -> None:
        self.workers[i].send_signal(signal.SIGKILL)
        self.workers[i].wait(30)

    def close(self) -> None:
        for p in [*self.workers, self.scheduler]:
            if p.poll() is None:
                p.terminate()
        for p in [*self.workers, self.scheduler]:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(10)


@pytest.fixture(scope="module")
def cluster():
    c = Cluster(2)
    try:
        yield c
    finally:
        c.close()
