"""A campaign's summary: tables (Markdown and JSON) and figures beside its results.

Flight dispersions: statistics of each figure (mean with its confidence interval,
standard deviation, percentiles), the flights' status counts, every figure's median and
5-95 % band against each dispersed parameter, and the range distribution.

Evaluations, per group (scenario / sensors / tracker): the demo's accuracy figures with
confidence intervals (launch point and time, impact 60 s after confirmation and at track
end), the impact ellipses' coverage against their nominal probability (at track end, 60 s
after confirmation, and pooled along the tracks), tracking scores (OSPA, GOSPA, NEES
against its chi-square interval, the ratio to the PCRLB, breaks, swaps, false tracks);
figures: coverage against nominal, impact-error percentiles, impact error against the
re-entry body's true kappa.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from .stats import interval
from .store import ResultStore
from .tasks import CHI2_LEVELS, TABLES

__all__ = ["evaluation_tables", "flight_tables", "write_summary"]

_FLIGHT_FIGURES = {  # column: (label, scale to the unit shown, unit)
    "ground_range": ("range", 1e-3, "km"),
    "apogee_alt": ("apogee", 1e-3, "km"),
    "time_of_flight": ("time of flight", 1.0, "s"),
    "burnout_speed": ("burnout speed", 1.0, "m/s"),
    "burnout_alt": ("burnout altitude", 1e-3, "km"),
    "impact_speed": ("impact speed", 1.0, "m/s"),
    "max_speed": ("max speed", 1.0, "m/s"),
}
_PCT = (1, 5, 25, 50, 75, 95, 99)


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: Path) -> Path:
    """Write a figure as PNG and release it."""
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    _plt().close(fig)
    return path


def _ci(x, statistic: str) -> dict[str, float]:
    est, lo, hi, n = interval(np.asarray(x, float), statistic)
    return {"estimate": est, "low": lo, "high": hi, "n": n}


def _fmt(v: float, nd: int = 1) -> str:
    return "-" if v is None or not math.isfinite(v) else f"{v:.{nd}f}"


def _fmt_ci(d: dict, k: float = 1.0, nd: int = 1, pct: bool = False) -> str:
    s = 100.0 if pct else k
    return f"{_fmt(d['estimate'] * s, nd)} [{_fmt(d['low'] * s, nd)}, {_fmt(d['high'] * s, nd)}]"


# --- flights ---------------------------------------------------------------------------------------


def flight_tables(df, manifest: dict) -> dict[str, Any]:
    """Statistics of a flight campaign's table (a DataFrame of its ``flights`` rows)."""
    from . import _calls

    names = _calls.status_names()
    status = df["status"].to_numpy()
    ok = status == 0
    out: dict[str, Any] = {"flights": len(df),
                           "status": {names.get(int(s), str(s)): int(n)
                                      for s, n in zip(*np.unique(status, return_counts=True), strict=True)},
                           "figures": {}}
    for col, (label, k, unit) in _FLIGHT_FIGURES.items():
        if col not in df:
            continue
        x = df[col].to_numpy(float)[ok] * k
        x = x[np.isfinite(x)]
        if not x.size:
            continue
        out["figures"][col] = {"label": label, "unit": unit, "mean": _ci(x, "mean"),
                               "sd": float(x.std(ddof=1)) if x.size > 1 else math.nan,
                               "percentiles": dict(zip([f"p{p}" for p in _PCT],
                                                       np.percentile(x, _PCT).tolist(), strict=True))}
    return out


def _flight_markdown(t: dict, manifest: dict) -> str:
    c = manifest["campaign"]
    lines = [f"# Campaign {c.get('name')!r} (flights)", "",
             f"{t['flights']:,} flights, {c['sampling']} sampling, seed {c['seed']}; status: "
             + ", ".join(f"{k} {v:,}" for k, v in t["status"].items()), "",
             "| figure | unit | mean [95 % CI] | sd | " + " | ".join(f"p{p}" for p in _PCT) + " |",
             "|---|---|---|---|" + "---|" * len(_PCT)]
    for f in t["figures"].values():
        pct = " | ".join(_fmt(v, 2) for v in f["percentiles"].values())
        lines.append(f"| {f['label']} | {f['unit']} | {_fmt_ci(f['mean'], nd=2)} | "
                     f"{_fmt(f['sd'], 2)} | {pct} |")
    lines.append("")
    return "\n".join(lines)


def _flight_figures(df, manifest: dict, out: Path) -> dict[str, Path]:
    plt = _plt()
    files: dict[str, Path] = {}
    ok = df["status"].to_numpy() == 0
    params = [k for k in df.columns if k.startswith("in_") and k != "in_vehicle"
              and np.ptp(df[k].to_numpy(float)) > 0]
    shown = [c for c in ("ground_range", "apogee_alt", "time_of_flight") if c in df]
    if params:
        fig, axes = plt.subplots(len(shown), len(params), figsize=(3.2 * len(params), 2.6 * len(shown)),
                                 squeeze=False)
        for j, p in enumerate(params):
            x = df[p].to_numpy(float)[ok]
            edges = np.quantile(x, np.linspace(0, 1, 21))
            mid = 0.5 * (edges[1:] + edges[:-1])
            which = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, 19)
            for i, col in enumerate(shown):
                label, k, unit = _FLIGHT_FIGURES[col]
                y = df[col].to_numpy(float)[ok] * k
                q = np.array([np.nanpercentile(y[which == b], (5, 50, 95)) if np.any(which == b)
                              else [np.nan] * 3 for b in range(20)])
                ax = axes[i, j]
                ax.fill_between(mid, q[:, 0], q[:, 2], alpha=0.3, lw=0)
                ax.plot(mid, q[:, 1], lw=1.5)
                ax.set_xlabel(p.removeprefix("in_"))
                if j == 0:
                    ax.set_ylabel(f"{label} [{unit}]")
        fig.suptitle("median and 5-95 % band against each dispersed parameter")
        files["figure_vs_parameter"] = _save(fig, out / "figure_vs_parameter.png")
    if "ground_range" in df:
        fig, ax = plt.subplots(figsize=(5, 3.2))
        r = np.sort(df["ground_range"].to_numpy(float)[ok] / 1e3)
        r = r[np.isfinite(r)]
        ax.plot(r, np.arange(1, r.size + 1) / r.size)
        for p in (5, 50, 95):
            ax.axvline(np.percentile(r, p), ls=":", lw=1)
        ax.set_xlabel("range [km]")
        ax.set_ylabel("fraction of flights")
        ax.set_title("range distribution (dotted: 5, 50, 95 %)")
        files["range_cdf"] = _save(fig, out / "range_cdf.png")
    return files


# --- evaluations -----------------------------------------------------------------------------------


def evaluation_tables(runs, tracks, assessed) -> dict[str, Any]:
    """Per-group figures of an evaluation (DataFrames of its three tables)."""
    from scipy.stats import chi2

    out: dict[str, Any] = {}
    for g, rg in runs.groupby("group", sort=True):
        ag = assessed[assessed["group"] == g] if len(assessed) else assessed
        tg = tracks[tracks["group"] == g] if len(tracks) else tracks
        name = f"{rg['scenario'].iloc[0]} / {rg['layout'].iloc[0]} / {rg['tracker'].iloc[0]}"
        d: dict[str, Any] = {"name": name, "runs": len(rg),
                             "missiles": int(rg["launches"].sum()),
                             "assessed": len(ag),
                             "event_ok": _ci(rg["event_ok"].astype(float), "proportion"),
                             "run_seconds_median": float(np.median(rg["seconds"]))}
        if len(ag):
            d["launch_m"] = _ci(ag["launch_m"], "median")
            d["launch_m_max"] = float(ag["launch_m"].max())
            d["launch_time_abs_s"] = _ci(np.abs(ag["launch_time_s"]), "median")
            d["launch_time_abs_s_max"] = float(np.abs(ag["launch_time_s"]).max())
            d["impact_at_60s_m"] = _ci(ag["impact_at_60s_m"], "median")
            d["impact_end_m"] = _ci(ag["impact_end_m"], "median")
            d["impact_end_m_max"] = float(ag["impact_end_m"].max())
            d["by_class_impact_at_60s_m"] = {str(k): _ci(v["impact_at_60s_m"], "median")
                                             for k, v in ag.groupby("class")}
            d["inside_95_end"] = _ci(ag["impact_inside_95"].astype(float), "proportion")
            n_hist = int(ag["history_n"].sum())
            d["inside_95_pooled"] = {"estimate": float(ag["history_inside_95"].sum() / n_hist)
                                     if n_hist else math.nan, "n": n_hist}
            d["launch_time_within_2sigma"] = _ci((np.abs(ag["launch_time_z"]) <= 1.959964)
                                                 .astype(float), "proportion")
            cov = {}
            for p in CHI2_LEVELS:
                lim = chi2.ppf(p, 2)
                cov[str(p)] = {
                    "end": _ci((ag["impact_m2_end"] <= lim).astype(float)[np.isfinite(ag["impact_m2_end"])],
                               "proportion"),
                    "60s": _ci((ag["impact_m2_60s"] <= lim).astype(float)[np.isfinite(ag["impact_m2_60s"])],
                               "proportion"),
                    "pooled": float(ag[f"history_le_{round(p * 100):02d}"].sum() / n_hist)
                    if n_hist else math.nan}
            d["coverage"] = cov
        d["ospa_mean_m"] = _ci(rg["ospa_mean"], "mean")
        d["gospa_mean_m"] = _ci(rg["gospa_mean"], "mean")
        d["breaks_per_run"] = float(rg["breaks"].mean())
        d["swaps_per_run"] = float(rg["swaps"].mean())
        d["false_tracks_per_run"] = float(rg["false_tracks"].mean())
        if len(tg):
            for tag in ("60s", "end"):
                x = tg[f"nees_{tag}"].to_numpy(float)
                x = x[np.isfinite(x)]
                d[f"nees_{tag}"] = {"mean": float(x.mean()) if x.size else math.nan, "n": int(x.size),
                                    "interval_95": _nees_interval(x.size)}
            e2 = tg["pos_err_60s"].to_numpy(float) ** 2
            b2 = tg["bound_pos_sigma_60s"].to_numpy(float) ** 2
            s2 = tg["pos_sigma_60s"].to_numpy(float) ** 2
            m = np.isfinite(e2) & np.isfinite(b2)
            d["pcrlb_ratio_60s"] = {
                "rmse_over_bound": float(math.sqrt(e2[m].mean() / b2[m].mean())) if m.any() else math.nan,
                "filter_sigma_over_bound": float(math.sqrt(s2[m].mean() / b2[m].mean()))
                if m.any() else math.nan, "n": int(m.sum())}
        out[str(g)] = d
    return out


def _nees_interval(n: int) -> list[float]:
    from . import _calls

    if n < 1:
        return [math.nan, math.nan]
    return list(_calls.nees_interval(6, n))


def _evaluation_markdown(t: dict, manifest: dict) -> str:
    c = manifest["campaign"]
    lines = [f"# Campaign {c.get('name')!r} (evaluation)", "",
             f"{c['seeds']} seeds from {c['first_seed']} per group; medians with 95 % "
             "distribution-free intervals, proportions with Wilson intervals, means with t intervals.",
             ""]
    for d in t.values():
        lines += [f"## {d['name']}", "", "| figure | value |", "|---|---|",
                  f"| runs, missiles assessed | {d['runs']}, {d['assessed']} of {d['missiles']} |",
                  f"| runs giving one event with every launch | {_fmt_ci(d['event_ok'], pct=True)} % |"]
        if "launch_m" in d:
            lines += [
                f"| launch point error, median [CI] / max | {_fmt_ci(d['launch_m'], nd=0)} m / "
                f"{_fmt(d['launch_m_max'], 0)} m |",
                f"| launch time error, median / max | {_fmt_ci(d['launch_time_abs_s'], nd=2)} s / "
                f"{_fmt(d['launch_time_abs_s_max'], 2)} s |",
                f"| impact error 60 s after confirmation, median | {_fmt_ci(d['impact_at_60s_m'], nd=0)} m |",
                *[f"| ... class {k} | {_fmt_ci(v, nd=0)} m |"
                  for k, v in d["by_class_impact_at_60s_m"].items()],
                f"| impact error at track end, median / max | {_fmt_ci(d['impact_end_m'], nd=0)} m / "
                f"{_fmt(d['impact_end_m_max'], 0)} m |",
                f"| 95 % ellipse holds the truth at track end | {_fmt_ci(d['inside_95_end'], pct=True)} % |",
                f"| ... pooled over {d['inside_95_pooled']['n']:,} predictions along the tracks | "
                f"{_fmt(100 * d['inside_95_pooled']['estimate'])} % |",
                f"| launch time inside its +-1.96 sigma | "
                f"{_fmt_ci(d['launch_time_within_2sigma'], pct=True)} % |"]
        lines += [f"| OSPA mean (c = {c['ospa_cutoff']:g} m, p = {c['ospa_order']:g}; from each "
                  f"missile's first detection) | {_fmt_ci(d['ospa_mean_m'], nd=0)} m |",
                  f"| GOSPA mean | {_fmt_ci(d['gospa_mean_m'], nd=0)} m |",
                  f"| breaks / swaps / false tracks per run | {d['breaks_per_run']:.2f} / "
                  f"{d['swaps_per_run']:.2f} / {d['false_tracks_per_run']:.2f} |"]
        for tag, label in (("60s", "60 s after confirmation"), ("end", "at track end")):
            if f"nees_{tag}" in d:
                n = d[f"nees_{tag}"]
                lo, hi = n["interval_95"]
                lines.append(f"| NEES (6 states) {label}, mean of {n['n']} | {_fmt(n['mean'], 2)} "
                             f"(95 % interval {_fmt(lo, 2)}-{_fmt(hi, 2)}) |")
        if "pcrlb_ratio_60s" in d:
            p = d["pcrlb_ratio_60s"]
            lines.append(f"| position RMSE / PCRLB sigma 60 s after confirmation ({p['n']} tracks) | "
                         f"{_fmt(p['rmse_over_bound'], 2)} (filter sigma / bound "
                         f"{_fmt(p['filter_sigma_over_bound'], 2)}) |")
        lines.append(f"| run time, median | {_fmt(d['run_seconds_median'], 1)} s |")
        if "coverage" in d:
            lines += ["", "Impact ellipse coverage against nominal:", "",
                      "| nominal | track end | 60 s after confirmation | pooled along tracks |",
                      "|---|---|---|---|"]
            for p, v in d["coverage"].items():
                lines.append(f"| {float(p) * 100:.0f} % | {_fmt_ci(v['end'], pct=True)} | "
                             f"{_fmt_ci(v['60s'], pct=True)} | {_fmt(100 * v['pooled'])} |")
        lines.append("")
    return "\n".join(lines)


def _evaluation_figures(t: dict, assessed, out: Path) -> dict[str, Path]:
    plt = _plt()
    files: dict[str, Path] = {}
    if not len(assessed):
        return files
    fig, ax = plt.subplots(figsize=(5, 4.5))
    ax.plot([0, 1], [0, 1], "k:", lw=1)
    for d in t.values():
        if "coverage" not in d:
            continue
        nom = [float(p) for p in d["coverage"]]
        for key, ls in (("end", "-"), ("60s", "--")):
            ax.plot(nom, [v[key]["estimate"] for v in d["coverage"].values()], ls, marker="o", ms=3,
                    label=f"{d['name']}: {key}")
        ax.plot(nom, [v["pooled"] for v in d["coverage"].values()], ":", marker=".",
                label=f"{d['name']}: pooled")
    ax.set_xlabel("nominal probability of the impact ellipse")
    ax.set_ylabel("fraction of truths inside")
    ax.set_title("impact ellipse coverage against nominal")
    ax.legend(fontsize=7)
    files["coverage"] = _save(fig, out / "coverage_vs_nominal.png")

    fig, ax = plt.subplots(figsize=(5.5, 3.5))
    for (g, cls), a in assessed.groupby(["group", "class"]):
        for col, ls in (("impact_at_60s_m", "-"), ("impact_end_m", "--")):
            x = np.sort(a[col].to_numpy(float))
            x = x[np.isfinite(x)]
            if x.size:
                ax.plot(x, np.arange(1, x.size + 1) / x.size, ls,
                        label=f"{t[str(g)]['name']} {cls} {col.removeprefix('impact_').removesuffix('_m')}")
    ax.set_xscale("log")
    ax.set_xlabel("impact error [m]")
    ax.set_ylabel("fraction of missiles")
    ax.set_title("impact error percentiles (60 s after confirmation, track end)")
    ax.legend(fontsize=6)
    files["impact_error_cdf"] = _save(fig, out / "impact_error_cdf.png")

    if np.isfinite(assessed["kappa_true"]).any():
        fig, ax = plt.subplots(figsize=(5.5, 3.5))
        for cls, a in assessed.groupby("class"):
            ax.scatter(a["kappa_true"] * 1e4, a["impact_at_60s_m"], s=6, alpha=0.5, label=str(cls))
        ax.set_yscale("log")
        ax.set_xlabel("true re-entry kappa [1e-4 m^2/kg]")
        ax.set_ylabel("impact error 60 s after confirmation [m]")
        ax.set_title("impact error against the re-entry body")
        ax.legend(fontsize=7)
        files["figure_vs_parameter"] = _save(fig, out / "impact_error_vs_kappa.png")
    return files


def write_summary(out: str | Path) -> dict[str, Path]:
    """Write ``summary/summary.md``, ``summary.json`` and the figures for the campaign in
    ``out``; returns the files written."""
    out = Path(out)
    manifest = json.loads((out / "campaign.json").read_text())
    kind = manifest["campaign"]["kind"]
    store = ResultStore(out, TABLES[kind])
    sdir = out / "summary"
    sdir.mkdir(exist_ok=True)
    if kind == "flights":
        df = store.read("flights")
        if not len(df):
            return {}
        t = flight_tables(df, manifest)
        md = _flight_markdown(t, manifest)
        files = _flight_figures(df, manifest, sdir)
    else:
        runs, tracks, assessed = (store.read(x) for x in TABLES[kind])
        if not len(runs):
            return {}
        t = evaluation_tables(runs, tracks, assessed)
        md = _evaluation_markdown(t, manifest)
        files = _evaluation_figures(t, assessed, sdir)
    if manifest.get("stopped_at") is not None:
        md += (f"\nStopped early after block {manifest['stopped_at']} of "
               f"{manifest['plan']['blocks']}: {manifest['campaign']['stop']}\n")
    (sdir / "summary.md").write_text(md)
    (sdir / "summary.json").write_text(json.dumps({"manifest": manifest, "tables": t}, indent=1,
                                                  default=float))
    return {"markdown": sdir / "summary.md", "json": sdir / "summary.json", **files}
