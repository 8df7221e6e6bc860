"""Detection files for ``track`` / ``assess`` (CSV, Parquet): each finding of issue 11
first, then the property over mutated files."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from launchwatch.errors import InputError
from launchwatch.sensors.config import InfraredConfig, RadarConfig
from launchwatch.sensors.io import read_detections

from ._contract import assert_clean, quick

SENSORS = [RadarConfig(name="r", lat_deg=37.5, lon_deg=129.0), InfraredConfig(name="ir")]
HEADER = ("time_s,sensor,range_m,azimuth_rad,elevation_rad,range_rate_m_s,los_azimuth_rad,"
          "los_elevation_rad,truth")
ROWS = ["10.0,0,300000.0,0.5,0.2,-1500.0,,,0",
        "10.5,1,,,,,1.2,0.1,0",
        "11.0,0,,,,,,,",  # an empty scan
        "12.0,0,298000.0,0.51,0.21,-1490.0,,,-1"]


def csv(tmp_path, lines, name="d.csv"):
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n")
    return p


def refused(path) -> InputError:
    with pytest.raises(InputError) as info:
        read_detections(path, SENSORS)
    assert_clean(info.value)
    return info.value


def test_valid_file_reads(tmp_path):
    det = read_detections(csv(tmp_path, [HEADER, *ROWS]), SENSORS)
    assert det.z.shape == (3, 4)
    assert list(det.sensor) == [0, 1, 0]
    np.testing.assert_allclose(det.z[0], [300000.0, 0.5, 0.2, -1500.0])


def test_parquet_string_column_is_a_clean_error(tmp_path):
    # was: pyarrow ArrowTypeError from fill_null on a string column
    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"time_s": ["a", "b"], "sensor": [0, 0]}), p)
    err = refused(p)
    assert err.field == "detections.time_s" and "numeric" in str(err)


def test_duplicate_column_is_a_clean_error(tmp_path):
    # was: KeyError from table.column on a name given twice
    err = refused(csv(tmp_path, ["time_s,sensor,sensor", "1,0,0"]))
    assert err.field == "detections.sensor"


def test_missing_column_names_it(tmp_path):
    err = refused(csv(tmp_path, ["time_s,range_m", "1,5"]))
    assert "'sensor'" in str(err)


def test_undecodable_csv_is_a_clean_error(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes(HEADER.encode() + b"\n\xff\xfe,\x00\x81,1\n")
    refused(p)


def test_undecodable_header_is_a_clean_error(tmp_path):
    # was: UnicodeDecodeError from pyarrow's column names (found by bench/bench_fuzz.py)
    p = tmp_path / "d.csv"
    p.write_bytes(b"time_s,sens\xe5or\n1,0\n")
    err = refused(p)
    assert "UTF-8" in str(err)


def test_float_sensor_index_must_be_whole(tmp_path):
    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"time_s": [1.0], "sensor": [0.5], "range_m": [1e5],
                             "azimuth_rad": [0.1], "elevation_rad": [0.1],
                             "range_rate_m_s": [0.0]}), p)
    err = refused(p)
    assert err.field == "detections[row 1].sensor" and "whole" in str(err)


@pytest.mark.parametrize("col,value", [("range_m", "1e300"), ("elevation_rad", "7"),
                                        ("range_rate_m_s", "-1e9"), ("time_s", "1e300"),
                                        ("azimuth_rad", "1e20")])
def test_values_beyond_physical_bounds_are_refused_before_tracking(tmp_path, col, value):
    # huge finite values reached the tracker and broke its covariance ("not positive definite")
    cols = HEADER.split(",")
    row = ROWS[0].split(",")
    row[cols.index(col)] = value
    err = refused(csv(tmp_path, [HEADER, ",".join(row)]))
    assert err.field == f"detections[row 1].{col}"


# -- the property ------------------------------------------------------------------------
CELLS = ["", "nan", "inf", "-inf", "1e308", "-1", "0", "1", "2", "-2", "9223372036854775808",
         "x", "1.5", "0x10", "\"", ",", "1e-320", "3.2", "-0.0", "1,2", "\u00e9", "NULL"]


@quick(80)
@given(st.lists(st.tuples(st.integers(0, len(ROWS) - 1), st.integers(0, 8),
                          st.sampled_from(CELLS)), max_size=6),
       st.sampled_from(["csv", "parquet"]), st.booleans())
def test_any_mutated_detection_file_reads_finite_or_is_a_clean_error(tmp_path_factory, edits,
                                                                     fmt, drop_col):
    rows = [r.split(",") for r in ROWS]
    for i, j, v in edits:
        rows[i][j] = v
    lines = [HEADER, *(",".join(r) for r in rows)]
    d = tmp_path_factory.mktemp("det")
    if drop_col:
        lines = [",".join(c for k, c in enumerate(line.split(",")) if k != 1) for line in lines]
    p = csv(d, lines)
    if fmt == "parquet":
        import pyarrow.csv as pcsv

        try:
            table = pcsv.read_csv(p)
        except pa.ArrowException:
            return
        p = d / "d.parquet"
        pq.write_table(table, p)
    try:
        det = read_detections(p, SENSORS)
    except InputError as exc:
        assert_clean(exc)
        return
    radar = det.sensor == 0
    assert np.isfinite(det.time).all()
    assert np.isfinite(det.z[radar]).all() and np.isfinite(det.z[~radar, :2]).all()
    assert ((det.sensor >= 0) & (det.sensor < len(SENSORS))).all()
    assert (det.z[radar, 0] > 0).all()
