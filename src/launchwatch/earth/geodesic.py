"""Geodesics on an ellipsoid, WGS-84 by default (GeographicLib's algorithms, via pyproj.Geod).

Batch-first: every argument broadcasts; angles in radians, distances in metres.  A sphere
(``Ellipsoid.sphere(r)``) gives great circles, exactly.
"""

from __future__ import annotations

import functools

import numpy as np

from .ellipsoid import WGS84, Ellipsoid

__all__ = ["geodesic_direct", "geodesic_inverse"]


@functools.cache
def _geod(ellipsoid: Ellipsoid = WGS84):  # pyproj import is lazy: it costs ~0.1 s
    from pyproj import Geod

    return Geod(a=ellipsoid.a, f=ellipsoid.f)


def _args(*angles: np.ndarray) -> list:
    """Degrees for pyproj: plain floats for one point (pyproj's scalar path), else 1-D arrays."""
    if angles[0].size == 1:
        return [float(np.degrees(a).ravel()[0]) for a in angles]
    return [np.degrees(a).ravel() for a in angles]


def geodesic_inverse(lat1: np.ndarray | float, lon1: np.ndarray | float,
                     lat2: np.ndarray | float, lon2: np.ndarray | float,
                     ellipsoid: Ellipsoid = WGS84) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distance [m] and forward/back azimuths [rad, clockwise from north] between points.

    Returns ``(distance, azimuth_at_1, azimuth_at_2)``; the second azimuth is the direction
    of travel at point 2 (not the back azimuth).  NaN inputs give NaN.
    """
    lat1, lon1, lat2, lon2 = np.broadcast_arrays(
        *(np.asarray(v, float) for v in (lat1, lon1, lat2, lon2)))
    shape = lat1.shape
    d = np.full(shape, np.nan)
    az1 = np.full(shape, np.nan)
    az2 = np.full(shape, np.nan)
    ok = np.isfinite(lat1) & np.isfinite(lon1) & np.isfinite(lat2) & np.isfinite(lon2)
    if ok.any():
        fa, ba, dist = _geod(ellipsoid).inv(*_args(lon1[ok], lat1[ok], lon2[ok], lat2[ok]))
        d[ok] = dist
        az1[ok] = np.radians(fa)
        az2[ok] = np.radians(np.mod(np.asarray(ba) + 360.0, 360.0) - 180.0)
    return d, az1, az2


def geodesic_direct(lat1: np.ndarray | float, lon1: np.ndarray | float,
                    azimuth: np.ndarray | float, distance: np.ndarray | float,
                    ellipsoid: Ellipsoid = WGS84) -> tuple[np.ndarray, np.ndarray]:
    """End point (lat [rad], lon [rad]) after ``distance`` [m] along ``azimuth`` [rad]."""
    lat1, lon1, az, dist = np.broadcast_arrays(
        *(np.asarray(v, float) for v in (lat1, lon1, azimuth, distance)))
    lon2, lat2, _ = _geod(ellipsoid).fwd(*_args(lon1, lat1, az),
                                dist.ravel() if dist.size > 1 else float(dist.ravel()[0]))
    return np.radians(np.asarray(lat2)).reshape(lat1.shape), np.radians(np.asarray(lon2)).reshape(lat1.shape)
