"""Reconstruction only where the facts allow it: never failures, space launches or one-fact
records (unless asked, then marked assumed); refits replace old fits; inputs and models
recorded; the full range of a lofted flight checked against an independent integration."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from launchwatch.register.claims import Claim, reconcile
from launchwatch.register.history import history_events
from launchwatch.register.models import Event, Launch, Place
from launchwatch.register.reconstruct import fit_inputs, reconstruct

SITE = Place(name="Panghyon", lat=math.radians(39.93), lon=math.radians(125.21))
T = datetime(2017, 7, 4, 0, 40, tzinfo=UTC)


def _launch(**kw) -> Launch:
    return Launch(utc=T, time_known=True, site=SITE, **kw)


def test_the_public_record_is_fitted_only_where_the_facts_allow(cns_dir: Path) -> None:
    events = history_events()
    report = reconstruct(events)
    # expected from the raw records: a located facility, not a failure, not a space launch,
    # and at least two of distance, apogee (flight times are not in the compilation)
    recs = [r for tb in json.loads((cns_dir / "test.en.json").read_text())["timeBins"] for r in tb["data"]]
    types = {k: v["type"] for k, v in json.loads((cns_dir / "missile.en.json").read_text()).items()}
    expected = sum(1 for r in recs if r["facility"] != "unknown" and r["outcome"] != "failure"
                   and types[r["missile"]] != "SLV" and r["distance"] != "unknown"
                   and r["apogee"] != "unknown")
    assert len(report.fitted) == expected
    for ev in events:
        for la in ev.launches:
            rc = la.reconstruction
            if la.outcome == "failure" or la.missile_class == "SLV":
                assert rc is None, (ev.key, la.seq)
            if rc is not None:
                assert not rc.assumed and {"distance", "apogee"} <= set(rc.inputs)
                assert la.provenance.models["flight.invert"].startswith("flight.invert burnout")
    reasons = report.reasons()
    assert any(r.startswith("a failed flight") for r in reasons)
    assert any(r.startswith("a space launch") for r in reasons)
    assert any(r.startswith("one shape fact only") for r in reasons)


def test_one_fact_is_fitted_only_when_asked_and_then_marked_assumed() -> None:
    ev = Event(state="North Korea", launches=[_launch(distance=800e3)])
    assert reconstruct([ev]).fitted == []
    assert ev.launches[0].reconstruction is None
    rep = reconstruct([ev], assume=True)
    rc = ev.launches[0].reconstruction
    assert rep.fitted == [(ev.key, 1)] and rc.assumed and rc.regime == "minimum-energy"
    assert ev.launches[0].regime is None  # an assumption never becomes the launch's regime
    assert "assumed" in ev.launches[0].provenance.models["flight.invert"]


def test_a_refit_after_new_facts_replaces_the_old_fit() -> None:
    la = _launch(distance=933e3, apogee=2802e3,
                 claims=[Claim(field="time", value=T, time_precision="minute", source="JCS"),
                         Claim(field="site", value=SITE, source="JCS"),
                         Claim(field="distance", value=933e3, source="JCS"),
                         Claim(field="apogee", value=2802e3, source="JCS")])
    ev = Event(state="North Korea", launches=[la])
    reconstruct([ev])
    old = la.reconstruction
    assert old.inputs == fit_inputs(la) and old.regime == "lofted"
    assert reconstruct([ev]).fitted == []  # current: nothing to do
    # a new fact: the flight time; the fit is stale and is replaced
    la.claims.append(Claim(field="flight_time", value=2340.0, source="Japan Ministry of Defense"))
    reconcile(la)
    assert reconstruct([ev]).fitted == [(ev.key, 1)]
    assert la.reconstruction is not old and "flight_time" in la.reconstruction.inputs
    # the facts now say it failed: the fit goes
    la.claims.append(Claim(field="outcome", value="failure", source="JCS"))
    reconcile(la)
    assert reconstruct([ev]).removed == [(ev.key, 1)] and la.reconstruction is None


def _full_range_rotating_sphere(lat: float, lon: float, speed: float, azimuth: float) -> float:
    """Independent check: a drag-free Kepler flight integrated with scipy in an inertial
    frame on a spherical Earth (mu, R, omega), launched with the Earth-relative speed plus
    the ground's rotation, the ground point taken in the rotating frame at impact; the
    range maximised over the flight-path angle."""
    from scipy.integrate import solve_ivp
    from scipy.optimize import minimize_scalar

    mu, R, om = 3.986004418e14, 6371.0088e3, 7.292115e-5
    r0 = R * np.array([math.cos(lat) * math.cos(lon), math.cos(lat) * math.sin(lon), math.sin(lat)])
    east = np.array([-math.sin(lon), math.cos(lon), 0.0])
    north = np.array([-math.sin(lat) * math.cos(lon), -math.sin(lat) * math.sin(lon), math.cos(lat)])
    up = r0 / R

    def ground_range(g: float) -> float:
        v = speed * (math.cos(g) * (math.cos(azimuth) * north + math.sin(azimuth) * east) + math.sin(g) * up)
        v = v + np.cross([0.0, 0.0, om], r0)

        def f(_t, y):
            r = y[:3]
            return np.concatenate([y[3:], -mu * r / np.linalg.norm(r) ** 3])

        def hit(_t, y):
            return np.linalg.norm(y[:3]) - R
        hit.terminal, hit.direction = True, -1
        sol = solve_ivp(f, (0.0, 1e5), np.concatenate([r0, v]), events=hit, rtol=1e-10, atol=1e-3,
                        first_step=1.0)
        t, rf = sol.t_events[0][0], sol.y_events[0][0][:3]
        c, s = math.cos(-om * t), math.sin(-om * t)  # into the frame that has turned by om t
        rr = np.array([c * rf[0] - s * rf[1], s * rf[0] + c * rf[1], rf[2]])
        return R * math.acos(np.clip(np.dot(rr, r0) / (R * np.linalg.norm(rr)), -1, 1))

    res = minimize_scalar(lambda g: -ground_range(g), bounds=(math.radians(15), math.radians(55)),
                          method="bounded", options={"xatol": 1e-4})
    return -res.fun


@pytest.mark.slow
def test_a_lofted_flight_gets_its_full_range() -> None:
    ev = Event(state="North Korea",
               launches=[_launch(distance=933e3, apogee=2802e3, bearing=math.radians(95.0))])
    reconstruct([ev])
    rc = ev.launches[0].reconstruction
    assert rc.regime == "lofted" and rc.full_range is not None and "minimum-energy" in rc.full_range_method
    expected = _full_range_rotating_sphere(SITE.lat, SITE.lon, rc.speed, rc.azimuth)
    # the engine flies WGS-84 with J2 where the check flies a sphere: within 1.5 %
    assert rc.full_range == pytest.approx(expected, rel=0.015)
    assert rc.full_range > 6 * rc.range  # a lofted 933-km shot has ICBM reach
    from launchwatch.assess.bulletin import bulletin

    reconcile_free = bulletin(ev)
    assert "On a minimum-energy trajectory the same burnout speed would carry it about" in reconcile_free
