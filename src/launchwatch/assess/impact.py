"""Impact prediction and launch-point estimation from track states with covariance.

Both push the sigma points of each track's Gaussian through the batch flight engine
(:func:`launchwatch.flight.propagate`, forward to the ground for the impact, backward
for the launch), all tracks and all sigma points in one compiled call, and summarise the
end points as a mean, an east/north covariance, a 95 % ellipse and a CEP.

Track states follow the tracking layer's layout ``(K, n)`` with ``n >= 6``: ECEF position
[m], Earth-relative velocity [m/s] and, when ``n >= 7``, ``kappa = 1 / beta`` [m^2/kg]
(the inverse ballistic coefficient) at column 6; covariances ``(K, n, n)``.

Kappa is not flown as the filter's Gaussian: the filter starts every track from a Gaussian
*carrier* on kappa (``TrackerConfig.init_kappa`` +- ``init_kappa_sigma``), which is neither
the range real bodies span nor positive.  The carrier is replaced by the heavy-tailed prior
on ``ln kappa`` (:class:`launchwatch.tracking.kappa.KappaPrior`), the result is flown as a
Gaussian in ``ln kappa`` (so every sigma point has a positive drag) with position and
velocity given kappa as the filter's joint Gaussian says.

The filter's kappa is the body's at its current Mach number, and the flight to the ground
holds it constant; a real drag coefficient changes as the body slows (the generic table by
a factor of two between Mach 10 and 1).  An unknown body's ``Cd(M)`` is unknown, so the
ground covariance adds ``(s ln(M_now / M_end))^2`` of ``ln kappa`` through the impact's
own sensitivity to ``ln kappa`` (from the pair of sigma points that differ only in it):
``s`` = :data:`CD_MACH_SLOPE`, ``M_now`` the Mach number of the state (at most
:data:`MACH_INDEPENDENT`: above it a body's drag coefficient no longer changes with Mach,
the hypersonic Mach-number independence), ``M_end`` that of the predicted impact (at
least 1).

The filter's joint Gaussian also says how position and velocity move with kappa, and the
sigma points follow it (``E[x | kappa]``).  That holds for a kappa learnt from drag.  A
kappa driven implausibly negative (:meth:`~launchwatch.tracking.kappa.KappaPrior.tempering`
< 1) was learnt from an unmodelled thrust: a hard, steered boost that the tracker's boost
model cannot follow is flown by its ballistic and manoeuvre models, whose linearised drag
takes the thrust as a negative drag, and kappa then holds that value through the vacuum
coast.  Its correlation with position and velocity is the boost's, not the drag's; the
regression is discounted by the same tempering factor as kappa's information, so that such
a track's sigma points keep the filter's position and velocity (issue 17: a 3.3 g boost
under a pitch programme left kappa at -6.5e-4 m^2/kg +- 1.2e-5, and conditioning on a
positive kappa moved the predicted impact 10-20 km short for two minutes of the coast).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..earth.frames import ecef2enuv, ecef2geodetic, enu2ecef
from ..errors import InputError, check_finite
from ..flight import EarthModel, IntegratorOptions, propagate
from ..tracking.kappa import DEFAULT_KAPPA_PRIOR, KappaPrior
from .uncertainty import GroundEllipse, ground_ellipse, sigma_points

__all__ = ["CD_MACH_SLOPE", "MACH_INDEPENDENT", "GroundPoint", "ground_points", "kappa_sigma_points",
           "predict_impact"]

#: 1-sigma slope ``d ln Cd / d ln M`` of an unknown body's drag coefficient (the generic
#: table's is 0.2 between Mach 10 and 3 and 0.45 between 3 and 1.1, a blunt body's ~0.25)
CD_MACH_SLOPE = 0.35
#: least ratio of an impact ellipse's minor to its major axis where the filter's kappa was
#: implausible (:func:`_with_curvature`)
MIN_AXIS_RATIO = 0.03
#: Mach number above which drag coefficients are taken as Mach-independent
MACH_INDEPENDENT = 5.0


def _carrier() -> tuple[float, float]:
    from ..tracking.tracker import TrackerConfig

    f = TrackerConfig.model_fields
    return float(f["init_kappa"].default), float(f["init_kappa_sigma"].default) ** 2

_OPTS = IntegratorOptions(rtol=1e-9, atol_position=1e-3, atol_velocity=1e-6, t_max=7200.0)


@dataclass
class GroundPoint:
    """Where and when K objects meet the ground, with uncertainty.  Arrays ``(K,)``.

    ``lat``/``lon`` [rad], ``time`` [s from the epoch] and ``time_sigma`` [s], ``ellipse``
    (east/north [m] about the point), ``ok`` whether every sigma point reached the
    ground (otherwise NaN), and ``states (K, 6)`` the mean ECEF state on arrival.
    """

    lat: np.ndarray
    lon: np.ndarray
    time: np.ndarray
    time_sigma: np.ndarray
    ellipse: GroundEllipse
    ok: np.ndarray
    states: np.ndarray


def kappa_sigma_points(x: np.ndarray, P: np.ndarray, *, prior: KappaPrior = DEFAULT_KAPPA_PRIOR,
                       carrier: tuple[float, float] | None = None
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Sigma points ``(K, 15, 7)`` and weights ``(15,)`` of tracks ``x (K, >=7)``,
    ``P (K, >=7, >=7)`` with kappa's carrier replaced by ``prior`` (module text).

    ``carrier``: the filter's starting Gaussian on kappa, ``(mean [m^2/kg], variance)``;
    by default :class:`~launchwatch.tracking.tracker.TrackerConfig`'s.  Points are drawn in
    ``(position and velocity given kappa, ln kappa)`` and mapped back, so kappa > 0;
    points 7 and 14 differ from the centre in ``ln kappa`` alone.
    """
    m0, v0 = carrier or _carrier()
    x7, P7 = x[:, :7], 0.5 * (P[:, :7, :7] + np.swapaxes(P[:, :7, :7], -1, -2))
    pkk = np.maximum(P7[:, 6, 6], 1e-300)
    # E[x | kappa] = x + gain (kappa - x_kappa); where the filter's kappa was not drag (an
    # implausible, tempered likelihood: thrust taken for negative drag), the regression of
    # position and velocity on it is discounted by the same factor (module text)
    trust = prior.tempering(x7[:, 6], pkk, m0, v0)
    gain = trust[:, None] * P7[:, :6, 6] / pkk[:, None]
    cond = P7[:, :6, :6] - gain[:, :, None] * gain[:, None, :] * pkk[:, None, None]
    mu, vu = prior.posterior(x7[:, 6], pkk, m0, v0)
    k = x.shape[0]
    y = np.zeros((k, 7))
    y[:, 6] = mu
    Py = np.zeros((k, 7, 7))
    # the conditional covariance is PSD in exact arithmetic; keep it so numerically
    lam, vec = np.linalg.eigh(0.5 * (cond + np.swapaxes(cond, -1, -2)))
    Py[:, :6, :6] = np.einsum("kij,kj,klj->kil", vec, np.maximum(lam, 1e-12 * np.maximum(
        lam[:, -1:], 1e-12)), vec)
    Py[:, 6, 6] = vu
    pts, w = sigma_points(y, Py)
    kap = np.exp(pts[..., 6])
    out = np.empty_like(pts)
    out[..., :6] = x7[:, None, :6] + pts[..., :6] + gain[:, None, :] * (kap - x7[:, 6:7])[..., None]
    out[..., 6] = kap
    return out, w


def ground_points(x: np.ndarray, P: np.ndarray, t: np.ndarray | float, *, backward: bool = False,
                  use_kappa: bool | None = None, earth: EarthModel | None = None,
                  options: IntegratorOptions | None = None,
                  kappa_prior: KappaPrior | None = DEFAULT_KAPPA_PRIOR,
                  kappa_carrier: tuple[float, float] | None = None) -> GroundPoint:
    """Fly the Gaussians ``x (K, n)``, ``P (K, n, n)`` at times ``t`` to the ground.

    Forward (``backward=False``): the predicted impact.  Backward: where the ballistic
    flight left the ground (the launch point of a flight without boost).  ``use_kappa``
    (default: ``n >= 7``) flies with the drag of column 6 (``kappa``), its carrier replaced
    by ``kappa_prior`` (:func:`kappa_sigma_points`; ``None`` flies the filter's Gaussian
    as it is, a negative kappa as no drag).
    """
    x = check_finite("x", np.atleast_2d(np.asarray(x, float)))
    P = check_finite("P", np.asarray(P, float).reshape(x.shape[0], x.shape[1], x.shape[1]))
    k = x.shape[0]
    if k == 0:
        raise InputError("x", x, "no tracks to assess")
    if x.shape[1] < 6:
        raise InputError("x", x.shape, "track states need at least 6 columns")
    kap = x.shape[1] >= 7 if use_kappa is None else use_kappa
    n = 7 if kap else 6
    try:
        if kap and kappa_prior is not None:
            np.linalg.cholesky(P[:, :n, :n])
            pts, w = kappa_sigma_points(x, P, prior=kappa_prior, carrier=kappa_carrier)
        else:
            pts, w = sigma_points(x[:, :n], P[:, :n, :n])
    except np.linalg.LinAlgError as exc:
        raise InputError("P", "not positive definite", "covariance must be positive definite") from exc
    m = pts.shape[1]
    flat = pts.reshape(-1, n)
    beta = np.full(flat.shape[0], np.inf)
    if kap:
        kp = flat[:, 6]
        beta = np.where(kp > 1e-12, 1.0 / np.maximum(kp, 1e-12), np.inf)
    t0 = np.repeat(np.broadcast_to(np.asarray(t, float), (k,)), m)
    res = propagate(flat[:, :6], t0, ballistic_coefficient=beta, backward=backward,
                    earth=earth, options=options or _OPTS)
    ok = (res.status == 0).reshape(k, m).all(axis=1)
    end = res.end.reshape(k, m, 6)
    tend = res.t_end.reshape(k, m)
    # mean on arrival, then spread in the local east/north plane at the mean point
    mean_state = np.einsum("m,kmj->kj", w, end)
    lat, lon, _ = ecef2geodetic(mean_state[:, :3])
    origin = enu2ecef(np.zeros((k, 3)), lat, lon, 0.0)
    d = ecef2enuv(end[..., :3] - origin[:, None, :], lat[:, None], lon[:, None])[..., :2]
    mean_en = np.einsum("m,kmi->ki", w, d)
    dd = d - mean_en[:, None, :]
    cov = np.einsum("m,kmi,kmj->kij", w, dd, dd)
    # the weighted-mean offset is second order: move the point onto it
    e, nn = mean_en[:, 0], mean_en[:, 1]
    lat = lat + nn / 6.371e6
    lon = lon + e / (6.371e6 * np.cos(lat))
    tm = tend @ w
    tvar = ((tend - tm[:, None]) ** 2) @ w
    if kap and kappa_prior is not None:
        cov, tvar = _with_cd_shape(flat[:, :6].reshape(k, m, 6)[:, 0], end[:, 0], d, tend,
                                   np.log(pts[..., 6]), cov, tvar)
        m0, v0 = kappa_carrier or _carrier()
        tempered = kappa_prior.tempering(x[:, 6], P[:, 6, 6], m0, v0) < 1.0
        cov = np.where(tempered[:, None, None], _with_curvature(cov), cov)
    ts = np.sqrt(np.maximum(tvar, 0.0))
    bad = ~ok
    lat[bad] = lon[bad] = tm[bad] = ts[bad] = np.nan
    cov[bad] = np.nan
    mean_state[bad] = np.nan
    ell = ground_ellipse(np.where(bad[:, None, None], np.eye(2), cov))
    for f in ("semi_major", "semi_minor", "orientation", "cep"):
        getattr(ell, f)[bad] = np.nan
    return GroundPoint(lat=lat, lon=np.mod(lon + math.pi, 2 * math.pi) - math.pi, time=tm,
                       time_sigma=ts, ellipse=ell, ok=ok, states=mean_state)


def _with_cd_shape(x0: np.ndarray, x1: np.ndarray, d: np.ndarray, tend: np.ndarray,
                   u: np.ndarray, cov: np.ndarray, tvar: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Ground covariance ``(K, 2, 2)`` and time variance ``(K,)`` with the unknown drag
    shape (module text): ``x0``/``x1`` the central point's start and end states ``(K, 6)``,
    ``d (K, 15, 2)`` the sigma points' ground offsets, ``tend (K, 15)`` their end times,
    ``u (K, 15)`` their ``ln kappa``."""
    from ..earth.atmosphere import standard_atmosphere

    _, _, h0 = ecef2geodetic(x0[:, :3])
    c0 = standard_atmosphere(np.clip(h0, 0.0, 1.0e6)).speed_of_sound
    c1 = standard_atmosphere(np.zeros(1)).speed_of_sound[0]
    m0 = np.minimum(np.linalg.norm(x0[:, 3:6], axis=1) / c0, MACH_INDEPENDENT)
    m1 = np.maximum(np.linalg.norm(x1[:, 3:6], axis=1) / c1, 1.0)
    s2 = (CD_MACH_SLOPE * np.log(np.maximum(m0 / m1, 1.0))) ** 2
    du = u[:, 7] - u[:, 14]
    safe = np.where(np.abs(du) > 1e-12, du, 1.0)
    jd = np.where(np.abs(du)[:, None] > 1e-12, (d[:, 7] - d[:, 14]) / safe[:, None], 0.0)
    jt = np.where(np.abs(du) > 1e-12, (tend[:, 7] - tend[:, 14]) / safe, 0.0)
    cov = cov + s2[:, None, None] * jd[:, :, None] * jd[:, None, :]
    return cov, tvar + s2 * jt**2


def _with_curvature(cov: np.ndarray) -> np.ndarray:
    """Ground covariances ``(K, 2, 2)`` whose minor axis is at least :data:`MIN_AXIS_RATIO`
    of the major one, for tracks whose kappa likelihood was implausible
    (:meth:`~launchwatch.tracking.kappa.KappaPrior.tempering`): the filter that took thrust
    for drag also bent its position and velocity to it, and the correlation by which the
    sigma points move them with kappa is then no better known than kappa itself, so an
    uncertainty kilometres long along the track cannot be metres wide across it."""
    lam, vec = np.linalg.eigh(0.5 * (cov + np.swapaxes(cov, -1, -2)))
    lam = np.maximum(lam, (MIN_AXIS_RATIO**2) * lam[:, -1:])
    return np.einsum("kij,kj,klj->kil", vec, lam, vec)


def predict_impact(x: np.ndarray, P: np.ndarray, t: np.ndarray | float, **kwargs) -> GroundPoint:
    """Predicted impact point, time and 95 % ellipse of tracks ``x (K, n)``, ``P (K, n, n)``.

    See :func:`ground_points`; keyword arguments are passed on.
    """
    return ground_points(x, P, t, backward=False, **kwargs)
