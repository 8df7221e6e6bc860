"""``launchwatch campaign FILE``: run a declared campaign (docs/scale.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("campaign")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder (default: campaign-<name> beside the file). Finished chunks "
                   "in it are skipped: rerun the same command to continue an interrupted campaign.")
@click.option("--scheduler", default=None, metavar="ADDRESS|serial",
              help="A Dask scheduler (tcp://host:8786); 'serial' runs in this process without "
                   "Dask. Default: an embedded LocalCluster.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="LocalCluster processes (default: one per core); with --scheduler, wait for "
                   "this many workers first.")
@click.option("--restart", is_flag=True, help="Delete the folder's results first.")
@click.option("--no-summary", is_flag=True, help="Do not write the summary tables and figures.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
def campaign(file: Path, out_dir: Path | None, scheduler: str | None, workers: int | None,
             restart: bool, no_summary: bool, as_json: bool) -> None:
    """Run a Monte Carlo campaign: a flight dispersion or a tracker evaluation.

    FILE (YAML, TOML or JSON) declares the runs; results go to --out as Parquet, one file
    per chunk and table, with a summary (summary/summary.md and figures) at the end.

    \b
    Examples:
      launchwatch campaign examples/campaign-dispersion.yaml --out runs/disp
      launchwatch campaign examples/campaign-demo-20.yaml --scheduler tcp://10.0.0.5:8786
      launchwatch campaign examples/campaign-dispersion.yaml --scheduler serial
    \b
    Exit codes: 0 done, 2 bad input, 130 interrupted (rerun to continue).
    """
    import json as _json

    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from ..errors import InputError
    from .runner import run_campaign
    from .spec import load_campaign

    if not file.is_file():
        raise InputError("file", str(file), "no such file")
    c = load_campaign(file)
    out = out_dir or file.with_name(f"campaign-{c.name}")
    err = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("chunks"), TimeElapsedColumn(), TimeRemainingColumn(),
                  TextColumn("{task.fields[note]}"), console=err, transient=not err.is_terminal) as prog:
        task = prog.add_task(f"{c.kind} {c.name}", total=None, note="")

        def say(done: int, total: int, info: dict) -> None:
            note = ""
            for _g, (est, lo, hi, n) in sorted(info.get("estimate", {}).items())[:1]:
                note = f"{c.stop.figure} {est:.4g} [{lo:.4g}, {hi:.4g}] (n={n})" if c.stop else ""
            prog.update(task, completed=done, total=total, note=note)

        try:
            run = run_campaign(c, out, scheduler=scheduler, workers=workers, restart=restart,
                               progress=say, summary=not no_summary)
        except KeyboardInterrupt:
            prog.stop()
            click.echo(f"interrupted: finished chunks are kept in {out}; rerun the same command "
                       "to compute the rest", err=True)
            sys.exit(130)
    info = {"out": str(out), "mode": run.mode, "chunks": run.total, "computed": len(run.computed),
            "skipped": len(run.skipped), "stopped_at_block": run.stopped_at,
            "removed_past_stop": run.removed, "wall_s": round(run.wall, 3),
            "task_s": round(run.task_seconds, 3), "slots": run.slots,
            "overhead": None if run.overhead != run.overhead else round(run.overhead, 4),
            "estimate": {str(k): v for k, v in run.estimate.items()},
            "files": {k: str(v) for k, v in run.summary_files.items()}}
    if as_json:
        click.echo(_json.dumps(info, indent=1))
        return
    click.echo(f"{c.kind} campaign {c.name!r}: {info['computed']} chunks computed, "
               f"{info['skipped']} already done, of {info['chunks']} ({run.mode}, {run.slots} "
               f"slot{'s' * (run.slots != 1)}, {run.wall:.1f} s)")
    if run.stopped_at is not None:
        click.echo(f"stopped after block {run.stopped_at}: {c.stop.figure} "
                   + "; ".join(f"{est:.4g} [{lo:.4g}, {hi:.4g}] n={n}"
                               for est, lo, hi, n in run.estimate.values()))
    if "markdown" in run.summary_files:
        click.echo(run.summary_files["markdown"].read_text())
    for k, v in run.summary_files.items():
        click.echo(f"wrote {k}: {v}")
