"""The watch engine: detections in, the live picture, rounds, alerts and bulletins out.

:class:`WatchEngine` is the service without its clock or its sockets (those are
:mod:`.service`): it takes message lines (:meth:`WatchEngine.feed`), and on each
:meth:`WatchEngine.step` with the service clock [s from the epoch] releases the scans the
reorder buffer (:mod:`.buffer`) lets go, feeds them to the tracker
(:meth:`launchwatch.tracking.Tracker.update`, one scan at a time), and once a second
publishes the picture.  Everything it publishes is a :class:`Notice` (``kind`` and a JSON
payload) handed to ``publish``.

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

import json
import math
import time as _time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from ..tracking.history import TrackHistory
from ..tracking.tracker import Tracker, TrackerConfig
from .assessor import LOS_LOOKBACK_S, Assessor, IrLog, Job
from .buffer import ReorderBuffer
from .impacts import Predictor
from .messages import Scan, SensorIndex, parse_line

__all__ = ["COUNTERS", "Notice", "WatchConfig", "WatchEngine"]

#: what the engine counts (shown on the page)
COUNTERS = ("lines", "malformed", "scans", "detections", "reordered", "late", "duplicate",
            "covariance_mismatch", "clutter_burst", "silent_sensor", "rejected", "clutter_tracks",
            "assess_errors")
_REENTRY_ALT = 100e3
_META_OPEN = "watch.open"


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
    flight per job."""

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


@dataclass
class Notice:
    """One thing published: ``kind`` (picture, alert, round, bulletin, status) and ``data``."""

    kind: str
    data: dict[str, Any]


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


def _facts_json(f) -> dict:
    d = asdict(f)
    d["time"] = f.time.isoformat()
    return d


def _facts_from(d: dict):
    from ..assess.events import LaunchFacts

    d = dict(d)
    d["time"] = datetime.fromisoformat(d["time"])
    return LaunchFacts(**d)


def _num(v: float, k: float = 1.0, nd: int = 1) -> float | None:
    v = float(v)
    return None if not math.isfinite(v) else round(v * k, nd)


def _col(v: np.ndarray, k: float = 1.0, nd: int = 1) -> list:
    """``v * k`` rounded to ``nd`` decimals, one batch, as a list (NaN: None)."""
    a = np.round(np.asarray(v, float) * k, nd)
    return [x if x == x and abs(x) != math.inf else None for x in a.tolist()]


class WatchEngine:
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
        assessed as they stand and kept with the open round in the register, for a restart."""
        self._process(self.buffer.flush())
        for tid in list(self.live):
            self._end_track(tid)
        self._collect(wait=True)
        if self.round_open:
            self._save_open()
        self._tick(final=True)

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
        for tid in sorted(set(ids_now[tr.table.confirmed].tolist()) - self.live.keys()):
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

    def _collect(self, wait: bool = False) -> None:
        """Take the assessments done (``wait``: all of them, waiting): an ended track's
        gives its launch (kept in the register's open round at once, so a kill loses no
        launch assessed); a flying track's refreshes its launch point and flags."""
        from ..pipeline import assessment_row

        for job, results in (self.assessor.wait() if wait else self.assessor.done()):
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
                                 "semi_major": float(a.launch_semi_major)}
                self._flags(a, lv)

    # -- the picture -----------------------------------------------------------------
    def _states(self):
        tr = self.tracker
        if tr is None or not self.live:
            return None
        d = tr.tracks()
        return d if len(d["id"]) else None

    def _tracks_light(self) -> dict:
        """Every confirmed track's position and speed (the ``tracks`` event), one batch."""
        from ..earth.frames import ecef2geodetic

        d = self._states()
        out: list[dict] = []
        if d is not None:
            x = d["x"]
            lat, lon, alt = ecef2geodetic(x[:, :3])
            deg = 180.0 / math.pi
            keys = ("id", "lat", "lon", "alt_km", "speed_m_s")
            cols = ((d["id"] + self.offset).tolist(), _col(lat, deg, 4), _col(lon, deg, 4),
                    _col(alt, 1e-3, 1), _col(np.linalg.norm(x[:, 3:6], axis=1), 1, 0))
            out = [dict(zip(keys, v, strict=True)) for v in zip(*cols, strict=True)]
        return {"clock_s": _num(self.clock, 1, 2), "tracks": out}

    def _tick(self, final: bool = False) -> None:
        if math.isfinite(self.clock):  # lines of sight no flying or future track can need
            first = min((lv.first_t for lv in self.live.values()), default=self.clock)
            self.irlog.prune(min(first, self.clock) - LOS_LOOKBACK_S - 1.0)
        pic = self.picture()
        self.publish(Notice("picture", pic))
        if self.round_open and not final:
            if (self.clock - self.last_active > self.config.quiet and not self.live
                    and not self.busy):
                self._close_round()
            elif self.clock - self._draft_at >= self.config.draft_every:
                self._issue_draft()

    def picture(self) -> dict:
        """The current picture (what the live page shows), JSON-ready.

        Per track: the state's figures, computed for all tracks at once; the launch,
        impact and assessment figures kept with the track (:attr:`_Live.static`) and
        rebuilt only when a new result came in.  Impact predictions are asked for here
        (:meth:`_ask_impacts`) and taken when ready (:meth:`_impacts`)."""
        from ..earth.frames import ecef2geodetic

        deg = 180.0 / math.pi
        tracks = []
        d = self._states()
        if d is not None:
            x, P, mu, ids = d["x"], d["P"], d["mu"], d["id"].tolist()
            lat, lon, alt = ecef2geodetic(x[:, :3])
            up = x[:, :3] / np.linalg.norm(x[:, :3], axis=1, keepdims=True)
            vz = np.einsum("ij,ij->i", up, x[:, 3:6])
            models = list(self.tracker_config.models)
            boost = np.abs(x[:, 7]) >= 3.0 if x.shape[1] > 7 else np.zeros(len(ids), bool)
            if "boost" in models:
                boost |= mu[:, models.index("boost")] >= 0.5
            phase = np.where(boost, "boost", np.where((vz < 0) & (alt < _REENTRY_ALT), "re-entry",
                                                      "coast"))
            coast = np.flatnonzero((phase != "boost") & (alt > 1000.0))
            self._ask_impacts(ids, coast, x, P)
            self._assess_some(ids)
            lives = [self.live[t] for t in ids]
            self._statics([lv for lv in lives if lv.static is None])
            t_imp = np.array([lv.impact["time"] if lv.impact else math.nan for lv in lives])
            t_pred = np.array([lv.impact["t"] if lv.impact else math.nan for lv in lives])
            conf = np.array([self.tracker.confirmed_at.get(t, math.nan) for t in ids])
            cols = {"id": (np.asarray(ids) + self.offset).tolist(),
                    "lat": _col(lat, deg, 4), "lon": _col(lon, deg, 4), "alt_km": _col(alt, 1e-3, 1),
                    "speed_m_s": _col(np.linalg.norm(x[:, 3:6], axis=1), 1, 0),
                    "climb_m_s": _col(vz, 1, 0), "phase": phase.tolist(),
                    "kappa": _col(x[:, 6], 1, 7) if x.shape[1] > 6 else [None] * len(ids),
                    "confirmed_s": _col(conf, 1, 1)}
            dyn = {"time_to_impact_s": _col(t_imp - self.clock, 1, 0),
                   "impact_age_s": _col(self.clock - t_pred, 1, 1)}
            keys = list(cols)
            for k, vals in enumerate(zip(*cols.values(), strict=True)):
                row = dict(zip(keys, vals, strict=True))
                lv = lives[k]
                row.update(lv.static)
                if lv.impact is not None:
                    row["time_to_impact_s"] = dyn["time_to_impact_s"][k]
                    row["impact_age_s"] = dyn["impact_age_s"][k]
                tracks.append(row)
        return {"clock_s": _num(self.clock, 1, 2), "clock_utc": self._utc(self.clock),
                "epoch": self.epoch.isoformat() if self.epoch else None,
                "tracks": tracks, "sensors": self._sensor_health(), "counts": dict(self.counts),
                "buffer": {"held": len(self.buffer), "window_s": self.config.window,
                           "max_lateness_s": _num(self.buffer.max_lateness, 1, 2)},
                "last_error": self.last_error,
                "round": self._round_state(), "ended_tracks": len(self.assessments),
                "assessing": self.pending_finals,
                "alerts": self.alerts[-50:], "timeline": self.timeline[-200:]}

    def _statics(self, lives: list[_Live]) -> None:
        """The page's figures of tracks with a new launch, impact or assessment: range and
        class from the launch point to the predicted impact, one geodesic batch."""
        from ..assess.events import classify_range
        from ..earth.geodesic import geodesic_inverse

        if not lives:
            return
        deg = 180.0 / math.pi
        both = [lv for lv in lives if lv.launch is not None and lv.impact is not None]
        rng = {}
        if both:
            r = geodesic_inverse(np.array([lv.launch["lat"] for lv in both]),
                                 np.array([lv.launch["lon"] for lv in both]),
                                 np.array([lv.impact["lat"] for lv in both]),
                                 np.array([lv.impact["lon"] for lv in both]))[0]
            rng = {id(lv): float(v) for lv, v in zip(both, np.atleast_1d(r), strict=True)}
        for lv in lives:
            st: dict[str, Any] = {}
            la = lv.launch
            if la is not None:
                st.update(launch_lat=_num(la["lat"], deg, 4), launch_lon=_num(la["lon"], deg, 4),
                          launch_utc=self._utc(la["time"]), launch_time_sigma_s=_num(la["time_sigma"]),
                          launch_95_km=_num(la["semi_major"], 1e-3, 2))
            im = lv.impact
            if im is not None:
                st.update(im["fields"])
                st["impact_utc"] = self._utc(im["time"])
                st["ellipse"] = im["ellipse"]
                st["reaches"] = sorted({p[1] for p in lv.places if p[0] == "sea"} |
                                       {f"land {p[1]}" for p in lv.places if p[0] == "land"})
            if id(lv) in rng:
                st["range_km"] = _num(rng[id(lv)], 1e-3)
                st["class"] = str(classify_range(rng[id(lv)]))
            a = lv.assessment
            if a is not None and a.status == "ok":
                st.update(apogee_km=_num(a.apogee_alt, 1e-3), regime=a.regime,
                          flags=list(a.flags), assessed_s=_num(lv.assessed_at))
            lv.static = st

    def _ask_impacts(self, ids: list[int], coast: np.ndarray, x: np.ndarray, P: np.ndarray) -> None:
        """Ask the predictor (when it is idle) for the impacts of the coasting tracks least
        recently predicted: as many as one ``tick`` of its time allows, at the cost per
        track measured so far (at least 4)."""
        if not coast.size or not self.predictor.idle:
            return
        last = np.array([-math.inf if self.live[ids[k]].impact is None
                         else self.live[ids[k]].impact["t"] for k in coast.tolist()])
        n = int(np.clip(self.config.tick / max(self._impact_cost, 1e-6), 4, coast.size))
        pick = coast[np.argsort(last, kind="stable")[:n]]
        tids = [ids[k] for k in pick.tolist()]
        self.predictor.submit((self.offset, tids, self.clock, _time.perf_counter()),
                              x[pick].copy(), P[pick].copy(), self.clock)

    def _impacts(self, wait: bool = False) -> None:
        """Take the predictor's finished job: each track's impact, its ellipse, and the
        alerts of the seas and land it reaches for the first time."""
        got = self.predictor.result(wait)
        if got is None:
            return
        (offset, tids, t, started), res = got
        if isinstance(res, BaseException):
            self.last_error = f"impact prediction: {res}"[:300]
            return
        self._impact_cost = (_time.perf_counter() - started) / max(len(tids), 1)
        if offset != self.offset:
            return
        for j, row in enumerate(res["rows"]):
            tid = tids[row]
            lv = self.live.get(tid)
            if lv is None:
                continue
            lv.impact = {"t": t, "time": res["time"][j], "lat": res["lat"][j], "lon": res["lon"][j],
                         "fields": res["fields"][j], "ellipse": res["ellipse"][j]}
            lv.static = None
            gid = self.offset + tid
            for key, name in res["seas"][j]:
                if ("sea", key) not in lv.places:
                    lv.places.add(("sea", key))
                    self._alert("sea", gid, f"track {gid}: the 95 % impact ellipse reaches {name}",
                                f"sea:{gid}:{name}", [name])
            new = [n for n in res["land"][j] if ("land", n) not in lv.places]
            for n in new:
                lv.places.add(("land", n))
            if new:
                text = "land " + ", ".join(new)
                self._alert("land", gid, f"track {gid}: the 95 % impact ellipse reaches {text}",
                            f"land:{gid}:{text}", [text])

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

    def _alert(self, kind: str, track: int, text: str, key: str, places: list | None = None) -> None:
        al = {"kind": kind, "track": track, "text": text, "clock_s": _num(self.clock, 1, 1),
              "utc": self._utc(self.clock), "key": key, "places": places or []}
        self.alerts.append(al)
        del self.alerts[:-1000]  # the page shows the latest; the log has them all
        self.publish(Notice("alert", al))

    def _sensor_health(self) -> list[dict]:
        out = []
        for s, name in enumerate(self.index.names):
            last = self.sensor_last_scan[s]
            stale = bool(math.isfinite(self.clock) and self.clock - last > self.config.stale * self.revisit[s]
                         and self.tracker is not None)
            if stale and not self.sensor_stale[s]:
                self.counts["silent_sensor"] += 1
            self.sensor_stale[s] = stale
            rec = self.sensor_recent[s]
            span = min(60.0, max(1e-9, self.clock - rec[0][0])) if rec else 60.0
            cfg = self.sensors[s]
            out.append({"name": name, "kind": "ir" if self.index.is_ir[s] else "radar",
                        "lat": getattr(cfg, "lat_deg", None), "lon": getattr(cfg, "lon_deg", None),
                        "max_range_km": _num(getattr(cfg, "max_range", math.nan), 1e-3, 0),
                        "last_scan_s": _num(last, 1, 1),
                        "last_detection_s": _num(self.sensor_last_det[s], 1, 1),
                        "scans_per_s": round(len(rec) / span, 2) if rec else 0.0,
                        "detections_per_s": round(sum(m for _, m in rec) / span, 2) if rec else 0.0,
                        "stale": stale})
        return out

    def _utc(self, t: float) -> str | None:
        if self.epoch is None or not math.isfinite(t):
            return None
        return (self.epoch + timedelta(seconds=float(t))).isoformat().replace("+00:00", "Z")

    # -- rounds ----------------------------------------------------------------------
    def _round_state(self) -> dict:
        return {"open": self.round_open, "opened_s": _num(self.opened_at),
                "opened_utc": self._utc(self.opened_at), "quiet_s": self.config.quiet,
                "last_active_s": _num(self.last_active), "launches": len(self.round_facts),
                "draft": self.draft, "finals": self.finals, "resumed": self._resumed}

    def _note(self, kind: str, data: dict) -> None:
        """Publish a round or bulletin notice and keep it on the round's timeline."""
        what = (f"round {data['state']}" if kind == "round" else f"{data['status']} bulletin")
        self.timeline.append({"utc": data.get("utc"), "clock_s": data.get("clock_s"), "what": what})
        del self.timeline[:-1000]
        self.publish(Notice(kind, data))

    def _open_round(self, t: float) -> None:
        self.round_open = True
        self.opened_at = t
        self._note("round", {"state": "open", "clock_s": _num(t), "utc": self._utc(t)})
        self._issue_draft()

    def _provisional(self) -> list:
        """Launch facts of the tracks in flight, from the picture (drafts only)."""
        from ..assess.events import LaunchFacts
        from ..assess.places import describe_launch_area

        out = []
        for lv in self.live.values():
            if lv.facts is not None:
                out.append(lv.facts)
                continue
            la = lv.launch
            if la is not None:
                out.append(LaunchFacts(time=self.epoch + timedelta(seconds=la["time"]), lat=la["lat"],
                                       lon=la["lon"], launch_area=describe_launch_area(la["lat"], la["lon"]),
                                       launch_error_m=la["semi_major"], time_error_s=la["time_sigma"],
                                       track_id=str(self.offset + lv.tid)))
        return out

    def _events(self, facts: list) -> list:
        from ..assess.events import group_launches

        return group_launches(facts, software=self.software, input_name=self.input_name)

    def _numbers(self, events: list) -> list[int | None]:
        """Round numbers the events have (or would have) in the register."""
        if self.register is None:
            return [None] * len(events)
        from ..register import Register

        out: list[int | None] = []
        with Register(self.register) as reg:
            keys = set(reg.keys())
            for ev in events:
                if not ev.state:
                    out.append(None)
                elif ev.key in keys:
                    out.append(reg.round_number(ev.key)[0])
                else:
                    earlier = [e for e in reg.events(year=ev.year) if e.state == ev.state
                               and not e.simulated and e.local_day < ev.local_day]
                    out.append(len(earlier) + 1)
        return out

    def _issue_draft(self) -> None:
        from ..assess.bulletin import bulletin

        facts = self._merged(self.round_facts + self._provisional())
        events = self._events(facts) if facts else []
        numbers = self._numbers(events) if events else []
        texts = [bulletin(ev, round_of_year=n, live=True) for ev, n in zip(events, numbers, strict=True)]
        if not texts:
            texts = [f"Round opened at {self._utc(self.opened_at)}: {len(self.live)} track"
                     f"{'s' * (len(self.live) != 1)} confirmed; launch point not yet estimated."]
        sig = json.dumps(texts)
        self._draft_at = self.clock
        if sig == self._draft_sig:
            self._save_open()  # the clock it reached, for a restart
            return
        self._draft_sig = sig
        self.draft = [{"key": ev.key, "round_of_year": n, "text": t} for ev, n, t in
                      zip(events, numbers, texts, strict=False)] or [{"key": None, "round_of_year": None,
                                                                      "text": texts[0]}]
        self._note("bulletin", {"status": "draft", "bulletins": self.draft,
                                "clock_s": _num(self.clock), "utc": self._utc(self.clock)})
        self._save_open()

    def _merged(self, facts: list) -> list:
        """Facts with one per missile: a resumed round's launch seen again by a new track
        (launch times within 3 combined sigmas + 2 s and points within the combined 95 %
        radii + 5 km) keeps the better-located of the two."""
        from ..earth.geodesic import geodesic_inverse

        out: list = []
        for f in sorted(facts, key=lambda f: f.time):
            same = None
            for i, g in enumerate(out):
                st = math.sqrt(np.nan_to_num(f.time_error_s) ** 2 + np.nan_to_num(g.time_error_s) ** 2)
                if abs((f.time - g.time).total_seconds()) > 3 * st + 2.0:
                    continue
                d = float(geodesic_inverse(f.lat, f.lon, g.lat, g.lon)[0])
                if d <= np.nan_to_num(f.launch_error_m) + np.nan_to_num(g.launch_error_m) + 5e3:
                    same = i
                    break
            if same is None:
                out.append(f)
            elif np.nan_to_num(f.launch_error_m, nan=math.inf) < np.nan_to_num(out[same].launch_error_m,
                                                                                 nan=math.inf):
                out[same] = f
        return out

    def _close_round(self) -> None:
        from ..assess.bulletin import bulletin, bulletin_json

        facts = self._merged(self.round_facts)
        keys = {ev.key for ev in self._events(facts)} if facts else set()
        every = self._merged(self.session_facts)
        events = [ev for ev in self._events(every) if ev.key in keys] if every else []
        numbers: list[int | None] = [None] * len(events)
        if events and self.register is not None:
            from ..pipeline import store_rounds
            from ..register import Register

            _, numbers = store_rounds(events, self.register)
            # the round as the register now holds it: with a reopened round's earlier launches
            with Register(self.register) as reg:
                events = [reg.get(ev.key) for ev in events]
        finals = [{"key": ev.key, "round_of_year": n, "text": bulletin(ev, round_of_year=n, live=True),
                   "json": bulletin_json(ev, round_of_year=n, live=True)}
                  for ev, n in zip(events, numbers, strict=True)]
        if not finals:
            finals = [{"key": None, "round_of_year": None, "json": None,
                       "text": f"Round opened at {self._utc(self.opened_at)} closed: no launch could "
                               "be assessed from the tracks."}]
        self.finals = [*(f for f in self.finals if f["key"] not in keys), *finals]
        self.round_open = False
        self.round_facts = []
        self.draft = []
        self._draft_sig = ""
        self._note("bulletin", {"status": "final", "bulletins": finals,
                                "clock_s": _num(self.clock), "utc": self._utc(self.clock)})
        self._note("round", {"state": "closed", "clock_s": _num(self.clock),
                             "utc": self._utc(self.clock), "keys": sorted(keys)})
        self._save_open(closed=True)

    def _save_open(self, closed: bool = False) -> None:
        """Keep the open round (or its absence) in the register's meta table."""
        if self.register is None:
            return
        from ..register import Register

        state = "" if closed else json.dumps({
            "epoch": self.epoch.isoformat() if self.epoch else None, "opened_s": self.opened_at,
            "last_active_s": self.last_active, "clock_s": self.clock,
            "id_offset": self.offset + self.max_id + 1,
            "facts": [_facts_json(f) for f in self.round_facts], "draft": self.draft})
        with Register(self.register) as reg:
            reg.set_meta(_META_OPEN, state)

    def _resume(self) -> None:
        from ..register import Register

        with Register(self.register) as reg:
            text = reg.meta().get(_META_OPEN, "")
        if not text:
            return
        st = json.loads(text)
        epoch = datetime.fromisoformat(st["epoch"]) if st.get("epoch") else None
        if self.epoch is None:
            self.epoch = epoch
        shift = (epoch - self.epoch).total_seconds() if epoch and self.epoch else 0.0
        self.round_open = True
        self._resumed = True
        self.opened_at = float(st["opened_s"]) + shift
        self.last_active = float(st["last_active_s"]) + shift
        self.offset = int(st.get("id_offset", 0))
        self.round_facts = [_facts_from(d) for d in st.get("facts", [])]
        self.session_facts = list(self.round_facts)
        self.draft = st.get("draft", [])
