"""Scoring the reader against reports annotated by hand (``bench/bench_ingest.py``).

A corpus is a folder of YAML files, one report each::

    id: h01
    style: Yonhap English; a dateline without a year      # free text
    given_date: null              # the date given to the reader (--date), or null
    text: |
      N. Korea fires IRBM over Japan ...
    gold:                          # every field the report states; a field left out is not stated
      report_date: 2022-10-04      # (not scored when given_date is set)
      launch_date: 2022-10-04      # local calendar day at the launch site
      times_utc: ["2022-10-03T22:23"]
      state: North Korea
      site: mupyong-ni             # a gazetteer key (or a name the gazetteer lacks)
      landing: pacific-ocean
      distance_km: 4500            # or {low: 70, high: 200} for an interval
      apogee_km: 970
      flight_time_s: 1320
      count: 1                     # or count_min: 3 for "at least three" / "several"
      missile_class: IRBM
      missile_name: Hwasong-12
      outcome: failure
      bearing_deg: 90
      reporters: [Yonhap, South Korea Joint Chiefs of Staff]
      claims:                      # each agency's own figures: [source, field, value]
        - [South Korea Joint Chiefs of Staff, distance_km, 4500]
      round_claims:                # the report's claims of its place in the record
        - {n: 5, period: P10D}     # or {n: 4, period: year, class: ICBM}, {since: 2017-09}

Each stated item is **right**, **wrong** or **missing**; a value the reader gives for a
field the report does not state, and an extra item of a list field (a launch time, a
reporter, a claim that is not in the gold), is **wrong** too.  Accuracy is right over
stated; the wrong rate is wrong over all items judged (right + wrong + missing).
Tolerances: times to the minute, figures to 1 % (0.5 km; 30 s), bearings to 22.5 deg.
Claims are scored for agencies only (an outlet's own words are not an agency's claim),
for distance, apogee, flight time, class and outcome.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .draft import Draft, ingest_text

__all__ = ["FIELD_ORDER", "Tally", "load_corpus", "score_corpus", "score_report"]

FIELD_ORDER = (
    "report_date",
    "launch_date",
    "times",
    "state",
    "site",
    "landing",
    "distance",
    "apogee",
    "flight_time",
    "count",
    "count_min",
    "missile_class",
    "missile_name",
    "outcome",
    "bearing",
    "reporters",
    "claims",
    "round_claims",
)
_CLAIM_FIELDS = {
    "distance_km": "distance",
    "apogee_km": "apogee",
    "flight_time_s": "flight_time",
    "missile_class": "missile_class",
    "outcome": "outcome",
}
_OUTLETS = {
    "Yonhap",
    "Reuters",
    "Associated Press",
    "Kyodo",
    "Jiji Press",
    "NHK",
    "AFP",
    "unattributed report",
}


@dataclass
class Tally:
    """Right, wrong and missing items per field, and a list of what went wrong."""

    right: dict[str, int] = field(default_factory=dict)
    wrong: dict[str, int] = field(default_factory=dict)
    missing: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, kind: str, n: int = 1, note: str = "") -> None:
        d = {"right": self.right, "wrong": self.wrong, "missing": self.missing}[kind]
        d[name] = d.get(name, 0) + n
        if note and kind != "right":
            self.notes.append(f"{name} {kind}: {note}")

    def merge(self, other: Tally) -> None:
        for k in ("right", "wrong", "missing"):
            mine, theirs = getattr(self, k), getattr(other, k)
            for f, n in theirs.items():
                mine[f] = mine.get(f, 0) + n
        self.notes.extend(other.notes)

    def totals(self) -> tuple[int, int, int]:
        return sum(self.right.values()), sum(self.wrong.values()), sum(self.missing.values())

    def accuracy(self) -> float:
        r, _w, m = self.totals()
        stated = r + m + sum(self.wrong.get(f, 0) for f in self.wrong) - self._spurious
        return r / stated if stated else math.nan

    _spurious: int = 0


def load_corpus(folder: str | Path) -> list[dict[str, Any]]:
    """The reports of a corpus folder (``*.yaml``), in file-name order."""
    import yaml

    out = []
    for p in sorted(Path(folder).glob("*.yaml")):
        doc = yaml.safe_load(p.read_text(encoding="utf-8"))
        doc["_file"] = p.name
        out.append(doc)
    return out


def _close(a: float, b: float, rel: float, absol: float) -> bool:
    return abs(a - b) <= max(rel * abs(b), absol)


def _as_date(v: Any) -> date | None:
    if v is None:
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def score_report(report: dict[str, Any], draft: Draft | None = None) -> tuple[Tally, int]:
    """Score one report: ``(tally, stated items)``."""
    gold = report.get("gold") or {}
    given = _as_date(report.get("given_date"))
    if draft is None:
        draft = ingest_text(report["text"], report_date=given, reconstruct=False)
    f = draft.fields
    t = Tally()
    stated = 0
    rid = report.get("id", report.get("_file", "?"))

    def single(name: str, gold_v: Any, got: Any, same) -> None:
        nonlocal stated
        if gold_v is None:
            if got is not None:
                t.add(name, "wrong", note=f"{rid}: not stated, read {got!r}")
            return
        stated += 1
        if got is None:
            t.add(name, "missing", note=f"{rid}: {gold_v!r}")
        elif same(gold_v, got):
            t.add(name, "right")
        else:
            t.add(name, "wrong", note=f"{rid}: {gold_v!r} read as {got!r}")

    def val(name: str) -> Any:
        x = f.get(name)
        return None if x is None else x.value

    if given is None:
        single(
            "report_date",
            _as_date(gold.get("report_date")),
            val("report_date"),
            lambda a, b: a == _as_date(b),
        )
    single(
        "launch_date", _as_date(gold.get("launch_date")), val("launch_date"), lambda a, b: a == _as_date(b)
    )
    # launch times
    gold_times = [datetime.fromisoformat(str(x).replace("Z", "")) for x in gold.get("times_utc") or []]
    got_times = [x.value.replace(tzinfo=None) for x in f.get("times") or []]
    used: set[int] = set()
    for g in gold_times:
        stated += 1
        k = next(
            (i for i, x in enumerate(got_times) if i not in used and abs((x - g).total_seconds()) <= 60), None
        )
        if k is None:
            t.add("times", "missing", note=f"{rid}: {g:%Y-%m-%d %H:%M}")
        else:
            used.add(k)
            t.add("times", "right")
    for i, x in enumerate(got_times):
        if i not in used:
            t.add("times", "wrong", note=f"{rid}: extra {x:%Y-%m-%d %H:%M}")
    single("state", gold.get("state"), val("state"), lambda a, b: a == b)

    def place_same(a: str, b: Any) -> bool:
        return b.key == a or (b.key is None and a.lower() in b.name.lower())

    single("site", gold.get("site"), val("site"), place_same)
    single("landing", gold.get("landing"), val("landing"), place_same)
    for name, key, scale in (
        ("distance", "distance_km", 1e3),
        ("apogee", "apogee_km", 1e3),
        ("flight_time", "flight_time_s", 1.0),
    ):
        g = gold.get(key)
        x = f.get(name)

        def same(g: Any, _v: Any, x=x, scale=scale) -> bool:
            if isinstance(g, dict):
                return (
                    x.low is not None
                    and x.high is not None
                    and _close(x.low / scale, g["low"], 0.01, 0.5)
                    and _close(x.high / scale, g["high"], 0.01, 0.5)
                )
            tol = 30.0 if scale == 1.0 else 0.5
            return _close(x.value / scale, float(g), 0.01, tol)

        single(name, g, None if x is None else x.value, same)
    single("count", gold.get("count"), val("count"), lambda a, b: int(a) == int(b))
    single("count_min", gold.get("count_min"), val("count_min"), lambda a, b: int(a) == int(b))
    classes = f.get("missile_class") or []
    single(
        "missile_class", gold.get("missile_class"), classes[0].value if classes else None, lambda a, b: a == b
    )
    single("missile_name", gold.get("missile_name"), val("missile_name"), lambda a, b: a == b)
    single("outcome", gold.get("outcome"), val("outcome"), lambda a, b: a == b)
    single(
        "bearing",
        gold.get("bearing_deg"),
        val("bearing"),
        lambda a, b: abs((math.degrees(b) - float(a) + 180) % 360 - 180) <= 22.5,
    )
    # lists: reporters, claims, round claims
    got_rep = [x.value for x in f.get("reporters") or []]
    for g in gold.get("reporters") or []:
        stated += 1
        t.add("reporters", "right" if g in got_rep else "missing", note=f"{rid}: {g}")
    for x in got_rep:
        if x not in (gold.get("reporters") or []):
            t.add("reporters", "wrong", note=f"{rid}: extra {x}")
    got_claims = [
        c.value
        for c in f.get("claims") or []
        if c.value["field"] in _CLAIM_FIELDS.values() and c.value["source"] not in _OUTLETS
    ]
    matched: set[int] = set()
    for src, fld, gv in gold.get("claims") or []:
        stated += 1
        want = _CLAIM_FIELDS[fld]
        k = None
        for i, c in enumerate(got_claims):
            if i in matched or c["source"] != src or c["field"] != want:
                continue
            # gold gives km and s, claims m and s; a flight time is judged to 30 s
            scale, slack = (1.0, 30.0) if want == "flight_time" else (1e3, 0.5)
            if want in ("missile_class", "outcome"):
                ok = c["value"] == gv
            elif isinstance(gv, dict):
                ok = c.get("qualifier") == "interval" and any(
                    _close(v / scale, gv["low"], 0.01, slack)
                    for v in [next((x.low for x in f["claims"] if x.value is c), c["value"])]
                )
                ok = ok or _close(c["value"] / scale, (gv["low"] + gv["high"]) / 2, 0.01, slack)
            else:
                ok = _close(c["value"] / scale, float(gv), 0.01, slack)
            if ok:
                k = i
                break
        if k is None:
            t.add("claims", "missing", note=f"{rid}: {src} {fld} {gv}")
        else:
            matched.add(k)
            t.add("claims", "right")
    for i, c in enumerate(got_claims):
        if i not in matched:
            t.add("claims", "wrong", note=f"{rid}: extra {c['source']} {c['field']} {c['value']}")
    got_rc = [c.value for c in f.get("round_claims") or []]
    used_rc: set[int] = set()
    for g in gold.get("round_claims") or []:
        stated += 1
        k = None
        for i, c in enumerate(got_rc):
            if i in used_rc:
                continue
            if (
                "n" in g
                and c.get("n") == g["n"]
                and c.get("period") == g.get("period")
                and c.get("class") == g.get("class")
            ):
                k = i
            elif "since" in g and str(c.get("since")) == str(g["since"]) and c.get("class") == g.get("class"):
                k = i
            if k is not None:
                break
        if k is None:
            t.add("round_claims", "missing", note=f"{rid}: {g}")
        else:
            used_rc.add(k)
            t.add("round_claims", "right")
    for i, c in enumerate(got_rc):
        if i not in used_rc:
            t.add("round_claims", "wrong", note=f"{rid}: extra {c}")
    return t, stated


def score_corpus(reports: Iterable[dict[str, Any]]) -> tuple[Tally, int]:
    """Score every report: ``(tally, stated items)`` summed."""
    total = Tally()
    stated = 0
    for r in reports:
        t, n = score_report(r)
        total.merge(t)
        stated += n
    return total, stated
