"""The command line's error contract: every input or usage error is one line on stderr
with exit code 2; the trace only with --debug; an internal error is one line, exit 1."""

from __future__ import annotations

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
