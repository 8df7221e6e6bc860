"""Detections: a time-ordered batch of measurements from many sensors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["CLUTTER", "Detections"]

#: Truth id of a false alarm.
CLUTTER = -1


@dataclass(frozen=True)
class Detections:
    """M detections, sorted by time then sensor.

    ``time (M,)`` [s from the epoch]; ``sensor (M,)`` index into ``sensors``;
    ``z (M, 4)``: radar (range [m], azimuth [rad from north, clockwise], elevation [rad],
    range-rate [m/s]) or infrared (LOS azimuth, LOS elevation [rad], NaN, NaN);
    ``truth (M,)``: index of the flight that caused it, :data:`CLUTTER` for a false alarm
    (for scoring only: a tracker must not read it).  ``scan_time (Q,)`` and
    ``scan_sensor (Q,)``, when given, list every scan, including those that detected
    nothing (a tracker needs them to count misses).
    """

    time: np.ndarray
    sensor: np.ndarray
    z: np.ndarray
    truth: np.ndarray
    sensors: tuple = field(default=())
    scan_time: np.ndarray | None = None
    scan_sensor: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.time.shape[0])

    @classmethod
    def concatenate(cls, parts: Sequence[Detections], sensors: tuple = ()) -> Detections:
        """Join batches and sort them by (time, sensor), stably."""
        if not parts:
            return cls(np.empty(0), np.empty(0, np.intp), np.empty((0, 4)), np.empty(0, np.intp),
                       sensors)
        t = np.concatenate([p.time for p in parts])
        s = np.concatenate([p.sensor for p in parts]).astype(np.intp)
        z = np.concatenate([p.z for p in parts])
        tr = np.concatenate([p.truth for p in parts]).astype(np.intp)
        order = np.lexsort((s, t))
        st = [p.scan_time for p in parts if p.scan_time is not None]
        ss = [p.scan_sensor for p in parts if p.scan_sensor is not None]
        scan_t = scan_s = None
        if st:
            scan_t, scan_s = np.concatenate(st), np.concatenate(ss).astype(np.intp)
            o = np.lexsort((scan_s, scan_t))
            scan_t, scan_s = scan_t[o], scan_s[o]
        return cls(t[order], s[order], z[order], tr[order], sensors or parts[0].sensors,
                   scan_t, scan_s)

    def scans(self) -> Iterator[tuple[float, int, slice]]:
        """Yield ``(time, sensor, slice)`` for each scan (same time and sensor), in order.

        With ``scan_time``/``scan_sensor`` every listed scan is yielded, empty ones with an
        empty slice; otherwise only scans that detected something.
        """
        if self.scan_time is not None and self.scan_sensor is not None:
            found = {(t, s): sl for t, s, sl in self._detected_scans()}
            for t, s in zip(self.scan_time.tolist(), self.scan_sensor.tolist(), strict=True):
                yield float(t), int(s), found.get((t, s), slice(0, 0))
            return
        yield from self._detected_scans()

    def _detected_scans(self) -> Iterator[tuple[float, int, slice]]:
        if len(self) == 0:
            return
        change = np.flatnonzero((np.diff(self.time) != 0) | (np.diff(self.sensor) != 0)) + 1
        starts = np.concatenate([[0], change])
        ends = np.concatenate([change, [len(self)]])
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
            yield float(self.time[a]), int(self.sensor[a]), slice(a, b)

    def select(self, mask: np.ndarray) -> Detections:
        """The detections where ``mask (M,)`` is true."""
        return Detections(self.time[mask], self.sensor[mask], self.z[mask], self.truth[mask],
                          self.sensors, self.scan_time, self.scan_sensor)
