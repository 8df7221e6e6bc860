"""Run a campaign: serially in this process, or on Dask (an embedded LocalCluster or any
scheduler by address), writing each chunk as it finishes and skipping finished ones.

Chunks are numbered ``(block, group)``: a block is a slice of the campaign's flights or
seeds, a group one combination of scenario, sensors and tracker (flight campaigns have
one group).  Tasks are submitted in block order with a bounded number in flight, so that
a stopping rule wastes little and memory stays flat; results come back to this process,
which writes them (workers need no shared file system).  If a worker dies, the scheduler
runs its tasks again elsewhere; a chunk is written once, atomically, whichever copy
finishes first.
"""

from __future__ import annotations

import logging
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError
from . import _calls
from .spec import EvaluationCampaign, FlightCampaign, campaign_hash
from .stats import interval
from .store import ResultStore
from .tasks import TABLES, n_blocks, run_chunk, warm

__all__ = ["CampaignRun", "run_campaign"]

Progress = Callable[[int, int, dict[str, Any]], None]


@dataclass
class CampaignRun:
    """What a call of :func:`run_campaign` did.

    ``computed``/``skipped``: chunks ``(block, group)`` computed now / found finished;
    ``stopped_at``: the first block not needed (the stopping rule was met), else ``None``;
    ``estimate``: per group, the stopping figure's ``(estimate, low, high, n)``;
    ``wall``: seconds from the first task to the last result; ``task_seconds``: the
    chunks' own compute time summed; ``slots``: tasks that could run at once;
    ``peak_worker_rss``: the largest peak resident memory of a worker process [bytes].
    """

    out: Path
    mode: str
    slots: int
    total: int
    computed: list[tuple[int, int]] = field(default_factory=list)
    skipped: list[tuple[int, int]] = field(default_factory=list)
    removed: int = 0
    stopped_at: int | None = None
    estimate: dict[int, tuple[float, float, float, int]] = field(default_factory=dict)
    wall: float = 0.0
    task_seconds: float = 0.0
    peak_worker_rss: float = math.nan
    summary_files: dict[str, Path] = field(default_factory=dict)

    @property
    def overhead(self) -> float:
        """Fraction of the slots' time not spent computing chunks (scheduling, transfer,
        writing, idle slots at the end), over the chunks computed in this call."""
        if not self.computed or self.wall <= 0:
            return math.nan
        return 1.0 - self.task_seconds / (self.wall * self.slots)


class _Stopper:
    """The stopping rule, applied to whole blocks in order (so that the rows kept do not
    depend on which chunk finished first)."""

    def __init__(self, c, groups: int, blocks: int, store: ResultStore) -> None:
        self.rule = c.stop
        self.groups = groups
        self.blocks = blocks
        self.store = store
        self.values: dict[tuple[int, int], np.ndarray] = {}
        self.checked = 0  # blocks [0, checked) already tested
        self.stopped_at: int | None = None
        self.estimate: dict[int, tuple[float, float, float, int]] = {}
        if self.rule is not None:
            kind = "flights" if isinstance(c, FlightCampaign) else "evaluation"
            default = "flights" if kind == "flights" else "assessments"
            self.table = self.rule.table or default
            if self.table not in TABLES[kind]:
                raise InputError("stop.table", self.table, f"must be one of {', '.join(TABLES[kind])}")

    def add(self, block: int, group: int, tables: dict | None) -> None:
        if self.rule is None:
            return
        if tables is None:
            col = self.store.read_column(self.table, self.rule.figure, block, group)
        else:
            cols = tables.get(self.table) or {}
            if cols and self.rule.figure not in cols:
                raise InputError("stop.figure", self.rule.figure,
                                 f"not a column of {self.table}; columns: {', '.join(cols)}")
            col = cols.get(self.rule.figure, np.empty(0))
        self.values[(block, group)] = np.asarray(col, dtype=float)

    def check(self) -> int | None:
        """The stopping block once the rule is met on the complete prefix of blocks."""
        if self.rule is None or self.stopped_at is not None:
            return self.stopped_at
        r = self.rule
        while self.checked < self.blocks and all((self.checked, g) in self.values
                                                 for g in range(self.groups)):
            self.checked += 1
            ok = True
            for g in range(self.groups):
                x = np.concatenate([self.values[(b, g)] for b in range(self.checked)])
                est, lo, hi, n = interval(x, r.statistic, r.confidence)
                self.estimate[g] = (est, lo, hi, n)
                half = 0.5 * (hi - lo)
                target = r.half_width if r.half_width is not None else r.relative * abs(est)
                if not (n >= r.min_samples and math.isfinite(half) and half <= target):
                    ok = False
            if ok:
                self.stopped_at = self.checked
                return self.stopped_at
        return None


def _chunk_order(blocks: int, groups: int) -> list[tuple[int, int]]:
    return [(b, g) for b in range(blocks) for g in range(groups)]


def run_campaign(c: FlightCampaign | EvaluationCampaign, out: str | Path, *,
                 scheduler: str | None = None, workers: int | None = None,
                 restart: bool = False, progress: Progress | None = None,
                 summary: bool = True, on_result: Callable[[int, int], None] | None = None
                 ) -> CampaignRun:
    """Run campaign ``c`` into the folder ``out`` and return what was done.

    ``scheduler``: ``None`` or ``"local"`` for an embedded Dask ``LocalCluster`` of
    ``workers`` processes (default: one per core, one thread each); ``"serial"`` for this
    process without Dask; else a scheduler address (``tcp://host:8786``).  Finished chunks
    in ``out`` are skipped (``restart`` deletes them first).  ``progress(done, total,
    info)`` is told after each chunk; ``on_result(block, group)`` after each write.
    ``summary``: write the summary tables and figures into ``out/summary`` at the end.
    """
    kind = "flights" if isinstance(c, FlightCampaign) else "evaluation"
    groups = 1 if kind == "flights" else len(c.groups())
    blocks = n_blocks(c)
    digest = campaign_hash(c)
    store = ResultStore(out, TABLES[kind])
    plan = {"blocks": blocks, "groups": groups, "rows_per_block": c.size if kind == "flights"
            else c.seeds_per_chunk, "tables": list(TABLES[kind])}
    store.open(c.model_dump(mode="json"), digest, plan, restart=restart)
    code = _calls.version()
    made_by = store.read_manifest().get("launchwatch")
    if made_by and made_by != code and store.finished():
        raise InputError("out", str(out), f"holds results computed by launchwatch {made_by}, this is "
                         f"{code}: other code may give other results, so they are not mixed; "
                         "use another folder or --restart")
    store.update_manifest(launchwatch=code, state="running")
    order = _chunk_order(blocks, groups)
    done = store.finished()
    stopper = _Stopper(c, groups, blocks, store)
    for b, g in order:
        if (b, g) in done:
            stopper.add(b, g, None)
    stop = stopper.check()
    todo = [(b, g) for b, g in order if (b, g) not in done and (stop is None or b < stop)]
    skipped = [(b, g) for b, g in order if (b, g) in done and (stop is None or b < stop)]
    total = len([x for x in order if stop is None or x[0] < stop])
    mode = "serial" if scheduler == "serial" else "local" if scheduler in (None, "local") else "remote"
    run = CampaignRun(out=Path(out), mode=mode, slots=1, total=total, skipped=skipped)
    say = progress or (lambda *_a: None)
    say(len(skipped), total, {"phase": "start"})

    def accept(res: dict) -> bool:
        """Write one finished chunk; True once the campaign may stop."""
        b, g = res["block"], res["group"]
        store.write_chunk(b, g, res["tables"], digest)
        run.computed.append((b, g))
        run.task_seconds += res["seconds"]
        stopper.add(b, g, res["tables"])
        if on_result is not None:
            on_result(b, g)
        s = stopper.check()
        say(len(run.computed) + len(run.skipped), total if s is None else
            sum(1 for x in order if x[0] < s), {"phase": "chunk", "block": b, "group": g,
                                                "estimate": dict(stopper.estimate)})
        return s is not None

    t0 = time.perf_counter()
    try:
        if stop is None and todo:
            if mode == "serial":
                warm(c)
                t0 = time.perf_counter()
                for b, g in todo:
                    if accept(run_chunk(c, b, g)):
                        break
            else:
                run.slots, t0, run.peak_worker_rss = _run_dask(
                    c, todo, scheduler if mode == "remote" else None, workers, accept)
            lost = set(todo) - set(run.computed)
            if stopper.stopped_at is None and lost:  # never expected: say so rather than hide it
                raise RuntimeError(f"chunks {sorted(lost)[:5]} were never computed; rerun to add them")
    finally:
        run.wall = time.perf_counter() - t0
        run.stopped_at = stopper.stopped_at
        run.estimate = dict(stopper.estimate)
        if run.stopped_at is not None:
            run.removed = store.remove_blocks_from(run.stopped_at)
        fin = store.finished()
        complete = run.stopped_at is not None or len(fin) == len(order)
        store.update_manifest(state=("stopped" if run.stopped_at is not None else "complete")
                              if complete else "partial", finished=len(fin),
                              stopped_at=run.stopped_at,
                              estimate={str(k): v for k, v in run.estimate.items()})
    if summary:
        from .summary import write_summary

        run.summary_files = write_summary(Path(out))
    return run


def _peak_rss() -> float:
    import resource

    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024.0  # KiB on Linux


def _run_dask(c, todo: list[tuple[int, int]], address: str | None, workers: int | None,
              accept: Callable[[dict], bool]) -> tuple[int, float, float]:
    """Run ``todo`` on Dask; returns ``(slots, start time, peak worker memory [B])``."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address is None:
        n = workers or os.cpu_count() or 1
        # ":0": any free port for the scheduler's HTTP endpoints (8787 may be another's)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                               dashboard_address=":0", silence_logs=logging.ERROR)
        client = Client(cluster)
    else:
        try:
            client = Client(address, timeout="20s")
        except OSError as exc:
            raise InputError("--scheduler", address, f"no Dask scheduler answers: {exc}") from exc
    try:
        if workers and address is not None:
            client.wait_for_workers(workers, timeout=60)
        versions = set(client.run(_calls.version).values())
        mine = _calls.version()
        if versions and versions != {mine}:
            raise InputError("--scheduler", address, f"workers run launchwatch {sorted(versions)}, "
                             f"this process {mine}: install the same version everywhere")
        client.run(warm, c)
        slots = max(sum(client.nthreads().values()), 1)
        window = 2 * slots + 1
        pending = iter(todo)
        t0 = time.perf_counter()

        def submit(bg: tuple[int, int]):
            return client.submit(run_chunk, c, bg[0], bg[1], 1, pure=False,
                                 key=f"launchwatch-chunk-{bg[0]}-{bg[1]}-{os.urandom(4).hex()}")

        futs = [submit(x) for _, x in zip(range(window), pending, strict=False)]  # range first: zip
        # would otherwise draw (and drop) one chunk too many from the iterator
        ac = as_completed(futs)
        for fut in ac:
            res = fut.result()
            fut.release()
            if accept(res):
                for f in futs:
                    f.cancel()
                break
            nxt = next(pending, None)
            if nxt is not None:
                f = submit(nxt)
                futs.append(f)
                ac.add(f)
        try:
            rss = max(client.run(_peak_rss).values())
        except Exception:  # a worker gone at the end: the figure is only informative
            rss = math.nan
        return slots, t0, rss
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
