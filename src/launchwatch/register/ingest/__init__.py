"""From a written report to a draft event, offline and rule-based (no models to download).

:func:`ingest_text` reads a news report or an official statement — in English, Korean
(Yonhap's Korean service, JCS text notices) or Japanese (Japan's Ministry of Defense,
NHK, wire copy) — as an analyst reads it, and returns a :class:`Draft`: every field of
this launch with the text span it came from and a confidence, each agency's figures as
its own claim, the conflicts between agencies and the gaps as flags, and a draft
:class:`~launchwatch.register.models.Event`.

The package is split by concern:

* :mod:`.document` — normalised text, language, lines, paragraphs, sentences, header;
* :mod:`.lexicon` — the words: months, numbers, zones, agencies, classes, names, cues;
* :mod:`.attribution` — who says each sentence, and whether a clause is about this
  launch (past events, comparisons, hypotheticals, other actors, the headline);
* :mod:`.times` — the report's date, this launch's day, launch instants in UTC and local
  time (zones from the text, the agency or the dateline; Pyongyang's UTC+8:30 of
  2015-2018; weekdays and midnight crossings both ways);
* :mod:`.quantities` — distances, apogees, flight times, counts in every wire form;
* :mod:`.places` — state, site (the most specific place wins), landing, bearing;
* :mod:`.kinds` — class, name and outcome of this launch;
* :mod:`.checks` — the report's own ordinal and "first since" claims, checked against a
  register's rounds;
* :mod:`.draft` — reconciliation, claims, flags, the event.

A field not found stays empty: nothing is guessed.  Reading is linear in the report's
length; a report may be at most :data:`MAX_REPORT_CHARS` characters.
"""

from .draft import FIELDS, MAX_REPORT_CHARS, Draft, Extracted, ingest_text

__all__ = ["FIELDS", "MAX_REPORT_CHARS", "Draft", "Extracted", "ingest_text"]
