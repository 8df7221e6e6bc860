"""The report's own claims about this launch's place in the record, and their check
against a register.

Read (English, Korean, Japanese):

* ordinals: ``the fourth round of launches this year``, ``its 12th show of force this
  year``, ``the fifth ICBM launch this year`` (of a class), ``its first launch of the
  year``, ``its fifth ballistic missile launch in 10 days``, ``올해 들어 세 번째``, ``열흘 사이
  다섯 번째``, ``今年に入って4回目``;
* firsts since: ``the first since Nov. 28``, ``the first ICBM launch since November
  2017``, ``the first full test of an ICBM since 2017``, ``the first since a Hwasong-18
  test in July``, ``2017년 9월 ... 이후 5년 만``, ``2017年9月以来``.  A claim with a condition
  (``the first time since 2017 that a missile has flown over Japan``) is read but cannot
  be checked against rounds.

Checked (:func:`check_claims`) with the register's own round numbering
(:meth:`launchwatch.register.Register.round_number`): an ordinal of the year against
this launch's round number (the number the round has if stored, else the number of the
round before it plus one); an ordinal of a class against the rounds of that class of
the year; one over N days against the rounds of those days; a first-since against the
register's previous round (of that class).  A disagreement is flagged, with both
numbers.
"""

from __future__ import annotations

from .claims import RoundClaim, read_round_claims
from .compare import check_claims

__all__ = ["RoundClaim", "check_claims", "read_round_claims"]
