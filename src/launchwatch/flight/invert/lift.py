"""The lift fit: the smallest lift-to-drag ratio that stretches a flat ballistic ascent to the
reported range (the pull-up or glide that quasi-ballistic facts imply)."""

from __future__ import annotations

import math

import numpy as np

from ..analytic import apogee_for_range, min_energy, speed_for_range, vacuum_flight
from ..engine import ballistic_states, propagate

__all__ = ["ascent_time", "lift_fit"]

_G_LOW = np.radians(0.5)


def ascent_time(u: np.ndarray) -> np.ndarray:
    """Vacuum time from launch to apogee [s] of arcs u (K, 3) (half the time of flight)."""
    return 0.5 * vacuum_flight(u[:, 0], u[:, 1])["time"]


def lift_fit(f, rows, ratio, beta_lift, earth, options):
    """Smallest L/D that stretches the flattest allowed ballistic ascent to the range."""
    R = f["range"][rows]
    H = f["apogee"][rows]
    # the ballistic range whose depressed-limit apogee equals the reported apogee
    lo = np.full(rows.size, 1e3)
    hi = R.copy()
    for _ in range(50):
        mid = 0.5 * (lo + hi)
        up = ratio * min_energy(mid)["apogee"] < H
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    r_b = 0.5 * (lo + hi)
    # flight-path angle that gives apogee H at range r_b (bisection on the vacuum relation)
    glo = np.full(rows.size, _G_LOW)
    ghi = min_energy(r_b)["fpa"]
    for _ in range(60):
        mid = 0.5 * (glo + ghi)
        up = apogee_for_range(r_b, mid) < H
        glo = np.where(up, mid, glo)
        ghi = np.where(up, ghi, mid)
    g = 0.5 * (glo + ghi)
    v = speed_for_range(r_b, g)
    az = np.where(np.isfinite(f["bearing"][rows]), f["bearing"][rows], math.pi / 2)
    u = np.column_stack([v, g, az])
    st = ballistic_states(f["lat"][rows], f["lon"][rows], v, g, az, f["alt"][rows], earth=earth)
    t_on = ascent_time(u)

    def flown(ld: np.ndarray) -> np.ndarray:
        res = propagate(st, 0.0, ballistic_coefficient=beta_lift, lift_to_drag=ld,
                        aero_start=t_on, earth=earth, options=options)
        return res.summary().ground_range

    # range grows with L/D: bisection in [0, 6], vectorised over rows
    a = np.zeros(rows.size)
    b = np.full(rows.size, 6.0)
    ok = flown(b) >= R
    for _ in range(22):
        mid = 0.5 * (a + b)
        short = flown(mid) < R
        a = np.where(short, mid, a)
        b = np.where(short, b, mid)
    ld = np.where(ok, 0.5 * (a + b), np.nan)
    return ld, u, ok
