"""Figures of an event: the map and the altitude/range profile (matplotlib, offline).

Inputs are plain arrays (radians, metres) so that any source (the demo, the register, a
scenario file) can draw.  PNG or SVG by the file suffix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["FlightDrawing", "SensorDrawing", "event_map", "profile_plot"]


@dataclass
class FlightDrawing:
    """One flight to draw: ground track ``lat``/``lon`` [rad] with altitude ``alt`` [m]
    (``(n,)``), launch and impact points [rad], the impact's 95 % ellipse (semi-axes [m],
    orientation [rad from north]), a label, and optionally the truth for comparison."""

    label: str
    lat: np.ndarray
    lon: np.ndarray
    alt: np.ndarray
    launch: tuple[float, float]
    impact: tuple[float, float]
    ellipse: tuple[float, float, float] = (math.nan, math.nan, math.nan)
    range_m: float = math.nan
    truth: np.ndarray | None = None  # (m, 3) lat, lon [rad], alt [m]


@dataclass
class SensorDrawing:
    """A sensor site [rad] with its name and coverage radius [m] (0: none drawn)."""

    name: str
    lat: float
    lon: float
    coverage_m: float = 0.0
    kind: str = "radar"
    extras: dict = field(default_factory=dict)


def _plt():
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    return plt


def _save(fig, path: str | Path) -> Path:
    """Write a figure (PNG or SVG by the suffix) and release it."""
    path = Path(path)
    fig.savefig(path, bbox_inches="tight")
    _plt().close(fig)
    return path


def _ellipse_lonlat(lat: float, lon: float, a: float, b: float, th: float, n: int = 90):
    t = np.linspace(0, 2 * math.pi, n)
    # semi-major along azimuth th (clockwise from north)
    e = a * np.cos(t) * math.sin(th) + b * np.sin(t) * math.cos(th)
    nn = a * np.cos(t) * math.cos(th) - b * np.sin(t) * math.sin(th)
    return (math.degrees(lon) + np.degrees(e / (6.371e6 * math.cos(lat))),
            math.degrees(lat) + np.degrees(nn / 6.371e6))


def event_map(path: str | Path, flights: Sequence[FlightDrawing], *,
              sensors: Sequence[SensorDrawing] = (), title: str = "",
              places: Sequence[tuple[str, float, float]] = (), margin_deg: float = 2.0,
              resolution: str = "i") -> Path:
    """Draw the event map: coastlines, borders, launch areas, ground tracks, impacts with
    their 95 % ellipses, sensor sites and coverage, place labels, a km scale bar.

    ``places``: extra labels ``(text, lat, lon)`` [rad].  Returns the written path.
    """
    from .mapdata import borders, coastlines

    plt = _plt()
    lats = [math.degrees(f.launch[0]) for f in flights] + [math.degrees(f.impact[0]) for f in flights
                                                           if math.isfinite(f.impact[0])]
    lons = [math.degrees(f.launch[1]) for f in flights] + [math.degrees(f.impact[1]) for f in flights
                                                           if math.isfinite(f.impact[1])]
    lats += [math.degrees(s.lat) for s in sensors]
    lons += [math.degrees(s.lon) for s in sensors]
    if not lats:
        from ..errors import InputError

        raise InputError("flights", flights, "nothing to draw")
    south, north = min(lats) - margin_deg, max(lats) + margin_deg
    west, east = min(lons) - margin_deg, max(lons) + margin_deg
    lat0 = 0.5 * (south + north)
    fig, ax = plt.subplots(figsize=(10, 7.5), dpi=110)
    ax.set_facecolor("#dce9f5")
    for poly in coastlines((west, east, south, north), resolution):
        ax.fill(poly[:, 0], poly[:, 1], color="#efe9dc", ec="#6d6d6d", lw=0.6, zorder=1)
    for line in borders((west, east, south, north), resolution):
        ax.plot(line[:, 0], line[:, 1], color="#8a6d8a", lw=0.8, ls="--", zorder=2)
    for s in sensors:
        ax.plot(math.degrees(s.lon), math.degrees(s.lat), marker="^" if s.kind == "radar" else "*",
                color="#1f5fa8", ms=9, zorder=6)
        ax.annotate(s.name, (math.degrees(s.lon), math.degrees(s.lat)), xytext=(5, -12),
                    textcoords="offset points", fontsize=8, color="#1f5fa8")
        if s.coverage_m > 0:
            th = np.linspace(0, 2 * math.pi, 180)
            r = s.coverage_m / 6.371e6
            ax.plot(math.degrees(s.lon) + np.degrees(r * np.sin(th) / math.cos(s.lat)),
                    math.degrees(s.lat) + np.degrees(r * np.cos(th)), color="#1f5fa8", lw=0.6,
                    alpha=0.5, zorder=3)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, f in enumerate(flights):
        c = colours[(i + 3) % len(colours)]
        if f.truth is not None and len(f.truth):
            ax.plot(np.degrees(f.truth[:, 1]), np.degrees(f.truth[:, 0]), color="k", lw=0.6,
                    ls=":", zorder=4)
        ax.plot(np.degrees(f.lon), np.degrees(f.lat), color=c, lw=1.8, zorder=5, label=f.label)
        ax.plot(math.degrees(f.launch[1]), math.degrees(f.launch[0]), "o", color="#b22222",
                ms=7, zorder=7)
        if math.isfinite(f.impact[0]):
            ax.plot(math.degrees(f.impact[1]), math.degrees(f.impact[0]), "x", color=c, ms=9,
                    mew=2, zorder=7)
            a, b, th = f.ellipse
            if math.isfinite(a):
                ex, ey = _ellipse_lonlat(f.impact[0], f.impact[1], a, b, th)
                ax.plot(ex, ey, color=c, lw=1.0, zorder=7)
            if math.isfinite(f.range_m):
                ax.annotate(f"{f.range_m / 1e3:.0f} km", (math.degrees(f.impact[1]),
                            math.degrees(f.impact[0])), xytext=(6, 6 + 11 * (i % 3)),
                            textcoords="offset points", fontsize=8, color=c)
    for text, la, lo in places:
        ax.annotate(text, (math.degrees(lo), math.degrees(la)), fontsize=9, style="italic",
                    color="#333333", ha="center")
    # scale bar: 200 km
    x0, y0 = west + 0.4, south + 0.4
    dlon = math.degrees(200e3 / (6.371e6 * math.cos(math.radians(y0))))
    ax.plot([x0, x0 + dlon], [y0, y0], color="k", lw=2)
    ax.annotate("200 km", (x0 + dlon / 2, y0), xytext=(0, 4), textcoords="offset points",
                ha="center", fontsize=8)
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1.0 / math.cos(math.radians(lat0)))
    ax.set_xlabel("longitude [deg E]")
    ax.set_ylabel("latitude [deg N]")
    ax.grid(True, lw=0.3, alpha=0.5)
    if title:
        ax.set_title(title, fontsize=10)
    if flights:
        ax.legend(loc="upper left", fontsize=8)
    return _save(fig, path)


def profile_plot(path: str | Path, flights: Sequence[FlightDrawing], *, title: str = "") -> Path:
    """Altitude against ground range from the launch point for each flight, with the
    vacuum minimum-energy trajectory of the longest range for reference."""
    from ..earth.geodesic import geodesic_inverse
    from ..flight import EarthModel, ballistic_states, propagate
    from ..flight.analytic import min_energy

    plt = _plt()
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=110)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    longest = 0.0
    for i, f in enumerate(flights):
        c = colours[(i + 3) % len(colours)]
        d, _, _ = geodesic_inverse(f.launch[0], f.launch[1], f.lat, f.lon)
        ax.plot(d / 1e3, f.alt / 1e3, color=c, lw=1.8, label=f.label)
        if f.truth is not None and len(f.truth):
            dt, _, _ = geodesic_inverse(f.launch[0], f.launch[1], f.truth[:, 0], f.truth[:, 1])
            ax.plot(dt / 1e3, f.truth[:, 2] / 1e3, color="k", lw=0.6, ls=":")
        if math.isfinite(f.range_m):
            longest = max(longest, f.range_m)
    if longest > 0:
        me = min_energy(np.array([longest]))
        st = ballistic_states(0.0, 0.0, me["speed"], me["fpa"], math.pi / 2)
        ref = propagate(st, earth=EarthModel(rotating=False, gravity="spherical", shape="sphere"),
                        sample_dt=2.0)
        s = ref.samples[0]
        s = s[np.isfinite(s[:, 0])]
        r = np.linalg.norm(s[:, :3], axis=1)
        ang = np.arctan2(np.hypot(s[:, 1], s[:, 2]), s[:, 0])
        ax.plot(ang * 6371.0071809, (r - 6371007.1809) / 1e3, color="grey", lw=1.0, ls="--",
                label=f"minimum-energy, {longest / 1e3:.0f} km (vacuum)")
    ax.set_xlabel("ground range from launch [km]")
    ax.set_ylabel("altitude [km]")
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.grid(True, lw=0.3)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return _save(fig, path)


_CLASS_ORDER = ["CRBM", "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "UNKNOWN"]


def timeline_plot(path: str | Path, per_year_class: dict, *, title: str = "") -> Path:
    """Missiles per year, stacked by class (``{year: {class: n}}``, as
    :meth:`launchwatch.register.Register.stats` gives in ``missiles_per_year_class``)."""
    plt = _plt()
    if not per_year_class:
        from ..errors import InputError

        raise InputError("per_year_class", per_year_class, "the register holds no events")
    years = sorted(int(y) for y in per_year_class)
    span = list(range(years[0], years[-1] + 1))
    classes = sorted({c for v in per_year_class.values() for c in v},
                     key=lambda c: (_CLASS_ORDER.index(c) if c in _CLASS_ORDER else 99, c))
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=110)
    bottom = np.zeros(len(span))
    for c in classes:
        h = np.array([per_year_class.get(y, per_year_class.get(str(y), {})).get(c, 0)
                      for y in span], float)
        ax.bar(span, h, bottom=bottom, label=c, width=0.8)
        bottom += h
    ax.set_ylim(0, max(bottom.max(), 1.0) * 1.25)  # room for the legend
    ax.set_xlabel("year")
    ax.set_ylabel("missiles launched")
    ax.legend(fontsize=8, ncol=len(classes))
    ax.grid(True, axis="y", lw=0.3)
    if title:
        ax.set_title(title, fontsize=10)
    return _save(fig, path)


def tracking_plot(path: str | Path, series: Sequence[tuple[str, np.ndarray, np.ndarray,
                                                          np.ndarray | None]], *,
                  title: str = "") -> Path:
    """Impact prediction along each track: the 95 % ellipse semi-major axis and, where the
    truth is known, the actual error, against time since launch.

    ``series``: ``(label, t [s], semi_major [m], error [m] or None)`` per track.
    """
    plt = _plt()
    fig, ax = plt.subplots(figsize=(10, 4.5), dpi=110)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (label, t, semi, err) in enumerate(series):
        c = colours[(i + 3) % len(colours)]
        ax.semilogy(t, np.asarray(semi) / 1e3, color=c, lw=1.6, label=f"{label}: 95 % semi-axis")
        if err is not None:
            ax.semilogy(t, np.maximum(np.asarray(err), 1.0) / 1e3, color=c, lw=0.8, ls="--",
                        marker="." if np.size(t) < 60 else None,
                        label=f"{label}: actual error")
    ax.set_xlabel("time since launch [s]")
    ax.set_ylabel("predicted impact [km]")
    ax.grid(True, which="both", lw=0.3)
    ax.legend(fontsize=7, ncol=2)
    if title:
        ax.set_title(title, fontsize=10)
    return _save(fig, path)
