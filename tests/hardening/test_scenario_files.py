"""Scenario files for ``simulate`` (YAML, TOML, JSON): each finding of issue 11 first,
then the property: any mutation of a valid scenario loads (finite values only) or is
one clean InputError."""

from __future__ import annotations

import copy
import json
import math

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from launchwatch.errors import InputError
from launchwatch.flight.config import (
    MAX_DEPTH,
    MAX_FLIGHTS,
    MAX_SCENARIO_BYTES,
    load_scenario,
    run_scenario,
)

from ._contract import HOSTILE, assert_clean, non_finite, quick

BASE = {
    "epoch": "2025-05-08T23:00:00Z",
    "vehicles": {"srbm": {"generic_range_km": 250}},
    "flights": [{"vehicle": "srbm", "lat_deg": 39.17, "lon_deg": [127.4, 127.5],
                 "azimuth_deg": 75, "launch_time": "2025-05-08T23:10:00Z", "count": 2,
                 "interval_s": 60, "kick_angle_deg": 45, "seed": 3}],
    "integrator": {"rtol": 1e-8},
    "output": {"sample_dt": 1.0},
}


def refused(tmp_path, text: str, suffix: str = ".yaml") -> InputError:
    p = tmp_path / f"s{suffix}"
    p.write_text(text)
    with pytest.raises(InputError) as info:
        load_scenario(p)
    assert_clean(info.value)
    return info.value


def test_nested_alias_bomb_is_refused_without_expanding(tmp_path):
    # 9 levels of 9 aliases each: 9**9 (387 million) strings once expanded, 500 bytes on disk
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    text = "\n".join(lines) + "\n"
    assert len(text) < 600
    err = refused(tmp_path, text)
    assert "too large" in str(err) and "aliases" in str(err)


def test_alias_bomb_inside_a_field_is_refused(tmp_path):
    lines = ['x0: &x0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]']
    for i in range(1, 8):
        lines.append(f"x{i}: &x{i} [" + ",".join([f"*x{i - 1}"] * 10) + "]")
    base = yaml.safe_dump({k: v for k, v in BASE.items()})
    refused(tmp_path, "\n".join(lines) + "\n" + base)


def _nest(n: int) -> list:
    v: list = [1]
    for _ in range(n):
        v = [v]
    return v


@pytest.mark.parametrize("suffix,text", [
    (".json", "[" * 5000 + "]" * 5000),
    (".yaml", "[" * 5000 + "]" * 5000),
    (".toml", "a = " + "[" * 3000 + "]" * 3000),
    (".json", json.dumps({"vehicles": {"v": {"generic_range_km": 250}},
                          "flights": [{"x": _nest(40)}]})),
])
def test_deep_nesting_is_refused(tmp_path, suffix, text):
    err = refused(tmp_path, text, suffix)
    assert "nested too deeply" in str(err)
    assert MAX_DEPTH == 32


def test_file_over_the_size_limit_is_refused(tmp_path):
    text = yaml.safe_dump(BASE) + "#" * MAX_SCENARIO_BYTES
    err = refused(tmp_path, text)
    assert "larger than" in str(err)


def test_not_utf8_is_refused(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_bytes(b"vehicles: \xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8"):
        load_scenario(p)


def test_count_ten_million_is_refused_before_any_allocation():
    d = copy.deepcopy(BASE)
    d["flights"][0]["count"] = 10_000_000
    with pytest.raises(InputError, match="less than or equal to 1000000"):
        load_scenario(d)
    d["flights"] = [dict(d["flights"][0], count=MAX_FLIGHTS)] * 2   # each allowed, the sum not
    with pytest.raises(InputError, match="flights in all"):
        load_scenario(d)


@pytest.mark.parametrize("field,value,match", [
    ("seed", 10**30, "less than or equal"),            # was: int too large to convert to C int
    ("seed", -1, "greater than or equal"),
    ("launch_time", 1e300, "within"),                  # was: date value out of range
    ("launch_time", "0001-01-01T00:00:00Z", "years 1900-2200"),
    ("launch_time", "9999-12-31T00:00:00Z", "years 1900-2200"),
    ("interval_s", 1e30, "less than or equal"),
    ("interval_s", float("inf"), "finite"),
    ("lon_deg", [-1.7e308, 1.7e308], "too wide"),      # was numpy's OverflowError in uniform
    ("lon_deg", [128.0, 127.0], "low <= high"),
    ("azimuth_deg", [0, float("nan")], "finite"),
])
def test_flight_fields_out_of_range(field, value, match):
    d = copy.deepcopy(BASE)
    d["flights"][0][field] = value
    with pytest.raises(InputError, match=match) as info:
        load_scenario(d)
    assert_clean(info.value)
    assert info.value.field == f"flights[0].{field}"


def test_launches_spread_past_100_years_are_refused():
    d = copy.deepcopy(BASE)
    d["flights"][0].update(count=1000, interval_s=3.1e9 / 100)
    with pytest.raises(InputError, match="within 100 years"):
        load_scenario(d)


@pytest.mark.parametrize("key,value", [("rtol", float("nan")), ("atol_position", float("inf")),
                                       ("max_step", float("inf")), ("t_max", float("inf")),
                                       ("initial_step", float("inf"))])
def test_non_finite_tolerances_are_refused(key, value):
    d = copy.deepcopy(BASE)
    d["integrator"] = {key: value}
    with pytest.raises(InputError) as info:
        load_scenario(d)
    assert info.value.field == f"integrator.{key}"


@pytest.mark.parametrize("epoch", ["0001-01-01T00:00:00Z", "2025-05-08T23:00:00"])
def test_epoch_out_of_range_or_naive(epoch):
    d = copy.deepcopy(BASE)
    d["epoch"] = epoch
    with pytest.raises(InputError) as info:
        load_scenario(d)
    assert info.value.field == "epoch"


def test_yaml_date_that_python_cannot_hold_is_an_input_error(tmp_path):
    err = refused(tmp_path, "epoch: 0000-01-01\n")
    assert "not valid YAML" in str(err)


def test_simulate_cli_refuses_a_trajectory_buffer_that_cannot_fit(tmp_path, capsys):
    from launchwatch.cli import main

    d = copy.deepcopy(BASE)
    d["flights"][0]["count"] = 100_000
    p = tmp_path / "s.json"
    p.write_text(json.dumps(d))
    with pytest.raises(SystemExit) as info:
        main(["simulate", str(p), "--out", str(tmp_path / "o"), "--sample-dt", "0.01"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --sample-dt=0.01") and "GiB" in err


# -- the property ------------------------------------------------------------------------
def _paths(d, prefix=()):
    out = []
    if isinstance(d, dict):
        for k, v in d.items():
            out.append((*prefix, k))
            out += _paths(v, (*prefix, k))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            out.append((*prefix, i))
            out += _paths(v, (*prefix, i))
    return out


PATHS = _paths(BASE)
KEYS = ["count", "lat_deg", "t_max", "generic_range_km", "mass", "stages", "extra", "vehicle",
        "epoch", "sample_dt", "earth", "drag", "rtol", "seed"]


@st.composite
def mutated(draw):
    d = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        parent = d
        try:
            for p in path[:-1]:
                parent = parent[p]
            kind = draw(st.sampled_from(["set", "set", "del", "add"]))
            value = draw(st.one_of(st.sampled_from(HOSTILE), st.floats(), st.integers(),
                                   st.text(max_size=8)))
            if kind == "set":
                parent[path[-1]] = value
            elif kind == "del" and isinstance(parent, dict):
                parent.pop(path[-1], None)
            elif isinstance(parent, dict):
                parent[draw(st.sampled_from(KEYS))] = value
        except (KeyError, IndexError, TypeError):
            continue
    return d


@quick(60)
@given(mutated(), st.sampled_from(["dict", ".yaml", ".json"]))
def test_any_mutated_scenario_loads_finite_or_is_a_clean_error(tmp_path_factory, d, how):
    if how == "dict":
        src = d
    else:
        p = tmp_path_factory.mktemp("sc") / f"s{how}"
        try:
            p.write_text(yaml.safe_dump(d) if how == ".yaml" else json.dumps(d))
        except (yaml.YAMLError, UnicodeEncodeError, ValueError):
            return
        src = p
    try:
        sc = load_scenario(src)
    except InputError as exc:
        assert_clean(exc)
        return
    assert non_finite(sc.model_dump(), allow=(".end",)) == []
    total = sum(f.count for f in sc.flights)
    assert 1 <= total <= MAX_FLIGHTS
    if total <= 3:
        try:
            res, labels = run_scenario(sc)
        except InputError as exc:  # e.g. an unknown vehicle name: named
            assert_clean(exc)
            return
        assert len(labels) == total
        assert all(math.isfinite(t) for t in res.t_launch)


def test_the_one_non_finite_walker():
    """:func:`launchwatch.errors.non_finite` (used by the scenario checks, the contract
    and the fuzz campaign): paths in document order, +inf allowed only where named."""
    from launchwatch.errors import non_finite as walk

    nan, inf = float("nan"), float("inf")
    doc = {"a": [1.0, nan, {"end": inf, "x": -inf}], "b": (2, "nan", inf), "c": {"end": -inf}}
    got = walk(doc, "sc", allow_inf=(".end",))
    assert [p for p, _ in got] == ["sc.a[1]", "sc.a[2].x", "sc.b[2]", "sc.c.end"]
    assert got[1][1] == -inf and got[3][1] == -inf  # -inf is never "to the end"
    assert [p for p, _ in walk(doc)] == [".a[1]", ".a[2].end", ".a[2].x", ".b[2]", ".c.end"]
    assert walk(doc, first=True) == [(".a[1]", walk(doc)[0][1])]
    assert walk({"x": [1, 2.5, True, None, "inf"]}) == []
