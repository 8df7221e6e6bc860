"""Safe merges: a new report of a round is matched launch by launch and shown as a diff
before anything is stored.

:func:`merge_round` matches the launches of an incoming round to a stored round of the
same key (state and local day) **by time and site, never by position in a list**:

* timed launches pair up one to one (an optimal assignment) when they are within
  ``tolerance`` (10 minutes) of each other, their sites agree (both located: within
  75 km or their uncertainties) and their types do not contradict each other;
  records of several identical missiles (``count``) are split when the other side lists
  them one by one;
* an untimed launch (a date only), or a timed one with no timed partner, joins a stored
  launch only when exactly one stored launch fits it (site, type and distance agree);
  when several fit it is kept apart, flagged ``possible_duplicate_of`` and not counted;
  when none fits it is a new launch;
* a matched launch gains the incoming claims (nothing is overwritten or dropped); its
  figures are reconciled again (:func:`launchwatch.register.claims.reconcile`) and every
  figure that changes is written to the event's change log with the source that made
  it change.  A stored fit whose facts change is removed (and said so): fit again.

The result is a :class:`RoundDiff`: what would be added, matched and changed, with the
merged event.  :class:`MergePlan` holds the diffs of a batch; committing it applies
exactly that plan (:meth:`launchwatch.register.Register.apply` refuses a plan made
against a round that has changed since).
"""

from __future__ import annotations

from .combine import merge_round
from .matching import SALVO_WINDOW
from .plan import TOLERANCE, LaunchMatch, MergePlan, RoundDiff, copy_event, copy_launch, fingerprint, prepare

__all__ = [
    "SALVO_WINDOW",
    "TOLERANCE",
    "LaunchMatch",
    "MergePlan",
    "RoundDiff",
    "copy_event",
    "copy_launch",
    "fingerprint",
    "merge_round",
    "prepare",
]
