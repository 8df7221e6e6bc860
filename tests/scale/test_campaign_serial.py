"""Flight campaigns in this process: rows equal direct flights, resume, stopping, summary."""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow.parquet as pq
import pytest
from scipy import stats

from launchwatch.flight import EarthModel, IntegratorOptions, generic_vehicle, simulate
from launchwatch.scale import load_campaign, run_campaign

from .conftest import flight_campaign


def _table(path):
    return pq.read_table(path / "flights").to_pandas().sort_values("flight").reset_index(drop=True)


def test_rows_are_the_flights_simulate_gives(tmp_path):
    c = load_campaign(flight_campaign(flights=40, chunk=16))
    run = run_campaign(c, tmp_path / "out", scheduler="serial", summary=False)
    assert sorted(run.computed) == [(0, 0), (1, 0), (2, 0)] and not run.skipped
    df = _table(tmp_path / "out")
    assert df["flight"].tolist() == list(range(40))
    opts = IntegratorOptions(rtol=1e-8, atol_position=1e-2, atol_velocity=1e-5)
    vehicles = {0: generic_vehicle(800, name="srbm-800"), 1: generic_vehicle(250, name="srbm-250")}
    for i in (0, 17, 39):  # one flight at a time, the wind through the Earth model
        r = df.iloc[i]
        one = simulate(vehicles[int(r["in_vehicle"])], math.radians(r["in_lat_deg"]),
                       math.radians(r["in_lon_deg"]), math.radians(r["in_azimuth_deg"]),
                       kick_angle=math.radians(r["in_kick_angle_deg"]),
                       propellant_scale=r["in_propellant_scale"],
                       earth=EarthModel(wind_east=float(r["in_wind_east"])), options=opts).summary()
        assert one.ground_range[0] == pytest.approx(r["ground_range"], abs=0.05)
        assert one.apogee_alt[0] == pytest.approx(r["apogee_alt"], abs=0.05)
        assert one.time_of_flight[0] == pytest.approx(r["time_of_flight"], abs=1e-3)
    assert (df["status"] == 0).all()
    # a 10 m/s tail wind carries a 250-km flight measurably further than a head wind
    assert df["in_wind_east"].std() > 5


def test_a_rerun_computes_only_what_is_missing(tmp_path):
    c = load_campaign(flight_campaign(flights=60, chunk=10))
    out = tmp_path / "out"
    seen = []

    def crash(b, g):
        seen.append(b)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_campaign(c, out, scheduler="serial", summary=False, on_result=crash)
    assert json.loads((out / "campaign.json").read_text())["state"] == "partial"
    (out / "flights" / ".part-000005-000.parquet.tmp99").write_bytes(b"half a file")
    run = run_campaign(c, out, scheduler="serial", summary=False)
    assert sorted(run.skipped) == [(0, 0), (1, 0)]
    assert sorted(run.computed) == [(b, 0) for b in range(2, 6)]
    assert not list((out / "flights").glob(".*"))  # the interrupted write is gone
    again = run_campaign(c, out, scheduler="serial", summary=False)
    assert again.computed == [] and len(again.skipped) == 6
    fresh = run_campaign(c, tmp_path / "fresh", scheduler="serial", summary=False)
    assert len(fresh.computed) == 6
    a, b = _table(out), _table(tmp_path / "fresh")
    for col in a.columns:
        assert np.array_equal(a[col].to_numpy(), b[col].to_numpy(), equal_nan=True), col


def test_another_campaign_is_not_mixed_into_a_folder(tmp_path):
    from launchwatch.errors import InputError

    out = tmp_path / "out"
    run_campaign(load_campaign(flight_campaign(flights=10, chunk=10)), out, scheduler="serial",
                 summary=False)
    other = load_campaign(flight_campaign(flights=10, chunk=10, seed=12))
    with pytest.raises(InputError, match="another campaign"):
        run_campaign(other, out, scheduler="serial", summary=False)
    run = run_campaign(other, out, scheduler="serial", summary=False, restart=True)
    assert len(run.computed) == 1


def test_stops_at_the_first_block_whose_interval_is_narrow_enough(tmp_path):
    spec = flight_campaign(flights=400, chunk=20, stop={"figure": "ground_range", "statistic": "mean",
                                                        "half_width": 25_000.0, "min_samples": 40})
    c = load_campaign(spec)
    run = run_campaign(c, tmp_path / "out", scheduler="serial", summary=True)
    full = load_campaign({**spec, "stop": None})
    ref = run_campaign(full, tmp_path / "full", scheduler="serial", summary=False)
    assert len(ref.computed) == 20
    r = _table(tmp_path / "full")["ground_range"].to_numpy()
    # the first prefix of whole blocks whose 95 % t interval is at most +-25 km, by hand
    expect = None
    for k in range(2, 21):
        x = r[: 20 * k]
        half = stats.t.ppf(0.975, x.size - 1) * x.std(ddof=1) / math.sqrt(x.size)
        if half <= 25_000.0:
            expect = k
            break
    assert expect is not None and expect < 20
    assert run.stopped_at == expect
    kept = _table(tmp_path / "out")
    assert kept["flight"].tolist() == list(range(20 * expect))
    est, _lo, _hi, n = run.estimate[0]
    assert n == 20 * expect and est == pytest.approx(r[: 20 * expect].mean())
    md = (tmp_path / "out" / "summary" / "summary.md").read_text()
    assert "Stopped early" in md


def test_summary_tables_and_figures(tmp_path):
    c = load_campaign(flight_campaign(flights=300, chunk=100))
    run = run_campaign(c, tmp_path / "out", scheduler="serial")
    files = run.summary_files
    for k in ("markdown", "json", "figure_vs_parameter", "range_cdf"):
        assert files[k].exists() and files[k].stat().st_size > 0, k
    js = json.loads(files["json"].read_text())
    rng = _table(tmp_path / "out")["ground_range"].to_numpy() / 1e3
    f = js["tables"]["figures"]["ground_range"]
    assert f["percentiles"]["p50"] == pytest.approx(np.median(rng))
    assert f["percentiles"]["p95"] == pytest.approx(np.percentile(rng, 95))
    lo, hi = stats.t.interval(0.95, rng.size - 1, loc=rng.mean(), scale=rng.std(ddof=1) / math.sqrt(rng.size))
    assert f["mean"]["low"] == pytest.approx(lo) and f["mean"]["high"] == pytest.approx(hi)
    assert js["tables"]["status"] == {"ok": 300}
    assert "| range | km |" in files["markdown"].read_text()


def test_the_command_reports_bad_files_in_one_line(tmp_path, capsys):
    import yaml

    from launchwatch.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(flight_campaign(flights=10, sampling="sobol", chunk=100)))
    with pytest.raises(SystemExit) as e:
        main(["campaign", str(bad), "--out", str(tmp_path / "o"), "--scheduler", "serial"])
    assert e.value.code == 2
    assert "chunk_size=" in capsys.readouterr().err
    good = tmp_path / "good.yaml"
    good.write_text(yaml.safe_dump(flight_campaign(flights=20, chunk=10)))
    main(["campaign", str(good), "--out", str(tmp_path / "o"), "--scheduler", "serial",
          "--json", "--no-summary"])
    info = json.loads(capsys.readouterr().out)
    assert info["computed"] == 2 and info["chunks"] == 2


def test_unknown_stop_figure_is_named(tmp_path):
    from launchwatch.errors import InputError

    c = load_campaign(flight_campaign(flights=20, chunk=10, stop={"figure": "range_km", "half_width": 1}))
    with pytest.raises(InputError, match=r"stop\.figure=.*not a column"):
        run_campaign(c, tmp_path / "o", scheduler="serial", summary=False)


def test_a_folder_is_resumed_only_by_the_code_that_started_it(tmp_path):
    """Results of another build (another commit, a patched install) are never mixed in."""
    from launchwatch.errors import InputError

    c = load_campaign(flight_campaign(flights=20, chunk=10))
    out = tmp_path / "out"
    run_campaign(c, out, scheduler="serial", summary=False)
    manifest = json.loads((out / "campaign.json").read_text())
    version = manifest["launchwatch"]
    assert version.startswith("0.") and len(version.split("+")[1]) == 16
    # the same code resumes: nothing to compute
    assert run_campaign(c, out, scheduler="serial", summary=False).computed == []
    # a folder whose chunks another build wrote (as if the sources had changed since)
    manifest["launchwatch"] = version.split("+")[0] + "+0123456789abcdef"
    (out / "campaign.json").write_text(json.dumps(manifest))
    with pytest.raises(InputError, match="0123456789abcdef") as err:
        run_campaign(c, out, scheduler="serial", summary=False)
    assert err.value.field == "out"
    assert len(list((out / "flights").glob("part-*.parquet"))) == 2  # nothing deleted
    again = run_campaign(c, out, scheduler="serial", summary=False, restart=True)
    assert len(again.computed) == 2
    assert json.loads((out / "campaign.json").read_text())["launchwatch"] == version
