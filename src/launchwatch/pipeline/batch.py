"""The batch pipeline: recordings of detections in, assessed rounds stored and reported.

Functions (SI units, aware UTC times):

* :func:`split_recordings` cuts detections at long silences (separate recordings share
  no tracks);
* :func:`track_and_assess` tracks each recording, assesses every track and gives the
  assessed launches (:class:`~launchwatch.assess.events.LaunchFacts`);
* :func:`store_rounds` stores rounds (from :func:`~launchwatch.assess.events.group_launches`)
  in a register and returns their keys and round numbers;
* :func:`write_outputs` writes bulletin.txt/.json, assessment.json and the figures.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["assess_recorded_track", "assessment_row", "launch_facts", "split_recordings",
           "store_rounds", "track_and_assess", "write_outputs"]


def split_recordings(det, gap: float = 600.0) -> list:
    """Split detections (time-ordered) into recordings at silences longer than ``gap`` [s].

    Each recording keeps the scans (``scan_time``, ``scan_sensor``) after the last
    detection of the one before it up to its own last detection: the silence before its
    first detection is part of what its first launch fits read (a scan that saw no plume),
    as the live service keeps it (:class:`launchwatch.watch.assessor.IrLog`)."""
    from ..sensors.detections import Detections

    t = np.asarray(det.time, float)
    if t.size == 0:
        return [det]
    cuts = np.flatnonzero(np.diff(t) > gap) + 1
    if cuts.size == 0:
        return [det]
    out = []
    before = -np.inf
    for idx in np.split(np.arange(t.size), cuts):
        hi = t[idx[-1]]
        st, ss = det.scan_time, det.scan_sensor
        keep = None if st is None else (st > before) & (st <= hi)
        before = hi
        out.append(Detections(time=det.time[idx], sensor=det.sensor[idx], z=det.z[idx],
                              truth=det.truth[idx], sensors=det.sensors,
                              scan_time=None if st is None else st[keep],
                              scan_sensor=None if ss is None else ss[keep]))
    return out


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
    from ..assess.track import assess_tracks
    from ..tracking.tracker import TrackerConfig, run_tracker

    say = progress or (lambda _s: None)
    cfg = config or TrackerConfig()
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
        # track ids are made unique across recordings
        done = assess_tracks(hist, det, list(sensors), models=cfg.models, id_offset=offset)
        for tid, a in zip(hist.ids, done, strict=True):
            h = hist.track(int(tid))
            used = h.detection[h.detection >= 0]
            src = det.truth[used] if det.truth is not None else np.empty(0, int)
            src = src[src >= 0]
            if src.size:
                vals, counts = np.unique(src, return_counts=True)
                truth_index[a.track_id] = int(vals[np.argmax(counts)])
            assessments.append(a)
        offset += int(hist.ids.max()) + 1 if len(hist) else 0
    facts = [f for f in (launch_facts(a, epoch) for a in assessments) if f is not None]
    return assessments, truth_index, facts, rejected


def assess_recorded_track(h, track_id: int, models: Sequence[str], infrared: np.ndarray):
    """The :class:`~launchwatch.assess.track.TrackAssessment` of one track's recorded rows
    ``h`` (a :class:`~launchwatch.tracking.TrackHistory` of one track): rows updated by an
    infrared sensor (``infrared (S + 1,)`` per sensor index, the last entry False) are
    powered, the track ends at its last measured row.  Batch and live pipelines both use it."""
    from ..assess.track import assess_track

    tid = int(h.track_id[0]) if len(h) else -1
    return assess_track(h.time, h.x, h.P, h.mu, track_id=track_id,
                        confirmed_at=h.confirmed_at.get(tid, math.nan), models=models,
                        powered=infrared[h.sensor] & (h.detection >= 0),
                        measured=h.detection >= 0)


def launch_facts(a, epoch: datetime):
    """The :class:`~launchwatch.assess.events.LaunchFacts` of an assessed track (``epoch``:
    UTC of ``t = 0``), or None when the track gave no launch time."""
    from ..assess.events import LaunchFacts
    from ..assess.places import describe_landing, describe_launch_area

    if a.status != "ok" or not math.isfinite(a.launch_time):
        return None
    return LaunchFacts(
        time=epoch + timedelta(seconds=a.launch_time), lat=a.launch_lat, lon=a.launch_lon,
        range_m=a.range_m, apogee_m=a.apogee_alt, impact_lat=a.impact_lat,
        impact_lon=a.impact_lon, launch_area=describe_launch_area(a.launch_lat, a.launch_lon),
        landing_area=describe_landing(a.impact_lat, a.impact_lon), regime=a.regime,
        missile_class=a.missile_class, launch_error_m=a.launch_semi_major,
        time_error_s=a.launch_time_sigma, impact_error_m=a.impact_semi_major,
        flags=list(a.flags), track_id=str(a.track_id), launch_determined=a.launch_determined)


def store_rounds(rounds: Sequence, register: str | Path | None, *, history: bool = False
                 ) -> tuple[list[str], list[int | None]]:
    """Store rounds (register events) and return ``(keys, round numbers)``.

    ``register``: a path or SQLAlchemy URL (``None``: the default register); ``history``
    loads the built-in public record into a register created now.  A round's number is
    its place among the real rounds of its state in its local year (simulated rounds
    never count, but get the number they would have); ``None`` without a state.
    """
    from ..register import Register

    keys: list[str] = []
    numbers: list[int | None] = []
    with Register(register, history=history) as reg:
        reg.add(list(rounds))
        for ev in rounds:
            keys.append(ev.key)
            numbers.append(reg.round_number(ev.key)[0] if ev.state else None)
    return keys, numbers


def write_outputs(out: Path, *, assessments: Sequence, events: Sequence, bulletins: list[str],
                  bulletin_json: list[dict], sensors: Sequence, truth_index: dict[int, int],
                  truth=None, extra: dict | None = None, figures: bool = True,
                  progress: Callable[[str], None] | None = None) -> dict[str, Path]:
    """Write bulletin.txt/.json, assessment.json and, with ``figures``, map.png,
    profile.png and tracking.png into ``out``; ``truth`` (a sampled
    :class:`~launchwatch.flight.FlightResult`) adds the true flights (dotted) and errors."""
    import json

    from ..earth.frames import ecef2geodetic
    from ..earth.geodesic import geodesic_inverse
    from ..present.figures import (
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
        {**(extra or {}), "tracks": [assessment_row(a) for a in assessments]},
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
    titles = [_title(ev) for ev in events]
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


def _title(ev) -> str:
    """``08 May 2025 23:10 UTC: 3 launches near Wonsan, up to 800 km, into the Sea of
    Japan (East Sea)`` for a figure."""
    from ..assess.bulletin import landing_phrase

    n = ev.n_missiles
    sites = list(dict.fromkeys(la.site.name for la in ev.launches if la.site.name))
    land = list(dict.fromkeys(landing_phrase(la.landing.name, la.landing.key)
                              for la in ev.launches if la.landing.name))
    dist = [la.distance for la in ev.launches if la.distance is not None]
    text = f"{ev.start:%d %b %Y %H:%M} UTC: {n} launch{'es' * (n != 1)} {', '.join(sites)}"
    if dist:
        text += f", up to {max(dist) / 1e3:.0f} km"
    if land:
        text += f", into {', '.join(land)}"
    return text


def _wrap(text: str, width: int = 110) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def assessment_row(a) -> dict[str, Any]:
    def num(v: float, k: float = 1.0, nd: int = 1):
        return None if not math.isfinite(v) else round(v * k, nd)

    deg = 180.0 / math.pi
    return {
        "track": a.track_id, "status": a.status, "reason": a.reason,
        "confirmed_s": num(a.confirmed_at), "launch_lat_deg": num(a.launch_lat, deg, 4),
        "launch_lon_deg": num(a.launch_lon, deg, 4), "launch_time_s": num(a.launch_time),
        "launch_time_sigma_s": num(a.launch_time_sigma), "launch_95_km": num(a.launch_semi_major,
                                                                             1e-3, 2),
        "launch_determined": a.launch_determined,
        "burnout_time_s": num(a.burnout_time), "apogee_km": num(a.apogee_alt, 1e-3),
        "apogee_observed": a.apogee_observed, "impact_lat_deg": num(a.impact_lat, deg, 4),
        "impact_lon_deg": num(a.impact_lon, deg, 4), "impact_time_s": num(a.impact_time),
        "impact_95_km": num(a.impact_semi_major, 1e-3, 2), "impact_cep_m": num(a.impact_cep, 1, 0),
        "range_km": num(a.range_m, 1e-3), "bearing_deg": num(a.bearing, deg),
        "regime": a.regime, "class": a.missile_class, "max_speed_m_s": num(a.max_speed, 1, 0),
        "flags": a.flags,
    }
