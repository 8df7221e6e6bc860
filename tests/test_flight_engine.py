"""The batch flight engine: events, per-row failures, physics sanity, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest

from launchwatch.earth import ecef2geodetic
from launchwatch.errors import InputError
from launchwatch.flight import (
    STATUS_NAMES,
    EarthModel,
    IntegratorOptions,
    LiftSegment,
    Stage,
    Steering,
    Vehicle,
    ballistic_states,
    generic_vehicle,
    propagate,
    simulate,
)

LAT, LON = math.radians(39.17), math.radians(127.48)


@pytest.fixture(scope="module")
def srbm() -> Vehicle:
    return generic_vehicle(800.0)


def test_summary_events_are_consistent_with_samples(srbm: Vehicle) -> None:
    res = simulate(srbm, LAT, LON, math.radians(80.0), launch_time=100.0, sample_dt=0.5)
    assert res.status.tolist() == [0]
    s = res.summary()
    # burnout exactly at the end of the burn, apogee is the highest sample, impact at h=0
    assert s.burnout_time[0] == pytest.approx(100.0 + srbm.burn_time, abs=1e-9)
    _, _, h = ecef2geodetic(res.samples[0, :, :3])
    assert np.nanmax(h) <= s.apogee_alt[0] + 1e-3
    assert np.nanmax(h) > s.apogee_alt[0] - 50.0  # within one 0.5 s sample of the top
    assert abs(ecef2geodetic(res.end[0, :3])[2]) < 1e-3
    n_valid = np.isfinite(res.samples[0, :, 0]).sum()
    assert (n_valid - 1) * 0.5 <= s.time_of_flight[0] < n_valid * 0.5
    # the generic 800 km-class vehicle flies its class at its default kick
    assert 760e3 < s.ground_range[0] < 840e3
    # Earth rotation bends the track by about a degree to the right (east of 80 deg)
    assert 80.0 < math.degrees(s.initial_azimuth[0]) < 82.0
    assert s.launch_lat[0] == pytest.approx(LAT, abs=1e-12)
    assert s.max_speed[0] >= s.burnout_speed[0]


@pytest.mark.parametrize("range_km", [150.0, 250.0, 800.0, 1500.0])
def test_generic_vehicle_max_range_matches_its_class(range_km: float) -> None:
    kicks = np.radians(np.arange(14.0, 60.0, 2.0))
    s = simulate(generic_vehicle(range_km), 0.7, 2.2, 1.5, kick_angle=kicks).summary()
    assert np.nanmax(s.ground_range) == pytest.approx(range_km * 1e3, rel=0.03)


def test_failed_row_is_nan_in_its_own_row_only() -> None:
    """sgp4-style: a failing row gets its status and NaN; the others are untouched."""
    st = ballistic_states(LAT, LON, np.array([2000.0, 2000.0, 2000.0]),
                          np.radians([40.0, 40.0, 89.9]), 1.0)
    st[1, 3:] = np.nan  # an upstream NaN (e.g. a diverged track)
    opts = IntegratorOptions(t_max=200.0)  # the near-vertical shot is still up at 200 s
    beta = np.array([3000.0, 3000.0, np.inf])
    res = propagate(st, 0.0, ballistic_coefficient=beta, options=opts)
    assert [STATUS_NAMES[int(c)] for c in res.status] == ["ok", "invalid", "time-limit"]
    s = res.summary()
    assert np.isfinite(s.ground_range[0]) and np.isnan(s.ground_range[1:]).all()
    alone = propagate(st[:1], 0.0, ballistic_coefficient=beta[:1], options=opts).summary()
    assert alone.ground_range[0] == s.ground_range[0]


def test_drag_shortens_and_rotation_favours_eastward_flights() -> None:
    st = ballistic_states(LAT, LON, 2600.0, math.radians(42.0), np.radians([90.0, 270.0]))
    vac = propagate(st).summary().ground_range
    drag = propagate(st, ballistic_coefficient=2000.0).summary().ground_range
    assert (drag < vac).all()
    assert vac[0] > vac[1]  # eastward goes further over a rotating Earth
    still = EarthModel(rotating=False)
    v0 = propagate(st, earth=still).summary().ground_range
    assert v0[0] == pytest.approx(v0[1], rel=2e-3)


def test_lift_extends_range_and_bank_turns_the_flight() -> None:
    # a re-entry at 60 km, 3 km/s, 10 deg down, heading east
    st = ballistic_states(LAT, LON, 3000.0, math.radians(-10.0), math.radians(90.0), alt=60e3)
    st = np.repeat(st, 3, axis=0)
    res = propagate(st, ballistic_coefficient=3000.0, lift_to_drag=np.array([0.0, 1.5, 1.5]),
                    bank=np.radians([0.0, 0.0, 60.0]))
    s = res.summary()
    assert s.ground_range[1] > 1.2 * s.ground_range[0]
    # a positive bank rolls the lift vector to the right of the velocity: the impact is
    # right of (south of) the zero-bank flight going east
    assert s.impact_lat[2] < s.impact_lat[1]


def test_two_stages_pitch_rate_steering_and_lift_segment() -> None:
    v = Vehicle(
        name="two-stage",
        stages=(Stage(propellant_mass=12000, dry_mass=1400, burn_time=70, isp=250),
                Stage(propellant_mass=3000, dry_mass=400, burn_time=50, isp=270)),
        payload_mass=600, reference_area=0.8,
        steering=Steering(vertical_time=6, kick_angle_deg=3, kick_duration=4, mode="pitch_rate",
                          pitch_rate_deg_s=0.6, max_pitch_deg=55),
        lift=LiftSegment(lift_to_drag=1.0, start=300.0))
    res = simulate(v, LAT, LON, math.radians(90.0))
    s = res.summary()
    assert res.status[0] == 0
    assert s.burnout_time[0] == pytest.approx(120.0)
    no_lift = simulate(v.model_copy(update={"lift": None}), LAT, LON, math.radians(90.0))
    assert s.ground_range[0] != pytest.approx(no_lift.summary().ground_range[0], rel=1e-3)


def test_wind_pushes_coasting_flights_and_weathercocks_the_boost() -> None:
    st = ballistic_states(LAT, LON, 1500.0, math.radians(40.0), math.radians(90.0), alt=20e3)
    calm = propagate(st, ballistic_coefficient=1000.0).summary().ground_range[0]
    tail = propagate(st, ballistic_coefficient=1000.0,
                     earth=EarthModel(wind_east=50.0)).summary().ground_range[0]
    assert tail > calm
    # a gravity turn follows the air-relative velocity: in a tail wind the boost turns
    # into the wind (weathercocking) and the missile falls short
    v = generic_vehicle(250.0)
    calm_b = simulate(v, LAT, LON, math.radians(90.0)).summary().ground_range[0]
    tail_b = simulate(v, LAT, LON, math.radians(90.0),
                      earth=EarthModel(wind_east=50.0)).summary().ground_range[0]
    assert tail_b < calm_b


def test_batch_equals_single_flights(srbm: Vehicle) -> None:
    az = np.radians([30.0, 80.0, 140.0])
    kick = np.radians([25.0, 32.0, 38.0])
    batch = simulate(srbm, LAT, LON, az, kick_angle=kick).summary()
    for i in range(3):
        one = simulate(srbm, LAT, LON, az[i], kick_angle=kick[i]).summary()
        assert one.ground_range[0] == batch.ground_range[i]


def test_time_limit_status() -> None:
    st = ballistic_states(LAT, LON, 3000.0, math.radians(80.0), 0.0)
    res = propagate(st, options=IntegratorOptions(t_max=60.0))
    assert STATUS_NAMES[int(res.status[0])] == "time-limit"
    assert np.isnan(res.summary().ground_range[0])
    assert res.t_end[0] == pytest.approx(60.0)


@pytest.mark.parametrize(("call", "field"), [
    (lambda v: simulate(v, math.radians(95.0), LON, 1.0), "lat"),
    (lambda v: simulate(v, np.array([LAT, np.nan]), LON, 1.0), "lat[1]"),
    (lambda v: simulate(v, np.array([]), np.array([]), np.array([])), "lat"),
    (lambda v: simulate([], LAT, LON, 1.0), "vehicles"),
    (lambda v: simulate(v, LAT, LON, 1.0, vehicle_index=3), "vehicle_index"),
    (lambda v: ballistic_states(LAT, LON, np.array([100.0, np.nan]), 0.5, 1.0), "speed[1]"),
    (lambda v: propagate(np.zeros((0, 6))), "states"),
    (lambda v: propagate(np.zeros((3, 5))), "states"),
])
def test_bad_input_names_the_field(srbm: Vehicle, call, field: str) -> None:
    with pytest.raises(InputError) as exc:
        call(srbm)
    assert exc.value.field.startswith(field)
    assert field.split("[")[0] in str(exc.value)


def test_bad_vehicles_name_the_field() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="propellant_mass"):
        Stage(propellant_mass=-5.0, dry_mass=1.0, burn_time=10.0, isp=250.0)
    with pytest.raises(ValidationError, match="exactly one of thrust and isp"):
        Stage(propellant_mass=5.0, dry_mass=1.0, burn_time=10.0)
    weak = Vehicle(stages=(Stage(propellant_mass=1000, dry_mass=100, burn_time=10,
                                 thrust=1000.0),), payload_mass=100, reference_area=0.1)
    with pytest.raises(InputError, match="thrust-to-weight"):
        simulate(weak, LAT, LON, 1.0)


def test_integrator_local_frame_against_erfa() -> None:
    """The integrator's one-step (trig-free Bowring) height and vertical against erfa.gc2gd,
    from below the ground to beyond geostationary height."""
    import erfa
    from numba import njit

    from launchwatch.earth import EarthModel, geodetic2ecef
    from launchwatch.flight._vehicle import _local

    @njit
    def run(xyz, ep, out):
        for i in range(xyz.shape[0]):
            h, sl, cl, _, _ = _local(xyz[i], ep)
            out[i, 0] = h
            out[i, 1] = np.arctan2(sl, cl)

    rng = np.random.default_rng(3)
    n = 100_000
    xyz = geodetic2ecef(rng.uniform(-1.5707, 1.5707, n), rng.uniform(-3.14, 3.14, n),
                        rng.uniform(-1000.0, 4.0e7, n))
    out = np.empty((n, 2))
    run(xyz, EarthModel().kernel_params(), out)
    _, phi, height = erfa.gc2gd(1, xyz)
    assert np.abs(out[:, 0] - height).max() < 5e-8  # metres
    assert np.abs(out[:, 1] - phi).max() < 1e-8  # radians of the vertical's direction


def test_batches_of_any_shape() -> None:
    """(..., 6) states and broadcast launch arguments keep their batch shape; a 2-D batch
    gives the numbers of the same flights flown flat."""
    st = ballistic_states(LAT, LON, np.array([[1800.0, 2600.0], [2200.0, 3000.0]]),
                          np.radians([[50.0], [38.0]]), np.radians(90.0))
    assert st.shape == (2, 2, 6)
    res = propagate(st, 5.0, sample_dt=10.0)
    assert res.shape == (2, 2) and res.samples.shape[:2] == (2, 2) and res.end.shape == (2, 2, 6)
    flat = propagate(st.reshape(4, 6), 5.0).summary()
    np.testing.assert_array_equal(res.summary().ground_range.ravel(), flat.ground_range)
    sim = simulate(generic_vehicle(300.0), LAT, LON, np.radians([[70.0, 80.0, 90.0]]),
                   kick_angle=np.radians([[30.0], [35.0]]))
    assert sim.shape == (2, 3) and sim.summary().ground_range.shape == (2, 3)
    one = simulate(generic_vehicle(300.0), LAT, LON, math.radians(80.0), kick_angle=math.radians(35.0))
    assert one.summary().ground_range[0] == sim.summary().ground_range[1, 1]


def test_backward_flight_returns_to_the_launch_point() -> None:
    """Fly a drag-free arc forward, take a mid-course state, fly it back in time."""
    st = ballistic_states(LAT, LON, np.array([1800.0, 2600.0]), np.radians([50.0, 38.0]),
                          np.radians([70.0, 100.0]))
    fwd = propagate(st, 100.0, sample_dt=1.0)
    k = 150  # 150 s after launch
    mid = fwd.samples[:, k]
    back = propagate(mid, 100.0 + k, backward=True)
    assert (back.status == 0).all()
    np.testing.assert_allclose(back.t_end, 100.0, atol=1e-6)
    np.testing.assert_allclose(back.end[:, :3], st[:, :3], atol=1e-3)
    np.testing.assert_allclose(back.end[:, 3:], st[:, 3:], atol=1e-6)
    # with drag the backward flight is faithful too (drag acted on the way up)
    fwd_d = propagate(st, 0.0, ballistic_coefficient=5000.0, sample_dt=1.0)
    back_d = propagate(fwd_d.samples[:, 60], 60.0, ballistic_coefficient=5000.0,
                       backward=True)
    np.testing.assert_allclose(back_d.end[:, :3], st[:, :3], atol=0.05)
    np.testing.assert_allclose(back_d.t_end, 0.0, atol=1e-5)
