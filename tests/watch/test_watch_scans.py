"""The infrared scans a launch fit reads (those that saw no plume count as misses) are the
same live and in the batch: the live service's log keeps every infrared scan, the empty
ones and those in the silence before a recording's first detection, and the batch's split
gives each recording the scans after the one before it.  Before, the live jobs carried no
scans at all, and the replay's launch estimates differed from the batch's by tens of metres
(tests/watch/test_watch_replay.py)."""

from __future__ import annotations

import numpy as np

from launchwatch.pipeline.batch import split_recordings
from launchwatch.sensors.detections import Detections
from launchwatch.watch.assessor import LOS_LOOKBACK_S, IrLog


def _z(m: int) -> np.ndarray:
    return np.tile([0.1, 0.2, 0.0, 0.0], (m, 1))


def test_the_live_log_keeps_empty_scans_and_the_silence_before_a_recording() -> None:
    log = IrLog()
    for t in (100.0, 110.0, 120.0):  # scans that saw nothing: before any detection
        log.scan(t, 2)
    log.scan(130.0, 2)
    log.add(130.0, 2, _z(2), np.array([0, 1]))
    log.scan(140.0, 3)  # another infrared sensor, empty
    out = log.unused_before(135.0)
    assert len(out) == 2 and out.time.tolist() == [130.0, 130.0]
    assert out.scan_time.tolist() == [100.0, 110.0, 120.0, 130.0]
    assert out.scan_sensor.tolist() == [2, 2, 2, 2]
    # a new recording forgets the detections, not the scans of the silence before it
    log.clear()
    empty = log.unused_before(145.0)
    assert len(empty) == 0
    assert empty.scan_time.tolist() == [100.0, 110.0, 120.0, 130.0, 140.0]
    assert empty.scan_sensor.tolist() == [2, 2, 2, 2, 3]
    # the window is (t0 - lookback, t0), and pruning drops what no fit can need
    assert log.unused_before(100.0 + LOS_LOOKBACK_S + 5.0).scan_time.tolist() == [110.0, 120.0,
                                                                                  130.0, 140.0]
    log.prune(125.0)
    assert log.unused_before(145.0).scan_time.tolist() == [130.0, 140.0]


def test_the_batch_split_gives_each_recording_the_scans_since_the_last() -> None:
    t = np.array([10.0, 20.0, 2000.0, 2010.0])
    scans = np.array([0.0, 5.0, 10.0, 20.0, 30.0, 1500.0, 1990.0, 2000.0, 2010.0, 2020.0])
    det = Detections(time=t, sensor=np.zeros(4, np.intp), z=_z(4), truth=np.zeros(4, np.intp),
                     scan_time=scans, scan_sensor=np.zeros(scans.size, np.intp))
    first, second = split_recordings(det, gap=600.0)
    assert first.time.tolist() == [10.0, 20.0] and second.time.tolist() == [2000.0, 2010.0]
    # the first keeps the empty scans before its first detection; the second those of the
    # silence after the first's last detection (the 1990-s scan saw no plume)
    assert first.scan_time.tolist() == [0.0, 5.0, 10.0, 20.0]
    assert second.scan_time.tolist() == [30.0, 1500.0, 1990.0, 2000.0, 2010.0]
    assert second.scan_sensor.tolist() == [0] * 5
