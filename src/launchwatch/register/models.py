"""The register's schema: an :class:`Event` (a round of launches) holds :class:`Launch` es,
and every figure of a launch is a :class:`Claim` by a source.

The records are the event model shared from assessment to register, defined in
:mod:`launchwatch.assess.events` (the assessment's output is the register's input) and
re-exported here.  Units: SI inside (metres, seconds, radians; aware UTC datetimes);
``_deg`` / ``_km`` names only at the presentation edge (CSV columns, exports).

Every model validates on construction; :func:`build` turns pydantic's
``ValidationError`` into :class:`~launchwatch.errors.InputError` naming the field and
the value, as every other input check of launchwatch does.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..assess.events import (
    CLAIM_FIELDS,
    CONFIRMATIONS,
    MAX_APOGEE,
    MAX_DISTANCE,
    MISSILE_CLASSES,
    OUTCOMES,
    PROVENANCE_KINDS,
    UNKNOWN,
    Change,
    Claim,
    Event,
    Launch,
    Place,
    Provenance,
    Reconstruction,
    Source,
    class_label,
    local_day,
    normalise_class,
    round_key,
    split_rounds,
    state_code,
)
from ..errors import InputError

__all__ = [
    "CLAIM_FIELDS",
    "CONFIRMATIONS",
    "MAX_APOGEE",
    "MAX_DISTANCE",
    "MISSILE_CLASSES",
    "OUTCOMES",
    "PROVENANCE_KINDS",
    "UNKNOWN",
    "Change",
    "Claim",
    "Event",
    "Launch",
    "Place",
    "Provenance",
    "Reconstruction",
    "Source",
    "build",
    "class_label",
    "default_key",
    "local_day",
    "normalise_class",
    "round_key",
    "split_rounds",
    "state_code",
]


def default_key(state: str | None, la: Launch) -> str:
    """The round key of a launch: state code and its local day at the site."""
    return round_key(state, local_day(la, state))


M = TypeVar("M", bound=BaseModel)


def build(model: type[M], data: dict[str, Any], where: str = "") -> M:
    """Validate ``data`` into ``model``, raising :class:`InputError` naming field and value.

    ``where`` prefixes the field name (``"line 12: launches[0]"``).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        field = f"{where}.{loc}" if where and loc else (where or loc or model.__name__)
        raise InputError(field, err.get("input"), err["msg"]) from None
