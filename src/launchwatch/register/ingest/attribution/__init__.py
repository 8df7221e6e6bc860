"""Who said each thing, and whether it is said of this launch.

**Sources.**  An agency named in a sentence next to a verb of saying (``said``,
``according to``, ``밝혔다``, ``によると``) is that sentence's source; a figure takes the
nearest such agency of its sentence.  A sentence without one continues the statement of
the sentence before it in the same paragraph (``It reached an altitude of 3,700 km.``,
``he said``); one whose speaker is named but unknown (``a South Korean official said``)
has no agency.  A release's issuer (``Ministry of Defense`` over a Japan MoD release,
``[합참 공지]``, ``[JCS Press Release]``) speaks where no one else does, and the outlet of
the dateline (``(Yonhap)``, ``(서울=연합뉴스)``, ``【ソウル時事】``) carries the report.

**Context.**  Each sentence is cut into clauses at the words that introduce another event
(``hours after``, ``, when``, ``than``, ``in response to``, ``days before``); a clause is
*not about this launch* when it holds

* a date, month or year before this launch's day, or another day of the week than this
  launch's (``Late Sunday`` in a story of Monday's launch), or a past marker (``last
  month``, ``previous``, ``had launched``, ``지난달``, ``昨年``, ``前回``);
* another actor's action (``in response``, ``drills``, ``fighter jets``, an exhibition);
* or, for figures only, a hypothetical (``could``, ``may``, ``if fired on a normal
  trajectory``, ``range of``, ``가능성``, ``通常の軌道であれば``).

A main clause holding such a marker takes the whole sentence with it (``In the first
Hwasong-14 test, on July 4, the missile flew 933 km ...``).  The headline is kept apart:
its figures are used only where the body gives none.
The package is split by concern: :mod:`.sources` (who says it) and :mod:`.context`
(whether it is said of this launch).
"""

from .context import Context, Verdict
from .sources import Said, Sources

__all__ = ["Context", "Said", "Sources", "Verdict"]
