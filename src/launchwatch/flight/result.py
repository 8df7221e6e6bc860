"""What a batch of flights gives: :class:`FlightResult`, and its per-flight :class:`FlightSummary`.

Both are batch-first with any leading shape ``B`` (the shape the launch arguments or the
states broadcast to): arrays ``B``, states ``B + (6,)``, samples ``B + (S, 6)``.  A row
that failed has its code in ``status`` (:mod:`launchwatch.status`) and NaN in its numbers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from ..earth.geodesic import geodesic_inverse
from ..earth.model import EarthModel
from ..status import OK, STATUS_NAMES, status_names

__all__ = ["FlightResult", "FlightSummary", "flight_path_angle", "summarize"]


@dataclass
class FlightResult:
    """Outcome of a batch of flights of shape ``B`` (all times absolute seconds from the epoch).

    ``status B`` (codes of :data:`launchwatch.status.STATUS_NAMES`: ``ok`` = reached the
    ground), ``t0``/``t_launch``/``t_end``/``t_burnout``/``t_apogee``/``h_apogee``/``v_max B``,
    ``y0``/``burnout``/``apogee``/``end B + (6,)`` ECEF states, and, when sampled,
    ``sample_times (S,)`` relative to each flight's ``t_launch`` and ``samples B + (S, 6)``
    (NaN after a flight ended).  ``end`` is the impact state when ``status == 0`` (the
    state at the limit for ``time-limit``; NaN for the other failures).
    """

    status: np.ndarray
    t0: np.ndarray
    t_launch: np.ndarray
    y0: np.ndarray
    t_end: np.ndarray
    end: np.ndarray
    t_burnout: np.ndarray
    burnout: np.ndarray
    t_apogee: np.ndarray
    apogee: np.ndarray
    h_apogee: np.ndarray
    v_max: np.ndarray
    n_steps: np.ndarray
    n_fev: np.ndarray
    earth: EarthModel
    sample_times: np.ndarray = field(default_factory=lambda: np.empty(0))
    samples: np.ndarray = field(default_factory=lambda: np.empty((0, 0, 6)))

    def __len__(self) -> int:
        return int(self.status.shape[0]) if self.status.ndim else 1

    @property
    def shape(self) -> tuple[int, ...]:
        """The batch shape ``B``."""
        return tuple(self.status.shape)

    @property
    def ok(self) -> np.ndarray:
        """Boolean mask ``B`` of flights that reached the ground."""
        return self.status == OK

    def status_names(self) -> np.ndarray:
        """Status of each flight as a word ``B`` (``ok``, ``time-limit``, ...)."""
        return status_names(self.status)

    def reshape(self, shape: tuple[int, ...]) -> FlightResult:
        """The same flights with batch shape ``shape`` (numbers unchanged)."""
        shape = tuple(shape)

        def r(a: np.ndarray, tail: int) -> np.ndarray:
            return a.reshape(shape + a.shape[a.ndim - tail:])

        return FlightResult(
            status=r(self.status, 0), t0=r(self.t0, 0), t_launch=r(self.t_launch, 0),
            y0=r(self.y0, 1), t_end=r(self.t_end, 0), end=r(self.end, 1),
            t_burnout=r(self.t_burnout, 0), burnout=r(self.burnout, 1),
            t_apogee=r(self.t_apogee, 0), apogee=r(self.apogee, 1), h_apogee=r(self.h_apogee, 0),
            v_max=r(self.v_max, 0), n_steps=r(self.n_steps, 0), n_fev=r(self.n_fev, 0),
            earth=self.earth, sample_times=self.sample_times,
            samples=self.samples.reshape(shape + self.samples.shape[-2:]))

    def summary(self) -> FlightSummary:
        """Per-flight summary: launch, burnout, apogee, impact, range, azimuth, speeds."""
        return summarize(self)


@dataclass
class FlightSummary:
    """Facts of a batch of flights; every field is an array of the batch shape, SI units.

    Angles in radians, distances in metres, times in seconds from the scenario epoch
    (``time_of_flight`` is impact minus launch).  NaN where a fact does not exist (no
    impact, no powered phase); ``status`` says why.
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
        return int(self.status.shape[0]) if self.status.ndim else 1

    def as_dict(self) -> dict[str, np.ndarray]:
        """Field name -> array."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def rows(self) -> list[dict[str, float | str]]:
        """One dict per flight (flattened), in presentation units (deg, km, s) for tables and CSV."""
        d = {k: np.ravel(v) for k, v in self.as_dict().items()}
        out = []
        for i in range(d["status"].size):
            out.append({
                "flight": i,
                "status": STATUS_NAMES.get(int(d["status"][i]), str(int(d["status"][i]))),
                "launch_lat_deg": np.degrees(d["launch_lat"][i]),
                "launch_lon_deg": np.degrees(d["launch_lon"][i]),
                "launch_time_s": d["launch_time"][i],
                "burnout_time_s": d["burnout_time"][i] - d["launch_time"][i],
                "burnout_alt_km": d["burnout_alt"][i] / 1e3,
                "burnout_speed_m_s": d["burnout_speed"][i],
                "burnout_fpa_deg": np.degrees(d["burnout_fpa"][i]),
                "apogee_km": d["apogee_alt"][i] / 1e3,
                "apogee_time_s": d["apogee_time"][i] - d["launch_time"][i],
                "impact_lat_deg": np.degrees(d["impact_lat"][i]),
                "impact_lon_deg": np.degrees(d["impact_lon"][i]),
                "range_km": d["ground_range"][i] / 1e3,
                "azimuth_deg": np.degrees(d["initial_azimuth"][i]) % 360.0,
                "max_speed_m_s": d["max_speed"][i],
                "impact_speed_m_s": d["impact_speed"][i],
                "time_of_flight_s": d["time_of_flight"][i],
            })
        return out

    def to_csv(self, path: str | Path) -> None:
        """Write :meth:`rows` as CSV."""
        rows = self.rows()
        with open(path, "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]) if rows else ["flight"])
            w.writeheader()
            w.writerows(rows)


def flight_path_angle(states: np.ndarray, earth: EarthModel | None = None) -> np.ndarray:
    """Earth-relative flight-path angle [rad] above the local horizontal of states ``(..., 6)``.

    The horizontal is that of ``earth``'s ellipsoid (WGS-84 by default).
    """
    s = np.asarray(states, float)
    ell = (earth or EarthModel()).ellipsoid
    up = ell.up(s[..., :3])
    v = s[..., 3:]
    speed = np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.arcsin(np.clip(np.sum(up * v, axis=-1) / speed, -1.0, 1.0))


def summarize(res: FlightResult) -> FlightSummary:
    """Summarise a :class:`FlightResult` (vectorised over flights, any batch shape)."""
    ell = res.earth.ellipsoid
    l_lat, l_lon, l_alt = ell.ecef2geodetic(res.y0[..., :3])
    b_lat, b_lon, b_alt = ell.ecef2geodetic(res.burnout[..., :3])
    ok = res.status == OK
    end = np.where(ok[..., None], res.end, np.nan)
    i_lat, i_lon, _ = ell.ecef2geodetic(end[..., :3])
    rng, az, _ = geodesic_inverse(l_lat, l_lon, i_lat, i_lon, ell)
    return FlightSummary(
        status=res.status,
        launch_lat=l_lat, launch_lon=l_lon, launch_alt=l_alt, launch_time=res.t_launch,
        burnout_time=res.t_burnout, burnout_alt=b_alt,
        burnout_speed=np.linalg.norm(res.burnout[..., 3:], axis=-1),
        burnout_fpa=flight_path_angle(res.burnout, res.earth), burnout_lat=b_lat,
        burnout_lon=b_lon, apogee_alt=res.h_apogee, apogee_time=res.t_apogee,
        impact_lat=i_lat, impact_lon=i_lon, impact_time=np.where(ok, res.t_end, np.nan),
        impact_speed=np.linalg.norm(end[..., 3:], axis=-1),
        ground_range=rng, initial_azimuth=np.mod(az, 2 * np.pi), max_speed=res.v_max,
        time_of_flight=np.where(ok, res.t_end - res.t_launch, np.nan),
    )
