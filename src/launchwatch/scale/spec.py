"""Campaign files: what a campaign declares (YAML, TOML or JSON).

Two kinds:

* ``kind: flights`` -- a flight dispersion: ``flights`` launches whose parameters are
  constants or draws from stated distributions (plain random or scrambled Sobol'),
  flown in chunks of ``chunk_size``; one row per flight.
* ``kind: evaluation`` -- tracker evaluation and assessment calibration on the demo
  pipeline: every combination of ``scenarios`` x ``sensor_layouts`` x ``trackers`` run for
  ``seeds`` seeds; rows per run, per track and per assessed missile.

Unknown keys and impossible values are errors naming the field and the value.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import _calls
from .sampling import Choice, Distribution

__all__ = ["EvaluationCampaign", "FlightCampaign", "StopRule", "campaign_hash", "load_campaign"]

EarthModel, IntegratorOptions, VehicleSpec = _calls.flight_types()


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _param(v: Any) -> Any:
    # a two-number list [low, high] is a uniform draw, as in scenario files
    if isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(x, int | float) for x in v):
        return {"dist": "uniform", "low": v[0], "high": v[1]}
    return v


Param = Annotated[float | Distribution, Field(union_mode="left_to_right")]


class StopRule(_Model):
    """Stop early once the confidence interval of one figure is narrow enough.

    ``figure``: a column of ``table`` (``flights``; ``assessments``, ``tracks`` or
    ``runs`` of an evaluation); ``statistic``: ``mean`` (Student t), ``median``
    (distribution-free, from order statistics) or ``proportion`` (Wilson, of a 0/1 or
    true/false column); the campaign stops at the first whole block of chunks after which
    the interval's half width is at most ``half_width`` (in the column's units) or
    ``relative`` times the estimate, for every group, with at least ``min_samples`` rows.
    """

    figure: str
    table: str | None = None
    statistic: Literal["mean", "median", "proportion"] = "mean"
    half_width: float | None = Field(None, gt=0)
    relative: float | None = Field(None, gt=0, lt=1)
    confidence: float = Field(0.95, gt=0.5, lt=1)
    min_samples: int = Field(30, ge=2)

    @model_validator(mode="after")
    def _one(self) -> StopRule:
        if (self.half_width is None) == (self.relative is None):
            raise ValueError("give exactly one of half_width and relative")
        return self


class FlightParameters(_Model):
    """Per-flight inputs: a constant or a distribution each (angles in degrees, SI otherwise).

    ``vehicle``: a vehicle name or a ``choice`` of names; ``launch_time_s`` [s];
    ``kick_angle_deg``, ``propellant_scale``, ``payload_scale``: override the vehicle's;
    ``wind_east``, ``wind_north`` [m/s]: the steady wind each flight sees.
    """

    vehicle: str | Choice | None = None
    lat_deg: Param
    lon_deg: Param
    azimuth_deg: Param
    alt_m: Param = 0.0
    launch_time_s: Param = 0.0
    kick_angle_deg: Param | None = None
    propellant_scale: Param | None = None
    payload_scale: Param | None = None
    wind_east: Param | None = None
    wind_north: Param | None = None

    @field_validator("lat_deg", "lon_deg", "azimuth_deg", "alt_m", "launch_time_s",
                     "kick_angle_deg", "propellant_scale", "payload_scale", "wind_east",
                     "wind_north", mode="before")
    @classmethod
    def _pair(cls, v: Any) -> Any:
        return _param(v)

    @field_validator("lat_deg", "lon_deg", "azimuth_deg", "alt_m", "launch_time_s",
                     "kick_angle_deg", "propellant_scale", "payload_scale", "wind_east",
                     "wind_north")
    @classmethod
    def _finite(cls, v: Any) -> Any:
        if isinstance(v, float) and not math.isfinite(v):
            raise ValueError(f"{v} is not a finite number")
        if isinstance(v, Choice) and not all(isinstance(x, int | float) for x in v.values):
            raise ValueError("a numeric parameter's choice needs numeric values")
        return v

    def dispersed(self) -> list[str]:
        """Names of the parameters drawn from a distribution, in a fixed order."""
        return [k for k in type(self).model_fields if not isinstance(getattr(self, k), float | str | None)]


class FlightCampaign(_Model):
    """A flight dispersion (see the module docstring)."""

    kind: Literal["flights"]
    name: str = "flights"
    seed: int = Field(0, ge=0)
    flights: int = Field(ge=1, le=1_000_000_000)
    chunk_size: int | None = Field(None, ge=1, le=10_000_000)
    sampling: Literal["random", "sobol"] = "random"
    earth: EarthModel = EarthModel()  # type: ignore[valid-type]
    integrator: IntegratorOptions = IntegratorOptions()  # type: ignore[valid-type]
    vehicles: dict[str, VehicleSpec] = Field(min_length=1)  # type: ignore[valid-type]
    parameters: FlightParameters
    stop: StopRule | None = None

    @model_validator(mode="after")
    def _check(self) -> FlightCampaign:
        v = self.parameters.vehicle
        names = [v] if isinstance(v, str) else list(v.values) if isinstance(v, Choice) else []
        for n in names:
            if n not in self.vehicles:
                raise ValueError(f"parameters.vehicle: unknown vehicle {n!r}; defined: "
                                 f"{', '.join(self.vehicles)}")
        if self.sampling == "sobol" and self.chunk_size is not None and (
                self.chunk_size & (self.chunk_size - 1)):
            raise ValueError(f"chunk_size={self.chunk_size}: Sobol' points keep their balance in "
                             "blocks of a power of two (e.g. 8192 or 16384)")
        return self

    @property
    def size(self) -> int:
        """Flights per chunk."""
        if self.chunk_size is not None:
            return self.chunk_size
        return 8192 if self.sampling == "sobol" else 10_000


class ScenarioSpec(_Model):
    """Changes to the built-in demo scenario (``launchwatch demo``); empty: the scenario as is.

    ``reentry_kappa``: ``[mean, sd]`` [m^2/kg] of the re-entry bodies' drawn kappa, or
    ``null`` for the generic body on every missile; ``launches``: replaces the launches.
    """

    lat_deg: float | None = Field(None, ge=-90, le=90)
    lon_deg: float | None = Field(None, ge=-360, le=360)
    reentry_kappa: tuple[float, float] | Literal["default"] | None = "default"
    launches: list[DemoLaunchSpec] | None = Field(None, min_length=1)

    @field_validator("reentry_kappa")
    @classmethod
    def _kappa(cls, v: Any) -> Any:
        if isinstance(v, tuple) and not (v[0] > 0 and v[1] > 0):
            raise ValueError(f"reentry_kappa={list(v)}: mean and sd must be > 0 m^2/kg")
        return v

    def build(self):
        """The :class:`launchwatch.demo.DemoScenario` this describes."""
        import dataclasses

        sc = _calls.demo_scenario()
        upd: dict[str, Any] = {}
        if self.lat_deg is not None:
            upd["lat_deg"] = self.lat_deg
        if self.lon_deg is not None:
            upd["lon_deg"] = self.lon_deg
        if self.reentry_kappa != "default":
            upd["reentry_kappa"] = self.reentry_kappa
        if self.launches is not None:
            upd["launches"] = tuple(_calls.demo_launch(x.range_class_km, x.time, x.azimuth_deg,
                                                       x.kick_deg) for x in self.launches)
        return dataclasses.replace(sc, **upd)


class DemoLaunchSpec(_Model):
    """One launch: range class [km], UTC time, azimuth and kick [deg]."""

    range_class_km: float = Field(ge=50, le=3000)
    time: datetime
    azimuth_deg: float = Field(ge=-360, le=360)
    kick_deg: float = Field(32.0, gt=0, le=90)

    @field_validator("time")
    @classmethod
    def _aware(cls, v: datetime) -> datetime:
        if v.tzinfo is None:
            raise ValueError("launch time must carry a time zone (e.g. 2025-05-07T23:10:00Z)")
        return v


ScenarioSpec.model_rebuild()


class EvaluationCampaign(_Model):
    """Tracker evaluation and assessment calibration (see the module docstring).

    ``seeds``: runs per combination, with demo seeds ``first_seed, first_seed + 1, ...``
    (run ``k`` is ``launchwatch demo --seed k`` with that combination's scenario, sensors
    and tracker); ``seeds_per_chunk`` runs make one task.  ``sensor_layouts``: name ->
    sensor list (as in sensor files), or ``scenario`` for the scenario's own sensors;
    ``trackers``: name -> :class:`~launchwatch.tracking.TrackerConfig` fields to change.
    ``pcrlb``: also evaluate the posterior Cramer-Rao bound 60 s after confirmation;
    ``ospa_cutoff`` [m] and ``ospa_order`` of OSPA/GOSPA.
    """

    kind: Literal["evaluation"]
    name: str = "evaluation"
    seeds: int = Field(ge=1, le=10_000_000)
    first_seed: int = Field(0, ge=0)
    seeds_per_chunk: int = Field(1, ge=1)
    scenarios: dict[str, ScenarioSpec] = Field(default_factory=lambda: {"demo": ScenarioSpec()},
                                               min_length=1)
    sensor_layouts: dict[str, Literal["scenario"] | list[dict[str, Any]]] = Field(
        default_factory=lambda: {"scenario": "scenario"}, min_length=1)
    trackers: dict[str, dict[str, Any]] = Field(default_factory=lambda: {"default": {}},
                                                min_length=1)
    pcrlb: bool = True
    ospa_cutoff: float = Field(10_000.0, gt=0)
    ospa_order: float = Field(2.0, ge=1)
    stop: StopRule | None = None

    @model_validator(mode="after")
    def _check(self) -> EvaluationCampaign:
        for name, layout in self.sensor_layouts.items():
            if layout != "scenario":
                try:
                    _calls.sensor_list(layout)
                except Exception as exc:
                    raise ValueError(f"sensor_layouts.{name}: {exc}") from None
        for name, over in self.trackers.items():
            try:
                _calls.tracker_config(over)
            except ValidationError as exc:
                err = exc.errors()[0]
                raise ValueError(f"trackers.{name}.{'.'.join(str(x) for x in err['loc'])}: "
                                 f"{err['msg']}") from None
        return self

    def groups(self) -> list[tuple[str, str, str]]:
        """Every ``(scenario, layout, tracker)`` combination, in a fixed order."""
        return list(itertools.product(self.scenarios, self.sensor_layouts, self.trackers))


Campaign = Annotated[FlightCampaign | EvaluationCampaign, Field(discriminator="kind")]


def campaign_hash(c: FlightCampaign | EvaluationCampaign) -> str:
    """A digest of what the campaign computes (the stop rule excluded: it only says when
    to stop, and the rows it keeps are the first ones of the same campaign)."""
    data = c.model_dump(mode="json", exclude={"stop", "name"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


_UNION_TAGS = {"float", "str", "int", "uniform", "normal", "truncnormal",
               "lognormal", "triangular", "choice", "generic", "vehicle", "tuple", "none"}


def _input_error(exc: ValidationError):
    from ..errors import InputError

    errs = exc.errors()
    # in a union (a number or a distribution) the deepest error is the one meant
    first = errs[0]["loc"][:2]
    same = [e for e in errs if e["loc"][:2] == first]
    err = max(same, key=lambda e: (len(e["loc"]), e["type"] == "value_error"))
    parts = [p for p in err["loc"][1:]
             if not (isinstance(p, str) and (p in _UNION_TAGS or "[" in p or p.startswith("literal")))]
    field = ""
    for p in parts:
        field += f"[{p}]" if isinstance(p, int) else (f".{p}" if field else str(p))
    msg = str(err["msg"]).removeprefix("Value error, ")
    value = err.get("input")
    if isinstance(value, dict):
        value = "{...}"
    m = re.match(r"^([A-Za-z_][\w.\[\]]*)(=\S*)?: (.*)$", msg)
    if m and err["type"] == "value_error":  # our validators' messages start with the field
        field = f"{field}.{m.group(1)}" if field and not m.group(1).startswith(field) else m.group(1)
        msg = m.group(3)
        if m.group(2):
            value = m.group(2)[1:]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return InputError(field or "campaign", value, msg)


def load_campaign(source: str | Path | dict) -> FlightCampaign | EvaluationCampaign:
    """Read and validate a campaign file (``.yaml``/``.yml``/``.toml``/``.json``) or mapping."""
    from pydantic import TypeAdapter

    from ..errors import InputError

    data = _calls.read_config_file(Path(source)) if isinstance(source, str | Path) else source
    if not isinstance(data, dict):
        raise InputError("campaign", type(data).__name__, "must be a mapping at the top level")
    if data.get("kind") not in ("flights", "evaluation"):
        raise InputError("kind", data.get("kind"), "must be 'flights' or 'evaluation'")
    try:
        return TypeAdapter(Campaign).validate_python(data)
    except ValidationError as exc:
        raise _input_error(exc) from exc
