"""Tracking metrics: OSPA, GOSPA, RMSE, NEES, track breaks, false tracks and identity swaps."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.stats import chi2

__all__ = ["TrackScore", "gospa", "label_tracks", "nees", "nees_interval", "ospa",
           "ospa_gospa_over_time", "score_tracks"]


def _dist(X: np.ndarray, Y: np.ndarray, c: float) -> np.ndarray:
    d = np.linalg.norm(X[:, None, :] - Y[None, :, :], axis=-1)
    return np.minimum(d, c)


def ospa(X: np.ndarray, Y: np.ndarray, c: float = 10_000.0, p: float = 2.0) -> float:
    """OSPA distance [m] between point sets ``X (n, d)`` and ``Y (m, d)`` (Schuhmacher 2008)."""
    n, m = len(X), len(Y)
    if n == 0 and m == 0:
        return 0.0
    if n == 0 or m == 0:
        return float(c)
    D = _dist(X, Y, c) ** p
    r, col = linear_sum_assignment(D)
    return float(((D[r, col].sum() + c**p * abs(n - m)) / max(n, m)) ** (1.0 / p))


def gospa(X: np.ndarray, Y: np.ndarray, c: float = 10_000.0, p: float = 2.0
          ) -> tuple[float, float, float, float]:
    """GOSPA with ``alpha = 2`` (Rahmathullah 2017): ``(total, localisation, missed, false)``.

    ``X`` truths, ``Y`` estimates; the parts are the p-th power contributions, total is
    their sum to the power ``1/p`` [m].
    """
    n, m = len(X), len(Y)
    pen = c**p / 2.0
    if n == 0 or m == 0:
        miss, false = pen * n, pen * m
        return float((miss + false) ** (1 / p)), 0.0, miss, false
    D = np.linalg.norm(X[:, None, :] - Y[None, :, :], axis=-1) ** p
    cost = np.minimum(D, 2 * pen)
    r, col = linear_sum_assignment(cost)
    ok = D[r, col] < 2 * pen
    loc = float(D[r, col][ok].sum())
    n_as = int(ok.sum())
    miss, false = pen * (n - n_as), pen * (m - n_as)
    return float((loc + miss + false) ** (1 / p)), loc, miss, false


def ospa_gospa_over_time(times: np.ndarray, truth_pos: np.ndarray, est_time: np.ndarray,
                         est_pos: np.ndarray, c: float = 10_000.0, p: float = 2.0
                         ) -> tuple[np.ndarray, np.ndarray]:
    """OSPA and GOSPA [m] at each of ``times (T,)``.

    ``truth_pos (N, T, 3)`` (NaN where a truth does not exist or should not count),
    estimates as rows ``est_time (R,)``, ``est_pos (R, 3)`` (confirmed tracks' positions).
    """
    o = np.empty(times.size)
    g = np.empty(times.size)
    for i, t in enumerate(times):
        X = truth_pos[:, i]
        X = X[np.isfinite(X[:, 0])]
        Y = est_pos[est_time == t]
        o[i] = ospa(X, Y, c, p)
        g[i] = gospa(X, Y, c, p)[0]
    return o, g


def nees(err: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Normalised estimation error squared ``(R,)`` of errors ``(R, n)`` under ``P (R, n, n)``."""
    L = np.linalg.cholesky(P)
    y = np.linalg.solve(L, err[..., None])[..., 0]
    return np.sum(y * y, axis=-1)


def nees_interval(dim: int, runs: int, probability: float = 0.95) -> tuple[float, float]:
    """Two-sided interval of the average NEES over ``runs`` independent runs of a ``dim``-state."""
    a = (1.0 - probability) / 2.0
    return (float(chi2.ppf(a, dim * runs) / runs), float(chi2.ppf(1.0 - a, dim * runs) / runs))


def label_tracks(track_id: np.ndarray, detection: np.ndarray, det_truth: np.ndarray
                 ) -> dict[int, int]:
    """Truth label of each track: the truth id most of its detections came from (-1: clutter)."""
    out: dict[int, int] = {}
    used = detection >= 0
    for t in np.unique(track_id):
        m = (track_id == t) & used
        labs = det_truth[detection[m]]
        if labs.size == 0:
            out[int(t)] = -1
            continue
        vals, cnt = np.unique(labs, return_counts=True)
        out[int(t)] = int(vals[np.argmax(cnt)])
    return out


@dataclass
class TrackScore:
    """Scores of a tracker run against the truth.

    ``labels``: track id -> truth id (-1 false); ``confirm_delay (N,)`` [s] from a truth's
    first detection to the confirmation of its first track (NaN: never);
    ``breaks (N,)``: tracks per truth minus one; ``false_tracks``: track id -> lifetime [s]
    of confirmed tracks labelled clutter; ``swaps``: tracks whose updates switched from one
    truth to another for ``min_run`` updates in a row.
    """

    labels: dict[int, int]
    confirm_delay: np.ndarray
    breaks: np.ndarray
    false_tracks: dict[int, float]
    swaps: int


def score_tracks(history, det_time: np.ndarray, det_truth: np.ndarray, n_truth: int,
                 min_run: int = 3) -> TrackScore:
    """Score a :class:`~launchwatch.tracking.TrackHistory` with the detections' truth tags."""
    labels = label_tracks(history.track_id, history.detection, det_truth)
    delay = np.full(n_truth, np.nan)
    breaks = np.zeros(n_truth, np.int64)
    for i in range(n_truth):
        ids = [t for t, lab in labels.items() if lab == i]
        breaks[i] = max(len(ids) - 1, 0)
        if ids and (det_truth == i).any():
            first = det_time[det_truth == i].min()
            delay[i] = min(history.confirmed_at.get(t, np.inf) for t in ids) - first
    false: dict[int, float] = {}
    swaps = 0
    for t, lab in labels.items():
        m = history.track_id == t
        if lab < 0:
            tt = history.time[m]
            false[t] = float(tt.max() - tt.min())
        d = history.detection[m]
        seq = det_truth[d[d >= 0]]
        seq = seq[seq >= 0]
        if seq.size >= min_run:
            # runs of the same truth; a different truth for min_run in a row is a swap
            change = np.flatnonzero(np.diff(seq) != 0) + 1
            bounds = np.concatenate([[0], change, [seq.size]])
            runs = [(seq[a], b - a) for a, b in itertools.pairwise(bounds)]
            long_runs = [v for v, n in runs if n >= min_run]
            swaps += sum(1 for a, b in itertools.pairwise(long_runs) if a != b)
    return TrackScore(labels, delay, breaks, false, swaps)
