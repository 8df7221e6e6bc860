"""What one chunk of a campaign computes (a pure function of the campaign and the chunk).

A task returns ``{table: {column: array}}`` and its own compute time; the caller (the
campaign runner, in the client process) writes the tables.  Nothing here depends on
where the task runs, so a chunk gives the same bits serially, on one worker or on many.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from . import _calls
from .sampling import Choice, chunk_seeds, unit_draws
from .spec import EvaluationCampaign, FlightCampaign

__all__ = ["CHI2_LEVELS", "TABLES", "chunk_rows", "n_blocks", "run_chunk", "warm"]

#: Tables each kind of campaign writes.
TABLES = {"flights": ("flights",), "evaluation": ("runs", "tracks", "assessments")}

#: Nominal levels at which the impact ellipses' coverage is counted along the tracks.
CHI2_LEVELS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)

_DEG = ("lat_deg", "lon_deg", "azimuth_deg", "kick_angle_deg")
_KW = {"lat_deg": "lat", "lon_deg": "lon", "azimuth_deg": "azimuth", "alt_m": "alt",
       "launch_time_s": "launch_time", "kick_angle_deg": "kick_angle",
       "propellant_scale": "propellant_scale", "payload_scale": "payload_scale",
       "wind_east": "wind_east", "wind_north": "wind_north"}


def chunk_rows(c: FlightCampaign | EvaluationCampaign, block: int) -> range:
    """The campaign rows (flights, or seed offsets) of block ``block``."""
    per = c.size if isinstance(c, FlightCampaign) else c.seeds_per_chunk
    total = c.flights if isinstance(c, FlightCampaign) else c.seeds
    return range(block * per, min((block + 1) * per, total))


def n_blocks(c: FlightCampaign | EvaluationCampaign) -> int:
    """Blocks of the whole declared campaign."""
    per = c.size if isinstance(c, FlightCampaign) else c.seeds_per_chunk
    total = c.flights if isinstance(c, FlightCampaign) else c.seeds
    return -(-total // per)


def _threads(numba_threads: int | None) -> None:
    if numba_threads:
        import numba

        numba.set_num_threads(min(numba_threads, numba.config.NUMBA_NUM_THREADS))


def run_chunk(c: FlightCampaign | EvaluationCampaign, block: int, group: int,
              numba_threads: int | None = None) -> dict[str, Any]:
    """Compute chunk ``(block, group)``: ``{"tables": {name: {col: array}}, "seconds": s}``.

    ``numba_threads``: threads of the compiled kernels in this task (1 on a Dask worker
    whose parallelism is its processes; ``None`` keeps the process's setting).
    """
    _threads(numba_threads)
    t0 = time.perf_counter()
    if isinstance(c, FlightCampaign):
        tables = {"flights": _flight_chunk(c, block)}
    else:
        tables = _evaluation_chunk(c, block, group)
    return {"tables": tables, "seconds": time.perf_counter() - t0, "block": block, "group": group}


def warm(c: FlightCampaign | EvaluationCampaign) -> None:
    """Load this process's kernels and libraries before the timed tasks: a two-flight
    chunk of a flight campaign (an evaluation run is long enough not to need it)."""
    _calls.warm_up()
    if isinstance(c, FlightCampaign):
        tiny = c.model_copy(update={"flights": 2, "chunk_size": 2})
        run_chunk(tiny, 0, 0)


# --- flights -------------------------------------------------------------------------------------


def draw_parameters(c: FlightCampaign, block: int) -> dict[str, np.ndarray]:
    """The declared inputs of block ``block``'s flights, in the file's units (deg, m, s).

    ``vehicle`` is the index into ``c.vehicles``.
    """
    rows = chunk_rows(c, block)
    n = len(rows)
    p = c.parameters
    names = p.dispersed()
    scramble, seeds = chunk_seeds(c.seed, n_blocks(c))
    u = unit_draws(c.sampling, len(names), rows.start, n, seeds[block], scramble)
    vnames = list(c.vehicles)
    out: dict[str, np.ndarray] = {}
    for k in type(p).model_fields:
        v = getattr(p, k)
        if k == "vehicle":
            if isinstance(v, Choice):
                idx = v.index(u[:, names.index(k)])
                out[k] = np.array([vnames.index(str(x)) for x in v.values])[idx]
            else:
                out[k] = np.full(n, vnames.index(v) if v is not None else 0)
            continue
        if v is None:
            continue
        if isinstance(v, float):
            out[k] = np.full(n, v)
        else:
            out[k] = np.asarray(v.ppf(u[:, names.index(k)]), dtype=float)
    return out


def _flight_chunk(c: FlightCampaign, block: int) -> dict[str, np.ndarray]:
    params = draw_parameters(c, block)
    vehicles = [_calls.build_vehicle(k, v) for k, v in c.vehicles.items()]
    inputs = {"vehicle_index": params["vehicle"]}
    for k, arr in params.items():
        if k == "vehicle":
            continue
        inputs[_KW[k]] = np.radians(arr) if k in _DEG else arr
    summary = _calls.fly(vehicles, inputs, c.earth, c.integrator)
    rows = chunk_rows(c, block)
    out: dict[str, np.ndarray] = {"flight": np.arange(rows.start, rows.stop, dtype=np.int64)}
    out.update({f"in_{k}": v for k, v in params.items()})
    for k, v in summary.items():
        out[k] = np.asarray(v)
    out["status"] = out["status"].astype(np.int8)
    return out


# --- evaluations ---------------------------------------------------------------------------------


def _evaluation_chunk(c: EvaluationCampaign, block: int, group: int) -> dict[str, dict]:
    sc_name, layout_name, tr_name = c.groups()[group]
    scenario = c.scenarios[sc_name].build()
    layout = c.sensor_layouts[layout_name]
    if layout != "scenario":
        import dataclasses

        scenario = dataclasses.replace(scenario, sensors=tuple(_calls.sensor_list(layout)))
    config = _calls.tracker_config(c.trackers[tr_name])
    parts: dict[str, list[dict]] = {"runs": [], "tracks": [], "assessments": []}
    for k in chunk_rows(c, block):
        seed = c.first_seed + k
        run, tracks, assessed = evaluate_run(c, scenario, config, seed)
        for rows, name in ((run, "runs"), (tracks, "tracks"), (assessed, "assessments")):
            for r in rows:
                r.update({"group": group, "scenario": sc_name, "layout": layout_name,
                          "tracker": tr_name, "seed": seed})
                parts[name].append(r)
    return {name: _columns(rows) for name, rows in parts.items()}


def _columns(rows: list[dict]) -> dict[str, np.ndarray]:
    if not rows:
        return {}
    keys = list(rows[0])
    return {k: np.array([r[k] for r in rows]) for k in keys}


def evaluate_run(c: EvaluationCampaign, scenario, config, seed: int
                 ) -> tuple[list[dict], list[dict], list[dict]]:
    """One run of the pipeline with its scores: ``(runs, tracks, assessments)`` rows.

    ``runs``: one row (OSPA/GOSPA means, breaks, swaps, false tracks, the event found);
    ``tracks``: per confirmed track that followed a missile, the position error, the
    filter's and the PCRLB's position sigma and the NEES 60 s after confirmation and at
    the track's end; ``assessments``: per assessed track, the demo's truth errors (launch
    point and time, impact 60 s after confirmation and at the end, 95 % ellipse), plus the
    squared Mahalanobis distances of the truth under the impact covariances (for coverage
    at any nominal level) and the true re-entry kappa.
    """
    from scipy.stats import chi2

    t_start = time.perf_counter()
    res, truth, vehicles = _calls.true_flights(scenario, seed)
    kappa_true = np.array([v.reentry.drag.cd[-1] * v.reentry.reference_area / v.reentry.mass
                           if v.reentry is not None else math.nan for v in vehicles])
    meas = _calls.measurement_models(scenario.sensors) if c.pcrlb else []
    track_rows: list[dict] = []
    ospa_sum = gospa_sum = 0.0
    n_times = 0
    breaks = swaps = false_tracks = 0

    def on_tracks(hist, det, offset: int) -> None:
        nonlocal ospa_sum, gospa_sum, n_times, breaks, swaps, false_tracks
        truth_id = np.asarray(det.truth)
        present = np.unique(truth_id[truth_id >= 0])
        # OSPA/GOSPA at every scan, against the missiles the sensors saw (first to last detection)
        times = np.unique(np.concatenate([np.asarray(det.time, float), hist.time]))
        if times.size and present.size:
            tp = truth.states(times)[:, :, :3]
            for i in range(tp.shape[0]):
                seen = truth_id == i
                if not seen.any():
                    tp[i] = np.nan
                    continue
                lo, hi = det.time[seen].min(), det.time[seen].max()
                tp[i, (times < lo) | (times > hi)] = np.nan
            o, g = _calls.ospa_gospa(times, tp, hist.time, hist.x[:, :3], c.ospa_cutoff, c.ospa_order)
            ospa_sum += float(o.sum())
            gospa_sum += float(g.sum())
            n_times += times.size
        sc = _calls.score_tracks(hist, det.time, truth_id, len(truth))
        breaks += int(sc.breaks[present].sum()) if present.size else 0
        swaps += int(sc.swaps)
        false_tracks += len(sc.false_tracks)
        for tid, lab in sc.labels.items():
            if lab < 0 or tid not in hist.confirmed_at:
                continue
            track_rows.append(_track_scores(hist.track(tid), tid + offset, lab, truth,
                                            kappa_true[lab], meas, c.pcrlb))

    r = _calls.run_pipeline(scenario, seed, config, on_tracks)
    ev = r.events
    run = {"events": len(ev), "launches_found": int(sum(e.n_missiles for e in ev)),
           "launches": len(scenario.launches),
           "event_ok": bool(len(ev) == 1 and ev[0].n_missiles == len(scenario.launches)),
           "ospa_mean": ospa_sum / n_times if n_times else math.nan,
           "gospa_mean": gospa_sum / n_times if n_times else math.nan,
           "breaks": breaks, "swaps": swaps, "false_tracks": false_tracks,
           "tracks_assessed": len(r.truth_errors)}
    summary = res.summary()
    by_id = {a.track_id: a for a in r.assessments}
    assessed = []
    for e in r.truth_errors:
        a = by_id[e["track"]]
        ti = int(e["truth"])
        ih = a.impact_history
        m2 = _impact_m2(ih, summary.impact_lat[ti], summary.impact_lon[ti])
        at60 = np.flatnonzero(ih.time <= a.confirmed_at + 60.0)
        fin = np.flatnonzero(np.isfinite(m2))
        row = {k: e[k] for k in ("track", "truth", "launch_m", "launch_time_s", "impact_end_m",
                                 "impact_at_60s_m", "impact_inside_95", "history_inside_95",
                                 "history_n", "range_truth_km", "range_km")}
        row["class"] = e["class"]
        row["kappa_true"] = float(kappa_true[ti])
        row["range_class_km"] = float(scenario.launches[ti].range_class_km)
        row["launch_time_z"] = e["launch_time_s"] / a.launch_time_sigma
        row["impact_m2_end"] = float(m2[fin[-1]]) if fin.size else math.nan
        row["impact_m2_60s"] = float(m2[at60[-1]]) if at60.size else math.nan
        ok = m2[np.isfinite(m2)]
        for p in CHI2_LEVELS:
            row[f"history_le_{round(p * 100):02d}"] = int(np.sum(ok <= chi2.ppf(p, 2)))
        assessed.append(row)
    run["seconds"] = time.perf_counter() - t_start
    return [run], track_rows, assessed


def _impact_m2(ih, lat: float, lon: float) -> np.ndarray:
    """Squared Mahalanobis distance ``(K,)`` of the true impact point under each predicted
    impact's east/north covariance (NaN where no prediction)."""
    d, az = _calls.geodesic(ih.lat, ih.lon, lat, lon)
    off = np.stack([d * np.sin(az), d * np.cos(az)], axis=-1)  # east, north [m]
    out = np.full(ih.lat.shape, np.nan)
    ok = np.isfinite(off).all(axis=1) & np.isfinite(ih.cov).all(axis=(1, 2))
    if ok.any():
        out[ok] = np.einsum("ji,jik,jk->j", off[ok], np.linalg.inv(ih.cov[ok]), off[ok])
    return out


def _track_scores(h, track: int, truth_id: int, truth, kappa: float, meas: list,
                  bound: bool) -> dict[str, Any]:
    """Errors, sigmas, NEES and (optionally) the PCRLB of one track 60 s after confirmation."""
    t_conf = h.confirmed_at[next(iter(h.confirmed_at))]
    measured = h.detection >= 0
    xs = truth.states(h.time)[truth_id]  # (R, 6)
    err = h.x[:, :6] - xs
    out: dict[str, Any] = {"track": track, "truth": truth_id, "confirmed_at": t_conf,
                           "rows": int(h.time.size)}
    for tag, rows in (("60s", np.flatnonzero(measured & (h.time <= t_conf + 60.0))),
                      ("end", np.flatnonzero(measured))):
        k = int(rows[-1]) if rows.size else -1
        good = k >= 0 and np.isfinite(err[k]).all()
        out[f"time_{tag}"] = float(h.time[k]) if k >= 0 else math.nan
        out[f"pos_err_{tag}"] = float(np.linalg.norm(err[k, :3])) if good else math.nan
        out[f"pos_sigma_{tag}"] = float(np.sqrt(np.trace(h.P[k, :3, :3]))) if good else math.nan
        out[f"nees_{tag}"] = (float(_calls.nees(err[k:k + 1], h.P[k:k + 1, :6, :6])[0])
                              if good else math.nan)
    out["bound_pos_sigma_60s"] = math.nan
    if bound:
        out["bound_pos_sigma_60s"] = _bound_60s(h, truth, truth_id, kappa, meas, t_conf)
    return out


def _bound_60s(h, truth, i: int, kappa: float, meas: list, t_conf: float) -> float:
    """Position sigma [m] of the PCRLB 60 s after confirmation, from burnout on (the filter's
    covariance just before as the prior); NaN when the track has no ballistic part by then."""
    measured = h.detection >= 0
    rows = np.flatnonzero(measured & (h.time <= t_conf + 60.0))
    if not rows.size or not math.isfinite(kappa):
        return math.nan
    k = int(rows[-1])
    seg = (h.time > truth.t_burnout[i] + 1.0) & (np.arange(h.time.size) <= k)
    if seg.sum() < 2 or int(np.flatnonzero(seg)[0]) == 0:
        return math.nan
    k0 = int(np.flatnonzero(seg)[0])
    xs = truth.states(h.time[seg])[i]
    sens = h.sensor[seg]
    vis = _calls.in_coverage(meas, xs, sens, kappa)
    B = _calls.pcrlb(xs, h.time[seg], np.where(vis, sens, -1), meas, h.P[k0 - 1, :7, :7], kappa)
    return float(np.sqrt(np.trace(B[-1, :3, :3])))
