"""The reorder buffer: scans held for a window, released in time order.

A scan (:class:`~launchwatch.watch.messages.Scan`) is held until the service clock has
passed its time by ``window`` seconds, then released to the tracker in (time, sensor)
order; lines of one sensor at one time are joined into one scan.  What arrives in the wrong
order inside the window is put right (counted ``reordered``).  **Later arrivals** - a scan
whose time is at or before what was already released - are dropped and counted ``late``
(their lateness kept): the tracker has moved past that instant and cannot take it back;
widen the window if a feed is often late.  A repeated detection (the same values for the
same sensor and time, inside the window or after its scan was released) is dropped and
counted ``duplicate``.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import numpy as np

from .messages import Scan

__all__ = ["ReorderBuffer"]


@dataclass
class ReorderBuffer:
    """Holds scans for ``window`` [s] of the service clock; ``keep`` [s] how long released
    scans are remembered to tell a duplicate from a late arrival."""

    window: float = 2.0
    keep: float = 60.0
    counts: dict[str, int] = field(default_factory=lambda: {"reordered": 0, "late": 0,
                                                            "duplicate": 0})
    max_lateness: float = 0.0
    released_until: float = -math.inf
    newest: float = -math.inf
    _heap: list = field(default_factory=list)
    _pending: dict = field(default_factory=dict)
    _released: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self._pending)

    def push(self, scan: Scan) -> None:
        """Take one message's scan (or part of a scan)."""
        key = (scan.time, scan.sensor)
        rows = {r.tobytes() for r in scan.z}
        if scan.time <= self.released_until:
            seen = self._released.get(key)
            if seen is not None and rows and rows <= seen:
                self.counts["duplicate"] += len(rows)
                return
            if seen is not None and not rows:
                self.counts["duplicate"] += 1
                return
            self.counts["late"] += max(1, scan.z.shape[0])
            self.max_lateness = max(self.max_lateness, self.released_until - scan.time)
            return
        if scan.time < self.newest:
            self.counts["reordered"] += 1
        self.newest = max(self.newest, scan.time)
        have = self._pending.get(key)
        if have is None:
            self._pending[key] = [scan.z[i] for i in range(scan.z.shape[0])], rows
            heapq.heappush(self._heap, key)
            return
        zs, seen = have
        for r in scan.z:
            b = r.tobytes()
            if b in seen:
                self.counts["duplicate"] += 1
            else:
                zs.append(r)
                seen.add(b)
        if not scan.z.shape[0]:  # an empty-scan line for a scan already held
            self.counts["duplicate"] += 1

    def release(self, clock: float) -> list[tuple[float, int, np.ndarray]]:
        """Scans ``(time, sensor, z (m, 4))`` whose time is at or before ``clock - window``,
        in (time, sensor) order."""
        return self._pop(clock - self.window)

    def flush(self) -> list[tuple[float, int, np.ndarray]]:
        """Every held scan, in order (end of input)."""
        return self._pop(math.inf)

    def _pop(self, until: float) -> list[tuple[float, int, np.ndarray]]:
        out = []
        while self._heap and self._heap[0][0] <= until:
            key = heapq.heappop(self._heap)
            zs, rows = self._pending.pop(key)
            out.append((key[0], key[1], np.array(zs).reshape(-1, 4)))
            self._released[key] = rows
        if out:
            self.released_until = max(self.released_until, out[-1][0])
        if until != math.inf and until > self.released_until:
            self.released_until = until
        old = [k for k in self._released if k[0] < self.released_until - self.keep]
        for k in old:
            del self._released[k]
        return out
