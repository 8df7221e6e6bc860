"""``launchwatch watch``: the live watch floor (docs/watch.md)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError, check_utc

__all__ = ["watch"]


@click.command()
@click.option("--replay", "replay", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Replay a recorded detection file (.csv/.parquet) as if live.")
@click.option("--speed", type=click.FloatRange(1.0, 50.0), default=1.0, show_default=True,
              help="Replay speed (x1 .. x50).")
@click.option("--skip-gaps", type=click.FloatRange(min=1.0), default=60.0, show_default=True,
              help="Replay: silences longer than this [s] in the file are run through in 1 s.")
@click.option("--tcp", "tcp_port", type=click.IntRange(0, 65535), default=None,
              help="Read newline-delimited JSON messages on this TCP port of localhost (0: any).")
@click.option("--stdin", "use_stdin", is_flag=True, help="Read messages from standard input.")
@click.option("--sensors", "sensors_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Sensor list (YAML); default: the replay file's sidecar.")
@click.option("--epoch", default=None,
              help="UTC time of t = 0, ISO 8601 (needed for a replay and for messages whose "
                   "time is in seconds; default: the first message's time).")
@click.option("--register", "register", default=None, metavar="PATH|URL",
              help="Register the rounds go to (default: $LAUNCHWATCH_REGISTER_URL or the user "
                   "data dir).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port of the dashboard and its live page on localhost (0: any free port).")
@click.option("--no-web", is_flag=True, help="No dashboard: only the register and the log.")
@click.option("--window", type=click.FloatRange(min=0.0), default=0.5, show_default=True,
              help="Reorder buffer [s]: detections are held this long to be put in order.")
@click.option("--quiet", type=click.FloatRange(min=1.0), default=1800.0, show_default=True,
              help="A round closes after this many seconds with no confirmed track.")
@click.option("--stop-timeout", type=click.FloatRange(min=0.0), default=60.0, show_default=True,
              help="At Ctrl-C or SIGTERM, wait at most this many seconds for the assessments in"
                   " flight; tracks not assessed by then are left out of the open round.")
@click.option("--once", is_flag=True, help="Exit when the input ends (replay, stdin).")
@click.option("--token", envvar="LAUNCHWATCH_TOKEN", default=None,
              help="Dashboard write token (as for `launchwatch serve`).")
@click.option("--json", "as_json", is_flag=True, help="Print the final bulletins and counts as JSON.")
def watch(replay: Path | None, speed: float, skip_gaps: float, tcp_port: int | None,
          use_stdin: bool, sensors_path: Path | None, epoch: str | None, register: str | None,
          port: int, no_web: bool, window: float, quiet: float, stop_timeout: float, once: bool,
          token: str | None,
          as_json: bool) -> None:
    """Run the live watch floor: detections in, tracks, impact predictions, rounds and
    bulletins out, on the dashboard's live page (http://127.0.0.1:PORT/live).

    Messages are JSON lines, one scan of one sensor each (docs/watch.md gives the schema);
    bad lines are counted and shown, never fatal.  Rounds go to the register; Ctrl-C or
    SIGTERM stops cleanly and a restart resumes the open round.

    \b
    Examples:
      launchwatch watch --replay dets.csv --epoch 2025-05-07T23:10Z --speed 20
      launchwatch watch --tcp 7070 --sensors sensors.yaml
      my-feed | launchwatch watch --stdin --sensors sensors.yaml --no-web --once --json
    """
    from ..config import settings
    from ..sensors.config import load_sensors
    from ..tracking.cli import _sidecar
    from .engine import WatchConfig, WatchEngine
    from .service import run

    if replay is None and tcp_port is None and not use_stdin:
        raise InputError("input", None, "give --replay FILE, --tcp PORT or --stdin")
    if replay is not None and not replay.is_file():
        raise InputError("--replay", str(replay), "no such file")
    spath = sensors_path or (_sidecar(replay) if replay is not None else None)
    if spath is None:
        raise InputError("--sensors", None, "a sensor list (YAML) is needed")
    if not spath.is_file():
        raise InputError("--sensors", str(spath), "no such file; pass --sensors FILE")
    sensors = load_sensors(spath)
    t0 = None
    if epoch is not None:
        t0 = check_utc("--epoch", epoch)
    if replay is not None and t0 is None:
        raise InputError("--epoch", None, "a replayed file's times are seconds: pass --epoch")
    where = register
    if where is None:
        where = settings().register_url
    from ..register import Register

    # created once, before the service writes, with the public record as every command's register
    with Register(where, history=True):
        pass
    engine = WatchEngine(sensors, epoch=t0, register=where,
                         config=WatchConfig(window=window, quiet=quiet, stop_timeout=stop_timeout),
                         input_name=str(replay) if replay is not None else "launchwatch watch")

    def ready(ports: dict[str, int]) -> None:
        bits = [f"{k} port {v}" for k, v in ports.items()]
        if "web" in ports:
            bits.append(f"live page http://127.0.0.1:{ports['web']}/live")
        click.echo("watching" + (": " + ", ".join(bits) if bits else ""), err=True)

    out = run(engine, replay=replay, speed=speed, skip_gaps=skip_gaps, tcp_port=tcp_port,
              stdin=use_stdin, web_port=None if no_web else port, once=once, token=token,
              on_ready=ready)
    bulletins = engine.finals if out["ended"] else engine.draft
    if as_json:
        click.echo(json.dumps({"ended": out["ended"], "counts": out["counts"],
                               "bulletins": bulletins,
                               "tracks": sorted(engine.assessments)}, indent=1, default=str))
    else:
        for b in bulletins:
            click.echo(b["text"])
        click.echo("counts: " + ", ".join(f"{k} {v}" for k, v in out["counts"].items()), err=True)
