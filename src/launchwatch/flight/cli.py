"""``launchwatch simulate`` and ``launchwatch invert``: the flight engine from the shell."""

from __future__ import annotations

import json
import math
from pathlib import Path

import click
import numpy as np

from ..errors import InputError


def _progress():
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                    transient=True)


def _fmt(v: float | str, nd: int = 1) -> str:
    if isinstance(v, str):
        return v
    return "-" if not np.isfinite(v) else f"{v:.{nd}f}"


@click.command()
@click.argument("scenario", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for summary.csv and the trajectories.")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]), default="csv",
              show_default=True, help="Trajectory file format.")
@click.option("--sample-dt", type=float, default=None,
              help="Trajectory sampling interval [s] (overrides the scenario's output.sample_dt).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def simulate(scenario: Path, out_dir: Path | None, fmt: str, sample_dt: float | None,
             as_json: bool) -> None:
    """Fly the launches of a scenario file (YAML, TOML or JSON) and summarise them.

    \b
    Examples:
      launchwatch simulate examples/wonsan-2025-05-08.yaml
      launchwatch simulate examples/batch-10000.yaml --out out/ --format parquet
      launchwatch simulate examples/wonsan-2025-05-08.yaml --json | jq '.[0].range_km'
    """
    from .config import epoch_utc, load_scenario, run_scenario
    from .engine import warm_up

    sc = load_scenario(scenario)
    with _progress() as prog:
        task = prog.add_task("compiling the integrator (first run only)", total=None)
        warm_up()
        n = sum(f.count for f in sc.flights)
        prog.update(task, description=f"flying {n} flight{'s' * (n != 1)}")
        dt = None
        if out_dir is not None:
            dt = sample_dt if sample_dt is not None else sc.output.sample_dt
        _check_samples(n, dt, sc.integrator.t_max)
        res, labels = run_scenario(sc, sample_dt=dt)
        prog.update(task, description="summarising")
        summ = res.summary()
    rows = summ.rows()
    epoch = epoch_utc(sc)
    for r, label in zip(rows, labels, strict=True):
        r["label"] = label
        if sc.epoch is not None:
            from datetime import timedelta

            r["launch_utc"] = (epoch + timedelta(seconds=float(r["launch_time_s"]))).isoformat()
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        import csv

        with open(out_dir / "summary.csv", "w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=["label", *[k for k in rows[0] if k != "label"]])
            w.writeheader()
            w.writerows(rows)
        if res.samples.shape[1]:
            _write_trajectories(res, labels, out_dir / f"trajectories.{fmt}", fmt)
    if as_json:
        click.echo(json.dumps([{k: (None if isinstance(v, float) and not math.isfinite(v) else v)
                                 for k, v in r.items()} for r in rows], indent=1, default=float))
        return
    _print_table(rows)
    if out_dir is not None:
        click.echo(f"wrote {out_dir / 'summary.csv'} and {out_dir / f'trajectories.{fmt}'}")


#: Largest trajectory buffer ``simulate`` allocates [bytes] (flights x samples x 6 floats).
MAX_SAMPLE_BYTES = 4 << 30


def _check_samples(n: int, dt: float | None, t_max: float) -> None:
    """Refuse a sampling interval whose trajectory buffer (bounded by ``t_max`` [s]) could
    not fit in memory, before anything runs."""
    if dt is None:
        return
    if not (math.isfinite(dt) and dt > 0):
        raise InputError("--sample-dt", dt, "must be a positive number of seconds")
    need = n * (math.floor(t_max / dt) + 1) * 6 * 8
    if need > MAX_SAMPLE_BYTES:
        raise InputError("--sample-dt", dt, f"{n} flights sampled every {dt:g} s up to "
                         f"integrator.t_max={t_max:g} s could need {need / 2**30:.1f} GiB "
                         f"(at most {MAX_SAMPLE_BYTES / 2**30:.0f}): sample less often")


def _print_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    cols = [("label", "flight", 0), ("status", "status", 0), ("range_km", "range km", 1),
            ("apogee_km", "apogee km", 1), ("time_of_flight_s", "flight s", 1),
            ("azimuth_deg", "azimuth", 1), ("burnout_speed_m_s", "burnout m/s", 0),
            ("burnout_fpa_deg", "burnout fpa", 1), ("max_speed_m_s", "max m/s", 0),
            ("impact_lat_deg", "impact lat", 3), ("impact_lon_deg", "impact lon", 3)]
    table = Table(title=f"{len(rows)} flight{'s' * (len(rows) != 1)}")
    for _, head, _ in cols:
        table.add_column(head, justify="right")
    shown = rows if len(rows) <= 40 else rows[:20] + rows[-20:]
    for r in shown:
        table.add_row(*[_fmt(r[k], nd) if nd else (str(r[k]) if isinstance(r[k], str)
                                                  else _fmt(r[k], 0)) for k, _, nd in cols])
    console = Console()
    if not console.is_terminal:
        console = Console(width=150)
    console.print(table)
    if len(rows) > 40:
        click.echo(f"({len(rows) - 40} rows not shown; use --out or --json)")


def _write_trajectories(res, labels: list[str], path: Path, fmt: str) -> None:
    from ..earth.frames import ecef2geodetic

    n, s, _ = res.samples.shape
    t = res.t_launch[:, None] + res.sample_times[None, :]
    ok = np.isfinite(res.samples[..., 0])
    flat = res.samples[ok]
    lat, lon, alt = ecef2geodetic(flat[:, :3])
    cols = {
        "flight": np.repeat(np.arange(n), s).reshape(n, s)[ok],
        "t_s": t[ok],
        "lat_deg": np.degrees(lat), "lon_deg": np.degrees(lon), "alt_m": alt,
        "x_m": flat[:, 0], "y_m": flat[:, 1], "z_m": flat[:, 2],
        "vx_m_s": flat[:, 3], "vy_m_s": flat[:, 4], "vz_m_s": flat[:, 5],
    }
    import pyarrow as pa

    from .._tables import write_table

    write_table(pa.table({"label": np.asarray(labels, dtype=object)[cols["flight"]], **cols}),
                path, fmt)


#: Allowed ranges of ``invert``'s facts (option, low, high, low open), in the option's units.
INVERT_LIMITS = {"lat_deg": ("--lat", -90.0, 90.0, False), "lon_deg": ("--lon", -180.0, 360.0, False),
                 "range_km": ("--range-km", 0.0, 20_000.0, True),
                 "apogee_km": ("--apogee-km", 0.0, 100_000.0, True),
                 "time_s": ("--time-s", 0.0, 86_400.0, True),
                 "bearing_deg": ("--bearing-deg", -360.0, 360.0, False)}


def check_invert_args(**facts: float | None) -> None:
    """Check ``invert``'s arguments (degrees, km, s) against :data:`INVERT_LIMITS`; raise an
    :class:`InputError` naming the option and the value."""
    for key, v in facts.items():
        opt, lo, hi, lo_open = INVERT_LIMITS[key]
        if v is None:
            continue
        if not math.isfinite(v):
            raise InputError(opt, v, "must be a finite number")
        if (v <= lo if lo_open else v < lo) or v > hi:
            raise InputError(opt, v, f"must be in {'(' if lo_open else '['}{lo:g}, {hi:g}]")
    if all(facts.get(k) is None for k in ("range_km", "apogee_km", "time_s")):
        raise InputError("--range-km/--apogee-km/--time-s", None, "give at least one fact")


@click.command()
@click.option("--lat", "lat_deg", type=float, required=True, help="Launch latitude [deg].")
@click.option("--lon", "lon_deg", type=float, required=True, help="Launch longitude [deg].")
@click.option("--range-km", type=float, default=None, help="Reported ground range [km].")
@click.option("--apogee-km", type=float, default=None, help="Reported apogee [km].")
@click.option("--time-s", "time_s", type=float, default=None, help="Reported flight time [s].")
@click.option("--bearing-deg", type=float, default=None, help="Direction of impact [deg].")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def invert(lat_deg: float, lon_deg: float, range_km: float | None, apogee_km: float | None,
           time_s: float | None, bearing_deg: float | None, as_json: bool) -> None:
    """Find the flights consistent with reported facts (or say that none is ballistic).

    \b
    Examples:
      launchwatch invert --lat 39.17 --lon 127.48 --range-km 800 --apogee-km 50
      launchwatch invert --lat 39.17 --lon 127.48 --range-km 250 --json
    """
    from .invert import invert as _invert

    def rad(v: float | None) -> float | None:
        return None if v is None else math.radians(v)

    def si(v: float | None, k: float) -> float | None:
        return None if v is None else v * k

    check_invert_args(lat_deg=lat_deg, lon_deg=lon_deg, range_km=range_km, apogee_km=apogee_km,
                      time_s=time_s, bearing_deg=bearing_deg)
    with _progress() as prog:
        prog.add_task("fitting flights", total=None)
        r = _invert(math.radians(lat_deg), math.radians(lon_deg), ground_range=si(range_km, 1e3),
                    apogee=si(apogee_km, 1e3), flight_time=time_s, bearing=rad(bearing_deg))
    if r.status[0] != 0:
        raise InputError("facts", {"range_km": range_km, "apogee_km": apogee_km, "time_s": time_s},
                         f"no flight fits them ({r.status_names()[0]}): "
                         + "; ".join(r.messages[0]))
    out = {
        "ballistic": bool(r.ballistic[0]), "regime": str(r.regime[0]),
        "burnout_speed_m_s": float(r.speed[0]), "burnout_fpa_deg": math.degrees(r.fpa[0]),
        "range_km": float(r.ground_range[0]) / 1e3, "apogee_km": float(r.apogee[0]) / 1e3,
        "flight_time_s": float(r.flight_time[0]),
        "min_energy_apogee_km": float(r.me_apogee[0]) / 1e3,
        "lift_to_drag": None if not np.isfinite(r.lift_to_drag[0]) else float(r.lift_to_drag[0]),
        "messages": r.messages[0],
    }
    bad = [k for k, v in out.items() if isinstance(v, float) and not math.isfinite(v)]
    if bad:  # a "fit" with undefined figures is no fit: never print NaN as a result
        raise InputError("facts", {"range_km": range_km, "apogee_km": apogee_km, "time_s": time_s},
                         f"no flight fits them (the fit leaves {', '.join(bad)} undefined)")
    if not out["ballistic"]:
        # nothing ballistic fits: the ballistic figures are a comparison, not a result
        why = [m for m in out["messages"] if "ballistic" in m or "implied" in m or "lift" in m]
        out["verdict"] = ("no ballistic flight fits these facts: "
                          + ("; ".join(why) if why else f"the facts imply a {out['regime']} flight"))
        out["fitted_ballistic"] = {k: out.pop(k) for k in (
            "burnout_speed_m_s", "burnout_fpa_deg", "range_km", "apogee_km", "flight_time_s")}
    else:
        out["verdict"] = "a ballistic flight fits these facts"
    if as_json:
        click.echo(json.dumps(out, indent=1))
        return
    if not out["ballistic"]:
        click.echo(out["verdict"][0].upper() + out["verdict"][1:] + ".")
        click.echo(f"{'implied regime':>22}: {out['regime']}")
        if out["lift_to_drag"] is not None:
            click.echo(f"{'lift_to_drag':>22}: {_fmt(out['lift_to_drag'], 2)}")
        click.echo(f"{'min_energy_apogee_km':>22}: {_fmt(out['min_energy_apogee_km'], 2)}")
        click.echo("The impulsive ballistic flight fitted to the figures, for comparison only "
                   "(not a credible ballistic flight: see the findings):")
        reported = {"range_km": range_km, "apogee_km": apogee_km, "flight_time_s": time_s}
        for k, v in out["fitted_ballistic"].items():
            given = reported.get(k)
            click.echo(f"{k:>22}: {_fmt(v, 2)}" + ("" if given is None else f" (reported {given:g})"))
        click.echo("Findings:")
        for m in out["messages"]:
            click.echo(f"  - {m}")
        return
    for k, v in out.items():
        if k not in ("messages", "verdict"):
            click.echo(f"{k:>22}: {_fmt(v, 2) if isinstance(v, float) else v}")
    for m in out["messages"]:
        click.echo(f"  - {m}")
