"""The watch engine's picture role: what the live page shows, once a ``tick``.

:class:`PictureRole` is one of the roles :class:`~launchwatch.watch.engine.WatchEngine` is
made of: the light ``tracks`` event, the full ``picture`` (state figures for all tracks in
one batch; launch, impact and assessment figures kept with each track and rebuilt only with
a new result), impact predictions asked for and taken (:mod:`.impacts`), the alerts of the
seas and land an ellipse reaches, and each sensor's health.
"""

from __future__ import annotations

import math
import time as _time
from datetime import timedelta
from typing import Any

import numpy as np

from .assessor import LOS_LOOKBACK_S
from .notices import Notice, _col, _num
from .tracks import _Live

__all__ = ["PictureRole"]

_REENTRY_ALT = 100e3  # [m] a descending track below this is in re-entry


class PictureRole:
    """The live picture, impacts, alerts and sensor health (a role of the watch engine)."""

    def _states(self):
        tr = self.tracker
        if tr is None or not self.live:
            return None
        d = tr.tracks()
        return d if len(d["id"]) else None

    def _tracks_light(self) -> dict:
        """Every confirmed track's position and speed (the ``tracks`` event), one batch."""
        from ..earth.frames import ecef2geodetic

        d = self._states()
        out: list[dict] = []
        if d is not None:
            x = d["x"]
            lat, lon, alt = ecef2geodetic(x[:, :3])
            deg = 180.0 / math.pi
            keys = ("id", "lat", "lon", "alt_km", "speed_m_s")
            cols = ((d["id"] + self.offset).tolist(), _col(lat, deg, 4), _col(lon, deg, 4),
                    _col(alt, 1e-3, 1), _col(np.linalg.norm(x[:, 3:6], axis=1), 1, 0))
            out = [dict(zip(keys, v, strict=True)) for v in zip(*cols, strict=True)]
        return {"clock_s": _num(self.clock, 1, 2), "tracks": out}

    def _tick(self, final: bool = False) -> None:
        if math.isfinite(self.clock):  # lines of sight no flying or future track can need
            first = min((lv.first_t for lv in self.live.values()), default=self.clock)
            self.irlog.prune(min(first, self.clock) - LOS_LOOKBACK_S - 1.0)
        pic = self.picture()
        self.publish(Notice("picture", pic))
        if self.round_open and not final:
            if (self.clock - self.last_active > self.config.quiet and not self.live
                    and not self.busy):
                self._close_round()
            elif self.clock - self._draft_at >= self.config.draft_every:
                self._issue_draft()

    def picture(self) -> dict:
        """The current picture (what the live page shows), JSON-ready.

        Per track: the state's figures, computed for all tracks at once; the launch,
        impact and assessment figures kept with the track (:attr:`_Live.static`) and
        rebuilt only when a new result came in.  Impact predictions are asked for here
        (:meth:`_ask_impacts`) and taken when ready (:meth:`_impacts`)."""
        from ..earth.frames import ecef2geodetic

        deg = 180.0 / math.pi
        tracks = []
        d = self._states()
        if d is not None:
            x, P, mu, ids = d["x"], d["P"], d["mu"], d["id"].tolist()
            lat, lon, alt = ecef2geodetic(x[:, :3])
            up = x[:, :3] / np.linalg.norm(x[:, :3], axis=1, keepdims=True)
            vz = np.einsum("ij,ij->i", up, x[:, 3:6])
            models = list(self.tracker_config.models)
            boost = np.abs(x[:, 7]) >= 3.0 if x.shape[1] > 7 else np.zeros(len(ids), bool)
            if "boost" in models:
                boost |= mu[:, models.index("boost")] >= 0.5
            phase = np.where(boost, "boost", np.where((vz < 0) & (alt < _REENTRY_ALT), "re-entry",
                                                      "coast"))
            coast = np.flatnonzero((phase != "boost") & (alt > 1000.0))
            self._ask_impacts(ids, coast, x, P)
            self._assess_some(ids)
            lives = [self.live[t] for t in ids]
            self._statics([lv for lv in lives if lv.static is None])
            t_imp = np.array([lv.impact["time"] if lv.impact else math.nan for lv in lives])
            t_pred = np.array([lv.impact["t"] if lv.impact else math.nan for lv in lives])
            conf = np.array([self.tracker.confirmed_at.get(t, math.nan) for t in ids])
            cols = {"id": (np.asarray(ids) + self.offset).tolist(),
                    "lat": _col(lat, deg, 4), "lon": _col(lon, deg, 4), "alt_km": _col(alt, 1e-3, 1),
                    "speed_m_s": _col(np.linalg.norm(x[:, 3:6], axis=1), 1, 0),
                    "climb_m_s": _col(vz, 1, 0), "phase": phase.tolist(),
                    "kappa": _col(x[:, 6], 1, 7) if x.shape[1] > 6 else [None] * len(ids),
                    "confirmed_s": _col(conf, 1, 1)}
            dyn = {"time_to_impact_s": _col(t_imp - self.clock, 1, 0),
                   "impact_age_s": _col(self.clock - t_pred, 1, 1)}
            keys = list(cols)
            for k, vals in enumerate(zip(*cols.values(), strict=True)):
                row = dict(zip(keys, vals, strict=True))
                lv = lives[k]
                row.update(lv.static)
                if lv.impact is not None:
                    row["time_to_impact_s"] = dyn["time_to_impact_s"][k]
                    row["impact_age_s"] = dyn["impact_age_s"][k]
                tracks.append(row)
        return {"clock_s": _num(self.clock, 1, 2), "clock_utc": self._utc(self.clock),
                "epoch": self.epoch.isoformat() if self.epoch else None,
                "tracks": tracks, "sensors": self._sensor_health(), "counts": dict(self.counts),
                "buffer": {"held": len(self.buffer), "window_s": self.config.window,
                           "max_lateness_s": _num(self.buffer.max_lateness, 1, 2)},
                "last_error": self.last_error,
                "round": self._round_state(), "ended_tracks": len(self.assessments),
                "assessing": self.pending_finals,
                "alerts": self.alerts[-50:], "timeline": self.timeline[-200:]}

    def _statics(self, lives: list[_Live]) -> None:
        """The page's figures of tracks with a new launch, impact or assessment: range and
        class from the launch point to the predicted impact, one geodesic batch."""
        from ..assess.events import classify_range
        from ..earth.geodesic import geodesic_inverse

        if not lives:
            return
        deg = 180.0 / math.pi
        both = [lv for lv in lives if lv.launch is not None and lv.impact is not None]
        rng = {}
        if both:
            r = geodesic_inverse(np.array([lv.launch["lat"] for lv in both]),
                                 np.array([lv.launch["lon"] for lv in both]),
                                 np.array([lv.impact["lat"] for lv in both]),
                                 np.array([lv.impact["lon"] for lv in both]))[0]
            rng = {id(lv): float(v) for lv, v in zip(both, np.atleast_1d(r), strict=True)}
        for lv in lives:
            st: dict[str, Any] = {}
            la = lv.launch
            if la is not None:
                st.update(launch_lat=_num(la["lat"], deg, 4), launch_lon=_num(la["lon"], deg, 4),
                          launch_utc=self._utc(la["time"]), launch_time_sigma_s=_num(la["time_sigma"]),
                          launch_95_km=_num(la["semi_major"], 1e-3, 2),
                          launch_determined=bool(la.get("determined", True)))
            im = lv.impact
            if im is not None:
                st.update(im["fields"])
                st["impact_utc"] = self._utc(im["time"])
                st["ellipse"] = im["ellipse"]
                st["reaches"] = sorted({p[1] for p in lv.places if p[0] == "sea"} |
                                       {f"land {p[1]}" for p in lv.places if p[0] == "land"})
            if id(lv) in rng:
                st["range_km"] = _num(rng[id(lv)], 1e-3)
                st["class"] = str(classify_range(rng[id(lv)]))
            a = lv.assessment
            if a is not None and a.status == "ok":
                st.update(apogee_km=_num(a.apogee_alt, 1e-3), regime=a.regime,
                          flags=list(a.flags), assessed_s=_num(lv.assessed_at))
            lv.static = st

    def _ask_impacts(self, ids: list[int], coast: np.ndarray, x: np.ndarray, P: np.ndarray) -> None:
        """Ask the predictor (when it is idle) for the impacts of the coasting tracks least
        recently predicted: as many as one ``tick`` of its time allows, at the cost per
        track measured so far (at least 4)."""
        if not coast.size or not self.predictor.idle:
            return
        last = np.array([-math.inf if self.live[ids[k]].impact is None
                         else self.live[ids[k]].impact["t"] for k in coast.tolist()])
        n = int(np.clip(self.config.tick / max(self._impact_cost, 1e-6), 4, coast.size))
        pick = coast[np.argsort(last, kind="stable")[:n]]
        tids = [ids[k] for k in pick.tolist()]
        self.predictor.submit((self.offset, tids, self.clock, _time.perf_counter()),
                              x[pick].copy(), P[pick].copy(), self.clock)

    def _impacts(self, wait: bool = False) -> None:
        """Take the predictor's finished job: each track's impact, its ellipse, and the
        alerts of the seas and land it reaches for the first time."""
        got = self.predictor.result(wait)
        if got is None:
            return
        (offset, tids, t, started), res = got
        if isinstance(res, BaseException):
            self.last_error = f"impact prediction: {res}"[:300]
            return
        self._impact_cost = (_time.perf_counter() - started) / max(len(tids), 1)
        if offset != self.offset:
            return
        for j, row in enumerate(res["rows"]):
            tid = tids[row]
            lv = self.live.get(tid)
            if lv is None:
                continue
            lv.impact = {"t": t, "time": res["time"][j], "lat": res["lat"][j], "lon": res["lon"][j],
                         "fields": res["fields"][j], "ellipse": res["ellipse"][j]}
            lv.static = None
            gid = self.offset + tid
            for key, name in res["seas"][j]:
                if ("sea", key) not in lv.places:
                    lv.places.add(("sea", key))
                    self._alert("sea", gid, f"track {gid}: the 95 % impact ellipse reaches {name}",
                                f"sea:{gid}:{name}", [name])
            new = [n for n in res["land"][j] if ("land", n) not in lv.places]
            for n in new:
                lv.places.add(("land", n))
            if new:
                text = "land " + ", ".join(new)
                self._alert("land", gid, f"track {gid}: the 95 % impact ellipse reaches {text}",
                            f"land:{gid}:{text}", [text])

    def _alert(self, kind: str, track: int, text: str, key: str, places: list | None = None) -> None:
        al = {"kind": kind, "track": track, "text": text, "clock_s": _num(self.clock, 1, 1),
              "utc": self._utc(self.clock), "key": key, "places": places or []}
        self.alerts.append(al)
        del self.alerts[:-1000]  # the page shows the latest; the log has them all
        self.publish(Notice("alert", al))

    def _sensor_health(self) -> list[dict]:
        out = []
        for s, name in enumerate(self.index.names):
            last = self.sensor_last_scan[s]
            stale = bool(math.isfinite(self.clock) and self.clock - last > self.config.stale * self.revisit[s]
                         and self.tracker is not None)
            if stale and not self.sensor_stale[s]:
                self.counts["silent_sensor"] += 1
            self.sensor_stale[s] = stale
            rec = self.sensor_recent[s]
            span = min(60.0, max(1e-9, self.clock - rec[0][0])) if rec else 60.0
            cfg = self.sensors[s]
            out.append({"name": name, "kind": "ir" if self.index.is_ir[s] else "radar",
                        "lat": getattr(cfg, "lat_deg", None), "lon": getattr(cfg, "lon_deg", None),
                        "max_range_km": _num(getattr(cfg, "max_range", math.nan), 1e-3, 0),
                        "last_scan_s": _num(last, 1, 1),
                        "last_detection_s": _num(self.sensor_last_det[s], 1, 1),
                        "scans_per_s": round(len(rec) / span, 2) if rec else 0.0,
                        "detections_per_s": round(sum(m for _, m in rec) / span, 2) if rec else 0.0,
                        "stale": stale})
        return out

    def _utc(self, t: float) -> str | None:
        if self.epoch is None or not math.isfinite(t):
            return None
        return (self.epoch + timedelta(seconds=float(t))).isoformat().replace("+00:00", "Z")
