"""Launch point, launch time and burnout of a tracked missile, from what was seen of it.

Nothing is assumed about the vehicle beyond the broad family of generic boosts of
:mod:`launchwatch.assess.boost` (one to three stages, lift-off thrust-to-weight 1.2-5,
burns of 15-200 s, vertical rise, kick, gravity turn or pitch programme) and
``generic_vehicle``'s family.  Each member of a family, flown by the flight engine, is laid
over the observations by a rigid move on the Earth: where it left the ground (east, north),
when (``T0``) and towards which azimuth.  The move is fitted by Gauss-Newton
(:mod:`.problem`) to

* the track's states at a few rows of its boost and of its first seconds of coast (ECEF
  position and velocity with the tracker's covariance, inflated by the number of rows
  used, since a filter's successive states share their information), with the covariance
  of a white acceleration by which the truth may stray from the member (:mod:`.members`);
* the infrared lines of sight that no track took before the track began (a geostationary
  sensor sees the plume from the first kilometre; one sensor gives angles, no range), each
  with a robust cap, so that another missile's plume or clutter costs every member alike;
* the plume's rise, when the sensors' scan times are known: an infrared sensor sees a
  plume only above 1 km (:data:`launchwatch.sensors.infrared.PLUME_VISIBLE_ABOVE_M`), so
  the member must have cleared that height by its first matching line of sight, and every
  earlier scan at which it had is a miss of probability ``1 - pd`` (this ties the launch
  time to the first sight: the member's climb to 1 km is what is extrapolated);
* when an infrared sensor updated the track, the plume's end: the member must still burn at
  the last line of sight the track took, and every later scan of that sensor without one,
  while the member would still burn, is a miss of probability ``1 - pd``.

A member's evidence is its fit (the Laplace approximation over the move).  The search
(:mod:`.search`, :mod:`.estimate`): each family's base set (a scrambled Sobol' set) is
screened, a second draw is made about its best members, and the best of each stage count
and steering mode are refined by Levenberg-Marquardt in their continuous parameters.  The
posterior (:mod:`.mixture`) is the mixture of the Laplace approximations about the optima,
the best one replaced by its profile along the flight (where the launch point is least
fixed), tempered where the broad family explains the boost.  Its mean and covariance hold
both each optimum's fit and the spread between optima, so that a boost seen from lift-off
gives a tight estimate and a track that starts in mid-course (importance sampling of the
broad family's prior) an honestly wide one.  The same mixture gives the burnout time, the
stage count and the lift-off thrust-to-weight.

The public names are those of the former module ``assess/launch.py``;
:data:`launchwatch.assess.launch.mixture.DIAGNOSTICS` collects the mixtures' parts for
calibration.
"""

from __future__ import annotations

from .estimate import estimate_launch
from .members import DEVIATION
from .observations import BoostObservations, LaunchEstimate, LosObservations

__all__ = ["DEVIATION", "BoostObservations", "LaunchEstimate", "LosObservations",
           "estimate_launch"]
