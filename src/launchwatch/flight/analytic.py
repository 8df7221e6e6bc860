"""Closed-form vacuum ballistics on a non-rotating spherical Earth (Keplerian arcs).

A free flight that starts and ends at radius ``r`` (the same sphere) with speed ``v`` and
flight-path angle ``gamma`` above the local horizontal is an arc of a Kepler ellipse.
With ``nu = v^2 r / mu``:

* range angle ``psi``:  ``tan(psi/2) = nu sin(g) cos(g) / (1 - nu cos^2(g))``
* eccentricity ``e = sqrt(1 + nu (nu - 2) cos^2 g)``, semi-latus rectum ``p = r nu cos^2 g``
* apogee radius ``p / (1 - e)``; time of flight from Kepler's equation.

These are the textbook relations (e.g. Regan & Anandakrishnan, *Dynamics of Atmospheric
Re-Entry*, ch. 4); they are the oracle of the integrator's vacuum test and the starting
point of :func:`launchwatch.flight.invert`.  Everything is vectorised; SI units.
"""

from __future__ import annotations

import numpy as np

from ..earth.constants import MU_EARTH, R_ROUND_EARTH

__all__ = [
    "apogee_for_range",
    "min_energy",
    "range_angle",
    "speed_for_range",
    "vacuum_flight",
]


def range_angle(v: np.ndarray, gamma: np.ndarray, r: np.ndarray | float = R_ROUND_EARTH,
                mu: float = MU_EARTH) -> np.ndarray:
    """Central angle [rad] of a vacuum arc from radius ``r`` back to ``r``.

    ``v`` [m/s], ``gamma`` [rad]; NaN when the arc does not come back (escape or orbit).
    """
    nu = np.asarray(v, float) ** 2 * r / mu
    g = np.asarray(gamma, float)
    num = nu * np.sin(g) * np.cos(g)
    den = 1.0 - nu * np.cos(g) ** 2
    psi = 2.0 * np.arctan2(num, den)
    return np.where(nu < 2.0, psi, np.nan)


def vacuum_flight(v: np.ndarray, gamma: np.ndarray, r: np.ndarray | float = R_ROUND_EARTH,
                  mu: float = MU_EARTH) -> dict[str, np.ndarray]:
    """Range [m along the sphere], apogee height [m above r] and time of flight [s].

    Parameters broadcast; returns ``{"range", "apogee", "time", "psi"}`` arrays.
    """
    v = np.asarray(v, float)
    g = np.asarray(gamma, float)
    r = np.asarray(r, float)
    nu = v**2 * r / mu
    cg2 = np.cos(g) ** 2
    psi = range_angle(v, g, r, mu)
    e = np.sqrt(np.maximum(1.0 + nu * (nu - 2.0) * cg2, 0.0))
    p = r * nu * cg2
    ra = p / (1.0 - e)
    a = p / (1.0 - e**2)
    # true anomaly of the launch point: apogee is at pi, launch at pi - psi/2
    th0 = np.pi - psi / 2.0
    ecc_anom = 2.0 * np.arctan(np.sqrt((1.0 - e) / (1.0 + e)) * np.tan(th0 / 2.0))
    mean0 = ecc_anom - e * np.sin(ecc_anom)
    n = np.sqrt(mu / a**3)
    tof = 2.0 * (np.pi - mean0) / n
    return {"range": r * psi, "apogee": ra - r, "time": tof, "psi": psi}


def min_energy(range_m: np.ndarray, r: np.ndarray | float = R_ROUND_EARTH,
               mu: float = MU_EARTH) -> dict[str, np.ndarray]:
    """Minimum-energy flight for a ground range [m]: speed, flight-path angle, apogee, time.

    ``gamma = (pi - psi) / 4`` and ``nu = 2 sin(psi/2) / (1 + sin(psi/2))``.
    """
    psi = np.asarray(range_m, float) / r
    gamma = (np.pi - psi) / 4.0
    s = np.sin(psi / 2.0)
    nu = 2.0 * s / (1.0 + s)
    v = np.sqrt(nu * mu / r)
    f = vacuum_flight(v, gamma, r, mu)
    return {"speed": v, "fpa": gamma, "apogee": f["apogee"], "time": f["time"]}


def speed_for_range(range_m: np.ndarray, gamma: np.ndarray, r: np.ndarray | float = R_ROUND_EARTH,
                    mu: float = MU_EARTH) -> np.ndarray:
    """Speed [m/s] that flies ``range_m`` at flight-path angle ``gamma`` (NaN if none)."""
    psi = np.asarray(range_m, float) / r
    g = np.asarray(gamma, float)
    t = np.tan(psi / 2.0)
    # tan(psi/2) (1 - nu cos^2 g) = nu sin g cos g  ->  nu = t / (sin g cos g + t cos^2 g)
    nu = t / (np.sin(g) * np.cos(g) + t * np.cos(g) ** 2)
    with np.errstate(invalid="ignore"):
        return np.where((nu > 0) & (nu < 2), np.sqrt(nu * mu / r), np.nan)


def apogee_for_range(range_m: np.ndarray, gamma: np.ndarray,
                     r: np.ndarray | float = R_ROUND_EARTH, mu: float = MU_EARTH) -> np.ndarray:
    """Apogee height [m] of the vacuum arc of ``range_m`` flown at ``gamma``."""
    return vacuum_flight(speed_for_range(range_m, gamma, r, mu), gamma, r, mu)["apogee"]
