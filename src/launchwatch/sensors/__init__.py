"""Sensors: ground/ship radars and space-based infrared sensors that watch a salvo."""

from __future__ import annotations

from .config import GEO_ALTITUDE, InfraredConfig, RadarConfig, SensorConfig, dump_sensors, load_sensors
from .detections import CLUTTER, Detections
from .generate import generate_detections
from .infrared import earth_blocks, ir_detections, los_measure
from .radar import radar_detections, radar_horizon_range, radar_measure, radar_visible
from .truth import Truth

__all__ = [
    "CLUTTER", "GEO_ALTITUDE", "Detections", "InfraredConfig", "RadarConfig", "SensorConfig",
    "Truth", "dump_sensors", "earth_blocks", "generate_detections", "ir_detections",
    "load_sensors", "los_measure", "radar_detections", "radar_horizon_range", "radar_measure",
    "radar_visible",
]
