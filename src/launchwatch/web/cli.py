"""``launchwatch serve``: the web dashboard on a register, with uvicorn."""

from __future__ import annotations

import click

__all__ = ["serve"]


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
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info", "debug"]),
              default="info", show_default=True, help="uvicorn's log level.")
def serve(host: str, port: int, where: str | None, token: str | None, workers: int,
          sensors_file: str | None, log_level: str) -> None:
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
    with Register(where, history=True) as reg:  # a new register starts with the public record
        writes = "writes need the token" if token else "read-only (no token)"
        where_to = f" on http://{host}:{port}/" if port else ""
        many = f", {workers} workers" if workers > 1 else ""
        click.echo(f"launchwatch dashboard{where_to} ({len(reg)} events, {writes}){many}", err=True)
        if workers > 1:
            url = reg.url
        else:
            app = create_app(reg, token=token, warm=True, freeze=True)
            app.state.sensors = sensors
            run(app, host=host, port=port, log_level=log_level)
            return
    run(url, host=host, port=port, token=token, workers=workers, log_level=log_level,
        sensors_file=sensors_file)
