"""The register's vocabularies: classes, outcomes, confirmations, regimes, the
range bands of the classes, and the checks every record shares (SI units)."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

import numpy as np
from pydantic import BaseModel, ConfigDict

from ...errors import InputError

MAX_APOGEE = 1.0e8
#: Longest ground distance a record accepts [m] (once around the Earth).
MAX_DISTANCE = 40_075e3

#: The one word shown for an unknown value (class, outcome, site, ...) everywhere.
UNKNOWN = "unknown"

#: Missile classes the register knows (codes).  An unknown class is ``None`` inside and
#: shown as :data:`UNKNOWN`.
MISSILE_CLASSES = ("CRBM", "SRBM", "MRBM", "IRBM", "ICBM", "SLBM", "SLV", "HGV", "CRUISE")
OUTCOMES = ("success", "failure", "unknown")
CONFIRMATIONS = ("confirmed", "reported", "unconfirmed", "disputed")
PROVENANCE_KINDS = ("reported", "measured", "reconstructed")

#: Plain words for the classes (singular).
CLASS_WORDS = {
    "CRBM": "close-range ballistic missile", "SRBM": "short-range ballistic missile",
    "MRBM": "medium-range ballistic missile", "IRBM": "intermediate-range ballistic missile",
    "ICBM": "intercontinental ballistic missile", "SLBM": "submarine-launched ballistic missile",
    "SLV": "space launch vehicle", "HGV": "hypersonic glide vehicle", "CRUISE": "cruise missile",
}

#: (code, adjective, upper bound of the band [m]) of classes by flown range.
CLASSES = (
    ("SRBM", "short-range", 1000e3),
    ("MRBM", "medium-range", 3000e3),
    ("IRBM", "intermediate-range", 5500e3),
    ("ICBM", "intercontinental", math.inf),
)

_CLASS_WORDS_IN = {
    "SHORT-RANGE BALLISTIC MISSILE": "SRBM", "CLOSE-RANGE BALLISTIC MISSILE": "CRBM",
    "MEDIUM-RANGE BALLISTIC MISSILE": "MRBM", "INTERMEDIATE-RANGE BALLISTIC MISSILE": "IRBM",
    "INTERCONTINENTAL BALLISTIC MISSILE": "ICBM", "SUBMARINE-LAUNCHED BALLISTIC MISSILE": "SLBM",
    "SPACE LAUNCH VEHICLE": "SLV", "SATELLITE LAUNCH VEHICLE": "SLV", "SATELLITE LAUNCH": "SLV",
    "HYPERSONIC GLIDE VEHICLE": "HGV", "HYPERSONIC MISSILE": "HGV", "CRUISE MISSILE": "CRUISE",
}
_UNKNOWN_WORDS = {"", "UNKNOWN", "NONE", "N/A", "NA", "?", "BALLISTIC MISSILE", "MISSILE",
                  "UNIDENTIFIED"}


def normalise_class(text: str | None) -> str | None:
    """Canonical class code (``"short-range ballistic missile"`` -> ``"SRBM"``).

    Words that say nothing of the class (``"unknown"``, ``"ballistic missile"``) give
    ``None``; words of no class raise ``ValueError`` naming the allowed ones (an
    enumerated field: markup or a typo never becomes a class).
    """
    if text is None:
        return None
    key = " ".join(str(text).replace("_", " ").split()).upper()
    if key.endswith(("MISSILES", "VEHICLES")) or (key.endswith("S") and key[:-1] in MISSILE_CLASSES):
        key = key[:-1]
    if key in _UNKNOWN_WORDS:
        return None
    if key in MISSILE_CLASSES:
        return key
    if key in _CLASS_WORDS_IN:
        return _CLASS_WORDS_IN[key]
    raise ValueError(f"class {str(text)[:40]!r} is not one of {', '.join(MISSILE_CLASSES)}, "
                     "their words (short-range ballistic missile, ...) or unknown")


def class_label(code: str | None) -> str:
    """The class as shown: its code, or :data:`UNKNOWN`."""
    return code if code else UNKNOWN


def classify_range(range_m: np.ndarray | float) -> np.ndarray:
    """Class codes (``"SRBM"``, ...) for ground ranges [m]; ``""`` for NaN.  Any shape."""
    r = np.asarray(range_m, float)
    if np.any(r[np.isfinite(r)] < 0):
        raise InputError("range_m", float(r[np.isfinite(r) & (r < 0)][0]), "must be >= 0")
    bounds = np.array([c[2] for c in CLASSES])
    idx = np.searchsorted(bounds, np.nan_to_num(r, nan=0.0), side="right")
    codes = np.array([c[0] for c in CLASSES])[np.minimum(idx, len(CLASSES) - 1)]
    return np.where(np.isfinite(r), codes, "")


# -- records --------------------------------------------------------------------------------
class _Model(BaseModel):
    # no NaN or infinity in any float field, nested ones included (a fit's speed, inputs)
    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)


#: Launch times the register accepts [UTC years]: the rocket age with room, and dates
#: whose local day can be worked out in every zone (year 1 or 9999 cannot).
YEARS = (1900, 2199)

#: Flight regimes (:mod:`launchwatch.flight.invert.rules`); ``unknown`` is no regime.
REGIMES = ("lofted", "minimum-energy", "depressed", "quasi-ballistic")
_REGIME_WORDS = {"minimum energy": "minimum-energy", "min-energy": "minimum-energy",
                 "min energy": "minimum-energy", "quasi ballistic": "quasi-ballistic",
                 "standard": "minimum-energy", "normal": "minimum-energy"}

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:+-]{0,79}$")


def normalise_regime(text: str | None) -> str | None:
    """A regime of :data:`REGIMES` (``None`` for unknown/empty); other words raise
    ``ValueError`` naming the allowed ones."""
    if text is None:
        return None
    w = " ".join(str(text).strip().lower().replace("_", " ").split())
    if w in ("", "unknown", "none", "n/a", "-"):
        return None
    w = _REGIME_WORDS.get(w, w)
    if w not in REGIMES:
        raise ValueError(f"regime {str(text)[:40]!r} is not one of {', '.join(REGIMES)} (or unknown)")
    return w


def _check_key(v: str) -> str:
    if v and not _KEY.match(v):
        raise ValueError("a key is letters, digits and . _ : + - (at most 80, starting with a "
                         "letter or digit)")
    return v


def _as_utc(v: datetime, what: str = "year") -> datetime:
    """``v`` in UTC; every datetime of a record (a launch, a claim's time, when a report was
    published or recorded) is timezone-aware and in :data:`YEARS` (``what`` names it in the
    error)."""
    if v.tzinfo is None:
        raise ValueError("time must be timezone-aware (UTC)")
    u = v.astimezone(UTC) if YEARS[0] <= v.year <= YEARS[1] else v  # (no overflow at year 1)
    if not YEARS[0] <= u.year <= YEARS[1]:
        raise ValueError(f"{what} {u.year} outside {YEARS[0]}-{YEARS[1]}")
    return u


def _finite(v: float | None) -> float | None:
    if v is not None and not math.isfinite(v):
        raise ValueError("must be a finite number")
    return v
