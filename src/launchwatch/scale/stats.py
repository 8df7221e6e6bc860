"""Confidence intervals of campaign figures (scipy.stats: t, order statistics, Wilson)."""

from __future__ import annotations

import math

import numpy as np

__all__ = ["interval"]


def interval(x: np.ndarray, statistic: str, confidence: float = 0.95
             ) -> tuple[float, float, float, int]:
    """``(estimate, low, high, n)`` of the ``statistic`` of the finite values of ``x``.

    ``mean``: Student t interval; ``median``: the distribution-free interval between two
    order statistics (:func:`scipy.stats.quantile_test`); ``proportion``: Wilson score
    interval of a 0/1 column (:func:`scipy.stats.binomtest`).  NaN when fewer than two values.
    """
    from scipy import stats

    a = np.asarray(x, dtype=float)
    a = a[np.isfinite(a)]
    n = int(a.size)
    if n < 2:
        return math.nan, math.nan, math.nan, n
    if statistic == "mean":
        m = float(a.mean())
        sd = float(a.std(ddof=1))
        if sd == 0.0:
            return m, m, m, n
        lo, hi = stats.t.interval(confidence, n - 1, loc=m, scale=sd / math.sqrt(n))
        return m, float(lo), float(hi), n
    if statistic == "median":
        ci = stats.quantile_test(a, q=float(np.median(a)), p=0.5).confidence_interval(confidence)
        return float(np.median(a)), float(ci.low), float(ci.high), n
    if statistic == "proportion":
        k = int(np.sum(a > 0.5))
        ci = stats.binomtest(k, n).proportion_ci(confidence, method="wilson")
        return k / n, float(ci.low), float(ci.high), n
    raise ValueError(f"statistic={statistic!r}: expected mean, median or proportion")
