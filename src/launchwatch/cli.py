"""The ``launchwatch`` command line.

Subcommands live beside the layer they drive and are attached here; heavy imports
happen inside the commands so that ``launchwatch --help`` stays fast.
"""

from __future__ import annotations

import importlib
import sys

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
      launchwatch simulate examples/salvo.yaml --out out/
      launchwatch simulate examples/salvo.yaml --json
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


for _mod, _attr in _PLUGINS:
    try:
        cli.add_command(getattr(importlib.import_module(_mod), _attr))
    except ModuleNotFoundError as _exc:  # layer not built yet
        if _exc.name is None or not _mod.startswith(_exc.name):
            raise


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
