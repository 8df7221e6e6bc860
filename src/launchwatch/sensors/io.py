"""Detection files: record a batch of detections to CSV or Parquet and read it back.

One row per detection, columns (units in the names)::

    time_s            float  seconds from the scenario epoch
    sensor            int    index into the sensor list (0-based, the order of ``sensors:``)
    range_m           float  radar rows: slant range [m]
    azimuth_rad       float  radar rows: azimuth [rad], clockwise from north
    elevation_rad     float  radar rows: elevation [rad] above the site's horizontal plane
    range_rate_m_s    float  radar rows: range-rate [m/s]
    los_azimuth_rad   float  infrared rows: line-of-sight azimuth atan2(dy, dx) in ECEF axes [rad]
    los_elevation_rad float  infrared rows: line-of-sight elevation asin(dz / |d|) [rad]
    truth             int    optional, scoring only: flight index, -1 false alarm, empty unknown

A radar row leaves the two ``los_*`` cells empty, an infrared row the four radar cells.
A row whose measurement cells are all empty marks a scan of that sensor that detected
nothing (the tracker needs empty scans to count misses; :func:`write_detections` writes
them).  An empty cell is "no value"; a cell that reads ``nan`` or ``inf`` is an error, as
is a partly filled row, an unknown sensor index or a sensor whose kind does not match the
filled columns.  Rows need not be sorted; they are sorted by (time, sensor) on reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import InputError
from .config import InfraredConfig, RadarConfig
from .detections import Detections

__all__ = ["DETECTION_COLUMNS", "IR_COLUMNS", "RADAR_COLUMNS", "read_detections",
           "write_detections"]

RADAR_COLUMNS = ("range_m", "azimuth_rad", "elevation_rad", "range_rate_m_s")
IR_COLUMNS = ("los_azimuth_rad", "los_elevation_rad")
DETECTION_COLUMNS = ("time_s", "sensor", *RADAR_COLUMNS, *IR_COLUMNS, "truth")


def _format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise InputError("detections", str(path), "file must end in .csv or .parquet")


def write_detections(det: Detections, path: str | Path, *, with_truth: bool = True) -> Path:
    """Write ``det`` (and its empty scans) to ``path`` (``.csv`` or ``.parquet``); returns the path."""
    import pyarrow as pa

    path = Path(path)
    fmt = _format(path)
    kinds = [getattr(s, "kind", "radar") for s in det.sensors]
    t, s, z, tr = det.time, det.sensor.astype(np.int64), det.z, det.truth.astype(np.int64)
    # empty scans: listed scans without any detection
    if det.scan_time is not None and det.scan_sensor is not None:
        have = set(zip(t.tolist(), s.tolist(), strict=True))
        empty = [(a, b) for a, b in zip(det.scan_time.tolist(), det.scan_sensor.tolist(),
                                         strict=True) if (a, b) not in have]
        if empty:
            et = np.array([a for a, _ in empty], float)
            es = np.array([b for _, b in empty], np.int64)
            t = np.concatenate([t, et])
            s = np.concatenate([s, es])
            z = np.concatenate([z, np.full((et.size, 4), np.nan)])
            tr = np.concatenate([tr, np.full(et.size, -2, np.int64)])
            order = np.lexsort((s, t))
            t, s, z, tr = t[order], s[order], z[order], tr[order]
    is_ir = np.array([kinds[i] == "ir" if i < len(kinds) else False for i in s.tolist()], bool)
    marker = ~np.isfinite(z[:, 0]) & ~np.isfinite(z[:, 1])
    cols: dict[str, pa.Array] = {"time_s": pa.array(t, pa.float64()),
                                 "sensor": pa.array(s, pa.int64())}
    for j, name in enumerate(RADAR_COLUMNS):
        cols[name] = pa.array(z[:, j], pa.float64(), mask=is_ir | marker)
    for j, name in enumerate(IR_COLUMNS):
        cols[name] = pa.array(z[:, j], pa.float64(), mask=~is_ir | marker)
    if with_truth:
        cols["truth"] = pa.array(tr, pa.int64(), mask=marker)
    from .._tables import write_table

    return write_table(pa.table(cols), path, fmt)


#: Physical bounds of a detection file's cells (column: low, high), in the column's units;
#: a value outside is an input error naming the row and column, never a tracker failure.
BOUNDS = {"time_s": (-1e9, 1e9), "range_m": (0.0, 1e9), "azimuth_rad": (-4 * np.pi, 4 * np.pi),
          "elevation_rad": (-np.pi / 2, np.pi / 2), "range_rate_m_s": (-1e5, 1e5),
          "los_azimuth_rad": (-4 * np.pi, 4 * np.pi), "los_elevation_rad": (-np.pi / 2, np.pi / 2)}


def _column(table, name: str, n: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Values ``(n,)`` and a mask of present (non-null) cells of a column; absent: all null."""
    if name not in table.column_names:
        return np.zeros(n, dtype), np.zeros(n, bool)
    import pyarrow as pa

    col = table.column(name)
    if pa.types.is_null(col.type):
        return np.zeros(n, dtype), np.zeros(n, bool)
    if not (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)):
        raise InputError(f"detections.{name}", str(col.type), "must be numeric")
    present = ~np.asarray(col.is_null().to_numpy(zero_copy_only=False), bool)
    try:
        vals = np.asarray(col.fill_null(0).to_numpy(zero_copy_only=False))
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise InputError(f"detections.{name}", str(col.type), "must be numeric") from exc
    if np.issubdtype(dtype, np.integer) and vals.dtype.kind == "f":
        whole = present & ~(np.isfinite(vals) & (vals == np.round(vals)) & (np.abs(vals) < 2**53))
        if whole.any():
            i = int(np.argmax(whole))
            raise InputError(f"detections[row {i + 1}].{name}", float(vals[i]),
                             "must be a whole number")
    return vals.astype(dtype), present


def read_detections(path: str | Path, sensors: Sequence[RadarConfig | InfraredConfig]
                    ) -> Detections:
    """Read a detection file (see the module docstring) for the sensor list ``sensors``.

    Raises :class:`~launchwatch.errors.InputError` naming the row and column of the first
    bad cell (rows counted from 1, the header not included).
    """
    import pyarrow as pa

    path = Path(path)
    fmt = _format(path)
    if not path.is_file():
        raise InputError("detections", str(path), "no such file")
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            table = pq.read_table(path)
        else:
            import pyarrow.csv as pcsv

            table = pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(
                null_values=[""],  # "nan" must read as NaN (an error), not as an empty cell
                column_types={"sensor": pa.int64(), "truth": pa.int64(), "time_s": pa.float64(),
                              **dict.fromkeys(RADAR_COLUMNS + IR_COLUMNS, pa.float64())}))
    except (pa.ArrowException, OSError, UnicodeDecodeError, ValueError) as exc:
        msg = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError("detections", str(path), f"cannot be read as {fmt.upper()}: {msg}") from exc
    try:
        names = table.column_names
    except UnicodeDecodeError as exc:  # pyarrow decodes the header's names lazily
        raise InputError("detections", str(path), f"column names are not UTF-8 (byte {exc.start})"
                         ) from exc
    dupes = sorted({c for c in names if names.count(c) > 1})
    if dupes:
        raise InputError(f"detections.{dupes[0]}", str(path), "column given more than once")
    for need in ("time_s", "sensor"):
        if need not in table.column_names:
            raise InputError("detections", str(path), f"has no '{need}' column; columns are "
                             f"{', '.join(DETECTION_COLUMNS)}")
    unknown = [c for c in table.column_names if c not in DETECTION_COLUMNS]
    if unknown:
        raise InputError(f"detections.{unknown[0]}", str(path), "unknown column; columns are "
                         f"{', '.join(DETECTION_COLUMNS)}")
    n = table.num_rows
    t, t_ok = _column(table, "time_s", n, float)
    s, s_ok = _column(table, "sensor", n, np.int64)
    tr, tr_ok = _column(table, "truth", n, np.int64)
    zr = np.empty((n, 4))
    zr_ok = np.empty((n, 4), bool)
    for j, name in enumerate(RADAR_COLUMNS):
        zr[:, j], zr_ok[:, j] = _column(table, name, n, float)
    zi = np.empty((n, 2))
    zi_ok = np.empty((n, 2), bool)
    for j, name in enumerate(IR_COLUMNS):
        zi[:, j], zi_ok[:, j] = _column(table, name, n, float)

    def fail(row: int, name: str, value, reason: str) -> InputError:
        return InputError(f"detections[row {row + 1}].{name}", value, reason)

    for name, ok in (("time_s", t_ok), ("sensor", s_ok)):
        if not ok.all():
            raise fail(int(np.argmin(ok)), name, None, "missing value")
    bad = ~np.isfinite(t)
    if bad.any():
        i = int(np.argmax(bad))
        raise fail(i, "time_s", float(t[i]), "must be a finite number")
    lo, hi = BOUNDS["time_s"]
    bad = (t < lo) | (t > hi)
    if bad.any():
        i = int(np.argmax(bad))
        raise fail(i, "time_s", float(t[i]), f"must be within [{lo:g}, {hi:g}] s of the epoch")
    ns = len(sensors)
    bad = (s < 0) | (s >= ns)
    if bad.any():
        i = int(np.argmax(bad))
        raise fail(i, "sensor", int(s[i]), f"unknown sensor; {ns} sensor{'s' * (ns != 1)} "
                   f"defined (indices 0..{ns - 1})")
    ir = np.array([getattr(sensors[k], "kind", "radar") == "ir" for k in s.tolist()], bool)
    z = np.full((n, 4), np.nan)
    present = np.zeros(n, bool)
    for rows, vals, ok, other_ok, names, other in (
            (~ir, zr, zr_ok, zi_ok, RADAR_COLUMNS, IR_COLUMNS),
            (ir, zi, zi_ok, zr_ok, IR_COLUMNS, RADAR_COLUMNS)):
        wrong = rows & other_ok.any(axis=1)
        if wrong.any():
            i = int(np.argmax(wrong))
            j = int(np.argmax(other_ok[i]))
            kind = "an infrared" if ir[i] else "a radar"
            raise fail(i, other[j], None, f"sensor {int(s[i])} is {kind} sensor; leave this "
                       "cell empty")
        some = ok.any(axis=1)
        partial = rows & some & ~ok.all(axis=1)
        if partial.any():
            i = int(np.argmax(partial))
            raise fail(i, names[int(np.argmin(ok[i]))], None,
                       "missing value (fill every measurement cell, or none for an empty scan)")
        nonfinite = rows[:, None] & ok & ~np.isfinite(vals)
        if nonfinite.any():
            i, j = (int(a) for a in np.argwhere(nonfinite)[0])
            raise fail(i, names[j], float(vals[i, j]), "must be a finite number")
        for j, name in enumerate(names):
            lo, hi = BOUNDS[name]
            out = rows & ok[:, j] & ((vals[:, j] < lo) | (vals[:, j] > hi))
            if out.any():
                i = int(np.argmax(out))
                raise fail(i, name, float(vals[i, j]), f"must be within [{lo:.6g}, {hi:.6g}]")
        z[rows, : len(names)] = vals[rows]
        present |= rows & some
    if (~ir & present).any():
        r = ~ir & present
        badr = r & (z[:, 0] <= 0.0)
        if badr.any():
            i = int(np.argmax(badr))
            raise fail(i, "range_m", float(z[i, 0]), "must be > 0")
    order = np.lexsort((s, t))
    scan_t, scan_s = t[order], s[order]
    keys = np.unique(np.stack([scan_t, scan_s.astype(float)], 1), axis=0)
    det_rows = order[present[order]]
    truth = np.where(tr_ok, tr, -2)[det_rows]
    return Detections(t[det_rows], s[det_rows].astype(np.intp), z[det_rows],
                      truth.astype(np.intp), tuple(sensors), keys[:, 0],
                      keys[:, 1].astype(np.intp))
