"""An offline gazetteer: launch areas, towns, named sea areas and states, with aliases.

The entries live in ``launchwatch/data/gazetteer.json`` (written for this project from
general geographic knowledge; coordinates rounded to 0.01 deg, each with the radius
within which the place lies).  Named seas carry coarse outline polygons so that an
impact point can be named (:meth:`Gazetteer.sea_at`); they are not coastlines.

Angles are radians and lengths metres inside, as everywhere in :mod:`launchwatch.earth`;
the data file uses degrees and kilometres (its edge).

>>> g = default_gazetteer()
>>> g.lookup("East Sea").name
'Sea of Japan'
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

__all__ = ["Gazetteer", "GazetteerEntry", "Match", "default_gazetteer"]


@dataclass(frozen=True)
class GazetteerEntry:
    """A place: ``lat``/``lon`` [rad], ``uncertainty`` [m], ``kind`` (``launch-area``,
    ``city``, ``province``, ``island``, ``point``, ``region``, ``sea``, ``country``),
    ``aliases``, ``country``, ``tz`` (IANA zone of the place) and, for seas, ``polygon``
    ``(n, 2)`` of (lon, lat) [rad]."""

    key: str
    name: str
    kind: str
    lat: float
    lon: float
    uncertainty: float
    aliases: tuple[str, ...] = ()
    country: str | None = None
    tz: str | None = None
    polygon: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def names(self) -> tuple[str, ...]:
        """The name and all aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Match:
    """A gazetteer name found in text: ``text[start:end]`` names ``entry``."""

    entry: GazetteerEntry
    start: int
    end: int
    text: str


def _norm(name: str) -> str:
    s = " ".join(name.replace("\u2019", "'").split()).lower()
    s = re.sub(r"^(the|near|off)\s+", "", s)
    return s


class Gazetteer:
    """A set of :class:`GazetteerEntry` looked up by name or alias, found in text, or by
    position (the named sea containing a point)."""

    def __init__(self, entries: list[GazetteerEntry]) -> None:
        self.entries = {e.key: e for e in entries}
        self._by_name: dict[str, GazetteerEntry] = {}
        for e in entries:
            for n in (e.key, *e.names):
                self._by_name.setdefault(_norm(n), e)
        names = sorted(self._by_name, key=len, reverse=True)
        # longest names first so that "Sea of Japan (East Sea)" wins over "Sea of Japan"
        self._pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + r")(?![\w-])",
            re.IGNORECASE)

    @classmethod
    def from_file(cls, path: str | Path) -> Gazetteer:
        """Read a gazetteer JSON file (the format of ``launchwatch/data/gazetteer.json``)."""
        return cls._from_doc(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def _from_doc(cls, doc: dict) -> Gazetteer:
        entries = []
        for d in doc["entries"]:
            poly = d.get("polygon_lonlat_deg")
            entries.append(GazetteerEntry(
                key=d["key"], name=d["name"], kind=d["kind"], lat=math.radians(d["lat_deg"]),
                lon=math.radians(d["lon_deg"]), uncertainty=float(d["uncertainty_km"]) * 1e3,
                aliases=tuple(d.get("aliases", ())), country=d.get("country"), tz=d.get("tz"),
                polygon=None if poly is None else np.radians(np.asarray(poly, float))))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, key: str) -> GazetteerEntry:
        return self.entries[key]

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry named ``name`` (case-insensitive, aliases, a trailing "area"/"region"
        ignored), or ``None``."""
        n = _norm(name)
        hit = self._by_name.get(n)
        if hit is None:
            n2 = re.sub(r"\s+(area|region|district|county|city)$", "", n)
            hit = self._by_name.get(n2)
        return hit

    def find(self, text: str) -> list[Match]:
        """Every place named in ``text``, in order, longest name first where names overlap."""
        out = []
        for m in self._pattern.finditer(text):
            e = self._by_name.get(_norm(m.group(1)))
            if e is not None:
                out.append(Match(e, m.start(1), m.end(1), m.group(1)))
        return out

    def sea_at(self, lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
        """Key of the named sea containing each point (``""`` where none), shape of the input.

        ``lat``/``lon`` [rad]; the sea outlines are coarse (tens of km near coasts).
        """
        lat, lon = np.broadcast_arrays(np.asarray(lat, float), np.asarray(lon, float))
        lon = (lon + np.pi) % (2 * np.pi) - np.pi
        out = np.full(lat.shape, "", dtype=object)
        for e in self.entries.values():
            if e.polygon is None:
                continue
            inside = _in_polygon(lon, lat, e.polygon) & (out == "")
            out[inside] = e.key
        return out

    def nearest(self, lat: float, lon: float, kinds: tuple[str, ...] | None = None
                ) -> tuple[GazetteerEntry, float]:
        """The nearest entry (of ``kinds``) to a point [rad] and its distance [m]."""
        from .geodesic import geodesic_inverse

        cands = [e for e in self.entries.values() if kinds is None or e.kind in kinds]
        d, _, _ = geodesic_inverse(lat, lon, np.array([e.lat for e in cands]),
                                   np.array([e.lon for e in cands]))
        i = int(np.nanargmin(d))
        return cands[i], float(d[i])


def _in_polygon(x: np.ndarray, y: np.ndarray, poly: np.ndarray) -> np.ndarray:
    """Even-odd ray casting of points (x, y) against a closed ring ``poly (n, 2)``."""
    xs, ys = poly[:, 0], poly[:, 1]
    xj, yj = np.roll(xs, 1), np.roll(ys, 1)
    px, py = x[..., None], y[..., None]
    cross = (ys > py) != (yj > py)
    with np.errstate(divide="ignore", invalid="ignore"):
        xint = (xj - xs) * (py - ys) / (yj - ys) + xs
    return np.count_nonzero(cross & (px < xint), axis=-1) % 2 == 1


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped with launchwatch (``launchwatch/data/gazetteer.json``)."""
    text = resources.files("launchwatch").joinpath("data/gazetteer.json").read_text(encoding="utf-8")
    return Gazetteer._from_doc(json.loads(text))
