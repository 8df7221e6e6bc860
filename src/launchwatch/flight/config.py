"""Flight scenario files (YAML, TOML or JSON) for ``launchwatch simulate``.

A scenario names vehicles and lists flights; a numeric flight parameter given as a
two-number list ``[low, high]`` is drawn uniformly per flight (seeded), so one entry with
``count: 10000`` describes a whole Monte Carlo batch::

    epoch: 2025-05-08T23:00:00Z
    vehicles:
      srbm-250: {generic_range_km: 250}
      srbm-800: {generic_range_km: 800}
    flights:
      - {vehicle: srbm-250, lat_deg: 39.17, lon_deg: 127.48, azimuth_deg: 75,
         launch_time: "2025-05-08T23:10:00Z", count: 2, interval_s: 60, kick_angle_deg: 45}
    output: {sample_dt: 1.0}

Unknown keys and impossible values are errors naming the field and value.
"""

from __future__ import annotations

import json
import math
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    field_validator,
)

from ..errors import InputError
from .engine import simulate
from .result import FlightResult
from .vehicle import EarthModel, IntegratorOptions, Vehicle, generic_vehicle

__all__ = ["FlightSpec", "Scenario", "load_scenario", "run_scenario"]

Number = float | tuple[float, float]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GenericVehicleSpec(_Model):
    """A generic vehicle sized for a range class (see :func:`generic_vehicle`)."""

    generic_range_km: float = Field(ge=50, le=3000)


def _vehicle_kind(v: Any) -> str:
    if isinstance(v, dict):
        return "generic" if "generic_range_km" in v else "vehicle"
    return "generic" if isinstance(v, GenericVehicleSpec) else "vehicle"


VehicleSpec = Annotated[Annotated[GenericVehicleSpec, Tag("generic")] | Annotated[Vehicle, Tag("vehicle")],
                        Discriminator(_vehicle_kind)]


class FlightSpec(_Model):
    """One entry of ``flights``: ``count`` launches of a vehicle from one place."""

    vehicle: str
    lat_deg: Number
    lon_deg: Number
    azimuth_deg: Number
    alt_m: Number = 0.0
    launch_time: float | datetime = 0.0
    count: int = Field(default=1, ge=1, le=10_000_000)
    interval_s: float = Field(default=0.0, ge=0)
    kick_angle_deg: Number | None = None
    propellant_scale: Number | None = None
    seed: int = 0

    @field_validator("lat_deg")
    @classmethod
    def _lat(cls, v: Number) -> Number:
        for x in (v if isinstance(v, tuple) else (v,)):
            if not (math.isfinite(x) and -90.0 <= x <= 90.0):
                raise ValueError(f"latitude {x} is outside [-90, 90] degrees")
        return v

    @field_validator("lon_deg", "azimuth_deg", "alt_m", "kick_angle_deg", "propellant_scale")
    @classmethod
    def _finite(cls, v: Number | None) -> Number | None:
        for x in (() if v is None else v if isinstance(v, tuple) else (v,)):
            if not math.isfinite(x):
                raise ValueError(f"{x} is not a finite number")
        return v


class OutputSpec(_Model):
    """What to write: trajectory sampling interval [s] (``None``: no trajectories)."""

    sample_dt: float | None = Field(default=1.0, gt=0)


class Scenario(_Model):
    """A flight scenario: epoch, Earth model, integrator, vehicles and flights."""

    epoch: datetime | None = None
    earth: EarthModel = EarthModel()
    integrator: IntegratorOptions = IntegratorOptions()
    vehicles: dict[str, VehicleSpec] = Field(min_length=1)
    flights: list[FlightSpec] = Field(min_length=1)
    output: OutputSpec = OutputSpec()

    @field_validator("epoch")
    @classmethod
    def _aware(cls, v: datetime | None) -> datetime | None:
        if v is not None and v.tzinfo is None:
            raise ValueError("epoch must carry a time zone (e.g. 2025-05-08T23:00:00Z)")
        return v


def _read(path: Path) -> Any:
    try:
        text = path.read_text()
    except OSError as exc:
        raise InputError("scenario", str(path), f"cannot be read: {exc.strerror}") from exc
    suffix = path.suffix.lower()
    try:
        if suffix in (".yaml", ".yml"):
            return yaml.safe_load(text)
        if suffix == ".toml":
            return tomllib.loads(text)
        if suffix == ".json":
            return json.loads(text)
    except (yaml.YAMLError, tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise InputError("scenario", str(path), f"is not valid {suffix[1:].upper()}: {exc}") from exc
    raise InputError("scenario", str(path), "must end in .yaml, .yml, .toml or .json")


def _pydantic_error(exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    field = ""
    for part in err["loc"]:
        if part in ("generic", "vehicle") and field.startswith("vehicles."):
            continue  # the union's tag, not a field
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    return InputError(field or "scenario", err.get("input"), msg)


def load_scenario(source: str | Path | dict) -> Scenario:
    """Read and validate a scenario from a file path or an already-parsed mapping."""
    data = _read(Path(source)) if isinstance(source, (str, Path)) else source
    if not isinstance(data, dict):
        raise InputError("scenario", type(data).__name__, "must be a mapping at the top level")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(exc) from exc


def _draw(v: Number | None, n: int, rng: np.random.Generator) -> np.ndarray | None:
    if v is None:
        return None
    if isinstance(v, tuple):
        return rng.uniform(v[0], v[1], n)
    return np.full(n, float(v))


def run_scenario(sc: Scenario, sample_dt: float | None = None) -> tuple[FlightResult, list[str]]:
    """Fly every flight of a scenario in one batch; returns the result and a label per flight.

    ``sample_dt`` [s] samples the trajectories (``None``: summary only).
    """
    names = list(sc.vehicles)
    vehicles = [v if isinstance(v, Vehicle) else generic_vehicle(v.generic_range_km, name=k)
                for k, v in sc.vehicles.items()]
    cols: dict[str, list[np.ndarray]] = {k: [] for k in (
        "lat", "lon", "azimuth", "alt", "launch_time", "vehicle_index", "kick_angle",
        "propellant_scale")}
    labels: list[str] = []
    for i, f in enumerate(sc.flights):
        if f.vehicle not in sc.vehicles:
            raise InputError(f"flights[{i}].vehicle", f.vehicle,
                             f"unknown vehicle; defined: {', '.join(names)}")
        rng = np.random.default_rng(f.seed + i)
        n = f.count
        if isinstance(f.launch_time, datetime):
            if sc.epoch is None:
                raise InputError(f"flights[{i}].launch_time", f.launch_time.isoformat(),
                                 "a date needs the scenario's epoch")
            if f.launch_time.tzinfo is None:
                raise InputError(f"flights[{i}].launch_time", f.launch_time.isoformat(),
                                 "must carry a time zone")
            t0 = (f.launch_time - sc.epoch).total_seconds()
        else:
            t0 = float(f.launch_time)
        cols["lat"].append(np.radians(_draw(f.lat_deg, n, rng)))
        cols["lon"].append(np.radians(_draw(f.lon_deg, n, rng)))
        cols["azimuth"].append(np.radians(_draw(f.azimuth_deg, n, rng)))
        cols["alt"].append(_draw(f.alt_m, n, rng))
        cols["launch_time"].append(t0 + f.interval_s * np.arange(n))
        cols["vehicle_index"].append(np.full(n, names.index(f.vehicle)))
        vehicle = vehicles[names.index(f.vehicle)]
        kick = _draw(f.kick_angle_deg, n, rng)
        cols["kick_angle"].append(np.radians(kick) if kick is not None else
                                  np.full(n, math.radians(vehicle.steering.kick_angle_deg)))
        ps = _draw(f.propellant_scale, n, rng)
        cols["propellant_scale"].append(ps if ps is not None else np.ones(n))
        labels += [f"{f.vehicle}#{j + 1}" for j in range(n)] if n <= 1000 else [f.vehicle] * n
    arrays = {k: np.concatenate(v) for k, v in cols.items()}
    res = simulate(vehicles, earth=sc.earth, options=sc.integrator, sample_dt=sample_dt, **arrays)
    return res, labels


def epoch_utc(sc: Scenario) -> datetime:
    """The scenario epoch, or 1970-01-01 UTC when none is given."""
    return sc.epoch or datetime(1970, 1, 1, tzinfo=UTC)
