"""What every parser's property test asserts, and the test sizes.

The contract: a parser given any input either succeeds, storing only finite, in-range
values, or raises :class:`~launchwatch.errors.InputError` whose message is one line
naming the field; nothing else escapes.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings

from launchwatch.errors import InputError


def quick(n: int) -> settings:
    """``n`` examples normally; the loaded profile's size under ``--hypothesis-profile long``."""
    base = settings.default
    return settings(max_examples=max(n, base.max_examples) if base.max_examples > 100 else n,
                    deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                          HealthCheck.data_too_large,
                                                          HealthCheck.filter_too_much])


def assert_clean(exc: InputError) -> None:
    """An input error is one line, names a field (``field=value: reason``), and is short."""
    text = str(exc)
    assert "\n" not in text, text
    assert "=" in text and ":" in text, text
    assert exc.field, text
    assert len(text) <= 400, text


def non_finite(data: Any, path: str = "", allow: tuple[str, ...] = ()) -> list[str]:
    """Paths of the non-finite floats in a nested structure (``allow``: path endings that
    may be +inf): :func:`launchwatch.errors.non_finite`."""
    from launchwatch.errors import non_finite as walk

    return [p for p, _v in walk(data, path, allow_inf=allow)]


#: Values a hostile user puts in a field: wrong types, non-finite and huge numbers,
#: out-of-range dates, markup, empty containers.
HOSTILE = [None, True, "", "x", "<svg/onload=alert(1)>", "nan", "inf", "-inf", "1e999",
           float("nan"), float("inf"), -float("inf"), 0, -1, 1e308, -1e308, 2**31, 2**63,
           10**30, -(10**30), 10_000_000, 1e-320, [], {}, [1], [1, 2, 3], [2, 1],
           [-1e308, 1e308], {"a": 1}, "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
           "2025-05-08", "2025-13-45T99:00:00Z", "２０２５", "\x00", "\ud7ff" * 3]
