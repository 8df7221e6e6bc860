"""Presentation: figures (maps, profiles) and offline map data."""

from __future__ import annotations

from .figures import (
    FlightDrawing,
    SensorDrawing,
    event_map,
    profile_plot,
    timeline_plot,
    tracking_plot,
)

__all__ = [
    "FlightDrawing",
    "SensorDrawing",
    "event_map",
    "profile_plot",
    "timeline_plot",
    "tracking_plot",
]
