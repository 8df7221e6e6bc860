"""Truth of a salvo at arbitrary times, interpolated from a sampled flight result."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError

__all__ = ["Truth"]


@dataclass(frozen=True)
class Truth:
    """N sampled trajectories: ``samples (N, S, 6)`` ECEF, sample ``k`` at ``t_launch + k dt``.

    ``t_burnout (N,)`` [s from the epoch] ends the boost (and the infrared signature);
    NaN samples mark a flight that has ended.
    """

    t_launch: np.ndarray
    sample_dt: float
    samples: np.ndarray
    t_burnout: np.ndarray

    @classmethod
    def from_flight(cls, result) -> Truth:  # result: launchwatch.flight.FlightResult
        """Truth from a :class:`launchwatch.flight.FlightResult` simulated with ``sample_dt``."""
        times = np.asarray(result.sample_times, float)
        if times.size < 2:
            raise InputError("result.sample_times", times, "simulate with sample_dt to get truth")
        return cls(np.asarray(result.t_launch, float), float(times[1] - times[0]),
                   np.asarray(result.samples, float), np.asarray(result.t_burnout, float))

    def __len__(self) -> int:
        return int(self.samples.shape[0])

    @property
    def t_end(self) -> np.ndarray:
        """Time of the last finite sample of each flight ``(N,)`` [s from the epoch]."""
        ok = np.isfinite(self.samples[..., 0])
        last = self.samples.shape[1] - 1 - np.argmax(ok[:, ::-1], axis=1)
        return self.t_launch + last * self.sample_dt

    def states(self, t: np.ndarray | float) -> np.ndarray:
        """ECEF states ``(N, T, 6)`` at absolute times ``t (T,)``; NaN before launch or after the end.

        Positions are cubic Hermite (using the sampled velocities), velocities linear.
        """
        t = np.atleast_1d(np.asarray(t, float))
        n, s, _ = self.samples.shape
        u = (t[None, :] - self.t_launch[:, None]) / self.sample_dt  # (N, T)
        inside = (u >= 0.0) & (u <= s - 1)
        k = np.clip(np.floor(np.where(inside, u, 0.0)).astype(np.intp), 0, s - 2)
        f = np.where(inside, u - k, 0.0)[..., None]
        rows = np.arange(n)[:, None]
        a = self.samples[rows, k]
        b = self.samples[rows, k + 1]
        h = self.sample_dt
        f2, f3 = f * f, f * f * f
        pos = ((2 * f3 - 3 * f2 + 1) * a[..., :3] + (f3 - 2 * f2 + f) * h * a[..., 3:]
               + (-2 * f3 + 3 * f2) * b[..., :3] + (f3 - f2) * h * b[..., 3:])
        vel = (1 - f) * a[..., 3:] + f * b[..., 3:]
        # exactly at the last sample, b is the next (NaN or absent) sample: use a
        at_knot = f[..., 0] == 0.0
        out = np.concatenate([pos, vel], axis=-1)
        out[at_knot] = a[at_knot]
        out[~inside] = np.nan
        return out

    def burning(self, t: np.ndarray | float) -> np.ndarray:
        """Boolean ``(N, T)``: the motor burns at time ``t (T,)``."""
        t = np.atleast_1d(np.asarray(t, float))
        return (t[None, :] >= self.t_launch[:, None]) & (t[None, :] <= self.t_burnout[:, None])
