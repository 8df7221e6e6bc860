"""Public missile designations and their classes: the class of a launch comes from its
named type when the type is known (``Hwasong-15`` -> ICBM, ``KN-25`` -> SRBM), and from
the flown range only when it is not.

The table holds designations in public use (the launching state's names, the US and
South Korean KN- designators, and common Western names) with the class the public
compilations give them (for North Korea, the CNS North Korea Missile Test Database's
types; elsewhere the usual open-source class).  It is facts only, written for this
project.  :func:`designation` finds the entry a name refers to, with or without hyphens
or spaces, inside longer text (``"a modified Hwasong-17"``) and in parentheses
(``"Hwasong-11A (KN-23)"``).

>>> designation("KN-23").cls, designation("Hwasong 15").cls, designation("Unha-3").cls
('SRBM', 'ICBM', 'SLV')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = ["DESIGNATIONS", "Designation", "class_of_name", "designation"]


@dataclass(frozen=True)
class Designation:
    """A type: its usual ``name``, other public ``aliases``, its class code, and the
    launching ``state``."""

    name: str
    cls: str
    aliases: tuple[str, ...] = ()
    state: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def _d(name: str, cls: str, *aliases: str, state: str = "North Korea") -> Designation:
    return Designation(name, cls, tuple(aliases), state)


#: The table (most specific names first within a family; lookups try longer names first).
DESIGNATIONS: tuple[Designation, ...] = (
    # North Korea: ballistic missiles
    _d("Scud-B", "SRBM", "Hwasong-5", "KN-03"),
    _d("Scud-B MaRV", "SRBM", "KN-18"),
    _d("Scud-C", "SRBM", "Hwasong-6"),
    _d("Scud-C MaRV", "SRBM", "KN-21"),
    _d("ER Scud", "MRBM", "Scud-ER", "Hwasong-9", "Scud-D"),
    _d("Nodong", "MRBM", "Rodong", "Nodong-1", "Rodong-1", "Hwasong-7"),
    _d("Musudan", "IRBM", "Hwasong-10", "BM-25"),
    _d("KN-02", "SRBM", "Toksa", "KN-02 Toksa"),
    _d("Hwasong-11A", "SRBM", "KN-23", "Hwasong-11Ga", "Hwasong-11 Ga", "Iskander-type"),
    _d("Rail-mobile KN-23", "SRBM"),
    _d("Silo-based KN-23", "SRBM"),
    _d("Hwasong-11B", "SRBM", "KN-24", "Hwasong-11Na", "Hwasong-11 Na"),
    _d("Hwasong-11C", "SRBM", "KN-30", "Hwasong-11Da"),
    _d("Hwasong-11-Da-4.5", "SRBM", "Hwasong-11Da-4.5"),
    _d("Hwasong-11D", "SRBM", "KN-35", "Hwasong-11Ra"),
    _d("Hwasong-11E", "MRBM", "Hwasong-11Ma"),
    _d("Hwasong-11S", "SLBM", "KN-33"),
    _d("Hwasong-11", "SRBM"),
    _d("KN-25", "SRBM", "super-large multiple rocket launcher", "600-mm multiple rocket launcher",
       "600 mm multiple rocket launcher"),
    _d("Hwasong-12", "IRBM", "KN-17"),
    _d("Hwasong-12A", "MRBM"),
    _d("Hwasong-12B", "HGV"),
    _d("Hwasong-8", "HGV"),
    _d("Hwasong-14", "ICBM", "KN-20"),
    _d("Hwasong-15", "ICBM", "KN-22"),
    _d("Hwasong-16A", "IRBM"),
    _d("Hwasong-16B", "IRBM", "Hwasong-16Na", "Hwasong-16"),
    _d("Hwasong-17", "ICBM", "KN-28"),
    _d("Hwasong-18", "ICBM"),
    _d("Hwasong-19", "ICBM"),
    _d("Hwasong-20", "ICBM"),
    _d("New IRBM 2022", "IRBM"),
    _d("Pukguksong-1", "SLBM", "KN-11", "Polaris-1"),
    _d("Pukguksong-2", "MRBM", "KN-15", "Polaris-2"),
    _d("Pukguksong-3", "SLBM", "KN-26", "Polaris-3"),
    _d("Pukguksong-4", "SLBM"),
    _d("Pukguksong-5", "SLBM"),
    _d("Taepodong-2", "ICBM", "Paektusan-2", "KN-08 prototype"),
    # North Korea: space launchers
    _d("Taepodong-1", "SLV", "Paektusan-1", "Paektusan"),
    _d("Unha-3", "SLV"),
    _d("Unha-2", "SLV"),
    _d("Unha", "SLV", "Kwangmyongsong"),
    _d("Chollima-1", "SLV"),
    # North Korea: cruise missiles
    _d("Hwasal-1", "CRUISE"),
    _d("Hwasal-2", "CRUISE"),
    _d("Pulhwasal-3-31", "CRUISE"),
    _d("Padasuri-6", "CRUISE"),
    # others, for records of other states
    _d("Shahab-1", "SRBM", state="Iran"), _d("Shahab-2", "SRBM", state="Iran"),
    _d("Shahab-3", "MRBM", state="Iran"), _d("Ghadr-110", "MRBM", "Ghadr", state="Iran"),
    _d("Emad", "MRBM", state="Iran"), _d("Sejjil", "MRBM", state="Iran"),
    _d("Khorramshahr", "MRBM", state="Iran"), _d("Kheibar Shekan", "MRBM", state="Iran"),
    _d("Fateh-110", "SRBM", state="Iran"), _d("Fateh-313", "SRBM", state="Iran"),
    _d("Zolfaghar", "SRBM", state="Iran"), _d("Qiam-1", "SRBM", "Qiam", state="Iran"),
    _d("Simorgh", "SLV", state="Iran"), _d("Safir", "SLV", state="Iran"),
    _d("Qased", "SLV", state="Iran"),
    _d("Iskander", "SRBM", "9M723", "SS-26", state="Russia"),
    _d("Oreshnik", "IRBM", state="Russia"), _d("RS-24 Yars", "ICBM", "Yars", "RS-24", state="Russia"),
    _d("RS-28 Sarmat", "ICBM", "Sarmat", "RS-28", state="Russia"),
    _d("Bulava", "SLBM", "RSM-56", state="Russia"), _d("Avangard", "HGV", state="Russia"),
    _d("Kalibr", "CRUISE", "3M14", state="Russia"),
    _d("DF-11", "SRBM", "Dongfeng-11", state="China"), _d("DF-15", "SRBM", "Dongfeng-15", state="China"),
    _d("DF-16", "SRBM", "Dongfeng-16", state="China"), _d("DF-17", "MRBM", "Dongfeng-17", state="China"),
    _d("DF-21", "MRBM", "Dongfeng-21", state="China"), _d("DF-26", "IRBM", "Dongfeng-26", state="China"),
    _d("DF-31", "ICBM", "Dongfeng-31", state="China"), _d("DF-41", "ICBM", "Dongfeng-41", state="China"),
    _d("DF-5", "ICBM", "Dongfeng-5", state="China"), _d("JL-2", "SLBM", "Julang-2", state="China"),
    _d("JL-3", "SLBM", "Julang-3", state="China"),
    _d("Minuteman III", "ICBM", "LGM-30G", state="United States"),
    _d("Trident II", "SLBM", "Trident D5", "UGM-133", state="United States"),
    _d("ATACMS", "SRBM", "MGM-140", state="United States"),
    _d("PrSM", "SRBM", "Precision Strike Missile", state="United States"),
    _d("Agni-I", "MRBM", "Agni-1", state="India"), _d("Agni-II", "MRBM", "Agni-2", state="India"),
    _d("Agni-III", "IRBM", "Agni-3", state="India"), _d("Agni-IV", "IRBM", "Agni-4", state="India"),
    _d("Agni-V", "ICBM", "Agni-5", state="India"), _d("Agni-P", "MRBM", "Agni Prime", state="India"),
    _d("Prithvi-II", "SRBM", "Prithvi-2", state="India"), _d("K-4", "SLBM", state="India"),
    _d("BrahMos", "CRUISE", state="India"),
    _d("Ghauri", "MRBM", "Hatf-5", state="Pakistan"), _d("Shaheen-I", "SRBM", "Shaheen-1", state="Pakistan"),
    _d("Shaheen-II", "MRBM", "Shaheen-2", state="Pakistan"),
    _d("Shaheen-III", "MRBM", "Shaheen-3", state="Pakistan"),
    _d("Ababeel", "MRBM", state="Pakistan"), _d("Babur", "CRUISE", state="Pakistan"),
    _d("Hyunmoo-2", "SRBM", state="South Korea"), _d("Hyunmoo-4", "SRBM", state="South Korea"),
)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", text.lower())


def _pattern(name: str) -> str:
    # letters and digits of the name with optional hyphens/spaces between every run
    runs = re.findall(r"[A-Za-z]+|\d+(?:\.\d+)?", name)
    return r"[\s\-]?".join(re.escape(r) for r in runs)


@functools.cache
def _index() -> tuple[dict[str, Designation], re.Pattern[str]]:
    exact: dict[str, Designation] = {}
    names: list[tuple[str, Designation]] = []
    for d in DESIGNATIONS:
        for n in d.names:
            exact.setdefault(_norm(n), d)
            names.append((n, d))
    names.sort(key=lambda nd: len(_norm(nd[0])), reverse=True)
    pat = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(f"(?:{_pattern(n)})" for n, _ in names)
                     + r")(?![A-Za-z0-9])", re.IGNORECASE)
    return exact, pat


def designation(name: str | None) -> Designation | None:
    """The type a name refers to (``None`` if the table does not know it).

    An exact name or alias first (case, hyphens and spaces ignored), then the longest
    known designation inside the text (``"Hwasong-11A (KN-23)"``, ``"modified KN-25"``).
    """
    if not name or not name.strip():
        return None
    exact, pat = _index()
    hit = exact.get(_norm(name))
    if hit is not None:
        return hit
    found = [(m.end(1) - m.start(1), m.group(1)) for m in pat.finditer(name)]
    for _, text in sorted(found, reverse=True):
        hit = exact.get(_norm(text))
        if hit is not None:
            return hit
    return None


def class_of_name(name: str | None) -> str | None:
    """The class code of a named type, or ``None`` when the name is not known."""
    d = designation(name)
    return None if d is None else d.cls
