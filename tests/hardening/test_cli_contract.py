"""The command line's error contract: every input or usage error is one line on stderr
with exit code 2; the trace only with --debug; an internal error is one line, exit 1."""

from __future__ import annotations

import json
import math

import pytest

from launchwatch.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out = capsys.readouterr()
    code = info.value.code
    return (0 if code is None else int(code)), out.out, out.err


@pytest.mark.parametrize("args", [
    ("simulate",),                                    # missing argument
    ("invert", "--lat", "x", "--lon", "1"),           # not a float
    ("invert", "--lat", "1"),                         # missing option
    ("nosuchcommand",),
    ("simulate", "a.yaml", "--no-such-option"),
    ("track", "--targets", "0", "--demo"),            # out of an IntRange
])
def test_usage_errors_are_one_line_exit_2(capsys, args):
    code, _out, err = run(capsys, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "--help" in lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("args,field", [
    (("invert", "--lat", "nan", "--lon", "1", "--range-km", "5"), "--lat=nan"),
    (("invert", "--lat", "39", "--lon", "127", "--range-km", "inf"), "--range-km=inf"),
    (("invert", "--lat", "95", "--lon", "127", "--range-km", "100"), "--lat=95"),
    (("invert", "--lat", "39", "--lon", "127", "--range-km", "-3"), "--range-km=-3"),
    (("invert", "--lat", "39", "--lon", "127"), "--range-km/--apogee-km/--time-s"),
    (("invert", "--lat", "39", "--lon", "127", "--time-s", "1e-9"), "facts="),
    (("invert", "--lat", "39", "--lon", "127", "--bearing-deg", "1e300", "--range-km", "9"),
     "--bearing-deg"),
])
def test_invert_impossible_facts_exit_2_never_nan(capsys, args, field):
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    assert err.startswith(f"error: {field}"), err
    assert len(err.strip().splitlines()) == 1
    assert "nan" not in out.lower()


def test_invert_fit_with_undefined_figures_is_refused(capsys, monkeypatch):
    """A solver 'success' whose figures are NaN (reproduced with a stub solver result:
    the CLI's own check is under test) is an input error, not a printed result."""
    import importlib

    import numpy as np

    inv = importlib.import_module("launchwatch.flight.invert")

    real = inv.invert

    def nan_fit(*a, **k):
        r = real(*a, **k)
        r.apogee[0] = np.nan
        return r

    monkeypatch.setattr(inv, "invert", nan_fit)
    code, out, err = run(capsys, "invert", "--lat", "39", "--lon", "127", "--range-km", "250")
    assert code == 2
    assert "apogee_km undefined" in err and out.strip() == ""


def test_debug_shows_the_trace(capsys):
    from launchwatch.errors import InputError

    with pytest.raises(InputError):
        main(["--debug", "invert", "--lat", "nan", "--lon", "1", "--range-km", "5"])


def test_internal_error_is_one_line_exit_1(capsys, monkeypatch):
    import importlib

    inv = importlib.import_module("launchwatch.flight.invert")

    def boom(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(inv, "invert", boom)
    code, _out, err = run(capsys, "invert", "--lat", "39", "--lon", "127", "--range-km", "250")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "internal error ZeroDivisionError" in err and "--debug" in err
    assert "Traceback" not in err


def _run_ok(capsys, *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = 0 if exc.code is None else int(exc.code)
    out = capsys.readouterr()
    return code, out.out, out.err


def _min_energy_apogee_km(range_km: float, radius_km: float = 6371.0) -> float:
    """Vacuum, spherical Earth: the minimum-energy ellipse through two points at range
    angle phi has 4a = 2R + chord (chord = 2R sin(phi/2)) and its empty focus at the
    chord's middle, so 2ae = R cos(phi/2); apogee altitude a(1 + e) - R."""
    phi = range_km / radius_km
    a = radius_km * (1 + math.sin(phi / 2)) / 2
    e = math.cos(phi / 2) / (1 + math.sin(phi / 2))
    return a * (1 + e) - radius_km


def test_invert_when_nothing_ballistic_fits_says_so(capsys):
    """800 km at a 50 km apogee is a quarter of the minimum-energy apogee for that range
    (194 km): too flat for a ballistic flight.  The output leads with that verdict and
    shows the ballistic figures only as a labelled comparison, never as the result."""
    me = _min_energy_apogee_km(800.0)
    assert 190 < me < 197 and 50 / me < 0.3
    code, out, err = _run_ok(capsys, "invert", "--lat", "39.17", "--lon", "127.48", "--range-km",
                             "800", "--apogee-km", "50", "--time-s", "200")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("No ballistic flight fits these facts: ")
    assert "too flat" in lines[0]
    cmp_at = next(i for i, ln in enumerate(lines) if ln.startswith("The impulsive ballistic flight"))
    assert "for comparison only" in lines[cmp_at]
    figures = [ln for ln in lines if ln.strip().startswith(("burnout_speed_m_s", "range_km", "apogee_km"))]
    assert figures and all(lines.index(f) > cmp_at for f in figures)
    assert "(reported 50)" in out and "(reported 800)" in out
    me_line = next(ln for ln in lines if ln.strip().startswith("min_energy_apogee_km"))
    assert abs(float(me_line.split(":")[1]) - me) < 3.0  # drag-free figure, within 3 km
    code, out, err = _run_ok(capsys, "invert", "--lat", "39.17", "--lon", "127.48", "--range-km",
                             "800", "--apogee-km", "50", "--json")
    r = json.loads(out)
    assert r["ballistic"] is False and r["verdict"].startswith("no ballistic flight fits")
    assert "range_km" not in r and "apogee_km" not in r  # not a result at the top level
    assert set(r["fitted_ballistic"]) == {"burnout_speed_m_s", "burnout_fpa_deg", "range_km",
                                          "apogee_km", "flight_time_s"}
    # near the minimum-energy apogee a ballistic flight fits: its figures are the result
    code, out, err = _run_ok(capsys, "invert", "--lat", "39.17", "--lon", "127.48", "--range-km",
                             "800", "--apogee-km", "190", "--json")
    r = json.loads(out)
    assert r["ballistic"] is True and abs(r["range_km"] - 800) < 1 and "fitted_ballistic" not in r
