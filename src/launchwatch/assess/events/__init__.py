"""The event model, from assessment to register: launches, rounds, claims.

One set of records is shared by the assessment (what the sensors and tracker measured),
the report readers (what a source said) and the register (what is stored): an
:class:`Event` (a *round*) holds :class:`Launch` records, and every figure of a launch is
a :class:`Claim` by a source.  :mod:`launchwatch.register.models` re-exports these; the
register reconciles claims (:mod:`launchwatch.register.claims`) and stores events.

Vocabulary (``../shared/DESIGN.md``, "The register's vocabulary"):

* a **launch** is one missile (or space launch) leaving one site at one instant;
* a **round** is the launches of one state on one local calendar day at the launch site
  (the convention of the South Korean JCS and of Japan's Ministry of Defense): the zone
  is the site's (timezonefinder's polygons, zoneinfo history, so Pyongyang's UTC+8:30 of
  15 Aug 2015 - 4 May 2018 is honoured); at sea or with no located site, the launching
  state's zone; UTC inside everywhere else.  Round keys are ``<state code>-<local day>``
  (``KP-2025-05-08``); see :func:`round_key`.

Classes by flown range (used only when the type is not named) follow the usage of the
agencies that count rounds (JCS, Japan's MoD, the CNS database): short-range (SRBM)
< 1000 km, medium-range (MRBM) 1000-3000 km, intermediate-range (IRBM) 3000-5500 km,
intercontinental (ICBM) > 5500 km.  (US NASIC's close-range band below 300 km is not
used by them; a named close-range type keeps its class ``CRBM``.)

Units: SI inside (metres, seconds, radians; aware UTC datetimes).
"""

from .measured import (
    LAUNCH_NOT_DETERMINED,
    LaunchFacts,
    group_launches,
)
from .records import (
    CLAIM_FIELDS,
    CLAIM_KINDS,
    PLACE_PRECISIONS,
    QUALIFIERS,
    TIME_PRECISIONS,
    Change,
    Claim,
    Place,
    Provenance,
    Reconstruction,
    Source,
)
from .rounds import (
    Event,
    Launch,
    launch_zone,
    local_day,
    round_key,
    split_rounds,
    state_code,
)
from .vocabulary import (
    CLASS_WORDS,
    CLASSES,
    CONFIRMATIONS,
    MAX_APOGEE,
    MAX_DISTANCE,
    MISSILE_CLASSES,
    OUTCOMES,
    PROVENANCE_KINDS,
    REGIMES,
    UNKNOWN,
    YEARS,
    class_label,
    classify_range,
    normalise_class,
    normalise_regime,
)

__all__ = [
    "CLAIM_FIELDS",
    "CLAIM_KINDS",
    "CLASSES",
    "CLASS_WORDS",
    "CONFIRMATIONS",
    "LAUNCH_NOT_DETERMINED",
    "MAX_APOGEE",
    "MAX_DISTANCE",
    "MISSILE_CLASSES",
    "OUTCOMES",
    "PLACE_PRECISIONS",
    "PROVENANCE_KINDS",
    "QUALIFIERS",
    "REGIMES",
    "TIME_PRECISIONS",
    "UNKNOWN",
    "YEARS",
    "Change",
    "Claim",
    "Event",
    "Launch",
    "LaunchFacts",
    "Place",
    "Provenance",
    "Reconstruction",
    "Source",
    "class_label",
    "classify_range",
    "group_launches",
    "launch_zone",
    "local_day",
    "normalise_class",
    "normalise_regime",
    "round_key",
    "split_rounds",
    "state_code",
]
