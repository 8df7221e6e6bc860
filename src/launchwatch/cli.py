"""The ``launchwatch`` command line.

Subcommands live beside the layer they drive and are attached here; heavy imports
happen inside the commands so that ``launchwatch --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from . import __version__
from .errors import InputError, check_utc, one_line

# (module, attribute) of click commands contributed by other layers; a module that is
# not present yet is skipped.
_PLUGINS = [
    ("launchwatch.flight.cli", "simulate"),
    ("launchwatch.flight.cli", "invert"),
    ("launchwatch.register.cli", "register"),
    ("launchwatch.register.cli", "ingest"),
    ("launchwatch.tracking.cli", "track"),
    ("launchwatch.web.cli", "serve"),
    ("launchwatch.scale.cli", "campaign"),
    ("launchwatch.watch.cli", "watch"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="launchwatch")
@click.option("--debug", is_flag=True, help="Show the full traceback on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """launchwatch: monitoring of ballistic missile launches.

    \b
    Examples:
      launchwatch demo
      launchwatch simulate examples/wonsan-2025-05-08.yaml --out out/
      launchwatch invert --lat 39.17 --lon 127.48 --range-km 800 --apogee-km 50
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for _mod, _attr in _PLUGINS:
    try:
        cli.add_command(getattr(importlib.import_module(_mod), _attr))
    except ModuleNotFoundError as _exc:  # layer not built yet
        if _exc.name is None or not _mod.startswith(_exc.name):
            raise


@cli.command("config")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
def config_cmd(as_json: bool) -> None:
    """Show the effective settings and where each comes from.

    Environment variables (LAUNCHWATCH_REGISTER_URL, LAUNCHWATCH_DATA_DIR, LAUNCHWATCH_TOKEN)
    override the configuration file ($LAUNCHWATCH_CONFIG or config.toml in the user config
    directory), which overrides the defaults.

    \b
    Examples:
      launchwatch config
      LAUNCHWATCH_REGISTER_URL=sqlite:////tmp/r.sqlite launchwatch config --json
    """
    import json as _json

    from .config import config_file, settings

    st = settings()
    out = {"register_url": st.register_url, "data_dir": str(st.data_dir),
           "token": "(set)" if st.token else None, "sources": st.sources,
           "config_file": str(config_file()), "config_file_used": st.file is not None}
    if as_json:
        click.echo(_json.dumps(out, indent=1))
        return
    for k in ("register_url", "data_dir", "token"):
        click.echo(f"{k:>13}: {out[k]}  ({st.sources[k]})")
    click.echo(f"{'config file':>13}: {out['config_file']}"
               f"{'' if out['config_file_used'] else ' (not present)'}")


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; every error is one line on stderr.

    Exit codes: 2 bad input (an :class:`InputError`, naming the field and the value) or a
    usage error; 1 an I/O error or an internal error; 130 interrupted.  The traceback is
    shown only with ``--debug``.
    """
    args = list(argv if argv is not None else sys.argv[1:])
    debug = "--debug" in args
    try:
        rv = cli.main(args=args, prog_name="launchwatch", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        if debug:
            raise
        cmd = exc.ctx.command_path if exc.ctx is not None else "launchwatch"
        click.echo(f"error: {one_line(exc.format_message())} (see '{cmd} --help')", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        if debug:
            raise
        click.echo(f"error: {one_line(exc.format_message())}", err=True)
        sys.exit(exc.exit_code)
    except InputError as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:
        if debug:
            raise
        click.echo(f"error: {one_line(str(exc))}", err=True)
        sys.exit(1)
    except MemoryError:
        if debug:
            raise
        click.echo("error: out of memory (the input asks for more than this machine holds)", err=True)
        sys.exit(1)
    except Exception as exc:  # a bug: one line, the trace with --debug
        if debug:
            raise
        click.echo(f"error: internal error {type(exc).__name__}: {one_line(str(exc), 200)} "
                   "(rerun with --debug for the trace, and report it)", err=True)
        sys.exit(1)
    if isinstance(rv, int) and rv:
        sys.exit(rv)


@cli.command()
@click.option("--seed", type=int, default=0, show_default=True,
              help="Noise and clutter seed; a run is reproducible from it.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("launchwatch-demo"), show_default=True,
              help="Folder for the bulletin, assessment, comparison, figures and the demo's own "
                   "register.")
@click.option("--register", "register", default=None,
              help="Store the simulated round in this register (file or SQLAlchemy URL) instead "
                   "of the demo's own (OUT/register.sqlite, seeded with the public record).")
@click.option("--no-store", is_flag=True, help="Store nothing (round numbers from the built-in record).")
@click.option("--json", "as_json", is_flag=True, help="Print the bulletin and facts as JSON.")
def demo(seed: int, out_dir: Path, register: str | None, no_store: bool, as_json: bool) -> None:
    """Simulate, detect, track, assess and report the round of 8 May 2025 (built-in scenario).

    Two ~250 km and one ~800 km (depressed) generic missiles from near Wonsan into the Sea
    of Japan, watched by generic radars in the south and an infrared satellite.  The
    simulated round is stored, marked as simulated, in the demo's own register (never in
    yours unless --register names it) and set beside the public record of that day.

    \b
    Examples:
      launchwatch demo
      launchwatch demo --seed 7 --out /tmp/demo7
      launchwatch demo --json --no-store | jq .bulletins[0].text
    """
    import json as _json

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .demo import run_demo

    console = Console(stderr=True)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=console, transient=True) as prog:
        task = prog.add_task("starting", total=None)
        result = run_demo(seed, out_dir=out_dir, register=register, store=not no_store,
                          progress=lambda step: prog.update(task, description=step))
    if as_json:
        click.echo(_json.dumps({"seed": seed, "bulletins": result.bulletin_json,
                                "register_keys": result.register_keys,
                                "register": result.register, "comparison": result.comparison,
                                "files": {k: str(v) for k, v in result.files.items()}},
                               indent=1, default=float))
        return
    _print_assessment(result.bulletins, result.assessments, result.scenario.epoch,
                      result.register_keys, result.files, register=result.register)
    _print_comparison(result.comparison)


def _print_comparison(comparison: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console()
    if not out.is_terminal:
        out = Console(width=150)
    for cmp in comparison:
        if cmp.get("record") is None:
            out.print(f"{cmp['key']}: the public record has no round of this day")
            continue
        table = Table(title=f"measured ({cmp['key']}) beside the public record ({cmp['record']})")
        for head in ("launch (UTC)", "record", "distance km: measured", "record", "",
                     "apogee km: measured", "record", "", "regime (measured)"):
            table.add_column(head)

        def v(x) -> str:
            return "-" if x is None else f"{x:,.0f}"

        def hm(iso: str) -> str:
            from datetime import datetime, timedelta

            return (datetime.fromisoformat(iso) + timedelta(seconds=30)).strftime("%H:%M")

        for row in cmp["launches"]:
            if row.get("record_utc") is None:
                table.add_row(hm(row["measured_utc"]), "no record of this launch", *[""] * 7)
                continue
            table.add_row(hm(row["measured_utc"]), row["record_missile"] or "-",
                          v(row["measured_distance_km"]), v(row["record_distance_km"]),
                          row["distance_verdict"], v(row["measured_apogee_km"]),
                          v(row["record_apogee_km"]), row["apogee_verdict"],
                          row.get("measured_regime") or "-")
        out.print(table)
        for line in cmp["summary"]:
            out.print(f"  {line}")


def _print_assessment(bulletins, assessments, epoch, register_keys, files, *, register=None) -> None:
    import math

    from rich.console import Console
    from rich.table import Table

    out = Console()
    if not out.is_terminal:
        out = Console(width=150)
    for text in bulletins:
        out.print(f"\n[bold]{text}[/bold]\n")
    table = Table(title="per-missile facts (95 % uncertainties)")
    for head in ("track", "launch (UTC)", "launch point", "+-km", "range km", "apogee km",
                 "class", "regime", "impact point", "+-km", "landing", "flags"):
        table.add_column(head)
    from datetime import timedelta

    from .assess.places import coordinates_text, describe_landing

    for a in assessments:
        if a.status != "ok":
            table.add_row(str(a.track_id), "-", a.reason, *[""] * 9)
            continue
        t = epoch + timedelta(seconds=a.launch_time)

        def km(v: float) -> str:
            return "-" if not math.isfinite(v) else f"{v / 1e3:.1f}"

        table.add_row(str(a.track_id), f"{t:%H:%M:%S} +-{a.launch_time_sigma * 2:.0f}s",
                      coordinates_text(a.launch_lat, a.launch_lon) if a.launch_determined
                      else "not determined", km(a.launch_semi_major),
                      km(a.range_m), km(a.apogee_alt), a.missile_class or "unknown", a.regime,
                      coordinates_text(a.impact_lat, a.impact_lon), km(a.impact_semi_major),
                      describe_landing(a.impact_lat, a.impact_lon), "; ".join(a.flags) or "-")
    out.print(table)
    if register_keys:
        out.print(f"stored as {', '.join(register_keys)}"
                  + (f" in {register}" if register else " in the register"))
    for name, path in files.items():
        out.print(f"wrote {name}: {path}")


@cli.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sensors", "sensors_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Sensor list (YAML) for a detection file (default: its sidecar).")
@click.option("--epoch", default=None,
              help="UTC time of t = 0 of a detection file, ISO 8601 (e.g. 2025-05-08T23:00Z).")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Noise seed of the detections simulated for a scenario file.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the bulletin, assessment, map, profile and tracking figures.")
@click.option("--store", is_flag=True, help="Store the events in the register.")
@click.option("--register", "register", default=None, help="Register file or SQLAlchemy URL.")
@click.option("--json", "as_json", is_flag=True, help="Print the bulletins and tracks as JSON.")
def assess(source: Path, sensors_path: Path | None, epoch: str | None, seed: int,
           out_dir: Path | None, store: bool, register: str | None, as_json: bool) -> None:
    """Track and assess a scenario file or a recorded detection file; print the bulletin.

    SOURCE is a scenario (flights + a sensors: section, as for `launchwatch track`; its
    detections are simulated) or a detection file (.csv/.parquet written by `launchwatch
    track --save-detections`, with its .sensors.yaml beside it).  Recordings separated by
    more than 10 minutes are tracked separately.

    \b
    Examples:
      launchwatch assess examples/track-salvo.yaml --out out/
      launchwatch track examples/track-salvo.yaml --save-detections dets.csv
      launchwatch assess dets.csv --epoch 2025-05-08T23:00Z --json
    \b
    Exit codes: 0 launches assessed, 3 none could be assessed, 2 bad input, 1 I/O error.
    """
    import json as _json
    from datetime import UTC

    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .assess.bulletin import bulletin, bulletin_json
    from .assess.events import group_launches
    from .pipeline import assessment_row, split_recordings, store_rounds, track_and_assess, write_outputs

    if not source.is_file():
        raise InputError("source", str(source), "no such file")
    truth = None
    t0 = None
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as prog:
        task = prog.add_task("reading", total=None)

        def say(step: str) -> None:
            prog.update(task, description=step)

        if source.suffix.lower() in (".csv", ".parquet", ".pq"):
            from .sensors.config import load_sensors
            from .sensors.io import read_detections
            from .tracking.cli import _sidecar

            spath = sensors_path or _sidecar(source)
            if not spath.is_file():
                raise InputError("sensors", str(spath), "no such file; pass --sensors FILE")
            sensors = load_sensors(spath)
            recordings = split_recordings(read_detections(source, sensors))
        else:
            from .flight.config import run_scenario
            from .sensors import Truth, generate_detections
            from .tracking.cli import _load_scenario_file

            scenario, sensors, _cfg = _load_scenario_file(source, sensors_path)
            t0 = scenario.epoch
            say("simulating the flights")
            truth, _ = run_scenario(scenario, sample_dt=0.1)
            tr = Truth.from_flight(truth)
            say("generating detections")
            recordings = split_recordings(generate_detections(tr, sensors, seed=seed))
        if epoch is not None:
            t0 = check_utc("--epoch", epoch)
        if t0 is None:
            raise InputError("--epoch", None, "the source has no epoch: pass --epoch")
        t0 = t0.astimezone(UTC)
        assessments, truth_index, facts, _rej = track_and_assess(recordings, sensors, t0,
                                                                 progress=say)
        from . import __version__

        # a scenario file's detections are simulated: its rounds are marked so, never counted
        simulated = truth is not None
        events = group_launches(facts, software=f"launchwatch {__version__}", input_name=str(source),
                                simulated=simulated, key_suffix=f"-{source.stem}" if simulated else "")
        numbers: list[int | None] = [None] * len(events)
        keys: list[str] = []
        if store and events:
            say("storing the rounds")
            # a register created now starts with the public record, as every command's does
            keys, numbers = store_rounds(events, register, history=True)
        texts = [bulletin(ev, round_of_year=n, live=True) for ev, n in zip(events, numbers, strict=True)]
        js = [bulletin_json(ev, round_of_year=n, live=True) for ev, n in zip(events, numbers, strict=True)]
        files = {}
        if out_dir is not None:
            files = write_outputs(out_dir, assessments=assessments, events=events,
                                  bulletins=texts, bulletin_json=js, sensors=sensors,
                                  truth_index=truth_index, truth=truth,
                                  extra={"source": str(source)}, progress=say)
    if as_json:
        click.echo(_json.dumps({"bulletins": js, "tracks": [assessment_row(a) for a in assessments],
                                "register_keys": keys,
                                "files": {k: str(v) for k, v in files.items()}},
                               indent=1, default=float))
    else:
        _print_assessment(texts, assessments, t0, keys, files, register=register)
    if not facts:
        sys.exit(3)
