"""Writing column tables as CSV or Parquet (pyarrow), shared by the layers' file outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write_table(table: Any, path: str | Path, fmt: str | None = None) -> Path:
    """Write a ``pyarrow.Table`` to ``path`` as ``"csv"`` or ``"parquet"`` (default: by the
    suffix, ``.parquet``/``.pq`` for Parquet); creates the folder."""
    path = Path(path)
    fmt = fmt or ("parquet" if path.suffix.lower() in (".parquet", ".pq") else "csv")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, path)
    else:
        import pyarrow.csv as pcsv

        pcsv.write_csv(table, path)
    return path
