"""The launch estimator's entry point: :func:`estimate_launch` (see the package text)."""

from __future__ import annotations

import math

import numpy as np

from ...earth.frames import ecef2geodetic, enu2ecef, enu_basis
from .. import boost as fam
from .mixture import _laplace, _prior_mixture
from .observations import BoostObservations, LaunchEstimate
from .problem import _Problem, _Scored
from .search import _refine, _reflect, _screen, _starts

__all__ = ["estimate_launch"]

_TOP = 48  # best members of the base set a second draw is made about
_DENSE = 512  # members of that draw
_JITTER = 0.04  # its spread in the unit cube
_TOP_CLASS = 8  # and of each class (stages and steering mode) of the base set
_STARTS = 6  # members of the base family refined
_PER_CLASS = 3  # at least this many of each of its classes


def estimate_launch(obs: BoostObservations, *, seed: int = 0) -> LaunchEstimate:
    """Launch point, time and burnout of one track from ``obs`` (module text).

    The family is flown from the ground point under the track's earliest row, towards the
    bearing of its velocity; ``seed`` makes the importance sampling reproducible.
    """
    out = LaunchEstimate()
    if obs.time.size == 0:
        return out
    # the family flown from under the track's earliest row towards the bearing of its
    # best-known velocity (its latest row's) picks where to start; the refinement is then
    # flown from where those starts put the launch, towards their azimuth (a family flown
    # the wrong way differs by its Coriolis deflection, hundreds of metres in a boost)
    k0, k1 = int(np.argmin(obs.time)), int(np.argmax(obs.time))
    lat0, lon0, _ = ecef2geodetic(obs.x[k0:k0 + 1, :3])
    E = enu_basis(float(lat0[0]), float(lon0[0]))
    hv = E @ obs.x[k1, 3:6]
    az0 = math.atan2(hv[0], hv[1])
    seen = math.isfinite(obs.last_plume) or obs.unused_los is not None or obs.powered
    families = fam.FAMILIES if seen else (fam.BROAD,)
    bases = [fam.base_family(float(lat0[0]), float(lon0[0]), az0, f) for f in families]
    prob = _Problem(obs, bases[0].lat, bases[0].lon)
    scores = [_screen(prob, bm) for bm in bases]
    best_l, best = -np.inf, None
    for sc0 in scores:
        if np.isfinite(sc0.logl).any():
            i = int(np.nanargmax(np.where(np.isfinite(sc0.logl), sc0.logl, -np.inf)))
            if sc0.logl[i] > best_l:
                best_l, best = sc0.logl[i], sc0.theta[i]
    if best is None:
        return out
    enu = np.array([[best[0], best[1], 0.0]])
    la, lo, _ = ecef2geodetic(enu2ecef(enu, bases[0].lat, bases[0].lon, 0.0))
    site = (float(la[0]), float(lo[0]), float(np.mod(bases[0].azimuth + best[3], 2 * math.pi)))
    prob = _Problem(obs, site[0], site[1])
    if not seen:
        return _prior_mixture(out, obs, site)
    # members are flown only as long as the latest row needs (with a minute to spare)
    span = float(np.clip(np.max(obs.time) - best[2] + 60.0, 60.0, fam.SAMPLE_SPAN))
    # the best members of each family, refined in its continuous parameters; the posterior
    # is the mixture of the Laplace approximations about the optima
    rng = np.random.default_rng(seed)
    optima = []
    for bm, sc0 in zip(bases, scores, strict=True):
        if not np.isfinite(sc0.logl).any():
            continue
        # a second draw about the base set's best members, flown from the refined site
        order = np.argsort(-np.where(np.isfinite(sc0.logl), sc0.logl, -np.inf))
        order = order[np.isfinite(sc0.logl[order])]
        # the best members, and the best few of each stage count and steering mode (a
        # staged ascent's members are few in the base set, and a single stage that mimics
        # it would otherwise take the whole draw)
        cls = bm.family.describe(bm.u[order])[2]
        top = np.unique(np.concatenate([order[:_TOP]] + [order[cls == c][:_TOP_CLASS]
                                                         for c in np.unique(cls)]))
        u = _reflect(bm.u[rng.choice(top, _DENSE)] + _JITTER * rng.standard_normal(
            (_DENSE, bm.family.dims)))
        dense = fam.fly(u, *site, bm.family, span)
        sc1 = _screen(prob, dense)
        both = fam.Members(u=np.concatenate([bm.u[top], dense.u]),
                           samples=np.zeros((0, 0, 6)), dt=dense.dt,
                           t_burnout=np.empty(0), stages=np.concatenate([bm.stages[top],
                                                                         dense.stages]),
                           liftoff_tw=np.empty(0), ok=np.empty(0, bool), lat=site[0],
                           lon=site[1], azimuth=site[2], family=bm.family)
        sc_both = _Scored(logl=np.concatenate([sc0.logl[top], sc1.logl]), theta=np.empty((0, 4)),
                          cov=np.empty((0, 4, 4)), los=np.empty(0), resid=np.empty((0, 0)))
        k, per = (_STARTS, _PER_CLASS) if bm.family is fam.BROAD else (_STARTS // 2, 1)
        optima.append(_refine(prob, bm.family, _starts(both, sc_both, max(k, per * 6), per),
                              *site, span=span))
    return _laplace(out, optima, site, prob, span)
