"""Importers for saved copies of official travel-advisory feeds.

Four issuers publish machine-readable advice: the US State Department (RSS and a JSON
API), the UK FCDO (GOV.UK Content API JSON), Global Affairs Canada (open-data JSON) and
Australia's Smartraveller (RSS and a JSON export).  The modules here read *files* a person
saved from those feeds (never the network) and turn them into ``[[advisory]]`` records as
described in ``resources/content/README.md``.

A record is a plain ``dict`` with the keys in ``RECORD_KEYS``.  Every problem with a file
raises ``FeedError`` with a one-line message that names the file and what is wrong.

Entry points: ``desktop.feeds.importer.import_file`` / ``detect_format`` / ``to_toml`` and
the ``feeds`` sub-command in ``desktop.feeds.cli``.  Nothing here imports Qt.
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

from desktop.errors import UserFacingError

__all__ = ["FeedError", "Parsed", "RECORD_KEYS", "ISSUERS", "make_advisory"]

ISSUERS = ("US", "UK", "CA", "AU")

RECORD_KEYS = (
    "id", "country", "issuer", "issuer_level", "issuer_label", "level", "regional",
    "issued_on", "summary", "body", "url", "source", "checked_on",
)


# The saved-file formats the importers read (desktop.feeds.importer.FORMATS maps each to
# its parser; kept here too so the command line can list them without loading parsers).
FORMAT_NAMES = ["us-rss", "us-json", "uk-json", "ca-json", "au-rss", "au-json"]


class FeedError(UserFacingError):
    """A saved feed file cannot be imported; the message says which file and why."""


class Parsed(NamedTuple):
    """What a format parser found: the records, and notes on items it left out on purpose."""

    records: list[dict]
    skipped: list[str]


def make_advisory(
    *, country: str, issuer: str, issuer_level: str, issuer_label: str, level: int,
    issued_on: _dt.date, summary: str, body: str, url: str | None, source: str,
    regional: bool = False, checked_on: _dt.date | None = None,
) -> dict:
    """Build one advisory record with a stable id ``{cc}-{issuer}-feed`` (lower case).

    The id deliberately leaves out the date: a newer copy of the same feed replaces the
    record instead of adding a second one, so user data that refers to it stays valid.
    """
    if issuer not in ISSUERS:
        raise ValueError(f"unknown issuer {issuer!r}")
    if not (isinstance(level, int) and 1 <= level <= 4):
        raise ValueError(f"level {level!r} is outside 1-4")
    return {
        "id": f"{country.lower()}-{issuer.lower()}-feed",
        "country": country,
        "issuer": issuer,
        "issuer_level": issuer_level,
        "issuer_label": issuer_label,
        "level": level,
        "regional": bool(regional),
        "issued_on": issued_on,
        "summary": summary,
        "body": body,
        "url": url,
        "source": source,
        "checked_on": checked_on or _dt.date.today(),
    }
