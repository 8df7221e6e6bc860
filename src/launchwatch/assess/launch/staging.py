"""Was the boost staged?  The evidence the launch mixture holds, and the rule that flags it.

A staged member can mimic a single burn: an upper stage lit as the first burns out, at the
acceleration the first stage had reached, draws the same climb as a single stage with a
slightly different thrust history, and with three more parameters per stage (its
thrust-to-weight at ignition, specific impulse and propellant fraction) it fits the
observations a little better even when the vehicle had one stage.  The posterior share of
the staged modes is then near one, because the likelihood treats the rows and lines of
sight as independent errors of the sensors' size and is far too sharp for a vehicle that
is not a member (:mod:`.calibration`: the launch point needs a temperature of several times
the best member's reduced chi-square to be covered).  So the staging is judged apart from
that share:

* **evidence**: the likelihood ratio of the best staged optimum against the best
  single-stage optimum, each refined to convergence by the search (the stage counts are
  refined separately, :mod:`.search`), *tempered* as the launch point is:
  ``lr = (chi2_single - chi2_staged) / T``, with ``chi2`` all the fit's whitened residuals
  (rows, lines of sight, the plume's rise and end, the move's prior) and ``T`` the launch
  point's temperature of :func:`.calibration.tempering` (the number of observations the
  fit is worth as independent ones is divided by it).  Staging is evidenced when ``lr``
  exceeds the chi-square quantile of ``1 - STAGING_FALSE_ALARM`` with three degrees of
  freedom per extra stage (Wilks' likelihood-ratio test for the extra parameters; the
  single stage is the staged model's limit of a vanishing upper stage, so the test is
  approximate).
* **material**: the upper stages of that optimum add at least ``UPPER_SHARE_MIN`` of the
  boost's ideal velocity (the rocket equation, stage by stage), so that the flag is not
  raised by a sliver of a stage.

* **how many stages**: the fewest staged ones the data call for, by the same test nested:
  a three-stage optimum is reported only when it beats the best two-stage one by the
  tempered ratio's quantile for its three more parameters (:func:`stage_count`); else the
  best two-stage optimum is the staged explanation (a third stage fits a two-stage boost a
  little better too, as a second fits one stage).

Neither constant was chosen on runs: 1 % is the false-alarm rate a watch floor would accept
for a flag that changes what it reports, and a tenth of the velocity is where an upper
stage starts to matter to the range.  Where no single-stage optimum fits (a staged boost
the single stages cannot draw at all), ``lr`` is infinite.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.stats import chi2 as _chi2

from ...flight import Vehicle

__all__ = ["STAGING_FALSE_ALARM", "UPPER_SHARE_MIN", "StagingEvidence", "evidence", "lr_needed",
           "stage_count", "upper_share"]

#: false-alarm probability of the likelihood-ratio test for staging
STAGING_FALSE_ALARM = 0.01
#: least share of the boost's ideal velocity the upper stages must add to count
UPPER_SHARE_MIN = 0.10
#: free parameters an extra stage adds (T/W at ignition, Isp increment, propellant fraction)
PARAMETERS_PER_STAGE = 3


@dataclass(frozen=True)
class StagingEvidence:
    """``lr``: the tempered likelihood ratio ``(chi2_single - chi2_staged) / T`` (``inf``:
    no single-stage optimum, ``-inf``: no staged one); ``stages``: the best staged
    optimum's stage count; ``needed``: the ratio the test asks of it (:func:`lr_needed`);
    ``upper_share``: its upper stages' share of the ideal velocity (0-1); ``temperature``
    the ``T`` used.  ``staged``: both hold."""

    lr: float
    stages: int
    needed: float
    upper_share: float
    temperature: float

    @property
    def staged(self) -> bool:
        return bool(self.lr > self.needed and self.upper_share >= UPPER_SHARE_MIN)


def lr_needed(stages: int) -> float:
    """The tempered likelihood ratio a boost of ``stages`` (2 or 3) must exceed over a
    single stage: the chi-square quantile of ``1 - STAGING_FALSE_ALARM`` with
    :data:`PARAMETERS_PER_STAGE` degrees per extra stage."""
    if stages < 2:
        raise ValueError(f"stages: {stages} is not a staged boost (needs 2 or 3)")
    return float(_chi2.ppf(1.0 - STAGING_FALSE_ALARM, PARAMETERS_PER_STAGE * (stages - 1)))


def stage_count(chi2: Mapping[int, float], temperature: float) -> int:
    """The stage count of the staged explanation (module text): ``chi2`` the best optimum's
    chi-square per stage count (2, 3; a missing or infinite one was not found), tempered by
    ``temperature`` (>= 1).  The fewest stages that no larger count beats by the quantile of
    :func:`lr_needed` for the parameters it adds; 0 when no staged optimum was found."""
    if not (math.isfinite(temperature) and temperature >= 1.0):
        raise ValueError(f"temperature: {temperature} must be a finite number >= 1")
    counts = sorted(k for k, c in chi2.items() if k > 1 and math.isfinite(c))
    if not counts:
        return 0
    n = counts[0]
    for k in counts[1:]:
        extra = float(_chi2.ppf(1.0 - STAGING_FALSE_ALARM, PARAMETERS_PER_STAGE * (k - n)))
        if (chi2[n] - chi2[k]) / temperature > extra:
            n = k
    return n


def evidence(best: Mapping[int, tuple[float, float]], temperature: float) -> StagingEvidence:
    """The evidence of staging (module text) from the best optimum of each stage count:
    ``best[n] = (chi2, share)`` for the counts ``n`` (1-3) that have one, ``chi2`` the
    chi-square of all its whitened residuals (dimensionless) and ``share`` its upper stages'
    share of the ideal velocity (0-1, :func:`upper_share`); ``temperature`` the launch
    point's (:func:`.calibration.tempering`; taken as at least 1 for the stage count).  The
    stage count the data call for (:func:`stage_count`) against the best single stage."""
    chi = {k: float(v[0]) for k, v in best.items()}
    n = stage_count({k: chi.get(k, math.inf) for k in (2, 3)}, max(temperature, 1.0))
    if n == 0:
        return StagingEvidence(lr=-math.inf, stages=1, needed=math.inf, upper_share=0.0,
                               temperature=temperature)
    single = chi.get(1, math.inf)
    lr = math.inf if not math.isfinite(single) else (single - chi[n]) / temperature
    return StagingEvidence(lr=float(lr), stages=n, needed=lr_needed(n),
                           upper_share=float(best[n][1]), temperature=temperature)


def upper_share(v: Vehicle) -> float:
    """The share (0-1) of ``v``'s ideal velocity (the sum over its stages of ``Isp g0
    ln(m_ignition / m_burnout)``) that its upper stages add; 0 for a single stage."""
    dv = []
    above = v.payload_mass
    for s in reversed(v.stages):  # from the top stage down
        m_ign = above + s.propellant_mass + s.dry_mass
        isp_g0 = s.thrust_n * s.burn_time / s.propellant_mass if s.propellant_mass > 0 else 0.0
        dv.append(isp_g0 * math.log(m_ign / (m_ign - s.propellant_mass)))
        above = m_ign
    total = float(np.sum(dv))
    return float(np.sum(dv[:-1]) / total) if total > 0 else 0.0

