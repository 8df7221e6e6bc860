"""What the register's commands share: the ``register`` group, ``--register``, ``--json`` and the filters.

The register is ``$LAUNCHWATCH_REGISTER_URL``, else ``register.sqlite`` in the user data
directory (``$LAUNCHWATCH_DATA_DIR`` moves it); ``--register`` names another (a path or
any SQLAlchemy URL).  A register the command line creates starts with the built-in
public record (the CNS database's facts).  Every command takes ``--json`` for scripts;
writes show their diff first (``--dry-run``: the diff only).
"""

from __future__ import annotations

from typing import Any

import click

_REG = click.option("--register", "where", default=None, metavar="PATH|URL",
                    help="Register database (default: $LAUNCHWATCH_REGISTER_URL or the user data dir).")
_JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _open(where: str | None):
    from ..store import Register

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
