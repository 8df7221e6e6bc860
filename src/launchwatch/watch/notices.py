"""What the watch engine publishes (:class:`Notice`) and the rounding of its figures."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Notice"]


@dataclass
class Notice:
    """One thing published: ``kind`` (picture, alert, round, bulletin, status) and ``data``."""

    kind: str
    data: dict[str, Any]


def _num(v: float, k: float = 1.0, nd: int = 1) -> float | None:
    v = float(v)
    return None if not math.isfinite(v) else round(v * k, nd)


def _col(v: np.ndarray, k: float = 1.0, nd: int = 1) -> list:
    """``v * k`` rounded to ``nd`` decimals, one batch, as a list (NaN: None)."""
    a = np.round(np.asarray(v, float) * k, nd)
    return [x if x == x and abs(x) != math.inf else None for x in a.tolist()]

