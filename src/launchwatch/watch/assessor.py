"""Whole-track assessments off the picture loop: the batch's own assessment, in a worker.

A track is assessed by :func:`launchwatch.assess.track.assess_tracks`, the function
``launchwatch assess`` calls, with the same inputs: the track's recorded rows (infrared
scans, powered rows) and the infrared lines of sight no track took in the 300 s before it
began (:class:`IrLog` keeps those of the current recording).  So a track ended live gets the
batch's assessment of the same rows, and the live round the batch's launches.

:class:`Assessor` runs the jobs in one worker process (``spawn``: the service has threads)
so that the one-second picture loop is never blocked by a launch fit; ``workers=0`` runs
them in the calling thread (tests, tools).  Jobs are done in the order given; results are
collected without waiting (:meth:`Assessor.done`) or waiting (:meth:`Assessor.wait`).
"""

from __future__ import annotations

import bisect
import math
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FuturesTimeout
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from ..sensors.detections import Detections
from ..tracking.history import TrackHistory

__all__ = ["Assessor", "IrLog", "Job", "assess_job", "exit_with_parent"]

#: how far before a track's first row its launch fit looks for unused lines of sight [s]
#: (the window :func:`launchwatch.assess.track.assess_tracks` applies)
LOS_LOOKBACK_S = 300.0


@dataclass
class Job:
    """Tracks to assess: ``histories`` (one :class:`TrackHistory` of one track each),
    ``ids`` the ids they are assessed under, ``los`` the candidate unused lines of sight of
    each (:class:`~launchwatch.sensors.detections.Detections`, possibly empty), ``final``
    whether these tracks have ended (their assessment is the one kept)."""

    histories: list[TrackHistory]
    ids: list[int]
    los: list[Detections]
    final: bool
    epoch: datetime | None = None
    tags: list[Any] = field(default_factory=list)


def assess_job(job: Job, sensors: Sequence, models: Sequence[str]) -> list[tuple]:
    """``(assessment, launch facts or None)`` of each track of ``job``: the
    :class:`~launchwatch.assess.track.TrackAssessment` by
    :func:`~launchwatch.assess.track.assess_tracks` and its
    :class:`~launchwatch.assess.events.LaunchFacts` by :func:`launchwatch.pipeline.launch_facts`
    (``job.epoch`` None: no facts).

    Each track's detection ids are shifted past the candidate set so that none of the
    candidates counts as taken (they are, by construction, those no track took); the shift
    keeps which rows were measured (``detection >= 0``)."""
    from ..assess.track import assess_tracks
    from ..pipeline import launch_facts

    out = []
    for h, tid, los in zip(job.histories, job.ids, job.los, strict=True):
        shift = np.where(h.detection >= 0, h.detection + len(los), -1)
        one = TrackHistory(h.time, np.zeros_like(h.track_id), h.x, h.P, h.mu, shift, h.sensor,
                           {0: next(iter(h.confirmed_at.values()), math.nan)})
        for a in assess_tracks(one, los, list(sensors), models=models, id_offset=tid):
            out.append((a, None if job.epoch is None else launch_facts(a, job.epoch)))
    return out


def exit_with_parent(parent: int) -> None:
    """In a worker: end this process when the service that started it (process id
    ``parent``, passed by the service itself) is gone (a SIGKILL gives it no chance to stop
    its workers, which would hold its pipes open).  The id is the service's, not the
    worker's parent when it starts: a service killed while its worker was still importing
    left that worker with init as its parent, and a watch on that lived forever."""
    import threading
    import time

    if os.getppid() != parent:  # the service is gone already
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


_SENSORS: list = []
_MODELS: tuple = ()


def _init(sensors: list, models: tuple, parent: int) -> None:
    global _SENSORS, _MODELS
    from threadpoolctl import threadpool_limits

    _SENSORS, _MODELS = sensors, models
    # Ctrl-C reaches the whole process group: the service stops its workers itself, after
    # the assessments of a stop are in
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    exit_with_parent(parent)
    threadpool_limits(limits=1, user_api="blas")
    try:
        os.nice(5)  # the picture loop first: an assessment may wait, the page should not
    except OSError:
        pass
    from ..assess import track  # noqa: F401  (imports and kernels loaded before the first job)


def _work(job: Job) -> list:
    return assess_job(job, _SENSORS, _MODELS)


def _ready() -> int:
    return os.getpid()


class Assessor:
    """Runs :class:`Job` s in order, in ``workers`` processes (0: inline)."""

    def __init__(self, sensors: Sequence, models: Sequence[str], workers: int = 1) -> None:
        self.sensors, self.models = list(sensors), tuple(models)
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            self._pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn"),
                                             initializer=_init,
                                             initargs=(self.sensors, self.models, os.getpid()))
            self._pool.submit(_ready)  # the worker starts (imports, kernels) before a track ends
        self._queue: list[tuple[Job, Future]] = []

    def __len__(self) -> int:
        """Jobs submitted and not yet collected."""
        return len(self._queue)

    @property
    def finals_pending(self) -> int:
        """Ended tracks whose assessment is submitted and not yet collected."""
        return sum(len(j.ids) for j, _ in self._queue if j.final)

    @property
    def busy(self) -> bool:
        """Whether a job is still running or waiting."""
        return any(not f.done() for _, f in self._queue)

    def submit(self, job: Job) -> None:
        """Queue ``job`` (inline: run it now)."""
        if self._pool is None:
            f: Future = Future()
            try:
                f.set_result(assess_job(job, self.sensors, self.models))
            except Exception as exc:  # handed to the collector, as a worker's would be
                f.set_exception(exc)
        else:
            f = self._pool.submit(_work, job)
        self._queue.append((job, f))

    def done(self) -> list[tuple[Job, list | BaseException]]:
        """The jobs finished so far, in submission order (stops at the first unfinished):
        ``(job, assessments)``, or ``(job, the exception)`` for a job that failed."""
        out = []
        while self._queue and self._queue[0][1].done():
            out.append(self._pop())
        return out

    def wait(self, timeout: float | None = None) -> list[tuple[Job, list | BaseException]]:
        """Every job submitted, waiting for them (as :meth:`done`) for up to ``timeout``
        seconds of wall time in all (None: without bound).  Jobs still running then stay
        queued (:attr:`finals_pending` counts them); :meth:`close` abandons them."""
        out = []
        end = None if timeout is None else time.monotonic() + timeout
        while self._queue:
            if end is not None:
                try:
                    self._queue[0][1].result(timeout=max(0.0, end - time.monotonic()))
                except FuturesTimeout:
                    break
                except Exception:  # a failed job is reported by _pop
                    pass
            out.append(self._pop())
        return out

    def _pop(self) -> tuple[Job, list | BaseException]:
        job, f = self._queue.pop(0)
        try:
            return job, f.result()
        except Exception as exc:  # a failed fit (or a dead worker) must not stop the service
            return job, exc

    def close(self) -> None:
        """Stop the worker (jobs not collected are abandoned)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


class IrLog:
    """The infrared detections of the current recording that a launch fit may need:
    ``time``, ``sensor``, ``z (., 4)``, ``id`` (the engine's detection ids) and whether a
    track took each, and every infrared scan's time and sensor, those that saw nothing too
    (a launch fit counts a scan that saw no plume where a member had one as a miss, as the
    batch does from a file's scan list); older than what any track may still look back to
    are dropped."""

    def __init__(self, sensors: tuple = ()) -> None:
        self.sensors = sensors
        self._scan_t: list[float] = []
        self._scan_s: list[int] = []
        self.clear()

    def clear(self) -> None:
        """Forget the detections (a new recording shares none with the last); the scan
        list stays, pruned by time: the silence before a recording's first detection is
        part of what its first track's launch fit reads, as the batch's split keeps it."""
        self._t: list[np.ndarray] = []
        self._s: list[np.ndarray] = []
        self._z: list[np.ndarray] = []
        self._id: list[np.ndarray] = []
        self.taken: set[int] = set()

    def scan(self, time: float, sensor: int) -> None:
        """An infrared scan at ``time`` [s] by ``sensor``, whether it detected anything."""
        self._scan_t.append(float(time))
        self._scan_s.append(int(sensor))

    def add(self, time: float, sensor: int, z: np.ndarray, ids: np.ndarray) -> None:
        """One infrared scan's detections ``z (m, 4)`` with ids ``(m,)`` (the scan itself
        goes in by :meth:`scan`)."""
        if z.shape[0]:
            self._t.append(np.full(z.shape[0], float(time)))
            self._s.append(np.full(z.shape[0], sensor, np.intp))
            self._z.append(np.asarray(z, float))
            self._id.append(np.asarray(ids, np.int64))

    def take(self, ids: np.ndarray) -> None:
        """Detection ids a confirmed track's row took."""
        self.taken.update(ids[ids >= 0].tolist())

    def prune(self, before: float) -> None:
        """Forget detections older than ``before`` [s]."""
        while self._t and self._t[0][-1] < before:
            for i in self._id[0].tolist():
                self.taken.discard(i)
            for lst in (self._t, self._s, self._z, self._id):
                lst.pop(0)
        drop = bisect.bisect_left(self._scan_t, before)
        del self._scan_t[:drop], self._scan_s[:drop]

    def unused_before(self, t0: float) -> Detections:
        """The detections no track took, in ``(t0 - 300 s, t0)``, with the infrared scans of
        that window (``scan_time``, ``scan_sensor``)."""
        st, ss = np.asarray(self._scan_t, float), np.asarray(self._scan_s, np.intp)
        win = (st < t0) & (st > t0 - LOS_LOOKBACK_S)
        st, ss = st[win], ss[win]
        if not self._t:
            return Detections(np.empty(0), np.empty(0, np.intp), np.empty((0, 4)),
                              np.empty(0, np.intp), self.sensors, st, ss)
        t, s = np.concatenate(self._t), np.concatenate(self._s)
        z, ids = np.concatenate(self._z), np.concatenate(self._id)
        keep = (t < t0) & (t > t0 - LOS_LOOKBACK_S)
        if self.taken:
            keep &= ~np.isin(ids, np.fromiter(self.taken, np.int64, len(self.taken)))
        return Detections(t[keep], s[keep], z[keep], np.full(int(keep.sum()), -1, np.intp),
                          self.sensors, st, ss)
