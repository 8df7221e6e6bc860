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
from .errors import InputError

# (module, attribute) of click commands contributed by other layers; a module that is
# not present yet is skipped.
_PLUGINS = [
    ("launchwatch.flight.cli", "simulate"),
    ("launchwatch.flight.cli", "invert"),
    ("launchwatch.register.cli", "register"),
    ("launchwatch.register.cli", "ingest"),
    ("launchwatch.tracking.cli", "track"),
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
    """Entry point: run the CLI, turning known errors into one clear line and exit code 2."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="launchwatch", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except InputError as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except (OSError, ValueError) as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@cli.command()
@click.option("--seed", type=int, default=0, show_default=True,
              help="Noise and clutter seed; a run is reproducible from it.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("launchwatch-demo"), show_default=True,
              help="Folder for the bulletin, assessment, map and profile.")
@click.option("--register", "register", default=None,
              help="Register file or SQLAlchemy URL (default: $LAUNCHWATCH_REGISTER_URL or the "
                   "user data directory).")
@click.option("--no-store", is_flag=True, help="Do not store the event in the register.")
@click.option("--json", "as_json", is_flag=True, help="Print the bulletin and facts as JSON.")
def demo(seed: int, out_dir: Path, register: str | None, no_store: bool, as_json: bool) -> None:
    """Simulate, detect, track, assess and report a round of launches (built-in scenario).

    Two ~250 km-class and one ~800 km-class generic missiles from near Wonsan into the Sea
    of Japan, watched by generic radars in the south and an infrared satellite.

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
                                "files": {k: str(v) for k, v in result.files.items()}},
                               indent=1, default=float))
        return
    _print_demo(result)


def _print_demo(result) -> None:
    import math

    from rich.console import Console
    from rich.table import Table

    out = Console()
    if not out.is_terminal:
        out = Console(width=150)
    for text in result.bulletins:
        out.print(f"\n[bold]{text}[/bold]\n")
    table = Table(title="per-missile facts (95 % uncertainties)")
    for head in ("track", "launch (UTC)", "launch point", "+-km", "range km", "apogee km",
                 "class", "regime", "impact point", "+-km", "landing", "flags"):
        table.add_column(head)
    epoch = result.scenario.epoch
    from datetime import timedelta

    from .assess.places import coordinates_text, describe_landing

    for a in result.assessments:
        if a.status != "ok":
            table.add_row(str(a.track_id), "-", a.reason, *[""] * 9)
            continue
        t = epoch + timedelta(seconds=a.launch_time)

        def km(v: float) -> str:
            return "-" if not math.isfinite(v) else f"{v / 1e3:.1f}"

        table.add_row(str(a.track_id), f"{t:%H:%M:%S} +-{a.launch_time_sigma * 2:.0f}s",
                      coordinates_text(a.launch_lat, a.launch_lon), km(a.launch_semi_major),
                      km(a.range_m), km(a.apogee_alt), a.missile_class, a.regime,
                      coordinates_text(a.impact_lat, a.impact_lon), km(a.impact_semi_major),
                      describe_landing(a.impact_lat, a.impact_lon), "; ".join(a.flags) or "-")
    out.print(table)
    if result.register_keys:
        out.print(f"stored in the register as {', '.join(result.register_keys)}")
    for name, path in result.files.items():
        out.print(f"wrote {name}: {path}")
