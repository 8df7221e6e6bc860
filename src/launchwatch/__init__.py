"""launchwatch: monitoring of ballistic missile launches.

The five jobs, each one import from the top level (names load lazily: ``import
launchwatch`` stays light)::

    # 1. simulate a batch of flights
    from launchwatch import simulate, propagate, generic_vehicle, EarthModel
    # 2. invert reported facts into flights
    from launchwatch import invert
    # 3. track detections
    from launchwatch import RadarConfig, InfraredConfig, Truth, generate_detections, run_tracker, Tracker
    # 4. assess tracks into a bulletin
    from launchwatch import track_and_assess, group_launches, bulletin
    # 5. query the register
    from launchwatch import Register

SI units inside (metres, seconds, radians); batches are arrays with the batch on the
leading axes; a failed row of a batch has a status code (:mod:`launchwatch.status`) and NaN.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

from .errors import InputError

#: public name -> module that defines it (imported on first use)
_LAZY: dict[str, str] = {
    # 1. simulate
    "simulate": "launchwatch.flight", "propagate": "launchwatch.flight",
    "ballistic_states": "launchwatch.flight", "generic_vehicle": "launchwatch.flight",
    "Vehicle": "launchwatch.flight", "Stage": "launchwatch.flight",
    "IntegratorOptions": "launchwatch.flight", "FlightResult": "launchwatch.flight",
    "FlightSummary": "launchwatch.flight", "load_scenario": "launchwatch.flight.config",
    "run_scenario": "launchwatch.flight.config",
    "EarthModel": "launchwatch.earth", "Ellipsoid": "launchwatch.earth", "WGS84": "launchwatch.earth",
    # 2. invert
    "invert": "launchwatch.flight", "InversionResult": "launchwatch.flight",
    "RegimeRules": "launchwatch.flight",
    # 3. track
    "RadarConfig": "launchwatch.sensors", "InfraredConfig": "launchwatch.sensors",
    "load_sensors": "launchwatch.sensors", "Truth": "launchwatch.sensors",
    "Detections": "launchwatch.sensors", "generate_detections": "launchwatch.sensors",
    "read_detections": "launchwatch.sensors.io", "write_detections": "launchwatch.sensors.io",
    "Tracker": "launchwatch.tracking", "TrackerConfig": "launchwatch.tracking",
    "TrackHistory": "launchwatch.tracking", "run_tracker": "launchwatch.tracking",
    "score_tracks": "launchwatch.tracking",
    # 4. assess into a bulletin
    "assess_track": "launchwatch.assess.track", "track_and_assess": "launchwatch.demo",
    "group_launches": "launchwatch.assess.events", "LaunchFacts": "launchwatch.assess.events",
    "bulletin": "launchwatch.assess.bulletin", "run_demo": "launchwatch.demo",
    # 5. the register
    "Register": "launchwatch.register", "Event": "launchwatch.register",
    "Launch": "launchwatch.register",
}

__all__ = ["InputError", "__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'launchwatch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
