"""A broad family of generic boost profiles: the prior over what an unknown missile's boost
may be, flown by the flight engine.

Launch point and time are estimated by marginalising over this family (:mod:`.launch`),
so its ranges are the estimator's assumptions.  A member is a generic point mass
(:class:`launchwatch.flight.Vehicle`) given by a point ``u`` of the unit cube
``[0, 1)^D`` (:data:`DIMENSIONS`); the prior is uniform in ``u``, i.e. independently:

==============================  =====================================================
stages                          1 (50 %), 2 (35 %) or 3 (15 %), no coast between them
lift-off thrust-to-weight       log-uniform 1.2 - 5
upper stages' T/W at ignition   log-uniform 0.8 - 3
specific impulse                uniform 215 - 290 s (first stage), +0 - 30 s above
propellant / ignition mass      uniform 0.35 - 0.84 (first stage), 0.15 - 0.84 (upper
                                stages), at most 0.95 / (1 + structure) (burn time = Isp x
                                that / T/W: 15 - 200 s for a first stage, 8 - 300 s above)
structure / propellant          uniform 0.08 - 0.20
payload                         log-uniform 300 - 2,000 kg
diameter                        the generic vehicle's for its mass, x 0.75 - 1.35
steering                        vertical rise 0.5 - 15 s; kick log-uniform 0.5 - 75 deg
                                over 1.5 - 10 s; then a gravity turn (60 %) or a constant
                                pitch rate of 0.15 - 2.5 deg/s up to 25 - 88 deg (40 %)
==============================  =====================================================

Members are flown from the ground at sea level with the generic slender drag table and
sampled for :data:`SAMPLE_SPAN` seconds.  This describes no real missile: it is the range
of generic rockets the estimator does not rule out before it has seen anything.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from ..earth.constants import G0
from ..flight import DEFAULT_DRAG, IntegratorOptions, Stage, Steering, Vehicle, simulate

__all__ = ["BROAD", "DIMENSIONS", "FAMILIES", "FAMILY_SIZE", "GENERIC", "SAMPLE_DT",
           "SAMPLE_SPAN", "Family", "Members", "base_family", "fly", "parameters", "site_key",
           "vehicles"]

#: the smallest propellant / ignition mass of an upper stage.  Was 0.35 (as the first
#: stage's) until 2026-12-03: a short upper stage (T/W 2.2 burning 33 s is 0.29) was then
#: outside the family, and the best member made up for it with a slower lift-off, which
#: put the launch time of staged ascents 4-13 s early (NOTE: docs/assess.md, issue 17)
UPPER_FRACTION_MIN = 0.15
#: dimension of the family's parameter cube
DIMENSIONS = 19
#: members of the base family (a power of two: a scrambled Sobol' set)
FAMILY_SIZE = 4096
#: seconds after launch for which members are sampled (every :data:`SAMPLE_DT` s)
SAMPLE_SPAN = 330.0
SAMPLE_DT = 1.0
_OPTIONS = IntegratorOptions(rtol=1e-7, atol_position=1e-2, atol_velocity=1e-5,
                             t_max=SAMPLE_SPAN)


def _lin(u: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return lo + (hi - lo) * u


def _log(u: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return np.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * u)


def parameters(u: np.ndarray) -> dict[str, np.ndarray]:
    """The physical parameters of members ``u (N, D)`` (see the module's table)."""
    u = np.atleast_2d(u)
    return {
        "stages": np.where(u[:, 0] < 0.5, 1, np.where(u[:, 0] < 0.85, 2, 3)),
        "tw": np.stack([_log(u[:, 1], 1.2, 5.0), _log(u[:, 2], 0.8, 3.0),
                        _log(u[:, 3], 0.8, 3.0)], axis=1),
        "isp": _lin(u[:, 4], 215.0, 290.0)[:, None]
        + np.stack([np.zeros(len(u)), _lin(u[:, 5], 0.0, 30.0), _lin(u[:, 6], 0.0, 30.0)], 1),
        "fraction": np.stack([_lin(u[:, 7], 0.35, 0.84)]
                             + [_lin(u[:, k], UPPER_FRACTION_MIN, 0.84) for k in (8, 9)], axis=1),
        "structure": _lin(u[:, 10], 0.08, 0.20),
        "payload": _log(u[:, 11], 300.0, 2000.0),
        "diameter_scale": _lin(u[:, 12], 0.75, 1.35),
        "vertical_time": _lin(u[:, 13], 0.5, 15.0),
        "kick_deg": _log(u[:, 14], 0.5, 75.0),
        "kick_duration": _lin(u[:, 15], 1.5, 10.0),
        "pitch_programme": u[:, 16] >= 0.6,
        "pitch_rate_deg_s": _lin(u[:, 17], 0.15, 2.5),
        "max_pitch_deg": _lin(u[:, 18], 25.0, 88.0),
    }


def vehicles(u: np.ndarray) -> list[Vehicle]:
    """The vehicles of members ``u (N, D)``, built without re-validating each field (the
    family's ranges are valid by construction)."""
    p = parameters(u)
    out = []
    for i in range(len(p["stages"])):
        m_above = float(p["payload"][i])
        s = float(p["structure"][i])
        built: list[Stage] = []
        for k in reversed(range(int(p["stages"][i]))):  # from the top stage down
            f = min(float(p["fraction"][i, k]), 0.95 / (1.0 + s))
            prop = f * m_above / (1.0 - f * (1.0 + s))
            m_ign = m_above + prop * (1.0 + s)
            thrust = float(p["tw"][i, k]) * m_ign * G0
            built.insert(0, Stage.model_construct(
                propellant_mass=prop, dry_mass=s * prop,
                burn_time=float(p["isp"][i, k]) * G0 * prop / thrust, thrust=thrust, isp=None))
            m_above = m_ign
        d = (0.5 + 0.35 * (m_above / 10000.0) ** (1 / 3)) * float(p["diameter_scale"][i])
        kick = float(p["kick_deg"][i])
        steer = Steering.model_construct(
            vertical_time=float(p["vertical_time"][i]), kick_angle_deg=kick,
            kick_duration=float(p["kick_duration"][i]),
            mode="pitch_rate" if p["pitch_programme"][i] else "gravity_turn",
            pitch_rate_deg_s=float(p["pitch_rate_deg_s"][i]),
            max_pitch_deg=max(float(p["max_pitch_deg"][i]), kick))
        out.append(Vehicle.model_construct(
            name="family", stages=tuple(built), payload_mass=float(p["payload"][i]),
            reference_area=math.pi * d * d / 4.0, drag=DEFAULT_DRAG, reentry=None,
            steering=steer, lift=None))
    return out


@dataclass(frozen=True)
class Members:
    """N members flown from one site towards one azimuth.

    ``u (N, D)`` their points of the parameter cube; ``samples (N, S, 6)`` ECEF states
    every ``dt`` seconds from launch (NaN where a member stopped); ``t_burnout (N,)`` [s
    after launch]; ``stages (N,)`` and ``liftoff_tw (N,)``; ``ok (N,)`` members that
    burnt out and were sampled; the site ``lat``, ``lon`` [rad] and ``azimuth`` [rad].
    """

    u: np.ndarray
    samples: np.ndarray
    dt: float
    t_burnout: np.ndarray
    stages: np.ndarray
    liftoff_tw: np.ndarray
    ok: np.ndarray
    lat: float
    lon: float
    azimuth: float
    family: Family | None = None

    def __len__(self) -> int:
        return int(self.u.shape[0])


@dataclass(frozen=True)
class Family:
    """A family of boosts on the unit cube ``[0, 1)^dims``: ``continuous`` the dimensions a
    fit may move (the others select a discrete variant), ``size`` the base set, ``prior``
    its share of the prior."""

    name: str
    dims: int
    continuous: tuple[int, ...]
    size: int
    prior: float

    def vehicles(self, u: np.ndarray) -> tuple[list[Vehicle], np.ndarray | None]:
        """The vehicles of members ``u (N, dims)`` and their kick angles [rad] (None: the
        vehicles' own)."""
        if self.name == "broad":
            return vehicles(u), None
        return _generic_vehicles(u)

    def describe(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Stage count ``(N,)``, lift-off thrust-to-weight ``(N,)`` and a class label ``(N,)``
        (stages and steering mode) of members ``u``."""
        if self.name == "broad":
            p = parameters(u)
            st = p["stages"].astype(np.int64)
            return st, p["tw"][:, 0].copy(), st * 2 + p["pitch_programme"]
        cls = _generic_class(u)
        st = np.where(cls > 1000.0, 2, 1)
        return st, np.full(len(u), 2.2), 10 + st

    def relevant(self, u: np.ndarray) -> np.ndarray:
        """Which continuous dimensions ``(N, C)`` change the flight of members ``u`` (a
        single stage has no upper-stage parameters, a gravity turn no pitch rate)."""
        cont = np.array(self.continuous)
        rel = np.ones((len(u), cont.size), bool)
        if self.name == "broad":
            p = parameters(u)
            st = p["stages"][:, None]
            rel &= ~(np.isin(cont, (2, 5, 8))[None, :] & (st < 2))
            rel &= ~(np.isin(cont, (3, 6, 9))[None, :] & (st < 3))
            rel &= ~(np.isin(cont, (17, 18))[None, :] & ~p["pitch_programme"][:, None])
        return rel

    def tw_scale(self, u: np.ndarray) -> tuple[int | None, np.ndarray]:
        """The dimension holding the lift-off thrust-to-weight and ``d ln tw / d logit(u)``."""
        if self.name == "broad":
            return 1, math.log(5.0 / 1.2) * u[:, 1] * (1.0 - u[:, 1])
        return None, np.zeros(len(u))


def _generic_class(u: np.ndarray) -> np.ndarray:
    return np.exp(math.log(100.0) + math.log(30.0) * u[:, 0])  # 100 - 3000 km


def _generic_vehicles(u: np.ndarray) -> tuple[list[Vehicle], np.ndarray]:
    """``generic_vehicle`` of range class log-uniform 100-3000 km (u0) with a kick of
    10-60 deg (u1)."""
    from ..flight import generic_vehicle

    cls = _generic_class(u)
    return ([generic_vehicle(float(c)) for c in cls],
            np.radians(10.0 + 50.0 * np.atleast_2d(u)[:, 1]))


#: the broad family of the module's table
BROAD = Family("broad", DIMENSIONS, tuple(k for k in range(DIMENSIONS) if k not in (0, 16)),
               FAMILY_SIZE, 0.7)
#: the generic family of :func:`launchwatch.flight.generic_vehicle` (one or two stages, T/W
#: 2.2, Isp 250 s), range class log-uniform 100-3000 km, kick 10-60 deg: the vehicles a
#: watch floor already knows, with 30 % of the prior; only where the boost was seen (a track
#: that starts in mid-course cannot tell a known boost from any other)
GENERIC = Family("generic", 2, (0, 1), 512, 0.3)
FAMILIES = (BROAD, GENERIC)


def fly(u: np.ndarray, lat: float, lon: float, azimuth: float, family: Family = BROAD,
        span: float = SAMPLE_SPAN) -> Members:
    """Fly members ``u (N, dims)`` of ``family`` from ``lat``, ``lon`` [rad] towards
    ``azimuth`` [rad], in one batch of the flight engine, for ``span`` seconds."""
    u = np.atleast_2d(np.asarray(u, float))
    vs, kicks = family.vehicles(u)
    opts = _OPTIONS if span >= SAMPLE_SPAN else _OPTIONS.model_copy(update={"t_max": float(span)})
    res = simulate(vs, lat, lon, azimuth, vehicle_index=np.arange(len(vs)), options=opts,
                   sample_dt=SAMPLE_DT, kick_angle=kicks)
    burn = res.t_burnout - res.t_launch
    ok = np.isfinite(burn) & np.isfinite(res.samples[:, 1, 0])
    st, tw, _ = family.describe(u)
    return Members(u=u, samples=res.samples, dt=SAMPLE_DT, t_burnout=burn, stages=st,
                   liftoff_tw=tw, ok=ok, lat=float(lat), lon=float(lon),
                   azimuth=float(azimuth), family=family)


@functools.cache
def _sobol(n: int, seed: int, d: int = DIMENSIONS) -> np.ndarray:
    from scipy.stats import qmc

    return qmc.Sobol(d=d, scramble=True, seed=seed).random(n)


@functools.lru_cache(maxsize=16)
def _base(lat_key: float, lon_key: float, az_key: float, family: Family) -> Members:
    return fly(_sobol(family.size, 17, family.dims), math.radians(lat_key),
               math.radians(lon_key), math.radians(az_key), family)


def site_key(lat: float, lon: float, azimuth: float) -> tuple[float, float, float]:
    """The site [deg] a family is flown from: rounded to 0.2 deg and the azimuth to 5 deg,
    so that the launches of one site share one flight of the family (the Earth's rotation
    under a boost differs by tens of metres between them)."""
    return (round(math.degrees(lat) / 0.2) * 0.2, round(math.degrees(lon) / 0.2) * 0.2,
            round(math.degrees(azimuth) / 5.0) * 5.0 % 360.0)


def base_family(lat: float, lon: float, azimuth: float, family: Family = BROAD) -> Members:
    """The base set of ``family`` (a scrambled Sobol' set) flown from near ``lat``, ``lon``
    [rad] towards ``azimuth`` [rad] (:func:`site_key`); cached."""
    return _base(*site_key(lat, lon, azimuth), family)
