"""The record of a tracker run: one row per confirmed track per scan (:class:`TrackHistory`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Recorder", "TrackHistory"]


@dataclass
class TrackHistory:
    """Per-scan record of the confirmed tracks, rows in time order.

    ``time (R,)``, ``track_id (R,)``, ``x (R, 8)``, ``P (R, 8, 8)`` (empty unless
    ``history='full'``), ``mu (R, M)`` mode probabilities, ``detection (R,)`` the id of the
    detection that updated the row (-1: none; with JPDA the most probable one),
    ``sensor (R,)`` the scan's sensor.
    """

    time: np.ndarray
    track_id: np.ndarray
    x: np.ndarray
    P: np.ndarray
    mu: np.ndarray
    detection: np.ndarray
    sensor: np.ndarray
    confirmed_at: dict[int, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.time.shape[0])

    @property
    def ids(self) -> np.ndarray:
        """Distinct track ids."""
        return np.unique(self.track_id)

    def select(self, rows: np.ndarray) -> TrackHistory:
        """The rows ``rows`` (indices or a boolean mask ``(R,)``) of the history."""
        return TrackHistory(self.time[rows], self.track_id[rows], self.x[rows],
                            self.P[rows] if self.P.size else self.P, self.mu[rows],
                            self.detection[rows], self.sensor[rows], dict(self.confirmed_at))

    def track(self, track_id: int) -> TrackHistory:
        """Rows of one track."""
        m = self.track_id == track_id
        return TrackHistory(self.time[m], self.track_id[m], self.x[m],
                            self.P[m] if self.P.size else self.P, self.mu[m], self.detection[m],
                            self.sensor[m], {track_id: self.confirmed_at.get(track_id, np.nan)})


class Recorder:
    """Collects a scan's confirmed tracks into a :class:`TrackHistory`.

    ``mode``: ``"full"`` (states and covariances), ``"states"`` (no covariances) or
    ``"none"``; ``n`` the state size, ``models`` the IMM's model count.
    """

    def __init__(self, mode: str, n: int, models: int) -> None:
        self.mode, self.n, self.models = mode, n, models
        self._rows: list[tuple] = []

    def add(self, time: float, ids: np.ndarray, x: np.ndarray, P: np.ndarray | None,
            mu: np.ndarray, detection: np.ndarray, sensor: int) -> None:
        """One scan's rows: ``ids (k,)``, ``x (k, n)``, ``P (k, n, n)``, ``mu (k, M)``,
        ``detection (k,)`` (-1: none)."""
        if self.mode == "none" or not ids.size:
            return
        k = ids.size
        self._rows.append((np.full(k, time), ids, x, P if self.mode == "full" else None, mu,
                           detection, np.full(k, sensor, np.int64)))

    def history(self, confirmed_at: dict[int, float]) -> TrackHistory:
        """Everything recorded so far."""
        n, M = self.n, self.models
        if not self._rows:
            return TrackHistory(np.empty(0), np.empty(0, np.int64), np.empty((0, n)),
                                np.empty((0, n, n)), np.empty((0, M)), np.empty(0, np.int64),
                                np.empty(0, np.int64), dict(confirmed_at))
        cols = list(zip(*self._rows, strict=True))
        P = np.concatenate(cols[3]) if self.mode == "full" else np.empty((0, n, n))
        return TrackHistory(np.concatenate(cols[0]), np.concatenate(cols[1]),
                            np.concatenate(cols[2]), P, np.concatenate(cols[4]),
                            np.concatenate(cols[5]), np.concatenate(cols[6]), dict(confirmed_at))
