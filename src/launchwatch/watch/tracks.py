"""The watch engine's tracking role: scans into the tracker, tracks confirmed and ended,
whole-track assessments asked for and taken.

:class:`TrackingRole` is one of the roles :class:`~launchwatch.watch.engine.WatchEngine`
is made of; it owns ``tracker``, ``live`` (a :class:`_Live` per confirmed track),
``offset``/``max_id`` (track ids unique across recordings), the sensors' health counters,
``assessments`` and the facts of ended tracks (``round_facts``, ``session_facts``, read by
:class:`~launchwatch.watch.rounds.RoundsRole`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..tracking.history import TrackHistory
from ..tracking.tracker import Tracker, TrackerConfig
from .assessor import IrLog, Job
from .notices import Notice

__all__ = ["TrackingRole"]


class _Rows:
    """Per-track record of the confirmed rows (a :class:`~launchwatch.tracking.history.Recorder`
    that can give and forget one track: the live service keeps only tracks in flight)."""

    def __init__(self, n: int, models: int, irlog: IrLog | None = None,
                 infrared: Sequence[bool] = ()) -> None:
        self.n, self.models = n, models
        self.rows: dict[int, list[tuple]] = {}
        self.mode = "full"
        self.irlog, self.infrared = irlog, list(infrared)

    def add(self, time: float, ids: np.ndarray, x: np.ndarray, P: np.ndarray | None,
            mu: np.ndarray, detection: np.ndarray, sensor: int) -> None:
        if self.irlog is not None and sensor < len(self.infrared) and self.infrared[sensor]:
            self.irlog.take(np.asarray(detection))
        for k, i in enumerate(ids.tolist()):
            self.rows.setdefault(i, []).append((time, x[k], P[k], mu[k], int(detection[k]), sensor))

    def history(self, confirmed_at: dict[int, float]) -> TrackHistory:  # the Recorder API
        ids = list(self.rows)
        return self.track(ids, confirmed_at)

    def track(self, ids: Sequence[int], confirmed_at: dict[int, float]) -> TrackHistory:
        rows = [(i, r) for i in ids for r in self.rows.get(i, [])]
        if not rows:
            n, M = self.n, self.models
            return TrackHistory(np.empty(0), np.empty(0, np.int64), np.empty((0, n)),
                                np.empty((0, n, n)), np.empty((0, M)), np.empty(0, np.int64),
                                np.empty(0, np.int64), dict(confirmed_at))
        return TrackHistory(np.array([r[0] for _, r in rows]), np.array([i for i, _ in rows]),
                            np.array([r[1] for _, r in rows]), np.array([r[2] for _, r in rows]),
                            np.array([r[3] for _, r in rows]), np.array([r[4] for _, r in rows]),
                            np.array([r[5] for _, r in rows]),
                            {i: confirmed_at.get(i, math.nan) for i in ids})

    def drop(self, i: int) -> None:
        self.rows.pop(i, None)


class _LiveTracker(Tracker):
    """The tracker with a per-track record (:class:`_Rows`) instead of one growing list."""

    def __init__(self, sensors: Sequence, config: TrackerConfig, irlog: IrLog | None = None,
                 infrared: Sequence[bool] = ()) -> None:
        super().__init__(sensors, config)
        self._record = _Rows(self.table.xm.shape[-1], len(self.models), irlog, infrared)


@dataclass
class _Live:
    """What the engine knows of one confirmed track between ticks."""

    tid: int
    first_t: float = math.nan
    launch: dict | None = None
    assessed_at: float = -math.inf
    assessment: Any = None
    facts: Any = None  # the launch facts of the last assessment
    places: set = field(default_factory=set)
    flagged: bool = False
    impact: dict | None = None
    static: dict | None = None  # the page's figures that change only with a new result


class TrackingRole:
    """Scans in, tracks and their assessments (a role of the watch engine)."""

    def _process(self, scans: list[tuple[float, int, np.ndarray]]) -> None:
        for t, s, z in scans:
            self._scan(t, s, z)
        if scans:
            light = self._tracks_light()
            light["through_s"] = scans[-1][0]  # the latest scan time now on the page
            self.publish(Notice("tracks", light))

    def _scan(self, t: float, s: int, z: np.ndarray) -> None:
        m = z.shape[0]
        self.counts["scans"] += 1
        self.counts["detections"] += m
        if m and t - self.last_detection > self.config.gap:
            self._end_recording()
        if self.index.is_ir[s]:
            self.irlog.scan(t, s)
        if self.tracker is None:
            if not m:
                return
            self.tracker = _LiveTracker(self.sensors, self.tracker_config, self.irlog,
                                        self.index.is_ir)
        if m:
            self.last_detection = t
        # sensor health
        self.sensor_last_scan[s] = t
        if m:
            self.sensor_last_det[s] = t
        rec = self.sensor_recent[s]
        rec.append((t, m))
        while rec and rec[0][0] < t - 60.0:
            rec.popleft()
        sizes = self.sensor_sizes[s]
        if len(sizes) >= 10 and m > max(10.0, self.config.burst * max(1.0, float(np.median(sizes)))):
            self.counts["clutter_burst"] += 1
        sizes.append(m)
        self.sensor_stale[s] = False
        tr = self.tracker
        rej = sum(tr.rejected.values())
        clut = tr.counts["clutter"]
        ids = np.arange(self.counts["detections"] - m, self.counts["detections"])
        if self.index.is_ir[s]:
            self.irlog.add(t, s, z, ids)
        tr.update(t, s, z, ids)
        self.counts["rejected"] += sum(tr.rejected.values()) - rej
        self.counts["clutter_tracks"] += tr.counts["clutter"] - clut
        ids_now = tr.table.id
        alive = set(ids_now.tolist())
        for tid in [i for i in self.live if i not in alive]:  # in confirmation order
            self._end_track(tid)
        new = sorted(set(ids_now[tr.table.confirmed].tolist()) - self.live.keys())
        if new and not self.live and self.round_open and t - self.last_active > self.config.quiet:
            # the quiet period passed with no confirmed track but no picture tick fell in it
            # with nothing flying and nothing being assessed (a fast replay runs through a
            # silence in a second; a lagging loop takes many scans per step): the round closes
            # here, with the assessments of its tracks in, before this track opens the next
            self._collect(wait=True)
            self._close_round()
        for tid in new:
            self.live[tid] = _Live(tid, first_t=t)  # its first recorded row is this scan's
            self.max_id = max(self.max_id, tid)
        if self.live:
            self.last_active = t
            if not self.round_open:
                self._open_round(t)

    def _end_recording(self) -> None:
        if self.tracker is None:
            return
        for tid in list(self.live):
            self._end_track(tid)
        if self.max_id >= 0:
            self.offset += self.max_id + 1
        self.max_id = -1
        self.tracker = None
        self.irlog.clear()  # recordings share no detections (as the batch's split)

    def _end_track(self, tid: int) -> None:
        """Queue an ended track's assessment from its whole record, as the batch does it
        (:func:`launchwatch.assess.track.assess_tracks`, :mod:`.assessor`)."""
        tr = self.tracker
        lv = self.live.pop(tid, None)
        h = tr._record.track([tid], tr.confirmed_at)
        tr._record.drop(tid)
        if not len(h):
            return
        t0 = float(h.time[0]) if lv is None or not math.isfinite(lv.first_t) else lv.first_t
        self.assessor.submit(Job([h], [self.offset + tid], [self.irlog.unused_before(t0)],
                                 final=True, epoch=self.epoch))
        self.pending_finals = self.assessor.finals_pending

    def _collect(self, wait: bool = False, timeout: float | None = None) -> None:
        """Take the assessments done (``wait``: all of them, waiting up to ``timeout`` s of
        wall time in all, None: without bound): an ended track's
        gives its launch (kept in the register's open round at once, so a kill loses no
        launch assessed); a flying track's refreshes its launch point and flags."""
        from ..pipeline import assessment_row

        for job, results in (self.assessor.wait(timeout) if wait else self.assessor.done()):
            if isinstance(results, BaseException):
                self.counts["assess_errors"] += len(job.ids)
                self.last_error = f"assessment of tracks {job.ids}: {results}"[:300]
                continue
            self.pending_finals = self.assessor.finals_pending
            for (a, f), tag in zip(results, job.tags or [None] * len(results), strict=True):
                if job.final:
                    self.assessments[a.track_id] = assessment_row(a)  # figures, not arrays
                    if f is not None:
                        self.round_facts.append(f)
                        self.session_facts.append(f)
                        if self.round_open:
                            self._save_open()
                    self._flags(a)
                    continue
                offset, tid = tag
                lv = self.live.get(tid) if offset == self.offset else None
                if lv is None:  # ended meanwhile: its final assessment is queued
                    continue
                lv.assessment, lv.facts = a, f
                lv.static = None
                if a.status == "ok" and math.isfinite(a.launch_lat):
                    lv.launch = {"lat": float(a.launch_lat), "lon": float(a.launch_lon),
                                 "time": float(a.launch_time),
                                 "time_sigma": float(a.launch_time_sigma),
                                 "semi_major": float(a.launch_semi_major),
                                 "determined": bool(a.launch_determined)}
                self._flags(a, lv)

    def _assess_some(self, ids: list[int]) -> None:
        """Whole-track assessments of the flying tracks least recently assessed: one job of
        at most ``assess_batch`` tracks, when the worker has nothing else to do (an ended
        track's assessment goes first)."""
        if self.assessor.busy:
            return
        tr = self.tracker
        due = sorted((self.live[t].assessed_at, t) for t in ids
                     if self.clock - self.live[t].assessed_at >= self.config.assess_every)
        hist, gids, los, tags = [], [], [], []
        for _, tid in due:
            lv = self.live[tid]
            lv.assessed_at = self.clock
            h = tr._record.track([tid], tr.confirmed_at)
            if len(h) < 15:
                continue
            hist.append(h)
            gids.append(self.offset + tid)
            los.append(self.irlog.unused_before(lv.first_t))
            tags.append((self.offset, tid))
            if len(hist) >= self.config.assess_batch:
                break
        if hist:
            self.assessor.submit(Job(hist, gids, los, final=False, epoch=self.epoch, tags=tags))

    def _flags(self, a, lv: _Live | None = None) -> None:
        if a.status != "ok" or not a.flags:
            return
        key = ("flag", a.track_id)
        if any(al.get("key") == str(key) for al in self.alerts):
            return
        if lv is not None:
            lv.flagged = True
        self._alert("trajectory", a.track_id, f"track {a.track_id}: {a.flags[0]}", str(key))
