"""``launchwatch register list | show | stats | export``: reading the register."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import click

from ...errors import InputError
from .common import _JSON, _REG, _filters, _km, _open, _query, register


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
    from ...assess.bulletin import bulletin
    from ..claims import conflicts, format_claim, short_source

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
        from ...present.figures import timeline_plot

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
    from ..export import export as write

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
