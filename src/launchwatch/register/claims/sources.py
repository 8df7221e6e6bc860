"""Sources of claims: their tiers in reconciliation and their short names."""

from __future__ import annotations

import re

from ...assess.events import (
    Claim,
)

#: (tier, meaning, name patterns): how sources rank in reconciliation (lower first).
SOURCE_TIERS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (0, "launchwatch's own measurement", ()),
    (1, "official statement of an observing government", (
        r"joint chiefs", r"\bjcs\b", r"ministry of (national )?defen[cs]e", r"defen[cs]e ministry",
        r"\bmod\b", r"\bmnd\b", r"indo-?pacific command", r"\bindopacom\b", r"pacific command",
        r"\bnorad\b", r"pentagon", r"department of defense", r"coast guard", r"cabinet secretary",
        r"prime minister", r"\busfk\b", r"forces korea", r"white house", r"state department",
        r"national security council", r"government of")),
    (2, "compilation", (r"\bcns\b", r"database", r"\bnti\b", r"compilation", r"missile threat",
                        r"\bcsis\b", r"38 ?north", r"\biiss\b")),
    (3, "news agency or other named source", ()),
    (4, "the launching state's own media", (r"\bkcna\b", r"korean central", r"rodong sinmun",
                                            r"\bkctv\b", r"\(north korea\)", r"uriminzokkiri")),
    (5, "unattributed", (r"unattributed", r"unknown source", r"anonymous")),
)
_TIER_RE = [(t, re.compile("|".join(p), re.IGNORECASE)) for t, _, p in SOURCE_TIERS if p]

_SHORT = (
    (r"joint chiefs|\bjcs\b", "JCS"),
    (r"japan.*(ministry of defen|defen[cs]e ministry)|japan mod", "Japan MoD"),
    (r"indo-?pacific command|indopacom", "INDOPACOM"), (r"\bcns\b", "CNS"), (r"\bkcna\b", "KCNA"),
    (r"launchwatch measurement", "measured"), (r"japan coast guard", "Japan Coast Guard"),
)


def source_tier(claim: Claim) -> int:
    """The tier of a claim's source (:data:`SOURCE_TIERS`): 0 for a measurement."""
    if claim.kind == "measured":
        return 0
    text = f"{claim.source} {claim.publication or ''}" if claim.source.lower().startswith(
        ("unattributed", "unknown")) else claim.source
    for tier, rx in _TIER_RE:
        if rx.search(text):
            return tier
    return 3


def short_source(name: str) -> str:
    """A source's name as analysts abbreviate it (``"JCS"``, ``"Japan MoD"``, ``"CNS"``)."""
    for pat, short in _SHORT:
        if re.search(pat, name, re.IGNORECASE):
            return short
    return name
