"""Messages and the reorder buffer: validation per message, and the rules for reordered,
late and duplicate detections, with expected counts worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pytest

from launchwatch.errors import InputError
from launchwatch.sensors.config import InfraredConfig, RadarConfig
from launchwatch.watch.buffer import ReorderBuffer
from launchwatch.watch.messages import Scan, SensorIndex, parse_line

EPOCH = datetime(2025, 5, 7, 23, 10, tzinfo=UTC)
SENSORS = SensorIndex([RadarConfig(name="south", lat_deg=37.55, lon_deg=129.05),
                       InfraredConfig(name="geo", lon_deg=130.0)])
RADAR = {"range_m": 2.0e5, "azimuth_rad": 1.2, "elevation_rad": 0.2, "range_rate_m_s": -300.0}


def _line(**kw) -> str:
    msg = {"sensor": "south", "time": 12.5, "measurement": RADAR}
    msg.update(kw)
    return json.dumps({k: v for k, v in msg.items() if v is not None})


def test_valid_messages():
    scan, _ = parse_line(_line(), SENSORS, EPOCH)
    assert scan.sensor == 0 and scan.time == 12.5
    assert scan.z.tolist() == [[2.0e5, 1.2, 0.2, -300.0]]
    # ISO time with a zone: seconds from the epoch (23:10:30.25 is 30.25 s after it)
    scan, _ = parse_line(_line(time="2025-05-07T23:10:30.25Z", sensor=0), SENSORS, EPOCH)
    assert scan.time == pytest.approx(30.25)
    scan, _ = parse_line(_line(time="2025-05-08T08:10:30.25+09:00"), SENSORS, EPOCH)
    assert scan.time == pytest.approx(30.25)
    # an empty scan, an infrared scan of two lines of sight
    scan, _ = parse_line(json.dumps({"sensor": "south", "time": 3.0}), SENSORS, EPOCH)
    assert scan.z.shape == (0, 4)
    ir = {"los_azimuth_rad": 0.5, "los_elevation_rad": -0.1}
    scan, _ = parse_line(json.dumps({"sensor": "geo", "time": 3.0, "measurements": [ir, ir]}),
                         SENSORS, EPOCH)
    assert scan.z.shape == (2, 4) and np.isnan(scan.z[:, 2:]).all()
    # a covariance twice as wide in range as configured is fine; ten times is a mismatch
    sig = np.array([20.0, 1e-3, 1e-3, 1.0])  # RadarConfig's defaults (sigma)
    ok = {**RADAR, "covariance": np.diag((2 * sig) ** 2).tolist()}
    far = {**RADAR, "covariance": np.diag((10 * sig) ** 2).tolist()}
    assert parse_line(_line(measurement=ok), SENSORS, EPOCH)[0].mismatch == 0
    assert parse_line(_line(measurement=far), SENSORS, EPOCH)[0].mismatch == 1


@pytest.mark.parametrize(("line", "field"), [
    ("not json", "line"), ("[1, 2]", "line"), (_line(sensor="north"), "sensor"),
    (_line(sensor=None), "sensor"), (_line(time=None), "time"), (_line(time="yesterday"), "time"),
    (_line(time="2025-05-07T23:10:30"), "time"), (_line(time=float("nan")), "time"),
    (_line(measurement={**RADAR, "range_m": -5.0}), "measurements[0].range_m"),
    (_line(measurement={**RADAR, "range_m": "far"}), "measurements[0].range_m"),
    (_line(measurement={"range_m": 1.0}), "measurements[0].azimuth_rad"),
    (_line(measurement={**RADAR, "los_azimuth_rad": 0.1}), "measurements[0].los_azimuth_rad"),
    (_line(measurement={**RADAR, "covariance": [[1, 0], [0, 1]]}), "measurements[0].covariance"),
    (_line(measurement={**RADAR, "covariance": (-np.eye(4)).tolist()}), "measurements[0].covariance"),
    (_line(colour="red"), "colour"), (_line(measurements=[RADAR]), "measurement"),
])
def test_malformed_messages_name_the_field(line, field):
    with pytest.raises(InputError) as e:
        parse_line(line, SENSORS, EPOCH)
    assert e.value.field == field


def _scan(t: float, sensor: int = 0, *rows: float) -> Scan:
    z = np.array([[r, 1.0, 0.1, 0.0] for r in rows]).reshape(-1, 4)
    return Scan(sensor, t, z)


def test_buffer_orders_joins_and_drops_late():
    b = ReorderBuffer(window=2.0)
    b.push(_scan(10.0, 0, 1e5))
    b.push(_scan(11.0, 0, 2e5))
    b.push(_scan(10.5, 1, 3e5))           # out of order, inside the window: put right
    b.push(_scan(10.0, 0, 1e5, 1.5e5))     # same scan again, after t = 11: 1e5 repeated,
    assert b.counts == {"reordered": 2, "late": 0, "duplicate": 1}  # 1.5e5 joins it
    out = b.release(12.6)                  # releases t <= 10.6
    assert [(t, s, z[:, 0].tolist()) for t, s, z in out] == [(10.0, 0, [1e5, 1.5e5]),
                                                              (10.5, 1, [3e5])]
    b.push(_scan(10.2, 0, 4e5))            # before what was released: late, dropped
    b.push(_scan(10.0, 0, 1e5))            # a repeat of a released scan: a duplicate
    assert b.counts == {"reordered": 2, "late": 1, "duplicate": 2}
    assert b.max_lateness == pytest.approx(0.4)
    assert [(t, s) for t, s, _ in b.flush()] == [(11.0, 0)]
    assert len(b) == 0
