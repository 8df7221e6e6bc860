"""The search over the family: the base set screened, members refined by
Levenberg-Marquardt in their continuous parameters (logit space, the move profiled out),
and the starts picked for the refinement."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import boost as fam
from .members import DEVIATION, _local
from .problem import _Problem, _Scored

_FD = 2e-3  # finite-difference step in logit(u)


def _logit(u: np.ndarray) -> np.ndarray:
    u = np.clip(u, 1e-6, 1 - 1e-6)
    return np.log(u) - np.log1p(-u)


def _expit(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _log_prior_z(z: np.ndarray, cont: np.ndarray) -> np.ndarray:
    """Log density ``(N,)`` in logit space of the uniform prior on the cube (continuous
    dims ``cont``): ``sum log(u (1 - u))``."""
    zc = z[:, cont]
    return np.sum(-np.logaddexp(0.0, zc) - np.logaddexp(0.0, -zc), axis=1)


@dataclass
class _Optimum:
    """Members refined to the observations: ``u (K, D)``, the objective ``f (K,)`` (half
    the chi-square minus the log prior), its curvature ``H (K, C, C)`` in the continuous
    dims (logit space), the fitted moves ``theta (K, 4)`` with their covariance given the
    member ``cov (K, 4, 4)`` and evidence term ``logdet (K,)``, and the sensitivities in
    the continuous dims of the move ``dtheta (K, 4, C)`` and of the burn time ``dburn (K, C)``."""

    u: np.ndarray
    f: np.ndarray
    H: np.ndarray
    theta: np.ndarray
    cov: np.ndarray
    logdet: np.ndarray
    dtheta: np.ndarray
    dburn: np.ndarray
    members: fam.Members
    los: np.ndarray
    chi2: np.ndarray  # (K,) of the observations alone
    dof: int  # observations minus the four moves' parameters
    resid: np.ndarray | None = None  # (K, L) whitened residuals (rows, lines of sight, ...)


def _refine(prob: _Problem, family: fam.Family, starts: np.ndarray, lat: float, lon: float,
            az: float, span: float = fam.SAMPLE_SPAN,
            schedule: tuple[tuple[float, int], ...] = ((30.0, 3), (5.0, 3), (DEVIATION, 8)),
            pins: np.ndarray | None = None, theta: np.ndarray | None = None) -> _Optimum:
    """Levenberg-Marquardt in logit space from members ``starts (K, D)``: the move profiled
    out (refitted for every trial), Jacobians by finite differences (one flight of the
    engine per continuous dimension and start).  ``schedule``: (deviation intensity,
    iterations) from loose to the final one, so that the early steps see a smooth
    objective (continuation)."""
    z = _logit(starts)
    cont = np.array(family.continuous)
    k, c = z.shape[0], cont.size
    lam = np.full(k, 1e-2)

    def objective(zz: np.ndarray, th: np.ndarray | None = None, owner: np.ndarray | None = None):
        m = fam.fly(_expit(zz), lat, lon, az, family, span)
        pin = None if pins is None else pins[np.arange(len(zz)) if owner is None else owner]
        sc = prob.score(m, _local(m), th, pin=pin)
        f = 0.5 * np.sum(sc.resid**2, axis=1) - _log_prior_z(zz, cont)
        return np.where(np.isfinite(sc.logl), f, np.inf), sc, m

    def jacobian(zz: np.ndarray, sc: _Scored, m: fam.Members):
        # one flight per start and continuous dimension that changes its flight
        ki, ci = np.nonzero(family.relevant(_expit(zz)))
        zp = zz[ki].copy()
        zp[np.arange(ki.size), cont[ci]] += _FD
        _, sp, mp = objective(zp, sc.theta[ki], ki)
        G = np.zeros((k, c, sc.resid.shape[1]))
        G[ki, ci] = -(sp.resid - sc.resid[ki]) / _FD  # d model / d z
        dth = np.zeros((k, c, 4))
        dth[ki, ci] = (sp.theta - sc.theta[ki]) / _FD
        db = np.zeros((k, c))
        db[ki, ci] = (mp.t_burnout - m.t_burnout[ki]) / _FD
        sg = _expit(zz[:, cont])
        H = G @ np.swapaxes(G, 1, 2) + (2.0 * sg * (1.0 - sg))[:, :, None] * np.eye(c)
        g = (G @ sc.resid[..., None])[..., 0] - (2.0 * sg - 1.0)
        good = np.isfinite(G).all(axis=(1, 2))
        H = np.where(good[:, None, None], H, np.eye(c))
        g = np.where(good[:, None], g, 0.0)
        return H, g, np.swapaxes(dth, 1, 2), db

    prob.q = schedule[0][0]
    f, sc, m = objective(z, theta)
    active = np.isfinite(f)
    plan = [q for q, n in schedule for _ in range(n)]
    for it, q in enumerate(plan):
        if q != prob.q:  # the next stage of the continuation: every live start again
            prob.q = q
            f, sc, m = objective(z, sc.theta)
            active = np.isfinite(f) & (f < np.nanmin(f) + 200.0)
            lam[:] = 1e-2
        if not active.any():
            continue
        H, g, _, _ = jacobian(z, sc, m)
        damp = lam[:, None] * np.maximum(np.einsum("kii->ki", H), 1e-6)  # Marquardt's scaling
        step = np.linalg.solve(H + damp[:, :, None] * np.eye(c), g[..., None])[..., 0]
        step = np.clip(np.where(np.isfinite(step) & active[:, None], step, 0.0), -1.5, 1.5)
        zt = z.copy()
        zt[:, cont] += step
        ft, st, _ = objective(zt, sc.theta)
        better = ft < f
        with np.errstate(invalid="ignore"):
            gain = np.where(better, np.nan_to_num(f - ft, posinf=1e9), 0.0)
        z = np.where(better[:, None], zt, z)
        sc = _Scored(*(np.where(better.reshape((-1,) + (1,) * (a_.ndim - 1)), b_, a_)
                       for a_, b_ in zip((sc.logl, sc.theta, sc.cov, sc.los, sc.resid),
                                         (st.logl, st.theta, st.cov, st.los, st.resid),
                                         strict=True)))
        m = fam.fly(_expit(z), lat, lon, az, family, span) if better.any() else m
        f = np.where(better, ft, f)
        lam = np.where(better, lam * 0.3, lam * 10.0)
        # a start stops when it no longer gains, or when it is far behind the best one
        active &= ~((better & (gain < 0.05)) | (lam > 1e4) | (f > np.nanmin(f) + 200.0))
        del it
    H, _, dth, db = jacobian(z, sc, m)
    A = np.linalg.inv(np.where(np.isfinite(sc.cov), sc.cov, np.eye(4)))
    obs_r = sc.resid[:, :-6]  # the move's prior (4), the plume's end and rise (2) are last
    return _Optimum(u=_expit(z), f=f, H=H, theta=sc.theta, cov=sc.cov,
                    logdet=np.linalg.slogdet(A)[1], dtheta=dth, dburn=db, members=m,
                    los=sc.los, chi2=np.sum(obs_r**2, axis=1), dof=max(obs_r.shape[1] - 4, 1),
                    resid=sc.resid)


def _screen(prob: _Problem, m: fam.Members, keep: int = 384) -> _Scored:
    """Scores of the base set: each member laid at the track's latest row and judged by
    its rows alone (no fit), the ``keep`` best then fitted (a few Gauss-Newton steps)."""
    loc = _local(m)
    th = prob._initial(m, loc)
    res, _ = prob._rows(loc, th)
    W = np.linalg.inv(prob.cov_rows)
    chi = np.einsum("nri,rij,nrj->n", res, W, res)
    chi = np.where(np.isfinite(chi) & m.ok, chi, np.inf)
    pick = np.argsort(chi)[:keep]
    pick = pick[np.isfinite(chi[pick])]
    n = len(m)
    logl = np.full(n, -np.inf)
    theta = np.full((n, 4), np.nan)
    if pick.size:
        sub = fam.Members(u=m.u[pick], samples=m.samples[pick], dt=m.dt,
                          t_burnout=m.t_burnout[pick], stages=m.stages[pick],
                          liftoff_tw=m.liftoff_tw[pick], ok=m.ok[pick], lat=m.lat, lon=m.lon,
                          azimuth=m.azimuth, family=m.family)
        sc = prob.score(sub, _local(sub), iterations=3)
        logl[pick], theta[pick] = sc.logl, sc.theta
    return _Scored(logl=logl, theta=theta, cov=np.full((n, 4, 4), np.nan), los=np.zeros(n),
                   resid=np.zeros((n, 0)))


def _reflect(u: np.ndarray) -> np.ndarray:
    """``u`` folded back into the unit cube."""
    u = np.abs(u)
    return np.clip(1.0 - np.abs(1.0 - np.mod(u, 2.0)), 1e-6, 1.0 - 1e-6)


def _starts(m: fam.Members, sc: _Scored, k: int, per_class: int = 1) -> np.ndarray:
    """The ``k`` best members, the ``per_class`` best of each stage count and steering mode
    first."""
    order = np.argsort(-np.where(np.isfinite(sc.logl), sc.logl, -np.inf))
    order = order[np.isfinite(sc.logl[order])]
    pick: list[int] = []
    cls = m.family.describe(m.u)[2]
    for c in np.unique(cls[order]):
        pick += [int(i) for i in order[cls[order] == c][:per_class]]
    for i in order:
        if len(pick) >= k:
            break
        if int(i) not in pick:
            pick.append(int(i))
    return m.u[np.array(pick[:k], int)]
