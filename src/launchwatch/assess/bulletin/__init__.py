"""The bulletin: a round in plain English (times in UTC and local time) and as JSON.

One renderer for every round, measured or reported: the demo, ``launchwatch assess``,
the register's pages and the API all call :func:`bulletin` on the same
:class:`~launchwatch.assess.events.Event`.  Every phrase is derived from the round's
launches: counts (in words, with number agreement), named types and classes, places,
local and UTC times (untimed and month-only records said as such), distances, apogees,
landing areas, outcomes (failures stated as failures), trajectories (a depressed or
lofted flight compared with the minimum-energy flight of its range) and the round's
number in its year.  Nothing is a template constant, and no internal code is printed.
"""

from .compose import bulletin, bulletin_json, launch_areas
from .words import landing_phrase, number_words, ordinal

__all__ = ["bulletin", "bulletin_json", "landing_phrase", "launch_areas", "number_words", "ordinal"]
