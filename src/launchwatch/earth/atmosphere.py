"""US Standard Atmosphere 1976 from 0 to 1000 km, vectorised.

Below 86 km the standard is a closed form (geopotential layers with linear molecular
temperature), evaluated exactly here.  Above 86 km it is the integration of the species'
diffusion equations; that part comes from the maintained ``ussa1976`` package, sampled
once every 100 m and interpolated linearly in log density / log pressure (interpolation
error below 2e-5 relative; tested against the package and the published tables).
The table is computed on first use and cached on disk (a user cache directory) so that
later processes do not import ``ussa1976`` and its xarray stack.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np
from numba import njit

from . import _kernels as _k

__all__ = ["Atmosphere", "standard_atmosphere", "upper_table"]


class Atmosphere(NamedTuple):
    """Atmospheric state; each field has the shape of the altitude array."""

    density: np.ndarray  #: kg/m^3
    pressure: np.ndarray  #: Pa
    temperature: np.ndarray  #: kinetic temperature, K
    speed_of_sound: np.ndarray  #: m/s


def _cache_file() -> Path:
    import platformdirs

    from .. import __version__

    return Path(platformdirs.user_cache_dir("launchwatch")) / f"ussa1976-upper-{__version__}.npy"


def _compute_upper_table() -> np.ndarray:
    import ussa1976

    z = np.arange(_k.Z_TABLE, _k.Z_TOP + 0.5 * _k.DZ_TABLE, _k.DZ_TABLE)
    ds = ussa1976.compute(z=z, variables=["t", "p", "rho"])
    t = np.asarray(ds["t"].values, dtype=float)
    p = np.asarray(ds["p"].values, dtype=float)
    rho = np.asarray(ds["rho"].values, dtype=float)
    # The standard defines no speed of sound above 86 km; use the ideal-gas value with the
    # local mean molar mass, sqrt(1.4 p / rho), which joins the lower model continuously.
    a = np.sqrt(1.4 * p / rho)
    return np.column_stack([np.log(rho), np.log(p), t, a])


@functools.cache
def upper_table() -> np.ndarray:
    """Table of the 1976 atmosphere above 86 km, shape ``(n, 4)``.

    Columns: ln density [kg/m^3], ln pressure [Pa], temperature [K], speed of sound [m/s],
    every 100 m from 86 km to 1000 km.
    """
    path = _cache_file()
    try:
        tab = np.load(path)
        if tab.shape == (round((_k.Z_TOP - _k.Z_TABLE) / _k.DZ_TABLE) + 1, 4):
            return tab
    except (OSError, ValueError):
        pass
    tab = _compute_upper_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npy")
        np.save(tmp, tab)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home is fine: the table is recomputed next time
    return tab


@njit(cache=True)
def _batch(h: np.ndarray, tab: np.ndarray, out: np.ndarray) -> None:
    for i in range(h.size):
        if math.isnan(h[i]):
            out[i, :] = np.nan
        else:
            r, p, t, a = _k.atmosphere(h[i], tab)
            out[i, 0] = r
            out[i, 1] = p
            out[i, 2] = t
            out[i, 3] = a


def standard_atmosphere(altitude: np.ndarray | float) -> Atmosphere:
    """US Standard Atmosphere 1976 at geometric altitude(s) [m], any shape.

    Valid from -5 km to 1000 km (below -5 km the value at -5 km is returned; above
    1000 km density and pressure are 0).  NaN altitudes give NaN.

    >>> round(float(standard_atmosphere(11000.0).temperature), 3)
    216.774
    """
    h = np.asarray(altitude, dtype=float)
    out = np.empty((h.size, 4))
    _batch(np.ascontiguousarray(h.ravel()), upper_table(), out)
    shape = h.shape
    return Atmosphere(*(out[:, i].reshape(shape) for i in range(4)))
