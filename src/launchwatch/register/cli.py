"""``launchwatch register ...`` and ``launchwatch ingest``: the event register from the shell.

The register is ``$LAUNCHWATCH_REGISTER_URL``, else ``register.sqlite`` in the user data
directory (``$LAUNCHWATCH_DATA_DIR`` moves it); ``--register`` names another (a path or
any SQLAlchemy URL).  Every command takes ``--json`` for scripts.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..errors import InputError

_REG = click.option("--register", "where", default=None, metavar="PATH|URL",
                    help="Register database (default: $LAUNCHWATCH_REGISTER_URL or the user data dir).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _open(where: str | None):
    from .store import Register

    return Register(where)


def _date(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(name, value, "not a date YYYY-MM-DD") from None


def _filters(f):
    for opt in (
        click.option("--start", default=None, metavar="YYYY-MM-DD", help="First launch on or after."),
        click.option("--end", default=None, metavar="YYYY-MM-DD", help="First launch on or before."),
        click.option("--year", type=int, default=None, help="UTC year."),
        click.option("--place", default=None, help="Launch site or landing area (name or alias)."),
        click.option("--class", "missile_class", default=None, help="Missile class (SRBM, ICBM, ...)."),
        click.option("--state", default=None, help="Launching state."),
    ):
        f = opt(f)
    return f


def _query(reg, start, end, year, place, missile_class, state):
    return reg.events(start=_date(start, "start"), end=_date(end, "end"), year=year, place=place,
                      missile_class=missile_class, state=state)


def _km(x: float | None) -> str:
    return "-" if x is None else f"{x / 1e3:,.0f}"


@click.group()
def register() -> None:
    """The register of launch events: list, show, stats, import, export.

    \b
    Examples:
      launchwatch register import ../shared/reference/cns
      launchwatch register stats --json
      launchwatch register list --year 2022 --class ICBM
      launchwatch register export out.geojson --format geojson --year 2022
    """


@register.command("list")
@_filters
@_REG
@_JSON
def list_(start, end, year, place, missile_class, state, where, as_json) -> None:
    """List events (one line each) in time order."""
    with _open(where) as reg:
        rows = [r for r in reg.timeline() if r["key"] in
                {e.key for e in _query(reg, start, end, year, place, missile_class, state)}]
    if as_json:
        click.echo(json.dumps(rows, indent=1))
        return
    for r in rows:
        click.echo(f"{r['key']:<16} {r['start'][:16]}Z  round {r['round']:>2} of {r['year']}  "
                   f"{r['missiles']:>2} missile(s)  {','.join(r['classes']):<12} "
                   f"{'; '.join(r['sites'])[:40]}")
    click.echo(f"{len(rows)} event(s)")


@register.command()
@click.argument("key")
@_REG
@_JSON
def show(key: str, where, as_json) -> None:
    """Show one event with its launches, sources and round number."""
    with _open(where) as reg:
        ev = reg.get(key)
        n, year = reg.round_number(key)
    if as_json:
        click.echo(json.dumps({"round": n, "year": year, **ev.model_dump(mode="json")}, indent=1))
        return
    click.echo(f"{ev.key}: {ev.state or 'state unknown'}, round {n} of {year}, "
               f"{ev.n_missiles} missile(s)")
    for la in ev.launches:
        when = la.utc.strftime("%Y-%m-%d %H:%MZ") if la.time_known else la.utc.strftime("%Y-%m-%d")
        click.echo(f"  #{la.seq} {when} {la.site.name or 'site unknown'}: "
                   f"{la.missile_name or ''} {la.missile_class or ''} x{la.count}, apogee "
                   f"{_km(la.apogee)} km, distance {_km(la.distance)} km, "
                   f"bearing {'-' if la.bearing is None else f'{math.degrees(la.bearing):.0f}'} deg, "
                   f"landing {la.landing.name or '-'}, {la.outcome}, {la.regime or 'regime -'}")
        for s in la.sources:
            click.echo(f"     source: {s.name}{' ' + s.url if s.url else ''}")
        if la.reconstruction is not None:
            for m in la.reconstruction.messages:
                click.echo(f"     finding: {m}")


@register.command()
@_REG
@_JSON
@click.option("--plot", "plot", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also draw the timeline (missiles per year by class) to a PNG or SVG file.")
def stats(where, as_json, plot: Path | None) -> None:
    """Counts: events and missiles per year, missiles per class.

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
                      title=f"{st['events']} events, {st['missiles']} missiles")
    if as_json:
        click.echo(json.dumps(st, indent=1))
        return
    click.echo(f"{st['events']} events, {st['missiles']} missiles")
    classes = sorted(st["missiles_per_class"])
    click.echo("year  events missiles  " + " ".join(f"{c:>7}" for c in classes))
    for y, n in st["events_per_year"].items():
        per = st["missiles_per_year_class"].get(y, {})
        click.echo(f"{y}  {n:>6} {st['missiles_per_year'].get(y, 0):>8}  "
                   + " ".join(f"{per.get(c, 0):>7}" for c in classes))


@register.command("import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["auto", "csv", "json", "cns"]), default="auto",
              show_default=True, help="cns: the CNS database JSON folder (or its test.en.json).")
@click.option("--mapping", default=None, metavar="cns|FILE.json",
              help="Column mapping for CSV: 'cns' for the CNS spreadsheet, or a JSON {ours: theirs}.")
@click.option("--state", default=None, help="Launching state for rows that do not say.")
@click.option("--skip-bad", is_flag=True, help="Import the good rows and report the bad ones.")
@click.option("--reconstruct", "recon", is_flag=True, help="Fit trajectories with flight.invert first.")
@_REG
@_JSON
def import_(source: Path, fmt, mapping, state, skip_bad, recon, where, as_json) -> None:
    """Import events from CSV, JSON or the CNS database (one transaction; re-import is safe)."""
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
            mp = json.loads(Path(mapping).read_text(encoding="utf-8"))
        events, errors = read_csv(source, mapping=mp, state=state, skip_bad=skip_bad)
    if recon:
        from .reconstruct import reconstruct

        reconstruct(events)
    with _open(where) as reg:
        summary = reg.add(events)
        total = len(reg)
    out = {**summary.as_dict(), "events_in_register": total, "bad_rows": [str(e) for e in errors]}
    if as_json:
        click.echo(json.dumps(out, indent=1))
        return
    click.echo(f"{out['added']} added, {out['merged']} merged, {out['unchanged']} unchanged; "
               f"{total} events in the register")
    for e in errors:
        click.echo(f"skipped {e}", err=True)


@register.command()
@_REG
@_JSON
@click.option("--overwrite", is_flag=True, help="Fit again launches that have a reconstruction.")
def reconstruct(where, as_json, overwrite) -> None:
    """Fit trajectories to the stored launches (flight.invert) and store them."""
    from .reconstruct import reconstruct as fit

    with _open(where) as reg:
        events = reg.events()
        n = fit(events, overwrite=overwrite)
        reg.add(events)
    click.echo(json.dumps({"reconstructed": n}) if as_json else f"{n} launch(es) reconstructed")


@register.command()
@click.argument("out", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["csv", "geojson", "kml", "czml", "json"]),
              default=None, help="Default: from the file extension.")
@click.option("--sample-dt", type=float, default=10.0, show_default=True,
              help="Trajectory sampling [s] (geojson, kml, czml).")
@_filters
@_REG
def export(out: str, fmt, sample_dt, start, end, year, place, missile_class, state, where) -> None:
    """Export events (launch/landing points, trajectories) as CSV, GeoJSON, KML, CZML or JSON."""
    from .export import export as write

    if fmt is None:
        fmt = Path(out).suffix.lower().lstrip(".") or "csv"
        if fmt not in ("csv", "geojson", "kml", "czml", "json"):
            raise InputError("format", fmt, "give --format (csv, geojson, kml, czml, json)")
    with _open(where) as reg:
        events = _query(reg, start, end, year, place, missile_class, state)
    text = write(events, fmt, None if out == "-" else out, sample_dt=sample_dt)
    if out == "-":
        sys.stdout.write(text)
    else:
        click.echo(f"{len(events)} event(s) written to {out}", err=True)


@click.command()
@click.argument("report", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--date", "report_date", default=None, metavar="YYYY-MM-DD",
              help="The report's date, for relative phrases (default: the first date in it).")
@click.option("--url", default=None, help="Link to the report, kept with its sources.")
@click.option("--no-reconstruct", is_flag=True, help="Skip the trajectory reconstruction.")
@click.option("--commit", is_flag=True, help="Store the draft event in the register (after review).")
@_REG
@_JSON
def ingest(report: str, report_date, url, no_reconstruct, commit, where, as_json) -> None:
    """Read a news report or statement into a draft event (offline, rule-based).

    \b
    Examples:
      launchwatch ingest report.txt
      launchwatch ingest report.txt --date 2022-11-03 --json
      launchwatch ingest report.txt --commit
    """
    from .ingest import ingest_text

    text = sys.stdin.read() if report == "-" else Path(report).read_text(encoding="utf-8")
    draft = ingest_text(text, report_date=_date(report_date, "date"), reconstruct=not no_reconstruct,
                        source_url=url)
    stored: dict[str, Any] | None = None
    if commit:
        if draft.event is None:
            raise InputError("report", report, "no event could be drafted (no date): nothing stored")
        with _open(where) as reg:
            stored = reg.add(draft.event).as_dict()
            stored["round"], stored["year"] = reg.round_number(draft.event.key)
    if as_json:
        click.echo(json.dumps({**draft.as_dict(), "stored": stored}, indent=1))
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
    if draft.event is not None:
        click.echo(f"draft event {draft.event.key}: {len(draft.event.launches)} launch(es), "
                   f"{draft.event.n_missiles} missile(s)")
    if stored is not None:
        click.echo(f"stored: {stored}")
