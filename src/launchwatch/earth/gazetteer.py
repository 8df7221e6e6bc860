"""An offline gazetteer: launch areas, towns, named sea areas and states, with aliases.

The entries live in ``launchwatch/data/gazetteer.json``.  Every launch facility of the
CNS North Korea Missile Test Database is there with its coordinates (``source == "cns"``,
``cns`` its facility keys; Apache-2.0, attribution and licence in ``LICENSE-cns.txt``
beside the file); the other places were written for this project from general
geographic knowledge (0.01 deg).  Each carries the radius within which it lies and its
spelling variants in English, Korean and Japanese (``Panghyon``/``Banghyon``/``방현``,
``Junghwa``/``Chunghwa``, ``Mupyong-ri``/``무평리``/``舞坪里``).  Named seas carry coarse
outline polygons so that an impact point can be named (:meth:`Gazetteer.sea_at`); they
are not coastlines.

Names are found in running text in one pass (:meth:`Gazetteer.find`, linear in the
text's length): Latin names on word boundaries, names in Hangul or kanji/kana without
them (Korean and Japanese attach particles: ``원산에서``, ``平壌近郊から``).  A name of one
or two Hangul syllables or kanji counts only when a place word follows it (``구성 일대``,
``中和郡``), so that common words that contain it (``구성원``, ``中和``) are not places
(names of states and seas excepted);
``not_in`` lists longer words that contain a name without naming the place (``동해안``,
the east coast, is not ``동해``, the East Sea).

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
    ``aliases``, ``country``, ``tz`` (IANA zone of the place), for seas ``polygon``
    ``(n, 2)`` of (lon, lat) [rad]; ``source`` (``"cns"`` for coordinates from the CNS
    compilation), ``cns`` the compilation's facility keys, ``not_in`` words containing a
    name that do not name the place."""

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
    source: str | None = None
    cns: tuple[str, ...] = ()
    not_in: tuple[str, ...] = ()

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
        self._by_cns = {k: e for e in entries for k in e.cns}
        latin, cjk, short_ko, short_ja = [], [], [], []
        for n, e in self._by_name.items():
            if not _CJK.search(n):
                latin.append(n)
            elif len(n) > 2 or e.kind in ("country", "sea"):
                cjk.append(n)
            elif _HANGUL.fullmatch(n):
                short_ko.append(n)
            else:
                short_ja.append(n)
        # one pattern per script; each a trie of the names, so that a scan is linear in
        # the text and the longest name at a position wins ("Sea of Japan (East Sea)")
        self._patterns = [re.compile(before + "(" + _trie(names) + ")" + after, re.IGNORECASE)
                          for names, before, after in (
                              (latin, r"(?<![\w-])", r"(?![\w-])"), (cjk, "", ""),
                              (short_ko, "(?<![\uac00-\ud7a3])", "(?=" + _KO_PLACE_WORD + ")"),
                              (short_ja, "", "(?=" + _JA_PLACE_WORD + ")")) if names]
        excl = sorted({w for e in entries for w in e.not_in}, key=len, reverse=True)
        self._not_in = re.compile("|".join(re.escape(w) for w in excl)) if excl else None

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
                polygon=None if poly is None else np.radians(np.asarray(poly, float)),
                source=d.get("source"), cns=tuple(d.get("cns", ())), not_in=tuple(d.get("not_in", ()))))
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

    def by_cns(self, key: str) -> GazetteerEntry | None:
        """The entry of a CNS facility key (``"panghyon-ab"`` -> Panghyon Airbase), or ``None``."""
        return self._by_cns.get(key)

    def find(self, text: str) -> list[Match]:
        """Every place named in ``text``, in order, the longest name first where names
        overlap; one pass per script, linear in the length of ``text``."""
        found: list[Match] = []
        for pat in self._patterns:
            for m in pat.finditer(text):
                e = self._by_name.get(_norm(m.group(1)))
                if e is not None:
                    found.append(Match(e, m.start(1), m.end(1), m.group(1)))
        if self._not_in is not None and found:
            # offsets covered by a word that contains a name without naming the place
            blocked: dict[int, set[str]] = {}
            for m in self._not_in.finditer(text):
                for k in range(m.start(), m.end()):
                    blocked.setdefault(k, set()).add(m.group(0))
            if blocked:
                found = [f for f in found if not any(
                    w in f.entry.not_in for k in range(f.start, f.end) for w in blocked.get(k, ()))]
        found.sort(key=lambda m: (m.start, -(m.end - m.start)))
        out: list[Match] = []
        end = -1
        for m in found:
            if m.start >= end:
                out.append(m)
                end = m.end
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


_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")
# words that follow a short Korean or Japanese place name when it names a place
_KO_PLACE_WORD = (r"\s*(?:일대|일원|지역|부근|인근|근처|주변|에서|서\s|쪽|비행장|공항|기지|"
                  r"군\b|군\s|시\b|시\s|반도|해상|앞바다|만\b|항\b|\(|（|,|·|$)")
_JA_PLACE_WORD = r"(?:付近|近郊|一帯|周辺|地区|地域|から|郡|市|沖|港|空港|飛行場|半島|湾|\(|（|、|・)"


def _trie(words: list[str]) -> str:
    """A regular expression matching any of ``words`` (lower case; a space matches any
    run of white space), built as a trie so that matching costs one pass."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + build(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


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
