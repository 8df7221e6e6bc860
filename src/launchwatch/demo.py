"""The end-to-end demo (``launchwatch demo``): the round of 8 May 2025 simulated,
detected, tracked, assessed, stored and reported, and set beside the public record.

The scenario (:func:`default_scenario`) flies the round as it was reported: two ~250 km
missiles from near Wonsan at 08:10 KST on 8 May (23:10 UTC on 7 May) and one ~800 km
missile at 09:20 KST on a depressed path (apogee near 100 km), towards the Sea of
Japan; two generic radars in the south and a geostationary infrared sensor watch them.
The pipeline (:mod:`launchwatch.pipeline`) tracks and assesses every missile; the
assessed launches become a **simulated** round (key ``SIM-KP-2025-05-08-seed<N>``, never
counted among real rounds), stored in the demo's own register (``register.sqlite`` in
the output folder, seeded with the built-in public record) unless another is given.  The
bulletin's "n-th round of launches this year" is counted from the real rounds in that
register, and the measurement is set beside what the public record says of that day
(:func:`compare_with_record`).

``seed`` draws the measurement noise and clutter and each missile's re-entry body: its
ballistic coefficient is unknown to the tracker and the assessment, which start from a
wide prior (:mod:`launchwatch.tracking.kappa`), and the scenario draws it from a
population of bodies inside that prior (``kappa = 1/beta``: log-normal with mean 1e-4 and
standard deviation 1e-4 m^2/kg, see :class:`DemoScenario`).  Without that draw every run
would put the truth at the prior's centre, and the 95 % impact ellipses, which carry the
prior's uncertainty, could never be checked for calibration.  A run is reproducible from
its seed.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .pipeline import split_recordings, track_and_assess, write_outputs

if TYPE_CHECKING:
    from .flight import Vehicle
    from .register import Event

__all__ = ["DemoLaunch", "DemoResult", "DemoScenario", "compare_with_record", "default_scenario",
           "demo_vehicles", "run_demo", "simulate_truth", "split_recordings", "track_and_assess",
           "write_outputs"]


@dataclass(frozen=True)
class DemoLaunch:
    """One launch of the scenario: range class of the generic vehicle [km], UTC time,
    azimuth [deg], pitch-over kick [deg] (a larger kick flies flatter: a depressed path)."""

    range_class_km: float
    time: datetime
    azimuth_deg: float
    kick_deg: float = 32.0


@dataclass(frozen=True)
class DemoScenario:
    """Launch site [deg], launches, sensors (radar/IR configs) and the scenario epoch.

    ``reentry_kappa``: mean and standard deviation [m^2/kg] of the hypersonic
    ``kappa = Cd A / m`` of the re-entry bodies, drawn per missile from the seed
    (log-normal with these moments; :func:`default_scenario` takes those of the tracker's
    prior), or ``None`` for the generic vehicle's body (kappa 1e-4) on every missile.
    """

    lat_deg: float
    lon_deg: float
    launches: tuple[DemoLaunch, ...]
    sensors: tuple
    epoch: datetime
    reentry_kappa: tuple[float, float] | None = None


def default_scenario() -> DemoScenario:
    """The built-in scenario: the round of 8 May 2025 (local time) as it was reported.

    Two ~250-km flights from near Wonsan at 23:10 and 23:12 UTC on 7 May (08:10 KST on
    8 May) and one ~800-km flight at 00:20 UTC on 8 May (09:20 KST) on a **depressed**
    path with an apogee near 100 km, as the public record gives it (a generic
    1000-km-class vehicle pitched over by 46.6 deg: 800 km, apogee ~105 km; the
    minimum-energy path of 800 km would climb to ~195 km).  Generic vehicles and sensors,
    illustrative values; the epoch is the first launch (2025-05-07 23:10 UTC); the
    re-entry bodies are drawn from a log-normal population (kappa 1e-4 +- 1e-4 m^2/kg)
    inside the assessment's prior."""
    from .sensors.config import InfraredConfig, RadarConfig

    epoch = datetime(2025, 5, 7, 23, 10, tzinfo=UTC)
    return DemoScenario(
        lat_deg=39.17, lon_deg=127.48,
        launches=(DemoLaunch(250.0, epoch, 78.0),
                  DemoLaunch(250.0, epoch + timedelta(minutes=2), 80.0),
                  DemoLaunch(1000.0, epoch + timedelta(hours=1, minutes=10), 82.0, kick_deg=46.6)),
        sensors=(RadarConfig(name="radar-south-1", lat_deg=37.55, lon_deg=129.05,
                             clutter_per_scan=3.0, revisit=1.0, phase=0.0),
                 # a precision X-band tracking radar: finer angles and range
                 RadarConfig(name="xband-south", lat_deg=35.95, lon_deg=129.40,
                             sigma_range=5.0, sigma_azimuth=2.0e-4, sigma_elevation=2.0e-4,
                             sigma_range_rate=0.5, clutter_per_scan=3.0, revisit=1.0,
                             phase=0.5),
                 InfraredConfig(name="ir-geo", lon_deg=130.0)),
        epoch=epoch,
        reentry_kappa=(1.0e-4, 1.0e-4))


def demo_vehicles(scenario: DemoScenario, seed: int) -> list[Vehicle]:
    """One generic vehicle per launch of ``scenario``; with ``reentry_kappa``, its re-entry
    body's reference area is scaled so that its hypersonic kappa is a log-normal draw
    from ``seed`` (a stream of its own: the measurement noise of a seed does not change)."""
    from .flight import generic_vehicle

    rng = np.random.default_rng([int(seed), 1])
    out = []
    for la in scenario.launches:
        v = generic_vehicle(la.range_class_km)
        if scenario.reentry_kappa is not None and v.reentry is not None:
            mean, sd = scenario.reentry_kappa
            s2 = math.log1p((sd / mean) ** 2)
            kappa = math.exp(rng.normal(math.log(mean) - 0.5 * s2, math.sqrt(s2)))
            body = v.reentry
            cd = body.drag.cd[-1]  # its highest-Mach (hypersonic) value
            v = v.model_copy(update={"reentry": body.model_copy(
                update={"reference_area": kappa * body.mass / cd})})
        out.append(v)
    return out


def simulate_truth(scenario: DemoScenario, seed: int):
    """The true flights of ``scenario`` for ``seed`` (:func:`demo_vehicles`), sampled every
    0.1 s: a :class:`launchwatch.flight.FlightResult` with one row per launch, times in s
    from ``scenario.epoch``."""
    from .flight import simulate

    vehicles = demo_vehicles(scenario, seed)
    tl = np.array([(la.time - scenario.epoch).total_seconds() for la in scenario.launches])
    return simulate(vehicles, math.radians(scenario.lat_deg), math.radians(scenario.lon_deg),
                    np.radians([la.azimuth_deg for la in scenario.launches]),
                    vehicle_index=np.arange(len(vehicles)), launch_time=tl,
                    kick_angle=np.radians([la.kick_deg for la in scenario.launches]),
                    sample_dt=0.1)


@dataclass
class DemoResult:
    """Everything a demo run made: the assessments, the simulated rounds (register
    events) and their bulletins; ``truth_errors`` compares the assessment with truth;
    ``comparison`` the measurement beside the public record (:func:`compare_with_record`);
    ``register`` where the rounds were stored."""

    scenario: DemoScenario
    seed: int
    assessments: list
    events: list
    bulletins: list[str]
    bulletin_json: list[dict[str, Any]]
    truth_index: dict[int, int]
    truth_errors: list[dict[str, float]]
    register_keys: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    rounds: list[int | None] = field(default_factory=list)
    comparison: list[dict[str, Any]] = field(default_factory=list)
    register: str | None = None


def _windows(t_launch: np.ndarray, t_end: np.ndarray, gap: float = 600.0) -> list[tuple[float, float]]:
    """Time windows [s] covering flights, merged when less than ``gap`` apart."""
    order = np.argsort(t_launch)
    out: list[list[float]] = []
    for i in order:
        a, b = float(t_launch[i]) - 10.0, float(t_end[i]) + 5.0
        if out and a - out[-1][1] < gap:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


def run_demo(seed: int = 0, *, scenario: DemoScenario | None = None,
             out_dir: str | Path | None = None, register: str | Path | None = None,
             store: bool = True, figures: bool = True,
             progress: Callable[[str], None] | None = None, config=None,
             on_tracks: Callable | None = None) -> DemoResult:
    """Run the demo.

    ``out_dir`` receives bulletin.txt/.json, assessment.json, comparison.json, the
    figures and (unless ``register`` is given) the demo's own ``register.sqlite``, seeded
    with the built-in public record when it is created; ``register`` a register path or
    SQLAlchemy URL to store the simulated rounds in instead; ``store=False`` stores
    nothing (round numbers then come from the built-in record alone).  ``progress(step)``
    is told each step as it starts; ``config`` and ``on_tracks`` go to
    :func:`~launchwatch.pipeline.track_and_assess` (a tracker configuration, a hook).
    """
    from . import __version__
    from .assess.bulletin import bulletin, bulletin_json
    from .assess.events import group_launches
    from .assess.uncertainty import _CHI2_2DOF_95
    from .earth.geodesic import geodesic_inverse
    from .sensors import Truth, generate_detections

    say = progress or (lambda _s: None)
    sc = scenario or default_scenario()
    epoch = sc.epoch
    # 1. truth
    say("simulating the flights")
    res = simulate_truth(sc, seed)
    tl = np.asarray(res.t_launch, float)
    truth_summary = res.summary()
    truth = Truth.from_flight(res)
    # 2. detections, in windows around the flights (the sensors' recordings)
    rng = np.random.default_rng(seed)
    recordings = []
    for a, b in _windows(tl, truth.t_end):
        say(f"generating detections {a:.0f}-{b:.0f} s")
        recordings.append(generate_detections(truth, list(sc.sensors), t_start=a, t_end=b,
                                              seed=rng))
    # 3-4. tracking per recording, assessment of every track, launch facts
    assessments, truth_index, facts, rejected = track_and_assess(
        recordings, list(sc.sensors), epoch, progress=say, config=config, on_tracks=on_tracks)
    # 5. the simulated rounds: register records straight from the assessment
    say("grouping launches into rounds")
    events = group_launches(facts, simulated=True, key_suffix=f"-seed{seed}",
                            software=f"launchwatch {__version__}", input_name=f"demo seed {seed}",
                            title=f"launchwatch demo, seed {seed}")
    for ev in events:
        for la in ev.launches:
            la.provenance.models["demo_seed"] = str(seed)
    keys: list[str] = []
    where: str | None = None
    if store and events:
        say("storing the rounds in the register")
        from .pipeline import store_rounds

        if register is None and out_dir is not None:
            where = str(Path(out_dir) / "register.sqlite")
            Path(out_dir).mkdir(parents=True, exist_ok=True)
        else:
            where = None if register is None else str(register)
        keys, rounds = store_rounds(events, where, history=True)
        records = _record_rounds(events, where)
    else:
        from .register.history import history_events

        hist = history_events()
        rounds = [_round_among(ev, hist) for ev in events]
        by_key = {e.key: e for e in hist}
        records = [by_key.get(_real_key(ev)) for ev in events]
    texts = [bulletin(ev, round_of_year=r, live=True) for ev, r in zip(events, rounds, strict=True)]
    js = [bulletin_json(ev, round_of_year=r, live=True) for ev, r in zip(events, rounds, strict=True)]
    comparison = [compare_with_record(ev, rec) for ev, rec in zip(events, records, strict=True)]
    # 6. truth comparison (for the tests and BENCHMARKS)
    errors = _truth_errors(sc, assessments, truth_index, truth_summary, tl, geodesic_inverse,
                           _CHI2_2DOF_95)
    result = DemoResult(scenario=sc, seed=seed, assessments=assessments, events=events,
                        bulletins=texts, bulletin_json=js, truth_index=truth_index,
                        truth_errors=errors, register_keys=keys, rejected=rejected,
                        rounds=list(rounds), comparison=comparison, register=where)
    if out_dir is not None:
        import json

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        result.files.update(write_outputs(
            out, assessments=assessments, events=events, bulletins=texts, bulletin_json=js,
            sensors=sc.sensors, truth_index=truth_index, truth=res,
            extra={"seed": seed, "truth_errors": errors}, figures=figures, progress=say))
        result.files["comparison"] = out / "comparison.json"
        result.files["comparison"].write_text(json.dumps(comparison, indent=1, default=str))
        if where is not None and register is None:
            result.files["register"] = Path(where)
    return result


def _real_key(ev: Event) -> str:
    from .register.models import round_key

    return round_key(ev.state, ev.local_day)


def _round_among(ev: Event, history: list[Event]) -> int | None:
    """The round number ``ev`` has among the real rounds of its state that local year."""
    if not ev.state:
        return None
    return 1 + sum(1 for e in history if e.state == ev.state and not e.simulated
                   and e.year == ev.year and e.local_day < ev.local_day)


def _record_rounds(events: list[Event], where: str | None) -> list[Event | None]:
    from .errors import InputError
    from .register import Register

    out: list[Event | None] = []
    with Register(where) as reg:
        for ev in events:
            try:
                out.append(reg.get(_real_key(ev)))
            except InputError:
                out.append(None)
    return out


#: clocks are printed to the nearest minute
_HALF_MINUTE = timedelta(seconds=30)


def compare_with_record(measured: Event, record: Event | None) -> dict[str, Any]:
    """The measured round beside the public record's round of the same day and state.

    Launches are paired by time (within 10 minutes); for each pair the measured ground
    range and apogee are set beside the reported distance and apogee, and a reported
    figure is *confirmed* when the measurement is within 5 % (and 10 km) of it for
    distances, 15 % (and 10 km) for apogees, else *contradicted*; figures the record does
    not give are *not reported*.  The count of missiles is compared too.  Returns
    ``{"key", "record", "count": {...}, "launches": [...], "summary": [...]}`` (km, UTC).
    """
    out: dict[str, Any] = {"key": measured.key, "record": None if record is None else record.key,
                           "launches": [], "summary": []}
    n_meas = measured.n_missiles
    if record is None:
        out["count"] = {"measured": n_meas, "reported": None}
        out["summary"].append("the public record has no round of this day to compare with")
        return out
    n_rep = record.n_missiles
    out["count"] = {"measured": n_meas, "reported": n_rep,
                    "verdict": "confirmed" if n_meas == n_rep else "contradicted"}
    out["summary"].append(f"count: {n_meas} measured, {n_rep} in the record: "
                          f"{out['count']['verdict']}")
    free = list(record.launches)
    for la in measured.launches:
        best = min(free, key=lambda r: abs((r.utc - la.utc).total_seconds()), default=None)
        if best is None or not best.time_known or abs((best.utc - la.utc).total_seconds()) > 600:
            out["launches"].append({"measured_utc": la.utc.isoformat(), "record_utc": None})
            continue
        free.remove(best)
        row: dict[str, Any] = {"measured_utc": la.utc.isoformat(), "record_utc": best.utc.isoformat(),
                               "record_missile": best.missile_name}
        for f, rel, label in (("distance", 0.05, "distance"), ("apogee", 0.15, "apogee")):
            m, r = getattr(la, f), getattr(best, f)
            row[f"measured_{f}_km"] = None if m is None else round(m / 1e3, 1)
            row[f"record_{f}_km"] = None if r is None else round(r / 1e3, 1)
            if r is None or m is None:
                row[f"{f}_verdict"] = "not reported" if r is None else "not measured"
                continue
            ok = abs(m - r) <= max(rel * r, 10e3)
            row[f"{f}_verdict"] = "confirmed" if ok else "contradicted"
            out["summary"].append(
                f"launch measured at {la.utc + _HALF_MINUTE:%H:%M} UTC (record "
                f"{best.utc + _HALF_MINUTE:%H:%M}, {best.missile_name or 'no name'}): "
                f"the reported {label} of "
                f"{r / 1e3:,.0f} km is {row[f'{f}_verdict']} (measured {m / 1e3:,.0f} km)")
        row["measured_regime"] = la.regime
        out["launches"].append(row)
    return out


def _truth_errors(sc, assessments, truth_index, truth_summary, tl, geodesic_inverse, chi2_95):
    errors = []
    for a in assessments:
        ti = truth_index.get(a.track_id)
        if ti is None or a.status != "ok":
            continue
        la, lo = math.radians(sc.lat_deg), math.radians(sc.lon_deg)
        d_l = float(geodesic_inverse(la, lo, a.launch_lat, a.launch_lon)[0])
        il, io = truth_summary.impact_lat[ti], truth_summary.impact_lon[ti]
        d_i = float(geodesic_inverse(il, io, a.impact_lat, a.impact_lon)[0])
        ih = a.impact_history
        d_hist = geodesic_inverse(il, io, ih.lat, ih.lon)[0]
        at60 = np.flatnonzero(ih.time <= a.confirmed_at + 60.0)
        # inside the 95 % ellipse?  offsets in the local east/north plane
        de = (io - a.impact_lon) * 6.371e6 * math.cos(il)
        dn = (il - a.impact_lat) * 6.371e6
        s, c = math.sin(a.impact_orientation), math.cos(a.impact_orientation)
        u = de * s + dn * c
        v = de * c - dn * s
        inside = (u / a.impact_semi_major) ** 2 + (v / a.impact_semi_minor) ** 2 <= 1.0
        # and along the track: every prediction's ellipse (east/north covariance)
        ok = np.isfinite(ih.lat)
        dh = np.stack([(io - ih.lon[ok]) * 6.371e6 * math.cos(il),
                       (il - ih.lat[ok]) * 6.371e6], axis=-1)
        m2 = np.einsum("ji,jik,jk->j", dh, np.linalg.inv(ih.cov[ok]), dh)
        errors.append({
            "track": a.track_id, "truth": ti, "launch_m": d_l,
            "launch_time_s": a.launch_time - float(tl[ti]),
            "impact_end_m": d_i,
            "impact_at_60s_m": float(d_hist[at60[-1]]) if at60.size else math.nan,
            "impact_inside_95": bool(inside),
            "history_inside_95": int(np.sum(m2 <= chi2_95)), "history_n": int(m2.size),
            "range_truth_km": float(truth_summary.ground_range[ti]) / 1e3,
            "range_km": a.range_m / 1e3, "class": a.missile_class,
            "launch_semi_major_m": a.launch_semi_major, "launch_time_sigma_s": a.launch_time_sigma,
        })
    return errors


