"""Gating probabilities, GNN optimality against brute force, JPDA against enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from launchwatch.tracking import clusters, gate_threshold, gnn, jpda, mahalanobis2


@pytest.mark.parametrize(("pg", "dim"), [(0.99, 2), (0.9997, 4), (0.95, 3)])
def test_gate_contains_the_stated_fraction_of_true_measurements(pg, dim):
    rng = np.random.default_rng(0)
    A = rng.normal(size=(dim, dim))
    S = A @ A.T + np.eye(dim)
    nu = rng.multivariate_normal(np.zeros(dim), S, 200_000)
    d2 = mahalanobis2(nu[None], S[None])[0]
    frac = float(np.mean(d2 < gate_threshold(pg, dim)))
    assert abs(frac - pg) < 4 * np.sqrt(pg * (1 - pg) / nu.shape[0]) + 1e-4
    assert gate_threshold(0.99, 2) == pytest.approx(-2 * np.log(0.01))  # closed form in 2-D


def _brute(cost, miss):
    k, m = cost.shape
    best = np.inf
    for assign in itertools.product(range(-1, m), repeat=k):
        used = [a for a in assign if a >= 0]
        if len(used) != len(set(used)):
            continue
        c = sum(miss if a < 0 else cost[i, a] for i, a in enumerate(assign))
        best = min(best, c)
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(0, 4), st.integers(0, 10_000))
def test_gnn_is_optimal_against_brute_force(k, m, seed):
    rng = np.random.default_rng(seed)
    cost = rng.uniform(0, 10, (k, m))
    cost[rng.random((k, m)) < 0.3] = np.inf
    miss = 6.0
    r, c = gnn(cost, miss)
    assert len(set(c.tolist())) == c.size and len(set(r.tolist())) == r.size
    total = cost[r, c].sum() + miss * (k - r.size)
    assert total == pytest.approx(_brute(cost, miss))


def _jpda_brute(lik, gated, pd, pg, lam):
    k, m = lik.shape
    beta = np.zeros((k, m + 1))
    for assign in itertools.product(range(-1, m), repeat=k):
        used = [a for a in assign if a >= 0]
        if len(used) != len(set(used)) or any(a >= 0 and not gated[i, a] for i, a in enumerate(assign)):
            continue
        w = 1.0
        for i, a in enumerate(assign):
            w *= (1 - pd * pg) if a < 0 else pd * lik[i, a] / lam
        for i, a in enumerate(assign):
            beta[i, a + 1] += w
    return beta / beta.sum(axis=1, keepdims=True)


def test_jpda_marginals_match_enumeration_and_clusters_split():
    rng = np.random.default_rng(5)
    lik = rng.uniform(0.1, 2.0, (4, 5))
    gated = rng.random((4, 5)) < 0.6
    gated[3] = False
    gated[3, 4] = True  # track 3 alone with measurement 4 ...
    gated[:3, 4] = False
    got = jpda(lik, gated, 0.9, 0.99, 0.5)
    want = _jpda_brute(lik, gated, 0.9, 0.99, 0.5)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    _n, tl, ml = clusters(gated)
    assert tl[3] == ml[4] and tl[3] not in tl[:3]
    np.testing.assert_allclose(got.sum(axis=1), 1.0)


def test_sparse_gnn_by_groups_equals_one_dense_assignment(monkeypatch):
    """A scan too large for one dense assignment is solved group by group (closed form for
    groups of one track or one measurement, one sparse assignment for the rest): the same
    optimum as a single dense assignment of the whole matrix."""
    from scipy.optimize import linear_sum_assignment

    from launchwatch.tracking import association

    rng = np.random.default_rng(11)
    K, M = 400, 500
    pos_t = rng.uniform(0, 100, K)
    pos_m = np.concatenate([pos_t[:300] + rng.normal(0, 0.3, 300), rng.uniform(0, 100, 200)])
    cost = np.abs(pos_t[:, None] - pos_m[None, :]) * 10.0
    cost[cost > 8.0] = np.inf  # local gates: many small groups, a few crowded ones
    miss = np.full(K, 6.0)
    monkeypatch.setattr(association, "DENSE_CELLS", 0)
    r, c = gnn(cost, miss)
    assert len(set(c.tolist())) == c.size and np.isfinite(cost[r, c]).all()
    total = cost[r, c].sum() + miss[np.setdiff1d(np.arange(K), r)].sum()
    aug = np.full((K, M + K), 1e12)
    aug[:, :M] = np.where(np.isfinite(cost), cost, 1e12)
    aug[np.arange(K), M + np.arange(K)] = miss
    rr, cc = linear_sum_assignment(aug)
    assert total == pytest.approx(aug[rr, cc].sum(), rel=1e-12)
