"""The watch engine: detections in, the live picture, rounds, alerts and bulletins out.

:class:`WatchEngine` is the service without its clock or its sockets (those are
:mod:`.service`): it takes message lines (:meth:`WatchEngine.feed`), and on each
:meth:`WatchEngine.step` with the service clock [s from the epoch] releases the scans the
reorder buffer (:mod:`.buffer`) lets go, feeds them to the tracker
(:meth:`launchwatch.tracking.Tracker.update`, one scan at a time), and once a second
publishes the picture.  Everything it publishes is a :class:`Notice` (``kind`` and a JSON
payload) handed to ``publish``.

The engine is made of roles, one module each, sharing the engine's state: the input and
lifecycle here (:meth:`feed`, :meth:`step`, :meth:`finish`, :meth:`stop`);
:class:`~.tracks.TrackingRole` (scans into the tracker, tracks confirmed and ended, their
whole-track assessments); :class:`~.picture.PictureRole` (the picture, impacts, alerts,
sensor health); :class:`~.rounds.RoundsRole` (rounds, bulletins, the register, resuming).

Rules (documented in docs/watch.md):

* **recordings**: a silence of more than ``gap`` seconds between two non-empty scans
  starts a new recording with a fresh tracker, as the batch pipeline does
  (:func:`launchwatch.pipeline.split_recordings`); track ids stay unique across them.
* **the picture**, every ``tick`` seconds, for every confirmed track: position, speed,
  phase (boost while the boost mode dominates or thrust is estimated, re-entry when
  descending below 100 km, coast otherwise), computed for all tracks at once; the launch
  point and time, apogee, regime and flags of its latest whole-track assessment; the
  predicted impact point, its 95 % ellipse and time to impact and the class so far
  (:mod:`.impacts`: one batch for the coasting tracks, in a worker process of its own).
  What changes only with a new result is kept with the track and rebuilt only then.
* **whole-track assessments** are the batch's own
  (:func:`launchwatch.assess.track.assess_tracks` with the infrared inputs,
  :mod:`.assessor`), in a worker process: a flying track every ``assess_every`` seconds
  when the worker is free, an ended track (deleted by the tracker, or its recording over)
  first in line; its launch facts (:func:`launchwatch.pipeline.launch_facts`) are the
  round's.  The loop never waits for them, except at the end of the input and at a stop.
* **a round** opens at the first confirmed track and closes after ``quiet`` seconds with
  no confirmed track and no ended track still being assessed (or at the end of the input);
  a draft bulletin is issued at opening and updated (every ``draft_every`` seconds when it
  changed), the final one at closing.
  The final rounds (:func:`launchwatch.assess.events.group_launches`) are stored in the
  register (:func:`launchwatch.pipeline.store_rounds`), which numbers them; the open
  round's draft is kept in the register's meta table (``watch.open``) so that a restart
  resumes it.  A launch later on the same local day reopens its round: the register merges
  it and the bulletin is issued again with every launch of the day.
* **alerts**: when a track's 95 % impact ellipse first reaches land (GSHHS, the places
  named from the gazetteer) or a named sea area, and when its assessment flags a flight
  that stops fitting a ballistic one (pull-up, glide).
"""

from __future__ import annotations

import math
import time as _time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..tracking.tracker import TrackerConfig
from .assessor import Assessor, IrLog
from .buffer import ReorderBuffer
from .impacts import Predictor
from .messages import Scan, SensorIndex, parse_line
from .notices import Notice
from .picture import PictureRole
from .rounds import RoundsRole
from .tracks import TrackingRole, _Live, _LiveTracker

__all__ = ["COUNTERS", "Notice", "WatchConfig", "WatchEngine"]

#: what the engine counts (shown on the page)
COUNTERS = ("lines", "malformed", "scans", "detections", "reordered", "late", "duplicate",
            "covariance_mismatch", "clutter_burst", "silent_sensor", "rejected", "clutter_tracks",
            "assess_errors", "assess_abandoned")


@dataclass(frozen=True)
class WatchConfig:
    """The service's rules [s]: reorder ``window``, picture ``tick``, round ``quiet``
    period, ``draft_every`` between draft updates, ``assess_every`` between whole-track
    assessments (``assess_budget`` [s of computing] per tick), recording ``gap``,
    ``stale`` revisits before a sensor is called silent, ``burst`` factor over a sensor's
    usual detections per scan that counts a clutter burst.  Pictures come every ``tick``
    seconds of the service clock but at most ``max_rate`` per ``tick`` of wall time (a
    fast replay shows one picture a wall second, not fifty).  Whole-track assessments run in
    ``workers`` processes (0: in the engine's thread), at most ``assess_batch`` tracks in
    flight per job.  A stop (Ctrl-C, SIGTERM) waits at most ``stop_timeout`` seconds of
    wall time for the assessments in flight; what is not assessed by then is left out of
    the open round (counted as ``assess_abandoned``), which keeps every launch assessed
    before."""

    window: float = 0.5
    tick: float = 1.0
    quiet: float = 1800.0
    draft_every: float = 30.0
    assess_every: float = 10.0
    assess_budget: float = 0.25
    gap: float = 600.0
    stale: float = 5.0
    burst: float = 5.0
    max_rate: float = 1.0
    workers: int = 1
    assess_batch: int = 8
    stop_timeout: float = 60.0


class WatchEngine(TrackingRole, PictureRole, RoundsRole):
    """The live picture of a stream of detections.

    ``sensors``: the sensor configurations (names, kinds, noise: the tracker's
    measurement models); ``epoch``: UTC of ``t = 0`` (None: the first message's time);
    ``register``: path or SQLAlchemy URL of the register rounds go to (None: none are
    stored, the open round is not kept); ``publish(notice)`` receives everything shown.
    """

    def __init__(self, sensors: Sequence, *, epoch: datetime | None = None,
                 config: WatchConfig | None = None, tracker_config: TrackerConfig | None = None,
                 register: str | Path | None = None,
                 publish: Callable[[Notice], None] | None = None,
                 input_name: str = "launchwatch watch") -> None:
        from .. import __version__

        self.sensors = list(sensors)
        self.index = SensorIndex(self.sensors)
        self.config = config or WatchConfig()
        self.tracker_config = tracker_config or TrackerConfig()
        self.register = None if register is None else str(register)
        self.publish = publish or (lambda _n: None)
        self.software = f"launchwatch {__version__}"
        self.input_name = input_name
        self.epoch = None if epoch is None else epoch.astimezone(UTC)
        self.buffer = ReorderBuffer(self.config.window)
        self.counts = dict.fromkeys(COUNTERS, 0)
        self.last_error = ""
        self.clock = -math.inf
        self.tracker: _LiveTracker | None = None
        self.offset = 0  # id offset of the current recording (as the batch pipeline's)
        self.max_id = -1
        self.last_detection = -math.inf
        self.live: dict[int, _Live] = {}
        self.infrared = np.array([*self.index.is_ir, False])
        self.revisit = np.array([float(getattr(s, "revisit", 1.0)) for s in self.sensors])
        self.sensor_last_scan = np.full(len(self.sensors), -math.inf)
        self.sensor_last_det = np.full(len(self.sensors), -math.inf)
        self.sensor_recent: list[deque] = [deque() for _ in self.sensors]
        self.sensor_sizes: list[deque] = [deque(maxlen=30) for _ in self.sensors]
        self.sensor_stale = np.zeros(len(self.sensors), bool)
        self._next_tick = -math.inf
        self._next_wall = -math.inf
        # the rounds: facts of ended tracks of the open round and of the session
        self.round_open = False
        self.opened_at = math.nan
        self.last_active = -math.inf
        self.round_facts: list = []
        self.session_facts: list = []
        self.draft: list[dict] = []
        self._draft_at = -math.inf
        self._draft_sig = ""
        self.finals: list[dict] = []
        self.alerts: list[dict] = []
        self.timeline: list[dict] = []
        self.assessments: dict[int, Any] = {}
        self._impact_cost = 0.02  # [s] per track, measured
        self._resumed = False
        self.irlog = IrLog(tuple(self.sensors))
        self.assessor = Assessor(self.sensors, self.tracker_config.models, self.config.workers)
        self.pending_finals = 0
        self.predictor = Predictor(self.config.workers)
        if self.register is not None:
            self._resume()

    def close(self) -> None:
        """Stop the workers (after :meth:`finish` or :meth:`stop`)."""
        self.assessor.close()
        self.predictor.close()

    @property
    def busy(self) -> bool:
        """Whether ended tracks are still being assessed (their launches not yet counted);
        safe to read from another thread (a replay waits while it is true)."""
        return self.pending_finals > 0

    # -- input ---------------------------------------------------------------------
    def feed(self, line: str | bytes) -> None:
        """Take one message line; a bad one is counted (``malformed``) and noted, never raised."""
        self.counts["lines"] += 1
        try:
            scan, t = parse_line(line, self.index, self.epoch)
            if t is not None:  # the first ISO time fixes the epoch (to the whole second)
                self.epoch = t.replace(microsecond=0)
                scan, _ = parse_line(line, self.index, self.epoch)
        except InputError as exc:
            self.counts["malformed"] += 1
            self.last_error = str(exc)
            return
        if scan is not None:
            self.feed_scan(scan)

    def feed_scan(self, scan: Scan) -> None:
        """Take one validated scan (or part of one)."""
        self.counts["covariance_mismatch"] += scan.mismatch
        before = dict(self.buffer.counts)
        self.buffer.push(scan)
        for k in ("reordered", "late", "duplicate"):
            self.counts[k] += self.buffer.counts[k] - before[k]

    # -- processing ----------------------------------------------------------------
    def step(self, clock: float) -> None:
        """Advance to ``clock`` [s from the epoch]: release and track the scans the buffer
        lets go, publish the tracks they moved, and the picture once per ``tick``."""
        self.clock = max(self.clock, float(clock))
        scans = self.buffer.release(self.clock)
        self._process(scans)
        if (self.tracker is not None
                and self.buffer.released_until - self.last_detection > self.config.gap):
            self._end_recording()  # the feed fell silent: no detection can still join it
        self._collect()
        self._impacts()
        wall = _time.monotonic()
        if self.clock >= self._next_tick and wall >= self._next_wall:
            self._tick()
            self._next_tick = self.clock + self.config.tick
            self._next_wall = wall + self.config.tick / self.config.max_rate

    def finish(self) -> None:
        """End of the input: track what is held, end every track, wait for their
        assessments, close the round."""
        self._process(self.buffer.flush())
        self._end_recording()
        self._collect(wait=True)
        if self.round_open:
            self._close_round()
        self._tick(final=True)

    def stop(self) -> None:
        """Stop without closing the round (Ctrl-C, SIGTERM): the tracks in flight are
        assessed as they stand and kept with the open round in the register, for a restart.
        The wait for those assessments is bounded by ``config.stop_timeout`` [s of wall
        time]; tracks still unassessed then are counted in ``assess_abandoned`` and left out
        (the open round keeps what it holds; the workers are ended by :meth:`close`)."""
        self._process(self.buffer.flush())
        for tid in list(self.live):
            self._end_track(tid)
        self._collect(wait=True, timeout=self.config.stop_timeout)
        left = self.assessor.finals_pending
        if left:
            self.counts["assess_abandoned"] += left
            self.last_error = (f"stop: {left} tracks not assessed within "
                               f"{self.config.stop_timeout:g} s, left out of the open round")
        if self.round_open:
            self._save_open()
        self._tick(final=True)
