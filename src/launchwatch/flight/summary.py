"""Per-flight summary of a batch: launch, burnout, apogee, impact, range, azimuth, speeds."""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..earth.frames import ecef2geodetic
from ..earth.geodesic import geodesic_inverse
from . import _layout as L

if TYPE_CHECKING:
    from .engine import FlightResult

__all__ = ["FlightSummary", "flight_path_angle", "summarize"]


@dataclass
class FlightSummary:
    """Facts of N flights; every field is an array of shape ``(N,)``, SI units.

    Angles in radians, distances in metres, times in seconds from the scenario epoch
    (``time_of_flight`` is impact minus launch).  NaN where a fact does not exist
    (no impact, no powered phase).
    """

    status: np.ndarray
    launch_lat: np.ndarray
    launch_lon: np.ndarray
    launch_alt: np.ndarray
    launch_time: np.ndarray
    burnout_time: np.ndarray
    burnout_alt: np.ndarray
    burnout_speed: np.ndarray
    burnout_fpa: np.ndarray
    burnout_lat: np.ndarray
    burnout_lon: np.ndarray
    apogee_alt: np.ndarray
    apogee_time: np.ndarray
    impact_lat: np.ndarray
    impact_lon: np.ndarray
    impact_time: np.ndarray
    impact_speed: np.ndarray
    ground_range: np.ndarray
    initial_azimuth: np.ndarray
    max_speed: np.ndarray
    time_of_flight: np.ndarray

    def __len__(self) -> int:
        return int(self.status.shape[0])

    def as_dict(self) -> dict[str, np.ndarray]:
        """Field name -> array."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def rows(self) -> list[dict[str, float | str]]:
        """One dict per flight, in presentation units (deg, km, s) for tables and CSV."""
        out = []
        for i in range(len(self)):
            out.append({
                "flight": i,
                "status": L.STATUS_NAMES[int(self.status[i])],
                "launch_lat_deg": np.degrees(self.launch_lat[i]),
                "launch_lon_deg": np.degrees(self.launch_lon[i]),
                "launch_time_s": self.launch_time[i],
                "burnout_time_s": self.burnout_time[i] - self.launch_time[i],
                "burnout_alt_km": self.burnout_alt[i] / 1e3,
                "burnout_speed_m_s": self.burnout_speed[i],
                "burnout_fpa_deg": np.degrees(self.burnout_fpa[i]),
                "apogee_km": self.apogee_alt[i] / 1e3,
                "apogee_time_s": self.apogee_time[i] - self.launch_time[i],
                "impact_lat_deg": np.degrees(self.impact_lat[i]),
                "impact_lon_deg": np.degrees(self.impact_lon[i]),
                "range_km": self.ground_range[i] / 1e3,
                "azimuth_deg": np.degrees(self.initial_azimuth[i]) % 360.0,
                "max_speed_m_s": self.max_speed[i],
                "impact_speed_m_s": self.impact_speed[i],
                "time_of_flight_s": self.time_of_flight[i],
            })
        return out

    def to_csv(self, path: str | Path) -> None:
        """Write :meth:`rows` as CSV."""
        rows = self.rows()
        with open(path, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["flight"])
            w.writeheader()
            w.writerows(rows)


def flight_path_angle(states: np.ndarray, spherical: bool = False) -> np.ndarray:
    """Earth-relative flight-path angle [rad] above the local horizontal of states ``(..., 6)``."""
    s = np.asarray(states, float)
    if spherical:
        up = s[..., :3] / np.linalg.norm(s[..., :3], axis=-1, keepdims=True)
    else:
        lat, lon, _ = ecef2geodetic(s[..., :3])
        up = np.stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)], -1)
    v = s[..., 3:]
    speed = np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.arcsin(np.clip(np.sum(up * v, axis=-1) / speed, -1.0, 1.0))


def _latlonalt(states: np.ndarray, spherical: bool, radius: float):
    if not spherical:
        return ecef2geodetic(states[..., :3])
    r = np.linalg.norm(states[..., :3], axis=-1)
    with np.errstate(invalid="ignore"):
        return (np.arcsin(states[..., 2] / r), np.arctan2(states[..., 1], states[..., 0]),
                r - radius)


def _sphere_inverse(lat1, lon1, lat2, lon2, radius):
    dlon = lon2 - lon1
    c = np.sin(lat1) * np.sin(lat2) + np.cos(lat1) * np.cos(lat2) * np.cos(dlon)
    s = np.hypot(np.cos(lat2) * np.sin(dlon),
                 np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(dlon))
    az = np.arctan2(np.cos(lat2) * np.sin(dlon),
                    np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(dlon))
    return radius * np.arctan2(s, c), az


def summarize(res: FlightResult) -> FlightSummary:
    """Summarise a :class:`~launchwatch.flight.FlightResult` (vectorised over flights)."""
    sph = res.earth.shape == "sphere"
    rad = res.earth.radius
    l_lat, l_lon, l_alt = _latlonalt(res.y0, sph, rad)
    b_lat, b_lon, b_alt = _latlonalt(res.burnout, sph, rad)
    ok = res.status == L.OK
    end = np.where(ok[:, None], res.end, np.nan)
    i_lat, i_lon, _ = _latlonalt(end, sph, rad)
    if sph:
        rng, az = _sphere_inverse(l_lat, l_lon, i_lat, i_lon, rad)
    else:
        rng, az, _ = geodesic_inverse(l_lat, l_lon, i_lat, i_lon)
    return FlightSummary(
        status=res.status,
        launch_lat=l_lat, launch_lon=l_lon, launch_alt=l_alt, launch_time=res.t_launch,
        burnout_time=res.t_burnout, burnout_alt=b_alt,
        burnout_speed=np.linalg.norm(res.burnout[:, 3:], axis=-1),
        burnout_fpa=flight_path_angle(res.burnout, sph), burnout_lat=b_lat, burnout_lon=b_lon,
        apogee_alt=res.h_apogee, apogee_time=res.t_apogee,
        impact_lat=i_lat, impact_lon=i_lon, impact_time=np.where(ok, res.t_end, np.nan),
        impact_speed=np.linalg.norm(end[:, 3:], axis=-1),
        ground_range=rng, initial_azimuth=np.mod(az, 2 * np.pi), max_speed=res.v_max,
        time_of_flight=np.where(ok, res.t_end - res.t_launch, np.nan),
    )
