"""Import a saved feed file: detect its format, parse it all-or-nothing, write TOML.

``import_file`` either returns every advisory in the file or raises ``FeedError``; it never
returns part of a file.  Items that are not country advisories (State's "Worldwide
Caution"), destinations without an ISO 3166 code (Kosovo) and Smartraveller's
"No travel advice" are left out on purpose; ``import_feed`` also returns notes on them.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from desktop.feeds import RECORD_KEYS, FeedError, Parsed, canada, gov_uk, smartraveller, us_state
from desktop.feeds._load import load_json
from desktop.feeds.countries import is_iso2
from desktop.feeds.sources import source_records
from desktop.fsutil import FileReadError, read_regular

MAX_BYTES = 64 * 1024 * 1024

FORMATS: dict[str, Callable[[bytes, str, dt.date | None], Parsed]] = {
    "us-rss": us_state.parse_rss,
    "us-json": us_state.parse_json,
    "uk-json": gov_uk.parse,
    "ca-json": canada.parse,
    "au-rss": smartraveller.parse_rss,
    "au-json": smartraveller.parse_json,
}


# What a FileReadError's reason means for a feed file.
_WHY = {
    "missing": "file not found",
    "folder": "is a folder, not a feed file",
    "too-large": f"file is larger than {MAX_BYTES // 2**20} MB; not a feed",
    "not-regular": "not a regular file (a device, FIFO or socket); save the feed to a "
                   "file first",
    "permission": "permission denied when reading the file",
}


def _read(path: str | os.PathLike) -> tuple[bytes, str]:
    """A feed file's bytes; only a regular file of at most ``MAX_BYTES`` is read (a
    device such as /dev/zero or a FIFO is refused at once)."""
    p = Path(path)
    name = p.name or str(p)
    if not os.fspath(path):
        raise FeedError("no feed file name was given")
    try:
        return read_regular(p, MAX_BYTES, what="feed file"), name
    except FileReadError as exc:
        why = _WHY.get(exc.reason, f"cannot read the file ({exc})")
        raise FeedError(f"{name}: {why}") from None


def sniff(data: bytes, name: str) -> str:
    """The format name for feed bytes; FeedError if it is none of the six."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise FeedError(f"{name}: the file is empty")
    if re.match(rb"(?i)<!doctype html|<html", head):
        raise FeedError(f"{name}: a web page (HTML), not a feed; the site may have shown a "
                        f"bot-check page instead of the feed")
    if head[:1] == b"<":
        if smartraveller.NAMESPACE.encode() in head or b"smartraveller.gov.au" in head:
            return "au-rss"
        if b"<rss" in head and (b"travel.state.gov" in head or b"Threat-Level" in head):
            return "us-rss"
        if b"<rss" in head:
            raise FeedError(f"{name}: an RSS feed, but not recognisably the State Department's "
                            f"or Smartraveller's; pass --format us-rss or au-rss")
        raise FeedError(f"{name}: XML, but not an RSS feed this importer knows")
    if head[:1] not in (b"[", b"{"):
        raise FeedError(f"{name}: neither XML nor JSON; is this a saved web page?")
    doc = load_json(data, name)
    if doc == []:
        raise FeedError(f"{name}: an empty JSON array (the State Department API sometimes "
                        f"answers with an empty list); save the feed again later")
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        if "Title" in doc[0] or "Link" in doc[0]:
            return "us-json"
        if any(k.startswith("field_") for k in doc[0]):
            return "au-json"
    if isinstance(doc, dict):
        kind = str(doc.get("schema_name") or doc.get("document_type") or "")
        if kind.startswith("travel_advice"):
            return "uk-json"
        if isinstance(doc.get("data"), dict):
            return "ca-json"
    raise FeedError(f"{name}: JSON, but not one of the known advisory feeds; pass --format")


def detect_format(path: str | os.PathLike) -> str:
    """Sniff a file: one of ``FORMATS`` (us-rss, us-json, uk-json, ca-json, au-rss, au-json)."""
    data, name = _read(path)
    return sniff(data, name)


def _countries(countries: Iterable[str] | None) -> set[str] | None:
    if countries is None:
        return None
    wanted = {c.strip().upper() for c in countries}
    for code in sorted(wanted):
        if not is_iso2(code):
            raise FeedError(f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return wanted


def import_feed(path: str | os.PathLike, *, fmt: str | None = None,
                checked_on: dt.date | None = None,
                countries: Iterable[str] | None = None) -> Parsed:
    """Like ``import_file`` but also returns the notes on items left out on purpose."""
    today = dt.date.today()
    checked_on = checked_on or today
    if checked_on > today:
        raise FeedError(f"checked-on date {checked_on} is in the future")
    wanted = _countries(countries)
    data, name = _read(path)
    if fmt is None:
        fmt = sniff(data, name)
    elif fmt not in FORMATS:
        raise FeedError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    records, skipped = FORMATS[fmt](data, name, checked_on)
    seen: dict[str, dict] = {}
    for rec in records:
        if set(rec) != set(RECORD_KEYS):
            raise AssertionError(f"record keys {sorted(rec)}")  # a bug, not the file's fault
        if rec["id"] in seen:
            raise FeedError(f"{name}: {rec['country']} appears more than once in the file")
        seen[rec["id"]] = rec
    if wanted is not None:
        records = [r for r in records if r["country"] in wanted]
        if not records:
            raise FeedError(f"{name}: no advisory for {', '.join(sorted(wanted))} in this file")
    if not records:
        raise FeedError(f"{name}: no country advisories found"
                        + (f" ({len(skipped)} items left out)" if skipped else ""))
    return Parsed(records, skipped)


def import_file(path: str | os.PathLike, *, fmt: str | None = None,
                checked_on: dt.date | None = None,
                countries: Iterable[str] | None = None) -> list[dict]:
    """All advisory records in a saved feed file, or FeedError (never part of a file).

    *fmt* is one of ``FORMATS`` (sniffed when None); *checked_on* defaults to today;
    *countries* limits the result to those ISO alpha-2 codes.
    """
    return import_feed(path, fmt=fmt, checked_on=checked_on, countries=countries).records


# --- TOML -----------------------------------------------------------------------------

_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


def _esc_char(ch: str, multiline: bool) -> str:
    if multiline and ch in "\n\t":
        return ch
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return f"\\u{ord(ch):04X}"
    return ch


def toml_string(text: str, multiline: bool = False) -> str:
    """A TOML basic string (or multi-line basic string) holding *text* exactly."""
    body = re.sub(r'["\\\x00-\x1f\x7f]', lambda m: _esc_char(m.group(), multiline), text)
    return f'"""\n{body}"""' if multiline else f'"{body}"'


def toml_value(value: object, multiline: bool = False) -> str:
    """TOML for a str, bool, int or date."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return toml_string(value, multiline and "\n" in value)
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _table(kind: str, record: dict, keys: Iterable[str]) -> str:
    lines = [f"[[{kind}]]"]
    for key in keys:
        value = record.get(key)
        if value is not None:
            lines.append(f"{key} = {toml_value(value, multiline=key == 'body')}")
    return "\n".join(lines) + "\n"


SOURCE_KEYS = ("id", "publisher", "title", "url", "retrieved_on", "licence")


def to_toml(records: list[dict], sources: list[dict] | None = None) -> str:
    """``[[source]]`` tables then ``[[advisory]]`` tables, as text for the content folder.

    *sources* defaults to the feed sources the records use (``sources.source_records``).
    The ``[[source]]`` tables belong in ``sources.toml``, the rest in ``advisories.toml``.
    """
    if sources is None:
        sources = source_records(records)
    parts = ["# Written by `safe-passage feeds import`. Move the [[source]] tables to "
             "sources.toml\n# and the [[advisory]] tables to advisories.toml.\n"]
    parts += [_table("source", s, SOURCE_KEYS) for s in sources]
    parts += [_table("advisory", r, RECORD_KEYS) for r in records]
    return "\n".join(parts)
