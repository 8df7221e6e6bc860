"""The pipeline: measurements -> tracks -> assessed launches -> rounds -> register.

:func:`track_and_assess` tracks recordings of detections and assesses every track;
:func:`launchwatch.assess.events.group_launches` turns the assessed launches into
rounds (the register's own records: no converter in between); :func:`store_rounds`
stores them and gives their round numbers; :func:`write_outputs` writes the bulletin,
the assessment and the figures.  ``launchwatch demo`` and ``launchwatch assess`` are this
pipeline on a simulated scenario or on recorded detections.
"""

from __future__ import annotations

from .batch import (
    assess_recorded_track,
    assessment_row,
    launch_facts,
    split_recordings,
    store_rounds,
    track_and_assess,
    write_outputs,
)

__all__ = ["assess_recorded_track", "assessment_row", "launch_facts", "split_recordings",
           "store_rounds", "track_and_assess", "write_outputs"]
