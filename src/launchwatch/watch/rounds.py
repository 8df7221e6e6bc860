"""The watch engine's rounds role: rounds opened and closed, draft and final bulletins,
the register's numbering, and the open round kept for a restart.

:class:`RoundsRole` is one of the roles :class:`~launchwatch.watch.engine.WatchEngine` is
made of; it owns ``round_open``, ``opened_at``, ``last_active``, ``draft``, ``finals`` and
``timeline``; the facts it groups come from
:class:`~launchwatch.watch.tracks.TrackingRole`.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from datetime import datetime, timedelta

import numpy as np

from .notices import Notice, _num

__all__ = ["RoundsRole"]

_META_OPEN = "watch.open"  # the register's meta key of the open round


def _facts_json(f) -> dict:
    d = asdict(f)
    d["time"] = f.time.isoformat()
    return d


def _facts_from(d: dict):
    from ..assess.events import LaunchFacts

    d = dict(d)
    d["time"] = datetime.fromisoformat(d["time"])
    return LaunchFacts(**d)


class RoundsRole:
    """Rounds, bulletins and the register (a role of the watch engine)."""

    def _round_state(self) -> dict:
        return {"open": self.round_open, "opened_s": _num(self.opened_at),
                "opened_utc": self._utc(self.opened_at), "quiet_s": self.config.quiet,
                "last_active_s": _num(self.last_active), "launches": len(self.round_facts),
                "draft": self.draft, "finals": self.finals, "resumed": self._resumed}

    def _note(self, kind: str, data: dict) -> None:
        """Publish a round or bulletin notice and keep it on the round's timeline."""
        what = (f"round {data['state']}" if kind == "round" else f"{data['status']} bulletin")
        self.timeline.append({"utc": data.get("utc"), "clock_s": data.get("clock_s"), "what": what})
        del self.timeline[:-1000]
        self.publish(Notice(kind, data))

    def _open_round(self, t: float) -> None:
        self.round_open = True
        self.opened_at = t
        self._note("round", {"state": "open", "clock_s": _num(t), "utc": self._utc(t)})
        self._issue_draft()

    def _provisional(self) -> list:
        """Launch facts of the tracks in flight, from the picture (drafts only)."""
        from ..assess.events import LaunchFacts
        from ..assess.places import describe_launch_area

        out = []
        for lv in self.live.values():
            if lv.facts is not None:
                out.append(lv.facts)
                continue
            la = lv.launch
            if la is not None:
                out.append(LaunchFacts(time=self.epoch + timedelta(seconds=la["time"]), lat=la["lat"],
                                       lon=la["lon"], launch_area=describe_launch_area(la["lat"], la["lon"]),
                                       launch_error_m=la["semi_major"], time_error_s=la["time_sigma"],
                                       track_id=str(self.offset + lv.tid)))
        return out

    def _events(self, facts: list) -> list:
        from ..assess.events import group_launches

        return group_launches(facts, software=self.software, input_name=self.input_name)

    def _numbers(self, events: list) -> list[int | None]:
        """Round numbers the events have (or would have) in the register."""
        if self.register is None:
            return [None] * len(events)
        from ..register import Register

        out: list[int | None] = []
        with Register(self.register) as reg:
            keys = set(reg.keys())
            for ev in events:
                if not ev.state:
                    out.append(None)
                elif ev.key in keys:
                    out.append(reg.round_number(ev.key)[0])
                else:
                    earlier = [e for e in reg.events(year=ev.year) if e.state == ev.state
                               and not e.simulated and e.local_day < ev.local_day]
                    out.append(len(earlier) + 1)
        return out

    def _issue_draft(self) -> None:
        from ..assess.bulletin import bulletin

        facts = self._merged(self.round_facts + self._provisional())
        events = self._events(facts) if facts else []
        numbers = self._numbers(events) if events else []
        texts = [bulletin(ev, round_of_year=n, live=True) for ev, n in zip(events, numbers, strict=True)]
        if not texts:
            texts = [f"Round opened at {self._utc(self.opened_at)}: {len(self.live)} track"
                     f"{'s' * (len(self.live) != 1)} confirmed; launch point not yet estimated."]
        sig = json.dumps(texts)
        self._draft_at = self.clock
        if sig == self._draft_sig:
            self._save_open()  # the clock it reached, for a restart
            return
        self._draft_sig = sig
        self.draft = [{"key": ev.key, "round_of_year": n, "text": t} for ev, n, t in
                      zip(events, numbers, texts, strict=False)] or [{"key": None, "round_of_year": None,
                                                                      "text": texts[0]}]
        self._note("bulletin", {"status": "draft", "bulletins": self.draft,
                                "clock_s": _num(self.clock), "utc": self._utc(self.clock)})
        self._save_open()

    def _merged(self, facts: list) -> list:
        """Facts with one per missile: a resumed round's launch seen again by a new track
        (launch times within 3 combined sigmas + 2 s and points within the combined 95 %
        radii + 5 km) keeps the better-located of the two."""
        from ..earth.geodesic import geodesic_inverse

        out: list = []
        for f in sorted(facts, key=lambda f: f.time):
            same = None
            for i, g in enumerate(out):
                st = math.sqrt(np.nan_to_num(f.time_error_s) ** 2 + np.nan_to_num(g.time_error_s) ** 2)
                if abs((f.time - g.time).total_seconds()) > 3 * st + 2.0:
                    continue
                d = float(geodesic_inverse(f.lat, f.lon, g.lat, g.lon)[0])
                if d <= np.nan_to_num(f.launch_error_m) + np.nan_to_num(g.launch_error_m) + 5e3:
                    same = i
                    break
            if same is None:
                out.append(f)
            elif np.nan_to_num(f.launch_error_m, nan=math.inf) < np.nan_to_num(out[same].launch_error_m,
                                                                                 nan=math.inf):
                out[same] = f
        return out

    def _close_round(self) -> None:
        from ..assess.bulletin import bulletin, bulletin_json

        facts = self._merged(self.round_facts)
        keys = {ev.key for ev in self._events(facts)} if facts else set()
        every = self._merged(self.session_facts)
        events = [ev for ev in self._events(every) if ev.key in keys] if every else []
        numbers: list[int | None] = [None] * len(events)
        if events and self.register is not None:
            from ..pipeline import store_rounds
            from ..register import Register

            _, numbers = store_rounds(events, self.register)
            # the round as the register now holds it: with a reopened round's earlier launches
            with Register(self.register) as reg:
                events = [reg.get(ev.key) for ev in events]
        finals = [{"key": ev.key, "round_of_year": n, "text": bulletin(ev, round_of_year=n, live=True),
                   "json": bulletin_json(ev, round_of_year=n, live=True)}
                  for ev, n in zip(events, numbers, strict=True)]
        if not finals:
            finals = [{"key": None, "round_of_year": None, "json": None,
                       "text": f"Round opened at {self._utc(self.opened_at)} closed: no launch could "
                               "be assessed from the tracks."}]
        self.finals = [*(f for f in self.finals if f["key"] not in keys), *finals]
        self.round_open = False
        self.round_facts = []
        self.draft = []
        self._draft_sig = ""
        self._note("bulletin", {"status": "final", "bulletins": finals,
                                "clock_s": _num(self.clock), "utc": self._utc(self.clock)})
        self._note("round", {"state": "closed", "clock_s": _num(self.clock),
                             "utc": self._utc(self.clock), "keys": sorted(keys)})
        self._save_open(closed=True)

    def _save_open(self, closed: bool = False) -> None:
        """Keep the open round (or its absence) in the register's meta table."""
        if self.register is None:
            return
        from ..register import Register

        state = "" if closed else json.dumps({
            "epoch": self.epoch.isoformat() if self.epoch else None, "opened_s": self.opened_at,
            "last_active_s": self.last_active, "clock_s": self.clock,
            "id_offset": self.offset + self.max_id + 1,
            "facts": [_facts_json(f) for f in self.round_facts], "draft": self.draft})
        with Register(self.register) as reg:
            reg.set_meta(_META_OPEN, state)

    def _resume(self) -> None:
        from ..register import Register

        with Register(self.register) as reg:
            text = reg.meta().get(_META_OPEN, "")
        if not text:
            return
        st = json.loads(text)
        epoch = datetime.fromisoformat(st["epoch"]) if st.get("epoch") else None
        if self.epoch is None:
            self.epoch = epoch
        shift = (epoch - self.epoch).total_seconds() if epoch and self.epoch else 0.0
        self.round_open = True
        self._resumed = True
        self.opened_at = float(st["opened_s"]) + shift
        self.last_active = float(st["last_active_s"]) + shift
        self.offset = int(st.get("id_offset", 0))
        self.round_facts = [_facts_from(d) for d in st.get("facts", [])]
        self.session_facts = list(self.round_facts)
        self.draft = st.get("draft", [])
