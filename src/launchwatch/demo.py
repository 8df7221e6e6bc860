"""The end-to-end demo (``launchwatch demo``): simulate, detect, track, assess, group,
store, and report a round of launches like the one analysts saw on 8 May 2025.

Two generic ~250 km-class missiles around 23:10 UTC and one ~800 km-class missile around
00:20 UTC leave from near Wonsan towards the Sea of Japan; two generic radars in the south
(a long-range surveillance radar and a precision X-band radar) and a geostationary
infrared sensor watch them.  Everything the bulletin says is derived from the tracks:
launch points and times, ranges, classes, landing areas, local time.

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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .flight import Vehicle

__all__ = ["DemoLaunch", "DemoResult", "DemoScenario", "default_scenario", "demo_vehicles",
           "run_demo", "simulate_truth", "split_recordings", "track_and_assess", "write_outputs"]


@dataclass(frozen=True)
class DemoLaunch:
    """One launch of the scenario: range class [km], UTC time, azimuth [deg], kick [deg]."""

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
    """The built-in scenario (generic vehicles and sensors, illustrative values); the
    re-entry bodies are drawn from a log-normal population (kappa 1e-4 +- 1e-4 m^2/kg)
    inside the assessment's prior."""
    from .sensors.config import InfraredConfig, RadarConfig

    day = datetime(2025, 5, 8, tzinfo=UTC)
    return DemoScenario(
        lat_deg=39.17, lon_deg=127.48,
        launches=(DemoLaunch(250.0, day + timedelta(hours=23, minutes=10), 78.0),
                  DemoLaunch(250.0, day + timedelta(hours=23, minutes=12), 80.0),
                  DemoLaunch(800.0, day + timedelta(hours=24, minutes=20), 82.0)),
        sensors=(RadarConfig(name="radar-south-1", lat_deg=37.55, lon_deg=129.05,
                             clutter_per_scan=3.0, revisit=1.0, phase=0.0),
                 # a precision X-band tracking radar: finer angles and range
                 RadarConfig(name="xband-south", lat_deg=35.95, lon_deg=129.40,
                             sigma_range=5.0, sigma_azimuth=2.0e-4, sigma_elevation=2.0e-4,
                             sigma_range_rate=0.5, clutter_per_scan=3.0, revisit=1.0,
                             phase=0.5),
                 InfraredConfig(name="ir-geo", lon_deg=130.0)),
        epoch=day + timedelta(hours=23),
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
    """Everything a demo run made; ``truth_errors`` compares the assessment with truth."""

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


def split_recordings(det, gap: float = 600.0) -> list:
    """Split detections (time-ordered) into recordings at silences longer than ``gap`` [s]."""
    from .sensors.detections import Detections

    t = np.asarray(det.time, float)
    if t.size == 0:
        return [det]
    cuts = np.flatnonzero(np.diff(t) > gap) + 1
    if cuts.size == 0:
        return [det]
    out = []
    for idx in np.split(np.arange(t.size), cuts):
        lo, hi = t[idx[0]], t[idx[-1]]
        st, ss = det.scan_time, det.scan_sensor
        keep = None if st is None else (st >= lo) & (st <= hi)
        out.append(Detections(time=det.time[idx], sensor=det.sensor[idx], z=det.z[idx],
                              truth=det.truth[idx], sensors=det.sensors,
                              scan_time=None if st is None else st[keep],
                              scan_sensor=None if ss is None else ss[keep]))
    return out


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
    """Run the demo.  ``out_dir`` receives bulletin.txt/.json, assessment.json, map.png and
    profile.png; ``register`` is a register path or SQLAlchemy URL (default: the user's
    register); ``progress(step)`` is told each step as it starts; ``config`` and
    ``on_tracks`` go to :func:`track_and_assess` (a tracker configuration, a hook)."""
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
    # 5. events, register, bulletins
    say("grouping launches into events")
    events = group_launches(facts)
    keys: list[str] = []
    rounds: list[int | None] = [None] * len(events)
    if store and events:
        say("storing the events in the register")
        keys, rounds = _store(events, seed, register)
    texts = [bulletin(ev, round_of_year=r) for ev, r in zip(events, rounds, strict=True)]
    js = [bulletin_json(ev, round_of_year=r) for ev, r in zip(events, rounds, strict=True)]
    # 6. truth comparison (for the tests and BENCHMARKS)
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
            "history_inside_95": int(np.sum(m2 <= _CHI2_2DOF_95)), "history_n": int(m2.size),
            "range_truth_km": float(truth_summary.ground_range[ti]) / 1e3,
            "range_km": a.range_m / 1e3, "class": a.missile_class,
        })
    result = DemoResult(scenario=sc, seed=seed, assessments=assessments, events=events,
                        bulletins=texts, bulletin_json=js, truth_index=truth_index,
                        truth_errors=errors, register_keys=keys,
                        rejected=rejected)
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        result.files.update(write_outputs(
            out, assessments=assessments, events=events, bulletins=texts, bulletin_json=js,
            sensors=sc.sensors, truth_index=truth_index, truth=res,
            extra={"seed": seed, "truth_errors": errors}, figures=figures, progress=say))
    return result


def track_and_assess(recordings: Sequence, sensors: Sequence, epoch: datetime, *,
                     config=None, progress: Callable[[str], None] | None = None,
                     on_tracks: Callable | None = None):
    """Track each recording, assess every track and turn the good ones into launch facts.

    ``recordings``: detection sets (:class:`launchwatch.sensors.Detections`), each tracked
    by a fresh tracker (separate recordings share no tracks); ``epoch``: UTC time of
    ``t = 0``.  Returns ``(assessments, truth_index, facts, rejected)``: a
    :class:`~launchwatch.assess.track.TrackAssessment` per track (ids unique across
    recordings), the truth id each track followed (when the detections carry truth), the
    :class:`~launchwatch.assess.events.LaunchFacts` of the assessed launches and the
    tracker's rejected-measurement counts.  ``on_tracks(history, detections, id_offset)``,
    if given, sees each recording's :class:`~launchwatch.tracking.TrackHistory` (its track
    ``tid`` is assessed as ``id_offset + tid``), e.g. to score the tracker.
    """
    from .assess.events import LaunchFacts
    from .assess.places import describe_landing, describe_launch_area
    from .assess.track import assess_track
    from .tracking.tracker import TrackerConfig, run_tracker

    say = progress or (lambda _s: None)
    cfg = config or TrackerConfig()
    infrared = np.array([getattr(c, "kind", "") == "ir" for c in sensors] + [False])
    assessments = []
    truth_index: dict[int, int] = {}
    rejected: dict[str, int] = {}
    offset = 0
    for det in recordings:
        say(f"tracking {len(det)} detections")
        hist, tr = run_tracker(det, list(sensors), cfg)
        for k, v in tr.rejected.items():
            rejected[k] = rejected.get(k, 0) + int(v)
        if on_tracks is not None:
            on_tracks(hist, det, offset)
        say("assessing the tracks")
        for tid in hist.ids:  # track ids are made unique across recordings
            h = hist.track(int(tid))
            a = assess_track(h.time, h.x, h.P, h.mu, track_id=offset + int(tid),
                             confirmed_at=h.confirmed_at.get(int(tid), math.nan),
                             models=cfg.models,
                             powered=infrared[h.sensor] & (h.detection >= 0),
                             measured=h.detection >= 0)
            used = h.detection[h.detection >= 0]
            src = det.truth[used] if det.truth is not None else np.empty(0, int)
            src = src[src >= 0]
            if src.size:
                vals, counts = np.unique(src, return_counts=True)
                truth_index[a.track_id] = int(vals[np.argmax(counts)])
            assessments.append(a)
        offset += int(hist.ids.max()) + 1 if len(hist) else 0
    facts = []
    for a in assessments:
        if a.status != "ok" or not math.isfinite(a.launch_time):
            continue
        facts.append(LaunchFacts(
            time=epoch + timedelta(seconds=a.launch_time), lat=a.launch_lat, lon=a.launch_lon,
            range_m=a.range_m, apogee_m=a.apogee_alt, impact_lat=a.impact_lat,
            impact_lon=a.impact_lon, launch_area=describe_launch_area(a.launch_lat, a.launch_lon),
            landing_area=describe_landing(a.impact_lat, a.impact_lon), regime=a.regime,
            missile_class=a.missile_class, launch_error_m=a.launch_semi_major,
            time_error_s=a.launch_time_sigma, impact_error_m=a.impact_semi_major,
            flags=list(a.flags), track_id=str(a.track_id)))
    return assessments, truth_index, facts, rejected


def _store(events: Sequence, seed: int, where: str | Path | None) -> tuple[list[str], list[int | None]]:
    from . import __version__
    from .register import Register
    from .register.models import Event, Launch, Place, Provenance

    keys, rounds = [], []
    regs = []
    for ev in events:
        day = ev.first.date().isoformat()
        launches = [Launch(
            seq=i + 1, utc=x.time, time_known=True,
            site=Place(name=x.launch_area, lat=x.lat, lon=x.lon,
                       uncertainty=x.launch_error_m if math.isfinite(x.launch_error_m) else None),
            missile_class=x.missile_class or None,
            apogee=x.apogee_m if math.isfinite(x.apogee_m) else None,
            distance=x.range_m if math.isfinite(x.range_m) else None,
            landing=Place(name=x.landing_area, lat=x.impact_lat, lon=x.impact_lon,
                          uncertainty=x.impact_error_m if math.isfinite(x.impact_error_m) else None)
            if math.isfinite(x.impact_lat) else Place(name=x.landing_area),
            regime=x.regime or None, confirmation="confirmed",
            notes="; ".join(x.flags),
            provenance=Provenance(kind="measured", software=f"launchwatch {__version__}",
                                  models={"demo_seed": str(seed)}, importer="demo"))
            for i, x in enumerate(ev.launches)]
        regs.append(Event(key=f"DEMO-{day}-seed{seed}", title=f"Simulated round "
                          f"{ev.launch_areas[0] if ev.launch_areas else ''} (launchwatch demo, "
                          f"seed {seed})", launches=launches,
                          notes="simulated by launchwatch demo; not a real event"))
    with Register(where) as reg:
        reg.add(regs)
        for ev, e in zip(events, regs, strict=True):
            keys.append(e.key)
            # the round among the register's real events of the launch area's country that
            # year (demo events are stored without a state and never count)
            state = _country(ev)
            if state is None:
                rounds.append(None)
                continue
            before = [x for x in reg.events(state=state, year=ev.first.year)
                      if x.start < ev.first]
            rounds.append(len(before) + 1)
    return keys, rounds


def _country(ev) -> str | None:
    from .earth.gazetteer import default_gazetteer

    g = default_gazetteer()
    x = ev.launches[0]
    entry, d = g.nearest(x.lat, x.lon, kinds=("launch-area", "city"))
    return entry.country if d <= max(60e3, entry.uncertainty) else None


def write_outputs(out: Path, *, assessments: Sequence, events: Sequence, bulletins: list[str],
                  bulletin_json: list[dict], sensors: Sequence, truth_index: dict[int, int],
                  truth=None, extra: dict | None = None, figures: bool = True,
                  progress: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write bulletin.txt/.json, assessment.json and, with ``figures``, map.png,
    profile.png and tracking.png into ``out``; ``truth`` (a sampled
    :class:`~launchwatch.flight.FlightResult`) adds the true flights (dotted) and errors."""
    import json

    from .earth.frames import ecef2geodetic
    from .earth.geodesic import geodesic_inverse
    from .present.figures import (
        FlightDrawing,
        SensorDrawing,
        event_map,
        profile_plot,
        tracking_plot,
    )

    say = progress or (lambda _s: None)
    out.mkdir(parents=True, exist_ok=True)
    files = {"bulletin": out / "bulletin.txt", "bulletin_json": out / "bulletin.json",
             "assessment": out / "assessment.json"}
    files["bulletin"].write_text("\n\n".join(bulletins) + "\n")
    files["bulletin_json"].write_text(json.dumps(bulletin_json, indent=1))
    files["assessment"].write_text(json.dumps(
        {**(extra or {}), "tracks": [_assessment_row(a) for a in assessments]},
        indent=1, default=float))
    if not figures:
        return files
    say("drawing the map and profiles")
    summary = truth.summary() if truth is not None else None
    drawings, series = [], []
    for a in assessments:
        if a.status != "ok":
            continue
        gt = a.ground_track
        ti = truth_index.get(a.track_id) if truth is not None else None
        tr = err = None
        ih = a.impact_history
        if ti is not None:
            smp = truth.samples[ti]
            smp = smp[np.isfinite(smp[:, 0])][::10]
            tr = np.column_stack(ecef2geodetic(smp[:, :3]))
            if ih is not None:
                err = geodesic_inverse(summary.impact_lat[ti], summary.impact_lon[ti],
                                       ih.lat, ih.lon)[0]
        drawings.append(FlightDrawing(
            label=f"track {a.track_id}: {a.missile_class} {a.range_m / 1e3:.0f} km",
            lat=gt[:, 0], lon=gt[:, 1], alt=gt[:, 2], launch=(a.launch_lat, a.launch_lon),
            impact=(a.impact_lat, a.impact_lon),
            ellipse=(a.impact_semi_major, a.impact_semi_minor, a.impact_orientation),
            range_m=a.range_m, truth=tr))
        if ih is not None:
            t_launch = a.launch_time if math.isfinite(a.launch_time) else ih.time[0]
            series.append((f"track {a.track_id}", ih.time - t_launch, ih.semi_major, err))
    sites = [SensorDrawing(c.name, math.radians(c.lat_deg), math.radians(c.lon_deg), 0.0)
             for c in sensors if getattr(c, "kind", "") == "radar"]
    titles = [f"{ev.first:%d %b %Y %H:%M} UTC: {ev.count} launch{'es' * (ev.count != 1)} "
              f"{', '.join(ev.launch_areas)}, up to {ev.max_range_m / 1e3:.0f} km, into "
              f"{', '.join(ev.landing_areas)}" for ev in events]
    note = " (simulated; dotted: truth)" if truth is not None else ""
    if drawings:
        files["map"] = event_map(out / "map.png", drawings, sensors=sites,
                                 title=_wrap("; ".join(titles) + note))
        files["profile"] = profile_plot(out / "profile.png", drawings,
                                        title="altitude against ground range" + note)
    if series:
        files["tracking"] = tracking_plot(out / "tracking.png", series,
                                          title="impact prediction as the tracks grow")
    return files


def _wrap(text: str, width: int = 110) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _assessment_row(a) -> dict[str, Any]:
    def num(v: float, k: float = 1.0, nd: int = 1):
        return None if not math.isfinite(v) else round(v * k, nd)

    deg = 180.0 / math.pi
    return {
        "track": a.track_id, "status": a.status, "reason": a.reason,
        "confirmed_s": num(a.confirmed_at), "launch_lat_deg": num(a.launch_lat, deg, 4),
        "launch_lon_deg": num(a.launch_lon, deg, 4), "launch_time_s": num(a.launch_time),
        "launch_time_sigma_s": num(a.launch_time_sigma), "launch_95_km": num(a.launch_semi_major,
                                                                             1e-3, 2),
        "burnout_time_s": num(a.burnout_time), "apogee_km": num(a.apogee_alt, 1e-3),
        "apogee_observed": a.apogee_observed, "impact_lat_deg": num(a.impact_lat, deg, 4),
        "impact_lon_deg": num(a.impact_lon, deg, 4), "impact_time_s": num(a.impact_time),
        "impact_95_km": num(a.impact_semi_major, 1e-3, 2), "impact_cep_m": num(a.impact_cep, 1, 0),
        "range_km": num(a.range_m, 1e-3), "bearing_deg": num(a.bearing, deg),
        "regime": a.regime, "class": a.missile_class, "max_speed_m_s": num(a.max_speed, 1, 0),
        "flags": a.flags,
    }
