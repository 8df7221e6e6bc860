"""What a tracker accepts from a scan: argument checks (raised) and row rejections (counted).

A malformed call - a measurement array of the wrong shape, ids that do not match its rows,
a time that is not a number, a sensor that is not an integer index - raises
:class:`~launchwatch.errors.InputError` naming the argument; rows that cannot be used are
counted by reason (:data:`REJECT_REASONS`) and dropped: an unknown sensor index or an
impossible value (range <= 0) is ``invalid``, a scan earlier than the tracker's clock
``out_of_order``, a scan of a sensor at a time it already reported or a repeated row
``duplicate``, a row with NaN ``nan``.  (``clutter`` is counted by the tracker.)
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from .config import REJECT_REASONS
from .measurement import RadarMeasurement

__all__ = ["REJECT_REASONS", "accept"]


def accept(meas: Sequence, last_scan: np.ndarray, clock: float, rejected: dict[str, int],
           time, sensor, z, ids) -> tuple | None:
    """``(measurement model, z (m', dim), ids (m',))`` of the usable rows of a scan, or None.

    ``meas`` the tracker's measurement models, ``last_scan (S,)`` each sensor's last scan
    time, ``clock`` the tracker's time, ``rejected`` the counts to add to.
    """
    try:
        time = float(time)
    except (TypeError, ValueError) as exc:
        raise InputError("time", time, "must be a number of seconds") from exc
    try:
        z = np.atleast_2d(np.asarray(z, dtype=float))
    except (TypeError, ValueError) as exc:
        raise InputError("z", type(z).__name__, "must be a numeric array (m, k)") from exc
    if z.ndim != 2:
        raise InputError("z", z.shape, "must have shape (m, k): one measurement per row")
    m = z.shape[0] if z.size else 0
    ids = np.arange(m) if ids is None else np.asarray(ids)
    if ids.shape != (m,):
        raise InputError("ids", ids.shape, f"must have shape ({m},): one id per row of z")
    if isinstance(sensor, bool) or not isinstance(sensor, int | np.integer):
        raise InputError("sensor", sensor, "must be an integer index into the sensor list")
    if not 0 <= sensor < len(meas):
        rejected["invalid"] += m
        return None
    mm = meas[sensor]
    if m and z.shape[1] < mm.dim:
        raise InputError("z", z.shape, f"sensor {sensor} measures {mm.dim} values per row")
    reason = ("nan" if not math.isfinite(time) else "out_of_order" if time < clock
              else "duplicate" if time <= last_scan[sensor] else None)
    if reason:
        rejected[reason] += m
        return None
    z = z[:, :mm.dim] if m else np.empty((0, mm.dim))
    keep = np.isfinite(z).all(axis=1)
    rejected["nan"] += int((~keep).sum())
    if isinstance(mm, RadarMeasurement):
        bad = keep & (z[:, 0] <= 0.0)
        rejected["invalid"] += int(bad.sum())
        keep &= ~bad
    if keep.sum() > 1:  # repeated rows: every repeat after a row's first occurrence
        idx = np.flatnonzero(keep)
        zk = z[idx]
        order = np.lexsort(zk.T[::-1])
        zs = zk[order]
        same = np.concatenate([[False], (zs[1:] == zs[:-1]).all(axis=1)])
        rejected["duplicate"] += int(same.sum())
        keep[idx[order[same]]] = False
    return mm, z[keep], ids[keep]
