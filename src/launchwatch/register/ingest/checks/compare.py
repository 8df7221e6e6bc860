"""The report's round claims checked against a register's own round numbering
(:meth:`launchwatch.register.Register.round_number`); a disagreement is flagged with both
numbers.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from .claims import _SITE, RoundClaim

__all__ = ["check_claims"]


def _local_day(ev: Any) -> date:
    return ev.start.astimezone(_SITE).date()


def check_claims(claims: list[RoundClaim], event: Any, register: Any, flags: list[str]) -> None:
    """Compare each claim with ``register`` (a :class:`~launchwatch.register.Register`) for
    the draft ``event``; sets ``check``/``agrees`` and flags disagreements."""
    if event is None or register is None or not claims:
        return
    day = _local_day(event)
    state = event.state
    y0 = datetime.combine(date(day.year, 1, 1), time(0), tzinfo=_SITE).astimezone(UTC)
    upto = datetime.combine(day + timedelta(days=1), time(0), tzinfo=_SITE).astimezone(UTC)
    try:
        history = [
            ev
            for ev in register.events(start=y0 - timedelta(days=400), end=upto)
            if (state is None or ev.state == state) and not getattr(ev, "simulated", False)
        ]
    except Exception as exc:  # a register that cannot answer: say so, check nothing
        flags.append(f"round claims not checked: the register could not be read ({exc})")
        return
    history.sort(key=lambda ev: ev.start)
    this_key = next((ev.key for ev in history if _local_day(ev) == day), None)
    before = [ev for ev in history if _local_day(ev) < day]

    def round_of_this() -> int | None:
        try:
            if this_key is not None:
                return register.round_number(this_key)[0]
            prev = [ev for ev in before if _local_day(ev).year == day.year]
            if not prev:
                return 1
            n, year = register.round_number(prev[-1].key)
            return n + 1 if year == day.year else 1
        except Exception:
            return None

    for c in claims:
        if c.condition:
            c.check = "a claim with a condition: not checked against rounds"
            continue
        if c.n is not None and c.period == "year" and c.what is None:
            n = round_of_this()
            if n is None:
                continue
            c.agrees = n == c.n
            c.check = f"the register counts this as round {n} of {day.year}"
        elif (c.n is not None and c.period in ("year", "month", "week")) or (
            c.n is not None and c.period and c.period.startswith("P")
        ):
            if c.period == "year":
                lo = date(day.year, 1, 1)
            elif c.period == "month":
                lo = date(day.year, day.month, 1)
            elif c.period == "week":
                # the calendar week as Korean, Japanese and US calendars print it, Sunday first
                # ("이번 주 들어 두 번째" on a Wednesday counts the Sunday before)
                lo = day - timedelta(days=(day.weekday() + 1) % 7)
            else:
                k = int(re.sub(r"\D", "", c.period))
                unit = c.period[-1]
                lo = day - timedelta(days=k * {"D": 1, "W": 7, "M": 30}[unit] - 1)
            rounds = [ev for ev in before if lo <= _local_day(ev)]
            if c.what is not None:
                rounds = [ev for ev in rounds if c.what in ev.classes]
            n = len(rounds) + 1
            c.agrees = n == c.n
            scope = f"{c.what} rounds" if c.what else "rounds"
            c.check = f"the register has {n - 1} earlier {scope} in that period: this is number {n}"
        elif c.since is not None:
            prev = [ev for ev in before if c.what is None or c.what in ev.classes]
            if not prev:
                c.check = "the register has no earlier round to compare with"
                continue
            last = _local_day(prev[-1])
            parts = [int(x) for x in c.since.split("-")]
            key = (last.year, last.month, last.day)[: len(parts)]
            c.agrees = tuple(parts) == key
            c.check = (
                f"the register's previous {c.what + ' ' if c.what else ''}round is {prev[-1].key} ({last})"
            )
        else:
            continue
        if c.agrees is False:
            flags.append(f"the report says {c.text.strip()!r}; {c.check}")
