"""Flight engine: 3-DoF point-mass flights over a rotating Earth, in batches."""

from __future__ import annotations

from ..earth.model import EarthModel
from ..status import STATUS_NAMES
from .engine import ballistic_states, propagate, simulate, warm_up
from .invert import REGIMES, InversionResult, RegimeRules, invert
from .result import FlightResult, FlightSummary, flight_path_angle, summarize
from .vehicle import (
    DEFAULT_DRAG,
    DragTable,
    IntegratorOptions,
    LiftSegment,
    Reentry,
    Stage,
    Steering,
    Vehicle,
    generic_vehicle,
)

__all__ = [
    "DEFAULT_DRAG",
    "REGIMES",
    "STATUS_NAMES",
    "DragTable",
    "EarthModel",
    "FlightResult",
    "FlightSummary",
    "IntegratorOptions",
    "InversionResult",
    "LiftSegment",
    "Reentry",
    "RegimeRules",
    "Stage",
    "Steering",
    "Vehicle",
    "ballistic_states",
    "flight_path_angle",
    "generic_vehicle",
    "invert",
    "propagate",
    "simulate",
    "summarize",
    "warm_up",
]
