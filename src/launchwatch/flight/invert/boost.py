"""The boost-profile fit: the propellant load and pitch-over kick of a generic vehicle.

Instead of an impulsive burnout, a whole boosted flight (with drag) of a given vehicle, or
of the generic vehicle of each report's range class, is fitted; its flight times include
the boost.
"""

from __future__ import annotations

import math

import numpy as np

from ..analytic import min_energy

__all__ = ["BOUNDS", "STEPS", "TINY", "forward", "vehicles_for"]

#: Bounds of the propellant scale and the kick [rad]; finite-difference and convergence steps.
BOUNDS = (np.array([0.2, math.radians(1.0)]), np.array([4.0, math.radians(70.0)]))
STEPS = np.array([1e-5, 1e-5, 1e-6])
TINY = np.array([1e-8, 1e-9, 1e-9])


def vehicles_for(f: dict[str, np.ndarray]):
    """Generic vehicles (one per 10-km range class) for the reports, and each report's index."""
    from ..vehicle import generic_vehicle

    R = f["range"].copy()
    rr = np.linspace(20e3, 12000e3, 4000)
    me = min_energy(rr)
    R = np.where(np.isfinite(R), R, np.interp(f["apogee"], me["apogee"], rr))
    R = np.where(np.isfinite(R), R, np.interp(f["flight_time"], me["time"], rr))
    classes = np.clip(np.round(R / 10e3) * 10.0, 50.0, 3000.0)
    uniq, vidx = np.unique(classes, return_inverse=True)
    return [generic_vehicle(float(c)) for c in uniq], vidx


def forward(vehicles, vidx, lat, lon, u, alt, earth, options, sample_dt=None):
    """Facts (K, 4) of generic boosted flights with parameter rows (propellant scale, kick, az)."""
    from ..engine import simulate

    res = simulate(vehicles, lat, lon, u[:, 2], alt=alt, vehicle_index=vidx,
                   propellant_scale=u[:, 0], kick_angle=u[:, 1], earth=earth, options=options,
                   sample_dt=sample_dt)
    s = res.summary()
    return np.column_stack([s.ground_range, s.apogee_alt, s.time_of_flight,
                            s.initial_azimuth]), res


