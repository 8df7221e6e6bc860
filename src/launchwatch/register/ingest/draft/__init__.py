"""The draft: fields of this launch with their spans, each agency's claims, the figures
reconciled by one rule, conflicts and gaps flagged, and the draft event.

**Reconciliation** (what the draft's single fields show): for each field, the figure of
the highest-ranked source — South Korea's JCS and defence ministry first, then Japan's
ministry and government, then US commands, then other named agencies, then the outlet's
own or unattributed words, and the launching state's media (KCNA) last, its claims being
claims and not observations — and, of one source's figures of a salvo, the largest (the
round "flew up to" it).  The headline's figures count only where the body has none.
Each agency's figure is also kept as its own claim (``fields["claims"]``), and two
agencies whose figures differ by more than 1 % (and 2 km for lengths, a minute for flight
times; a bound agrees with any value beyond it: "more than 6,000 km" with 6,100 km) are
flagged: ``distance: South Korea Joint Chiefs of Staff 4,500 km; Japan Ministry of
Defense about 4,600 km``.

**The event** has one launch per launch instant (or one, dated, without an instant).
A figure goes onto a launch only when the text ties it to one: the report has one
launch, or the figure stands in the same sentence or line as that launch's time alone,
or its subject is all of them (``They flew about 800 km``, ``いずれも``); a salvo's "up to
800 km" goes onto none of them (it is in the event's notes and flagged), so that a
250-km missile never carries an 800-km flight.
The package is split by concern: :mod:`.model` (the draft and its fields),
:mod:`.reconcile` (figures of several sources), :mod:`.read` (:func:`ingest_text`) and
:mod:`.event` (the draft event and its reconstruction).
"""

from .model import FIELDS, MAX_REPORT_CHARS, Draft, Extracted
from .read import ingest_text

__all__ = ["FIELDS", "MAX_REPORT_CHARS", "Draft", "Extracted", "ingest_text"]
