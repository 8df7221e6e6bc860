"""Impact prediction: honest ellipses (launch estimation: test_launch.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from launchwatch.assess import cep, ground_ellipse, predict_impact, sigma_points
from launchwatch.earth import ecef2geodetic
from launchwatch.errors import InputError
from launchwatch.flight import ballistic_states, propagate

LAT, LON = math.radians(39.17), math.radians(127.48)
R_E = 6.371e6


def _offsets(lat, lon, lat0, lon0):
    return (lon - lon0) * R_E * np.cos(lat0), (lat - lat0) * R_E


def test_cep_limits_and_monte_carlo() -> None:
    assert cep(1.0, 1.0) == pytest.approx(math.sqrt(2 * math.log(2)), rel=1e-10)
    assert cep(1.0, 0.0) == pytest.approx(0.6744897502, rel=1e-8)
    rng = np.random.default_rng(0)
    xy = rng.normal(size=(400_000, 2)) * [3.0, 1.0]
    assert cep(3.0, 1.0) == pytest.approx(np.median(np.hypot(xy[:, 0], xy[:, 1])), rel=3e-3)
    e = ground_ellipse(np.array([[[4.0, 0.0], [0.0, 1.0]]]))
    assert e.semi_major[0] == pytest.approx(2.0 * math.sqrt(5.991464547), rel=1e-9)
    assert e.orientation[0] == pytest.approx(math.pi / 2)  # major axis east


def test_sigma_points_reproduce_mean_and_covariance() -> None:
    rng = np.random.default_rng(1)
    a = rng.normal(size=(5, 7, 7))
    P = a @ np.swapaxes(a, -1, -2) + 7 * np.eye(7)
    x = rng.normal(size=(5, 7))
    pts, w = sigma_points(x, P)
    np.testing.assert_allclose(np.einsum("m,kmi->ki", w, pts), x, atol=1e-12)
    d = pts - x[:, None, :]
    np.testing.assert_allclose(np.einsum("m,kmi,kmj->kij", w, d, d), P, atol=1e-10)


def test_impact_ellipses_are_honest() -> None:
    """Estimates drawn from their own covariance: the 95 % ellipse holds the truth ~95 %."""
    beta = 5000.0
    st = ballistic_states(LAT, LON, 2600.0, math.radians(40.0), math.radians(80.0))
    truth = propagate(st, 0.0, ballistic_coefficient=beta, sample_dt=1.0)
    x_true = np.concatenate([truth.samples[0, 60], [1.0 / beta]])
    P = np.diag([50.0**2] * 3 + [5.0**2] * 3 + [(0.2 / beta) ** 2])
    rng = np.random.default_rng(2)
    n = 400
    x = x_true + rng.multivariate_normal(np.zeros(7), P, size=n)
    g = predict_impact(x, np.repeat(P[None], n, 0), 60.0)
    assert g.ok.all()
    la, lo, _ = ecef2geodetic(truth.end[0, :3])
    de, dn = _offsets(la, lo, g.lat, g.lon)
    inside = g.ellipse.contains(de, dn).mean()
    assert 0.92 <= inside <= 0.985
    assert np.median(np.abs(g.time - truth.t_end[0]) / g.time_sigma) < 1.0
    miss = np.hypot(de, dn)
    assert np.median(miss) == pytest.approx(np.median(g.ellipse.cep), rel=0.25)


def test_bad_tracks() -> None:
    with pytest.raises(InputError, match="x"):
        predict_impact(np.full((1, 7), np.nan), np.eye(7)[None], 0.0)
    with pytest.raises(InputError, match="positive definite"):
        predict_impact(np.ones((1, 6)) * 7e6, -np.eye(6)[None], 0.0)
    with pytest.raises(InputError, match="6 columns"):
        predict_impact(np.ones((1, 3)), np.eye(3)[None], 0.0)
