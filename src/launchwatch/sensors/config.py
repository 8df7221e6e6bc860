"""Sensor configuration: frozen pydantic models that load from YAML or TOML.

Every default is an illustrative, generic value (a notional surveillance radar, a
notional geostationary infrared sensor); none describes real equipment.  Angles that a
person types into a file are in degrees and say so (``lat_deg``); noise figures are SI
(metres, radians, metres per second).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from ..earth.frames import enu_basis, geodetic2ecef
from ..earth.sight import Coverage
from ..errors import InputError

__all__ = ["GEO_ALTITUDE", "InfraredConfig", "RadarConfig", "SensorConfig", "dump_sensors",
           "load_sensors"]

#: Altitude of a geostationary orbit above the equator [m].
GEO_ALTITUDE = 35_786_000.0


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RadarConfig(_Frozen):
    """A ground or ship radar measuring range, azimuth, elevation and range-rate.

    The radar revisits its whole coverage every ``revisit`` seconds (one scan = one
    instant, ``phase + k * revisit``).  A target is seen when its elevation is at least
    ``min_elevation_deg`` above the site's geodetic horizontal plane (this is the radar
    horizon: a target beyond the curve of the Earth has negative elevation; see
    :func:`launchwatch.sensors.radar_horizon_range`), it is within ``max_range`` and the
    azimuth sector, and a draw with probability ``pd`` succeeds.

    Clutter: ``clutter_per_scan`` false alarms on average (Poisson) per scan, uniform in
    the measurement volume range x azimuth sector x elevation x range-rate; their
    density is :attr:`clutter_density`.

    Unresolved closely spaced objects (CSO): when ``cso_range_resolution`` [m] and
    ``cso_angle_resolution`` [rad] are set, targets of one scan closer than both in range
    and in angle give one detection at their mean measurement, tagged with the truth id
    of the nearest of them (the others are counted as merged, not detected).
    """

    kind: Literal["radar"] = "radar"
    name: str = "radar"
    lat_deg: float = Field(40.0, ge=-90.0, le=90.0)
    lon_deg: float = Field(130.0, ge=-360.0, le=360.0)
    alt_m: float = Field(50.0, ge=-500.0, le=1e4)
    sigma_range: float = Field(20.0, gt=0.0, description="range noise [m]")
    sigma_azimuth: float = Field(1.0e-3, gt=0.0, description="azimuth noise [rad]")
    sigma_elevation: float = Field(1.0e-3, gt=0.0, description="elevation noise [rad]")
    sigma_range_rate: float = Field(2.0, gt=0.0, description="range-rate noise [m/s]")
    revisit: float = Field(1.0, gt=0.0, description="scan interval [s]")
    phase: float = Field(0.0, ge=0.0, description="time of the first scan [s from epoch]")
    min_elevation_deg: float = Field(1.0, ge=0.0, lt=90.0)
    max_elevation_deg: float = Field(85.0, gt=0.0, le=90.0)
    azimuth_min_deg: float = Field(0.0, ge=-360.0, le=360.0)
    azimuth_span_deg: float = Field(360.0, gt=0.0, le=360.0)
    min_range: float = Field(10_000.0, ge=0.0)
    max_range: float = Field(1_500_000.0, gt=0.0)
    max_range_rate: float = Field(4000.0, gt=0.0, description="clutter range-rate span +/- [m/s]")
    pd: float = Field(0.9, gt=0.0, le=1.0, description="probability of detection")
    clutter_per_scan: float = Field(2.0, ge=0.0, description="mean false alarms per scan")
    cso_range_resolution: float | None = Field(None, gt=0.0)
    cso_angle_resolution: float | None = Field(None, gt=0.0)

    @property
    def site_ecef(self) -> np.ndarray:
        """Site position ``(3,)`` ECEF [m]."""
        return geodetic2ecef(math.radians(self.lat_deg), math.radians(self.lon_deg), self.alt_m)

    @property
    def enu(self) -> np.ndarray:
        """Rows east, north, up ``(3, 3)`` of the site in ECEF."""
        return enu_basis(math.radians(self.lat_deg), math.radians(self.lon_deg))

    @property
    def coverage(self) -> Coverage:
        """What the radar can see (elevations, azimuth sector, ranges) in radians and metres."""
        return Coverage(math.radians(self.min_elevation_deg), math.radians(self.max_elevation_deg),
                        math.radians(self.azimuth_min_deg), math.radians(self.azimuth_span_deg),
                        self.min_range, self.max_range)

    @property
    def sigma(self) -> np.ndarray:
        """Measurement noise standard deviations ``(4,)`` (range, az, el, range-rate)."""
        return np.array([self.sigma_range, self.sigma_azimuth, self.sigma_elevation,
                         self.sigma_range_rate])

    @property
    def measurement_volume(self) -> float:
        """Volume of the measurement space [m rad^2 m/s] over which clutter spreads."""
        el0, el1 = math.radians(self.min_elevation_deg), math.radians(self.max_elevation_deg)
        return ((self.max_range - self.min_range) * math.radians(self.azimuth_span_deg)
                * max(el1 - el0, 1e-9) * 2.0 * self.max_range_rate)

    @property
    def clutter_density(self) -> float:
        """False alarms per unit measurement volume per scan [1 / (m rad^2 m/s)]."""
        return self.clutter_per_scan / self.measurement_volume


class InfraredConfig(_Frozen):
    """A space-based infrared early-warning sensor on a geostationary orbit.

    It measures the line of sight to a missile, two angles in the ECEF axes (azimuth
    ``atan2(dy, dx)`` and elevation ``asin(dz / |d|)`` of ``d = target - satellite``),
    only while the missile's motor burns and the Earth does not block the view.
    """

    kind: Literal["ir"] = "ir"
    name: str = "ir"
    lon_deg: float = Field(130.0, ge=-360.0, le=360.0, description="sub-satellite longitude")
    alt_m: float = Field(GEO_ALTITUDE, gt=1e5)
    sigma_los: float = Field(20e-6, gt=0.0, description="noise of each angle [rad]")
    revisit: float = Field(1.0, gt=0.0)
    phase: float = Field(0.0, ge=0.0)
    pd: float = Field(0.98, gt=0.0, le=1.0)

    @property
    def site_ecef(self) -> np.ndarray:
        """Satellite position ``(3,)`` ECEF [m] (fixed: geostationary)."""
        return geodetic2ecef(0.0, math.radians(self.lon_deg), self.alt_m)

    @property
    def sigma(self) -> np.ndarray:
        """Measurement noise standard deviations ``(2,)`` [rad]."""
        return np.array([self.sigma_los, self.sigma_los])


SensorConfig = Annotated[RadarConfig | InfraredConfig, Field(discriminator="kind")]
_ADAPTER: TypeAdapter[list[RadarConfig | InfraredConfig]] = TypeAdapter(list[SensorConfig])


def load_sensors(source: str | Path | dict | Sequence) -> list[RadarConfig | InfraredConfig]:
    """Sensor list from a YAML (``.yaml``/``.yml``) or TOML (``.toml``) file, or parsed data.

    The file holds a top-level ``sensors`` list (TOML: ``[[sensors]]`` tables), each entry
    with a ``kind`` of ``radar`` or ``ir`` and the fields of its model.
    """
    data: object = source
    if isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise InputError("sensors", str(path), "no such file")
        text = path.read_text()
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        elif path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            raise InputError("sensors", str(path), "file must end in .yaml, .yml or .toml")
    if isinstance(data, dict):
        data = data.get("sensors", [])
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        raise InputError(f"sensors.{loc}", err.get("input"), err["msg"]) from exc


def dump_sensors(sensors: Sequence[RadarConfig | InfraredConfig]) -> str:
    """YAML text that :func:`load_sensors` reads back to the same sensors."""
    import yaml

    return yaml.safe_dump({"sensors": [s.model_dump() for s in sensors]}, sort_keys=False)
