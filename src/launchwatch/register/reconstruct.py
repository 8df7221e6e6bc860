"""Trajectories consistent with reported facts, from the flight engine's inversion.

:func:`reconstruct` runs :func:`launchwatch.flight.invert` over every launch of a list of
events that has a located site and at least one of distance, apogee and flight time, in
one batch, and stores on each launch the fitted flight (:class:`Reconstruction`), its
regime and the inversion's findings (a reported apogee too low for any ballistic flight
of that range, facts no ballistic flight reproduces).  :func:`trajectories` flies the
stored fits again, sampled, for maps and exports; :func:`landing_point` gives the best
landing point a launch has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .. import __version__
from .models import Event, Launch, Reconstruction

__all__ = ["INVERT_MODEL", "Trajectory", "landing_point", "reconstruct", "trajectories"]

#: Model label stored in provenance: the drag-free impulsive ballistic fit of flight.invert
#: on the rotating WGS-84 Earth with J2.
INVERT_MODEL = f"flight.invert burnout drag-free wgs84-j2 (launchwatch {__version__})"


def _candidates(events: list[Event]) -> list[Launch]:
    out = []
    for ev in events:
        for la in ev.launches:
            if la.site.known and any(v is not None for v in (la.distance, la.apogee, la.flight_time)):
                out.append(la)
    return out


def reconstruct(events: list[Event], *, overwrite: bool = False) -> int:
    """Fit a ballistic flight to each launch that has a site and a shape fact, in place.

    Launches with a reconstruction already are skipped unless ``overwrite``.  A fitted
    regime fills an empty ``regime``; the findings go to ``reconstruction.messages``.
    Returns the number of launches reconstructed.
    """
    from ..flight import invert

    todo = [la for la in _candidates(events) if overwrite or la.reconstruction is None]
    if not todo:
        return 0

    def arr(name: str) -> np.ndarray:
        return np.array([np.nan if getattr(la, name) is None else getattr(la, name) for la in todo])

    res = invert(np.array([la.site.lat for la in todo]), np.array([la.site.lon for la in todo]),
                 ground_range=arr("distance"), apogee=arr("apogee"), flight_time=arr("flight_time"),
                 bearing=arr("bearing"))
    done = 0
    for i, la in enumerate(todo):
        if res.status[i] != 0:  # no fit for this launch (its numbers are NaN): none stored
            continue
        done += 1
        ld = float(res.lift_to_drag[i])
        la.reconstruction = Reconstruction(
            speed=float(res.speed[i]), fpa=float(res.fpa[i]),
            azimuth=float(res.launch_azimuth[i]), range=float(res.ground_range[i]),
            bearing=float(res.bearing[i]) if np.isfinite(res.bearing[i]) else None,
            apogee=float(res.apogee[i]),
            flight_time=float(res.flight_time[i]), ballistic=bool(res.ballistic[i]),
            regime=str(res.regime[i]), lift_to_drag=ld if math.isfinite(ld) else None,
            messages=list(res.messages[i]))
        if la.regime is None:
            la.regime = str(res.regime[i])
        la.provenance.models["flight.invert"] = INVERT_MODEL
    return done


@dataclass
class Trajectory:
    """A sampled flight of one launch: ``t`` [s after launch], ``lat``/``lon`` [rad],
    ``alt`` [m], ``(S,)`` each; ``launch_utc`` the launch time (aware UTC)."""

    event: str
    seq: int
    launch_utc: object
    t: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    alt: np.ndarray


def trajectories(events: list[Event], *, sample_dt: float = 5.0) -> list[Trajectory]:
    """Fly the stored reconstructions again, sampled every ``sample_dt`` [s]."""
    from ..earth import ecef2geodetic
    from ..flight import ballistic_states, propagate

    rows = [(ev.key, la) for ev in events for la in ev.launches
            if la.reconstruction is not None and la.site.known]
    if not rows:
        return []
    rc = [la.reconstruction for _, la in rows]
    st = ballistic_states(np.array([la.site.lat for _, la in rows]),
                          np.array([la.site.lon for _, la in rows]),
                          np.array([r.speed for r in rc]), np.array([r.fpa for r in rc]),
                          np.array([r.azimuth for r in rc]))
    res = propagate(st, 0.0, sample_dt=sample_dt)
    lat, lon, alt = ecef2geodetic(res.samples[..., :3])
    out = []
    for i, (key, la) in enumerate(rows):
        ok = np.isfinite(lat[i])
        # end on the ground: the impact state closes the sampled arc
        elat, elon, ealt = ecef2geodetic(res.end[i, :3])
        t = np.append(res.sample_times[ok], res.t_end[i] - res.t_launch[i])
        out.append(Trajectory(key, la.seq, la.utc, t, np.append(lat[i][ok], elat),
                              np.append(lon[i][ok], elon), np.append(alt[i][ok], ealt)))
    return out


def landing_point(la: Launch) -> tuple[float, float, str] | None:
    """Best landing point of a launch: ``(lat, lon [rad], how)``, ``how`` one of
    ``reported`` (given coordinates), ``reconstructed`` (the fitted flight's impact) or
    ``estimated`` (the site, the bearing and the distance along the geodesic); ``None``
    when none can be given."""
    if la.landing.known:
        return la.landing.lat, la.landing.lon, "reported"
    if not la.site.known:
        return None
    from ..earth import geodesic_direct

    rc = la.reconstruction
    if rc is not None and math.isfinite(rc.range) and math.isfinite(rc.azimuth):
        # along the geodesic bearing of the fitted impact (the launch azimuth differs from
        # it on a rotating Earth: by up to a few degrees, hundreds of km at long range)
        direction = rc.bearing if rc.bearing is not None else rc.azimuth
        lat, lon = geodesic_direct(la.site.lat, la.site.lon, direction, rc.range)
        return float(lat), float(lon), "reconstructed"
    if la.bearing is not None and la.distance is not None:
        lat, lon = geodesic_direct(la.site.lat, la.site.lon, la.bearing, la.distance)
        return float(lat), float(lon), "estimated"
    return None
