"""``launchwatch register ...`` and ``launchwatch ingest``: the event register from the shell.

The register is ``$LAUNCHWATCH_REGISTER_URL``, else ``register.sqlite`` in the user data
directory (``$LAUNCHWATCH_DATA_DIR`` moves it); ``--register`` names another (a path or
any SQLAlchemy URL).  A register the command line creates starts with the built-in
public record (the CNS database's facts).  Every command takes ``--json`` for scripts;
writes show their diff first (``--dry-run``: the diff only).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import InputError

_REG = click.option("--register", "where", default=None, metavar="PATH|URL",
                    help="Register database (default: $LAUNCHWATCH_REGISTER_URL or the user data dir).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _open(where: str | None):
    from .store import Register

    return Register(where, history=True)


_FILTERS = ("start", "end", "year", "place", "missile_class", "state", "outcome", "missile_name",
            "confirmation", "facility", "text")


def _filters(f):
    for opt in reversed((
        click.option("--start", default=None, metavar="YYYY-MM-DD", help="Local day on or after."),
        click.option("--end", default=None, metavar="YYYY-MM-DD", help="Local day on or before."),
        click.option("--year", type=int, default=None, help="Local year."),
        click.option("--place", default=None, help="Launch site or landing area (name or alias)."),
        click.option("--facility", default=None, help="Launch site (name, part of it, or gazetteer alias)."),
        click.option("--class", "missile_class", default=None,
                     help="Missile class (SRBM, ICBM, ..., or unknown)."),
        click.option("--missile", "missile_name", default=None,
                     help="Missile type by any public designation (KN-23, Hwasong-11A)."),
        click.option("--outcome", default=None, help="success, failure or unknown."),
        click.option("--confirmation", default=None,
                     help="confirmed, reported, unconfirmed or disputed."),
        click.option("--state", default=None, help="Launching state (name or code: KP)."),
        click.option("--text", default=None, help="Words in names, notes, sources or quotes."),
    )):
        f = opt(f)
    return f


def _query(reg, kw: dict[str, Any]):
    return reg.events(**{k: kw.get(k) for k in _FILTERS})


def _km(x: float | None) -> str:
    return "-" if x is None else f"{x / 1e3:,.0f}"


@click.group()
def register() -> None:
    """The register of launch rounds: list, show, stats, import, export, reconstruct.

    \b
    Examples:
      launchwatch register list --year 2025
      launchwatch register list --class unknown --outcome failure
      launchwatch register show KP-2025-05-08
      launchwatch register stats --json
      launchwatch register import reports.csv --dry-run
      launchwatch register update-history newer-cns-folder/
      launchwatch register export out.kml --year 2022 --class ICBM
    """


def _when(ev) -> str:
    la = ev.launches[0]
    if la.date_precision != "day":
        return ev.local_day.ljust(16)
    if not la.time_known:
        return (la.utc.strftime("%Y-%m-%d") + " --:--Z").ljust(16)
    return ev.start.strftime("%Y-%m-%dT%H:%MZ")


@register.command("list")
@_filters
@_REG
@_JSON
def list_(where, as_json, **kw) -> None:
    """List rounds (one line each) in time order."""
    with _open(where) as reg:
        evs = _query(reg, kw)
        rows = reg.timeline(events=evs)
    if as_json:
        click.echo(json.dumps(rows, indent=1))
        return
    by_key = {e.key: e for e in evs}
    for r in rows:
        ev = by_key[r["key"]]
        rnd = "simulated  " if r["simulated"] else (
            f"round {r['round']:>2} of {r['year']}" if r["round"] else " " * 16)
        click.echo(f"{r['key']:<24} {_when(ev)}  {rnd}  {r['missiles']:>2} missile"
                   f"{'s' if r['missiles'] != 1 else ' '}  {','.join(r['classes']):<14} "
                   f"{'; '.join(r['sites'])[:40]}")
    click.echo(f"{len(rows)} round(s)")


@register.command()
@click.argument("key")
@_REG
@_JSON
def show(key: str, where, as_json) -> None:
    """Show one round: bulletin, launches with their claims and conflicts, change log."""
    from ..assess.bulletin import bulletin
    from .claims import conflicts, format_claim, short_source

    with _open(where) as reg:
        ev = reg.get(key)
        n, year = reg.round_number(ev.key)
    rnd = None if ev.simulated or not ev.state else n
    if as_json:
        click.echo(json.dumps({"round": rnd, "year": year, "bulletin": bulletin(ev, round_of_year=rnd),
                               "conflicts": {la.seq: conflicts(la) for la in ev.launches},
                               **ev.model_dump(mode="json")}, indent=1))
        return
    click.echo(bulletin(ev, round_of_year=rnd))
    click.echo(f"\n{ev.key}: {ev.state or 'state unknown'}, "
               + ("simulated" if ev.simulated else f"round {n} of {year}")
               + f", {ev.n_missiles} missile(s)"
               + (f"; also known as {', '.join(ev.aliases)}" if ev.aliases else ""))
    for la in ev.launches:
        when = la.utc.strftime("%Y-%m-%d %H:%MZ") if la.time_known else (
            la.utc.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[la.date_precision])
            + " (time not reported)")
        click.echo(f"  #{la.seq} {when} {la.site.name or 'site unknown'}: "
                   f"{la.missile_name or '-'} ({la.missile_class or 'unknown'}) x{la.count}, distance "
                   f"{_km(la.distance)} km, apogee {_km(la.apogee)} km, bearing "
                   f"{'-' if la.bearing is None else f'{math.degrees(la.bearing):.0f}'} deg, "
                   f"landing {la.landing.name or '-'}, outcome {la.outcome}, regime {la.regime or '-'}")
        if la.possible_duplicate_of:
            seqs = ", #".join(map(str, la.possible_duplicate_of))
            click.echo(f"     kept apart: could be #{seqs}; not counted")
        for c in la.claims:
            click.echo(f"     claim {c.field}: {format_claim(c)}  [{short_source(c.source)}"
                       f"{', ' + c.publication if c.publication else ''}{', ' + c.ref if c.ref else ''}]")
        for f, text in conflicts(la).items():
            click.echo(f"     conflict {f}: {text}")
        if la.reconstruction is not None:
            rc = la.reconstruction
            click.echo(f"     fit: {rc.regime}{' (assumed)' if rc.assumed else ''}, "
                       f"{rc.range / 1e3:,.0f} km, apogee {rc.apogee / 1e3:,.0f} km"
                       + (f", full range {rc.full_range / 1e3:,.0f} km" if rc.full_range else ""))
            for m in rc.messages:
                click.echo(f"     finding: {m}")
    if ev.changes:
        click.echo("  change log:")
        for ch in ev.changes:
            click.echo(f"     {ch.text()}")


@register.command()
@_REG
@_JSON
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also draw the timeline (missiles per year by class) to a PNG or SVG file.")
def stats(where, as_json, plot: Path | None) -> None:
    """Counts of real rounds: events and missiles per local year, missiles per class.

    \b
    Examples:
      launchwatch register stats
      launchwatch register stats --plot timeline.png
    """
    with _open(where) as reg:
        st = reg.stats()
    if plot is not None:
        from ..present.figures import timeline_plot

        timeline_plot(plot, st["missiles_per_year_class"],
                      title=f"{st['events']} rounds, {st['missiles']} missiles")
    if as_json:
        click.echo(json.dumps(st, indent=1))
        return
    click.echo(f"{st['events']} rounds, {st['missiles']} missiles")
    classes = sorted(st["missiles_per_class"])
    click.echo("year  rounds missiles  " + " ".join(f"{c:>7}" for c in classes))
    for y, n in st["events_per_year"].items():
        per = st["missiles_per_year_class"].get(y, {})
        click.echo(f"{y}  {n:>6} {st['missiles_per_year'].get(y, 0):>8}  "
                   + " ".join(f"{per.get(c, 0):>7}" for c in classes))


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
    from .importers import CNS_CSV_MAPPING, read_cns_json, read_csv, read_json

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
        from .reconstruct import reconstruct

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
    from .history import update_history

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

    from .models import Change
    from .reconstruct import reconstruct as fit

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


@register.command()
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson", "kml", "czml", "json"]),
              default=None, help="Default: from the file extension.")
@click.option("--sample-dt", type=float, default=10.0, show_default=True,
              help="Trajectory sampling [s] (geojson, kml, czml).")
@_filters
@_REG
def export(out: str, fmt, sample_dt, where, **kw) -> None:
    """Export rounds (launch/landing points, trajectories, figures and sources) as CSV,
    GeoJSON, KML, CZML or JSON."""
    from .export import export as write

    if fmt is None:
        fmt = Path(out).suffix.lower().lstrip(".") or "csv"
        if fmt not in ("csv", "geojson", "kml", "czml", "json"):
            raise InputError("format", fmt, "give --format (csv, geojson, kml, czml, json)")
    if not (sample_dt > 0 and math.isfinite(sample_dt)):
        raise InputError("--sample-dt", sample_dt, "must be a positive number of seconds")
    with _open(where) as reg:
        events = _query(reg, kw)
    failures: list[tuple[str, str]] = []
    text = write(events, fmt, None if out == "-" else out, sample_dt=sample_dt, failures=failures)
    if out == "-":
        sys.stdout.write(text)
    else:
        click.echo(f"{len(events) - len(failures)} round(s) written to {out}", err=True)
    for key, why in failures:  # each record at fault said alone; the others are written
        click.echo(f"not exported: {key}: {why}", err=True)


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

    from .ingest import ingest_text
    from .ingest.files import read_report

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
