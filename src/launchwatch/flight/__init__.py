"""Flight engine: 3-DoF point-mass flights over a rotating Earth, in batches."""

from __future__ import annotations

from ._layout import STATUS_NAMES
from .engine import FlightResult, ballistic_states, propagate, simulate, warm_up
from .invert import REGIMES, InversionResult, invert
from .summary import FlightSummary, flight_path_angle, summarize
from .vehicle import (
    DEFAULT_DRAG,
    DragTable,
    EarthModel,
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
