"""Inversion of reported facts into flights (:func:`invert`), as a package of parts:

* :mod:`.facts` - :func:`invert` and :class:`InversionResult`;
* :mod:`.solver` - a generic batched Levenberg-Marquardt solver;
* :mod:`.ballistic` - the impulsive ballistic arc (speed, flight-path angle, azimuth);
* :mod:`.boost` - the boost-profile fit (propellant load and kick of a generic vehicle);
* :mod:`.lift` - the lift a quasi-ballistic report implies;
* :mod:`.rules` - :class:`RegimeRules`, the regime thresholds and reporting tolerances.

    >>> import math
    >>> from launchwatch.flight import invert
    >>> r = invert(math.radians(39.17), math.radians(127.48), ground_range=800e3, apogee=50e3)
    >>> r.status_names().tolist(), r.regime.tolist(), bool(r.ballistic[0])
    (['ok'], ['quasi-ballistic'], False)
    >>> 2.0 < float(r.lift_to_drag[0]) < 2.6   # the glide the facts imply
    True
"""

from __future__ import annotations

from .facts import InversionResult, invert
from .rules import REGIMES, RegimeRules

__all__ = ["REGIMES", "InversionResult", "RegimeRules", "invert"]
