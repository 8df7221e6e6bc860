"""``launchwatch track``: run the multi-target tracker on a scenario, the demo or a recorded file.

Exit codes: 0 tracks were confirmed; 3 the run finished but confirmed no track; 2 bad
input (one line naming the field and value); 1 a file could not be written.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click
import numpy as np

from ..errors import InputError

#: Exit code of a run that confirmed no track.
EXIT_NO_TRACKS = 3
#: Truth samples [s] for the simulated flights a scenario or the demo score against.
TRUTH_SAMPLE_DT = 0.1


def _load_scenario_file(path: Path, sensors_path: Path | None):
    """Scenario (flights), sensors and tracker configuration from one YAML/TOML/JSON file."""
    from ..flight.config import _read, load_scenario
    from ..sensors.config import load_sensors
    from .tracker import TrackerConfig

    data = _read(path)
    if not isinstance(data, dict):
        raise InputError("scenario", type(data).__name__, "must be a mapping at the top level")
    data = dict(data)
    sensors_data = data.pop("sensors", None)
    tracker_data = data.pop("tracker", None) or {}
    scenario = load_scenario(data)
    if sensors_path is not None:
        sensors = load_sensors(sensors_path)
    elif sensors_data is None:
        raise InputError("sensors", None, f"{path} has no sensors: section (or pass --sensors FILE)")
    else:
        sensors = load_sensors({"sensors": sensors_data})
    return scenario, sensors, _tracker_config(tracker_data, TrackerConfig)


def _tracker_config(data: Any, cls):
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise InputError("tracker", type(data).__name__, "must be a mapping")
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
        raise InputError(f"tracker.{loc}", err.get("input"), msg) from exc


def _progress(console):
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed}/{task.total} scans"), TimeElapsedColumn(),
                    console=console, transient=True, disable=not console.is_terminal)


def _sidecar(path: Path) -> Path:
    """``dets.csv`` -> ``dets.sensors.yaml``: the sensor list recorded beside a detection file."""
    return path.with_name(path.stem + ".sensors.yaml")


@click.command()
@click.argument("source", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--demo", is_flag=True, help="Track the built-in demonstration salvo (no SOURCE).")
@click.option("--targets", type=click.IntRange(1, 500), default=3, show_default=True,
              help="Missiles in the demo salvo.")
@click.option("--ir/--no-ir", "demo_ir", default=False, show_default=True,
              help="Demo: add two geostationary infrared sensors to the two radars.")
@click.option("--sensors", "sensors_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Sensor list (YAML/TOML); for a detection file it defaults to "
              "the FILE.sensors.yaml written beside it by --save-detections.")
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the simulated detections (noise, misses, clutter).")
@click.option("--association", type=click.Choice(["gnn", "jpda"]), default=None,
              help="Override the tracker's association.")
@click.option("--filter", "filter_", type=click.Choice(["ekf", "ukf"]), default=None,
              help="Override the tracker's filter.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the track history (.csv or .parquet).")
@click.option("--save-detections", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Record the simulated detections (.csv or .parquet) and their sensor list "
              "(FILE.sensors.yaml) for replay.")
@click.option("--json", "as_json", is_flag=True, help="Print tracks and scores as JSON.")
def track(source: Path | None, demo: bool, targets: int, demo_ir: bool, sensors_path: Path | None,
          seed: int, association: str | None, filter_: str | None, out: Path | None,
          save_detections: Path | None, as_json: bool) -> None:
    """Track a salvo: a scenario file with a sensors: section, --demo, or a detection file.

    \b
    SOURCE is either
      a scenario (.yaml/.yml/.toml/.json): the flights of `launchwatch simulate`, plus a
        `sensors:` list (radar / ir, see docs/tracking.md) and an optional `tracker:`
        mapping; detections are simulated (--seed) and the tracks scored against truth;
      a detection file (.csv/.parquet, columns in docs/tracking.md): replayed through the
        tracker; scored on association when it has a truth column.
    \b
    Examples:
      launchwatch track --demo
      launchwatch track examples/track-salvo.yaml --out tracks.csv --save-detections dets.csv
      launchwatch track dets.csv --json | jq '.score'
    \b
    Exit codes: 0 tracks confirmed, 3 no track confirmed, 2 bad input, 1 I/O error.
    """
    import sys

    from rich.console import Console

    from ..sensors import Truth, generate_detections
    from ..sensors.io import read_detections, write_detections
    from .tracker import Tracker, TrackerConfig

    if demo == (source is not None):
        raise InputError("source", str(source) if source else None,
                         "give either a scenario/detection file or --demo")
    truth = None
    epoch = None
    config = TrackerConfig()
    if demo:
        from ..sensors.demo import demo_infrared, demo_radars, demo_salvo

        sensors = demo_radars(2)
        if demo_ir:
            sensors = sensors + demo_infrared(2)
        truth = demo_salvo(targets, seed=seed, sample_dt=TRUTH_SAMPLE_DT)
        det = generate_detections(truth, sensors, seed=seed)
    else:
        if not source.is_file():
            raise InputError("source", str(source), "no such file")
        suffix = source.suffix.lower()
        if suffix in (".csv", ".parquet", ".pq"):
            spath = sensors_path or _sidecar(source)
            if not spath.is_file():
                raise InputError("sensors", str(spath), "no such file; pass --sensors FILE for a "
                                 "detection file")
            from ..sensors.config import load_sensors

            sensors = load_sensors(spath)
            det = read_detections(source, sensors)
        else:
            from ..flight.config import run_scenario

            scenario, sensors, config = _load_scenario_file(source, sensors_path)
            epoch = scenario.epoch
            res, _labels = run_scenario(scenario, sample_dt=TRUTH_SAMPLE_DT)
            truth = Truth.from_flight(res)
            det = generate_detections(truth, sensors, seed=seed)
    over = {k: v for k, v in (("association", association), ("filter", filter_)) if v}
    if over:
        config = config.model_copy(update=over)
    if save_detections is not None:
        write_detections(det, save_detections)
        from ..sensors.config import dump_sensors

        _sidecar(save_detections).write_text(dump_sensors(sensors))

    err_console = Console(stderr=True)
    tracker = Tracker(sensors, config)
    scans = list(det.scans())
    rows = np.arange(len(det))
    with _progress(err_console) as prog:
        task = prog.add_task("tracking", total=len(scans))
        for k, (t, s, sl) in enumerate(scans):
            tracker.update(t, s, det.z[sl], rows[sl])
            if k % 50 == 0:
                prog.update(task, completed=k + 1)
        prog.update(task, completed=len(scans))
    hist = tracker.history()
    table = _track_rows(hist)
    score = _score(hist, det, truth)
    if out is not None:
        _write_history(hist, out, epoch, [m.name for m in tracker.models])
    report = {"detections": len(det), "scans": len(scans), "sensors": len(sensors),
              "rejected": tracker.rejected, "tracks": table, "score": score}
    if as_json:
        click.echo(json.dumps(_clean(report), indent=1))
    else:
        _print(table, score, report)
        if out is not None:
            click.echo(f"wrote {out}")
        if save_detections is not None:
            click.echo(f"wrote {save_detections} and {_sidecar(save_detections)}")
    if not table:
        sys.exit(EXIT_NO_TRACKS)


def _clean(v):
    if isinstance(v, dict):
        return {str(k): _clean(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_clean(x) for x in v]
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, float | np.floating):
        return float(v) if math.isfinite(v) else None
    return v


def _track_rows(hist) -> list[dict]:
    """One summary per confirmed track: times, updates, last position and speed."""
    from ..earth.frames import ecef2geodetic

    out = []
    for tid in hist.ids.tolist():
        m = hist.track_id == tid
        t, x, d = hist.time[m], hist.x[m], hist.detection[m]
        lat, lon, alt = ecef2geodetic(x[-1:, :3])
        out.append({"id": int(tid), "first_s": float(t[0]), "last_s": float(t[-1]),
                    "updates": int((d >= 0).sum()),
                    "confirmed_s": float(hist.confirmed_at.get(int(tid), math.nan)),
                    "lat_deg": float(np.degrees(lat[0])), "lon_deg": float(np.degrees(lon[0])),
                    "alt_km": float(alt[0]) / 1000.0,
                    "speed_m_s": float(np.linalg.norm(x[-1, 3:6]))})
    return out


def _score(hist, det, truth) -> dict | None:
    """Scores against truth: association scores from the detections' truth tags, and with
    the truth trajectories OSPA/GOSPA (mean), position/velocity RMSE and the mean NEES."""
    from .metrics import nees, ospa_gospa_over_time, score_tracks

    if len(det) == 0 or (det.truth < -1).any():
        return None  # no (or incomplete) truth tags
    n = int(det.truth.max()) + 1 if truth is None else len(truth)
    sc = score_tracks(hist, det.time, det.truth, n)
    out: dict[str, Any] = {
        "truths": n,
        "tracked": int(sum(1 for i in range(n) if any(lab == i for lab in sc.labels.values()))),
        "false_tracks": len(sc.false_tracks),
        "longest_false_track_s": max(sc.false_tracks.values(), default=0.0),
        "breaks": int(sc.breaks.sum()), "swaps": int(sc.swaps),
        "confirm_delay_s": [float(v) for v in sc.confirm_delay],
        "labels": {int(k): int(v) for k, v in sc.labels.items()},
    }
    if truth is None or len(hist) == 0:
        return out
    # one estimate per track per time: several sensors' scans at one instant each record
    # the tracks; keep the last (it has seen them all)
    key = np.stack([hist.time, hist.track_id.astype(float)], 1)
    _, last = np.unique(key[::-1], axis=0, return_index=True)
    hist = hist.select(np.sort(len(hist) - 1 - last))
    # a truth counts from its first to its last detection (before, no tracker can know it)
    times = np.unique(hist.time)
    xs = truth.states(times)  # (N, T, 6)
    pos = xs[..., :3].copy()
    for i in range(n):
        ti = det.time[det.truth == i]
        keep = (times >= ti.min()) & (times <= ti.max()) if ti.size else np.zeros(times.size, bool)
        pos[i, ~keep] = np.nan
    o, g = ospa_gospa_over_time(times, pos, hist.time, hist.x[:, :3])
    out["ospa_mean_m"] = float(np.mean(o))
    out["gospa_mean_m"] = float(np.mean(g))
    err_p, err_v, ne = [], [], []
    t_index = {t: k for k, t in enumerate(times.tolist())}
    for tid, lab in sc.labels.items():
        if lab < 0:
            continue
        m = hist.track_id == tid
        k = np.array([t_index[t] for t in hist.time[m].tolist()])
        e = hist.x[m, :6] - xs[lab, k]
        ok = np.isfinite(e).all(axis=1)
        err_p.append(np.sum(e[ok, :3] ** 2, axis=1))
        err_v.append(np.sum(e[ok, 3:6] ** 2, axis=1))
        if hist.P.size:
            ne.append(nees(e[ok], hist.P[m][ok][:, :6, :6]))
    if err_p:
        out["rmse_position_m"] = float(np.sqrt(np.mean(np.concatenate(err_p))))
        out["rmse_velocity_m_s"] = float(np.sqrt(np.mean(np.concatenate(err_v))))
    if ne:
        out["nees_mean"] = float(np.mean(np.concatenate(ne)))
        out["nees_expected"] = 6.0
    return out


def _print(table: list[dict], score: dict | None, report: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=140)
    labels = score["labels"] if score else {}
    tab = Table(title=f"{len(table)} confirmed track{'s' * (len(table) != 1)} "
                f"({report['detections']} detections, {report['scans']} scans)")
    heads = ["id", "first s", "last s", "updates", "confirmed s", "lat", "lon", "alt km",
             "speed m/s"] + (["truth"] if score else [])
    for h in heads:
        tab.add_column(h, justify="right")
    shown = table if len(table) <= 60 else table[:30] + table[-30:]
    for r in shown:
        row = [str(r["id"]), f"{r['first_s']:.1f}", f"{r['last_s']:.1f}", str(r["updates"]),
               f"{r['confirmed_s']:.1f}", f"{r['lat_deg']:.3f}", f"{r['lon_deg']:.3f}",
               f"{r['alt_km']:.1f}", f"{r['speed_m_s']:.0f}"]
        if score:
            lab = labels.get(r["id"], -1)
            row.append("false" if lab < 0 else str(lab))
        tab.add_row(*row)
    console.print(tab)
    if len(table) > 60:
        click.echo(f"({len(table) - 60} tracks not shown; use --out or --json)")
    rej = {k: v for k, v in report["rejected"].items() if v}
    if rej:
        click.echo("rejected measurements: " + ", ".join(f"{k} {v}" for k, v in rej.items()))
    if score:
        parts = [f"{score['tracked']}/{score['truths']} flights tracked",
                 f"{score['false_tracks']} false tracks (longest "
                 f"{score['longest_false_track_s']:.0f} s)",
                 f"{score['breaks']} breaks", f"{score['swaps']} swaps"]
        for key, name, unit in (("ospa_mean_m", "OSPA", " m"), ("gospa_mean_m", "GOSPA", " m"),
                                ("rmse_position_m", "RMSE pos", " m"),
                                ("rmse_velocity_m_s", "RMSE vel", " m/s"),
                                ("nees_mean", "NEES", " (expected 6)")):
            if key in score:
                parts.append(f"{name} {score[key]:.1f}{unit}")
        click.echo("score: " + "; ".join(parts))


def _write_history(hist, path: Path, epoch, model_names: list[str]) -> None:
    """The track history, one row per confirmed track per scan, to ``.csv`` or ``.parquet``."""
    import pyarrow as pa

    from ..earth.frames import ecef2geodetic

    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".pq"):
        raise InputError("out", str(path), "file must end in .csv or .parquet")
    x = hist.x
    lat, lon, alt = ecef2geodetic(x[:, :3]) if len(hist) else (np.empty(0),) * 3
    cols: dict[str, Any] = {"track_id": hist.track_id.astype(np.int64), "time_s": hist.time}
    if epoch is not None:
        base = np.datetime64(epoch.replace(tzinfo=None), "us")
        cols["time_utc"] = base + (hist.time * 1e6).astype("timedelta64[us]")
    cols |= {"lat_deg": np.degrees(lat), "lon_deg": np.degrees(lon), "alt_m": alt,
             "x_m": x[:, 0], "y_m": x[:, 1], "z_m": x[:, 2],
             "vx_m_s": x[:, 3], "vy_m_s": x[:, 4], "vz_m_s": x[:, 5],
             "speed_m_s": np.linalg.norm(x[:, 3:6], axis=1), "kappa_m2_kg": x[:, 6],
             "a_thrust_m_s2": x[:, 7]}
    if hist.P.size:
        cols["sigma_position_m"] = np.sqrt(np.trace(hist.P[:, :3, :3], axis1=1, axis2=2))
        cols["sigma_velocity_m_s"] = np.sqrt(np.trace(hist.P[:, 3:6, 3:6], axis1=1, axis2=2))
    for j, name in enumerate(model_names):
        cols[f"p_{name}"] = hist.mu[:, j]
    cols["sensor"] = hist.sensor.astype(np.int64)
    cols["detection"] = hist.detection.astype(np.int64)
    from .._tables import write_table

    write_table(pa.table(cols), path, "csv" if suffix == ".csv" else "parquet")
