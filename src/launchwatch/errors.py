"""Errors raised by launchwatch.

Every check of user input raises :class:`InputError`, whose message names the field
and the offending value, so that a caller (or the command line) can print one clear line.
"""

from __future__ import annotations

import math
import reprlib
from datetime import UTC, datetime
from typing import Any

import numpy as np


class InputError(ValueError):
    """Bad input: the message names the field and the value.

    Attributes
    ----------
    field : str
        Dotted name of the offending field (``"stages[0].propellant_mass"``).
    value : Any
        The offending value (or a short description of it for arrays).
    """

    def __init__(self, field: str, value: Any, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(one_line(f"{field}={_short(value)}: {reason}"))


#: Longest message an :class:`InputError` carries [characters]; the rest is cut.
MAX_MESSAGE = 2000

_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxtuple = 2, 4, 4, 4
_REPR.maxset, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 4, 76, 76, 40


def one_line(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` on one line (runs of white space, newlines included, become one space),
    cut to ``limit`` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class StoreError(Exception):
    """The register could not complete a write; base of :class:`StoreConflict` and
    :class:`StoreBusy` (nothing of the refused write is stored)."""


class StoreConflict(StoreError, InputError):
    """A write refused because the stored data changed under it: the round changed since
    its diff was made, or another writer stored the same round first and the retries ran
    out.  Review the new diff and write again (the web layer answers 409)."""

    def __init__(self, key: str, reason: str) -> None:
        InputError.__init__(self, "register", key, reason)


class StoreBusy(StoreError, TimeoutError):
    """The register stayed locked by another writer beyond the busy timeout; retry later
    (the web layer answers 503, the command line prints one line)."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        TimeoutError.__init__(self, f"register {url}: {reason}")


def _short(value: Any) -> str:
    """A bounded representation of ``value``: a nested or aliased structure is never
    expanded (a YAML alias bomb costs nothing here)."""
    if isinstance(value, np.ndarray):
        if value.size <= 4:
            return np.array2string(value, precision=6, separator=", ")
        return f"array(shape={value.shape})"
    if isinstance(value, np.generic):
        value = value.item()
    try:
        text = _REPR.repr(value)
    except Exception:  # a value whose __repr__ fails still gets its error reported
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


def non_finite(data: Any, root: str = "", *, allow_inf: tuple[str, ...] = (),
               first: bool = False) -> list[tuple[str, float]]:
    """The non-finite floats of a nested structure of dicts, lists and tuples (a dumped
    model, a parsed document) as ``(path, value)`` pairs, paths like ``root.a[2].b``.

    ``allow_inf``: path endings where ``+inf`` is a meaning, not an error (a lift
    phase's ``end``: "to the end of the flight"); ``first``: stop at the first one.
    The one walker of the project: scenario checks, the fuzz campaign and the contract
    tests call it.
    """
    out: list[tuple[str, float]] = []
    stack: list[tuple[str, Any]] = [(root, data)]
    while stack:
        path, v = stack.pop()
        if isinstance(v, dict):
            stack.extend((f"{path}.{k}", x) for k, x in reversed(list(v.items())))
        elif isinstance(v, list | tuple):
            stack.extend((f"{path}[{i}]", x) for i, x in reversed(list(enumerate(v))))
        elif isinstance(v, float) and not math.isfinite(v):
            if v == math.inf and allow_inf and path.endswith(allow_inf):
                continue
            out.append((path, v))
            if first:
                break
    return out


def check_finite(field: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float array, raising :class:`InputError` on NaN/inf."""
    arr = np.asarray(value, dtype=float)
    bad = ~np.isfinite(arr)
    if bad.any():
        idx = np.argwhere(bad)[0]
        where = f"[{', '.join(str(int(i)) for i in idx)}]" if arr.ndim else ""
        raise InputError(f"{field}{where}", arr[tuple(idx)] if arr.ndim else float(arr),
                         "must be a finite number")
    return arr


def check_range(field: str, value: Any, lo: float | None = None, hi: float | None = None,
                *, lo_open: bool = False) -> np.ndarray:
    """Return ``value`` as a finite float array inside ``[lo, hi]`` or raise :class:`InputError`."""
    arr = check_finite(field, value)
    if lo is not None:
        bad = arr <= lo if lo_open else arr < lo
        if bad.any():
            idx = np.argwhere(bad)[0]
            where = f"[{', '.join(str(int(i)) for i in idx)}]" if arr.ndim else ""
            rel = ">" if lo_open else ">="
            raise InputError(f"{field}{where}", float(arr[tuple(idx)] if arr.ndim else arr),
                             f"must be {rel} {lo:g}")
    if hi is not None:
        bad = arr > hi
        if bad.any():
            idx = np.argwhere(bad)[0]
            where = f"[{', '.join(str(int(i)) for i in idx)}]" if arr.ndim else ""
            raise InputError(f"{field}{where}", float(arr[tuple(idx)] if arr.ndim else arr),
                             f"must be <= {hi:g}")
    return arr


def check_utc(field: str, value: str) -> datetime:
    """Return the ISO 8601 time ``value`` (``Z`` or an offset required) as an aware UTC
    :class:`~datetime.datetime`, raising :class:`InputError` naming ``field`` otherwise."""
    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise InputError(field, value, "not an ISO 8601 time") from exc
    if t.tzinfo is None:
        raise InputError(field, value, "must carry a time zone (e.g. Z)")
    try:
        return t.astimezone(UTC)
    except OverflowError as exc:
        raise InputError(field, value, "out of the range of dates") from exc
