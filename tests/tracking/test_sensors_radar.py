"""Sensors: radar geometry, horizon, detection statistics, clutter, CSO, infrared, configs."""

from __future__ import annotations

import math

import numpy as np
import pymap3d
import pytest

from launchwatch.earth import enu_basis, geodetic2ecef
from launchwatch.errors import InputError
from launchwatch.flight import generic_vehicle, simulate
from launchwatch.sensors import (
    CLUTTER,
    InfraredConfig,
    RadarConfig,
    Truth,
    dump_sensors,
    earth_blocks,
    generate_detections,
    load_sensors,
    radar_horizon_range,
    radar_measure,
    radar_visible,
)


@pytest.fixture(scope="module")
def salvo() -> Truth:
    vs = [generic_vehicle(c) for c in (300, 500, 800)]
    r = simulate(vs, np.radians([39.1, 39.3, 39.0]), np.radians([127.4, 127.3, 127.6]),
                 np.radians([85, 90, 95]), vehicle_index=[0, 1, 2], kick_angle=[0.35, 0.38, 0.4],
                 launch_time=[0, 5, 10], sample_dt=0.1)
    return Truth.from_flight(r)


def _static(points: np.ndarray) -> np.ndarray:
    return np.concatenate([points, np.zeros_like(points)], axis=-1)


def test_measure_matches_pymap3d_and_range_rate_is_a_derivative():
    cfg = RadarConfig(lat_deg=37.0, lon_deg=129.0, alt_m=100.0)
    rng = np.random.default_rng(3)
    lat = np.radians(37 + rng.uniform(-3, 3, 50))
    lon = np.radians(129 + rng.uniform(-3, 3, 50))
    h = rng.uniform(1e4, 3e5, 50)
    pos = geodetic2ecef(lat, lon, h)
    vel = rng.normal(0, 2000, (50, 3))
    z = radar_measure(np.concatenate([pos, vel], -1), cfg.site_ecef, cfg.enu)
    az, el, rg = pymap3d.ecef2aer(pos[:, 0], pos[:, 1], pos[:, 2], math.radians(37.0),
                                  math.radians(129.0), 100.0, deg=False)
    np.testing.assert_allclose(z[:, 0], rg, rtol=0, atol=1e-6)  # metres
    np.testing.assert_allclose(z[:, 1], az, rtol=0, atol=1e-9)  # radians
    np.testing.assert_allclose(z[:, 2], el, rtol=0, atol=1e-9)
    dt = 1e-3
    zp = radar_measure(np.concatenate([pos + vel * dt, vel], -1), cfg.site_ecef, cfg.enu)
    zm = radar_measure(np.concatenate([pos - vel * dt, vel], -1), cfg.site_ecef, cfg.enu)
    np.testing.assert_allclose(z[:, 3], (zp[:, 0] - zm[:, 0]) / (2 * dt), atol=1e-3)  # m/s


def test_horizon_from_earth_curvature():
    # targets at 100 km altitude due east of a sea-level site, just inside/outside the horizon
    cfg = RadarConfig(lat_deg=0.0, lon_deg=0.0, alt_m=0.0, min_elevation_deg=0.0,
                      max_range=5e6, max_elevation_deg=90.0)
    d_max = float(radar_horizon_range(0.0, 1e5))
    angles = np.linspace(0.5, 1.5, 201) * d_max / 6378137.0  # central angle on the equator
    pts = geodetic2ecef(0.0, angles, 1e5)
    z = radar_measure(_static(pts), cfg.site_ecef, cfg.enu)
    vis = radar_visible(z, cfg)
    slant = z[:, 0]
    assert vis[slant < d_max * 0.999].all()
    assert not vis[slant > d_max * 1.001].any()


def test_pd_noise_and_clutter_statistics(salvo):
    cfg = RadarConfig(lat_deg=37.5, lon_deg=129.1, pd=0.7, clutter_per_scan=8.0,
                      sigma_range=30.0)
    det = generate_detections(salvo, [cfg], seed=11)
    assert np.all(np.diff(det.time) >= 0)
    times = det.scan_time
    x = salvo.states(times)
    zt = radar_measure(x, cfg.site_ecef, cfg.enu)
    n_vis = int(radar_visible(zt, cfg).sum())
    n_true = int((det.truth != CLUTTER).sum())
    assert abs(n_true / n_vis - 0.7) < 4 * math.sqrt(0.21 / n_vis)
    n_clutter = int((det.truth == CLUTTER).sum())
    assert abs(n_clutter / times.size - 8.0) < 4 * math.sqrt(8.0 / times.size)
    # noise: residual against the truth at the detection time
    m = det.truth != CLUTTER
    idx = np.searchsorted(times, det.time[m])
    res = det.z[m, 0] - zt[det.truth[m], idx, 0]
    assert abs(res.std() - 30.0) < 3.0  # metres
    c = det.z[~m]
    assert (c[:, 0] >= cfg.min_range).all() and (c[:, 0] <= cfg.max_range).all()
    assert (np.abs(c[:, 3]) <= cfg.max_range_rate).all()
    assert cfg.clutter_density == pytest.approx(8.0 / cfg.measurement_volume)


def test_detections_sorted_tagged_and_empty_scans_listed(salvo):
    sensors = [RadarConfig(name="a", lat_deg=37.5, lon_deg=129.1, clutter_per_scan=0.0),
               RadarConfig(name="b", lat_deg=40.5, lon_deg=131.5, phase=0.5, revisit=2.0),
               InfraredConfig()]
    det = generate_detections(salvo, sensors, seed=2)
    key = det.time * 10 + det.sensor
    assert np.all(np.diff(key) >= 0)
    assert set(np.unique(det.sensor)) == {0, 1, 2}
    scans = list(det.scans())
    assert len(scans) == det.scan_time.size
    assert sum(sl.stop - sl.start for *_, sl in scans) == len(det)
    assert any(sl.stop == sl.start for *_, sl in scans)  # before the rise: empty scans
    # radar 0 without clutter only reports truths
    assert (det.truth[det.sensor == 0] >= 0).all()


def test_cso_merge():
    # two objects 50 m apart: unresolved with a 150 m range cell and 2 mrad beam
    base = geodetic2ecef(math.radians(38.5), math.radians(130.0), 1.5e5)
    t = np.arange(0, 20.0, 0.1)
    samples = np.stack([np.tile(_static(base[None])[0], (t.size, 1)),
                        np.tile(_static((base + np.array([30.0, 40.0, 0.0]))[None])[0], (t.size, 1))])
    truth = Truth(np.zeros(2), 0.1, samples, np.zeros(2))
    common = dict(lat_deg=37.5, lon_deg=129.1, pd=1.0, clutter_per_scan=0.0)
    apart = generate_detections(truth, [RadarConfig(**common)], 0.0, 10.0, seed=1)
    merged = generate_detections(truth, [RadarConfig(**common, cso_range_resolution=150.0,
                                                     cso_angle_resolution=2e-3)], 0.0, 10.0, seed=1)
    assert len(apart) == 2 * len(merged) == 2 * 11


def test_infrared_only_while_burning(salvo):
    det = generate_detections(salvo, [InfraredConfig(lon_deg=128.0)], seed=4)
    assert len(det) > 100
    assert np.all(det.time <= salvo.t_burnout[det.truth] + 1e-9)
    assert np.all(det.time >= salvo.t_launch[det.truth])
    assert np.isnan(det.z[:, 2:]).all()
    # a satellite over the far side of the Earth sees nothing
    assert len(generate_detections(salvo, [InfraredConfig(lon_deg=-50.0)], seed=4)) == 0
    site = InfraredConfig(lon_deg=0.0).site_ecef
    assert earth_blocks(geodetic2ecef(0.0, math.pi, 1e5)[None], site)[0]
    assert not earth_blocks(geodetic2ecef(0.0, 0.1, 1e5)[None], site)[0]


def test_truth_interpolation_against_fine_sampling():
    v = generic_vehicle(500)
    coarse = simulate(v, 0.7, 2.2, 1.5, kick_angle=0.38, sample_dt=0.5)
    fine = simulate(v, 0.7, 2.2, 1.5, kick_angle=0.38, sample_dt=0.1)
    tr = Truth.from_flight(coarse)
    t = np.arange(100.0, 300.0, 0.1)  # ballistic: no kinks
    got = tr.states(t)[0]
    want = fine.samples[0, 1000:3000]
    assert np.max(np.linalg.norm(got[:, :3] - want[:, :3], axis=-1)) < 0.5  # metres
    assert np.isnan(tr.states([-1.0, 1e5])).all()


def test_config_round_trip_yaml_toml_and_errors(tmp_path):
    sensors = [RadarConfig(name="east", lat_deg=37.5, lon_deg=129.1, pd=0.8),
               InfraredConfig(name="geo", lon_deg=128.0)]
    p = tmp_path / "s.yaml"
    p.write_text(dump_sensors(sensors))
    assert load_sensors(p) == sensors
    t = tmp_path / "s.toml"
    t.write_text('[[sensors]]\nkind = "radar"\nname = "east"\nlat_deg = 37.5\nlon_deg = 129.1\n'
                 'pd = 0.8\n\n[[sensors]]\nkind = "ir"\nname = "geo"\nlon_deg = 128.0\n')
    assert load_sensors(t) == sensors
    with pytest.raises(InputError, match="pd"):
        load_sensors({"sensors": [{"kind": "radar", "pd": 1.5}]})
    with pytest.raises(InputError, match="kind"):
        load_sensors([{"kind": "sonar"}])
    with pytest.raises(InputError, match="no such file"):
        load_sensors(tmp_path / "missing.yaml")
    with pytest.raises(InputError):
        generate_detections(Truth(np.zeros(1), 0.1, np.zeros((1, 3, 6)), np.zeros(1)), [])
    assert enu_basis(0.0, 0.0).shape == (3, 3)
