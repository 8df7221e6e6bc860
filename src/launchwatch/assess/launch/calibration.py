"""How far the stated launch uncertainty is widened for a vehicle the family does not hold.

The likelihood of a family member treats the track's rows and the lines of sight as
independent errors of the sensors' size.  Where the vehicle is not a member of the family,
the truth differs from the member that fits best by one smooth error common to all of
them, and that likelihood is too sharp.  Where the broad family explains the boost
(posterior share ``p_broad``), the stated uncertainty is therefore widened in two ways,
each blended by ``p_broad`` (the generic family, which holds its vehicles exactly, keeps
the likelihood as it is):

* **launch point**: the mixture is that of a *tempered* likelihood, the weights the
  likelihood to the power ``1 / T`` and each member's covariance times ``T``, with
  ``T = (1 + c m) / (1 + c m / T_max)`` (:func:`point_temperature`; ``c`` =
  ``POINT_TEMPERATURE_PER_MISFIT``, ``T_max`` = ``POINT_TEMPERATURE_MAX``) of ``m =
  chi2_rows / (6 R)``, the best member's reduced chi-square over the track's ``R`` rows
  (position and velocity; the whole fit's where no row is in the boost): the worse even
  the best member fits the rows, the further the vehicle is from the family and the fewer
  independent observations the fit is worth.  ``1 / T`` is the share of the fit's
  observations that count as independent ones; it is taken as a share ``1 / T_max`` that
  the rows' misfit does not reach, plus the rest divided by ``1 + c m`` as the misfit
  grows.  Why a share the misfit does not reach: the launch point is pinned by the first
  seconds of the ascent (the plume's first lines of sight and its rise, with the sensor's
  own independent noise, and the first rows), which the broad family draws well even where
  it cannot draw what comes later (a fourth stage, a long weak sustainer, a staging the
  member puts elsewhere); that later mismatch is most of a large rows' misfit and does not
  move the launch point.  So ``T`` grows as ``1 + c m`` for a small misfit and stops at
  ``T_max`` for a large one.  The temperature is the run's own: a vehicle the best member
  follows to the rows' noise keeps nearly the likelihood's region.  (The
  rows, not the whole fit: the twenty-odd lines of sight of the boost are ~700 m each on
  the ground and fit to their noise whatever the member, so their chi-square, which is
  most of the whole fit's, says little of the mismatch; on the development list the rows'
  misfit ranks the launch-point errors with Spearman's rho 0.64, the whole fit's 0.23.)
* **launch time**: the mixture's own spread (weights tempered as for the point, covariances
  not), plus, in quadrature, ``TIME_SIGMA_PER_UNSEEN_S`` times the seconds between the
  estimated launch and the first observation (a line of sight or a row of the track).  The
  launch time is the unseen first seconds of the ascent extrapolated back from the first
  sight; an error ``f`` in the mean acceleration of that interval moves it by about
  ``f / 2`` of its length.
* **burnout time**: covariances times ``BURNOUT_TEMPERATURE`` (as before this calibration).

The constants were chosen on the development list of ``bench/bench_out_of_family.py``
(``CASES``) as the smallest values that put the truth inside the stated 95 % region
(first) and interval (then) in at least 95 % of the tracks whose boost the broad family
explains (two stages, T/W 3.5, T/W 1.6, the pitch programme and three stages),
recomputed from each run's mixture kept by ``--dump`` (:data:`.mixture.DIAGNOSTICS`)
with ``--rescore --choose``.  Revised on 2026-12-03 on a fresh flight of that list with
the code of then (seeds 0-3, 39 broad tracks; was 2.8 and 0.12 s/s, chosen the same way
on the 2026-12-02 flights): point 97.4 % inside (was 97.4 %, median 95 % semi-major 890 m,
was 977 m), time 100 % (was 87.2 %); left out one case at a time and chosen on the others,
89.7 % and 92.3 % (the two-stage vehicle's launch points and the three-stage vehicle's
launch times set the constants).  The widening leaves the fits, hence the errors, as they
are.  Then scored once, not tuned on, on held-back list 3 (``HELD_BACK_3``).

Re-chosen on 2026-12-03 (12:55 UTC) by the same rule after the fit learnt the plume's rise
and the family its short upper stages (``--rescore --choose`` on a fresh flight of the
development list with code c2c3a72, seeds 0-2, 30 broad tracks; seed 3 was stopped for
time): 2.2 -> 4.65 and 0.175 -> 0.0 s/s.  The launch time is now tied to the first
infrared sight, and its errors on that list (0.0-0.9 s medians; one run 2.5 s) sit inside
the mixture's own spread without any allowance for the unseen climb, so the rule gives
none: on those tracks point 96.7 % inside (median 95 % semi-major 1,029 m, was 709 m with
2.2), time 96.7 %; left out one case at a time 86.7 % and 96.7 %.  With 30 tracks the 95 %
quantile is set by the worst one or two (the two-stage vehicle at 800 km), hence the larger
point constant.  Held-back list 4 (``HELD_BACK_4``) was scored once with those (13:00 UTC).  Seed 3 of
the development flight, finished at 13:04 UTC, was then added and the same rule run on all
40 broad tracks: 4.65 -> 4.1, k stays 0.0 (point and time 95.0 % inside, median squared
distance 0.55; leave one case out 87.5 % / 95.0 %).  Held-back list 4 was not scored again
as a held-out check (it had been seen).

A temperature per run (2026-12-03, 17:40 UTC): one ``T = 4.1`` for every track (the whole
fit's misfit is below 1 on 36 of those 40 tracks, so the factor did nothing) made the
regions of the vehicles the fit follows well as large as those of the worst: median squared
distance 0.55 where a calibrated region gives 1.39, and 0.44 on the six unseen runs of
tests/assess.  With ``T = 1 + c * rows' misfit`` the same rule on the same 40 dumped tracks
(no reflight: ``--rescore dev-seed0.pkl,...,dev-seed3.pkl --choose``) gives c = 4.0, k = 0.0
s/s: point and time 95.0 % inside, median squared distance 1.19, median 95 % semi-major
702 m (was 1,003 m); left out one case at a time 95.0 % and 95.0 % (was 87.5 %, 95.0 %).
Then held-back list 5 (``HELD_BACK_5``, never seen by this estimator) was flown once with
it (18:20 UTC): point 36/36 inside, but median squared distance 0.31 (regions about twice
too large in length; main's estimator on that list 0.95), largest on vehicles whose rows'
misfit is large: a temperature linear in it over-widens boosts further from the family than
any of the development list's (open; not re-chosen on that list).

A bounded temperature (2026-12-04). Linear in the rows' misfit, ``T`` reached 40-140 on
held-back lists 5 and 6 (rows' misfits 10-34: four stages, two weak stages, long staged
flights), with 12-20 km semi-majors where the launch was known to 0.2-1.5 km and a median
squared distance of 0.31 and 0.67. On the dumped fits of the development list and
held-back lists 4, 5 and 6 (flown afresh with code 7504401, 3 seeds each, 132 tracks the
broad family explains), the temperature each track needs for its truth to sit at the 95 %
contour is at most 13 (at misfits of 2.1-2.5), and at most 3.4 on the 32 tracks whose
misfit is above 3 (up to 34): the evidence for the bound. Constants chosen on those 132
tracks together by the rule of ``bench_out_of_family.py --rescore
dev.pkl,hb4.pkl,hb5.pkl,hb6.pkl --choose bounded``: on the grid c x T_max (T_max = inf,
the linear rule, included), the pairs putting >= 95 % of the truths inside the 95 %
region, and of those the one whose median squared distance is nearest a calibrated
region's 1.39 (ties: the smaller c, then T_max); then the launch time's constant by the
unchanged rule (the smallest with >= 95 % inside). Chosen: c = 9.0, T_max = 4.5, k = 0.035
s/s (the weights are less tempered than with the linear rule, which narrowed the launch
time: with k = 0 it was 91.7 % inside). On the 132 tracks, this rule / the linear c = 4.0:
point inside 95.5 % / 97.7 %, median squared distance 1.12 / 0.53, median 95 % semi-major
861 / 1,038 m; per list (dev, hb4, hb5, hb6) median squared distance 1.74, 0.80, 1.03,
1.22 / 1.63, 0.40, 0.31, 0.67; time inside 96.2 % / 94.7 %. Left out one case (vehicle) at
a time of the 23 and chosen on the others: point 93.2 % inside, median squared distance
1.12; time 93.9 %. The squared distances are heavy-tailed (no one function of the misfit
puts the median at 1.39 and 95 % inside: the six tracks outside, at misfits 0.3-2.5, need
T of about 3-13), so the median stays under 1.39. The staging flag, tempered by the same
``T``, redone on those dumps: single stages flagged 1 of 69 (as with the linear rule),
staged ones 81 of 81 (was 80), the stage count right in 49 of 81 (was 48). The generic
family (``p_broad`` 0) is untouched.

Then checked on two lists not seen (BENCHMARKS.md, issue 17), and **not adopted**: the
constants are those of the linear rule (c = 4.0, ``T_max = inf``, k = 0), which
:func:`point_temperature` computes exactly as before.  Held-back list 7 (flown once after
the bounded constants were committed; bounded / linear on the same fits): point inside
97.2 % / 97.2 %, median squared distance 0.57 / 0.37, launch time inside 88.9 % / 91.7 %.
Held-back list 8 (written unseen by either; main's flight rescored with the bounded
constants): point inside **75.0 %** / 91.7 %, median squared distance 1.43 / 1.04, time
88.9 % / 88.9 %.  Bounding T shrinks the regions of the tracks whose misfit is large, and on
list 8 those are the ones whose launch the fit misses by more (held angle over two stages,
three stages at 1400 km, T/W 4 at 435 km, a high-Isp upper stage at 800 km); the bound seen
on lists 4-6 (T <= 3.4 needed wherever m > 3) did not hold there.
Three rules of 2026-12-04 (22:40 UTC), each written here before it was scored (on dumps of
the development list and held-back lists 4-8 flown with code d3d9a8d, seeds 0-2, which
keep what each rule needs; ``bench_out_of_family.py --rescore ... --rules``):

* **The generic family's adequacy.** The generic family holds its own vehicles exactly and
  is therefore never tempered; but where it wins a boost it cannot draw (held-back list 7:
  a single stage holding one angle, T/W 2.6 at 250 km, seed 1: broad share 0.00, whole-fit
  reduced chi-square 6.59 where the family's own tracks give 0.37-0.81, launch point 6.4
  km off outside a 1.2 km region), that exactness is false.  Rule: the generic family's
  best distinct optimum is tested for goodness of fit, its chi-square (all the fit's
  whitened residuals) against a chi-square of its degrees of freedom (observations minus
  the move's four); when it lies above the ``1 - GENERIC_ADEQUACY_ALPHA`` quantile
  (:func:`generic_adequate`), it is no longer held exact.  As first written (22:40 UTC)
  its components were then dropped and the mixture was the broad family's alone (its best
  optimum profiled, widened as every broad-family explanation is).
  ``GENERIC_ADEQUACY_ALPHA = 1e-3`` is not fitted: it is a conventional test size, and a
  false rejection costs only a wider region for a generic vehicle.  Selection criterion,
  stated before scoring: kept if, on the pooled dumps, no track of a generic-family
  vehicle is rejected (its figures unchanged) and the point's coverage of the tracks it
  rejects is at least that without it; the figures at ``alpha`` = 0.05 and 1e-6 are
  reported beside it, to show how much rides on the size.  Scored (23:00 UTC) on the
  dumps of the development list and lists 4-8 (222 tracks): the 18 generic-family tracks
  give reduced chi-squares 0.37-0.81 at 64-84 degrees of freedom (the test's threshold is
  about 1.5-1.6), none rejected; the only other track the generic family won is the one
  above (6.59 at 62), rejected at every size tried (0.05, 1e-3, 1e-6).  Dropping the
  generic family moved its squared distance from 374 to 13.7, still outside: the broad
  family's best optimum fits the rows to 0.02 but the whole fit no better (6.2; the
  lines of sight and the plume's rise carry the misfit), so its rows' temperature is 1.1
  and it states 7.7 km where it misses by 11.6 km.  A second form was then looked at on
  that one track and written here before it was scored on the others: the generic family
  *tempered* rather than dropped (``GENERIC_REJECTED = "temper"``): the whole mixture, both
  families' optima with the generic one profiled, widened as if the broad family
  explained the boost (``p_broad = 1``, the temperature of its best member's rows'
  misfit).  Criterion between the two: the one whose rejected tracks are inside their 95 %
  region more often, ties to the smaller median semi-major; with one rejected track in
  222 this is a choice on one case, and says only that tempering gives that case an
  honest region (13 km, squared distance 2.2; the launch time 26 s 1-sigma, 0.0).
  Chosen: ``"temper"`` (dropping: 13.7, outside).  Point inside per list (dev, 4, 5, 6, 7,
  8) with the three rules: 97.9, 94.4, 100, 100, 100, 91.7 % (before 97.9, 94.4, 100, 100,
  97.2, 91.7 %); the generic-family tracks' squared distances unchanged (largest change
  0.000, 18 of 18 inside).
* **The launch time's temperature.** The tempered likelihood (the likelihood to the power
  ``1 / T``) scales every covariance by ``T``; before, only the launch point's were, and
  the launch time was widened only through the tempered weights (88.9 % inside on list 8).
  Rule as first written: the time's covariances scaled by the same ``T``, and the constant
  per second of unseen ascent ``k`` (``TIME_SIGMA_PER_UNSEEN_S``) re-chosen with it by the
  rule of 2026-12-03 (the smallest ``k`` with >= 95 % of the broad family's tracks inside
  their interval) on the development list and lists 4-8 together, with a
  leave-one-case-out check; the point's constant (c = 4.0, linear) not changed.  Scored
  on the development list and list 4 only (22:45 UTC), it put 100 % inside with 1-sigmas
  of 48-240 s where the misfit is large (errors 4-32 s): the point's temperature, linear
  in a misfit of up to 30, is far more than the time needs (as it was for the point on
  lists 5-6).  So, before lists 5-8 were scored (22:50 UTC), the rule was made a family
  and a selection criterion written: the time's covariances scaled by ``T **
  TIME_TEMPERATURE_POWER`` (``gamma`` in 0, 0.25, 0.5, 0.75, 1; 0 is the rule before),
  with ``k`` on 0-0.4 s/s; of the pairs that put >= 95 % of the broad family's tracks of
  the development list and lists 4-8 inside their 95 % interval, the one whose median
  squared time distance is nearest a chi-square of one degree's median (0.455; ties: the
  smaller ``gamma``, then ``k``), with the pair chosen without each case in turn scored on
  that case (leave one case out).
  Scored (23:05 UTC) on the 204 broad-family tracks of the six dumps: chosen ``gamma = 0``,
  ``k = 0.03`` s/s, i.e. no tempering of the time by the misfit (every ``gamma > 0`` that
  reaches 95 % does so with a smaller median squared distance, the bulk's intervals being
  already wide: median 0.09-0.45 where 0.455 is calibrated) but an allowance of 0.03 s per
  second of unseen climb before the first sight (the launch time is extrapolated back over
  it; the allowance is blended by ``p_broad`` like the rest).  Time inside, per list (dev,
  4, 5, 6, 7, 8): 97.9, 94.4, 94.4, 96.7, 97.2, 91.7 % (before 97.9, 91.7, 94.4, 96.7, 91.7,
  88.9 %), pooled 95.5 % (93.7 %), median 1-sigma 1.3 s (1.2 s); left out one case at a
  time (chosen on the other 34 cases: ``gamma`` 0 in 34 of 35, ``k`` 0.02-0.04) 94.6 %.
  The first rule (``gamma = 1``, ``k = 0``) would give 100 % on every list with
  median 1-sigma 1.9 s and 48-294 s on the worst tracks.
* **Launch not determined.** Where the observations cannot pin the launch the estimate
  says so (:func:`launch_undetermined`, ``LaunchEstimate.undetermined``, the assessment's
  flag "launch point not determined"): the track began after burnout (no boost seen: the
  broad family's prior, importance-weighted), or the 95 % region's semi-major is above
  ``UNDETERMINED_SEMI_MAJOR_M`` = 50 km, or the launch time's 1-sigma above
  ``UNDETERMINED_TIME_SIGMA_S`` = 30 s.  Not fitted: 50 km is about the radius within which
  the gazetteer names one launch area (60 km), so a larger region no longer names a site,
  and +-1 minute (95 %) is where a launch time no longer separates two launches of a
  salvo; the boosted tracks' regions are 0.1-20 km.  The numbers are kept.  On the six
  dumps (222 boosted tracks, with the other two rules) it flags 5: the three-stage T/W 1.3
  vehicle at 1350 km (list 7, seeds 0 and 2: 51,852 km and 137 km regions, 294 s and 39 s),
  the three-stage long-weak-top vehicle at 1400 km (list 8, seed 0: 71 km, 77 s; missed by
  6.5 km and 86 s) and the even three-stage vehicle at 400 km (list 4, seeds 0 and 2: 33 s,
  missed by 32 s; a 63 km region, missed by 0.6 km); none of the generic family's.

Figures: BENCHMARKS.md, issue 17, and docs/assess.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import chi2 as _chi2

from ...errors import InputError

__all__ = ["BURNOUT_TEMPERATURE", "GENERIC_ADEQUACY_ALPHA", "GENERIC_REJECTED", "POINT_TEMPERATURE_MAX",
           "POINT_TEMPERATURE_PER_MISFIT", "TIME_SIGMA_PER_UNSEEN_S", "TIME_TEMPERATURE_POWER",
           "UNDETERMINED_SEMI_MAJOR_M", "UNDETERMINED_TIME_SIGMA_S", "Tempering",
           "generic_adequate", "launch_undetermined", "point_temperature", "tempering"]

#: launch-point temperature above 1 per unit of the best member's reduced chi-square over
#: the rows, where that misfit is small (the slope ``c`` of :func:`point_temperature`)
POINT_TEMPERATURE_PER_MISFIT = 4.0
#: the launch-point temperature's bound however large the rows' misfit (``T_max`` of
#: :func:`point_temperature`; ``math.inf``: the linear rule of 2026-12-03, kept: the bound
#: of 4.5 chosen on 2026-12-04 held 75 % on an unseen list, module text)
POINT_TEMPERATURE_MAX = math.inf
#: [s/s] launch-time 1-sigma per second of ascent before the first observation (0.03 by
#: the launch time's rule of 2026-12-04, module text; was 0.0)
TIME_SIGMA_PER_UNSEEN_S = 0.03
#: temperature of the burnout time's covariances
BURNOUT_TEMPERATURE = 3.0
#: the generic family's goodness-of-fit test: it is used only when its best member's
#: chi-square is below the ``1 - GENERIC_ADEQUACY_ALPHA`` quantile of a chi-square with its
#: degrees of freedom (module text, "The generic family's adequacy"; 0: never rejected)
GENERIC_ADEQUACY_ALPHA = 1e-3
#: what a rejected generic family becomes: ``"temper"`` (the whole mixture widened as the
#: broad family's explanations are) or ``"drop"`` (the broad family's optima alone)
GENERIC_REJECTED = "temper"
#: the launch time's covariances are tempered by the launch point's temperature to this
#: power (module text, "The launch time's temperature"; 0: the rule before 2026-12-04, the
#: time untempered; 1: as the point)
TIME_TEMPERATURE_POWER = 0.0
#: [m] a 95 % launch region with a larger semi-major does not determine the launch point
UNDETERMINED_SEMI_MAJOR_M = 50e3
#: [s] a launch time 1-sigma above this does not determine the launch time
UNDETERMINED_TIME_SIGMA_S = 30.0


@dataclass(frozen=True)
class Tempering:
    """``point``: temperature of the mixture's weights and of its launch-point covariances;
    ``time``: of its launch-time covariances; ``burnout``: of its burnout-time variances;
    ``time_sigma`` [s]: 1-sigma added in quadrature to the launch time."""

    point: float = 1.0
    time: float = 1.0
    burnout: float = 1.0
    time_sigma: float = 0.0


def point_temperature(misfit: float) -> float:
    """The launch point's temperature for a vehicle the broad family explains (module
    text): ``T = (1 + c m) / (1 + c m / T_max)`` of the rows' misfit ``m``, i.e. ``1 / T``,
    the share of the fit's observations worth an independent one, is a share ``1 / T_max``
    that the misfit does not reach plus the rest divided by ``1 + c m``.  Dimensionless
    (``misfit`` a reduced chi-square >= 0); with ``T_max = inf`` exactly ``1 + c m``."""
    cm = POINT_TEMPERATURE_PER_MISFIT * misfit
    return (1.0 + cm) / (1.0 + cm / POINT_TEMPERATURE_MAX)


def tempering(p_broad: float, misfit: float, unseen_s: float) -> Tempering:
    """The widening of one track's launch estimate (module text).

    ``p_broad``: the broad family's posterior share (0-1); ``misfit``: the best member's
    reduced chi-square over the track's rows (the whole fit's without rows); ``unseen_s``
    [s]: from the estimated launch to the first observation (0 when the first observation
    is at or before it).
    """
    if not (math.isfinite(p_broad) and -1e-9 <= p_broad <= 1.0 + 1e-9):
        raise InputError("p_broad", p_broad, "must be a probability in [0, 1]")
    if not (math.isfinite(misfit) and misfit >= 0.0):
        raise InputError("misfit", misfit, "must be a finite reduced chi-square >= 0")
    if not (math.isfinite(unseen_s) and unseen_s >= 0.0):
        raise InputError("unseen_s", unseen_s, "must be a finite duration >= 0 s")
    p = min(max(p_broad, 0.0), 1.0)
    t_point = point_temperature(misfit)
    t = 1.0 + (t_point - 1.0) * p
    return Tempering(point=t, time=t**TIME_TEMPERATURE_POWER,
                     burnout=1.0 + (BURNOUT_TEMPERATURE - 1.0) * p,
                     time_sigma=p * TIME_SIGMA_PER_UNSEEN_S * unseen_s)


def generic_adequate(chi2: float, dof: int) -> bool:
    """Whether the generic family's best member fits as its own vehicles do (module text):
    its chi-square ``chi2`` (all the fit's whitened residuals) is below the ``1 -
    GENERIC_ADEQUACY_ALPHA`` quantile of a chi-square of ``dof`` degrees of freedom."""
    if not (math.isfinite(chi2) and dof > 0):
        return False
    if GENERIC_ADEQUACY_ALPHA <= 0.0:
        return True
    return float(_chi2.sf(chi2, dof)) >= GENERIC_ADEQUACY_ALPHA


def launch_undetermined(semi_major_m: float, time_sigma_s: float, after_burnout: bool) -> str:
    """Why the observations do not determine the launch ("" when they do; module text,
    "Launch not determined"): a track that began after burnout, a 95 % region's
    semi-major ``semi_major_m`` above :data:`UNDETERMINED_SEMI_MAJOR_M` or a launch time
    1-sigma ``time_sigma_s`` above :data:`UNDETERMINED_TIME_SIGMA_S` (or not finite)."""
    why = []
    if after_burnout:
        why.append("the track began after burnout")
    if not (math.isfinite(semi_major_m) and semi_major_m <= UNDETERMINED_SEMI_MAJOR_M):
        why.append(f"95 % region {semi_major_m / 1e3:,.0f} km > "
                   f"{UNDETERMINED_SEMI_MAJOR_M / 1e3:.0f} km")
    if not (math.isfinite(time_sigma_s) and time_sigma_s <= UNDETERMINED_TIME_SIGMA_S):
        why.append(f"launch time 1-sigma {time_sigma_s:,.0f} s > "
                   f"{UNDETERMINED_TIME_SIGMA_S:.0f} s")
    return "; ".join(why)
