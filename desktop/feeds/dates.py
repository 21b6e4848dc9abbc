"""Dates as the feeds write them, reduced to the issuer's *local* calendar date.

Every feed gives a time with a zone (or no time at all).  The record keeps the calendar
date as the issuer wrote it: converting "2022-09-27T20:00:00-04:00" to UTC would move the
advisory to the 28th.  Zones are still parsed (and unknown ones refused) so that the
aware datetime is available to callers that want it.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}

# Zone abbreviations seen in the feeds (Smartraveller uses Australian ones).
ZONES = {
    "AEDT": 11 * 60, "AEST": 10 * 60, "ACDT": 10 * 60 + 30, "ACST": 9 * 60 + 30,
    "AWST": 8 * 60, "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
    "EST": -5 * 60, "EDT": -4 * 60, "CST": -6 * 60, "CDT": -5 * 60,
    "MST": -7 * 60, "MDT": -6 * 60, "PST": -8 * 60, "PDT": -7 * 60,
}

_RFC822 = re.compile(
    r"^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([+-]\d{4}|[A-Za-z]{1,5}))?)?\s*$"
)


def parse_rfc822(text: str) -> dt.datetime | dt.date:
    """Parse an RSS date such as "Tue, 27 Sep 2022 14:00:00 -0400" or "Tue, 08 Sep 2026".

    Also accepts Australian zone names ("27 Mar 2025 23:00:00 AEDT").  Returns an aware
    datetime, or a date if the text has no time.  Raises ValueError on anything else.
    """
    m = _RFC822.match(text or "")
    if not m:
        raise ValueError(f"not an RSS date: {text!r}")
    day, mon, year, hh, mm, ss, zone = m.groups()
    month = MONTHS.get(mon.lower())
    if month is None:
        raise ValueError(f"unknown month in {text!r}")
    date = dt.date(int(year), month, int(day))
    if hh is None:
        return date
    if zone is None:
        offset = 0
    elif zone[0] in "+-":
        offset = (int(zone[1:3]) * 60 + int(zone[3:5])) * (1 if zone[0] == "+" else -1)
    elif zone.upper() in ZONES:
        offset = ZONES[zone.upper()]
    else:
        raise ValueError(f"unknown time zone {zone!r} in {text!r}")
    tz = dt.timezone(dt.timedelta(minutes=offset))
    return dt.datetime(date.year, date.month, date.day, int(hh), int(mm), int(ss or 0),
                       tzinfo=tz)


def parse_iso(text: object) -> dt.datetime | dt.date:
    """Parse ISO 8601 ("2022-09-27T20:00:00-04:00", "2022-09-27T09:00:00.000+01:00",
    "2022-09-27" or "2022-09-27 14:00:00").  Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError(f"not a date: {text!r}")
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    return dt.datetime.fromisoformat(text.replace(" ", "T", 1))


_DRUPAL = re.compile(r"^\s*(?:[A-Za-z]{3},\s*)?(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}.*)?$")


def parse_any(text: str) -> dt.datetime | dt.date:
    """ISO 8601, RFC 822, or Drupal-style "Fri, 2025-11-14 14:22"."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty date")
    m = _DRUPAL.match(text)
    if m:
        return dt.date.fromisoformat(m.group(1))
    try:
        return parse_iso(text)
    except ValueError:
        return parse_rfc822(text)


def local_date(value: dt.datetime | dt.date) -> dt.date:
    """The calendar date in the zone the value was written in (never converted to UTC)."""
    return value.date() if isinstance(value, dt.datetime) else value
