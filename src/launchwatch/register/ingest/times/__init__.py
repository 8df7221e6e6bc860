"""Dates, clock times and zones: the report's date, this launch's day, and every launch
instant in UTC and in local time, each with its text span.

**The report's date** comes from the caller (``report_date``), else the dateline
(``SEOUL, Oct. 4 (Yonhap) --``; a dateline without a year takes the year of a timestamp
above it, ``All News 08:41 October 04, 2022``), else the first full date of the header
(``Published On 31 May 2023``, ``송고시간 2022-10-04``, ``令和5年4月13日``), else the
launch's own full date in the first sentences.  Nothing else is guessed: a dateline
without a year and no other date leaves the report undated (give ``report_date``).

**Days.**  Weekdays resolve to the nearest such day from five days before the report's
date to one day after it (a report dated Wednesday in Washington may tell of "early
Thursday" in Korea; "last Thursday" is always before); dates without a year to the
latest such date no later than two days after the report's; a Korean ``4일`` or
Japanese ``4日`` (the day of the month only) to the latest such day no later than one day
after it; ``today``/``오늘``/``本日``, ``yesterday``/``어제``/``昨日``, ``同日``/``이날`` (the
same day as the date before) as written.  *This launch's day* is the day its first
sentence of launch gives (not a day of saying: "KCNA said on Wednesday"), else the day
of its first dated launch time, else the report's date.

**Clock times** (``8:10am``, ``7:23 a.m.``, ``2240 GMT``, ``noon``, ``오전 7시 23분께``,
``새벽 3시 17분``, ``06시 14분경``, ``午前7時22分ごろ``, ``22時44分頃``) are read with their zone:
the zone written beside them (KST, JST, GMT/UTC, ``Seoul time``, ``Pyongyang time``,
``local time``, ``한국시간``, ``日本時間``, ``GMT+9``); else the zone of the agency the
sentence quotes (JCS, Yonhap: Seoul; Japan's ministry, NHK, Kyodo: Tokyo; KCNA:
Pyongyang, which was UTC+8:30 from 2015-08-15 to 2018-05-04 — zoneinfo knows it); else
the report's language (Korean: Seoul; Japanese: Tokyo); else the dateline's zone; else
Seoul, flagged.  "Local time" is the dateline's zone in Korea or Japan, else the launch
site's (Pyongyang).

A time is a *launch* time when the nearest word of its clause is one of launching
(``launched``, ``fired``, ``lifted off``, ``detected``, ``발사``, ``発射``) and not of
landing (``came down at 11:23``, ``落下``), orbit, overflight, radar loss, alerts,
statements or another actor's response; in Korean and Japanese the verb after the time
decides.  A time in parentheses after another (``8:10am (23:10 GMT on Wednesday)``) is
the same moment; one whose own day is not given takes it from its partner.  Times joined
as a range (``between 8:10am and 9:20am``, ``9시 20분께까지``, ``8時22分ごろにかけて``) run
forwards: the end of a window across midnight is on the next day.  A launch time on
another day than this launch's is another round's and is left out (flagged).

The package is split by concern: :mod:`.model` (what is found, zones, clock arithmetic),
:mod:`.patterns`, :mod:`.dates` (the report's date, day phrases), :mod:`.clocks` (clock
times and their days), :mod:`.launches` (this launch's day, roles, launch instants) and
:mod:`.reader` (:class:`TimeReader`, which joins them).
"""

from .model import SITE_ZONE, Clock, DayRef, LaunchTime, ReportDate, zone_info
from .reader import TimeReader

__all__ = ["SITE_ZONE", "Clock", "DayRef", "LaunchTime", "ReportDate", "TimeReader", "zone_info"]
