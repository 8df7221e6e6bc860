"""Serving reads concurrently: what the dashboard knows of the register's state, a
response cache invalidated per event, and the limits every request runs under.

The package by concern: :mod:`.versions` (the register's per-round versions and the
changes between two readings), :mod:`.view` (:class:`RegisterView`: the register's state
and its rounds in memory), :mod:`.responses` (:class:`ReadCache`: responses kept per
scope, invalidated by the changes that touch it, the warm-up) and :mod:`.budget`
(:class:`RequestBudget`: a request's time limit).
"""

from __future__ import annotations

from .budget import RequestBudget
from .responses import UNCACHED, ReadCache, freeze_heap, scope_of
from .versions import Changes, Version, diff_versions, read_versions
from .view import RegisterView

__all__ = ["UNCACHED", "Changes", "ReadCache", "RegisterView", "RequestBudget", "Version",
           "diff_versions", "freeze_heap", "read_versions", "scope_of"]
