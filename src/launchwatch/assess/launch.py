"""Launch point and time of a tracked missile: backward flight plus a boost correction.

The coasting (post-burnout) track, flown back in time, meets the ground at its *ballistic
origin*: where a missile with no boost phase would have left.  A real missile left from
up-range of it and earlier, by amounts set by its boost.  We learn those amounts from
generic boosted flights (:func:`launchwatch.flight.generic_vehicle` of the track's range
class, a fan of pitch-over kicks, launched from the track's own origin and azimuth) by
flying their burnout states back in the same way; the offset (along- and cross-track
metres, seconds) is interpolated at the track's flight-path angle at its ballistic
origin.  The boost model's uncertainty (10 % of the offsets, at least 500 m and 3 s) is
added to the propagated covariance.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..earth.constants import MU_EARTH, R_ROUND_EARTH
from ..earth.frames import ecef2enuv, ecef2geodetic
from ..earth.geodesic import geodesic_direct, geodesic_inverse
from ..flight import EarthModel, flight_path_angle, generic_vehicle, propagate, simulate
from .impact import GroundPoint, ground_points
from .uncertainty import GroundEllipse, ground_ellipse

__all__ = ["LaunchEstimate", "estimate_launch"]

_KICKS = np.radians(np.arange(12.0, 62.0, 4.0))
_MODEL_FRACTION = 0.10
_MODEL_MIN_M = 500.0
_MODEL_MIN_S = 3.0


@dataclass
class LaunchEstimate:
    """Estimated launch of K tracks.  Arrays ``(K,)``.

    ``lat``/``lon`` [rad], ``time`` [s from the epoch], ``time_sigma`` [s], ``ellipse``
    (95 %, east/north metres), ``azimuth`` [rad] of the flight at launch, ``range_class``
    [m] of the boost template, ``boost_offset`` [m] (where the launch point lies along
    the flight from the ballistic origin, positive down-range: a gravity turn starts
    steep, so its backward arc lands short of the pad) and ``boost_time`` [s] (how much
    earlier than the ballistic origin's time the missile left), ``origin`` the ballistic
    origin itself, ``burn_time`` [s] the boost duration of the matching template (burnout
    is expected at ``time + burn_time``), ``ok`` whether an estimate exists.
    """

    lat: np.ndarray
    lon: np.ndarray
    time: np.ndarray
    time_sigma: np.ndarray
    ellipse: GroundEllipse
    azimuth: np.ndarray
    range_class: np.ndarray
    boost_offset: np.ndarray
    boost_time: np.ndarray
    burn_time: np.ndarray
    origin: GroundPoint
    ok: np.ndarray


def _azimuth_at(states: np.ndarray) -> np.ndarray:
    lat, lon, _ = ecef2geodetic(states[:, :3])
    enu = ecef2enuv(states[:, 3:], lat, lon)
    return np.arctan2(enu[:, 0], enu[:, 1])


def _templates(lat: np.ndarray, lon: np.ndarray, az: np.ndarray, classes: np.ndarray,
               kappa: np.ndarray, earth: EarthModel | None):
    """Boost offsets of generic flights: (fpa at origin, along [m], cross [m], dt [s]) (K, J)."""
    k = lat.size
    j = _KICKS.size
    uniq, vidx = np.unique(classes, return_inverse=True)
    vehicles = [generic_vehicle(float(c) / 1e3) for c in uniq]
    rep = np.repeat(np.arange(k), j)
    res = simulate(vehicles, lat[rep], lon[rep], az[rep], vehicle_index=vidx[rep],
                   kick_angle=np.tile(_KICKS, k), earth=earth)
    beta = np.where(kappa[rep] > 1e-12, 1.0 / np.maximum(kappa[rep], 1e-12), np.inf)
    back = propagate(res.burnout, res.t_burnout, ballistic_coefficient=beta, backward=True,
                     earth=earth)
    ok = (res.status == 0) & (back.status == 0)
    o_lat, o_lon, _ = ecef2geodetic(back.end[:, :3])
    dist, az_ol, _ = geodesic_inverse(o_lat, o_lon, lat[rep], lon[rep])
    fwd = _azimuth_at(back.end)
    along = dist * np.cos(az_ol - fwd)  # launch relative to origin, along the flight
    cross = dist * np.sin(az_ol - fwd)
    dt = res.t_launch - back.t_end
    burn = res.t_burnout - res.t_launch
    fpa = flight_path_angle(back.end)
    return [np.where(ok, a, np.nan).reshape(k, j) for a in (fpa, along, cross, dt, burn)]


def estimate_launch(x: np.ndarray, P: np.ndarray, t: np.ndarray | float, *,
                    range_hint: np.ndarray | float | None = None,
                    earth: EarthModel | None = None) -> LaunchEstimate:
    """Launch point, time and their uncertainty for tracks ``x (K, n)``, ``P (K, n, n)``.

    ``x`` must be a coasting (post-burnout) state at time ``t`` [s]; column 6, if present,
    is ``kappa = 1/beta`` [m^2/kg].  ``range_hint`` [m] picks the boost template's range
    class; by default the minimum-energy range of the speed at the ballistic origin (the
    flight's energy, so lofted and depressed shots get their vehicle's class).
    """
    x = np.atleast_2d(np.asarray(x, float))
    k = x.shape[0]
    origin = ground_points(x, P, t, backward=True, earth=earth, kappa_prior=None)
    if range_hint is None:
        # the class is the flight's energy, not its range: the minimum-energy range of the
        # track's vacuum energy brought down to the surface (a lofted or depressed shot of
        # a vehicle flies less far than the vehicle's class); not the speed at the
        # ballistic origin, which the backward flight through dense air inflates
        r = np.linalg.norm(x[:, :3], axis=1)
        v2 = np.sum(x[:, 3:6] ** 2, axis=1) + 2.0 * MU_EARTH * (1.0 / R_ROUND_EARTH - 1.0 / r)
        nu = np.clip(v2 * R_ROUND_EARTH / MU_EARTH, 0.0, 0.999)
        rng = 2.0 * R_ROUND_EARTH * np.arcsin(nu / (2.0 - nu))
        rng = np.where(origin.ok, rng, np.nan)
    else:
        rng = np.broadcast_to(np.asarray(range_hint, float), (k,)).astype(float)
    ok = origin.ok & np.isfinite(rng)
    classes = np.clip(np.round(np.nan_to_num(rng, nan=300e3) / 50e3) * 50e3, 50e3, 3000e3)
    az = np.where(ok, _azimuth_at(np.nan_to_num(origin.states)), 0.0)
    kappa = x[:, 6] if x.shape[1] >= 7 else np.zeros(k)
    lat0 = np.where(ok, origin.lat, 0.0)
    lon0 = np.where(ok, origin.lon, 0.0)
    fpa_t, *tables = _templates(lat0, lon0, az, classes, kappa, earth)
    fpa = flight_path_angle(np.nan_to_num(origin.states))
    along, cross, dt, burn = (np.full(k, np.nan) for _ in range(4))
    for i in range(k):  # K interpolations over J=13 templates each: negligible
        good = np.isfinite(fpa_t[i])
        if good.sum() < 2:
            continue
        order = np.argsort(fpa_t[i][good])
        xs = fpa_t[i][good][order]
        for out, tab in zip((along, cross, dt, burn), tables, strict=True):
            out[i] = np.interp(fpa[i], xs, tab[i][good][order])
    ok &= np.isfinite(along)
    # launch = origin moved by (along, cross) in the flight frame
    dist = np.hypot(along, cross)
    bearing = az + np.arctan2(cross, along)
    lat, lon = geodesic_direct(lat0, lon0, np.nan_to_num(bearing), np.nan_to_num(dist))
    time = origin.time + dt
    # covariance: propagated plus the boost model's own uncertainty along the flight
    s_al = np.maximum(_MODEL_FRACTION * np.abs(along), _MODEL_MIN_M)
    s_cr = np.maximum(_MODEL_FRACTION * np.abs(cross), _MODEL_MIN_M)
    ca, sa = np.cos(az), np.sin(az)
    rot = np.stack([np.stack([sa, ca], -1), np.stack([ca, -sa], -1)], -1)  # along/cross -> E/N
    model = np.einsum("kij,kj,klj->kil", rot, np.stack([s_al**2, s_cr**2], -1), rot)
    cov = np.where(ok[:, None, None], np.nan_to_num(origin.ellipse.cov) + model, np.eye(2))
    ell = ground_ellipse(cov)
    t_sig = np.hypot(origin.time_sigma, np.maximum(_MODEL_FRACTION * np.abs(dt), _MODEL_MIN_S))
    nan = ~ok
    for arr in (lat, lon, time, t_sig, along, dt):
        arr[nan] = np.nan
    for f in ("semi_major", "semi_minor", "orientation", "cep"):
        getattr(ell, f)[nan] = np.nan
    return LaunchEstimate(lat=lat, lon=lon, time=time, time_sigma=t_sig, ellipse=ell,
                          azimuth=np.where(ok, az, np.nan), range_class=classes,
                          boost_offset=along, boost_time=-dt, burn_time=burn, origin=origin,
                          ok=ok)

