"""Detections of a whole salvo by many sensors, in one batch."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import InputError
from .config import InfraredConfig, RadarConfig
from .detections import Detections
from .infrared import ir_detections
from .radar import radar_detections
from .truth import Truth

__all__ = ["generate_detections"]


def generate_detections(truth: Truth, sensors: Sequence[RadarConfig | InfraredConfig],
                        t_start: float | None = None, t_end: float | None = None,
                        seed: int | np.random.Generator | None = 0) -> Detections:
    """Every detection of every sensor of the salvo ``truth``, sorted by (time, sensor).

    ``t_start``/``t_end`` [s from the epoch] default to the first launch and the last
    impact.  ``seed`` makes the draw reproducible.  Each detection carries its sensor
    index (into ``sensors``), time and the truth id it came from (-1 for clutter).
    """
    if not sensors:
        raise InputError("sensors", sensors, "at least one sensor is needed")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    t0 = float(np.nanmin(truth.t_launch)) if t_start is None else float(t_start)
    t1 = float(np.nanmax(truth.t_end)) if t_end is None else float(t_end)
    if not t1 >= t0:
        raise InputError("t_end", t1, f"must not be before t_start={t0}")
    parts = []
    for i, cfg in enumerate(sensors):
        if isinstance(cfg, RadarConfig):
            parts.append(radar_detections(truth, cfg, i, t0, t1, rng))
        elif isinstance(cfg, InfraredConfig):
            parts.append(ir_detections(truth, cfg, i, t0, t1, rng))
        else:
            raise InputError(f"sensors[{i}]", type(cfg).__name__, "not a sensor configuration")
    return Detections.concatenate(parts, tuple(sensors))
