"""The bulletin's words: numbers and ordinals in words, articles, kilometres, lists, clock times,
zone names and landing areas as a sentence says them."""

from __future__ import annotations

from datetime import datetime, timedelta

_NUM = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve"]
_ORD = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
        "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
        "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
_ADJ = {"CRBM": "close-range", "SRBM": "short-range", "MRBM": "medium-range",
        "IRBM": "intermediate-range", "ICBM": "intercontinental", "SLBM": "submarine-launched"}
_BALLISTIC = set(_ADJ)


def number_words(n: int) -> str:
    """``3`` -> ``"three"`` (figures from 13 on)."""
    return _NUM[n] if 0 <= n < len(_NUM) else f"{n:,}"


def ordinal(n: int) -> str:
    """``4`` -> ``"fourth"``, ``23`` -> ``"23rd"``."""
    if 0 <= n < len(_ORD):
        return _ORD[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _article(word: str) -> str:
    w = word.lower()
    if w.startswith(("uni", "use", "one", "eu", "u-")):
        return "a"
    return "an" if w[:1] in "aeiou" else "a"


def _km(m: float) -> str:
    km = m / 1e3
    step = 1 if km < 100 else 10 if km < 2000 else 50
    return f"{round(km / step) * step:,.0f} km"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _unique(items) -> list[str]:
    out: list[str] = []
    for x in items:
        if x and x not in out:
            out.append(x)
    return out


def _hm(t: datetime) -> str:
    """Hours and minutes, rounded to the nearest minute (23:09:59.9 -> 23:10)."""
    return (t + timedelta(seconds=30)).strftime("%H:%M")


def _zone_name(t: datetime) -> str:
    z = t.strftime("%Z")
    if z and not z.startswith(("+", "-")):
        return z
    off = t.utcoffset() or timedelta(0)
    mins = int(off.total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    h, m = divmod(abs(mins), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def landing_phrase(name: str, key: str | None = None) -> str:
    """A landing area as a sentence says it: ``the Sea of Japan (East Sea)``, ``the Pacific
    Ocean``, ``North Korea``, ``near Wonsan``."""
    from ...earth.gazetteer import default_gazetteer

    if not name:
        return ""
    if name.lower().startswith(("the ", "near ", "land ")) or name[:1].isdigit():
        return name
    g = default_gazetteer()
    e = g.entries.get(key) if key else None
    e = e or g.lookup(name)
    if e is not None and e.kind == "sea":
        alias = next((a for a in e.aliases if a.lower() not in e.name.lower()
                      and a[:1].isupper() and "(" not in a and " or " not in a
                      and not a.lower().startswith(("waters", "the "))), None)
        return f"the {e.name}" + (f" ({alias})" if alias else "")
    if e is not None:
        return e.name
    return name
