"""The live watch floor (``launchwatch watch``): detections in as they arrive, the picture,
rounds, alerts and bulletins out, and the dashboard's live page (docs/watch.md).

:mod:`.messages` the input schema, :mod:`.buffer` the reorder buffer, :mod:`.engine` the
tracking, assessment and rounds, :mod:`.service` the clock, the inputs (replay, TCP, stdin),
the signals and the live page's event stream.
"""

from __future__ import annotations

from .buffer import ReorderBuffer
from .engine import COUNTERS, Notice, WatchConfig, WatchEngine
from .messages import Scan, SensorIndex, parse_line

__all__ = ["COUNTERS", "Notice", "ReorderBuffer", "Scan", "SensorIndex", "WatchConfig",
           "WatchEngine", "parse_line"]
