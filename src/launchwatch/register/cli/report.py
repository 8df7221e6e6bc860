"""``launchwatch ingest``: a report read into a draft round, its diff shown (``--commit`` stores it)."""

from __future__ import annotations

import json
import math
from typing import Any

import click

from ...errors import InputError
from .common import _JSON, _REG, _open


@click.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--date", "report_date", default=None, metavar="YYYY-MM-DD",
              help="The report's date, for relative phrases (default: the first date in it).")
@click.option("--url", default=None, help="Link to the report, kept with its sources.")
@click.option("--no-reconstruct", is_flag=True, help="Skip the trajectory reconstruction.")
@click.option("--commit", is_flag=True, help="Store the draft: the diff shown is what is applied.")
@_REG
@_JSON
def ingest(report: str, report_date, url, no_reconstruct, commit, where, as_json) -> None:
    """Read a news report or statement into a draft round (offline, rule-based) and show
    the diff storing it would make.

    \b
    Examples:
      launchwatch ingest report.txt
      launchwatch ingest report.txt --date 2022-11-03 --json
      launchwatch ingest report.txt --commit
    """
    from datetime import date

    from ..ingest import ingest_text
    from ..ingest.files import read_report

    rdate = None
    if report_date is not None:
        try:
            rdate = date.fromisoformat(report_date)
        except ValueError:
            raise InputError("--date", report_date, "not a date YYYY-MM-DD") from None
    text = read_report(report)  # UTF-8, or UTF-16/32 with a byte-order mark; else one clear error
    stored: dict[str, Any] | None = None
    plan = None
    with _open(where) as reg:  # the register checks the report's own claims ("the fourth round")
        draft = ingest_text(text, report_date=rdate, reconstruct=not no_reconstruct, source_url=url,
                            register=reg)
        if draft.event is not None:
            plan = reg.plan(draft.event)
            if commit:
                summary = reg.apply(plan)
                stored = summary.as_dict()
                stored["round"], stored["year"] = reg.round_number(plan.diffs[0].key)
        elif commit:
            raise InputError("report", report, "no event could be drafted (no date): nothing stored")
    if as_json:
        click.echo(json.dumps({**draft.as_dict(), "diff": None if plan is None else plan.as_dict(),
                               "stored": stored}, indent=1, default=str))
        return
    for name, v in draft.fields.items():
        items = v if isinstance(v, list) else [] if v is None else [v]
        if not items:
            click.echo(f"{name:<13} -")
        for x in items:
            val = x.value
            if hasattr(val, "name") and hasattr(val, "lat"):
                val = val.name + ("" if val.lat is None else
                                  f" ({math.degrees(val.lat):.2f}, {math.degrees(val.lon):.2f})")
            elif isinstance(val, float) and name in ("distance", "apogee"):
                val = f"{val / 1e3:,.0f} km"
            elif isinstance(val, float) and name == "bearing":
                val = f"{math.degrees(val):.0f} deg"
            click.echo(f"{name:<13} {val}  [{x.confidence:.2f}] \"{x.text}\" @{x.span[0]}-{x.span[1]}")
    for fl in draft.flags:
        click.echo(f"flag: {fl}")
    if plan is not None:
        click.echo("diff:" if not commit else "applied:")
        for line in plan.lines():
            click.echo(f"  {line}")
    if stored is not None:
        click.echo(f"stored: {stored}")
