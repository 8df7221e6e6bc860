"""``launchwatch serve``: the web dashboard on a register, with uvicorn."""

from __future__ import annotations

import click

__all__ = ["serve"]


def _seconds(_ctx: click.Context, param: click.Parameter, value: float | None) -> float | None:
    """A time limit in seconds: finite, above 0, at most an hour (click's FloatRange lets NaN by)."""
    if value is not None and not (0 < value <= 3600):  # False for NaN too
        raise click.BadParameter(f"{value!r} is not a number of seconds in (0, 3600]", param=param)
    return value


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 opens the read pages to the network).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="TCP port (0: any free port).")
@click.option("--register", "where", default=None, metavar="PATH|URL",
              help="Register database (default: $LAUNCHWATCH_REGISTER_URL or the user data dir).")
@click.option("--token", envvar="LAUNCHWATCH_TOKEN", default=None, show_envvar=True,
              help="Bearer token that writes (committing an ingested report) need; without "
                   "one every write is refused.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (each with its own read cache); 2 on a 2-core machine "
                   "serves reads on both cores.")
@click.option("--sensors", "sensors_file", default=None, metavar="FILE",
              type=click.Path(dir_okay=False, path_type=str),
              help="Sensors to show on the globe (YAML or TOML with a `sensors` list, as in "
                   "scenario files: radars and infrared satellites).")
@click.option("--header-timeout", type=float, default=None, callback=_seconds, metavar="S",
              help="Seconds a client has to send a request's headers, from connecting or from "
                   "its previous answer; then the connection is closed.  [default: 10]")
@click.option("--body-timeout", type=float, default=None, callback=_seconds, metavar="S",
              help="Seconds a request body has to arrive once its headers are in (any route); "
                   "then 408 and the connection is closed.  [default: 30]")
@click.option("--max-body", type=click.IntRange(1), default=None, metavar="BYTES",
              help="Largest request body on any route (413 above; a report itself is at most "
                   "1 MiB).  [default: 2097152, 2 MiB]")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="uvicorn's log level.")
def serve(host: str, port: int, where: str | None, token: str | None, workers: int,
          sensors_file: str | None, header_timeout: float | None, body_timeout: float | None,
          max_body: int | None, log_level: str) -> None:
    """Start the web dashboard: event list, event pages, timeline, ingest, JSON API.

    Read pages and GET /api/... are open to anyone who can reach HOST:PORT; writes need
    `Authorization: Bearer TOKEN`.  Every asset is served from the package: no internet.

    \b
    Examples:
      launchwatch serve
      LAUNCHWATCH_TOKEN=s3cret launchwatch serve --register events.sqlite --port 8080
      launchwatch serve --sensors examples/track-salvo.yaml   # its radars and satellites on the globe
      curl -s localhost:8000/api/events?class=ICBM | jq .total
    """
    from ..register.store import Register
    from ..sensors.config import load_sensors
    from .app import create_app
    from .server import run

    sensors = tuple(load_sensors(sensors_file)) if sensors_file else ()  # checked before serving
    limits = {"header_timeout": header_timeout, "body_timeout": body_timeout, "max_body": max_body}
    with Register(where, history=True) as reg:  # a new register starts with the public record
        writes = "writes need the token" if token else "read-only (no token)"
        where_to = f" on http://{host}:{port}/" if port else ""
        many = f", {workers} workers" if workers > 1 else ""
        click.echo(f"launchwatch dashboard{where_to} ({len(reg)} events, {writes}){many}", err=True)
        if workers > 1:
            url = reg.url
        else:
            app = create_app(reg, token=token, warm=True, freeze=True,
                             **({"body_timeout": body_timeout} if body_timeout else {}))
            app.state.sensors = sensors
            run(app, host=host, port=port, log_level=log_level, **limits)
            return
    run(url, host=host, port=port, token=token, workers=workers, log_level=log_level,
        sensors_file=sensors_file, **limits)
