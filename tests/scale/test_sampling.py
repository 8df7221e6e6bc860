"""Draws of a campaign: the stated distributions, Sobol' chunks, seeds per chunk."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats
from scipy.stats import qmc

from launchwatch.scale import load_campaign
from launchwatch.scale.sampling import chunk_seeds, unit_draws
from launchwatch.scale.tasks import draw_parameters, n_blocks

from .conftest import flight_campaign


def _all_draws(c) -> dict[str, np.ndarray]:
    parts = [draw_parameters(c, b) for b in range(n_blocks(c))]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def test_random_draws_follow_the_stated_distributions():
    c = load_campaign(flight_campaign(flights=20_000, chunk=3000))
    d = _all_draws(c)
    assert d["lat_deg"].tolist() == [39.17] * 20_000
    # distributions built here from the file's numbers, not by the code under test
    assert stats.kstest(d["azimuth_deg"], stats.uniform(60, 40).cdf).pvalue > 1e-3
    assert stats.kstest(d["kick_angle_deg"], stats.norm(32, 1.5).cdf).pvalue > 1e-3
    tn = stats.truncnorm((0.95 - 1) / 0.02, (1.05 - 1) / 0.02, loc=1, scale=0.02)
    assert stats.kstest(d["propellant_scale"], tn.cdf).pvalue > 1e-3
    assert d["propellant_scale"].min() >= 0.95 and d["propellant_scale"].max() <= 1.05
    share = np.mean(d["vehicle"] == 0)  # srbm-800, weight 3 of 4
    assert abs(share - 0.75) < 4 * math.sqrt(0.75 * 0.25 / 20_000)


def test_lognormal_has_the_stated_mean_and_sd():
    c = load_campaign(flight_campaign(flights=40_000, chunk=10_000, parameters={
        "lat_deg": 39.0, "lon_deg": 127.0, "azimuth_deg": 80.0,
        "payload_scale": {"dist": "lognormal", "mean": 1.0, "sd": 0.1}}))
    x = _all_draws(c)["payload_scale"]
    assert abs(x.mean() - 1.0) < 4 * 0.1 / math.sqrt(x.size)
    assert abs(x.std() - 0.1) < 0.003
    assert stats.kstest(np.log(x), stats.norm(-0.5 * math.log(1.01), math.sqrt(math.log(1.01))).cdf
                        ).pvalue > 1e-3


def test_sobol_chunks_are_slices_of_one_sequence():
    c = load_campaign(flight_campaign(flights=5000, chunk=1024, sampling="sobol"))
    names = c.parameters.dispersed()
    scramble, seeds = chunk_seeds(c.seed, n_blocks(c))
    rng = np.random.default_rng(scramble.generate_state(4))
    whole = qmc.Sobol(len(names), scramble=True, seed=rng).random(8192)[:5000]
    parts = np.concatenate([unit_draws("sobol", len(names), b * 1024, min(1024, 5000 - b * 1024),
                                       seeds[b], scramble) for b in range(n_blocks(c))])
    assert np.array_equal(parts, whole)
    # and the parameters are those points mapped through the inverse CDFs
    d = _all_draws(c)
    j = names.index("azimuth_deg")
    assert np.allclose(d["azimuth_deg"], 60 + 40 * whole[:, j], rtol=0, atol=1e-12)
    # better than random: the mean of a uniform's Sobol' draw is close to its centre
    assert abs(d["azimuth_deg"][:4096].mean() - 80.0) < 0.01


def test_chunk_seeds_do_not_depend_on_the_number_of_chunks():
    a = chunk_seeds(5, 3)[1]
    b = chunk_seeds(5, 100)[1]
    for x, y in zip(a, b, strict=False):
        assert np.array_equal(x.generate_state(4), y.generate_state(4))
    assert not np.array_equal(a[0].generate_state(4), a[1].generate_state(4))
    assert isinstance(a[0], np.random.SeedSequence)


@pytest.mark.parametrize(("patch", "field", "words"), [
    ({"flights": 0}, "flights", "greater than or equal to 1"),
    ({"chunk_size": 1000, "sampling": "sobol"}, "chunk_size", "power of two"),
    ({"colour": 1}, "colour", "unknown key"),
    ({"parameters": {"lat_deg": 39, "lon_deg": 127, "azimuth_deg": {"dist": "normal", "mean": 1, "sd": -1}}},
     "parameters.azimuth_deg.sd", "greater than 0"),
    ({"parameters": {"lat_deg": 39, "lon_deg": 127, "azimuth_deg": 80, "vehicle": "icbm"}},
     "parameters.vehicle", "unknown vehicle 'icbm'"),
    ({"parameters": {"lat_deg": 39, "lon_deg": 127, "azimuth_deg": {"dist": "uniform", "low": 5, "high": 1}}},
     "parameters.azimuth_deg", "must be above low"),
])
def test_bad_campaigns_name_the_field(patch, field, words):
    from launchwatch.errors import InputError

    with pytest.raises(InputError) as e:
        load_campaign(flight_campaign(**patch))
    assert e.value.field == field, str(e.value)
    assert words in str(e.value)


def test_the_example_campaigns_load():
    from pathlib import Path

    files = sorted((Path(__file__).resolve().parents[2] / "examples").glob("campaign-*.yaml"))
    assert len(files) >= 4
    for f in files:
        c = load_campaign(f)
        assert c.name and c.kind in ("flights", "evaluation"), f
        if c.kind == "evaluation":
            for sc, _lay, _tr in c.groups():
                assert c.scenarios[sc].build().launches
