"""Claims: every figure of a launch with its source, reconciled by a documented rule.

A launch's time, site, landing, distance, apogee, flight time, bearing, type, class,
outcome, count and regime are stored per source as :class:`Claim` s; the launch shows
the values reconciled from them (:func:`reconcile`) and lists the conflicts in the
analyst's units (:func:`conflicts`: ``"distance: JCS 800 km; Japan MoD about 750 km"``).
Nothing is overwritten: a merge adds claims, and each event keeps a change log.

Making claims (what a report reader does)::

    from datetime import UTC, datetime
    from launchwatch.register.claims import Claim, launch_from_claims
    from launchwatch.register.models import Event, Place

    src = {"source": "South Korea Joint Chiefs of Staff", "publication": "Yonhap",
           "url": "https://en.yna.co.kr/...", "published": datetime(2025, 5, 8, 1, 0, tzinfo=UTC),
           "quote": "The missiles flew about 800 km ...", "confidence": 0.9}
    claims = [
        Claim(field="time", value=datetime(2025, 5, 7, 23, 10, tzinfo=UTC),
              time_precision="minute", reported="8:10 a.m.", span=(120, 127), **src),
        Claim(field="site", value=Place(name="Wonsan", lat=0.6837, lon=2.2249, uncertainty=10e3,
                                        key="wonsan"), place_precision="near",
              reported="near Wonsan", **src),
        Claim(field="distance", value=800e3, qualifier="about", reported="about 800 km",
              unit="km", span=(140, 152), **src),
        Claim(field="distance", value=600e3, qualifier="more_than", low=600e3,
              reported="more than 600 km", unit="km", source="Japan Ministry of Defense"),
        Claim(field="count", value=2, qualifier="at_least", reported="several", **src),
        Claim(field="missile_class", value="SRBM", reported="short-range ballistic missiles", **src),
    ]
    la = launch_from_claims(claims, confirmation="unconfirmed")   # figures reconciled
    ev = Event(state="North Korea", launches=[la])                # key "KP-2025-05-08"

Values are canonical (SI: metres, seconds, radians; aware UTC times; :class:`Place` for
sites and landings); ``reported`` keeps the words and unit as given.  Qualifiers:
``exact``, ``about``, ``at_least``, ``more_than``, ``at_most``, ``less_than`` (with
``low``/``high`` set to the bound) and ``interval`` (both).  Precision of times and places
is ACLED-style (``time_precision``: second .. year; ``place_precision``: point, near,
region, country).

The rule (:func:`reconcile`), field by field:

1. each source speaks once: its latest claim (by ``published``, else the order stored)
   supersedes its earlier ones (kept, listed as superseded);
2. sources rank by tier (:func:`source_tier`): 0 launchwatch's own measurement,
   1 official statements of observing governments (South Korea's JCS, Japan's Ministry
   of Defense, US commands), 2 compilations (the CNS database), 3 news agencies and other
   named sources, 4 the launching state's own media (KCNA), 5 unattributed;
3. for ``time``, ``site`` and ``landing`` the most precise claim wins first (a time to
   the minute over a date, coordinates over a region), then the tier; for the other
   fields the tier first, then a point value (exact or about) over an interval over a
   bound; ties go to the claim stored first, so that a new report of equal standing
   never flips a value;
4. the class is that of the reconciled type name when the designation table knows it
   (:mod:`launchwatch.register.designations`), else the best class claim, else the class
   by the reconciled distance (never for a failed flight, whose range says nothing of
   its class); the regime is the best regime claim, else the stored fit's (unless
   assumed).

Two claims conflict when their values differ beyond what rounding explains (3 % and at
least 5 km for distances, 2 km for apogees; 5 minutes for times; 25 km or the places'
own uncertainty for sites; a bound is consistent with any value beyond it).
"""

from ...assess.events import CLAIM_FIELDS, Claim
from .reconcile import best_claims, current_claims, implicit_claims, launch_from_claims, reconcile
from .sources import SOURCE_TIERS, short_source, source_tier
from .words import agree, conflicts, format_claim, format_value

__all__ = [
    "CLAIM_FIELDS",
    "SOURCE_TIERS",
    "Claim",
    "agree",
    "best_claims",
    "conflicts",
    "current_claims",
    "format_claim",
    "format_value",
    "implicit_claims",
    "launch_from_claims",
    "reconcile",
    "short_source",
    "source_tier",
]
