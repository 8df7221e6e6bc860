"""Reading events from CSV, JSON and the CNS North Korea Missile Test Database.

Every reader returns :class:`~launchwatch.register.models.Event` objects (not yet
stored) and checks every value: a bad row is reported by its line with the field, the
value and the reason (:class:`ImportFailed`, an :class:`~launchwatch.errors.InputError`
holding all of them), so that nothing of a bad file is stored.

CSV columns (one row per launch; units in the names, as at every presentation edge):

====================  ==============================================================
column                meaning
====================  ==============================================================
``event``             event key; rows with the same key form one event (default:
                      the round key, state code and local day at the site, so the
                      launches of one local day make one round)
``state``             launching state (``North Korea``)
``date``              UTC date (``2022-10-08``, ``10/8/2022``, ``8-Oct-22``, ``Oct 8, 2022``;
                      ``1986-05`` or ``1986`` when only the month or year is known)
``time_utc``          UTC time ``HH:MM[:SS]``; empty or ``unknown`` when not known
``seq``               launch number within the event (default: row order)
``site``              launch facility or area (kept as text when the gazetteer lacks it)
``site_lat_deg``,     its coordinates [deg]; looked up in the gazetteer when empty
``site_lon_deg``
``site_uncertainty_km``  radius within which the site lies [km]
``missile``           missile name
``class``             missile class (``SRBM`` or words such as ``short-range ballistic missile``)
``count``             number of missiles (default 1)
``apogee_km``         apogee [km]; a cell may carry its own unit (``62 miles``)
``distance_km``       ground distance flown [km]
``flight_time_s``     flight time [s]
``bearing_deg``       direction of the landing point from the site [deg from north]
``landing``           landing area (``Sea of Japan``; ``East Sea`` is an alias)
``landing_lat_deg``,  landing point [deg]
``landing_lon_deg``
``regime``            flight regime (lofted, minimum-energy, depressed, quasi-ballistic)
``outcome``           success / failure / unknown
``confirmation``      confirmed / reported / unconfirmed / disputed
``source``,           who reported it, and a link
``source_url``
``notes``             free text
====================  ==============================================================

``mapping`` renames columns: ``{"date": "Date", "apogee_km": "Apogee"}`` reads a file
whose column ``Date`` holds the date.  :data:`CNS_CSV_MAPPING` is the mapping of the CNS
North Korea Missile Test Database spreadsheet.
"""

from __future__ import annotations

from .cells import ImportFailed, RowError
from .cns import CNS_SOURCE, cns_rows, read_cns_json
from .tables import CNS_CSV_MAPPING, COLUMNS, MAX_JSON_BYTES, MAX_JSON_DEPTH, read_csv, read_json, read_rows

__all__ = [
    "CNS_CSV_MAPPING",
    "CNS_SOURCE",
    "COLUMNS",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "ImportFailed",
    "RowError",
    "cns_rows",
    "read_cns_json",
    "read_csv",
    "read_json",
    "read_rows",
]
