"""The analyst's conventions of the inversion, in one frozen, documented object.

    >>> from launchwatch.flight.invert import RegimeRules
    >>> r = RegimeRules()
    >>> r.regime([1.3, 1.0, 0.6, 0.3]).tolist()
    ['lofted', 'minimum-energy', 'depressed', 'quasi-ballistic']
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["REGIMES", "RegimeRules"]

REGIMES = ("lofted", "minimum-energy", "depressed", "quasi-ballistic", "unknown")


class RegimeRules(BaseModel):
    """How a fitted flight's shape is named, and when facts count as reproduced.

    The regime is read from ``ratio`` = the flight's apogee over the minimum-energy apogee
    for its range: **lofted** above ``lofted_ratio`` (1.15), **minimum-energy** down to
    ``min_energy_ratio`` (0.85), **depressed** down to ``min_apogee_ratio`` (0.5) and
    **quasi-ballistic** below it.  The 0.5 is an analyst's convention, not a law of
    physics: the generic gravity-turn vehicles of
    :func:`launchwatch.flight.generic_vehicle` with pitch-over kicks up to 45 deg stay
    above it at 150-800 km (``tests/test_invert.py``); only extreme pitch-overs through the
    dense atmosphere fly flatter.

    A ballistic flight reproduces the reported facts when each known one is within its
    reporting tolerance: ``range_tolerance`` and ``apogee_tolerance`` [m] (reports give
    them to a few km), ``time_tolerance`` [s] (~10 s), ``bearing_tolerance_deg``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    lofted_ratio: float = Field(1.15, gt=1.0)
    min_energy_ratio: float = Field(0.85, gt=0.0, lt=1.0)
    min_apogee_ratio: float = Field(0.5, gt=0.0, lt=1.0)
    range_tolerance: float = Field(5e3, gt=0.0, description="m")
    apogee_tolerance: float = Field(5e3, gt=0.0, description="m")
    time_tolerance: float = Field(20.0, gt=0.0, description="s")
    bearing_tolerance_deg: float = Field(2.0, gt=0.0, le=180.0)

    @model_validator(mode="after")
    def _ordered(self) -> RegimeRules:
        if not self.min_apogee_ratio <= self.min_energy_ratio:
            raise ValueError(f"min_apogee_ratio={self.min_apogee_ratio} must not exceed "
                             f"min_energy_ratio={self.min_energy_ratio}")
        return self

    @property
    def tolerances(self) -> np.ndarray:
        """``(4,)``: range [m], apogee [m], flight time [s], bearing [rad]."""
        return np.array([self.range_tolerance, self.apogee_tolerance, self.time_tolerance,
                         math.radians(self.bearing_tolerance_deg)])

    def regime(self, ratio: np.ndarray | list[float]) -> np.ndarray:
        """Regime words ``(...)`` of apogee ratios ``(...)`` (``unknown`` where not finite)."""
        r = np.asarray(ratio, float)
        with np.errstate(invalid="ignore"):
            out = np.where(r > self.lofted_ratio, "lofted", np.where(
                r >= self.min_energy_ratio, "minimum-energy", np.where(
                    r >= self.min_apogee_ratio, "depressed", "quasi-ballistic"))).astype(object)
        out[~np.isfinite(r)] = "unknown"
        return out.astype(str)
