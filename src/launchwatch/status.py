"""One failure convention for every batch: a status code per row, NaN in the failed rows.

As ``sgp4`` does for satellites: a batch call never raises because one row failed; it
returns ``status (...)`` (``int8``, 0 = :data:`OK`) beside its arrays, and every number of
a row whose status is not 0 is NaN.  Errors that are wrong for the whole call (a bad
argument, a shape that does not broadcast) still raise
:class:`~launchwatch.errors.InputError`.  The codes are shared by the flight engine,
the inversion of reported facts and the assessment, so one table reads them all::

    >>> from launchwatch.status import STATUS_NAMES, status_names
    >>> STATUS_NAMES[0], status_names([0, 5, 6]).tolist()
    ('ok', ['ok', 'invalid', 'no-facts'])
"""

from __future__ import annotations

import numpy as np

__all__ = ["DIVERGED", "INVALID", "MAX_STEPS", "NOT_CONVERGED", "NO_FACTS", "NO_FIT", "OK",
           "STATUS_NAMES", "STEP_UNDERFLOW", "TIME_LIMIT", "TOO_SHORT", "status_names"]

OK = 0  #: the row has its result (a flight reached the ground, a fit converged)
TIME_LIMIT = 1  #: a flight was still flying at the time limit
STEP_UNDERFLOW = 2  #: the integrator's step size collapsed (stiff or singular dynamics)
DIVERGED = 3  #: a state became NaN or infinite
MAX_STEPS = 4  #: a flight needed more steps than allowed
INVALID = 5  #: the row's input is NaN or impossible (a start below the ground)
NO_FACTS = 6  #: a report with no range, apogee or flight time: nothing to fit
NOT_CONVERGED = 7  #: the fit stopped before converging
NO_FIT = 8  #: the fitted flight does not exist (it never reaches the ground)
TOO_SHORT = 9  #: a track too short to assess

#: code -> word, for tables, CSV and messages
STATUS_NAMES: dict[int, str] = {
    OK: "ok", TIME_LIMIT: "time-limit", STEP_UNDERFLOW: "step-underflow", DIVERGED: "diverged",
    MAX_STEPS: "max-steps", INVALID: "invalid", NO_FACTS: "no-facts",
    NOT_CONVERGED: "not-converged", NO_FIT: "no-fit", TOO_SHORT: "too-short",
}


def status_names(status: np.ndarray | list[int]) -> np.ndarray:
    """Words ``(...)`` of status codes ``(...)``."""
    s = np.asarray(status)
    return np.vectorize(lambda c: STATUS_NAMES.get(int(c), f"status-{int(c)}"), otypes=[object])(
        s).astype(str) if s.size else np.empty(s.shape, dtype=str)
