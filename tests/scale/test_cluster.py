"""Campaigns on a real Dask cluster: a `dask scheduler` and two `dask worker` processes
started here on localhost.  Same bits as the serial run; a worker killed mid-campaign
loses and duplicates nothing; an interrupted command, run again, computes only the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import yaml

from launchwatch.scale import load_campaign, run_campaign

from .conftest import Cluster, flight_campaign

LAUNCHWATCH = Path(sys.executable).with_name("launchwatch")


def _read(path: Path, table: str, key: list[str]):
    df = pq.read_table(path / table).to_pandas()
    return df.sort_values(key).reset_index(drop=True)


def _same_bits(a, b, skip=()) -> None:
    assert list(a.columns) == list(b.columns)
    assert len(a) == len(b)
    for col in a.columns:
        if col in skip:
            continue
        x, y = a[col].to_numpy(), b[col].to_numpy()
        if x.dtype.kind == "f":
            assert np.array_equal(x.view(np.uint64), y.view(np.uint64)), col
        else:
            assert np.array_equal(x, y), col


@pytest.fixture(scope="module")
def serial_flights(tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "flights"
    c = load_campaign(flight_campaign(flights=4000, chunk=500, sampling="sobol", chunk_size=512))
    run_campaign(c, out, scheduler="serial", summary=False)
    return c, out


def test_the_cluster_gives_the_serial_bits(cluster, serial_flights, tmp_path):
    c, ref = serial_flights
    run = run_campaign(c, tmp_path / "dask", scheduler=cluster.address, summary=False)
    assert run.mode == "remote" and run.slots == 2 and len(run.computed) == 8
    _same_bits(_read(ref, "flights", ["flight"]), _read(tmp_path / "dask", "flights", ["flight"]))


def test_an_evaluation_gives_the_serial_bits(cluster, tmp_path):
    c = load_campaign({"kind": "evaluation", "name": "ev", "seeds": 2, "first_seed": 3})
    ser = run_campaign(c, tmp_path / "serial", scheduler="serial", summary=False)
    dsk = run_campaign(c, tmp_path / "dask", scheduler=cluster.address, summary=True)
    assert len(ser.computed) == len(dsk.computed) == 2
    for table, key in (("runs", ["seed"]), ("tracks", ["seed", "track"]),
                       ("assessments", ["seed", "track"])):
        a, b = _read(tmp_path / "serial", table, key), _read(tmp_path / "dask", table, key)
        assert len(a) > 0, table
        _same_bits(a, b, skip=("seconds",))  # the run's wall time is no result
    runs = _read(tmp_path / "dask", "runs", ["seed"])
    assert runs["seed"].tolist() == [3, 4] and runs["launches"].tolist() == [3, 3]
    assert (dsk.summary_files["coverage"]).exists()


def test_a_worker_killed_mid_campaign_loses_and_duplicates_nothing(serial_flights, tmp_path):
    c, ref = serial_flights
    cl = Cluster(2)
    try:
        killed = []

        def kill_one(block, group):
            if not killed:
                cl.kill_worker(0)
                killed.append(block)

        run = run_campaign(c, tmp_path / "dask", scheduler=cl.address, summary=False,
                           on_result=kill_one)
        assert killed and cl.workers[0].poll() is not None
        from distributed import Client

        with Client(cl.address, timeout="10s") as client:
            assert len(client.nthreads()) == 1  # the campaign finished on the survivor
    finally:
        cl.close()
    assert sorted(run.computed) == [(b, 0) for b in range(8)]
    got = _read(tmp_path / "dask", "flights", ["flight"])
    assert got["flight"].tolist() == list(range(4000))  # each flight once
    _same_bits(_read(ref, "flights", ["flight"]), got)


def test_an_interrupted_command_reruns_only_what_is_missing(cluster, tmp_path):
    spec = tmp_path / "c.yaml"
    spec.write_text(yaml.safe_dump(flight_campaign(flights=24_000, chunk=400)))
    out = tmp_path / "out"
    cmd = [str(LAUNCHWATCH), "campaign", str(spec), "--out", str(out), "--scheduler",
           cluster.address, "--json", "--no-summary"]
    # a suite started in the background (``cmd &`` without job control) hands its children
    # SIGINT ignored, and Python then installs no KeyboardInterrupt handler: give the
    # command the default disposition, as an interactive Ctrl-C would find it
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "COLUMNS": "100"},
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    t0 = time.monotonic()
    while len(list((out / "flights").glob("part-*.parquet"))) < 5:
        assert p.poll() is None, p.communicate()
        assert time.monotonic() - t0 < 120
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert "rerun the same command" in err
    done = {f.name for f in (out / "flights").glob("part-*.parquet")}
    assert 5 <= len(done) < 60
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["skipped"] == len(done) and info["computed"] == 60 - len(done)
    got = _read(out, "flights", ["flight"])
    assert got["flight"].tolist() == list(range(24_000))
    ser = run_campaign(load_campaign(spec), tmp_path / "serial", scheduler="serial", summary=False)
    assert len(ser.computed) == 60
    _same_bits(_read(tmp_path / "serial", "flights", ["flight"]), got)
