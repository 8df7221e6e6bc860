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

Limits (each an error naming the field and value, never a slow run or a traceback): a
file of at most :data:`MAX_SCENARIO_BYTES` (1 MiB), UTF-8; at most :data:`MAX_DEPTH`
levels of nesting and :data:`MAX_VALUES` values once YAML aliases are expanded (a
nested-alias "bomb" is refused as soon as it passes the limit); at most
:data:`MAX_FLIGHTS` flights in all; dates (epoch, launch times) in the years
1900-2200 and every launch within :data:`MAX_LAUNCH_OFFSET_S` of the epoch; a
``[low, high]`` interval with ``low <= high``; every number finite (a lift phase's
``end`` alone may be ``.inf``).
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

__all__ = ["MAX_DEPTH", "MAX_FLIGHTS", "MAX_SCENARIO_BYTES", "MAX_VALUES", "FlightSpec",
           "Scenario", "load_scenario", "run_scenario"]

Number = float | tuple[float, float]

#: Largest scenario file read [bytes].
MAX_SCENARIO_BYTES = 1 << 20
#: Deepest nesting of mappings and lists in a scenario.
MAX_DEPTH = 32
#: Most values (mappings, lists and scalars, YAML aliases expanded) in a scenario.
MAX_VALUES = 200_000
#: Most flights (the sum of every entry's ``count``) in one scenario; larger batches are
#: campaigns (``launchwatch campaign``).
MAX_FLIGHTS = 1_000_000
#: Latest launch after (or before) the epoch [s]: 100 years.
MAX_LAUNCH_OFFSET_S = 100 * 365.25 * 86400.0
#: Years a date of a scenario may fall in.
YEARS = (1900, 2200)


def _check_interval(v: Number | None) -> Number | None:
    for x in (() if v is None else v if isinstance(v, tuple) else (v,)):
        if not math.isfinite(x):
            raise ValueError(f"{x} is not a finite number")
    if isinstance(v, tuple):
        lo, hi = v
        if not lo <= hi:
            raise ValueError(f"interval [{lo}, {hi}] must have low <= high")
        if not math.isfinite(hi - lo):
            raise ValueError(f"interval [{lo}, {hi}] is too wide")
    return v


def _check_date(v: datetime | None, what: str) -> datetime | None:
    if v is None:
        return v
    if v.tzinfo is None:
        raise ValueError(f"{what} must carry a time zone (e.g. 2025-05-08T23:00:00Z)")
    if not YEARS[0] <= v.year <= YEARS[1]:
        raise ValueError(f"{what} must fall in the years {YEARS[0]}-{YEARS[1]}")
    return v


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
    count: int = Field(default=1, ge=1, le=MAX_FLIGHTS)
    interval_s: float = Field(default=0.0, ge=0, le=MAX_LAUNCH_OFFSET_S, allow_inf_nan=False)
    kick_angle_deg: Number | None = None
    propellant_scale: Number | None = None
    seed: int = Field(default=0, ge=0, le=2**63 - 1)

    @field_validator("lat_deg")
    @classmethod
    def _lat(cls, v: Number) -> Number:
        for x in (v if isinstance(v, tuple) else (v,)):
            if not (math.isfinite(x) and -90.0 <= x <= 90.0):
                raise ValueError(f"latitude {x} is outside [-90, 90] degrees")
        return _check_interval(v)

    @field_validator("lon_deg", "azimuth_deg", "alt_m", "kick_angle_deg", "propellant_scale")
    @classmethod
    def _finite(cls, v: Number | None) -> Number | None:
        return _check_interval(v)

    @field_validator("launch_time")
    @classmethod
    def _time(cls, v: float | datetime) -> float | datetime:
        if isinstance(v, datetime):
            return _check_date(v, "launch_time")
        if not (math.isfinite(v) and abs(v) <= MAX_LAUNCH_OFFSET_S):
            raise ValueError(f"launch time {v} s must be a finite number of seconds within "
                             f"{MAX_LAUNCH_OFFSET_S:.4g} s (100 years) of the epoch")
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
        return _check_date(v, "epoch")


def _check_limits(sc: Scenario) -> Scenario:
    """The checks across fields: total flights, every number finite, launches near the epoch."""
    total = sum(f.count for f in sc.flights)
    if total > MAX_FLIGHTS:
        raise InputError("flights[].count", total, f"flights in all: a scenario holds at most "
                         f"{MAX_FLIGHTS:,} (run larger batches as a campaign: launchwatch campaign)")
    for name, part in (("earth", sc.earth), ("integrator", sc.integrator), ("output", sc.output),
                       *((f"vehicles.{k}", v) for k, v in sc.vehicles.items())):
        _check_finite_tree(name, part.model_dump())
    for i, f in enumerate(sc.flights):
        if isinstance(f.launch_time, datetime):
            if sc.epoch is None:
                raise InputError(f"flights[{i}].launch_time", f.launch_time.isoformat(),
                                 "a date needs the scenario's epoch")
            t0 = (f.launch_time - sc.epoch).total_seconds()
        else:
            t0 = float(f.launch_time)
        last = t0 + f.interval_s * (f.count - 1)
        if not (abs(t0) <= MAX_LAUNCH_OFFSET_S and abs(last) <= MAX_LAUNCH_OFFSET_S):
            raise InputError(f"flights[{i}].launch_time", f.launch_time if not isinstance(
                f.launch_time, datetime) else f.launch_time.isoformat(),
                f"with interval_s={f.interval_s:g} and count={f.count} the launches must fall "
                "within 100 years of the epoch")
    return sc


def _check_finite_tree(field: str, data: Any) -> None:
    """Raise :class:`InputError` at the first non-finite number of a dumped model (a lift
    phase's ``end`` may be +inf: "to the end of the flight")."""
    from ..errors import non_finite

    bad = non_finite(data, field, allow_inf=(".end",), first=True)
    if bad:
        raise InputError(bad[0][0], bad[0][1], "must be a finite number")


def check_shape(data: Any, what: str = "scenario", *, max_depth: int = MAX_DEPTH,
                max_values: int = MAX_VALUES) -> None:
    """Refuse a parsed document nested deeper than ``max_depth`` or holding more than
    ``max_values`` values once shared (aliased) parts are counted each time they appear.

    Stops as soon as a limit is passed: the cost is bounded by ``max_values`` whatever
    the aliases would expand to.
    """
    stack: list[tuple[Any, int]] = [(data, 1)]
    seen = 0
    while stack:
        v, depth = stack.pop()
        seen += 1
        if seen > max_values:
            raise InputError(what, f"more than {max_values} values",
                             "too large (YAML aliases count once per use)")
        if depth > max_depth:
            raise InputError(what, f"depth > {max_depth}", "nested too deeply")
        if isinstance(v, dict):
            stack.extend((x, depth + 1) for x in v.values())
            seen += len(v)  # the keys
        elif isinstance(v, (list, tuple)):
            stack.extend((x, depth + 1) for x in v)


def _read(path: Path) -> Any:
    """Parse a scenario file (YAML, TOML or JSON) within the size and shape limits."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".toml", ".json"):
        raise InputError("scenario", str(path), "must end in .yaml, .yml, .toml or .json")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_SCENARIO_BYTES + 1)
    except OSError as exc:
        raise InputError("scenario", str(path), f"cannot be read: {exc.strerror}") from exc
    if len(raw) > MAX_SCENARIO_BYTES:
        raise InputError("scenario", str(path), f"is larger than {MAX_SCENARIO_BYTES} bytes (1 MiB)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("scenario", str(path), f"is not UTF-8 text (byte {exc.start})") from exc
    kind = "YAML" if suffix in (".yaml", ".yml") else suffix[1:].upper()
    try:
        if kind == "YAML":
            data = yaml.safe_load(text)
        elif kind == "TOML":
            data = tomllib.loads(text)
        else:
            data = json.loads(text)
    except RecursionError as exc:
        raise InputError("scenario", str(path), f"is nested too deeply (at most {MAX_DEPTH} "
                         "levels)") from exc
    except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
        # ValueError covers JSON/TOML decoding and YAML dates like 0000-01-01
        raise InputError("scenario", str(path), f"is not valid {kind}: {exc}") from exc
    check_shape(data, f"scenario {path}")
    return data


def _pydantic_error(exc: ValidationError) -> InputError:
    err = exc.errors()[0]
    field = ""
    for part in err["loc"]:
        if part in ("generic", "vehicle") and field.startswith("vehicles."):
            continue  # the union's tag, not a field
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    msg = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        msg = "unknown key"
    value = err.get("input")
    if isinstance(value, datetime):
        value = value.isoformat()
    return InputError(field or "scenario", value, msg)


def load_scenario(source: str | Path | dict) -> Scenario:
    """Read and validate a scenario from a file path or an already-parsed mapping."""
    data = _read(Path(source)) if isinstance(source, (str, Path)) else source
    if not isinstance(source, (str, Path)):
        check_shape(data)
    if not isinstance(data, dict):
        raise InputError("scenario", type(data).__name__, "must be a mapping at the top level")
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as exc:
        raise _pydantic_error(exc) from exc
    return _check_limits(sc)


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
