"""``launchwatch register import | update-history | reconstruct``: writing to the register
(the diff first, then one transaction)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ...errors import InputError
from .common import _JSON, _REG, _open, register


def _show_plan(plan, as_json: bool) -> None:
    if as_json:
        return
    for line in plan.lines():
        if not line.endswith("nothing changes"):
            click.echo(line)


@register.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "csv", "json", "cns"]), default="auto",
              show_default=True, help="cns: the CNS database JSON folder (or its test.en.json).")
@click.option("--mapping", default=None, metavar="cns|FILE.json",
              help="Column mapping for CSV: 'cns' for the CNS spreadsheet, or a JSON {ours: theirs}.")
@click.option("--state", default=None, help="Launching state for rows that do not say.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows and report the bad ones.")
@click.option("--reconstruct", "recon", is_flag=True, help="Fit flights (where the facts allow) first.")
@click.option("--dry-run", is_flag=True, help="Show the diff only; store nothing.")
@_REG
@_JSON
def import_(source: Path, fmt, mapping, state, skip_bad, recon, dry_run, where, as_json) -> None:
    """Import rounds from CSV, JSON or the CNS database: the diff, then one transaction
    (re-importing changes nothing)."""
    from ..importers import CNS_CSV_MAPPING, read_cns_json, read_csv, read_json

    if fmt == "auto":
        fmt = ("cns" if source.is_dir() or source.name == "test.en.json"
               else "json" if source.suffix.lower() == ".json" else "csv")
    errors: list = []
    if fmt == "cns":
        events = read_cns_json(source)
    elif fmt == "json":
        events, errors = read_json(source, state=state, skip_bad=skip_bad)
    else:
        mp = None
        if mapping == "cns":
            mp = CNS_CSV_MAPPING
        elif mapping:
            try:
                mp = json.loads(Path(mapping).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise InputError("--mapping", mapping, f"not a readable JSON mapping ({exc})") from None
        events, errors = read_csv(source, mapping=mp, state=state, skip_bad=skip_bad)
    if recon:
        from ..reconstruct import reconstruct

        reconstruct(events)
    with _open(where) as reg:
        plan = reg.plan(events)
        _show_plan(plan, as_json)
        summary = plan.summary()
        if not dry_run:
            summary = reg.apply(plan).plan.summary()
        total = len(reg)
    out = {**{k: len(v) for k, v in summary.items()}, "events_in_register": total,
           "stored": not dry_run, "bad_rows": [str(e) for e in errors], "diff": plan.as_dict()}
    if as_json:
        click.echo(json.dumps(out, indent=1, default=str))
        return
    verb = "would be" if dry_run else ""
    w = verb + " " if verb else ""
    click.echo(f"{out['added']} {w}added, {out['merged']} {w}merged, {out['unchanged']} unchanged; "
               f"{total} rounds in the register")
    for e in errors:
        click.echo(f"skipped {e}", err=True)


@register.command("update-history")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@_REG
@_JSON
def update_history_cmd(source: Path, where, as_json) -> None:
    """Reconcile the register with a newer CNS compilation (its JSON folder or test.en.json):
    records added, changed and removed; running it again changes nothing."""
    from ..history import update_history

    with _open(where) as reg:
        res = update_history(reg, source)
        total = len(reg)
    out = {**res.as_dict(), "events_in_register": total, "details": res.details}
    if as_json:
        click.echo(json.dumps(out, indent=1))
        return
    for d in res.details:
        click.echo(d)
    click.echo(f"{res.added} added, {res.changed} changed, {res.removed} removed, {res.unchanged} "
               f"unchanged; {total} rounds in the register")


@register.command()
@_REG
@_JSON
@click.option("--overwrite", is_flag=True, help="Fit again launches whose fit is current.")
@click.option("--assume", is_flag=True,
              help="Also fit launches with one shape fact (the minimum-energy flight, marked assumed).")
def reconstruct(where, as_json, overwrite, assume) -> None:
    """Fit flights to the stored launches whose facts allow one (flight.invert) and store
    them: not failures, space launches or one-fact records (unless --assume)."""
    from datetime import UTC, datetime

    from ..models import Change
    from ..reconstruct import reconstruct as fit

    with _open(where) as reg:
        events = reg.events()
        report = fit(events, overwrite=overwrite, assume=assume)
        touched = {k for k, _ in report.fitted} | {k for k, _ in report.removed}
        now = datetime.now(UTC)
        for ev in events:
            if ev.key not in touched:
                continue
            for k, seq in report.fitted:
                if k == ev.key:
                    la = next(x for x in ev.launches if x.seq == seq)
                    rc = la.reconstruction
                    ev.changes.append(Change(when=now, source="launchwatch", launch=seq,
                                             field="reconstruction",
                                             new_text=f"fitted flight ({rc.regime}"
                                             + (", assumed" if rc.assumed else "") + ")"))
            for k, seq in report.removed:
                if k == ev.key:
                    ev.changes.append(Change(when=now, source="launchwatch", launch=seq,
                                             field="reconstruction", new_text="removed",
                                             note="the facts do not allow a fit"))
        reg.replace([e for e in events if e.key in touched])
    out = {"reconstructed": len(report.fitted), "removed": len(report.removed),
           "skipped": report.reasons()}
    if as_json:
        click.echo(json.dumps(out, indent=1))
        return
    click.echo(f"{out['reconstructed']} launch(es) reconstructed, {out['removed']} fit(s) removed")
    for why, n in sorted(out["skipped"].items(), key=lambda kv: -kv[1]):
        click.echo(f"  {n} not fitted: {why}")
