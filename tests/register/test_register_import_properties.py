# ruff: noqa: E501  (the mutation table reads best on one line each)
"""The importers' contract, by property-based tests (issue 11): whatever a CNS JSON
compilation, a CSV file or a JSON file holds, reading it either succeeds or raises one
clean input error (:class:`InputError`, one line naming the field and the value);
never a traceback of another kind, and nothing non-finite or out of range is stored.

The findings these reproduce: mutated CNS JSON gave ``'list' object has no attribute
'get'``, unhashable types and ``+`` on mixed types, and raw JSON decoder messages; CSV
and JSON imports gave ``OverflowError: date value out of range``, ints too large for
SQLite, and stored NaN fits, longitudes of 200 deg and launch years 1 and 9999.
Quick in CI (tens of cases each); ``--hypothesis-seed`` and ``max_examples`` go up for a
longer run.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from launchwatch.assess.events import YEARS
from launchwatch.errors import InputError
from launchwatch.register import Event, Register
from launchwatch.register.importers import COLUMNS, read_cns_json, read_csv, read_json

QUICK = settings(max_examples=40, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# -- what "stored well" means, checked on the records themselves ----------------------
_CAPS = {"apogee": 1e8, "distance": 4.1e7, "flight_time": 86400.0, "count": 1000, "seq": 10000}


def _walk(obj: Any, path: str = "") -> None:
    """Every number finite; every latitude, longitude and launch year in range."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            _walk(v, f"{path}.{k}")
        if "lat" in obj and obj["lat"] is not None:
            assert -math.pi / 2 <= obj["lat"] <= math.pi / 2, path
        if "lon" in obj and obj["lon"] is not None:
            assert -math.pi <= obj["lon"] < math.pi, path
        for k, cap in _CAPS.items():
            v = obj.get(k)
            if isinstance(v, int | float) and not isinstance(v, bool):
                assert v <= cap, f"{path}.{k}={v}"
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            _walk(v, f"{path}[{i}]")
    elif isinstance(obj, float):
        assert math.isfinite(obj), path
    elif isinstance(obj, int) and not isinstance(obj, bool):
        assert abs(obj) < 2**63, path
    elif isinstance(obj, datetime):
        assert YEARS[0] <= obj.year <= YEARS[1], path


def _contract(read, reg: Register) -> list[Event] | None:
    """Run ``read()``: success (then store and check what is stored) or a clean error."""
    try:
        events = read()
    except InputError as exc:
        msg = str(exc)
        assert msg and "\n" not in msg and "Traceback" not in msg, msg
        return None
    for ev in events:
        _walk(ev.model_dump())
    try:
        reg.add(events)
    except InputError as exc:  # e.g. two rows claiming one launch number: clean too
        assert "\n" not in str(exc)
        return events
    for ev in reg.events():
        _walk(ev.model_dump())
        reg.get(ev.key)
    return events


@pytest.fixture
def reg(tmp_path: Path):
    r = Register(f"sqlite:///{tmp_path / 'props.sqlite'}")
    yield r
    r.close()


# -- values of every kind a file can hold ------------------------------------------
_NUM_TEXT = st.sampled_from(["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309", "0", "-0",
                             "1e-320", "99999999999999999999999", "200", "360", "-181", "800 km",
                             "62 miles", "about 750", "5e5 nm", "1,080", "--5", "", "unknown"])
_DATE_TEXT = st.sampled_from(["2025-05-08", "0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01",
                              "1986-05", "1986", "2/30/2022", "8-Oct-22", "Oct 8, 2022", "",
                              "2025-13-01", "99999-01-01", "unknown"])
_TIME_TEXT = st.sampled_from(["23:10", "00:20:59", "24:00", "23:60", "2310", "", "unknown", "8:10am",
                              "23:10 UTC", "-1:00"])
_WORDS = st.sampled_from(["SRBM", "ICBM", "<svg/onload=alert(1)>", "short-range ballistic missile",
                          "FOO", "lofted", "depressed", "minimum energy", "ballistic", "success",
                          "failure", "failed", "confirmed", "maybe", "Wonsan", "Sea of Japan",
                          "East Sea", "KP-2025-05-08", "키-2025", "North Korea", ""])
_CELL = st.one_of(_NUM_TEXT, _DATE_TEXT, _TIME_TEXT, _WORDS,
                  st.floats(allow_nan=True, allow_infinity=True).map(repr),
                  st.integers(min_value=-(10**30), max_value=10**30).map(str),
                  st.text(max_size=12))


def _good_row() -> dict[str, str]:
    return {"state": "North Korea", "date": "2025-05-07", "time_utc": "23:10", "site": "Wonsan",
            "class": "SRBM", "count": "2", "apogee_km": "60", "distance_km": "250",
            "landing": "Sea of Japan", "source": "South Korea Joint Chiefs of Staff"}


@st.composite
def csv_rows(draw) -> list[dict[str, str]]:
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        row = _good_row()
        for col in draw(st.lists(st.sampled_from(COLUMNS), max_size=5)):
            row[col] = draw(_CELL)
        rows.append(row)
    return rows


@QUICK
@given(rows=csv_rows())
def test_csv_import_succeeds_or_fails_cleanly(rows: list[dict[str, str]], reg: Register) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow(r)
    _contract(lambda: read_csv(io.StringIO(buf.getvalue()))[0], reg)


_JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**25), max_value=10**25),
                       st.floats(allow_nan=True, allow_infinity=True), _CELL)
_JSON_ANY = st.recursive(_JSON_LEAF, lambda c: st.one_of(st.lists(c, max_size=3),
                                                         st.dictionaries(st.text(max_size=6), c, max_size=3)),
                         max_leaves=8)


@st.composite
def json_rows(draw) -> list[Any]:
    rows: list[Any] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 9)) == 0:
            rows.append(draw(_JSON_ANY))  # not even an object
            continue
        row: dict[str, Any] = dict(_good_row())
        for col in draw(st.lists(st.sampled_from(COLUMNS), max_size=4)):
            row[col] = draw(_JSON_ANY)
        rows.append(row)
    return rows


def _write_json(path: Path, doc: Any) -> None:
    path.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")


@QUICK
@given(rows=json_rows())
def test_json_rows_import_succeeds_or_fails_cleanly(rows: list[Any], reg: Register,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "rows.json"
    _write_json(path, rows)
    _contract(lambda: read_json(path)[0], reg)


def _dump_of_a_round() -> list[dict[str, Any]]:
    """A register's dump of one round with a fit, as ``register export --format json``."""
    from launchwatch.register.importers import read_rows

    evs, _ = read_rows([(2, _good_row())], importer="csv")
    d = evs[0].model_dump(mode="json")
    d["launches"][0]["reconstruction"] = {
        "speed": 2100.0, "fpa": 0.6, "azimuth": 1.2, "range": 250e3, "apogee": 60e3,
        "flight_time": 300.0, "ballistic": True, "regime": "minimum-energy"}
    return [d]


def _paths(obj: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += _paths(v, (*prefix, i))
    return out


_BASE_DUMP = _dump_of_a_round()
_DUMP_PATHS = _paths(_BASE_DUMP)


def _set(doc: Any, path: tuple, value: Any) -> None:
    for p in path[:-1]:
        doc = doc[p]
    doc[path[-1]] = value


_NASTY = st.one_of(st.sampled_from([math.nan, math.inf, -math.inf, 10**30, -1, 0, 200.0, 7.0, -7.0,
                                    "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "<b>x</b>",
                                    "lofted", "FOO", [], {}, None, True, "키"]), _JSON_ANY)


@QUICK
@given(muts=st.lists(st.tuples(st.sampled_from(_DUMP_PATHS), _NASTY), min_size=1, max_size=4),
       as_file=st.booleans())
def test_json_events_import_succeeds_or_fails_cleanly(muts, as_file: bool, reg: Register,
                                                      tmp_path: Path) -> None:
    doc = copy.deepcopy(_BASE_DUMP)
    for path, value in muts:
        try:
            _set(doc, path, copy.deepcopy(value))
        except (KeyError, IndexError, TypeError):
            continue  # the path went away with an earlier mutation
    path = tmp_path / "events.json"
    _write_json(path, doc)
    _contract(lambda: read_json(path)[0], reg)
    if not as_file:  # the Python API: values JSON cannot carry (NaN) given directly
        from launchwatch.register.models import build

        def direct():
            return [build(Event, d, f"events[{i}]") for i, d in enumerate(doc)
                    if isinstance(doc, list)] if isinstance(doc, list) else []
        _contract(direct, reg)


# -- the CNS compilation, mutated ------------------------------------------------------
@pytest.fixture(scope="module")
def cns_small(cns_dir: Path) -> dict[str, Any]:
    tests = json.loads((cns_dir / "test.en.json").read_text(encoding="utf-8"))
    small = {**tests, "timeBins": [dict(tb, data=tb["data"][:3]) for tb in tests["timeBins"][-6:]]}
    return {"test": small,
            "facility": json.loads((cns_dir / "facility.en.json").read_text(encoding="utf-8")),
            "missile": json.loads((cns_dir / "missile.en.json").read_text(encoding="utf-8"))}


_CNS_FIELDS = ["date", "time", "facility", "missile", "apogee", "distance", "bearing", "landing",
               "outcome", "glide"]


@st.composite
def cns_mutations(draw):
    """(file, how): a record's field replaced, a structure replaced, or a file cut."""
    kind = draw(st.sampled_from(["record", "record", "record", "structure", "truncate"]))
    if kind == "record":
        return kind, draw(st.integers(0, 17)), draw(st.sampled_from(_CNS_FIELDS)), draw(_NASTY)
    if kind == "structure":
        return kind, draw(st.sampled_from(["timeBins", "timeBins[0]", "data", "record", "facilities",
                                           "facility", "missiles", "missile"])), None, draw(_NASTY)
    return kind, draw(st.sampled_from(["test", "facility", "missile"])), draw(st.floats(0, 1)), None


@QUICK
@given(muts=st.lists(cns_mutations(), min_size=1, max_size=3))
def test_cns_json_import_succeeds_or_fails_cleanly(muts, cns_small: dict[str, Any], reg: Register,
                                                   tmp_path: Path) -> None:
    docs = copy.deepcopy(cns_small)
    cut: dict[str, float] = {}
    for kind, a, b, value in muts:
        records = [r for tb in docs["test"].get("timeBins", []) if isinstance(tb, dict)
                   for r in (tb.get("data") if isinstance(tb.get("data"), list) else [])
                   if isinstance(r, dict)] if isinstance(docs["test"], dict) and isinstance(
                       docs["test"].get("timeBins"), list) else []
        value = copy.deepcopy(value)
        if kind == "record" and records:
            records[a % len(records)][b] = value
        elif kind == "structure":
            t = docs["test"]
            if a == "timeBins" and isinstance(t, dict):
                t["timeBins"] = value
            elif a == "timeBins[0]" and isinstance(t, dict) and isinstance(t.get("timeBins"), list) and t["timeBins"]:
                t["timeBins"][0] = value
            elif a == "data" and isinstance(t, dict) and isinstance(t.get("timeBins"), list) and t["timeBins"] \
                    and isinstance(t["timeBins"][0], dict):
                t["timeBins"][0]["data"] = value
            elif a == "record" and records:
                tb = next(tb for tb in t["timeBins"] if isinstance(tb, dict) and isinstance(tb.get("data"), list)
                          and tb["data"])
                tb["data"][0] = value
            elif a == "facilities":
                docs["facility"]["facilities"] = value
            elif a == "facility" and isinstance(docs["facility"].get("facilities"), dict):
                k = next(iter(docs["facility"]["facilities"]))
                docs["facility"]["facilities"][k] = value
            elif a == "missiles":
                docs["missile"] = value
            elif a == "missile" and isinstance(docs["missile"], dict) and docs["missile"]:
                docs["missile"][next(iter(docs["missile"]))] = value
        elif kind == "truncate":
            cut[a] = b
    folder = tmp_path / "cns"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for name, doc in docs.items():
        text = json.dumps(doc, allow_nan=True)
        if name in cut:
            text = text[: int(len(text) * cut[name])]
        (folder / f"{name}.en.json").write_text(text, encoding="utf-8")
    _contract(lambda: read_cns_json(folder), reg)


# -- the findings, one by one ----------------------------------------------------------
def _csv(**cells: str) -> io.StringIO:
    row = {**_good_row(), **cells}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(row))
    w.writeheader()
    w.writerow(row)
    return io.StringIO(buf.getvalue())


@pytest.mark.parametrize(("cells", "message"), [
    ({"date": "0001-01-01"}, r"line 2: date='0001-01-01': year 1 outside 1900-2199"),
    ({"date": "9999-12-31"}, r"line 2: date='9999-12-31': year 9999 outside 1900-2199"),
    ({"apogee_km": "1e309"}, r"line 2: apogee_km='1e309': not a number"),
    ({"distance_km": "nan"}, None),  # "nan" is a blank cell: no distance
    ({"count": "99999999999999999999"}, r"line 2: count='99999999999999999999': must be <= 1000"),
    ({"site_lat_deg": "39", "site_lon_deg": "400"}, r"site_lon_deg='400': must be <= 360"),
    ({"regime": "<svg/onload=alert(1)>"}, r"line 2: regime=.*is not one of lofted"),
    ({"class": "<svg/onload=alert(1)>"}, r"line 2: missile_class="),
    ({"event": "KP-2025-05-08<script>"}, r"key='KP-2025-05-08<script>': event .*a key is letters"),
    ({"site_uncertainty_km": "-1"}, r"line 2: site_uncertainty_km='-1': must not be negative"),
])
def test_csv_findings_are_clean_errors(cells: dict[str, str], message: str | None) -> None:
    if message is None:
        events, _ = read_csv(_csv(**cells))
        assert events[0].launches[0].distance is None
        return
    with pytest.raises(InputError, match=message):
        read_csv(_csv(**cells))


def test_a_longitude_of_200_deg_east_is_stored_as_160_west(reg: Register) -> None:
    events, _ = read_csv(_csv(site="Somewhere", site_lat_deg="10", site_lon_deg="200"))
    reg.add(events)
    lon = reg.events()[0].launches[0].site.lon
    assert lon == pytest.approx(math.radians(-160.0))


def test_a_nan_fit_in_a_json_import_is_refused_naming_the_field(tmp_path: Path) -> None:
    doc = copy.deepcopy(_BASE_DUMP)
    doc[0]["launches"][0]["reconstruction"]["speed"] = math.nan
    path = tmp_path / "e.json"
    _write_json(path, doc)
    with pytest.raises(InputError, match=r"NaN is not a JSON number"):
        read_json(path)
    from launchwatch.register.models import build

    with pytest.raises(InputError, match=r"launches\.0\.reconstruction\.speed=nan"):
        build(Event, doc[0])


def test_raw_decoder_and_structure_errors_are_one_line(tmp_path: Path, cns_dir: Path) -> None:
    folder = tmp_path / "cns"
    shutil.copytree(cns_dir, folder)
    (folder / "facility.en.json").write_text('{"facilities": [1, 2]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"cns='facility.en.json': expected"):
        read_cns_json(folder)
    shutil.copy(cns_dir / "facility.en.json", folder / "facility.en.json")
    (folder / "test.en.json").write_text('{"timeBins": [', encoding="utf-8")
    with pytest.raises(InputError, match=r"not JSON: Expecting value at line 1 column 15"):
        read_cns_json(folder)
    (folder / "test.en.json").write_bytes(b'{"timeBins": []}\xff')
    with pytest.raises(InputError, match="not UTF-8"):
        read_cns_json(folder)
    (folder / "test.en.json").write_text("[" * 10000 + "]" * 10000, encoding="utf-8")
    with pytest.raises(InputError, match="nested deeper than 64"):
        read_cns_json(folder)
    doc = json.loads((cns_dir / "test.en.json").read_text(encoding="utf-8"))
    doc["timeBins"][0]["data"][0]["facility"] = ["a", "list"]
    doc["timeBins"][0]["data"][1]["apogee"] = {"km": 5}
    (folder / "test.en.json").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_cns_json(folder)
    msg = str(info.value)
    assert "2 bad row(s)" in msg and "timeBins[0].data[0].facility=['a', 'list']: must be a text" in msg
    assert "timeBins[0].data[1].apogee={'km': 5}: must be a number" in msg


def test_a_record_time_of_year_9999_in_the_python_api_is_refused() -> None:
    from launchwatch.register import Launch

    with pytest.raises(ValueError, match="launch year 9999 outside 1900-2199"):
        Launch(utc=datetime(9999, 12, 31, tzinfo=UTC))


def test_every_datetime_of_a_record_is_in_the_register_years() -> None:
    """Found by the JSON-import property (seed 14): a claim ``published`` in year 1 was stored,
    and the register's own check of what it holds then failed on it.  Every datetime of a
    record (a claim's time, when it was published or recorded, a source's date) is in
    1900-2199, as launch times are; an offset that moves a date across the edge counts."""
    from launchwatch.register.models import Claim, Source, build

    claim = {"field": "distance", "value": 8.0e5, "source": "JCS"}
    with pytest.raises(ValueError, match="year 1 outside 1900-2199"):
        Claim(**claim, published=datetime(1, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="year 2200 outside 1900-2199"):
        Claim(**claim, recorded=datetime(2199, 12, 31, 23, tzinfo=timezone(timedelta(hours=-5))))
    with pytest.raises(ValueError, match="year 1899 outside 1900-2199"):
        Claim(field="time", value="1899-12-31T23:00:00Z", source="JCS")
    with pytest.raises(ValueError, match="year 9999 outside 1900-2199"):
        Source(name="Yonhap", published=datetime(9999, 1, 1, tzinfo=UTC))
    with pytest.raises(InputError, match="published"):
        build(Claim, {**claim, "published": "0001-01-01T00:00:00Z"}, "events[0].claims[3]")
    assert Claim(**claim, published=datetime(2025, 5, 8, 1, tzinfo=UTC)).published.year == 2025
