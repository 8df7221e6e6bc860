"""The TCP input of a real `launchwatch watch` process: newline-delimited JSON on a localhost
port, with malformed, duplicate, late and out-of-order lines among good ones.  Each is
counted by its rule (worked out by hand below), none stops the service, and SIGTERM ends it
cleanly with the counts."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

from launchwatch.sensors.config import RadarConfig, dump_sensors

EPOCH = "2025-05-07T23:10Z"


def _line(t: float, rng: float, sensor: str = "south") -> str:
    return json.dumps({"sensor": sensor, "time": t, "measurement": {
        "range_m": rng, "azimuth_rad": 1.2, "elevation_rad": 0.2, "range_rate_m_s": -300.0}})


def test_tcp_input_counts_bad_lines_and_goes_on(tmp_path):
    sensors = tmp_path / "sensors.yaml"
    sensors.write_text(dump_sensors([RadarConfig(name="south", lat_deg=37.55, lon_deg=129.05)]))
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "launchwatch", "watch", "--tcp", "0", "--sensors", str(sensors),
         "--epoch", EPOCH, "--register", str(tmp_path / "reg.sqlite"), "--no-web", "--window",
         "5", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        head = proc.stderr.readline()
        port = int(re.search(r"tcp port (\d+)", head).group(1))
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            first = [
                _line(10.0, 2.0e5),
                _line(11.0, 2.1e5),
                _line(10.5, 2.05e5),            # out of order, inside the 5-s window
                _line(11.0, 2.1e5),             # a duplicate of the second line
                "this is not JSON",             # malformed
                _line(12.0, 2.2e5, "north"),    # malformed: an unknown sensor
                json.dumps({"sensor": "south", "time": 13.0, "measurement": {"range_m": -1.0,
                            "azimuth_rad": 0.0, "elevation_rad": 0.0, "range_rate_m_s": 0.0}}),
                "",                             # a blank line: nothing
                _line(40.0, 2.5e5),
            ]
            s.sendall(("\n".join(first) + "\n").encode())
            time.sleep(8.0)  # the clock runs on: scans up to 40 - 5 s are released by now
            s.sendall((_line(20.0, 2.3e5) + "\n").encode())  # late: before what was released
            s.sendall((_line(60.0, 2.6e5) + "\n").encode())  # held, tracked at the stop
            time.sleep(2.0)
        # the service is still up after all that
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=900)  # an upper bound on a loaded machine
    assert proc.returncode == 0, err
    c = json.loads(out)["counts"]
    assert c["lines"] == 11               # the blank one read too, and skipped
    assert c["malformed"] == 3            # not JSON, unknown sensor, negative range
    assert c["duplicate"] == 1
    assert c["reordered"] == 1
    assert c["late"] == 1
    # tracked: 10.0, 10.5, 11.0, 40.0 and, at the stop, 60.0 (one detection each)
    assert c["scans"] == 5 and c["detections"] == 5
