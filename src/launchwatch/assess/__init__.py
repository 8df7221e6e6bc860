"""Assessment of tracked flights: impact prediction, launch point and time, uncertainty."""

from __future__ import annotations

from .impact import GroundPoint, ground_points, predict_impact
from .launch import LaunchEstimate, estimate_launch
from .uncertainty import GroundEllipse, cep, ground_ellipse, sigma_points

__all__ = [
    "GroundEllipse",
    "GroundPoint",
    "LaunchEstimate",
    "cep",
    "estimate_launch",
    "ground_ellipse",
    "ground_points",
    "predict_impact",
    "sigma_points",
]
