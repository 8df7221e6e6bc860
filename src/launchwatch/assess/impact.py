"""Impact prediction and launch-point estimation from track states with covariance.

Both push the sigma points of each track's Gaussian through the batch flight engine
(:func:`launchwatch.flight.propagate`, forward to the ground for the impact, backward
for the launch), all tracks and all sigma points in one compiled call, and summarise the
end points as a mean, an east/north covariance, a 95 % ellipse and a CEP.

Track states follow the tracking layer's layout ``(K, n)`` with ``n >= 6``: ECEF position
[m], Earth-relative velocity [m/s] and, when ``n >= 7``, ``kappa = 1 / beta`` [m^2/kg]
(the inverse ballistic coefficient) at column 6; covariances ``(K, n, n)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..earth.frames import ecef2enuv, ecef2geodetic, enu2ecef
from ..errors import InputError, check_finite
from ..flight import EarthModel, IntegratorOptions, propagate
from .uncertainty import GroundEllipse, ground_ellipse, sigma_points

__all__ = ["GroundPoint", "ground_points", "predict_impact"]

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


def _split(x: np.ndarray, P: np.ndarray, use_kappa: bool):
    n = 7 if use_kappa else 6
    return x[:, :n], P[:, :n, :n]


def ground_points(x: np.ndarray, P: np.ndarray, t: np.ndarray | float, *, backward: bool = False,
                  use_kappa: bool | None = None, earth: EarthModel | None = None,
                  options: IntegratorOptions | None = None) -> GroundPoint:
    """Fly the Gaussians ``x (K, n)``, ``P (K, n, n)`` at times ``t`` to the ground.

    Forward (``backward=False``): the predicted impact.  Backward: where the ballistic
    flight left the ground (the launch point of a flight without boost).  ``use_kappa``
    (default: ``n >= 7``) flies with the drag of column 6 (``kappa``, clipped at 0).
    """
    x = check_finite("x", np.atleast_2d(np.asarray(x, float)))
    P = check_finite("P", np.asarray(P, float).reshape(x.shape[0], x.shape[1], x.shape[1]))
    k = x.shape[0]
    if k == 0:
        raise InputError("x", x, "no tracks to assess")
    if x.shape[1] < 6:
        raise InputError("x", x.shape, "track states need at least 6 columns")
    kap = x.shape[1] >= 7 if use_kappa is None else use_kappa
    xs, Ps = _split(x, P, kap)
    n = xs.shape[1]
    try:
        pts, w = sigma_points(xs, Ps)
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
    ts = np.sqrt(np.maximum(((tend - tm[:, None]) ** 2) @ w, 0.0))
    bad = ~ok
    lat[bad] = lon[bad] = tm[bad] = ts[bad] = np.nan
    cov[bad] = np.nan
    mean_state[bad] = np.nan
    ell = ground_ellipse(np.where(bad[:, None, None], np.eye(2), cov))
    for f in ("semi_major", "semi_minor", "orientation", "cep"):
        getattr(ell, f)[bad] = np.nan
    return GroundPoint(lat=lat, lon=np.mod(lon + math.pi, 2 * math.pi) - math.pi, time=tm,
                       time_sigma=ts, ellipse=ell, ok=ok, states=mean_state)


def predict_impact(x: np.ndarray, P: np.ndarray, t: np.ndarray | float, **kwargs) -> GroundPoint:
    """Predicted impact point, time and 95 % ellipse of tracks ``x (K, n)``, ``P (K, n, n)``.

    See :func:`ground_points`; keyword arguments are passed on.
    """
    return ground_points(x, P, t, backward=False, **kwargs)
