"""The posterior over the family as a mixture: the Laplace approximations about the
refined optima (the best one replaced by its profile along the flight), tempered where
the broad family explains the boost; and for a track seen only in its coast, the prior
family importance-weighted by its fit."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...earth.frames import ecef2geodetic, enu2ecef
from .. import boost as fam
from ..uncertainty import ground_ellipse
from . import calibration as cal
from .calibration import Tempering, generic_adequate, launch_undetermined, tempering
from .members import _local
from .observations import BoostObservations, LaunchEstimate
from .problem import _GN_ITER, _Problem
from .search import _Optimum, _refine
from .staging import evidence as staging_evidence
from .staging import upper_share

#: deviations [m^2/s^3] tried in turn for a track seen only in its coast, until the prior
#: sample's effective size reaches _PRIOR_ESS
_PRIOR_Q = (30.0, 100.0, 300.0, 1000.0)
_PRIOR_ESS = 50.0
#: when a list, every boosted estimate appends its mixture's parts to it (calibration)
DIAGNOSTICS: list | None = None


def _prior_mixture(out: LaunchEstimate, obs: BoostObservations,
                   site: tuple[float, float, float]) -> LaunchEstimate:
    """A track that began after burnout: what its coast says of the launch, marginalised
    over the broad family by importance sampling from the prior (each member's move fitted
    to the rows), the member's deviation loose enough that a few hundred members count."""
    base = fam.fly(fam._sobol(fam.FAMILY_SIZE, 17), site[0], site[1], site[2])
    prob = _Problem(obs, site[0], site[1])
    for q in _PRIOR_Q:
        prob.q = q
        sc = prob.score(base, _local(base), iterations=_GN_ITER)
        ok = np.isfinite(sc.logl) & np.isfinite(sc.cov).all(axis=(1, 2))
        if not ok.any():
            continue
        w = np.exp(np.where(ok, sc.logl - np.max(sc.logl[ok]), -np.inf))
        w /= w.sum()
        if 1.0 / np.sum(w**2) >= _PRIOR_ESS:
            break
    else:
        if not np.isfinite(sc.logl).any():
            return out
    use = w > 0
    w, th, cov = w[use], sc.theta[use], sc.cov[use, :3, :3]
    mu = w @ th[:, :3]
    d = th[:, :3] - mu
    C = np.einsum("k,kij->ij", w, cov) + np.einsum("k,ki,kj->ij", w, d, d)
    enu = np.array([[mu[0], mu[1], 0.0]])
    lat, lon, _ = ecef2geodetic(enu2ecef(enu, site[0], site[1], 0.0))
    out.lat, out.lon, out.time = float(lat[0]), float(lon[0]), float(mu[2])
    out.time_sigma = math.sqrt(max(C[2, 2], 0.0))
    out.ellipse = ground_ellipse(C[None, :2, :2])
    out.azimuth = float(np.mod(site[2] + w @ th[:, 3], 2 * math.pi))
    bo = th[:, 2] + base.t_burnout[use]
    out.burnout_time = float(w @ bo)
    out.burnout_sigma = math.sqrt(max(float(w @ (bo - out.burnout_time) ** 2 + w @ cov[:, 2, 2]), 0.0))
    out.stages = np.array([float(w[base.stages[use] == s].sum()) for s in (1, 2, 3)])
    ln_tw = np.log(base.liftoff_tw[use])
    m_ln = float(w @ ln_tw)
    sd = math.sqrt(max(float(w @ (ln_tw - m_ln) ** 2), 0.0))
    out.liftoff_tw = math.exp(m_ln)
    out.liftoff_tw_95 = (math.exp(m_ln - 1.96 * sd), math.exp(m_ln + 1.96 * sd))
    out.ess = float(1.0 / np.sum(w**2))
    out.members = len(base)
    out.family, out.family_p = "broad", 1.0
    out.undetermined = launch_undetermined(float(out.ellipse.semi_major[0]), out.time_sigma, True)
    out.ok = True
    return out


@dataclass
class _Modes:
    """Optima of all families, flattened: per optimum ``loge``, ``theta (K, 4)``, launch
    covariance ``Sig (K, 3, 3)``, burnout time and variance, stages, ln thrust-to-weight
    and its variance, class label, and (family, index) to find it again."""

    loge: np.ndarray
    theta: np.ndarray
    Sig: np.ndarray
    burn: np.ndarray
    burn_var: np.ndarray
    stages: np.ndarray
    ln_tw: np.ndarray
    ln_tw_var: np.ndarray
    cls: np.ndarray
    where: list[tuple[int, int]]


def _modes(optima: Sequence[_Optimum]) -> _Modes:
    parts: dict[str, list] = {k: [] for k in _Modes.__dataclass_fields__}
    for fi, o in enumerate(optima):
        fml = o.members.family
        Hi = np.full_like(o.H, np.nan)
        sign, logdet_h = np.linalg.slogdet(o.H)
        good = np.isfinite(o.f) & np.isfinite(o.cov).all(axis=(1, 2)) & (sign > 0)
        Hi[good] = np.linalg.inv(o.H[good])
        Hz = np.nan_to_num(Hi)
        parts["loge"].append(np.where(good, -o.f - 0.5 * logdet_h - 0.5 * o.logdet
                                      + math.log(fml.prior), -np.inf))
        parts["theta"].append(o.theta)
        parts["Sig"].append((o.cov + np.einsum("kic,kcd,kjd->kij", o.dtheta, Hz, o.dtheta))[:, :3, :3])
        parts["burn"].append(o.theta[:, 2] + o.members.t_burnout)
        jb = o.dtheta[:, 2, :] + o.dburn
        parts["burn_var"].append(o.cov[:, 2, 2] + np.einsum("kc,kcd,kd->k", jb, Hz, jb))
        st, tw, cls = fml.describe(o.u)
        parts["stages"].append(st)
        parts["ln_tw"].append(np.log(tw))
        dim, scale = fml.tw_scale(o.u)
        if dim is None:
            parts["ln_tw_var"].append(np.zeros(len(o.u)))
        else:
            j = fml.continuous.index(dim)
            parts["ln_tw_var"].append(np.maximum(Hz[:, j, j], 0.0) * scale**2)
        parts["cls"].append(cls + 100 * fi)
        parts["where"].append([(fi, i) for i in range(len(o.u))])
    return _Modes(**{k: ([x for part in v for x in part] if k == "where" else np.concatenate(v))
                     for k, v in parts.items()})


#: offsets [m] along the flight from the best launch point at which the likelihood is
#: profiled
_PROFILE = np.array([-2000.0, -1200.0, -700.0, -350.0, 0.0, 350.0, 700.0, 1200.0, 2000.0])
#: offsets [m] beyond the end of :data:`_PROFILE` profiled when the likelihood is highest there
_PROFILE_MORE = np.array([1000.0, 2200.0, 3800.0, 6000.0])


@dataclass
class MixtureParts:
    """One boosted track's launch mixture before it is widened (:func:`widened`): the best
    mode as its profile along the flight (``le (G,)`` log-likelihood at the offsets, their
    bin widths ``width (G,)`` [m], the mode's log-evidence ``loge_best``) and the other
    modes' log-evidences ``loge_rest (K,)``; every component's move ``theta (G + K, 4)``
    (east, north [m], launch time [s], azimuth [rad]) and launch covariance ``Sig (G + K,
    3, 3)`` as the likelihood gives them; ``ratio`` Birge's ratio of the best member,
    ``p_broad`` the broad family's share, ``misfit`` the best member's reduced chi-square,
    ``first_seen`` [s] the track's first observation (a row or a line of sight),
    ``rows_misfit`` the best member's reduced chi-square over the track's rows alone (NaN
    where no row is in the fit: the tempering then takes ``misfit``)."""

    loge_best: float
    le: np.ndarray
    width: np.ndarray
    loge_rest: np.ndarray
    theta: np.ndarray
    Sig: np.ndarray
    ratio: float
    p_broad: float
    misfit: float
    first_seen: float
    rows_misfit: float = math.nan


def _rows_or_all(p: MixtureParts) -> float:
    """The misfit that sets the tempering (.calibration): the rows' where the fit has rows."""
    return p.rows_misfit if math.isfinite(p.rows_misfit) else p.misfit


def rows_misfit(resid: np.ndarray, rows: int) -> float:
    """Reduced chi-square of the first ``6 rows`` whitened residuals of ``resid (L,)`` (the
    track's rows, position and velocity, 6 numbers each, come first in
    :meth:`.problem._Problem.residuals`); NaN without rows."""
    if rows <= 0:
        return math.nan
    r = np.asarray(resid, float)[:6 * rows]
    return float(np.sum(r * r) / r.size)


def widened(p: MixtureParts) -> tuple[np.ndarray, np.ndarray, np.ndarray, Tempering]:
    """Mean ``(3,)`` and covariance ``(3, 3)`` of the launch (east, north [m], time [s]),
    the components' weights ``(G + K,)`` and the :class:`~.calibration.Tempering` used: the
    weights tempered by the launch point's temperature (the profile's bin widths are not
    tempered), each covariance scaled by the point's and the time's temperatures, all times
    Birge's ratio, and the unseen ascent's sigma added to the time."""
    fit = _rows_or_all(p)
    tp = tempering(p.p_broad, fit, 0.0).point  # (the point's needs no launch time)
    wp_t = np.exp((p.le - np.max(p.le)) / tp) * p.width
    wp_t /= wp_t.sum()
    lw_t = np.concatenate([p.loge_best / tp + np.log(np.maximum(wp_t, 1e-300)),
                           np.asarray(p.loge_rest, float) / tp])
    w = np.exp(lw_t - lw_t.max())
    w /= w.sum()
    mu = w @ p.theta[:, :3]
    tmp = tempering(p.p_broad, fit, max(p.first_seen - float(mu[2]), 0.0))
    D = np.sqrt(np.array([tmp.point, tmp.point, tmp.time]))
    S = p.Sig * D[:, None] * D[None, :]
    d = p.theta[:, :3] - mu
    C = (np.einsum("k,kij->ij", w, S) + np.einsum("k,ki,kj->ij", w, d, d)) * p.ratio
    C[2, 2] += tmp.time_sigma**2
    return mu, C, w, tmp


def _staging_inputs(md: _Modes, idx: np.ndarray,
                    optima: Sequence[_Optimum]) -> dict[int, tuple[float, float]]:
    """Per stage count (1-3) of the distinct optima ``idx``: the best optimum's chi-square
    (all its whitened residuals) and its upper stages' share of the ideal velocity: the
    inputs of :func:`.staging.evidence`, also kept in :data:`DIAGNOSTICS` so that the rule
    can be redone offline with another temperature (bench_out_of_family.py ``--rescore``)."""
    out: dict[int, tuple[float, float]] = {}
    for n in (1, 2, 3):
        sel = [i for i in idx if md.stages[i] == n and np.isfinite(md.loge[i])]
        if not sel:
            continue
        chi = [float(np.sum(optima[md.where[i][0]].resid[md.where[i][1]] ** 2)) for i in sel]
        j = sel[int(np.argmin(chi))]
        fi, i = md.where[j]
        o = optima[fi]
        share = upper_share(o.members.family.vehicles(o.u[i:i + 1])[0][0]) if n > 1 else 0.0
        out[n] = (float(min(chi)), float(share))
    return out


def _laplace(out: LaunchEstimate, optima: Sequence[_Optimum], site: tuple[float, float, float],
             prob: _Problem, span: float = fam.SAMPLE_SPAN) -> LaunchEstimate:
    """The mixture over the optima (each the Laplace approximation of its mode, weighted by
    its evidence and its family's prior share) of the launch point and time, burnout,
    stages and thrust-to-weight.  The best mode's spread along the flight, where the
    observations leave the launch point least fixed and the Laplace approximation is poor
    (a ridge of early climbs that meet the same plume), is its profile: the member refitted
    with the launch point held at offsets along the flight."""
    md = _modes(optima)
    if not np.isfinite(md.loge).any():
        return out
    # the same mode found from two starts counts once: same class, launch within 1 sigma
    kept: list[int] = []
    for i in np.argsort(-md.loge):
        if not np.isfinite(md.loge[i]):
            continue
        if not any(md.cls[i] == md.cls[j] and (md.theta[i, :3] - md.theta[j, :3]) @ np.linalg.solve(
                md.Sig[j], md.theta[i, :3] - md.theta[j, :3]) < 1.0 for j in kept):
            kept.append(int(i))
    idx = np.array(kept, int)
    mix = _profiled(md, idx, optima, site, prob, span)
    fits = _family_fits(md, idx, optima, prob.t.size)
    alt = None
    broad_idx = np.array([i for i in idx if optima[md.where[i][0]].members.family is fam.BROAD], int)
    use = mix
    if optima[md.where[idx[0]][0]].members.family is not fam.BROAD:
        gen = fits.get(fam.GENERIC.name)
        if gen is not None and not generic_adequate(gen[0], gen[1]):
            # the generic family fits worse than its own vehicles do (.calibration): it is
            # not held exact, but tempered as the broad family is (or dropped)
            out.family_rejected = (f"{fam.GENERIC.name} family's best fit: chi-square "
                                   f"{gen[0]:.0f} for {gen[1]} degrees of freedom "
                                   f"(p < {cal.GENERIC_ADEQUACY_ALPHA:g})")
        # the mixture of the broad family's optima alone, the best of them profiled: kept
        # for calibration, and the estimate where a rejected generic family is dropped
        if broad_idx.size and (DIAGNOSTICS is not None or (
                out.family_rejected and cal.GENERIC_REJECTED == "drop")):
            alt = _profiled(md, broad_idx, optima, site, prob, span)
        if out.family_rejected:
            use = alt if cal.GENERIC_REJECTED == "drop" and alt is not None else _tempered(mix)
    if DIAGNOSTICS is not None:
        DIAGNOSTICS.append(_diagnostic(mix, alt, md, idx, optima, site, prob, fits, use))
    return _stated(out, use, md, optima, site)


def _tempered(mix: _Mix) -> _Mix:
    """``mix`` widened as if the broad family explained the boost (``p_broad = 1``): a
    generic family that failed its goodness-of-fit test is not held exact."""
    parts = dataclasses.replace(mix.parts, p_broad=1.0)
    mu, C, w, tmp = widened(parts)
    return dataclasses.replace(mix, parts=parts, mu=mu, C=C, w=w, tmp=tmp)


@dataclass
class _Mix:
    """One mixture over the distinct optima ``idx`` of :class:`_Modes`: its parts before
    widening, the widened launch (``mu``, ``C``, tempered weights ``w``, ``tmp``), the
    untempered weights ``w0``, the best mode ``b`` (its optimum ``ob``, index ``bi`` in it,
    family index ``fi``), its profile ``pm``/``pr`` of ``g`` pins with weights ``wp``, the
    other modes ``rest``, each component's family ``fam_of`` and the staging inputs."""

    parts: MixtureParts
    mu: np.ndarray
    C: np.ndarray
    w: np.ndarray
    tmp: Tempering
    w0: np.ndarray
    b: int
    ob: _Optimum
    bi: int
    fi: int
    pm: _Modes
    pr: _Optimum
    g: int
    wp: np.ndarray
    rest: np.ndarray
    fam_of: np.ndarray
    staging_in: dict


def _profiled(md: _Modes, idx: np.ndarray, optima: Sequence[_Optimum],
              site: tuple[float, float, float], prob: _Problem, span: float) -> _Mix:
    """The mixture over the distinct optima ``idx`` (best first), the best one's spread
    along the flight its profile (:func:`_laplace`)."""
    b = int(idx[0])
    fi, bi = md.where[b]
    ob = optima[fi]
    # the best mode's profile along the flight
    az = site[2] + md.theta[b, 3]
    along = np.array([math.sin(az), math.cos(az)])
    offsets = _PROFILE
    for _ in range(2):
        pins = md.theta[b, :2] + offsets[:, None] * along
        g = len(offsets)
        pr = _refine(prob, ob.members.family, np.repeat(ob.u[bi:bi + 1], g, axis=0), *site,
                     schedule=((prob.q, 8),), pins=pins, span=span,
                     theta=np.repeat(ob.theta[bi:bi + 1], g, axis=0))
        pm = _modes([pr])
        le = pm.loge - math.log(ob.members.family.prior)
        top = int(np.nanargmax(np.where(np.isfinite(le), le, -np.inf)))
        if 0 < top < g - 1 or offsets is not _PROFILE:
            break
        # the likelihood still rises at the end of the profile: it goes on that way
        side = -1.0 if top == 0 else 1.0
        offsets = np.sort(np.concatenate([_PROFILE, side * (_PROFILE[-1] + _PROFILE_MORE)]))
    width = np.gradient(offsets)
    wp = np.exp(le - np.max(le)) * width
    wp /= wp.sum()
    cross = np.array([along[1], -along[0]])
    var_cross = float(cross @ md.Sig[b, :2, :2] @ cross)
    prof = np.zeros((g, 3, 3))
    prof[:, :2, :2] = (var_cross * np.outer(cross, cross)
                       + (width**2 / 12.0)[:, None, None] * np.outer(along, along))
    prof[:, 2, 2] = np.nan_to_num(pm.Sig[:, 2, 2])
    # the other modes keep their Laplace approximations; the best one is its profile
    rest = idx[1:]
    lw = np.concatenate([md.loge[b] + np.log(np.maximum(wp, 1e-300)), md.loge[rest]])
    w0 = np.exp(lw - lw.max())
    w0 /= w0.sum()
    fam_of = np.array([ob.members.family.name] * g
                      + [optima[md.where[i][0]].members.family.name for i in rest])
    p_broad = float(w0[fam_of == fam.BROAD.name].sum())
    # where even the best member does not fit the observations to their noise, what they
    # say is known less well than the fit claims: the covariance grows by the reduced
    # chi-square (Birge's ratio)
    ratio = max(min(float(ob.chi2[bi]), float(np.min(np.where(np.isfinite(pr.f), pr.chi2,
                                                               np.inf)))) / ob.dof, 1.0)
    # the launch and burnout from the mixture widened where the broad family explains the
    # boost (.calibration); the stages, the thrust-to-weight and the family from the
    # likelihood as it is (which explanation fits best)
    first_seen = float(np.min(prob.t)) if prob.los is None else float(
        min(np.min(prob.t), np.min(prob.los.time)))
    parts = MixtureParts(loge_best=float(md.loge[b]), le=le, width=width,
                         loge_rest=md.loge[rest], theta=np.concatenate([pm.theta, md.theta[rest]]),
                         Sig=np.concatenate([prof, md.Sig[rest]]), ratio=ratio, p_broad=p_broad,
                         misfit=float(ob.chi2[bi]) / ob.dof, first_seen=first_seen,
                         rows_misfit=rows_misfit(ob.resid[bi], prob.t.size))
    mu, C, w, tmp = widened(parts)
    return _Mix(parts=parts, mu=mu, C=C, w=w, tmp=tmp, w0=w0, b=b, ob=ob, bi=bi, fi=fi, pm=pm,
                pr=pr, g=g, wp=wp, rest=rest, fam_of=fam_of,
                staging_in=_staging_inputs(md, idx, optima))


def _family_fits(md: _Modes, idx: np.ndarray, optima: Sequence[_Optimum],
                 rows: int) -> dict[str, tuple]:
    """Per family: the chi-square (all observations), its degrees of freedom and the rows'
    reduced chi-square of the family's best-fitting distinct optimum among ``idx``."""
    out: dict[str, tuple] = {}
    for i in idx:
        fi, k = md.where[i]
        o = optima[fi]
        chi = float(o.chi2[k])
        name = o.members.family.name
        if np.isfinite(md.loge[i]) and (name not in out or chi < out[name][0]):
            out[name] = (chi, int(o.dof), rows_misfit(o.resid[k], rows) if o.resid is not None
                         else math.nan)
    return out


def _diagnostic(mix: _Mix, alt: _Mix | None, md: _Modes, idx: np.ndarray,
                optima: Sequence[_Optimum], site: tuple[float, float, float],
                prob: _Problem, fits: dict[str, tuple], use: _Mix) -> dict:
    """What :data:`DIAGNOSTICS` keeps of one boosted track's mixture (calibration): the
    mixture over all the families' optima (``parts``, ``mu``, ``C``, ...), the broad
    family's alone where the generic family won (``alt``), each family's best fit and the
    stated mean ``mu_stated``."""
    ob, bi, pm, rest, g = mix.ob, mix.bi, mix.pm, mix.rest, mix.g
    d = {"site": site, "parts": mix.parts, "mu": mix.mu, "C": mix.C, "w0": mix.w0,
         "chi2": float(ob.chi2[bi]), "dof": ob.dof, "rows": prob.t.size,
         "resid": ob.resid[bi], "los_t": None if prob.los is None else prob.los.time,
         "pr_chi2": mix.pr.chi2,
         "burn": np.concatenate([pm.burn, md.burn[rest]]),
         "burn_var": np.concatenate([np.full(g, md.burn_var[mix.b]), md.burn_var[rest]]),
         "staging_in": mix.staging_in, "fam_of": mix.fam_of,
         "family_fits": fits, "mu_stated": use.mu}
    if alt is not None:
        d["alt"] = {"parts": alt.parts, "mu": alt.mu, "C": alt.C, "staging_in": alt.staging_in,
                    "chi2": float(alt.ob.chi2[alt.bi]), "dof": alt.ob.dof,
                    "resid": alt.ob.resid[alt.bi]}
    return d


def _stated(out: LaunchEstimate, mix: _Mix, md: _Modes, optima: Sequence[_Optimum],
            site: tuple[float, float, float]) -> LaunchEstimate:
    """``out`` filled from the mixture ``mix``: launch, burnout, stages, thrust-to-weight,
    family and the staging flag."""
    parts, mu, C, w, tmp = mix.parts, mix.mu, mix.C, mix.w, mix.tmp
    ob, b, g, rest, fi, pm, pr, wp = mix.ob, mix.b, mix.g, mix.rest, mix.fi, mix.pm, mix.pr, mix.wp
    ratio = parts.ratio
    th = parts.theta
    out.staging = staging_evidence(mix.staging_in, tmp.point)
    out.misfit = ratio
    enu = np.array([[mu[0], mu[1], 0.0]])
    lat, lon, _ = ecef2geodetic(enu2ecef(enu, site[0], site[1], 0.0))
    out.lat, out.lon = float(lat[0]), float(lon[0])
    out.time = float(mu[2])
    out.time_sigma = math.sqrt(max(C[2, 2], 0.0))
    out.ellipse = ground_ellipse(C[None, :2, :2])
    out.azimuth = float(np.mod(site[2] + w @ th[:, 3], 2 * math.pi))
    bo = np.concatenate([pm.burn, md.burn[rest]])
    vb = np.concatenate([np.full(g, md.burn_var[b]), md.burn_var[rest]])
    out.burnout_time = float(w @ bo)
    out.burnout_sigma = math.sqrt(max(ratio * float(w @ (tmp.burnout * np.nan_to_num(vb)
                                                         + (bo - out.burnout_time) ** 2)), 0.0))
    w = mix.w0
    sel = np.concatenate([np.full(g, b), rest])
    out.stages = np.array([float(w[md.stages[sel] == s].sum()) for s in (1, 2, 3)])
    m_ln = float(w @ md.ln_tw[sel])
    v_ln = float(w @ (md.ln_tw_var[sel] + (md.ln_tw[sel] - m_ln) ** 2))
    out.liftoff_tw = math.exp(m_ln)
    out.liftoff_tw_95 = (math.exp(m_ln - 1.96 * math.sqrt(v_ln)),
                         math.exp(m_ln + 1.96 * math.sqrt(v_ln)))
    out.ess = float(1.0 / np.sum(w**2))
    out.members = int(sum(len(o.u) for o in optima) + g)
    out.los_used = round(float(pr.los[np.argmax(wp)]))
    out.family = ob.members.family.name
    out.family_p = float(w[:g].sum() + sum(w[g + k] for k, i in enumerate(rest)
                                            if md.where[i][0] == fi))
    out.undetermined = launch_undetermined(float(out.ellipse.semi_major[0]), out.time_sigma, False)
    out.ok = True
    return out
