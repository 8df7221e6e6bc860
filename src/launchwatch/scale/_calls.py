"""Every call the scale layer makes into the layers below it, in one place.

The campaign code never imports ``flight``, ``sensors``, ``tracking``, ``assess`` or the
demo pipeline directly: it goes through these few functions, so that a rename below (a
module moving, a keyword renamed) is a one-line fix here.  Imports are lazy: the
command line loads none of the numeric layers until a campaign runs.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

import numpy as np

# --- flight ----------------------------------------------------------------------------


def flight_types() -> tuple[Any, Any, Any]:
    """``(EarthModel, IntegratorOptions, VehicleSpec)``: the models a flight campaign declares."""
    from ..flight import EarthModel, IntegratorOptions
    from ..flight.config import VehicleSpec

    return EarthModel, IntegratorOptions, VehicleSpec


def read_config_file(path: Path) -> Any:
    """A YAML/TOML/JSON file's contents (errors name the file), as scenario files are read."""
    from ..flight.config import _read

    return _read(path)


def build_vehicle(name: str, spec) -> Any:
    """A :class:`~launchwatch.flight.Vehicle` from a scenario-file vehicle entry."""
    from ..flight import Vehicle, generic_vehicle

    return spec if isinstance(spec, Vehicle) else generic_vehicle(spec.generic_range_km, name=name)


def fly(vehicles: list, inputs: dict[str, np.ndarray], earth, options) -> dict[str, np.ndarray]:
    """Fly a batch with :func:`launchwatch.flight.simulate`; the summary's columns (SI units).

    ``inputs``: ``simulate`` keyword arrays ``(N,)`` (lat, lon, azimuth in rad, ...).
    Returns ``status`` and every :class:`~launchwatch.flight.FlightSummary` field.
    """
    from ..flight import simulate

    res = simulate(vehicles, earth=earth, options=options, **inputs)
    out = res.summary().as_dict()
    out["n_steps"] = res.n_steps
    return out


def status_names() -> dict[int, str]:
    """Flight status code -> word."""
    from ..flight import STATUS_NAMES

    return dict(STATUS_NAMES)


def warm_up() -> None:
    """Load (or compile) the compiled kernels once in this process."""
    from ..flight import warm_up as _w

    _w()


# --- the demo scenario and the pipeline -----------------------------------------------------


def demo_scenario():
    """The built-in demo scenario (:class:`launchwatch.demo.DemoScenario`)."""
    from ..demo import default_scenario

    return default_scenario()


def demo_launch(range_class_km: float, time, azimuth_deg: float, kick_deg: float):
    """One launch of a demo scenario."""
    from ..demo import DemoLaunch

    return DemoLaunch(range_class_km, time, azimuth_deg, kick_deg)


def sensor_list(data: list) -> list:
    """Sensor configurations from parsed data (radar / infrared entries)."""
    from ..sensors import load_sensors

    return load_sensors(data)


def tracker_config(overrides: dict):
    """A :class:`~launchwatch.tracking.TrackerConfig` with ``overrides`` applied (validated)."""
    from ..tracking import TrackerConfig

    return TrackerConfig(**overrides)


def run_pipeline(scenario, seed: int, config, on_tracks):
    """One run of the demo pipeline (truth, detections, tracking, assessment, events) with
    tracker ``config``; ``on_tracks(history, detections, id_offset)`` sees each recording's
    tracks.  Nothing stored, no figures."""
    from ..demo import run_demo

    return run_demo(seed, scenario=scenario, store=False, figures=False, config=config,
                    on_tracks=on_tracks)


def true_flights(scenario, seed: int):
    """``(FlightResult, Truth, vehicles)`` of the demo scenario's true flights for ``seed``."""
    from ..demo import demo_vehicles, simulate_truth
    from ..sensors import Truth

    res = simulate_truth(scenario, seed)
    return res, Truth.from_flight(res), demo_vehicles(scenario, seed)


# --- scores ----------------------------------------------------------------------------------


def ospa_gospa(times, truth_pos, est_time, est_pos, c: float, p: float):
    """OSPA and GOSPA [m] at each time (:func:`launchwatch.tracking.ospa_gospa_over_time`)."""
    from ..tracking import ospa_gospa_over_time

    return ospa_gospa_over_time(times, truth_pos, est_time, est_pos, c, p)


def nees(err, P):
    """NEES of errors ``(R, n)`` under ``P (R, n, n)``."""
    from ..tracking import nees as _nees

    return _nees(err, P)


def nees_interval(dim: int, runs: int) -> tuple[float, float]:
    """95 % interval of the average NEES of ``runs`` runs of a ``dim``-state."""
    from ..tracking import nees_interval as _ni

    return _ni(dim, runs)


def score_tracks(history, det_time, det_truth, n_truth):
    """Breaks, swaps, false tracks, confirmation delays (:func:`launchwatch.tracking.score_tracks`)."""
    from ..tracking import score_tracks as _score

    return _score(history, det_time, det_truth, n_truth)


def measurement_models(sensors) -> list:
    """The tracker's measurement models of sensor configurations."""
    from ..tracking import from_config

    return [from_config(s) for s in sensors]


def in_coverage(meas: list, states: np.ndarray, sensor: np.ndarray, kappa: float) -> np.ndarray:
    """Boolean ``(T,)``: state ``t`` (ECEF ``(T, 6)``) lies inside the coverage of the radar
    that scanned then (``sensor (T,)`` index into ``meas``; infrared scans never count)."""
    from ..tracking import N_STATE, RadarMeasurement

    x = np.zeros((states.shape[0], N_STATE))
    x[:, :6] = states
    x[:, 6] = kappa
    out = np.zeros(states.shape[0], bool)
    for s in np.unique(sensor):
        m = meas[int(s)]
        if isinstance(m, RadarMeasurement):
            rows = sensor == s
            out[rows] = m.visible(m.h(x[rows], False)[0])
    return out


def pcrlb(states, times, sensor, meas, P0, kappa: float):
    """Posterior Cramer-Rao bound covariances ``(T, 7, 7)`` along a true trajectory."""
    from ..tracking import pcrlb as _pcrlb

    return _pcrlb(states, times, sensor, meas, P0, kappa=kappa)


def geodesic(lat1, lon1, lat2, lon2):
    """WGS-84 geodesic ``(distance [m], azimuth at the first point [rad])``."""
    from ..earth.geodesic import geodesic_inverse

    d, az, _ = geodesic_inverse(lat1, lon1, lat2, lon2)
    return d, az


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the installed package's Python sources and data files (16 hex digits).

    Two installs with the same release number but different code (an editable checkout
    on another commit, a patched worker) compute different results: this tells them
    apart.  The web dashboard's static assets are left out (they change no result).
    """
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for f in sorted(root.rglob("*")):
        rel = f.relative_to(root).as_posix()
        if not f.is_file() or rel.startswith("web/static/") or "__pycache__" in rel or f.suffix == ".pyc":
            continue
        h.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def version() -> str:
    """launchwatch's version and code fingerprint, ``"0.1.0+<16 hex>"`` (workers must run
    the same; a campaign folder is resumed only by the code that started it)."""
    from .. import __version__

    return f"{__version__}+{code_fingerprint()}"
