"""Distances, apogees, flight times and counts in every form wire copy writes them.

**Lengths**: ``800 km``, ``1,080 km (671 miles)`` (both read; a conversion that disagrees
by more than 6 % is flagged), ``some 4,500 kilometers``, ``more than 6,000 km``,
``up to 800 km``, ``800-900 km``, ``70 km to 200 km``, ``270 nautical miles``, Korean
``약 4천500여㎞`` (4,500, "a little over"), ``400여 km``, ``1만5천㎞``, Japanese ``約750km程度``,
``およそ4600キロ``, ``50キロ以上``, ``6000kmを超える``.  Units come from the one table of
:mod:`launchwatch.register.units`.  A length is an **apogee** when the nearest cue before
it is one of height (``altitude``, ``apogee``, ``고도``, ``最高高度``) or one follows it
(``6,000 km high``); a **distance** when the cue is one of flight (``flew``, ``traveled``,
``range``, ``비행거리``, ``飛翔``, ``targets 1,500 km away``); neither otherwise.  A length
that places the landing point (``3,200 km east of Japan``, ``渡島大島の西方約200km``,
``어청도 서방 200여㎞``, ``57 km off the coast``) is not a distance flown; nor is the
altitude at which a missile failed.

**Durations**: ``73 minutes``, ``two hours and six minutes``, ``1 hour 14 minutes``,
``7,580 seconds``, ``약 53분간``, ``約74分間``, in a clause of flight and not of something
``later``/``after``/``within``.

**Counts**: ``two``/``2``/``a``/``an`` missiles (or projectiles, rockets, ICBMs, ...),
``at least three`` and ``more than 20`` (lower bounds), ``several``, ``a flurry of``,
bare plurals (lower bounds only, ``several`` meaning at least three), Korean ``2발``,
``18발 가량``, ``여러 발``, ``수 발``, Japanese ``3発``, ``少なくとも３発``, ``複数``; never ``one of
the missiles``, ``a missile launch``.

Every figure keeps its text, span, unit, the qualifier it was given with (``exact``,
``about``, ``at_least``, ``more_than``, ``at_most``, ``less_than``, ``interval``) and
the agency whose statement holds it; figures of clauses about other events, of
hypotheticals (``could fly 15,000 km``) and of the headline are set aside (the headline
counts only where the body gives nothing).
The package is split by concern: :mod:`.model` (:class:`Figure`, qualifiers),
:mod:`.lengths`, :mod:`.durations` and :mod:`.counts`.
"""

from .counts import bare_plural, read_counts
from .durations import read_durations
from .lengths import read_lengths
from .model import Figure

__all__ = ["Figure", "bare_plural", "read_counts", "read_durations", "read_lengths"]
