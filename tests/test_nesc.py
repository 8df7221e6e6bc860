"""NASA NESC atmospheric check cases (NASA/TM-2015-218675) against simulation 05.

Each case flies a 1-slug, 6-inch sphere for 30 s; we compare altitude, latitude,
longitude and Earth-relative velocity (north-east-down) at every 0.01 s sample with
simulation 05, whose peers (sims 04 and 06) agree with it to ~0.01 ft.  The tolerances
sit just above the figures docs/flight.md states (worst case 09: 0.014 ft in altitude,
0.018 ft in longitude, 0.0008 ft/s), so a regression of a few tenths of those fails.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from launchwatch.earth import R_ROUND_EARTH, EarthModel, Ellipsoid, ecef2ned_velocity
from launchwatch.earth.constants import FT, SLUG
from launchwatch.flight import IntegratorOptions, propagate

CASES = {
    "01": ("Atmos_01_DroppedSphere", 0.0, "wgs84", True, "j2"),
    "04": ("Atmos_04_DroppedSphereRoundNonRotation", 0.1, "sphere", False, "spherical"),
    "05": ("Atmos_05_DroppedSphereRoundRotation", 0.1, "sphere", True, "spherical"),
    "06": ("Atmos_06_DroppedSphereEllipsoidalNoWind", 0.1, "wgs84", True, "j2"),
    "09": ("Atmos_09_EastwardCannonball", 0.1, "wgs84", True, "j2"),
}
ALT_FT, GROUND_FT, VEL_FPS = 0.02, 0.025, 0.001
MASS = 1.0 * SLUG
AREA = 0.1963495 * FT**2


def _load(path: Path) -> dict[str, np.ndarray]:
    with open(path) as fh:
        rows = list(csv.reader(fh))
    head = rows[0]
    data = np.array([[float(x) for x in r] for r in rows[1:] if r], dtype=float)
    out: dict[str, np.ndarray] = {}
    for i, name in enumerate(head):
        out.setdefault(name, data[:, i])
    return out


def _fly(case: str, ref: dict[str, np.ndarray]):
    _, cd, shape, rotating, gravity = CASES[case]
    ell = Ellipsoid.sphere(R_ROUND_EARTH) if shape == "sphere" else "wgs84"
    earth = EarthModel(gravity=gravity, rotating=rotating, ellipsoid=ell)
    lat0 = np.radians(ref["latitude_deg"][0])
    lon0 = np.radians(ref["longitude_deg"][0])
    h0 = ref["altitudeMsl_ft"][0] * FT
    r0 = earth.ellipsoid.geodetic2ecef(lat0, lon0, h0)
    # initial Earth-relative velocity, NED -> ECEF at lat0/lon0
    vn, ve, vd = (ref[f"feVelocity_ft_s_{c}"][0] * FT for c in "XYZ")
    sl, cl, so, co = np.sin(lat0), np.cos(lat0), np.sin(lon0), np.cos(lon0)
    north = np.array([-sl * co, -sl * so, cl])
    east = np.array([-so, co, 0.0])
    up = np.array([cl * co, cl * so, sl])
    v0 = vn * north + ve * east - vd * up
    beta = MASS / (cd * AREA) if cd > 0 else np.inf
    opts = IntegratorOptions(t_max=30.0 + 1e-9, rtol=1e-12, atol_position=1e-6,
                             atol_velocity=1e-9)
    res = propagate(np.concatenate([r0, v0])[None, :], 0.0, ballistic_coefficient=beta,
                    earth=earth, options=opts, sample_dt=0.01)
    return res, earth


@pytest.mark.parametrize("case", sorted(CASES))
def test_nesc_case_against_sim05(case: str, reference_dir: Path) -> None:
    folder, *_ = CASES[case]
    ref = _load(reference_dir / "nesc" / folder / f"Atmos_{case}_sim_05.csv")
    res, earth = _fly(case, ref)
    t_ref = ref["time"]
    k = np.rint(t_ref / 0.01).astype(int)
    assert k[-1] < res.samples.shape[1], "trajectory shorter than the reference"
    states = res.samples[0, k]
    assert np.isfinite(states).all()
    # geodetic on the case's own figure (geocentric on the round Earth)
    lat, lon, alt = earth.ellipsoid.ecef2geodetic(states[:, :3])
    vned = ecef2ned_velocity(states, earth.ellipsoid)
    alt_err_ft = np.abs(alt / FT - ref["altitudeMsl_ft"])
    vel_err_fps = np.abs(vned / FT - np.column_stack(
        [ref[f"feVelocity_ft_s_{c}"] for c in "XYZ"])).max(axis=1)
    # ground position: latitude/longitude error as a distance on the ground
    dlat_ft = np.abs(np.degrees(lat) - ref["latitude_deg"]) * np.pi / 180 * 6.371e6 / FT
    dlon_ft = (np.abs(np.degrees(lon) - ref["longitude_deg"]) * np.pi / 180 * 6.371e6 / FT
               * np.cos(lat))
    assert alt_err_ft.max() < ALT_FT, f"altitude off by {alt_err_ft.max():.4f} ft"
    assert vel_err_fps.max() < VEL_FPS, f"velocity off by {vel_err_fps.max():.5f} ft/s"
    assert max(dlat_ft.max(), dlon_ft.max()) < GROUND_FT, (dlat_ft.max(), dlon_ft.max())
