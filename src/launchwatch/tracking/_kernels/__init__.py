"""Compiled per-row kernels of the tracker's filter steps: IMM mixing and combination,
measurement moments, gating, updates, association groups.

Each function loops over rows (tracks, or track x model) with preallocated outputs, so a
scan costs a few compiled calls whatever the number of tracks: numpy's fixed overhead per
call on 8 x 8 blocks dominated a scan before (a profile at 8 targets: ~1180 Python-level
calls, the RK4 step with its Jacobian ~250 us in ~60 small numpy calls).  The motion
kernels are in :mod:`._motion`.  The numpy references the tests compare these with live
in ``tests/tracking/twins.py``.

Modules: ``linalg``, ``imm``, ``association`` and ``lifecycle``.
"""

from __future__ import annotations

from .association import dense_gate, pair_groups
from .imm import combine_rows, imm_pda_rows, mix_rows, mixture_rows, moments_rows, pda_update_rows
from .lifecycle import lost_rows, start_rows
from .linalg import cholesky_rows, log_likelihood_rows, pair_distances

__all__ = [
    "cholesky_rows", "combine_rows", "dense_gate", "imm_pda_rows", "log_likelihood_rows",
    "lost_rows", "mix_rows", "mixture_rows", "moments_rows", "pair_distances", "pair_groups",
    "pda_update_rows", "start_rows",
]
