"""The public record built in: the facts of the CNS North Korea Missile Test Database.

The package ships the facts and figures of the CNS compilation (James Martin Center for
Nonproliferation Studies for NTI, as compiled by nagix/nk-missile-tests, Apache-2.0; the
licence and a NOTICE with the attribution sit beside the data in
``launchwatch/data/public_record``; the prose descriptions are not shipped).

* :func:`load_history` stores it in a register (a new register made by the command line
  or the demo gets it at once);
* :func:`update_history` reconciles a newer compilation with what a register holds:
  every record of the compilation is known by its ``ref`` (``cns:<date>/<n>``); the
  records of a date are matched to the stored ones by their facts (an identical record
  is unchanged; one that differs in some facts -- a corrected time, distance or type --
  is *changed*, its claims replaced and the change logged); records the new compilation
  lacks are *removed* (their claims dropped; a launch no other source speaks of goes,
  and a round left empty), new ones *added* (merged by time and site like any report).
  Running it again with the same file changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from .importers import CNS_SOURCE, cns_rows, read_rows
from .models import Change, Event, Launch
from .store import Register

__all__ = ["HistoryUpdate", "about", "history_events", "history_folder", "load_history",
           "update_history"]


def history_folder() -> Path:
    """The folder of the built-in public record (package data)."""
    return Path(str(resources.files("launchwatch") / "data" / "public_record"))


def about() -> dict[str, Any]:
    """What the built-in record is: source, licence, date of the data, record count."""
    return json.loads((history_folder() / "about.json").read_text(encoding="utf-8"))


def history_events(folder: str | Path | None = None) -> list[Event]:
    """The rounds of the public record (the built-in one, or a CNS JSON folder)."""
    from .importers import read_cns_json

    return read_cns_json(folder or history_folder())


def load_history(reg: Register) -> dict[str, int]:
    """Store the built-in public record in ``reg``; returns the write's counts."""
    from .schema import MetaRow

    info = about()
    with reg._writing() as s:  # the rounds and the mark that they are loaded: one write
        plan = reg._run(s, history_events(), write=True)
        row = s.get(MetaRow, "public_record")
        if row is None:
            row = MetaRow(key="public_record", value="")
            s.add(row)
        row.value = f"{info['name']}, data as of {info['as_of']}"
    return {k: len(v) for k, v in plan.summary().items()}


@dataclass
class HistoryUpdate:
    """Counts of a compilation update: records ``added``, ``changed``, ``removed`` and
    ``unchanged``, and the rounds touched (``keys``)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    keys: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"added": self.added, "changed": self.changed, "removed": self.removed,
                "unchanged": self.unchanged, "rounds": len(self.keys)}


_CNS = CNS_SOURCE.name.lower()


def _is_cns(c) -> bool:
    return c.source.lower() == _CNS and bool(c.ref) and c.ref.startswith("cns:")


def _facts(claims) -> dict[str, str]:
    out = {}
    for c in claims:
        out[c.field] = json.dumps(c.model_dump(mode="json", include={"value", "qualifier",
                                                                       "time_precision"}),
                                  sort_keys=True)
    return out


def _row_launch(row: dict[str, Any]) -> Launch:
    events, _ = read_rows([(0, row)], importer="cns-json", input_name="test.en.json",
                          state="North Korea", source=CNS_SOURCE)
    return events[0].launches[0]


def update_history(reg: Register, folder: str | Path) -> HistoryUpdate:
    """Reconcile the register with a (newer) CNS JSON compilation in ``folder``."""
    from sqlalchemy import select

    from ..assess.events import local_day
    from .claims import reconcile
    from .merge import copy_event
    from .merge.combine import _changes
    from .rows import event_from_rows
    from .schema import EventRow

    rows = cns_rows(folder)
    if not rows:
        raise InputError("history", str(folder), "the compilation holds no records")
    new = [(r, _row_launch(r)) for r in rows]
    now = datetime.now(UTC)
    out = HistoryUpdate()
    with reg._writing() as s:
        events = {row.key: copy_event(event_from_rows(row)) for row in s.scalars(select(EventRow))}
        stored: dict[str, tuple[str, Launch]] = {}
        for key, ev in events.items():
            for la in ev.launches:
                for c in la.claims:
                    if _is_cns(c):
                        stored.setdefault(c.ref, (key, la))
        old_facts = {ref: _facts([c for c in la.claims if c.ref == ref and _is_cns(c)])
                     for ref, (_, la) in stored.items()}
        by_date_old: dict[str, list[str]] = {}
        for ref in stored:
            by_date_old.setdefault(ref[4:].rsplit("/", 1)[0], []).append(ref)
        by_date_new: dict[str, list[int]] = {}
        for i, (r, _) in enumerate(new):
            by_date_new.setdefault(str(r["date"]), []).append(i)
        pairs: dict[int, str] = {}
        for day in set(by_date_old) | set(by_date_new):
            olds = list(by_date_old.get(day, []))
            news = list(by_date_new.get(day, []))
            nf = {i: _facts(new[i][1].claims) for i in news}
            for i in list(news):  # identical records first
                j = next((o for o in olds if old_facts[o] == nf[i]), None)
                if j is not None:
                    pairs[i] = j
                    olds.remove(j)
                    news.remove(i)
            scored = sorted(((_similar(old_facts[o], nf[i]), i, o) for i in news for o in olds),
                            reverse=True)
            for score, i, o in scored:
                if i in news and o in olds and (score >= 1 or (len(news) == 1 and len(olds) == 1)):
                    pairs[i] = o
                    news.remove(i)
                    olds.remove(o)
        touched: set[str] = set()
        matched_old = set(pairs.values())
        readd: list[Launch] = []
        for i, (_row, la_new) in enumerate(new):
            ref = pairs.get(i)
            if ref is None:
                continue
            new_claims = [c.model_copy(update={"ref": ref, "recorded": now}) for c in la_new.claims]
            if _facts(new_claims) == old_facts[ref]:
                out.unchanged += 1
                continue
            out.changed += 1
            key, la = stored[ref]
            ev = events[key]
            before = la.model_copy(deep=True)
            la.claims = [c for c in la.claims if c.ref != ref or not _is_cns(c)] + new_claims
            reconcile(la)
            if local_day(la, ev.state) != ev.local_day:
                # the corrected record belongs to another round: take it out, add it there
                la.claims = [c for c in la.claims if c.ref != ref or not _is_cns(c)]
                readd.append(_with_claims(la_new, new_claims))
                _drop_if_empty(ev, la)
                if la in ev.launches:
                    reconcile(la)
                out.details.append(f"{ref}: moved out of {key}")
            else:
                ev.changes += [c.model_copy(update={"note": f"CNS update of {ref}"})
                               for c in _changes(before, la, now, la.seq, "CNS")]
                out.details.append(f"{ref}: changed in {key}")
            touched.add(key)
        for ref, (key, la) in stored.items():
            if ref in matched_old:
                continue
            out.removed += 1
            ev = events[key]
            la.claims = [c for c in la.claims if c.ref != ref or not _is_cns(c)]
            _drop_if_empty(ev, la)
            if la in ev.launches:
                reconcile(la)
            ev.changes.append(Change(when=now, source="CNS", launch=la.seq, field="record",
                                     old_text=ref, new_text="removed",
                                     note="not in the newer compilation"))
            out.details.append(f"{ref}: removed from {key}")
            touched.add(key)
        naive = now.replace(tzinfo=None)
        for key in sorted(touched):
            ev = events[key]
            row = reg._find(s, key)
            if not ev.launches:
                if row is not None:
                    s.delete(row)
                continue
            for n, la in enumerate(sorted(ev.launches, key=lambda x: (not x.time_known, x.utc)), start=1):
                la.seq = n
            ev.launches.sort(key=lambda x: x.seq)
            reg._write(s, row, ev, naive)
        s.flush()
        # new records (and corrected ones that moved), merged like any report
        taken = {ref for ref in stored}
        adds = []
        for i, (row, la_new) in enumerate(new):
            if i in pairs:
                continue
            ref = row["ref"]
            day = ref[4:].rsplit("/", 1)[0]
            k = 1
            while ref in taken:
                k += 1
                ref = f"cns:{day}/{k}"
            taken.add(ref)
            adds.append(_with_claims(la_new, [c.model_copy(update={"ref": ref}) for c in la_new.claims]))
            out.added += 1
        adds += readd
        if adds:
            plan = reg._run(s, [Event(state="North Korea", launches=[la]) for la in adds], write=True)
            out.keys += [d.key for d in plan.diffs]
        out.keys = sorted(set(out.keys) | touched)
    if out.added or out.changed or out.removed:
        reg.set_meta("public_record_update", f"{Path(folder)} at {now:%Y-%m-%d %H:%M} UTC")
    return out


def _with_claims(la: Launch, claims) -> Launch:
    c = la.model_copy(deep=True)
    c.claims = list(claims)
    return c


def _drop_if_empty(ev: Event, la: Launch) -> None:
    if not la.claims and la in ev.launches:
        ev.launches.remove(la)


def _similar(a: dict[str, str], b: dict[str, str]) -> int:
    return sum(2 if f == "time" else 1 for f in ("time", "site", "missile_name", "distance")
               if f in a and a.get(f) == b.get(f))
