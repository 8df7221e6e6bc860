"""Coordinate frames: geodetic <-> ECEF <-> local ENU/NED/AER, and ECEF <-> ECI.

Conventions: angles in radians, lengths in metres, arrays batch-first with the
coordinate on the last axis (points ``(..., 3)``, states ``(..., 6)`` = position then
velocity).  ECI here is the inertial frame that coincides with ECEF at the scenario
epoch (``t = 0``) and in which the Earth turns about +z at ``OMEGA_EARTH``; for flights
of minutes precession and nutation are irrelevant.  Local-frame conversions use
:mod:`pymap3d`; ECEF -> geodetic uses a compiled Bowring iteration (checked
against ``erfa.gc2gd`` to < 1e-8 m up to 1000 km).  Every function that depends on the
figure of the Earth takes an ``ellipsoid`` (default :data:`~launchwatch.earth.WGS84`).
"""

from __future__ import annotations

import functools

import numpy as np
import pymap3d

from .constants import OMEGA_EARTH
from .ellipsoid import WGS84, Ellipsoid

__all__ = [
    "aer2ecef",
    "ecef2aer",
    "ecef2eci",
    "ecef2enu",
    "ecef2enuv",
    "ecef2geodetic",
    "ecef2ned_velocity",
    "eci2ecef",
    "enu2ecef",
    "enu2ecefv",
    "enu_basis",
    "geodetic2ecef",
]


def geodetic2ecef(lat: np.ndarray | float, lon: np.ndarray | float,
                  alt: np.ndarray | float = 0.0, ellipsoid: Ellipsoid = WGS84) -> np.ndarray:
    """ECEF position [m], shape ``(..., 3)``, of geodetic lat/lon [rad] and height [m]."""
    return ellipsoid.geodetic2ecef(lat, lon, alt)


def ecef2geodetic(xyz: np.ndarray, ellipsoid: Ellipsoid = WGS84
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Geodetic (lat [rad], lon [rad], height [m]) of ECEF points ``(..., 3)`` [m]."""
    return ellipsoid.ecef2geodetic(xyz)


@functools.cache
def _ell(ellipsoid: Ellipsoid) -> pymap3d.Ellipsoid:
    return pymap3d.Ellipsoid(ellipsoid.a, ellipsoid.b, ellipsoid.name)


def enu_basis(lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
    """Rotation matrices ``(..., 3, 3)`` whose rows are the east, north, up unit vectors in ECEF."""
    lat, lon = np.broadcast_arrays(np.asarray(lat, float), np.asarray(lon, float))
    sl, cl, so, co = np.sin(lat), np.cos(lat), np.sin(lon), np.cos(lon)
    z = np.zeros_like(sl)
    east = np.stack([-so, co, z], axis=-1)
    north = np.stack([-sl * co, -sl * so, cl], axis=-1)
    up = np.stack([cl * co, cl * so, sl], axis=-1)
    return np.stack([east, north, up], axis=-2)


def _pymap3d(fn, a: np.ndarray, lat0, lon0, h0, ellipsoid: Ellipsoid) -> np.ndarray:
    """Apply a pymap3d point transform (radians) to the last axis of ``a`` ``(..., 3)``."""
    a = np.asarray(a, float)
    out = fn(a[..., 0], a[..., 1], a[..., 2], lat0, lon0, h0, _ell(ellipsoid), deg=False)
    return np.stack(out, axis=-1)


def ecef2enu(xyz: np.ndarray, lat0: np.ndarray | float, lon0: np.ndarray | float,
             h0: np.ndarray | float, ellipsoid: Ellipsoid = WGS84) -> np.ndarray:
    """Local east-north-up coordinates ``(..., 3)`` [m] of ECEF points about an origin."""
    return _pymap3d(pymap3d.ecef2enu, xyz, lat0, lon0, h0, ellipsoid)


def enu2ecef(enu: np.ndarray, lat0: np.ndarray | float, lon0: np.ndarray | float,
             h0: np.ndarray | float, ellipsoid: Ellipsoid = WGS84) -> np.ndarray:
    """ECEF points ``(..., 3)`` [m] from local east-north-up coordinates about an origin."""
    return _pymap3d(pymap3d.enu2ecef, enu, lat0, lon0, h0, ellipsoid)


def ecef2enuv(v: np.ndarray, lat0: np.ndarray | float, lon0: np.ndarray | float) -> np.ndarray:
    """Rotate ECEF vectors ``(..., 3)`` into the local east-north-up axes at lat0/lon0 [rad]."""
    return np.einsum("...ij,...j->...i", enu_basis(lat0, lon0), np.asarray(v, float))


def enu2ecefv(v: np.ndarray, lat0: np.ndarray | float, lon0: np.ndarray | float) -> np.ndarray:
    """Rotate local east-north-up vectors ``(..., 3)`` at lat0/lon0 [rad] into ECEF axes."""
    return np.einsum("...ji,...j->...i", enu_basis(lat0, lon0), np.asarray(v, float))


def ecef2ned_velocity(states: np.ndarray, ellipsoid: Ellipsoid = WGS84) -> np.ndarray:
    """Earth-relative velocity in local north-east-down axes ``(..., 3)`` [m/s] of ECEF states."""
    states = np.asarray(states, float)
    lat, lon, _ = ellipsoid.ecef2geodetic(states[..., :3])
    enu = ecef2enuv(states[..., 3:], lat, lon)
    return np.stack([enu[..., 1], enu[..., 0], -enu[..., 2]], axis=-1)


def ecef2aer(xyz: np.ndarray, lat0: np.ndarray | float, lon0: np.ndarray | float,
             h0: np.ndarray | float, ellipsoid: Ellipsoid = WGS84) -> np.ndarray:
    """Azimuth [rad, from north], elevation [rad] and slant range [m] ``(..., 3)`` of ECEF points."""
    return _pymap3d(pymap3d.ecef2aer, xyz, lat0, lon0, h0, ellipsoid)


def aer2ecef(aer: np.ndarray, lat0: np.ndarray | float, lon0: np.ndarray | float,
             h0: np.ndarray | float, ellipsoid: Ellipsoid = WGS84) -> np.ndarray:
    """ECEF points ``(..., 3)`` [m] from azimuth, elevation [rad] and slant range [m]."""
    return _pymap3d(pymap3d.aer2ecef, aer, lat0, lon0, h0, ellipsoid)


def _rot_z(theta: np.ndarray) -> np.ndarray:
    c, s = np.cos(theta), np.sin(theta)
    z, o = np.zeros_like(c), np.ones_like(c)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def ecef2eci(states: np.ndarray, t: np.ndarray | float, theta0: float = 0.0) -> np.ndarray:
    """Inertial states ``(..., 6)`` from Earth-fixed states ``(..., 6)`` at times ``t`` [s].

    The Earth rotation angle is ``theta0 + OMEGA_EARTH * t`` (``theta0`` [rad] at t = 0).
    Velocity gains the transport term ``omega x r``.
    """
    s = np.asarray(states, float)
    theta = theta0 + OMEGA_EARTH * np.asarray(t, float)
    rot = _rot_z(np.broadcast_to(theta, s.shape[:-1]))
    r = s[..., :3]
    w_x_r = np.stack([-OMEGA_EARTH * r[..., 1], OMEGA_EARTH * r[..., 0], np.zeros_like(r[..., 0])], -1)
    r_i = np.einsum("...ij,...j->...i", rot, r)
    v_i = np.einsum("...ij,...j->...i", rot, s[..., 3:] + w_x_r)
    return np.concatenate([r_i, v_i], axis=-1)


def eci2ecef(states: np.ndarray, t: np.ndarray | float, theta0: float = 0.0) -> np.ndarray:
    """Earth-fixed states ``(..., 6)`` from inertial states ``(..., 6)`` at times ``t`` [s]."""
    s = np.asarray(states, float)
    theta = theta0 + OMEGA_EARTH * np.asarray(t, float)
    rot_t = np.swapaxes(_rot_z(np.broadcast_to(theta, s.shape[:-1])), -1, -2)
    r = np.einsum("...ij,...j->...i", rot_t, s[..., :3])
    v = np.einsum("...ij,...j->...i", rot_t, s[..., 3:])
    w_x_r = np.stack([-OMEGA_EARTH * r[..., 1], OMEGA_EARTH * r[..., 0], np.zeros_like(r[..., 0])], -1)
    return np.concatenate([r, v - w_x_r], axis=-1)
