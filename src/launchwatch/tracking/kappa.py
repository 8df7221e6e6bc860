"""The re-entry body's ballistic coefficient: the prior over ``kappa = 1/beta`` and what
the filter needs of it.

Re-entry bodies span more than a decade of ballistic coefficient (``beta = m / (Cd A)``:
light, draggy bodies of a few 10^3 kg/m^2 to dense ones of several 10^4), and nothing about
an unknown missile says in advance which it carries.  :class:`KappaPrior` is the prior
over ``u = ln kappa``: a Student-t (heavy tails, so that a body far from the median is
learnt as soon as its drag shows, instead of being held back by a Gaussian's thin tail),
by default centred on ``kappa = 1e-4 m^2/kg`` (``beta = 10^4 kg/m^2``) with a scale of 0.6
and 4 degrees of freedom: 95 % of the prior between ``beta`` 1,900 and 53,000 kg/m^2,
covering 0.3x to 3x the median (beta 3,000 to 30,000) with room to spare, and truncated to
``beta`` between 100 kg/m^2 (a balloon) and 10^7 kg/m^2.

The tracker's filter is Gaussian in ``kappa`` (the state's column 6 enters the drag
linearly): it starts from :attr:`TrackerConfig.init_kappa` +- ``init_kappa_sigma``, a
*carrier* that only has to be wide enough for the drag signal to move it.  Because kappa
cannot change in vacuum, the ballistic model gives it no random walk until drag changes
the Mach number (:data:`~launchwatch.tracking.models.BALLISTIC`), so a track that has seen
no drag still carries exactly that carrier, and anything narrower is what the data said.
:meth:`KappaPrior.posterior` replaces the carrier by this prior (exact for a linear
Gaussian model: the data's likelihood is the filter's posterior divided by its carrier),
which is what :mod:`launchwatch.assess.impact` flies to the ground.
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

__all__ = ["DEFAULT_KAPPA_PRIOR", "KappaPrior"]

_GRID = np.linspace(-1.0, 1.0, 1601)  # spans of the integration grid
#: sigmas below zero beyond which the filter's kappa likelihood is not taken as drag
#: (:meth:`KappaPrior.tempering`)
IMPLAUSIBLE_Z = 3.0


class KappaPrior(BaseModel):
    """Prior over ``ln kappa`` (``kappa`` [m^2/kg] = 1 / ballistic coefficient).

    ``median`` [m^2/kg], ``log_scale`` (the Student-t scale of ``ln kappa``), ``dof``
    (degrees of freedom; ``inf`` gives a log-normal), truncated to ``kappa_min`` ..
    ``kappa_max`` [m^2/kg].
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    median: float = Field(1.0e-4, gt=0.0, description="[m^2/kg]")
    log_scale: float = Field(0.6, gt=0.0)
    dof: float = Field(4.0, gt=0.0)
    kappa_min: float = Field(1.0e-7, gt=0.0, description="[m^2/kg]")
    kappa_max: float = Field(1.0e-2, gt=0.0, description="[m^2/kg]")

    def _dist(self):
        from scipy import stats

        loc, sc = math.log(self.median), self.log_scale
        return (stats.norm(loc, sc) if math.isinf(self.dof) else stats.t(self.dof, loc, sc))

    def logpdf(self, u: np.ndarray) -> np.ndarray:
        """Log density of ``u = ln kappa`` (any shape), normalised on the support
        (``-inf`` outside it)."""
        u = np.asarray(u, float)
        d = self._dist()
        lo, hi = math.log(self.kappa_min), math.log(self.kappa_max)
        mass = float(d.cdf(hi) - d.cdf(lo))
        out = d.logpdf(u) - math.log(mass)
        return np.where((u >= lo) & (u <= hi), out, -np.inf)

    def interval(self, p: float = 0.95) -> tuple[float, float]:
        """The central ``p`` interval of kappa [m^2/kg]."""
        from scipy.stats import norm, t

        q = norm.ppf(0.5 + 0.5 * p) if math.isinf(self.dof) else t.ppf(0.5 + 0.5 * p, self.dof)
        w = float(q) * self.log_scale
        return (max(self.median * math.exp(-w), self.kappa_min),
                min(self.median * math.exp(w), self.kappa_max))

    @staticmethod
    def _likelihood(mean: np.ndarray, var: np.ndarray, carrier_mean: float, carrier_var: float
                    ) -> tuple[np.ndarray, np.ndarray]:
        """Information ``(K,)`` [kg^2/m^4] and peak ``(K,)`` [m^2/kg] of the data's Gaussian
        likelihood on kappa: the filter's posterior divided by its carrier."""
        mean = np.atleast_1d(np.asarray(mean, float))
        var = np.atleast_1d(np.asarray(var, float))
        info = np.maximum(1.0 / np.maximum(var, 1e-300) - 1.0 / carrier_var, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            l_mean = np.where(info > 0.0, (mean / var - carrier_mean / carrier_var) / info, 0.0)
        return info, l_mean

    def tempering(self, mean: np.ndarray, var: np.ndarray, carrier_mean: float,
                  carrier_var: float) -> np.ndarray:
        """Factor ``(K,)`` in (0, 1] on the information of the filter's kappa likelihood.

        A likelihood whose peak is a negative drag by more than :data:`IMPLAUSIBLE_Z` of
        its own sigmas was not made by drag: the last seconds of a boost that the filter
        took for coast push kappa below zero, and kappa then holds in vacuum; a hard,
        steered boost flown by the ballistic and manoeuvre models pushes it far below (issue
        17: -6.5e-4 m^2/kg +- 1.2e-5, z ~ -50).  What it says of kappa is known less well
        than the filter claims, and the less the further it is from physically possible:
        at ``z = -IMPLAUSIBLE_Z`` the factor is 1, below it ``(IMPLAUSIBLE_Z / |z|)^4``, so
        that the tempered peak lies ``IMPLAUSIBLE_Z^2 / |z|`` of its sigmas below zero (3 at
        the boundary, 0.2 at z = -50: such a likelihood says next to nothing of kappa, where
        holding it at 3 sigmas, the square of the ratio, still ruled out the draggy
        bodies).  1 where the likelihood is plausible.
        """
        info, l_mean = self._likelihood(mean, var, carrier_mean, carrier_var)
        z = l_mean * np.sqrt(info)
        return np.minimum(IMPLAUSIBLE_Z / np.maximum(-z, IMPLAUSIBLE_Z), 1.0) ** 4

    def posterior(self, mean: np.ndarray, var: np.ndarray, carrier_mean: float,
                  carrier_var: float) -> tuple[np.ndarray, np.ndarray]:
        """Mean and variance of ``ln kappa`` ``(K,)`` once the filter's carrier is replaced
        by this prior.

        ``mean``, ``var`` ``(K,)``: the filter's Gaussian on kappa [m^2/kg]; the carrier it
        started from, ``N(carrier_mean, carrier_var)``.  The data's likelihood is the
        Gaussian ``N(mean, var) / N(carrier_mean, carrier_var)`` (flat where the filter
        learnt nothing, ``var >= carrier_var``); the posterior of ``ln kappa`` is that
        likelihood times this prior, integrated on a grid.
        """
        info, l_mean = self._likelihood(mean, var, carrier_mean, carrier_var)
        info = info * self.tempering(mean, var, carrier_mean, carrier_var)
        # grid in u over the prior's range, or around the likelihood's peak when that is
        # narrower than the prior
        with np.errstate(divide="ignore", invalid="ignore"):
            width = np.sqrt(1.0 / info) / l_mean  # the likelihood's width in u at its peak
        sharp = (info > 0.0) & (l_mean > 0.0) & (width < self.log_scale)
        lo, hi = math.log(self.kappa_min), math.log(self.kappa_max)
        centre = np.where(sharp, np.log(np.where(sharp, l_mean, 1.0)), 0.5 * (lo + hi))
        half = np.where(sharp, np.maximum(8.0 * np.where(sharp, width, 0.0), 0.05),
                        0.5 * (hi - lo))
        # a sharp likelihood outside the support (nonsense drag) falls back on the prior
        sharp &= (centre + half > lo) & (centre - half < hi)
        centre = np.where(sharp, centre, 0.5 * (lo + hi))
        half = np.where(sharp, half, 0.5 * (hi - lo))
        u = centre[:, None] + half[:, None] * _GRID[None, :]  # (K, G)
        kap = np.exp(u)
        logl = -0.5 * info[:, None] * (kap - l_mean[:, None]) ** 2
        logp = self.logpdf(u) + logl
        w = np.exp(logp - logp.max(axis=1, keepdims=True))
        w[:, 1:-1] *= 2.0  # trapezoid rule: the ends count half
        w /= w.sum(axis=1, keepdims=True)
        m = np.sum(w * u, axis=1)
        v = np.sum(w * (u - m[:, None]) ** 2, axis=1)
        return m, v


#: The default prior (see the module's text).
DEFAULT_KAPPA_PRIOR = KappaPrior()
