"""A campaign's results folder: the manifest, one Parquet file per chunk and table.

Layout (``OUT`` is the folder given to the campaign)::

    OUT/campaign.json                 the campaign as run, its digest, the plan, the state
    OUT/<table>/part-BBBBBB-GGG.parquet   block B, group G of one table (a Parquet dataset)
    OUT/summary/                      tables and figures (written by the summary)

A chunk file is written under a temporary name and renamed into place (atomic on POSIX),
so a file that exists is complete; a chunk is finished when all its tables' files exist.
A rerun reads which chunks are finished and computes only the others.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputError

__all__ = ["ResultStore"]


class ResultStore:
    """The results folder of one campaign (see the module docstring)."""

    def __init__(self, root: str | Path, tables: tuple[str, ...]) -> None:
        self.root = Path(root)
        self.tables = tables

    @property
    def manifest_path(self) -> Path:
        return self.root / "campaign.json"

    def open(self, campaign: dict, digest: str, plan: dict, restart: bool = False) -> None:
        """Create the folder or check that it holds this campaign's results.

        Results of another campaign are never mixed in nor deleted unless ``restart``.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        if self.manifest_path.exists():
            old = self.read_manifest()
            if old.get("digest") != digest:
                if not restart:
                    raise InputError("out", str(self.root),
                                     f"holds results of another campaign ({old.get('name')!r}, "
                                     f"digest {old.get('digest')}); use another folder or --restart")
            if restart:
                self.clear()
        elif any(self.root.iterdir()) and not restart:
            raise InputError("out", str(self.root), "exists and is not a campaign folder")
        for t in self.tables:
            (self.root / t).mkdir(exist_ok=True)
            for tmp in (self.root / t).glob(".*.tmp*"):  # left by an interrupted write
                tmp.unlink(missing_ok=True)
        m = {"campaign": campaign, "digest": digest, "plan": plan, "name": campaign.get("name")}
        if self.manifest_path.exists():
            m = {**self.read_manifest(), **m}
        self.write_manifest(m)

    def clear(self) -> None:
        """Delete the chunk files and the summary (a restart)."""
        for t in self.tables:
            for f in (self.root / t).glob("part-*.parquet"):
                f.unlink()
        self.manifest_path.unlink(missing_ok=True)

    def read_manifest(self) -> dict[str, Any]:
        try:
            return json.loads(self.manifest_path.read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError("out", str(self.manifest_path), f"unreadable manifest: {exc}") from exc

    def write_manifest(self, data: dict) -> None:
        tmp = self.manifest_path.with_name(f".campaign.json.tmp{os.getpid()}")
        tmp.write_text(json.dumps(data, indent=1, default=str))
        os.replace(tmp, self.manifest_path)

    def update_manifest(self, **kw: Any) -> None:
        self.write_manifest({**self.read_manifest(), **kw})

    @staticmethod
    def part_name(block: int, group: int) -> str:
        return f"part-{block:06d}-{group:03d}.parquet"

    def path(self, table: str, block: int, group: int) -> Path:
        return self.root / table / self.part_name(block, group)

    def finished(self) -> set[tuple[int, int]]:
        """Chunks ``(block, group)`` whose every table file exists."""
        sets = []
        for t in self.tables:
            got = set()
            for f in (self.root / t).glob("part-*.parquet"):
                b, g = f.stem.split("-")[1:3]
                got.add((int(b), int(g)))
            sets.append(got)
        return set.intersection(*sets) if sets else set()

    def write_chunk(self, block: int, group: int, tables: dict[str, dict[str, np.ndarray]],
                    digest: str) -> None:
        """Write a chunk's tables atomically (the first table last: it marks completion)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for t in reversed(self.tables):
            cols = tables.get(t) or {}
            tab = pa.table({k: pa.array(v) for k, v in cols.items()}) if cols else pa.table({})
            tab = tab.replace_schema_metadata({b"launchwatch.campaign": digest.encode(),
                                               b"launchwatch.chunk": f"{block},{group}".encode()})
            final = self.path(t, block, group)
            tmp = final.with_name(f".{final.name}.tmp{os.getpid()}")
            pq.write_table(tab, tmp)
            os.replace(tmp, final)

    def remove_blocks_from(self, block: int) -> int:
        """Delete the chunk files of blocks ``>= block`` (computed past a stopping point)."""
        n = 0
        for t in self.tables:
            for f in (self.root / t).glob("part-*.parquet"):
                if int(f.stem.split("-")[1]) >= block:
                    f.unlink()
                    n += 1
        return n

    def read_column(self, table: str, column: str, block: int, group: int) -> np.ndarray:
        """One column of one chunk (for the stopping rule after a restart)."""
        import pyarrow.parquet as pq

        tab = pq.read_table(self.path(table, block, group), columns=[column])
        return tab.column(column).to_numpy(zero_copy_only=False)

    def read(self, table: str, columns: list[str] | None = None):
        """A whole table as a pandas DataFrame, rows in chunk order."""
        import pandas as pd
        import pyarrow.parquet as pq

        files = sorted((self.root / table).glob("part-*.parquet"))
        frames = [pq.read_table(f, columns=columns).to_pandas() for f in files]
        frames = [f for f in frames if len(f.columns)]
        if not frames:
            return pd.DataFrame()
        return pd.concat(frames, ignore_index=True)
