"""Generic vehicle and integrator configuration (the Earth model is :class:`launchwatch.earth.EarthModel`).

Vehicles are generic point masses: stages (propellant, dry mass, burn time, thrust or
specific impulse), a reference area with a drag-coefficient table in Mach, an optional
separating payload with its own drag, a generic steering programme and an optional lift
segment.  Nothing here describes real hardware; parameters are fitted to publicly
reported figures (range, apogee, flight time).

The models are frozen pydantic models: they validate on construction (unknown keys and
impossible values raise, naming the field), and round-trip to YAML/JSON.  Angles in
configuration carry ``_deg`` in their names; everything else is SI.
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..earth.constants import G0
from ..earth.model import EarthModel

__all__ = [
    "DEFAULT_DRAG",
    "DragTable",
    "EarthModel",
    "IntegratorOptions",
    "LiftSegment",
    "Reentry",
    "Stage",
    "Steering",
    "Vehicle",
    "generic_vehicle",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DragTable(_Model):
    """Drag coefficient as a function of Mach number, interpolated linearly, clamped at the ends."""

    mach: tuple[float, ...] = Field(min_length=1)
    cd: tuple[float, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> DragTable:
        if len(self.mach) != len(self.cd):
            raise ValueError(f"mach has {len(self.mach)} values but cd has {len(self.cd)}")
        for i, (m, c) in enumerate(zip(self.mach, self.cd, strict=True)):
            if not (math.isfinite(m) and m >= 0):
                raise ValueError(f"mach[{i}]={m!r} must be finite and >= 0")
            if not (math.isfinite(c) and c >= 0):
                raise ValueError(f"cd[{i}]={c!r} must be finite and >= 0")
        if any(b <= a for a, b in zip(self.mach, self.mach[1:], strict=False)):
            raise ValueError(f"mach={self.mach!r} must be strictly increasing")
        return self

    @classmethod
    def constant(cls, cd: float) -> DragTable:
        """A Mach-independent drag coefficient."""
        return cls(mach=(0.0,), cd=(cd,))


#: A generic slender-body drag curve (subsonic, transonic rise, supersonic decay).
DEFAULT_DRAG = DragTable(
    mach=(0.0, 0.6, 0.8, 0.95, 1.05, 1.2, 1.5, 2.0, 3.0, 4.0, 6.0, 10.0, 25.0),
    cd=(0.20, 0.20, 0.22, 0.32, 0.42, 0.42, 0.38, 0.32, 0.27, 0.24, 0.22, 0.21, 0.20),
)


class Stage(_Model):
    """One powered stage burning at constant thrust and mass flow.

    Give either ``thrust`` [N] or ``isp`` [s]; the mass flow is propellant / burn time.
    """

    propellant_mass: float = Field(gt=0, allow_inf_nan=False, description="kg")
    dry_mass: float = Field(ge=0, allow_inf_nan=False, description="kg, dropped at burnout")
    burn_time: float = Field(gt=0, allow_inf_nan=False, description="s")
    thrust: float | None = Field(default=None, gt=0, allow_inf_nan=False, description="N")
    isp: float | None = Field(default=None, gt=0, le=1000, allow_inf_nan=False,
                              description="s")

    @model_validator(mode="after")
    def _one_of(self) -> Stage:
        if (self.thrust is None) == (self.isp is None):
            raise ValueError("give exactly one of thrust and isp")
        return self

    @property
    def mass_flow(self) -> float:
        """Propellant mass flow [kg/s]."""
        return self.propellant_mass / self.burn_time

    @property
    def thrust_n(self) -> float:
        """Thrust [N]."""
        if self.thrust is not None:
            return self.thrust
        assert self.isp is not None
        return self.isp * G0 * self.mass_flow


class Steering(_Model):
    """Generic steering programme of the powered flight.

    Vertical rise for ``vertical_time``, then the thrust pitches over linearly to
    ``kick_angle_deg`` from the vertical (toward the launch azimuth) during
    ``kick_duration``; then either a gravity turn (thrust along the air-relative
    velocity) or a constant pitch rate up to ``max_pitch_deg``.
    """

    vertical_time: float = Field(default=6.0, ge=0, allow_inf_nan=False, description="s")
    kick_angle_deg: float = Field(default=6.0, ge=0, le=90, allow_inf_nan=False)
    kick_duration: float = Field(default=4.0, ge=0, allow_inf_nan=False, description="s")
    mode: Literal["gravity_turn", "pitch_rate"] = "gravity_turn"
    pitch_rate_deg_s: float = Field(default=1.0, ge=0, le=20, allow_inf_nan=False)
    max_pitch_deg: float = Field(default=80.0, ge=0, le=180, allow_inf_nan=False)


class LiftSegment(_Model):
    """Aerodynamic lift during a time window after launch (pull-up or glide)."""

    lift_to_drag: float = Field(ge=0, le=10, allow_inf_nan=False)
    bank_deg: float = Field(default=0.0, ge=-180, le=180, allow_inf_nan=False)
    start: float = Field(default=0.0, ge=0, allow_inf_nan=False, description="s after launch")
    end: float = Field(default=math.inf, gt=0, description="s after launch")

    @model_validator(mode="after")
    def _order(self) -> LiftSegment:
        if self.end <= self.start:
            raise ValueError(f"end={self.end} must be after start={self.start}")
        return self


class Reentry(_Model):
    """A payload that separates at final burnout and flies on alone."""

    mass: float = Field(gt=0, allow_inf_nan=False, description="kg")
    reference_area: float = Field(gt=0, allow_inf_nan=False, description="m^2")
    drag: DragTable = DEFAULT_DRAG


class Vehicle(_Model):
    """A generic point-mass missile: stages, payload, drag, steering, optional lift."""

    name: str = "generic"
    stages: tuple[Stage, ...] = Field(default=(), max_length=4)
    payload_mass: float = Field(gt=0, allow_inf_nan=False, description="kg")
    reference_area: float = Field(gt=0, allow_inf_nan=False, description="m^2")
    drag: DragTable = DEFAULT_DRAG
    reentry: Reentry | None = None
    steering: Steering = Steering()
    lift: LiftSegment | None = None

    @property
    def liftoff_mass(self) -> float:
        """Mass at ignition of the first stage [kg]."""
        return self.payload_mass + sum(s.propellant_mass + s.dry_mass for s in self.stages)

    @property
    def burn_time(self) -> float:
        """Total powered time [s]."""
        return sum(s.burn_time for s in self.stages)


def generic_vehicle(range_class_km: float = 800.0, name: str | None = None) -> Vehicle:
    """A generic ballistic missile whose maximum range is about ``range_class_km``.

    A point mass sized by the rocket equation (Isp 250 s, structure 12 % of propellant,
    500 kg separating payload, lift-off thrust-to-weight 2.2; two equal stages above
    1000 km) to the minimum-energy burnout speed of the range plus the gravity and drag
    losses of its boost, calibrated once with this engine (max range over kick angles
    within 3 % of the class; see ``tests/test_flight_engine.py``).  The default kick
    (28-32 deg) flies close to the minimum-energy trajectory.  It describes no real missile.
    """
    from .analytic import min_energy

    if not (50.0 <= range_class_km <= 3000.0):
        from ..errors import InputError

        raise InputError("range_class_km", range_class_km, "must be between 50 and 3000")
    two = range_class_km > 1000.0
    # boost losses [m/s] found by calibration at 100-3000 km (single / two stages)
    loss = (np.interp(range_class_km, [1000.0, 1500.0, 2000.0, 3000.0], [930.0, 945.0, 938.0, 912.0])
            if two else np.interp(range_class_km, [50.0, 100.0, 250.0, 500.0, 800.0, 1000.0],
                                  [760.0, 757.0, 750.0, 717.0, 682.0, 662.0]))
    dv = float(min_energy(np.array([range_class_km * 1e3]))["speed"][0]) + float(loss)
    isp, payload, structure = 250.0, 500.0, 0.12
    n = 2 if two else 1
    props: list[float] = []
    m_above = payload
    for _ in range(n):  # from the top stage down
        ratio = math.exp(dv / n / (isp * G0))
        prop = m_above * (ratio - 1.0) / (1.0 + structure - structure * ratio)
        props.insert(0, prop)
        m_above += prop * (1.0 + structure)
    stages = []
    for k, prop in enumerate(props):
        m_ign = payload + sum(p * (1.0 + structure) for p in props[k:])
        thrust = (2.2 if k == 0 else 1.2) * m_ign * G0
        stages.append(Stage(propellant_mass=prop, dry_mass=prop * structure,
                            burn_time=isp * G0 * prop / thrust, isp=isp))
    diameter = 0.5 + 0.35 * (m_above / 10000.0) ** (1 / 3)
    return Vehicle(
        name=name or f"generic-{range_class_km:g}km",
        stages=tuple(stages),
        payload_mass=payload,
        reference_area=math.pi * diameter**2 / 4,
        reentry=Reentry(mass=payload, reference_area=0.25),
        steering=Steering(vertical_time=5.0, kick_angle_deg=28.0 if two else 32.0,
                          kick_duration=4.0),
    )


class IntegratorOptions(_Model):
    """Error control and limits of the batch integrator.

    The local error of each step is kept below ``atol + rtol * |y|`` per component
    (``atol_position`` [m] for positions, ``atol_velocity`` [m/s] for velocities).
    """

    rtol: float = Field(default=1e-10, gt=0, lt=1e-2)
    atol_position: float = Field(default=1e-4, gt=0, description="m")
    atol_velocity: float = Field(default=1e-7, gt=0, description="m/s")
    max_step: float = Field(default=30.0, gt=0, description="s")
    initial_step: float = Field(default=0.05, gt=0, description="s")
    max_steps: int = Field(default=200_000, gt=0)
    t_max: float = Field(default=7200.0, gt=0, description="s of flight before giving up")
