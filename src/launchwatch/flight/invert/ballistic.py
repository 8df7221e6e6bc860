"""The impulsive ballistic fit: burnout speed, flight-path angle and azimuth from the launch point.

A drag-free (unless a ballistic coefficient is given) arc over the rotating WGS-84 Earth
with J2, flown by :func:`launchwatch.flight.propagate`; starting guesses from the
closed-form vacuum relations of :mod:`launchwatch.flight.analytic`.
"""

from __future__ import annotations

import math

import numpy as np

from ...earth.model import EarthModel
from ..analytic import apogee_for_range, min_energy, speed_for_range, vacuum_flight
from ..engine import ballistic_states, propagate
from ..result import FlightResult
from ..vehicle import IntegratorOptions

__all__ = ["BOUNDS", "STEPS", "TINY", "forward", "initial_guess"]

#: Bounds of burnout speed [m/s] (below escape speed, 11.2 km/s: lofted ICBM shots fit)
#: and flight-path angle [rad].
BOUNDS = (np.array([50.0, math.radians(0.5)]), np.array([10500.0, math.radians(89.5)]))
#: Finite-difference steps (relative speed, absolute angles) and convergence steps.
STEPS = np.array([1e-3, 1e-6, 1e-6])
TINY = np.array([1e-4, 1e-9, 1e-9])
_G_BOUNDS = (BOUNDS[0][1], BOUNDS[1][1])


def forward(lat: np.ndarray, lon: np.ndarray, u: np.ndarray, alt: np.ndarray, t_boost: float,
            beta: np.ndarray, earth: EarthModel, options: IntegratorOptions,
            sample_dt: float | None = None) -> tuple[np.ndarray, FlightResult]:
    """Facts ``(K, 4)`` (range, apogee, flight time + ``t_boost``, bearing) flown by the arcs
    ``u (K, 3)`` = (speed, fpa, azimuth) from the launch points, and the flights."""
    st = ballistic_states(lat, lon, u[:, 0], u[:, 1], u[:, 2], alt, earth=earth)
    res = propagate(st, 0.0, ballistic_coefficient=beta, earth=earth, options=options,
                    sample_dt=sample_dt)
    s = res.summary()
    return np.column_stack([s.ground_range, s.apogee_alt, s.time_of_flight + t_boost,
                            s.initial_azimuth]), res


def initial_guess(f: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Vacuum spherical-Earth (speed, fpa) from whatever shape facts are known."""
    R, H, T = f["range"], f["apogee"], f["flight_time"]
    k = R.size
    v = np.full(k, np.nan)
    g = np.full(k, np.nan)
    # range (+ apogee or time): bisection on gamma in the vacuum relations
    lo = np.full(k, _G_BOUNDS[0])
    hi = np.full(k, _G_BOUNDS[1])
    have_r = np.isfinite(R)
    use_h = have_r & np.isfinite(H)
    use_t = have_r & ~use_h & np.isfinite(T)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        val = np.where(use_h, apogee_for_range(np.where(have_r, R, 1e5), mid),
                       vacuum_flight(speed_for_range(np.where(have_r, R, 1e5), mid), mid)["time"])
        target = np.where(use_h, H, T)
        up = val < target  # apogee and time both grow with gamma at fixed range
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    g = np.where(use_h | use_t, 0.5 * (lo + hi), g)
    me = min_energy(np.where(have_r, R, 1e5))
    g = np.where(have_r & ~use_h & ~use_t, me["fpa"], g)
    v = np.where(have_r, speed_for_range(np.where(have_r, R, 1e5), g), v)
    # apogee only: minimum-energy flight with that apogee (ME apogee ~ R/4 for short R)
    only_h = ~have_r & np.isfinite(H)
    if only_h.any():
        rr = np.linspace(20e3, 12000e3, 4000)
        ha = min_energy(rr)["apogee"]
        r_guess = np.interp(H[only_h], ha, rr)
        me_h = min_energy(r_guess)
        g[only_h] = me_h["fpa"]
        v[only_h] = me_h["speed"]
    only_t = ~have_r & ~np.isfinite(H) & np.isfinite(T)
    if only_t.any():
        rr = np.linspace(20e3, 12000e3, 4000)
        tt = min_energy(rr)["time"]
        me_t = min_energy(np.interp(T[only_t], tt, rr))
        g[only_t] = me_t["fpa"]
        v[only_t] = me_t["speed"]
    return v, g


