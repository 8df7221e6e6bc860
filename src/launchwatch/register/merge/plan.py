"""What a merge decides and reports: the launch matches, the round's differences, the
plan of a merge, and incoming records made ready to merge."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ...assess.events import Change, Event, Launch, class_label
from ..claims import (
    format_value,
    implicit_claims,
    reconcile,
)

#: Largest time between two reports of one launch.
TOLERANCE = timedelta(minutes=10)
_BIG = 1e9
_STRENGTH = {"unconfirmed": 0, "reported": 1, "disputed": 1, "confirmed": 2}


@dataclass
class LaunchMatch:
    """How one incoming launch was placed: ``stored`` seq it joined (``None`` when added),
    ``how`` in words, the seqs it could not be told apart from (kept apart) and its seq
    in the merged round (``result``)."""

    incoming: int
    stored: int | None
    how: str
    ambiguous: list[int] = field(default_factory=list)
    result: int | None = None


@dataclass
class RoundDiff:
    """What storing one round would do.

    ``action``: ``add`` (a new round), ``merge`` (a stored round changes) or
    ``unchanged``; ``base`` the fingerprint of the stored round it was computed against
    (``None`` for a new one); ``result`` the round as it would be stored; ``matches``
    per incoming launch; ``changes`` the lines the change log gains; ``new_claims`` how
    many claims are added; ``conflicts`` per launch seq of the result, the disagreeing
    claims in words; ``flags`` findings for the analyst.
    """

    key: str
    action: str
    base: str | None
    result: Event
    matches: list[LaunchMatch] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    new_claims: int = 0
    conflicts: dict[int, dict[str, str]] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The diff in words (what the CLI prints and the ingest page shows)."""
        head = {"add": "new round", "merge": "merge into the stored round",
                "unchanged": "already stored: nothing changes"}[self.action]
        out = [f"{self.key}: {head}"]
        if self.action == "add":
            for la in self.result.launches:
                out.append(f"  + #{la.seq} {_summary(la)}")
        for m in self.matches if self.action != "add" else []:
            if m.stored is None and not m.ambiguous:
                la = next(x for x in self.result.launches if x.seq == m.result)
                out.append(f"  + #{la.seq} {_summary(la)} ({m.how})")
            elif m.ambiguous:
                out.append(f"  ? #{m.result} (incoming launch {m.incoming}): {m.how}")
            else:
                out.append(f"  = incoming launch {m.incoming} -> stored #{m.stored} ({m.how})")
        for ch in self.changes:
            if ch.field in ("event", "launch"):
                continue
            who = f"#{ch.launch} " if ch.launch is not None else ""
            out.append(f"  ~ {who}{ch.field}: {ch.old_text or '-'} -> {ch.new_text or '-'}"
                       f" ({ch.source}){' ' + ch.note if ch.note else ''}")
        if self.new_claims:
            out.append(f"  {self.new_claims} claim(s) added")
        for seq, cf in sorted(self.conflicts.items()):
            for f, text in cf.items():
                out.append(f"  ! #{seq} {f}: {text}")
        out += [f"  flag: {f}" for f in self.flags]
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (the API's ``diff``)."""
        return {"key": self.key, "action": self.action, "base": self.base,
                "matches": [{"incoming": m.incoming, "stored": m.stored, "how": m.how,
                             "ambiguous": m.ambiguous, "result": m.result} for m in self.matches],
                "changes": [c.model_dump(mode="json") for c in self.changes],
                "new_claims": self.new_claims,
                "conflicts": {str(k): v for k, v in self.conflicts.items()},
                "flags": list(self.flags), "lines": self.lines()}


@dataclass
class MergePlan:
    """The diffs of a batch of rounds, in order; ``id`` fingerprints the whole plan (the
    web page sends it back to commit exactly what it showed)."""

    diffs: list[RoundDiff]

    @property
    def id(self) -> str:
        """Digest of what the plan does, without the times of recording: the same input
        on the same register gives the same id."""
        h = hashlib.sha256()
        for d in self.diffs:
            h.update(d.key.encode())
            h.update(d.action.encode())
            h.update((d.base or "").encode())
            h.update(json.dumps(_timeless(d.result.model_dump(mode="json", exclude={"changes"})),
                                sort_keys=True).encode())
        return h.hexdigest()[:32]

    def summary(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {"added": [], "merged": [], "unchanged": []}
        seen: dict[str, str] = {}
        for d in self.diffs:
            prev = seen.get(d.key)
            act = {"add": "added", "merge": "merged", "unchanged": "unchanged"}[d.action]
            if prev is None:
                seen[d.key] = act
            elif prev == "unchanged" and act == "merged":
                seen[d.key] = act
        for k, a in seen.items():
            out[a].append(k)
        return out

    def lines(self) -> list[str]:
        return [line for d in self.diffs for line in d.lines()]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, **{k: len(v) for k, v in self.summary().items()},
                "rounds": [d.as_dict() for d in self.diffs]}


def _timeless(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _timeless(v) for k, v in obj.items() if k not in ("recorded", "when")}
    if isinstance(obj, list):
        return [_timeless(v) for v in obj]
    return obj


def fingerprint(ev: Event | None) -> str:
    """A digest of a stored round's content (what a diff was computed against)."""
    if ev is None:
        return ""
    data = ev.model_dump_json(exclude={"changes"})
    return hashlib.sha256(data.encode()).hexdigest()[:32]


# -- preparing incoming records ---------------------------------------------------------------
def copy_launch(la: Launch) -> Launch:
    """A copy of a launch whose lists are its own (claims, places and sources are
    replaced, never changed in place, so they may be shared): much cheaper than a deep
    copy of every claim."""
    return la.model_copy(update={"claims": list(la.claims), "sources": list(la.sources),
                                 "flags": list(la.flags),
                                 "possible_duplicate_of": list(la.possible_duplicate_of)})


def copy_event(ev: Event) -> Event:
    """A copy of an event made with :func:`copy_launch`."""
    return ev.model_copy(update={"launches": [copy_launch(la) for la in ev.launches],
                                 "changes": list(ev.changes), "aliases": list(ev.aliases)})


def prepare(ev: Event, now: datetime) -> list[Event]:
    """An incoming event with claims on every launch, split into rounds (local days)."""
    ev = copy_event(ev)
    for la in ev.launches:
        la.claims = [c if c.recorded is not None else c.model_copy(update={"recorded": now})
                     for c in la.claims] + implicit_claims(la, when=now)
        reconcile(la)
    return ev.rounds()


def _summary(la: Launch) -> str:
    when = (la.utc.strftime("%Y-%m-%d %H:%M UTC") if la.time_known else
            la.utc.strftime({"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[la.date_precision])
            + " (time not reported)")
    bits = [when, la.site.name or "site unknown", la.missile_name or class_label(la.missile_class)]
    if la.count != 1:
        bits.append(f"x{la.count}")
    if la.distance is not None:
        bits.append(format_value("distance", la.distance))
    return ", ".join(bits)
