"""The watch service's input: one JSON object per line, validated one message at a time.

A message is one scan of one sensor, or part of it::

    {"sensor": "radar-south-1",                 # the sensor's name (or its 0-based index)
     "time": "2025-05-07T23:10:05.5Z",          # ISO 8601 with a zone, or seconds from --epoch
     "measurements": [                          # the detections of the scan (may be empty)
        {"range_m": 232537.7, "azimuth_rad": 1.3570, "elevation_rad": 0.14566,
         "range_rate_m_s": 493.8,
         "covariance": [[400, 0, 0, 0], [0, 1e-6, 0, 0], [0, 0, 1e-6, 0], [0, 0, 0, 4]]}]}

``"measurement": {...}`` (one detection) may stand for ``"measurements": [{...}]``; a message
with neither is an empty scan: the sensor looked and saw nothing (the tracker needs those to
count misses).  Lines of one sensor at one time are one scan (the reorder buffer joins them).
Radar measurements carry ``range_m``, ``azimuth_rad`` (clockwise from north),
``elevation_rad``, ``range_rate_m_s``; infrared ones ``los_azimuth_rad`` and
``los_elevation_rad`` (ECEF axes), as the detection files (:mod:`launchwatch.sensors.io`).
``covariance`` (optional) is the measurement's noise covariance in those units, in that
order (4 x 4 radar, 2 x 2 infrared); it is checked (finite, symmetric, positive
semi-definite).  The tracker's noise model is the sensor list's: a covariance whose standard
deviations differ from the configured ones by more than a factor of two is counted
(``covariance_mismatch``) and the detection is used with the configured noise.

:func:`parse_line` turns a line into a :class:`Scan` or raises
:class:`~launchwatch.errors.InputError` naming the field and the value; the service counts
such lines as ``malformed`` and goes on.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from ..errors import InputError
from ..sensors.io import IR_COLUMNS, RADAR_COLUMNS

__all__ = ["IR_COLUMNS", "MAX_LINE_BYTES", "RADAR_COLUMNS", "Scan", "SensorIndex", "parse_line",
           "parse_time", "scan_to_json"]

#: longest line accepted [bytes]; a longer one is malformed
MAX_LINE_BYTES = 1 << 20
_MISMATCH = 2.0


@dataclass(frozen=True)
class Scan:
    """One message: ``sensor`` index, ``time`` [s from the epoch], ``z (m, 4)`` (infrared:
    two angles then NaN), ``mismatch`` how many rows' covariances disagree with the sensor's
    configured noise."""

    sensor: int
    time: float
    z: np.ndarray
    mismatch: int = 0


class SensorIndex:
    """Names and kinds of the service's sensors, and their configured noise sigmas."""

    def __init__(self, sensors: Sequence) -> None:
        self.sensors = list(sensors)
        self.names = [str(getattr(s, "name", i)) for i, s in enumerate(self.sensors)]
        self.by_name = {n: i for i, n in enumerate(self.names)}
        self.is_ir = [getattr(s, "kind", "radar") == "ir" for s in self.sensors]
        self.sigma = [np.asarray(s.sigma, float) for s in self.sensors]

    def index(self, value) -> int:
        """The index of a sensor given by name or index (InputError if unknown)."""
        if isinstance(value, bool):
            raise InputError("sensor", value, "must be a sensor name or index")
        if isinstance(value, int):
            if 0 <= value < len(self.names):
                return value
        elif isinstance(value, str) and value in self.by_name:
            return self.by_name[value]
        raise InputError("sensor", value, f"unknown sensor; known: {', '.join(self.names)}")


def parse_time(value, epoch: datetime | None) -> float | datetime:
    """Seconds from ``epoch`` of a message time: a number (already seconds from the epoch)
    or an ISO 8601 string with a zone; with no epoch yet, the aware datetime itself."""
    if isinstance(value, bool):
        raise InputError("time", value, "must be an ISO 8601 time or seconds from the epoch")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise InputError("time", value, "must be finite")
        if epoch is None:
            raise InputError("time", value, "seconds need an epoch (--epoch); or send ISO 8601 "
                             "times")
        return float(value)
    if not isinstance(value, str):
        raise InputError("time", value, "must be an ISO 8601 time or seconds from the epoch")
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise InputError("time", value, "not an ISO 8601 time") from exc
    if t.tzinfo is None:
        raise InputError("time", value, "must carry a time zone (e.g. Z)")
    t = t.astimezone(UTC)
    return t if epoch is None else (t - epoch).total_seconds()


def _row(m, k: int, sensors: SensorIndex, sensor: int) -> tuple[np.ndarray, bool]:
    where = f"measurements[{k}]"
    if not isinstance(m, dict):
        raise InputError(where, m, "must be an object of named values")
    ir = sensors.is_ir[sensor]
    names = IR_COLUMNS if ir else RADAR_COLUMNS
    other = RADAR_COLUMNS if ir else IR_COLUMNS
    allowed = {*names, "covariance", "id"}
    for key in m:
        if key not in allowed:
            hint = (f"sensor {sensors.names[sensor]} is {'an infrared' if ir else 'a radar'} "
                    f"sensor" if key in other else f"fields are {', '.join(names)}, covariance")
            raise InputError(f"{where}.{key}", m[key], f"unknown field; {hint}")
    z = np.full(4, np.nan)
    for j, name in enumerate(names):
        if name not in m:
            raise InputError(f"{where}.{name}", None, "missing value")
        v = m[name]
        if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
            raise InputError(f"{where}.{name}", v, "must be a finite number")
        z[j] = float(v)
    if not ir and z[0] <= 0.0:
        raise InputError(f"{where}.range_m", z[0], "must be positive")
    mismatch = False
    if "covariance" in m:
        n = len(names)
        try:
            c = np.asarray(m["covariance"], float)
        except (TypeError, ValueError) as exc:
            raise InputError(f"{where}.covariance", m["covariance"],
                             f"must be a {n} x {n} matrix of numbers") from exc
        if c.shape != (n, n):
            raise InputError(f"{where}.covariance", c.shape, f"must be {n} x {n}")
        if not np.isfinite(c).all():
            raise InputError(f"{where}.covariance", "non-finite", "must be finite")
        if not np.allclose(c, c.T, rtol=1e-9, atol=1e-12 * max(1.0, float(np.abs(c).max()))):
            raise InputError(f"{where}.covariance", "asymmetric", "must be symmetric")
        if np.linalg.eigvalsh(c).min() < -1e-9 * max(1.0, float(np.abs(c).max())):
            raise InputError(f"{where}.covariance", "indefinite", "must be positive semi-definite")
        sig = np.sqrt(np.clip(np.diag(c), 0.0, None))
        ref = sensors.sigma[sensor][:n]
        with np.errstate(divide="ignore"):
            ratio = np.where(ref > 0, sig / ref, 1.0)
        mismatch = bool(((ratio > _MISMATCH) | (ratio < 1.0 / _MISMATCH)).any())
    return z, mismatch


def parse_line(line: str | bytes, sensors: SensorIndex, epoch: datetime | None
               ) -> tuple[Scan | None, datetime | None]:
    """Validate one line; returns ``(scan, time)`` where ``time`` is the message's aware
    time when ``epoch`` is None (the caller fixes the epoch from it, then parses again).

    Raises :class:`InputError` naming the field and the value.  A blank line gives
    ``(None, None)``.
    """
    if isinstance(line, bytes):
        if len(line) > MAX_LINE_BYTES:
            raise InputError("line", f"{len(line)} bytes", f"longer than {MAX_LINE_BYTES} bytes")
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("line", "bytes", "not UTF-8") from exc
    if not line.strip():
        return None, None
    if len(line) > MAX_LINE_BYTES:
        raise InputError("line", f"{len(line)} characters", f"longer than {MAX_LINE_BYTES}")
    try:
        msg = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError("line", line[:40], f"not JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(msg, dict):
        raise InputError("line", line[:40], "must be a JSON object")
    for key in msg:
        if key not in ("sensor", "time", "measurement", "measurements", "id"):
            raise InputError(key, msg[key], "unknown field; fields are sensor, time, "
                             "measurement(s)")
    for need in ("sensor", "time"):
        if need not in msg:
            raise InputError(need, None, "missing")
    sensor = sensors.index(msg["sensor"])
    t = parse_time(msg["time"], epoch)
    if isinstance(t, datetime):
        return None, t
    if "measurement" in msg and "measurements" in msg:
        raise InputError("measurement", "both", "give measurement or measurements, not both")
    rows = [msg["measurement"]] if "measurement" in msg else msg.get("measurements", [])
    if not isinstance(rows, list):
        raise InputError("measurements", rows, "must be a list of objects")
    z = np.empty((len(rows), 4))
    bad = 0
    for k, m in enumerate(rows):
        z[k], mm = _row(m, k, sensors, sensor)
        bad += mm
    return Scan(sensor, float(t), z, bad), None


def scan_to_json(sensors: SensorIndex, sensor: int, time: float | str, z: np.ndarray) -> str:
    """One message line of a scan (the inverse of :func:`parse_line`): ``z (m, 4)``."""
    names = IR_COLUMNS if sensors.is_ir[sensor] else RADAR_COLUMNS
    rows = [{n: float(v) for n, v in zip(names, r[: len(names)], strict=True)} for r in z]
    return json.dumps({"sensor": sensors.names[sensor], "time": time, "measurements": rows})
