"""Stated distributions, the unit-cube draws behind them, and the per-chunk seeds.

A campaign's dispersed parameters are drawn as points ``u`` of the unit cube ``(n, d)``,
plain random or scrambled Sobol' (:mod:`scipy.stats.qmc`), and mapped through each
distribution's inverse CDF (scipy.stats ``ppf``).  Every chunk's draws depend on the
campaign seed and the chunk's index only (``numpy.random.SeedSequence.spawn``; a Sobol'
chunk is a fast-forwarded slice of one scrambled sequence), so a campaign gives the same
numbers whichever worker runs which chunk, in whatever order.
"""

from __future__ import annotations

import math
import warnings
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["Choice", "Distribution", "LogNormal", "Normal", "Triangular", "TruncNormal",
           "Uniform", "chunk_seeds", "unit_draws"]


class _Dist(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def ppf(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - abstract
        raise NotImplementedError


class Uniform(_Dist):
    """Uniform on ``[low, high]``."""

    dist: Literal["uniform"] = "uniform"
    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)

    @model_validator(mode="after")
    def _order(self) -> Uniform:
        if not self.high > self.low:
            raise ValueError(f"high={self.high} must be above low={self.low}")
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return self.low + (self.high - self.low) * u

    def describe(self) -> str:
        return f"uniform [{self.low:g}, {self.high:g}]"


class Normal(_Dist):
    """Gaussian with ``mean`` and standard deviation ``sd``."""

    dist: Literal["normal"] = "normal"
    mean: float = Field(allow_inf_nan=False)
    sd: float = Field(gt=0, allow_inf_nan=False)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import norm

        return norm.ppf(u, loc=self.mean, scale=self.sd)

    def describe(self) -> str:
        return f"normal mean {self.mean:g} sd {self.sd:g}"


class TruncNormal(_Dist):
    """Gaussian ``mean``, ``sd`` truncated to ``[low, high]``."""

    dist: Literal["truncnormal"] = "truncnormal"
    mean: float = Field(allow_inf_nan=False)
    sd: float = Field(gt=0, allow_inf_nan=False)
    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)

    @model_validator(mode="after")
    def _order(self) -> TruncNormal:
        if not self.high > self.low:
            raise ValueError(f"high={self.high} must be above low={self.low}")
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import truncnorm

        a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
        return truncnorm.ppf(u, a, b, loc=self.mean, scale=self.sd)

    def describe(self) -> str:
        return f"normal mean {self.mean:g} sd {self.sd:g} in [{self.low:g}, {self.high:g}]"


class LogNormal(_Dist):
    """Log-normal with the given ``mean`` and ``sd`` of the variable itself (not of its log)."""

    dist: Literal["lognormal"] = "lognormal"
    mean: float = Field(gt=0, allow_inf_nan=False)
    sd: float = Field(gt=0, allow_inf_nan=False)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import lognorm

        s2 = math.log1p((self.sd / self.mean) ** 2)
        return lognorm.ppf(u, math.sqrt(s2), scale=self.mean * math.exp(-0.5 * s2))

    def describe(self) -> str:
        return f"log-normal mean {self.mean:g} sd {self.sd:g}"


class Triangular(_Dist):
    """Triangular on ``[low, high]`` with its peak at ``mode``."""

    dist: Literal["triangular"] = "triangular"
    low: float = Field(allow_inf_nan=False)
    mode: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)

    @model_validator(mode="after")
    def _order(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.high > self.low):
            raise ValueError(f"need low <= mode <= high, low < high (got {self.low}, "
                             f"{self.mode}, {self.high})")
        return self

    def ppf(self, u: np.ndarray) -> np.ndarray:
        from scipy.stats import triang

        w = self.high - self.low
        return triang.ppf(u, (self.mode - self.low) / w, loc=self.low, scale=w)

    def describe(self) -> str:
        return f"triangular [{self.low:g}, {self.mode:g}, {self.high:g}]"


class Choice(_Dist):
    """One of ``values`` (names or numbers) with optional ``weights`` (default equal)."""

    dist: Literal["choice"] = "choice"
    values: tuple[str | float, ...] = Field(min_length=1)
    weights: tuple[float, ...] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(f"{len(self.weights)} weights for {len(self.values)} values")
            if any(not (w >= 0 and math.isfinite(w)) for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError(f"weights={self.weights!r} must be >= 0 with a positive sum")
        return self

    def index(self, u: np.ndarray) -> np.ndarray:
        """Index into ``values`` of each draw ``u`` in [0, 1)."""
        w = np.ones(len(self.values)) if self.weights is None else np.asarray(self.weights, float)
        edges = np.cumsum(w) / w.sum()
        return np.minimum(np.searchsorted(edges, u, side="right"), len(self.values) - 1)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        return np.asarray(self.values, dtype=object)[self.index(u)]

    def describe(self) -> str:
        return "one of " + ", ".join(str(v) for v in self.values)


Distribution = Annotated[Uniform | Normal | TruncNormal | LogNormal | Triangular | Choice,
                         Field(discriminator="dist")]


def chunk_seeds(seed: int, n_chunks: int) -> tuple[np.random.SeedSequence, list[np.random.SeedSequence]]:
    """``(scramble, chunks)``: the Sobol' scrambling seed and one child seed per chunk.

    Both come from ``SeedSequence(seed).spawn``; child ``i`` does not depend on how many
    chunks there are, so a campaign extended later keeps its first chunks' numbers.
    """
    scramble, chunks = np.random.SeedSequence(seed).spawn(2)
    return scramble, chunks.spawn(n_chunks)


def unit_draws(sampling: str, d: int, start: int, n: int, chunk_seed: np.random.SeedSequence,
               scramble_seed: np.random.SeedSequence) -> np.ndarray:
    """Points ``(n, d)`` of the unit cube for the campaign rows ``start .. start + n - 1``.

    ``'random'``: independent uniforms from the chunk's own seed; ``'sobol'``: rows
    ``start ..`` of one scrambled Sobol' sequence of the whole campaign (the same numbers
    as drawing the whole sequence at once).
    """
    if d == 0:
        return np.empty((n, 0))
    # generators from the seeds' states, not from the SeedSequence objects themselves:
    # a library that spawns from a generator's SeedSequence (scipy's qmc does) would
    # advance the object's spawn counter and change the next call's numbers
    if sampling == "random":
        return np.random.default_rng(chunk_seed.generate_state(4)).random((n, d))
    from scipy.stats import qmc

    eng = qmc.Sobol(d, scramble=True, seed=np.random.default_rng(scramble_seed.generate_state(4)))
    if start:
        eng.fast_forward(start)
    with warnings.catch_warnings():  # a short last chunk: the balance note does not apply
        warnings.filterwarnings("ignore", message=".*balance properties of Sobol.*")
        return eng.random(n)
