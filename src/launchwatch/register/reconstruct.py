"""Flights fitted to a launch's facts, only where the facts allow one.

:func:`reconstruct` fits, with :func:`launchwatch.flight.invert` in one batch, a
ballistic flight to each launch that has

* a located site and at least two shape facts (distance, apogee, flight time; a landing
  point counts as a distance and a bearing) -- one fact does not determine a flight: such
  launches are fitted only when ``assume`` is asked, and the fit is then marked
  ``assumed`` (the minimum-energy flight is assumed) and never becomes the launch's
  regime;
* an outcome that is not a failure (a failed flight's figures are not a flight's), and a
  type that is not a space launcher (a satellite launch is not a ballistic flight).

Known bearings and landing points are used (a landing point gives range and bearing);
a landing area without coordinates (a named sea) is checked: a fit landing outside it is
said in the findings.  A launch whose facts changed since its fit is fitted again, the
new fit replacing the old; the fit records the facts it used (``inputs``), the model in
``provenance.models``.  For lofted flights, ``full_range`` is the ground range the same
burnout speed reaches on the rotating Earth at the flight-path angle that maximises it
(the minimum-energy path), found with :func:`launchwatch.flight.propagate`.

:func:`trajectories` flies the stored fits again, sampled, for maps and exports;
:func:`landing_point` gives the best landing point a launch has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from .. import __version__
from .designations import class_of_name
from .models import Event, Launch, Reconstruction

__all__ = ["FULL_RANGE_METHOD", "INVERT_MODEL", "FitReport", "Trajectory", "fit_inputs",
           "fit_refusal", "full_range", "landing_point", "reconstruct", "trajectories"]

#: Model label stored in provenance: the drag-free impulsive ballistic fit of flight.invert
#: on the rotating WGS-84 Earth with J2.
INVERT_MODEL = f"flight.invert burnout drag-free wgs84-j2 (launchwatch {__version__})"
#: How ``full_range`` is computed.
FULL_RANGE_METHOD = ("ground range of the fitted burnout speed and launch azimuth at the "
                     "flight-path angle that maximises it (minimum-energy path), drag-free, "
                     "rotating WGS-84 Earth with J2 (flight.propagate)")


def fit_inputs(la: Launch) -> dict[str, float]:
    """The facts a fit of ``la`` uses (SI): site, distance, apogee, flight time, bearing,
    landing point, whichever are known."""
    out: dict[str, float] = {}
    if la.site.known:
        out["lat"], out["lon"] = float(la.site.lat), float(la.site.lon)
    for f in ("distance", "apogee", "flight_time", "bearing"):
        v = getattr(la, f)
        if v is not None:
            out[f] = float(v)
    if la.landing.known:
        out["landing_lat"], out["landing_lon"] = float(la.landing.lat), float(la.landing.lon)
    return out


def _shape_facts(inp: dict[str, float]) -> int:
    has_range = "distance" in inp or "landing_lat" in inp
    return int(has_range) + ("apogee" in inp) + ("flight_time" in inp)


def fit_refusal(la: Launch, *, assume: bool = False) -> str | None:
    """Why ``la`` gets no fit (``None`` when it may be fitted)."""
    if not la.site.known:
        return "no located launch site"
    if la.outcome == "failure":
        return "a failed flight: its figures are not those of a complete flight"
    if la.missile_class == "SLV" or class_of_name(la.missile_name) == "SLV":
        return "a space launch: not a ballistic flight"
    n = _shape_facts(fit_inputs(la))
    if n == 0:
        return "no distance, apogee, flight time or landing point"
    if n == 1 and not assume:
        return ("one shape fact only: a flight is not determined (fit with assume to assume the "
                "minimum-energy one)")
    return None


@dataclass
class FitReport:
    """What :func:`reconstruct` did: ``fitted`` launches (event key, seq), ``removed``
    fits (of launches that may no longer be fitted), ``skipped`` with the reason."""

    fitted: list[tuple[str, int]] = field(default_factory=list)
    removed: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)

    def reasons(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, _, r in self.skipped:
            out[r] = out.get(r, 0) + 1
        return out


def reconstruct(events: list[Event], *, overwrite: bool = False, assume: bool = False) -> FitReport:
    """Fit flights to the launches of ``events`` whose facts allow one, in place.

    A launch with a fit of its current facts is left alone unless ``overwrite``; one whose
    facts changed since is fitted again (the new fit replaces the old); a fit on a launch
    that may not be fitted (a failure, a space launch, too few facts) is removed.
    """
    from ..flight import invert
    from .claims import reconcile

    report = FitReport()
    todo: list[tuple[Event, Launch, dict[str, float]]] = []
    for ev in events:
        for la in ev.launches:
            why = fit_refusal(la, assume=assume)
            rc = la.reconstruction
            if why is not None:
                if rc is not None and not (rc.assumed and assume is False and why.startswith("one shape")):
                    la.reconstruction = None
                    la.provenance.models.pop("flight.invert", None)
                    _settle(la, reconcile)
                    report.removed.append((ev.key, la.seq))
                report.skipped.append((ev.key, la.seq, why))
                continue
            inp = fit_inputs(la)
            if rc is not None and not overwrite and rc.inputs == inp:
                continue
            todo.append((ev, la, inp))
    if not todo:
        return report

    def arr(name: str) -> np.ndarray:
        return np.array([inp.get(name, np.nan) for _, _, inp in todo])

    # a landing point gives range and bearing when they are not reported
    res = invert(arr("lat"), arr("lon"), ground_range=arr("distance"), apogee=arr("apogee"),
                 flight_time=arr("flight_time"), bearing=arr("bearing"),
                 impact_lat=arr("landing_lat"), impact_lon=arr("landing_lon"))
    lofted = np.array([str(r) == "lofted" and bool(b)
                       for r, b in zip(res.regime, res.ballistic, strict=True)])
    full = np.full(len(todo), np.nan)
    if lofted.any():
        rows = np.flatnonzero(lofted)
        full[rows] = full_range(arr("lat")[rows], arr("lon")[rows], res.speed[rows],
                                res.launch_azimuth[rows])
    for i, (ev, la, inp) in enumerate(todo):
        if res.status[i] != 0:  # the inversion found no flight (its numbers are NaN): none stored
            report.skipped.append((ev.key, la.seq, "the inversion found no flight for these facts"))
            continue
        ld = float(res.lift_to_drag[i])
        msgs = list(res.messages[i])
        assumed = _shape_facts(inp) < 2
        msgs += _landing_check(la, res, i)
        la.reconstruction = Reconstruction(
            speed=float(res.speed[i]), fpa=float(res.fpa[i]),
            azimuth=float(res.launch_azimuth[i]), range=float(res.ground_range[i]),
            bearing=float(res.bearing[i]) if np.isfinite(res.bearing[i]) else None,
            apogee=float(res.apogee[i]), flight_time=float(res.flight_time[i]),
            ballistic=bool(res.ballistic[i]), regime=str(res.regime[i]),
            lift_to_drag=ld if math.isfinite(ld) else None, messages=msgs, assumed=assumed,
            inputs=inp, full_range=float(full[i]) if np.isfinite(full[i]) else None,
            full_range_method=FULL_RANGE_METHOD if np.isfinite(full[i]) else None)
        label = INVERT_MODEL + (" (assumed: one shape fact)" if assumed else "")
        la.provenance.models["flight.invert"] = label
        if np.isfinite(full[i]):
            la.provenance.models["full_range"] = "flight.propagate minimum-energy search"
        _settle(la, reconcile)
        report.fitted.append((ev.key, la.seq))
    return report


def _settle(la: Launch, reconcile) -> None:
    """The launch's regime after a fit: by the claims' rule when it has claims; a record
    without claims (a draft not yet stored) takes the fit's regime unless it has one or
    the fit is assumed."""
    if la.claims:
        reconcile(la)
        return
    rc = la.reconstruction
    if la.regime is None and rc is not None and not rc.assumed:
        la.regime = rc.regime


def _landing_check(la: Launch, res, i: int) -> list[str]:
    """A named landing area without coordinates: does the fitted flight land in it?"""
    if la.landing.known or not la.landing.key or res.flights is None:
        return []
    from ..earth import ecef2geodetic
    from ..earth.gazetteer import default_gazetteer

    g = default_gazetteer()
    e = g.entries.get(la.landing.key)
    if e is None or e.kind != "sea":
        return []
    lat, lon, _ = ecef2geodetic(res.flights.end[i, :3])
    if not (np.isfinite(lat) and np.isfinite(lon)):
        return []
    if str(g.sea_at(lat, lon)) == e.key:
        return [f"the fitted flight lands in the reported landing area ({e.name})"]
    return [f"the fitted flight lands outside the reported landing area ({e.name}): the bearing "
            "or the facts may be wrong"]


def full_range(lat: np.ndarray, lon: np.ndarray, speed: np.ndarray, azimuth: np.ndarray) -> np.ndarray:
    """Ground range [m] reached by burnout ``speed`` [m/s] on ``azimuth`` [rad] from
    (``lat``, ``lon``) [rad] at the flight-path angle that maximises it: a grid of angles
    flown in one batch by :func:`launchwatch.flight.propagate` (drag-free, rotating Earth),
    refined twice around the best.  Shapes ``(K,)``; NaN where the speed reaches orbit."""
    from ..flight import ballistic_states, propagate

    lat, lon, speed, azimuth = (np.atleast_1d(np.asarray(a, float)) for a in (lat, lon, speed, azimuth))
    k = lat.size
    lo = np.full(k, math.radians(5.0))
    hi = np.full(k, math.radians(60.0))
    best = np.full(k, np.nan)
    for _ in range(3):
        g = np.linspace(0.0, 1.0, 21)[None, :] * (hi - lo)[:, None] + lo[:, None]  # (K, 21)
        st = ballistic_states(np.repeat(lat, 21), np.repeat(lon, 21), np.repeat(speed, 21),
                              g.ravel(), np.repeat(azimuth, 21))
        r = propagate(st, 0.0).summary().ground_range.reshape(k, 21)
        r = np.where(np.isfinite(r), r, -np.inf)
        j = np.argmax(r, axis=1)
        best = r[np.arange(k), j]
        step = (hi - lo) / 20.0
        centre = g[np.arange(k), j]
        lo, hi = np.maximum(centre - step, math.radians(0.5)), np.minimum(centre + step, math.radians(89.5))
    return np.where(np.isfinite(best) & (best > 0), best, np.nan)


@dataclass
class Trajectory:
    """A sampled flight of one launch: ``t`` [s after launch], ``lat``/``lon`` [rad],
    ``alt`` [m], ``(S,)`` each; ``launch_utc`` the launch time (aware UTC)."""

    event: str
    seq: int
    launch_utc: datetime
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
